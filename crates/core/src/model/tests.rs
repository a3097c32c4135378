//! The model's vocabulary, ratings and groups as built and ordered.

use super::*;

#[test]
fn self_evaluation_items_match_the_vocabulary() {
    let ids: Vec<_> = SelfEvaluationItem::ALL.iter().map(|i| i.id()).collect();
    assert_eq!(
        ids,
        [
            "implementation_level",
            "need_implementation",
            "need_funding",
            "need_skills",
            "genomics_literacy",
            "need_collaboration"
        ]
    );
    // The JSON field names are the vocabulary ids.
    let json = serde_json::to_value(SelfEvaluation::default()).unwrap();
    let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    let mut sorted_ids: Vec<_> = ids.iter().map(|s| s.to_string()).collect();
    sorted_ids.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, sorted_ids);
}

#[test]
fn ratings_are_ordered_and_parse() {
    assert!(Rating::VeryLow < Rating::Low && Rating::High < Rating::VeryHigh);
    assert_eq!(Rating::parse("Very  High"), Some(Rating::VeryHigh));
    assert_eq!(Rating::parse("medium"), Some(Rating::Medium));
    assert_eq!(Rating::parse("Mediocre"), None);
}

#[test]
fn group_rank_orders_modifiers() {
    let g = |tier, modifier| Group { tier, modifier };
    assert!(g(Tier::Strong, Some(Modifier::Minus)).rank() < g(Tier::Strong, None).rank());
    assert!(g(Tier::Strong, Some(Modifier::Plus)).rank() < g(Tier::Leader, Some(Modifier::Minus)).rank());
    assert_eq!(g(Tier::Moderate, Some(Modifier::Plus)).to_string(), "Moderate +");
    // Four groups: Modest is the older name of Emerging and ranks with it.
    assert_eq!(g(Tier::Modest, None).rank(), g(Tier::Emerging, None).rank());
    assert!(g(Tier::Emerging, Some(Modifier::Plus)).rank() < g(Tier::Moderate, Some(Modifier::Minus)).rank());
    assert_eq!(g(Tier::Leader, Some(Modifier::Plus)).rank(), 11);
    assert_eq!(Tier::Modest.group_label(), "Emerging (Modest)");
}
