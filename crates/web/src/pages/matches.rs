//! `/regions/{code}/matches`: the regions that fit a region's collaboration interests, with
//! the reasons ("partners" is the word for the partners a region itself names).

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use pmatlas_core::matching::is_designation;

use crate::extract::RegionAt;
use crate::query::*;
use crate::shell::*;
use crate::state::AppState;

struct MatchVm {
    code: String,
    name: String,
    /// The edition of the partner's data.
    dated: String,
    score: String,
    /// What the score is made of: "shared interests 10, reciprocity 2".
    breakdown: String,
    reasons: Vec<String>,
    evidence: Vec<CitedVm>,
}

/// A quote of the evidence, the words that matched marked, linked to its section.
struct CitedVm {
    ask: String,
    before: String,
    mark: String,
    after: String,
    grade: &'static str,
    /// How it was found, by meaning (", close in meaning"), or nothing for words.
    how: &'static str,
    href: String,
}

fn cited_vm(code: &str, e: &pmatlas_core::matching::Cited) -> CitedVm {
    let (before, mark, after) = e.marked();
    CitedVm {
        ask: e.ask.clone(),
        before: before.to_string(),
        mark: mark.to_string(),
        after: after.to_string(),
        grade: e.grade_label(),
        how: e.how(),
        href: format!("/regions/{code}#{}", e.section()),
    }
}

#[derive(Template)]
#[template(path = "matches.html")]
struct MatchesPage {
    title: String,
    code: String,
    name: String,
    /// How old the asker's own profile is (its edition), beside its partners'.
    dated: String,
    seeks: Vec<(String, String)>,
    /// What it seeks that none of the regions listed answers, said so.
    unanswered: Option<String>,
    /// The region names no field or network it seeks: with no topic chosen, it is matched by `own`, the
    /// fields it works in that single regions out.
    /// Regions it names as wished partners: as written, their NUTS code, and whether the
    /// atlas has a profile there.
    wished: Vec<(String, String, bool)>,
    seeks_nothing: bool,
    /// The places it names as wished partners' (countries listed or named in its answer, or
    /// macro-regions), as written, a macro-region's name (where the words are its), and
    /// where no region meets the wish, why: a country outside the atlas, or no profile there.
    countries: Vec<(String, Option<&'static str>, Option<&'static str>)>,
    /// The designations it names ("other mountain regions"), as written, and where no other
    /// region of the atlas is one, a note saying so.
    among: Vec<(String, Option<&'static str>)>,
    own: Vec<String>,
    /// Whether, seeking nothing, it is matched by fields it works in (whatever the topic).
    has_own: bool,
    /// Whether those are every field its evidence shows (none rare shows strongly enough).
    own_by_all: bool,
    topic: String,
    topics: Vec<(String, String)>,
    matches: Vec<MatchVm>,
    /// How many matches, first, answer something the region seeks; the rest's points are
    /// all bonuses (all of them answer, with a topic chosen or no ask to answer).
    answering: usize,
    /// Where the regions begin that fill a short list by the fields it works in, `filled_by`
    /// (their points are for those alone); `matches.len()` where none does.
    filling: usize,
    filled_by: Vec<String>,
    empty: String,
    /// The sentence-embedding model the ranking reads meaning with, if any.
    model: String,
}

pub async fn matches(at: RegionAt, RawQuery(raw): RawQuery) -> Response {
    let topic = topic_param(&raw);
    // Ranked once a view: reading meaning costs a pass over every vector per ask.
    let key = format!("/regions/{}/matches?topic={}", at.code(), topic.map_or("", |t| t.id()));
    drawn(&at.view.drawn, key, || matches_page(&at, topic))
}

fn matches_page(at: &RegionAt, topic: Option<pmatlas_core::vocab::TopicId>) -> MatchesPage {
    let (view, a, r) = (&at.view, at.index, at.region());
    let found = view.matcher.partners(a, topic, MATCHES);
    let regions = view.snapshot.regions();
    let asks = view.matcher.asks(a);
    let own = view.matcher.own_fields(a);
    let empty = if !found.is_empty() {
        String::new()
    } else if regions.len() < 2 {
        // A fresh site holds the demo profile alone: nothing was searched.
        format!(
            "{} is the only region in the atlas so far: its partners appear here as other regions' profiles are added.",
            r.profile.name
        )
    } else if asks.is_empty() && topic.is_none() {
        // The clause's subject is the region, named here.
        let why = view.matcher.why_none(a, topic);
        format!(
            "{} {}. Choose a topic above to find regions active in it.",
            r.profile.name,
            why.strip_prefix("it ").unwrap_or(&why)
        )
    } else {
        sentence(&view.matcher.why_none(a, topic))
    };
    let answering = view.matcher.answering(a, topic, &found);
    let unanswered = if topic.is_none() { view.matcher.unanswered(a, &found, MATCHES) } else { None };
    let filling = pmatlas_core::matching::same_fields_from(&found);
    MatchesPage {
        answering,
        filling,
        filled_by: view.matcher.filled_by(a, &found).iter().map(|t| t.label().to_string()).collect(),
        title: format!("Matches for {}", r.profile.name),
        code: r.profile.code.to_string(),
        name: r.profile.name.to_string(),
        dated: dated(&r.profile, &r.version),
        seeks: asks.iter().map(|x| (x.label(), x.written.clone())).collect(),
        seeks_nothing: asks.is_empty(),
        unanswered,
        countries: wished_places(view, a),
        among: (view.matcher.evidence(a).wants_countries.iter())
            .filter(|x| is_designation(&x.0))
            .map(|(c, w)| {
                let none = match view.matcher.is_in(a, c) {
                    true => "no other profile in the atlas is one yet",
                    false => "no profile in the atlas is one yet",
                };
                (w.clone(), (!view.matcher.anyone_in(a, c)).then_some(none))
            })
            .collect(),
        wished: view
            .matcher
            .evidence(a)
            .wants_regions
            .iter()
            .map(|(c, w)| {
                // Whether the atlas has a profile there (one that would meet the wish).
                let there = regions.iter().any(|r| pmatlas_core::matching::meets_wish(r.profile.code, *c));
                (w.clone(), c.to_string(), there)
            })
            .collect(),
        own: if topic.is_none() { own.iter().map(|t| t.label().to_string()).collect() } else { Vec::new() },
        has_own: !own.is_empty(),
        own_by_all: view.matcher.own_fields_by_all(a),
        topic: topic.map(|t| t.id().to_string()).unwrap_or_default(),
        topics: pmatlas_core::vocab::TopicId::all().map(|t| (t.id().to_string(), t.label().to_string())).collect(),
        matches: found
            .into_iter()
            .map(|m| MatchVm {
                code: regions[m.index].profile.code.to_string(),
                name: regions[m.index].profile.name.to_string(),
                dated: dated(&regions[m.index].profile, &regions[m.index].version),
                // As precise as its parts, so that they add up to it as shown.
                score: fmt_dec(f64::from(m.breakdown.total())),
                breakdown: [
                    (if topic.is_some() { "the topic" } else { "shared interests" }, m.breakdown.shared_interests),
                    ("reciprocity", m.breakdown.reciprocity),
                    ("shared networks", m.breakdown.networks),
                    ("complementarity", m.breakdown.complementarity),
                    ("same fields", m.breakdown.same_fields),
                ]
                .iter()
                .filter(|(_, v)| *v > 0.0)
                .map(|(k, v)| format!("{k} {}", fmt_dec(f64::from(*v))))
                .collect::<Vec<_>>()
                .join(" + "),
                evidence: m.evidence.iter().map(|e| cited_vm(regions[m.index].profile.code.as_str(), e)).collect(),
                reasons: m.reasons,
            })
            .collect(),
        empty,
        model: view.matcher.meaning_model().unwrap_or_default().to_string(),
    }
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/regions/{code}/matches", axum::routing::get(matches))
        // The address of earlier releases.
        .route(
            "/regions/{code}/partners",
            axum::routing::get(|at: RegionAt, RawQuery(q): RawQuery| async move {
                let q = q.map(|q| format!("?{q}")).unwrap_or_default();
                axum::response::Redirect::permanent(&format!("/regions/{}/matches{q}", at.code()))
            }),
        )
}

/// The countries and macro-regions `a` names as where it wishes partners, each once as written
/// (a group, "Nordic countries", for all its countries), with a macro-region's name, and why no
/// region meets the wish where none does: a page naming them would otherwise let a reader look
/// for partners there below.
fn wished_places(view: &crate::state::View, a: usize) -> Vec<(String, Option<&'static str>, Option<&'static str>)> {
    let wants = &view.matcher.evidence(a).wants_countries;
    let mut named: Vec<(String, Option<&'static str>, Option<&'static str>)> = Vec::new();
    for (c, w) in wants.iter().filter(|x| !is_designation(&x.0)) {
        if named.iter().any(|x| x.0 == *w) {
            continue;
        }
        let macro_region = pmatlas_core::matching::macro_region_name(c);
        let same = wants.iter().filter(|x| x.1 == *w).map(|x| x.0.as_str());
        let note = if same.clone().any(|c| view.matcher.anyone_in(a, c)) {
            None
        } else if macro_region.is_none() && !same.clone().any(|c| pmatlas_core::vocab::vocab().is_country(c)) {
            Some("outside the atlas: no region there")
        } else if same.clone().any(|c| view.matcher.is_in(a, c)) {
            Some("no other profile in the atlas there yet")
        } else {
            Some("no profile in the atlas there yet")
        };
        named.push((w.clone(), macro_region, note));
    }
    named
}
