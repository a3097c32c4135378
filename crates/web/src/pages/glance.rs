//! "Personalised medicine at a glance": the few lines a policy officer reads first on a
//! profile: whether the region seeks partners and in what, and where, what it works on (topics its
//! initiatives, biobanks, memberships, policies or codes name), its best-known initiatives, the networks it
//! is in, PM in its strategy and how it rates its own readiness. Each line says what it
//! rests on; the sections below hold the whole.

use pmatlas_core::matching::{evidence, EvidenceKind, RegionEvidence};
use pmatlas_core::vocab::{MembershipAnswer, TopicId};
use pmatlas_core::{Profile, SelfEvaluationItem};

pub(crate) struct Glance {
    pub(crate) lines: Vec<Line>,
}

pub(crate) struct Line {
    pub(crate) label: &'static str,
    /// (text, link): items, each linking where a reader goes next ("" for none).
    pub(crate) items: Vec<(String, String)>,
    /// What the line rests on, or how many more there are.
    pub(crate) note: String,
}

/// Items a line shows before it counts the rest.
const SHOWN: usize = 4;

fn line(label: &'static str, all: Vec<(String, String)>, note: impl Into<String>) -> Option<Line> {
    if all.is_empty() {
        return None;
    }
    let more = all.len().saturating_sub(SHOWN);
    let mut note = note.into();
    if more > 0 {
        note = if note.is_empty() { format!("and {more} more") } else { format!("and {more} more; {note}") };
    }
    Some(Line { label, items: all.into_iter().take(SHOWN).collect(), note })
}

/// Topics the region works on, with evidence stronger than a mention in its description,
/// strongest evidence first.
pub(crate) fn works_on(ev: &RegionEvidence) -> Vec<(String, String)> {
    let mut best: Vec<(TopicId, u8, usize)> = Vec::new();
    for e in ev.strengths.iter().filter(|e| e.kind.grade() >= EvidenceKind::Code.grade()) {
        match best.iter_mut().find(|b| b.0 == e.topic) {
            Some(b) => {
                b.1 = b.1.max(e.kind.grade());
                b.2 += 1;
            }
            None => best.push((e.topic, e.kind.grade(), 1)),
        }
    }
    best.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.label().cmp(b.0.label())));
    best.into_iter().map(|(t, _, _)| (t.label().to_string(), format!("/topics/{}", t.id()))).collect()
}

pub(crate) fn glance(p: &Profile) -> Glance {
    let c = p.collaboration.as_ref();
    let seeking = c.is_some_and(|c| c.is_seeking());
    let sought: Vec<(String, String)> = c
        .map(|c| c.topics.iter().map(|t| (t.topic.label().to_string(), format!("/topics/{}", t.topic.id()))).collect())
        .unwrap_or_default();
    let seeks = match (c, seeking) {
        (None, _) => None,
        (Some(_), true) if sought.is_empty() => line("Seeks partners", vec![("Yes".into(), "#collab-h".into())], ""),
        (Some(_), true) => line("Seeks partners in", sought, "in its own words under Collaboration"),
        (Some(c), false) if c.seeking == Some(false) => line("Seeks partners", vec![("No".into(), String::new())], ""),
        _ => None,
    };
    // The places it names as wished partners, each once (a group of countries by its name, a
    // place named by its adjective by its name: "Flemish" is Flanders):
    // its list as written ("USA" too, which the atlas has no region of), then those its
    // answer names; leading to where they are found.
    let ev = evidence(p);
    let mut wished: Vec<(String, String)> = Vec::new();
    let listed = c.into_iter().flat_map(|c| c.partners.iter().map(|t| t.as_str()));
    // A macro-region by its name ("Alpine" says little alone).
    fn place((c, w): &(String, String)) -> &str {
        pmatlas_core::matching::macro_region_name(c).unwrap_or(w.as_str())
    }
    let named = ev.wants_regions.iter().map(|x| x.1.as_str()).chain(ev.wants_countries.iter().map(place));
    for w in listed.chain(named) {
        if !wished.iter().any(|x| x.0 == w) {
            wished.push((w.to_string(), format!("/regions/{}/matches", p.code)));
        }
    }
    let initiatives: Vec<(String, String)> =
        p.initiatives.iter().map(|i| (i.name.to_string(), "#init-h".to_string())).collect();
    let networks: Vec<(String, String)> = p
        .memberships
        .iter()
        .filter(|m| m.network.def().names_networks && m.answer.is_member())
        .map(|m| {
            let how = if m.answer == MembershipAnswer::CountryLevelMember { " (through the country)" } else { "" };
            (format!("{}{how}", m.network.def().short), format!("/regions?membership.{}=yes", m.network.id()))
        })
        .collect();
    let strategy: Vec<(String, String)> = [("RIS3 strategy", &p.ris3), ("PM in the RIS3", &p.pm_ris3)]
        .into_iter()
        .filter_map(|(label, f)| {
            f.as_ref().map(|f| (format!("{label}: {}", if f.value { "yes" } else { "no" }), String::new()))
        })
        .collect();
    let level = p
        .self_evaluation
        .get(SelfEvaluationItem::ImplementationLevel)
        .map(|r| vec![(r.label().to_string(), "#eval-h".to_string())])
        .unwrap_or_default();
    let lines = [
        seeks,
        line("Would like to collaborate with", wished, "named under Collaboration"),
        line(
            "Works on",
            works_on(&ev),
            "as its initiatives, biobanks, memberships, policies, codes, stated priorities or the networks it names show them",
        ),
        line("Major initiatives", initiatives, ""),
        line("Networks it is in", networks, ""),
        line("Strategy", strategy, ""),
        line("Own rating of PM's implementation", level, "self-evaluation"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Glance { lines }
}
