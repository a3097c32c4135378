//! Hand-made regions for the partner-finding tests.

use pmatlas_core::matching::Matcher;
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::*;

pub fn region(code: &str, name: &str, seeks: Option<&str>) -> Profile {
    let mut p = Profile::new(NutsCode::parse(code).unwrap(), Text::new(name).unwrap());
    if let Some(s) = seeks {
        p.collaboration = Some(Collaboration::new(Some(true), Text::new(s), vec![], vec![]));
    }
    p
}

pub fn initiative(p: &mut Profile, name: &str) {
    p.initiatives.push(format::initiative(Some(p.initiatives.len() as u32 + 1), name).unwrap());
}

pub fn policy(p: &mut Profile, title: &str) {
    let title = Text::new(title).unwrap();
    p.policy_documents.push(PolicyDocument { number: None, prefix: None, level: None, title });
}

/// Its group of the Regional Innovation Scoreboard (2021).
pub fn group(p: &mut Profile, tier: Tier) {
    p.key_figures.innovation = Some(Innovation {
        edition: Some(2021),
        groups: vec![AreaGroup { area: None, group: Group { tier, modifier: None } }],
    });
}

pub fn member(p: &mut Profile, id: &str, answer: MembershipAnswer) {
    p.set_membership(Membership { network: NetworkId::from_id(id).unwrap(), answer, note: None });
}

/// Regions with nothing to do with any ask, so that the words of the others are rare.
pub fn others() -> Vec<Profile> {
    (0..6)
        .map(|i| {
            let mut p = region(&format!("PT1{i}"), &format!("Other {i}"), None);
            p.description = vec![Text::new("Tourism, wine and a long coastline.").unwrap()];
            p
        })
        .collect()
}

pub fn codes(m: &Matcher, ps: &[&Profile], a: usize) -> Vec<String> {
    m.partners(a, None, 10).iter().map(|x| ps[x.index].code.to_string()).collect()
}

/// What the topic pages say of `p` for `topic`: its strongest evidence, if any.
pub fn topic_evidence(p: &Profile, topic: &str) -> Option<pmatlas_core::matching::Evidence> {
    let ev = pmatlas_core::matching::evidence(p);
    ev.strengths.iter().find(|s| s.topic.id() == topic).map(|s| s.evidence(p))
}
