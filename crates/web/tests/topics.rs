//! A topic page stays bounded whatever the number of regions: 50 regions a page, with links to
//! the others and the whole list in the downloads.

use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::{get, send};

#[tokio::test]
async fn a_topic_page_lists_its_regions_fifty_at_a_time() {
    let store = common::seeded_store(&[common::seed()], &pmatlas_core::synth::profiles(1500, 4));
    let site = app(AppState::from_store(store).unwrap());
    let (s, _, first) = send(&site, get("/topics/genomics", "")).await;
    assert_eq!(s, axum::http::StatusCode::OK);
    let total: usize = first.split("<p>").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(total > 100, "enough regions for several pages: {total}");
    assert_eq!(first.matches("<li><h2>").count(), 50);
    assert!(first.contains("this page lists 1 to 50") && first.contains("href=\"/topics/genomics?page=2\""));
    assert!(first.len() < 200_000, "{} bytes", first.len());
    let (_, _, second) = send(&site, get("/topics/genomics?page=2", "")).await;
    assert!(second.contains("<ol class=\"matches\" start=\"51\">") && second.contains("rel=\"prev\""));
    let last = total.div_ceil(50);
    let (_, _, end) = send(&site, get(&format!("/topics/genomics?page={last}"), "")).await;
    assert_eq!(end.matches("<li><h2>").count(), total - (last - 1) * 50);
    assert!(!end.contains("rel=\"next\""));
}

/// Every topic is reachable: `/topics` lists each with the regions working on it and seeking
/// it, the header links there, a profile's chip opens who works on the topic, and the topic
/// page links to those seeking it and says what it counts.
#[tokio::test]
async fn every_topic_is_reachable_with_what_it_counts() {
    let store = common::seeded_store(&[common::seed()], &pmatlas_core::synth::profiles(60, 9));
    let site = app(AppState::from_store(store).unwrap());
    let (s, _, index) = send(&site, get("/topics", "")).await;
    assert_eq!(s, axum::http::StatusCode::OK);
    for t in pmatlas_core::vocab::TopicId::all() {
        assert!(index.contains(&format!("<a href=\"/topics/{}\">{}</a>", t.id(), t.label())), "{}", t.id());
    }
    assert!(index.contains("<li><a href=\"/topics\">Topics</a></li>"), "in the header");
    // Thuringia seeks biobanks: the row counts it among those seeking, and links to them.
    let row = index.split("<a href=\"/topics/biobanks\">").nth(1).unwrap().split("</tr>").next().unwrap().to_string();
    let cells: Vec<&str> = row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap()).collect();
    let working: usize = cells[0].parse().unwrap();
    assert!(working >= 1 && cells[1].contains("href=\"/regions?topic=biobanks\""), "{row}");
    let (_, _, profile) = send(&site, get("/regions/DEG", "")).await;
    assert!(profile.contains("<a class=\"chip\" href=\"/topics/biobanks\""), "the chip opens who works on it");
    let (_, _, topic) = send(&site, get("/topics/biobanks", "")).await;
    let said = if working == 1 { "1 region shows".to_string() } else { format!("{working} regions show") };
    assert!(topic.contains(&format!("{said} evidence of working on biobanks")), "the same count as the index");
    assert!(topic.contains("href=\"/regions?topic=biobanks\"") && topic.contains("a word search counts any mention"));
    assert!(!topic.contains("<li>It "), "each piece of evidence names its region");
}

/// A region's evidence on a topic page is cut at four pieces, and the page says how many more
/// its profile holds, so that four is not taken for all.
#[tokio::test]
async fn a_cut_list_of_evidence_says_how_much_more_there_is() {
    let synth = pmatlas_core::synth::profiles(300, 5);
    let store = common::seeded_store(&[common::seed()], &synth);
    let site = app(AppState::from_store(store).unwrap());
    let all: Vec<pmatlas_core::Profile> = [vec![common::seed()], synth].concat();
    let refs: Vec<&pmatlas_core::Profile> = all.iter().collect();
    let m = pmatlas_core::matching::Matcher::new(&refs);
    let t = pmatlas_core::vocab::TopicId::from_id("genomics").unwrap();
    let counts: Vec<(String, usize)> =
        (0..all.len()).map(|i| (all[i].code.to_string(), m.topic_evidence(i, t).len())).collect();
    let (_, _, page) = send(&site, get("/topics/genomics", "")).await;
    let mut cut = 0;
    for entry in page.split("<li><h2>").skip(1) {
        let code = entry.split("<span class=\"code\">").nth(1).unwrap().split('<').next().unwrap();
        let n = counts.iter().find(|c| c.0 == code).unwrap().1;
        let shown = entry.split("</ul>").next().unwrap().matches("<li>").count();
        if n > 4 {
            cut += 1;
            let more = format!(
                "<a href=\"/regions/{code}\">{} more piece{} of evidence</a>",
                n - 4,
                if n == 5 { "" } else { "s" }
            );
            assert!(entry.contains(&more), "{code}: {n} pieces, {entry}");
            assert_eq!(shown, 4, "{code}");
        } else {
            assert!(!entry.contains("more piece"), "{code}: {n} pieces");
            assert_eq!(shown, n, "{code}");
        }
    }
    assert!(cut > 0, "some region of the page has more than four pieces");
}
