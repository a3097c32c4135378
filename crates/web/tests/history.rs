//! The history in words: a region's versions page, the review and the feeds tell each change
//! with the field's label and both values as the profile page shows them; no internal id,
//! enum name, field path or `null` outside the technical view.

use pmatlas_core::{Edition, Layout, MembershipAnswer, Profile, Rating, SelfEvaluationItem, Text};
use pmatlas_store::{Source, Store, Write};
use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::send;

/// Three editions of a region from one document: the page as read (as its early edition),
/// a 2021 edition where every membership answer, rating and key figure moved and an
/// initiative changed and one came, and a 2021 copy cut half-way.
fn three_editions(text: &str) -> [Profile; 3] {
    let first = pmatlas_core::parse(text).unwrap().profile;
    let mut second = first.clone();
    second.origin.edition = Some(Edition::of_page(Layout::Y2021, Some(2021)));
    second.origin.incomplete = None;
    for m in &mut second.memberships {
        m.answer = match m.answer {
            MembershipAnswer::Yes => MembershipAnswer::No,
            MembershipAnswer::No => MembershipAnswer::Yes,
            _ => MembershipAnswer::CountryLevelObserver,
        };
        m.note = None;
    }
    for i in SelfEvaluationItem::ALL {
        let r = second.self_evaluation.get(i).map_or(Rating::Low, |r| {
            if r == Rating::VeryHigh {
                Rating::Medium
            } else {
                Rating::VeryHigh
            }
        });
        second.self_evaluation.set(i, Some(r));
    }
    let k = &mut second.key_figures;
    k.innovation = pmatlas_core::format::values::parse_innovation_groups("Leader -")
        .first()
        .map(|g| pmatlas_core::Innovation { edition: Some(2021), groups: vec![g.clone()] });
    k.population = Some(pmatlas_core::Figure {
        value: k.population.as_ref().map_or(1_000_000, |f| f.value + 12_345),
        year: Some(2021),
    });
    if let Some(i) = second.initiatives.first_mut() {
        i.description = Some(Text::new("now a national centre").unwrap());
    }
    second.initiatives.push(pmatlas_core::format::initiative(None, "HELIUM health data platform").unwrap());
    second.ris3 = Some(pmatlas_core::Flag { value: !second.ris3.as_ref().is_some_and(|f| f.value), note: None });
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines[..lines.len() / 2].join("\n");
    let mut third = pmatlas_core::parse(&cut).unwrap().profile;
    third.origin.edition = Some(Edition::of_page(Layout::Y2021, Some(2021)));
    [first, second, third]
}

fn store_of(editions: &[Profile]) -> Store {
    let mut store = common::seeded_store(&[], &[]);
    for (i, p) in editions.iter().enumerate() {
        let based_on = store.current_version(&p.code).unwrap();
        let w = Write { comment: Some("test"), ..Write::new(p, based_on, "importer", Source::Import) };
        store.write(&w).unwrap_or_else(|e| panic!("edition {}: {e}", i + 1));
    }
    store
}

/// The page without its technical views (which keep paths and JSON on purpose).
fn in_words(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<details class=\"technical\">") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("</details>").map_or("", |e| &rest[at + e..]);
    }
    out.push_str(rest);
    out
}

/// What a reader must never see: ids, enum names, paths, JSON.
fn machine_words(text: &str) -> Vec<String> {
    let visible: String = {
        let mut s = String::new();
        let mut tag = false;
        for c in text.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => s.push(c),
                _ => {}
            }
        }
        s
    };
    let mut found = Vec::new();
    for bad in [
        "null",
        "country_level",
        "very_high",
        "y2019",
        "y2021",
        "minus",
        "[0]",
        "[1]",
        "{\"",
        "genome_1m",
        "need_funding",
        "self_evaluation",
        "key_figures",
        "pm_ris3",
        "carried",
        ".value",
        "unanswered",
    ] {
        if visible.contains(bad) {
            let at = visible.find(bad).unwrap();
            let from = visible[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
            found.push(format!("{bad:?} in “…{}…”", &visible[from..(at + bad.len()).min(visible.len())]));
        }
    }
    found
}

async fn check_region(text: &str, label: &str) {
    let editions = three_editions(text);
    let code = editions[0].code.to_string();
    let app = app(AppState::from_store(store_of(&editions)).unwrap());
    let (status, _, html) = send(&app, common::get(&format!("/regions/{code}/versions"), "")).await;
    assert_eq!(status, 200, "{label}");
    let words = in_words(&html);
    let bad = machine_words(&words);
    assert!(bad.is_empty(), "{label}: {bad:#?}");
    assert!(words.contains("Changes from version 1"), "{label}: the second edition changes the first");
    let (_, _, feed) = send(&app, common::get(&format!("/regions/{code}/feed.xml"), "")).await;
    let bad = machine_words(&feed.replace("&lt;", "<").replace("&gt;", ">"));
    assert!(bad.is_empty(), "{label} feed: {bad:#?}");
}

#[tokio::test]
async fn the_seed_in_three_editions_reads_as_the_profile_page() {
    let text = include_str!("../../../data/demo/DEG-thuringia.txt");
    check_region(text, "DEG").await;
    let app = app(AppState::from_store(store_of(&three_editions(text))).unwrap());
    let (_, _, html) = send(&app, common::get("/regions/DEG/versions", "")).await;
    for want in [
        "<dt>Innovation group</dt><dd>Strong (2019) → Leader − (2021)</dd>",
        "<dd>ICPerMed: not a member → member</dd>",
        "<dd>1+MG: member through the country → observer through the country</dd>",
        "<dd>Rate of the need for increasing support/funding for PM activities in the region: Very high → Medium</dd>",
        "<dd>InfectoGnostics Forschungscampus Jena e.V.: nothing more → now a national centre</dd>",
        "<dd>added “HELIUM health data platform”</dd>",
        "Now read from the 2021 edition (before: the 2019 edition).",
        "UTC · imported by importer · “test”",
    ] {
        assert!(html.contains(want), "{want:?} missing from {}", in_words(&html));
    }
    // The home page tells the latest change in the same words.
    let (_, _, home) = send(&app, common::get("/", "")).await;
    assert!(home.contains("What changed last") && home.contains("Thuringia (DEG), version"), "{home}");
}

#[tokio::test]
async fn every_region_of_the_shared_corpus_in_three_editions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !dir.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "the shared corpus is missing at {}", dir.display());
        eprintln!("SKIPPED: the shared corpus is not at {}", dir.display());
        return;
    }
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            check_region(&std::fs::read_to_string(&path).unwrap(), &path.display().to_string()).await;
            n += 1;
        }
    }
    assert!(n >= 10, "the corpus has its documents ({n})");
}
