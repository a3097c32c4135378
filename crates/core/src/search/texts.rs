//! What of a profile is searched: its free texts and names, and its prose by section (where
//! snippets come from).

use super::stems::spelling;
use crate::model::Profile;
use crate::vocab::vocab;

/// The prose of a profile, each text with the label of its section: what a result's snippet
/// is taken from.
pub(super) fn prose(p: &Profile) -> Vec<(&'static str, &str)> {
    let mut t: Vec<(&'static str, &str)> = Vec::new();
    t.extend(p.description.iter().map(|x| ("Description", x.as_str())));
    t.extend(p.health_profile.iter().map(|x| ("Health profile", x.as_str())));
    if let Some(c) = &p.collaboration {
        t.extend(c.texts().map(|x| ("Collaboration", x)));
        t.extend(c.partners.iter().map(|x| ("Partners", x.as_str())));
    }
    t.extend(p.policy_documents.iter().map(|d| ("Policy documents", d.title.as_str())));
    t.extend(p.policy_topics.iter().map(|x| ("Topics covered by policies", x.text.as_str())));
    for m in &p.support_measures {
        t.push(("Support measures", m.kind.label()));
        t.extend(m.detail.as_ref().map(|d| ("Support measures", d.as_str())));
    }
    t.extend(p.funding_programmes.iter().map(|x| ("Funding programmes", x.text.as_str())));
    for i in &p.initiatives {
        t.push(("Initiatives", i.name.as_str()));
        t.extend(i.description.as_ref().map(|d| ("Initiatives", d.as_str())));
    }
    t.extend(p.digital_innovation_hubs.iter().map(|x| ("Digital innovation hubs", x.as_str())));
    t.extend(p.represented_in.iter().map(|x| ("Represented in", x.text.as_str())));
    t
}

/// Every free text of a profile, for the full-text index.
pub(super) fn texts(p: &Profile) -> Vec<&str> {
    let mut t: Vec<&str> = vec![p.name.as_str(), p.code.as_str()];
    t.extend(p.country_name());
    // Its names in its own languages and in English (Thüringen, Thuringia), and its
    // country's (Deutschland).
    let v = vocab();
    t.extend(v.names_of(&p.code));
    if p.code.level() > 0 {
        if let Ok(country) = crate::nuts::NutsCode::parse(p.code.country()) {
            t.extend(v.names_of(&country));
        }
    }
    t.extend(p.websites.iter().map(|x| x.as_str()));
    t.extend(prose(p).into_iter().map(|(_, x)| x));
    // The networks it belongs to, by name and abbreviation ("ICPerMed" finds its members).
    for m in p.memberships.iter().filter(|m| m.answer.is_member()) {
        t.push(m.network.short());
        t.push(m.network.label());
    }
    for c in p.nace.iter().chain(&p.nabs).chain(&p.policy_objectives) {
        t.extend(c.label.as_ref().map(|l| l.as_str()));
    }
    t
}

/// The distinct indexed words of a profile (folded, in one spelling).
pub(super) fn words_of(p: &Profile, folded: &mut String) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for t in texts(p) {
        crate::text::fold_into(t, folded);
        out.extend(crate::text::words(folded).map(|(_, w)| spelling(w)));
    }
    out
}
