//! Partner finding grades evidence by kind: a named initiative, biobank or membership before a
//! policy or strategy statement, before a ticked topic or a code, before a sentence of prose,
//! whatever the order profiles come in and however long the sentence that states it.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn a_ticked_topic_never_outranks_a_named_initiative_for_the_same_ask() {
    let asker = region("DEG", "Thuringia", Some("biobanks"));
    let mut ticked = region("AT13", "Wien", None);
    ticked.policy_topics = vec![PolicyTopic { topic: None, text: Text::new("Biobanks and registries").unwrap() }];
    let mut named = region("MT", "Malta", None);
    initiative(&mut named, "Centre for Molecular Medicine and Biobanking");
    let mut described = region("EE", "Estonia", None);
    described.description =
        vec![Text::new("Estonia has a population-based biobank among many other strengths.").unwrap()];
    // Every order of the candidates: the named initiative first, the sentence of prose last.
    for order in [[1, 2, 3], [3, 2, 1], [2, 3, 1]] {
        let mut all = vec![asker.clone()];
        for i in order {
            all.push([&ticked, &named, &described][i - 1].clone());
        }
        all.extend(others());
        let ps: Vec<&Profile> = all.iter().collect();
        let m = Matcher::new(&ps);
        assert_eq!(codes(&m, &ps, 0), ["MT", "AT13", "EE"]);
    }
}

/// A strategy statement is a claim for each field it lists, however many: a long sentence of
/// smart-specialisation priorities (Sydsverige's names seven) answers an ask before a ticked
/// topic does, as its kind's grade says. (With BM25's usual length normalisation, b = 0.75,
/// such a sentence counted for less than the ticked box: 0.6 × 0.51 against 0.35 × 1.16.)
#[test]
fn a_long_strategy_statement_outranks_a_ticked_topic() {
    let asker = region("PL51", "Dolnośląskie", Some("artificial intelligence"));
    let mut stated = region("SE22", "Sydsverige", None);
    stated.description = vec![Text::new(
        "The smart specialisation priorities of the region build on a strong tech industry, which has industrial leadership in artificial intelligence, Internet of things, 5G, connectivity, image recognition, big data and gaming, but also on a strong creative media industry, which is essential for digital transformation.",
    )
    .unwrap()];
    let mut ticked = region("DEG", "Thuringia", None);
    ticked.policy_topics = vec![PolicyTopic { topic: None, text: Text::new("Artificial intelligence").unwrap() }];
    for order in [[1, 2], [2, 1]] {
        let mut all = vec![asker.clone()];
        all.extend(order.map(|i| [&stated, &ticked][i - 1].clone()));
        all.extend(others());
        let ps: Vec<&Profile> = all.iter().collect();
        let m = Matcher::new(&ps);
        assert_eq!(codes(&m, &ps, 0), ["SE22", "DEG"]);
        let found = m.partners(0, None, 2);
        assert!(
            found[0].reasons[0].contains("writes of its smart-specialisation priorities"),
            "{:?}",
            found[0].reasons
        );
    }
}

/// "Policy document PM@RIS3: Yes", with no note, is a strategy statement that personalised
/// medicine is in the region's smart-specialisation strategy: good evidence of it, after a
/// named centre, and said in the atlas's words, not quoted as the page's.
#[test]
fn pm_in_the_strategy_is_a_statement() {
    let asker = region("SE22", "Sydsverige", Some("personalised medicine"));
    let mut flagged = region("MT", "Malta", None);
    flagged.pm_ris3 = Some(Flag { value: true, note: None });
    let mut named = region("PT16", "Centro", None);
    initiative(&mut named, "Centre for Precision Medicine");
    let mut no = region("PL51", "Dolnośląskie", None);
    no.pm_ris3 = Some(Flag { value: false, note: None });
    let all = [vec![asker, flagged.clone(), named, no], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["PT16", "MT"]);
    let found = m.partners(0, None, 5);
    assert_eq!(
        found[1].reasons[0],
        "Sydsverige seeks personalised medicine: Malta has personalised medicine in its smart-specialisation \
         strategy (PM@RIS3: yes; good evidence)."
    );
    let page = topic_evidence(&flagged, "personalised_medicine").expect("the topic page reads it too");
    assert_eq!(
        page.phrase(),
        "has personalised medicine in its smart-specialisation strategy (PM@RIS3: yes) (good evidence)"
    );
}
