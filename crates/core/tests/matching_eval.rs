//! Partner finding by words alone against the graded labelled set (`eval/`): for regions
//! of the shared corpus, the partners a reader of the documents would suggest, 2 = strong
//! (the documents show what the asker seeks), 1 = partial, unlisted = none. Prints, per
//! asker and on average, precision@5 (grade ≥ 1), strict precision@5 (grade 2) and nDCG@10,
//! beside the same figures for random order (averaged over 2,000 shuffles), and the share of
//! quoted evidence that stands, word for word, in the candidate's document, and reasons
//! precision: the share of the top 5's reasons judged true and relevant against the
//! documents (`eval/reasons-judged.csv`). Runs when the shared corpus is present.

mod common;
mod eval;

use pmatlas_core::matching::Matcher;
use pmatlas_core::Profile;

#[test]
fn ranking_on_the_graded_set() {
    let Some(dir) = common::corpus_dir() else { return };
    let (profiles, texts) = eval::corpus(&dir);
    let refs: Vec<&Profile> = profiles.iter().collect();
    let s = eval::evaluate("lexical", &Matcher::new(&refs), &refs, &texts);
    assert_eq!(s.standing, s.quotes, "every quote stands in its document");
    // Measured when the labels were written: nDCG@10 0.90 (random 0.67), strict p@5 0.31
    // (random 0.19), one asker (PL51) just below random order; 0.926 since a network's name
    // gives its field the network's grade; 0.936, and none below random order, since a sentence
    // going on with a statement of S3 priorities is one too (PL51's strong partner writes of
    // AI and big data in the sentence after its S3 priorities); 0.939 since a field named as
    // what another is for counts for half (PL51 seeks AI for personalisation: Thuringia, with AI
    // among its codes, passed Lithuania, with personalised medicine alone).
    assert!(s.ndcg >= 0.93, "nDCG@10 {:.3} has fallen towards random order", s.ndcg);
    assert!(s.strict > s.random.1 + 0.1, "strict precision@5 {:.3} is near random order", s.strict);
    assert!(s.worse.is_empty(), "askers ranked below random order: {:?}", s.worse);
    // Reasons precision: of the top 5's reasons, judged against the documents
    // (`eval/reasons-judged.csv`), 55 of 76 true and relevant, 21 vague, none false when
    // judged; 58 of 72 since experience is claimed only in what is sought for itself (four
    // claims of experience in the purpose of the AI Dolnośląskie seeks are no longer made);
    // 59 of 74 since a Horizon 2020 action named is a Horizon 2020 project (Lithuania, seeking
    // Horizon projects, finds Flanders' SAPHIRe and Dolnośląskie's Regions4PerMed: nDCG@10
    // 0.956 → 0.959); 59 of 71 since a network of another kind answering an example ("Horizon
    // projects and similar": CEBR) is no experience claimed (Sydsverige, whose points for
    // Lithuania rested on it, leaves the top 5 to Grand Est, in EIT Health: p@5 0.686 → 0.714);
    // nDCG@10 0.960 → 0.959 since a sentence naming the major initiatives is graded as them
    // (Dolnośląskie's Regions4PerMed, strong: Lithuania, unlabelled, seeking Horizon projects,
    // passes Thuringia in Dolnośląskie's list by what Dolnośląskie offers it); p@5 0.743, nDCG@10
    // 0.965 and 61 of 72 since a French university-hospital institute (IHU) is translational
    // research (Grand Est's IHU Strasbourg, a partial partner of Norway seeking EATRIS, enters
    // its top 5); 61 of 71 since food as an industry ("Agri-food") is no nutrition (Grand Est's
    // own fields, by which it is matched, are the rarer for it: a vague reason gives way).
    assert_eq!(s.reasons[3], 0, "reasons not judged yet (printed above, to be read against the documents)");
    assert_eq!(s.reasons[2], 0, "false reasons");
    assert!(s.reasons_precision() >= 0.84, "reasons precision {:.2}", s.reasons_precision());
}
