//! "Can bring experience in …" is claimed, and earns points, only for what a region seeks for
//! itself: evidence for the purpose of another ask ("personalisation", of the artificial
//! intelligence sought) is no experience in what is sought.

use pmatlas_core::matching::{Matcher, W_COMPLEMENT};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// The partner of a moderate innovator seeking AI for personalised medicine, a leader with
/// the initiatives given: its complementarity points and reasons.
fn leader_with(initiatives: &[&str]) -> (f32, Vec<String>) {
    let mut asker = region("PL51", "Dolnośląskie", Some("artificial intelligence for personalised medicine"));
    group(&mut asker, Tier::Moderate);
    let mut leader = region("SE22", "Sydsverige", None);
    group(&mut leader, Tier::Leader);
    for name in initiatives {
        initiative(&mut leader, name);
    }
    let mut all = vec![asker, leader];
    all.extend(others());
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 10);
    let x = found.into_iter().find(|x| x.index == 1).expect("the leader is found");
    (x.breakdown.complementarity, x.reasons)
}

#[test]
fn experience_is_claimed_in_what_is_sought_not_in_its_purpose() {
    // Evidence for the purpose alone: found (it counts for half), but no experience claimed.
    let (points, reasons) = leader_with(&["Centre for Precision Medicine"]);
    assert!(reasons[0].contains("the aim of the artificial intelligence it seeks"), "{reasons:?}");
    assert_eq!(points, 0.0, "{reasons:?}");
    assert!(!reasons.iter().any(|r| r.contains("can bring experience")), "{reasons:?}");
    // Evidence for what is sought: the experience claimed is in it, not in the purpose.
    let (points, reasons) = leader_with(&["Centre for Precision Medicine", "Artificial intelligence lab"]);
    assert_eq!(points, W_COMPLEMENT, "{reasons:?}");
    let claim = reasons.iter().find(|r| r.contains("can bring experience")).expect("a claim");
    assert!(claim.ends_with("can bring experience in artificial intelligence, which Dolnośląskie seeks."), "{claim}");
}
