//! `parse(render(p)) == p` for any profile, and JSON round trips.

use pmatlas_core::{json, parse, render, synth};
use proptest::prelude::*;

fn assert_text_round_trip(p: &pmatlas_core::Profile) -> Result<(), TestCaseError> {
    let text = render(p);
    let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(&back.profile, p, "canonical text:\n{}", text);
    // The canonical form is a fixed point and reads without warnings it did not have.
    prop_assert_eq!(render(&back.profile), text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn text_round_trip(index in 0usize..20_000, seed in any::<u64>()) {
        assert_text_round_trip(&synth::profile(index, seed))?;
    }

    #[test]
    fn json_round_trip(index in 0usize..20_000, seed in any::<u64>()) {
        let p = synth::profile(index, seed);
        let back = json::from_json(&json::to_json(&p)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, vec![p]);
    }
}

#[test]
fn generated_profiles_are_distinct_regions() {
    let codes: std::collections::HashSet<_> = (0..12_000).map(synth::code).collect();
    assert_eq!(codes.len(), 12_000);
}

#[test]
fn generator_covers_the_model() {
    // The property test is only as good as the variety of its inputs.
    let ps = synth::profiles(500, 7);
    let any = |f: &dyn Fn(&pmatlas_core::Profile) -> bool| ps.iter().any(f);
    assert!(any(&|p| p.key_figures.innovation.as_ref().is_some_and(|i| i.groups.len() > 1)));
    assert!(any(&|p| p.memberships.iter().any(|m| m.note.is_some())));
    assert!(any(&|p| { p.memberships.iter().any(|m| m.answer == pmatlas_core::MembershipAnswer::Unanswered) }));
    assert!(any(&|p| p.collaboration.as_ref().is_some_and(|c| !c.partners.is_empty())));
    assert!(any(&|p| p.collaboration.as_ref().is_some_and(|c| c.seeking.is_none())));
    assert!(any(&|p| p.policy_documents.iter().any(|d| d.number.is_none())));
    assert!(any(&|p| p.policy_documents.iter().any(|d| d.prefix.is_none())));
    assert!(any(&|p| p.initiatives.iter().any(|i| i.url.is_some())));
    assert!(any(&|p| p.initiatives.iter().any(|i| i.network.is_some())));
    assert!(any(&|p| !p.extras.is_empty()));
    assert!(any(&|p| p.national_level));
    assert!(any(&|p| p.support_measures.iter().any(|m| m.level.is_none())));
    assert!(any(&|p| p.policy_topics.iter().any(|t| t.topic.is_none())));
    assert!(any(&|p| !p.self_evaluation.is_empty()));
    assert!(any(&|p| p.origin.edition.is_some_and(|e| e.stated)));
    assert!(any(&|p| p.origin.edition.is_none()));
    assert!(any(&|p| p.origin.incomplete.is_some()));
    assert!(any(&|p| !p.origin.carried.is_empty()));
}

#[test]
fn a_support_measure_line_reads_back_as_the_measure() {
    use pmatlas_core::format::{support_measure, support_measure_line};
    let mut seen = 0;
    let mut ps = synth::profiles(300, 9);
    ps.push(parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile);
    for m in ps.iter().flat_map(|p| &p.support_measures) {
        assert_eq!(support_measure(&support_measure_line(m)).as_ref(), Some(m), "{}", support_measure_line(m));
        seen += 1;
    }
    assert!(seen > 100);
    assert!(support_measure("Regional budget for bicycles").is_none(), "names no kind of measure");
}
