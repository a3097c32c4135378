//! Best match first: when words are searched, a region scores by where its profile holds
//! them: in its name most, then in what it seeks, its initiatives and biobanks, the networks
//! it is in, its policies, and least in its description. A field counts once however often
//! it repeats the words, so a long description does not outweigh a named initiative; a match only
//! in the description scores nothing more than matching at all. The words that count are
//! listed per region when the index is built (hashed, with their groups): ranking reads no
//! text, so a broad search of thousands of hits costs a lookup per word of each. Ties
//! keep the order the hits came in (by name).

use std::sync::Arc;

use super::QueryWords;
use crate::model::Profile;

/// Where the words stand (a bit each), and what a match there is worth.
const GROUPS: [(u8, u32); 5] = [(NAME, 8), (SOUGHT, 4), (INITIATIVE, 4), (NETWORK, 3), (POLICY, 2)];
const NAME: u8 = 1;
const SOUGHT: u8 = 2;
const INITIATIVE: u8 = 4;
const NETWORK: u8 = 8;
const POLICY: u8 = 16;

/// A region's words that rank a match, hashed, each with the groups it stands in: worked out
/// once when the index is built, so that ranking thousands of hits reads no text.
pub(super) type Weighed = Arc<[(u32, u8)]>;

fn hash(w: &str) -> u32 {
    // FNV-1a: short words, no need of more.
    w.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The words of a region's name, what it seeks, its initiatives and biobanks, the networks it
/// is in and its policies, each with the groups it stands in.
pub(super) fn weighed(p: &Profile) -> Weighed {
    let v = crate::vocab::vocab();
    let mut out: Vec<(u32, u8)> = Vec::new();
    let mut folded = String::new();
    let mut add = |group: u8, t: &str| {
        crate::text::fold_into(t, &mut folded);
        for (_, w) in crate::text::words(&folded) {
            out.push((hash(&super::spelled(w)), group));
        }
    };
    for t in std::iter::once(p.name.as_str()).chain(v.names_of(&p.code)) {
        add(NAME, t);
    }
    for t in p.collaboration.iter().flat_map(|c| c.texts()) {
        add(SOUGHT, t);
    }
    for i in &p.initiatives {
        add(INITIATIVE, i.name.as_str());
        i.description.iter().for_each(|d| add(INITIATIVE, d.as_str()));
    }
    for d in p.support_measures.iter().filter_map(|m| m.detail.as_ref()) {
        add(INITIATIVE, d.as_str());
    }
    for m in p.memberships.iter().filter(|m| m.answer.is_member()) {
        add(NETWORK, m.network.short());
        add(NETWORK, m.network.label());
    }
    let policies = p
        .policy_documents
        .iter()
        .map(|d| d.title.as_str())
        .chain(p.policy_topics.iter().map(|t| t.text.as_str()))
        .chain(p.represented_in.iter().map(|r| r.text.as_str()))
        .chain(p.funding_programmes.iter().map(|f| f.text.as_str()));
    for t in policies {
        add(POLICY, t);
    }
    out.sort_unstable();
    // One entry a word, its groups united.
    out.dedup_by(|b, a| {
        let same = a.0 == b.0;
        if same {
            a.1 |= b.1;
        }
        same
    });
    out.into()
}

/// The hashed words a search matched: a 64 Ki-bit filter before the exact sorted list.
pub(super) struct Matched {
    filter: Vec<u64>,
    exact: Vec<u32>,
}

impl Matched {
    pub(super) fn new(words: impl Iterator<Item = u32>) -> Matched {
        let mut exact: Vec<u32> = words.collect();
        exact.sort_unstable();
        exact.dedup();
        let mut filter = vec![0u64; 1024];
        for h in &exact {
            let k = (*h & 0xffff) as usize;
            filter[k / 64] |= 1 << (k % 64);
        }
        Matched { filter, exact }
    }

    fn contains(&self, h: u32) -> bool {
        let k = (h & 0xffff) as usize;
        self.filter[k / 64] & (1 << (k % 64)) != 0 && self.exact.binary_search(&h).is_ok()
    }
}

/// How well a region matches the searched words (0 when its matches are all elsewhere: in
/// its description, its codes, or through a topic the words name).
pub(super) fn score(words: &[(u32, u8)], matched: &Matched) -> u32 {
    let groups = words.iter().filter(|(h, _)| matched.contains(*h)).fold(0u8, |g, (_, m)| g | m);
    GROUPS.iter().filter(|(bit, _)| groups & bit != 0).map(|(_, w)| w).sum()
}

/// The hash of an indexed word, for [`Matched`].
pub(super) fn word_hash(w: &str) -> u32 {
    hash(w)
}

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
