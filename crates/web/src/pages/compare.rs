//! `/compare?r=…`: two to four regions side by side.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::{Profile, SelfEvaluationItem};

use crate::extract::parse_code;
use crate::query::*;
use crate::shell::*;
use crate::state::AppState;

struct RowVm {
    label: String,
    cells: Vec<CellVm>,
    differs: bool,
}

/// A cell: a value, or a count whose items unfold under it (policy documents, initiatives).
#[derive(Default)]
struct CellVm {
    text: String,
    items: Vec<String>,
}

struct SectionVm {
    title: &'static str,
    rows: Vec<RowVm>,
}

struct ColumnVm {
    code: String,
    name: String,
    /// The date of the column's data ("2021 edition · imported 25 Nov 2026").
    dated: String,
    remove: String,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    title: String,
    columns: Vec<ColumnVm>,
    sections: Vec<SectionVm>,
    options: Vec<(String, String)>,
    chosen: Vec<String>,
    can_add: bool,
    message: String,
    downloads: Vec<(&'static str, String)>,
    downloads_what: &'static str,
}

const MAX_COMPARE: usize = 4;

/// The regions a comparison's `r` parameters name (at most [`MAX_COMPARE`], each once), and
/// what to tell the reader about those left out.
fn chosen(view: &crate::state::View, raw: &Option<String>) -> (Vec<String>, String) {
    let mut chosen: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for (k, v) in pairs(raw) {
        if k != "r" || v.trim().is_empty() {
            continue;
        }
        match parse_code(v.trim()).filter(|c| view.snapshot.get(c).is_some()) {
            Some(c) if !chosen.contains(&c.to_string()) => chosen.push(c.to_string()),
            Some(_) => {}
            None => unknown.push(v),
        }
    }
    let mut message = String::new();
    if chosen.len() > MAX_COMPARE {
        chosen.truncate(MAX_COMPARE);
        message = format!("At most {MAX_COMPARE} regions can be compared; the first {MAX_COMPARE} are shown.");
    }
    if !unknown.is_empty() {
        message = format!("{} No profile for: {}.", message, unknown.join(", ")).trim().to_string();
    }
    (chosen, message)
}

pub async fn compare(State(s): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let view = s.view();
    let (chosen, mut message) = chosen(&view, &raw);
    let chosen_regions: Vec<&pmatlas_store::Region> =
        chosen.iter().filter_map(|c| parse_code(c)).filter_map(|c| view.snapshot.get(&c)).collect();
    let profiles: Vec<&Profile> = chosen_regions.iter().map(|r| &r.profile).collect();
    let columns: Vec<ColumnVm> = chosen
        .iter()
        .zip(&chosen_regions)
        .map(|(c, r)| {
            let rest: Vec<(String, String)> =
                chosen.iter().filter(|x| *x != c).map(|x| ("r".to_string(), x.clone())).collect();
            ColumnVm {
                code: c.clone(),
                name: r.profile.name.to_string(),
                dated: dated(&r.profile, &r.version),
                remove: href("/compare", &rest),
            }
        })
        .collect();
    let sections = if profiles.len() >= 2 { compare_sections(&profiles) } else { Vec::new() };
    if profiles.len() < 2 && message.is_empty() {
        message = "Choose two to four regions to compare them side by side.".into();
    }
    let options = view
        .snapshot
        .regions()
        .iter()
        .filter(|r| !chosen.contains(&r.profile.code.to_string()))
        .map(|r| (r.profile.code.to_string(), format!("{} ({})", r.profile.name, r.profile.code)))
        .collect();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    page(ComparePage {
        // Each comparison has a title of its own (WCAG 2.4.2).
        title: if names.is_empty() { "Compare regions".into() } else { format!("Compare {}", names.join(", ")) },
        columns,
        sections,
        options,
        can_add: chosen.len() < MAX_COMPARE,
        downloads: if chosen.len() > 1 {
            let named: Vec<(String, String)> = chosen.iter().map(|c| ("r".to_string(), c.clone())).collect();
            super::data::links(&named, !s.shapes.is_empty())
        } else {
            Vec::new()
        },
        downloads_what: "these regions",
        chosen,
        message,
    })
}

/// A row differs when two regions state different values: a value one region does not state
/// is no difference (it is shown as "—" and not highlighted).
fn row(label: impl Into<String>, cells: Vec<String>) -> RowVm {
    list_row(label, cells.into_iter().map(|text| CellVm { text, items: Vec::new() }).collect())
}

/// A row of yes/no answers: differs when one says yes and another no. The strategy a Yes
/// names ("Yes – Slovenia's Smart Specialisation Strategy") is shown, but every region's
/// strategy has its own name: that is no difference.
fn flag_row(label: &str, flags: Vec<&Option<pmatlas_core::Flag>>) -> RowVm {
    let mut r = row(label, flags.iter().map(|f| flag(f)).collect());
    let mut stated = flags.iter().filter_map(|f| f.as_ref().map(|f| f.value));
    r.differs = stated.next().is_some_and(|first| stated.any(|v| v != first));
    r
}

/// A row of lists: differs when two regions list different items.
fn list_row(label: impl Into<String>, cells: Vec<CellVm>) -> RowVm {
    let key = |c: &CellVm| if c.items.is_empty() { c.text.clone() } else { c.items.join("\n") };
    let mut stated = cells.iter().filter(|c| !c.text.is_empty() && c.text != "0").map(key);
    let differs = match stated.next() {
        Some(first) => stated.any(|c| c != first),
        None => false,
    };
    RowVm { label: label.into(), cells, differs }
}

/// A count with its items: "3 documents", the titles unfolding under it.
fn items_cell(items: Vec<String>, one: &str, many: &str) -> CellVm {
    match items.len() {
        0 => CellVm::default(),
        1 => CellVm { text: format!("1 {one}"), items },
        n => CellVm { text: format!("{n} {many}"), items },
    }
}

fn compare_sections(ps: &[&Profile]) -> Vec<SectionVm> {
    let each = |f: &dyn Fn(&Profile) -> String| ps.iter().map(|p| f(p)).collect::<Vec<_>>();
    let key = vec![
        row(pmatlas_core::attr::COUNTRY.label, each(&|p| p.country_name().unwrap_or("").to_string())),
        row(pmatlas_core::attr::LEVEL.label, each(&|p| level_label(p))),
        row(
            pmatlas_core::attr::INNOVATION.label,
            each(&|p| {
                p.key_figures.innovation.as_ref().map(|i| pmatlas_core::shown::groups(&i.groups)).unwrap_or_default()
            }),
        ),
        row("Population", each(&|p| p.key_figures.population.as_ref().map(|f| fmt_int(f.value)).unwrap_or_default())),
        row(
            "Density (per km²)",
            each(&|p| p.key_figures.density.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default()),
        ),
        row(
            "Aged over 65 (%)",
            each(&|p| p.key_figures.over65_share.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default()),
        ),
    ];
    let collab = vec![
        row(
            pmatlas_core::attr::SEEKING.label,
            each(&|p| match pmatlas_core::attr::Stance::of(p.collaboration.as_ref()) {
                pmatlas_core::attr::Stance::NotStated => String::new(),
                s => s.label().to_string(),
            }),
        ),
        row(
            "Topics",
            each(&|p| {
                p.collaboration
                    .as_ref()
                    .map(|c| c.topics.iter().map(|t| t.topic.label()).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default()
            }),
        ),
    ];
    let members = NetworkId::all()
        .filter(|n| ps.iter().any(|p| p.membership(*n).is_some()))
        .map(|n| row(n.short(), each(&|p| p.membership(n).map(|m| m.answer.label().to_string()).unwrap_or_default())))
        .collect();
    let mut policy = vec![
        flag_row(pmatlas_core::attr::RIS3.label, ps.iter().map(|p| &p.ris3).collect()),
        flag_row(pmatlas_core::attr::PM_RIS3.label, ps.iter().map(|p| &p.pm_ris3).collect()),
        list_row(
            "Policy documents",
            ps.iter()
                .map(|p| {
                    items_cell(
                        p.policy_documents.iter().map(|d| d.title.to_string()).collect(),
                        "document",
                        "documents",
                    )
                })
                .collect(),
        ),
        row(
            "Topics covered by policies",
            each(&|p| p.policy_topics.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("; ")),
        ),
        list_row(
            "Support measures, databases and biobanks",
            ps.iter()
                .map(|p| items_cell(p.support_measures.iter().map(|m| m.summary()).collect(), "measure", "measures"))
                .collect(),
        ),
        list_row(
            "Funding programmes",
            ps.iter().map(|p| items_cell(item_texts(&p.funding_programmes), "programme", "programmes")).collect(),
        ),
    ];
    for (label, get) in [
        ("NACE Rev. 2", (|p: &Profile| &p.nace) as fn(&Profile) -> &Vec<pmatlas_core::ClassCode>),
        ("NABS 2007", |p: &Profile| &p.nabs),
        ("Eye@RIS3 objectives", |p: &Profile| &p.policy_objectives),
    ] {
        policy.push(row(label, each(&|p| get(p).iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "))));
    }
    let mut init = vec![list_row(
        "Major initiatives",
        ps.iter()
            .map(|p| {
                items_cell(p.initiatives.iter().map(|i| i.name.to_string()).collect(), "initiative", "initiatives")
            })
            .collect(),
    )];
    init.push(list_row(
        "Digital innovation hubs",
        ps.iter().map(|p| items_cell(texts(&p.digital_innovation_hubs), "hub", "hubs")).collect(),
    ));
    init.push(list_row(
        "Represented in EU platforms",
        ps.iter().map(|p| items_cell(item_texts(&p.represented_in), "entry", "entries")).collect(),
    ));
    let ratings = SelfEvaluationItem::ALL
        .iter()
        .map(|&i| {
            row(i.label(), each(&|p| p.self_evaluation.get(i).map(|r| r.label().to_string()).unwrap_or_default()))
        })
        .collect();
    vec![
        SectionVm { title: "Key figures", rows: key },
        SectionVm { title: "Collaboration", rows: collab },
        SectionVm { title: "Memberships", rows: members },
        SectionVm { title: "Policies and codes", rows: policy },
        SectionVm { title: "Initiatives and platforms", rows: init },
        SectionVm { title: "Self-evaluation", rows: ratings },
    ]
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/compare", axum::routing::get(compare))
}
