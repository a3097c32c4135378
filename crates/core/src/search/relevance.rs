//! Best match first: when words are searched, a region scores by where its profile holds
//! them: in its name most, then in what it seeks, its initiatives and biobanks, the networks
//! it is in, its policies, and least in its description. A field counts once however often
//! it repeats the words, so a long description does not outweigh a named initiative. Ties
//! keep the order the hits came in (by name).

use super::QueryWords;
use crate::model::Profile;

/// Where the words stand, and what a match there is worth.
const NAME: u32 = 8;
const SOUGHT: u32 = 4;
const INITIATIVE: u32 = 4;
const NETWORK: u32 = 3;
const POLICY: u32 = 2;
const PROSE: u32 = 1;

/// Whether any word of any of the texts is one the search matched.
fn holds<'a>(q: &QueryWords, texts: impl IntoIterator<Item = &'a str>, folded: &mut String) -> bool {
    texts.into_iter().any(|t| {
        if !q.may_match(t) {
            return false;
        }
        crate::text::fold_into(t, folded);
        crate::text::words(folded).any(|(_, w)| q.matches_folded(w))
    })
}

/// How well a profile matches the searched words (0 when it holds none of them in the
/// fields read here: it matched through a topic or a code only).
pub fn score(p: &Profile, q: &QueryWords, folded: &mut String) -> u32 {
    let v = crate::vocab::vocab();
    let mut s = 0;
    let names = std::iter::once(p.name.as_str()).chain(v.names_of(&p.code));
    if holds(q, names, folded) {
        s += NAME;
    }
    if let Some(c) = &p.collaboration {
        if holds(q, c.texts(), folded) {
            s += SOUGHT;
        }
    }
    let initiatives = p
        .initiatives
        .iter()
        .flat_map(|i| std::iter::once(i.name.as_str()).chain(i.description.as_ref().map(|d| d.as_str())));
    let measures = p.support_measures.iter().filter_map(|m| m.detail.as_ref().map(|d| d.as_str()));
    if holds(q, initiatives.chain(measures), folded) {
        s += INITIATIVE;
    }
    let networks =
        p.memberships.iter().filter(|m| m.answer.is_member()).flat_map(|m| [m.network.short(), m.network.label()]);
    if holds(q, networks, folded) {
        s += NETWORK;
    }
    let policies = p
        .policy_documents
        .iter()
        .map(|d| d.title.as_str())
        .chain(p.policy_topics.iter().map(|t| t.text.as_str()))
        .chain(p.represented_in.iter().map(|r| r.text.as_str()))
        .chain(p.funding_programmes.iter().map(|f| f.text.as_str()));
    if holds(q, policies, folded) {
        s += POLICY;
    }
    if holds(q, p.description.iter().chain(&p.health_profile).map(|t| t.as_str()), folded) {
        s += PROSE;
    }
    s
}

/// Orders hits best match first; hits of equal score keep their order.
pub fn rank<'a>(hits: &mut [usize], profile: impl Fn(usize) -> &'a Profile, q: &QueryWords) {
    let mut folded = String::new();
    let mut scored: Vec<(u32, usize)> = hits.iter().map(|&i| (score(profile(i), q, &mut folded), i)).collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (h, (_, i)) in hits.iter_mut().zip(scored) {
        *h = i;
    }
}

/// Why a region matched when no prose of it holds the words: a name it goes by, a network
/// it is in, or a code's label ("Member of: ICPerMed"). `None` when it matched through a
/// topic the words name.
pub fn matched_outside_prose(p: &Profile, q: &QueryWords) -> Option<super::Snippet> {
    if q.is_empty() {
        return None;
    }
    let mut folded = String::new();
    let mut found = |section: &'static str, texts: Vec<&str>| {
        let hit = texts.into_iter().find(|t| holds(q, std::iter::once(*t), &mut folded))?;
        Some(super::Snippet { section, parts: vec![(hit.to_string(), true)] })
    };
    let v = crate::vocab::vocab();
    let networks = p.memberships.iter().filter(|m| m.answer.is_member()).map(|m| m.network.short());
    found("its names", v.names_of(&p.code).collect())
        .or_else(|| found("the networks it is in", networks.collect()))
        .or_else(|| {
            let labels = p.nace.iter().chain(&p.nabs).chain(&p.policy_objectives).filter_map(|c| c.label.as_ref());
            found("its codes", labels.map(|l| l.as_str()).collect())
        })
}

/// Where a region's profile names a topic the searched words name, when it matched through
/// the topic rather than the words ("biobank" finds "Estonian Genome Centre" through the
/// topic Biobanks only if a text of it names biobanks some other way).
pub fn matched_topic(p: &Profile, text: &str) -> Option<super::Snippet> {
    let named = crate::topics::find_topics(std::iter::once(text));
    for (section, t) in
        super::prose(p).into_iter().chain(p.memberships.iter().map(|m| ("the networks it is in", m.network.short())))
    {
        let Some(m) = crate::topics::find_topics(std::iter::once(t))
            .into_iter()
            .find(|m| named.iter().any(|n| n.topic == m.topic))
        else {
            continue;
        };
        let w = m.as_written.as_str();
        let parts = match t.find(w) {
            Some(i) => vec![(t[..i].to_string(), false), (w.to_string(), true), (t[i + w.len()..].to_string(), false)],
            None => vec![(t.to_string(), false)],
        };
        let mut parts: Vec<(String, bool)> = parts.into_iter().filter(|p| !p.0.is_empty()).collect();
        parts.insert(0, (format!("the topic {}: ", m.topic.label()), false));
        return Some(super::Snippet { section, parts });
    }
    None
}
