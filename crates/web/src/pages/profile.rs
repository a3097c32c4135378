//! `/regions/{code}`: the profile page, rendered once per read view and cached.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pmatlas_core::vocab::{nabs_label, nace_label, policy_objective_label, NetworkId};
use pmatlas_core::{MembershipAnswer, SelfEvaluationItem};

use crate::shell::*;
use pmatlas_core::attr;

use crate::error::WebError;
use crate::extract::RegionAt;
use crate::query::*;
use crate::state::AppState;

struct FactVm {
    label: &'static str,
    value: String,
    note: String,
}

struct MemberVm {
    label: String,
    answer: &'static str,
    class: &'static str,
    symbol: &'static str,
    note: String,
}

struct CodeVm {
    code: String,
    official: String,
    as_written: String,
    href: String,
}

struct CodeGroupVm {
    title: &'static str,
    items: Vec<CodeVm>,
}

struct InitiativeVm {
    name: String,
    description: String,
    url: String,
    network: String,
}

struct RatingVm {
    label: String,
    value: String,
    level: usize,
    href: String,
}

struct TopicVm {
    label: String,
    as_written: String,
    href: String,
}

#[derive(Template)]
#[template(path = "profile.html")]
pub(crate) struct ProfilePage {
    /// Set when the page shows an older version: which one.
    pub(crate) banner: String,
    pub(crate) downloads: Vec<(&'static str, String)>,
    downloads_what: &'static str,
    pub(crate) title: String,
    code: String,
    name: String,
    subtitle: String,
    facts: Vec<FactVm>,
    description: Vec<String>,
    health_profile: Vec<String>,
    /// (text, href): the address itself, or a web search for an organisation named without
    /// one (the documents often give the name and lose the link).
    websites: Vec<(String, String, bool)>,
    has_collaboration: bool,
    seeking: String,
    interests: String,
    details: Vec<String>,
    partners: String,
    topics: Vec<TopicVm>,
    /// Networks the region is in (or partly, or answered otherwise), those it is not in
    /// (folded), and what are facts about it rather than networks (mountain, NSPA, a
    /// macro-region, the EC's PM regions).
    memberships: Vec<MemberVm>,
    not_member: Vec<MemberVm>,
    designations: Vec<MemberVm>,
    policy_documents: Vec<String>,
    policy_topics: Vec<String>,
    measures: Vec<String>,
    funding: Vec<String>,
    code_groups: Vec<CodeGroupVm>,
    ris3: String,
    pm_ris3: String,
    initiatives: Vec<InitiativeVm>,
    hubs: Vec<String>,
    represented_in: Vec<String>,
    /// Lines of the document no field took, as written, with where they stood.
    extras: Vec<String>,
    ratings: Vec<RatingVm>,
    version: u32,
    dated: String,
    /// Set when the profile was read from a copy of the page that stops part-way.
    incomplete: String,
    /// Of the synthetic demo set.
    synthetic: bool,
    /// Fields carried forward from older editions: "Memberships: 2019 edition".
    carried: Vec<String>,
    /// Lists uniting items of several editions: "Memberships: 19 items from the 2019 edition".
    mixed: Vec<String>,
    locator: String,
    glance: super::glance::Glance,
}

pub async fn profile(State(s): State<AppState>, at: RegionAt) -> Result<Response, WebError> {
    let cached = &at.view.profile_pages[at.index];
    if let Some(html) = cached.html() {
        return Ok(html_bytes(html.clone()));
    }
    let mut html = profile_page(&s, at.region()).render().map_err(|e| WebError::Internal(format!("template: {e}")))?;
    // A kept page holds its allocation: no more than its length.
    html.shrink_to_fit();
    let bytes = axum::body::Bytes::from(html);
    cached.offer(&bytes);
    Ok(html_bytes(bytes))
}

fn html_bytes(b: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], b).into_response()
}

pub(crate) fn profile_page(s: &AppState, r: &pmatlas_store::Region) -> ProfilePage {
    let p = &r.profile;
    let c = p.collaboration.as_ref();
    let (grid, designations): (Vec<_>, Vec<_>) = membership_grid(p).into_iter().partition(|m| m.0);
    let (memberships, not_member): (Vec<MemberVm>, Vec<MemberVm>) =
        grid.into_iter().map(|m| m.1).partition(|m| !matches!(m.class, "no" | "none"));
    let designations = designations.into_iter().map(|m| m.1).collect();
    let code_groups = code_groups(p);
    let ratings = ratings(p);
    ProfilePage {
        downloads: super::data::links(&[("r".into(), p.code.to_string())], !s.shapes.is_empty()),
        downloads_what: "this profile",
        banner: String::new(),
        title: format!("{} ({})", p.name, p.code),
        code: p.code.to_string(),
        name: p.name.to_string(),
        subtitle: [
            Some(level_label(p)),
            p.country_name().map(str::to_string),
            p.national_level.then(|| "national-level profile".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · "),
        facts: facts(&p.key_figures),
        description: texts(&p.description),
        health_profile: texts(&p.health_profile),
        websites: p.websites.iter().map(|w| website(w.as_str())).collect(),
        has_collaboration: c.is_some(),
        seeking: attr::Stance::of(c).label().to_string(),
        interests: c.and_then(|c| c.interests.as_ref()).map(|t| t.to_string()).unwrap_or_default(),
        details: c.map(|c| texts(&c.details)).unwrap_or_default(),
        partners: c.map(|c| c.partners.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")).unwrap_or_default(),
        topics: c
            .map(|c| {
                c.topics
                    .iter()
                    .map(|t| TopicVm {
                        label: t.topic.label().to_string(),
                        as_written: t.as_written.to_string(),
                        href: format!("/topics/{}", t.topic.id()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        memberships,
        not_member,
        designations,
        policy_documents: p.policy_documents.iter().map(|d| d.text()).collect(),
        policy_topics: p.policy_topics.iter().map(|t| t.text.to_string()).collect(),
        measures: p.support_measures.iter().map(|m| m.summary()).collect(),
        funding: item_texts(&p.funding_programmes),
        code_groups,
        ris3: flag(&p.ris3),
        pm_ris3: flag(&p.pm_ris3),
        initiatives: p
            .initiatives
            .iter()
            .map(|i| InitiativeVm {
                name: i.name.to_string(),
                description: i.description.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                url: i.url.as_ref().map(|t| t.to_string()).filter(|u| u.starts_with("http")).unwrap_or_default(),
                network: i.network.map(|n| n.label().to_string()).unwrap_or_default(),
            })
            .collect(),
        hubs: texts(&p.digital_innovation_hubs),
        represented_in: item_texts(&p.represented_in),
        extras: p.extras.iter().map(extra).collect(),
        ratings,
        version: r.version.number,
        dated: dated(p, &r.version),
        synthetic: is_synthetic(&r.version),
        incomplete: incomplete_notice(p),
        carried: p
            .origin
            .carried
            .iter()
            .map(|c| {
                let label = pmatlas_core::publish::label(&c.field);
                format!("{label}: {}", c.edition)
            })
            .collect(),
        mixed: mixed(p),
        glance: super::glance::glance(p),
        locator: crate::svg::map::locator(&s.shapes, p.code.as_str(), p.name.as_str()).unwrap_or_default(),
    }
}

/// The items of a list that come from another edition than the list, by field and edition:
/// named when there are a few, counted when there are many.
fn mixed(p: &pmatlas_core::Profile) -> Vec<String> {
    let mut groups: Vec<(&str, pmatlas_core::Edition, Vec<String>)> = Vec::new();
    for i in &p.origin.items {
        let name = pmatlas_core::effect::item_label(&i.field, i.item.as_str());
        match groups.iter_mut().find(|(f, e, _)| *f == i.field && *e == i.edition) {
            Some((_, _, v)) => v.push(name),
            None => groups.push((i.field.as_str(), i.edition, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(field, edition, items)| {
            let label = pmatlas_core::publish::label(field);
            let unit = pmatlas_core::effect::unit_of(field);
            let what = if items.len() <= 3 { items.join(", ") } else { format!("{} {unit}s", items.len()) };
            format!("{label}: {what} from the {edition}")
        })
        .collect()
}

/// The key-figures box.
fn facts(k: &pmatlas_core::KeyFigures) -> Vec<FactVm> {
    let year = |y: Option<u16>| y.map(|y| format!("({y})")).unwrap_or_default();
    let mut facts = Vec::new();
    if let Some(i) = &k.innovation {
        let groups = pmatlas_core::shown::groups(&i.groups);
        let mut note = i.edition.map(|e| format!("Regional Innovation Scoreboard {e}")).unwrap_or_default();
        for older in &k.innovation_earlier {
            let groups = pmatlas_core::shown::groups(&older.groups);
            note.push_str(&older.edition.map_or(format!("; before: {groups}"), |e| format!("; {e}: {groups}")));
        }
        facts.push(FactVm { label: "Innovation group", value: groups, note });
    }
    if let Some(f) = &k.population {
        facts.push(FactVm { label: "Population", value: fmt_int(f.value), note: year(f.year) });
    }
    if let Some(f) = &k.density {
        facts.push(FactVm { label: "Density", value: format!("{} per km²", fmt_dec(f.value)), note: year(f.year) });
    }
    if let Some(f) = &k.over65_share {
        facts.push(FactVm { label: "Aged over 65", value: format!("{} %", fmt_dec(f.value)), note: year(f.year) });
    }
    facts
}

/// The membership grid, in vocabulary order.
/// Every membership answer, with whether its question is about a network.
fn membership_grid(p: &pmatlas_core::Profile) -> Vec<(bool, MemberVm)> {
    let mut grid = NetworkId::all()
        .filter_map(|n| p.membership(n).map(|m| (n, m)))
        .map(|(n, m)| {
            let (class, symbol) = match m.answer {
                MembershipAnswer::Yes => ("yes", "✓"),
                MembershipAnswer::No => ("no", "✗"),
                MembershipAnswer::CountryLevelMember
                | MembershipAnswer::CountryLevelObserver
                | MembershipAnswer::Mixed => ("partial", "◐"),
                MembershipAnswer::Other => ("other", "…"),
                MembershipAnswer::Unanswered => ("none", "–"),
            };
            let vm = MemberVm {
                label: n.label().to_string(),
                answer: m.answer.label(),
                class,
                symbol,
                note: m.note.as_ref().map(|t| t.to_string()).unwrap_or_default(),
            };
            (n.def().names_networks, vm)
        })
        .collect::<Vec<_>>();
    // The answers a reader looks for first: the networks the region is in (vocabulary order
    // within each group).
    grid.sort_by_key(|m| !matches!(m.1.class, "yes" | "partial"));
    grid
}

/// The classification codes, by scheme, each linking to the regions that share it.
fn code_groups(p: &pmatlas_core::Profile) -> Vec<CodeGroupVm> {
    let group = |title: &'static str,
                 key: &str,
                 codes: &[pmatlas_core::ClassCode],
                 label: fn(&str) -> Option<&'static str>| CodeGroupVm {
        title,
        items: codes
            .iter()
            .map(|c| CodeVm {
                code: c.code.clone(),
                official: label(&c.code).unwrap_or("").to_string(),
                as_written: c.label.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                href: href("/regions", &[(key.to_string(), c.code.clone())]),
            })
            .collect(),
    };
    [
        group(attr::NACE.label, attr::NACE.id, &p.nace, nace_label),
        group(attr::NABS.label, attr::NABS.id, &p.nabs, nabs_label),
        group(attr::POLICY_OBJECTIVES.label, attr::POLICY_OBJECTIVES.id, &p.policy_objectives, policy_objective_label),
    ]
    .into_iter()
    .filter(|g| !g.items.is_empty())
    .collect()
}

/// The self-evaluation scales, each linking to the regions that rated it the same.
fn ratings(p: &pmatlas_core::Profile) -> Vec<RatingVm> {
    SelfEvaluationItem::ALL
        .iter()
        .filter_map(|&i| {
            p.self_evaluation.get(i).map(|r| RatingVm {
                label: i.label().to_string(),
                value: r.label().to_string(),
                level: r as usize + 1,
                href: href("/regions", &[(attr::rating(i), r.id().to_string())]),
            })
        })
        .collect()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/regions/{code}", axum::routing::get(profile))
}

/// A website as a link: an address links to itself (`www.` gets its scheme); a name without
/// an address links to a web search for it.
fn website(text: &str) -> (String, String, bool) {
    let t = text.trim();
    if (t.starts_with("https://") || t.starts_with("http://")) && !t.contains(char::is_whitespace) {
        (t.to_string(), t.to_string(), false)
    } else if t.starts_with("www.") && !t.contains(char::is_whitespace) {
        (t.to_string(), format!("https://{t}"), false)
    } else {
        let search = format!("https://duckduckgo.com/?{}", crate::query::encode(&[("q".to_string(), t.to_string())]));
        (t.to_string(), search, true)
    }
}

/// A line no field took, said with the part of the page it stood in: "Self-evaluation, line
/// 20: Rate of the genomics literacy … -Excellent" (a value off the five-point scale).
pub(super) fn extra(e: &pmatlas_core::Extra) -> String {
    let part = match e.section.as_deref().unwrap_or("") {
        "description" | "websites" | "health_profile" => "About the region",
        "collaboration" => "Collaboration",
        "memberships" => "Memberships",
        "policy_documents" | "policy_topics" | "funding_programmes" | "ris3" => "Policies",
        "nace" | "nabs" | "policy_objectives" => "Classification codes",
        "initiatives" | "digital_innovation_hubs" | "represented_in" => "Initiatives and platforms",
        "self_evaluation" => "Self-evaluation",
        _ => "",
    };
    match part {
        "" => format!("Line {}: {}", e.line, e.text),
        _ => format!("{part}, line {}: {}", e.line, e.text),
    }
}
