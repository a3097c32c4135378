//! What a region offers is not what it seeks: "we can offer expertise in biobanking and seek
//! partners in artificial intelligence" seeks AI only.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

/// A field the answer offers is no ask and no sought topic: a region with a biobank alone
/// answers nothing (it ends a short list as a region working in a field the asker works
/// in), and no reason says the asker seeks biobanks.
#[test]
fn what_a_region_offers_it_does_not_seek() {
    let line = "we can offer expertise in biobanking and seek partners in artificial intelligence";
    let asker = region("ITH5", "Emilia-Romagna", Some(line));
    let sought: Vec<&str> = asker.collaboration.as_ref().unwrap().topics.iter().map(|t| t.topic.id()).collect();
    assert_eq!(sought, ["artificial_intelligence"]);
    let mut bank = region("EE", "Estonia", None);
    initiative(&mut bank, "Estonian Biobank, population-based");
    let mut ai = region("IE06", "Eastern and Midland", None);
    initiative(&mut ai, "Artificial intelligence centre for medical imaging");
    let all = [vec![asker, bank, ai], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["IE06", "EE"]);
    let found = m.partners(0, None, 5);
    assert!(found[1].reasons[0].starts_with("Emilia-Romagna and Estonia both work on biobanks"), "{found:?}");
    let reasons: Vec<String> = found.into_iter().flat_map(|p| p.reasons).collect();
    assert!(reasons.iter().all(|r| !r.contains("seeks biobanks")), "{reasons:?}");
}

/// A partner's offer is what the region seeks: "partners who offer biobanking".
#[test]
fn what_partners_offer_is_sought() {
    let asker = region("ITH5", "Emilia-Romagna", Some("partners who offer biobanking"));
    let mut bank = region("EE", "Estonia", None);
    initiative(&mut bank, "Estonian Biobank, population-based");
    let all = [vec![asker, bank], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["EE"]);
}

/// What a region offers is evidence of it, in its own words: a region seeking it is told so,
/// with the offer quoted whole, and a region seeking nothing else is listed for it.
#[test]
fn what_a_region_offers_answers_who_seeks_it() {
    let line = "we can offer expertise in biobanking and we seek partners in artificial intelligence";
    let asker = region("ITH5", "Emilia-Romagna", Some(line));
    let seeker = region("EE", "Estonia", Some("biobanks"));
    let all = [vec![asker, seeker], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let ee = found.iter().find(|f| ps[f.index].code.as_str() == "EE").expect("the region seeking biobanks");
    let want = "Estonia seeks biobanks, which Emilia-Romagna offers: Emilia-Romagna offers in its collaboration \
                answer “we can offer expertise in biobanking” (some evidence).";
    assert!(ee.reasons.iter().any(|r| r == want), "{:?}", ee.reasons);
    // And Estonia, asking, finds it by that offer.
    let back = m.partners(1, None, 5);
    assert_eq!(back.first().map(|f| ps[f.index].code.as_str()), Some("ITH5"));
}

/// The topic pages read an offer as partner finding does: evidence of the field, graded as a
/// tick, quoted whole and linked to the profile's collaboration section.
#[test]
fn a_topic_page_reads_an_offer() {
    let p = region("ITH5", "Emilia-Romagna", Some("we can offer expertise in biobanking; we seek AI"));
    let e = topic_evidence(&p, "biobanks").expect("the offer is evidence of biobanks");
    assert_eq!(
        e.phrase(),
        "offers it in its collaboration answer: “we can offer expertise in biobanking” (some evidence)"
    );
    assert_eq!(e.section(), "collab-h");
    assert!(topic_evidence(&p, "artificial_intelligence").is_none(), "what it seeks is no evidence");
}

/// An offer that names no field ("where we can offer our expertise") offers what its clause
/// names before it: biobanking is not sought, and a region seeking biobanks is told so.
#[test]
fn an_offer_after_what_it_offers() {
    let line = "Biobanking, where we can offer our expertise; we seek partners in artificial intelligence";
    let asker = region("ITH5", "Emilia-Romagna", Some(line));
    let sought: Vec<&str> = asker.collaboration.as_ref().unwrap().topics.iter().map(|t| t.topic.id()).collect();
    assert_eq!(sought, ["artificial_intelligence"]);
    let seeker = region("EE", "Estonia", Some("biobanks"));
    let all = [vec![asker, seeker], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(1, None, 5);
    let want = "Estonia seeks biobanks: Emilia-Romagna offers in its collaboration answer “Biobanking, where we \
                can offer our expertise” (some evidence).";
    assert!(found.first().is_some_and(|f| f.reasons.iter().any(|r| r == want)), "{found:?}");
}
