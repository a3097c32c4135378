//! Statistics and charts follow the data and the filters; facets, map attributes and export
//! columns share one vocabulary.

use super::*;

fn all_but_seed(extra: &[Profile]) -> Vec<&Profile> {
    extra.iter().filter(|p| p.code.as_str() != "DEG").collect()
}

#[tokio::test]
async fn statistics_follow_the_data_and_the_filters() {
    let extra = pmatlas_core::synth::profiles(80, 6);
    let app = test_app(&extra);
    let (status, _, html) = get(&app, "/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<ol class=\"chart\"").count(), 6 + 6, "six rating charts and six others");
    // Every chart names its base, and none counts import dates.
    let figures: Vec<&str> = html.split("<figure class=\"chart-box").skip(1).collect();
    for f in figures.iter().filter(|f| f.contains("<ol class=\"chart\"")) {
        assert!(f.contains("<p class=\"base\">Answered by ") || f.contains("<p class=\"base\">All "), "{}", &f[..200]);
    }
    assert!(!html.contains("Last update") && html.contains("Edition of the data"));
    let answered = 1 + all_but_seed(&extra).iter().filter(|p| p.self_evaluation.need_funding.is_some()).count();
    let total = all_but_seed(&extra).len() + 1;
    let funding = figures.iter().find(|f| f.contains("id=\"rating.need_funding\"")).unwrap();
    let said = if answered == total {
        format!("All {total} regions answer")
    } else {
        format!("Answered by {answered} of {total} regions; each bar is its share of those {answered}.")
    };
    assert!(funding.contains(&said), "{said}: {}", &funding[..300]);
    let all: Vec<&Profile> = extra.iter().filter(|p| p.code.as_str() != "DEG").collect();
    let very_high =
        all.iter().filter(|p| p.self_evaluation.need_funding == Some(pmatlas_core::Rating::VeryHigh)).count() + 1;
    let (status, h, csv) = get(&app, "/stats.csv?chart=rating.need_funding").await;
    assert_eq!(status, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(h[header::CONTENT_DISPOSITION].to_str().unwrap().contains("pmatlas-rating-need_funding.csv"));
    assert!(csv.starts_with("category,regions\n"));
    assert!(csv.contains(&format!("Very high,{very_high}\n")), "{csv}");
    // Filters narrow the statistics.
    let (_, _, de) = get(&app, "/stats.csv?chart=rating.need_funding&country=DE").await;
    let de_vh = 1 + all
        .iter()
        .filter(|p| p.code.country() == "DE" && p.self_evaluation.need_funding == Some(pmatlas_core::Rating::VeryHigh))
        .count();
    assert!(de.contains(&format!("Very high,{de_vh}\n")), "{de}");
    let (_, _, cross) = get(&app, "/stats.csv?chart=rating_by_group.need_funding").await;
    assert!(cross.starts_with("innovation group,Very low,Low,Medium,High,Very high\n"));
    assert_eq!(get(&app, "/stats.csv?chart=nope").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/stats.csv").await.0, StatusCode::BAD_REQUEST);
}

/// One id and one label per concept: every attribute of `pmatlas_core::attr` and every
/// network and self-evaluation item is a search facet with that key and label, a map
/// attribute with that id where it is mappable, and an export column with that name.
#[test]
fn facets_map_attributes_and_export_columns_share_one_vocabulary() {
    use pmatlas_core::attr;
    use pmatlas_core::vocab::NetworkId;
    use pmatlas_core::SelfEvaluationItem;
    use pmatlas_web::map::Attribute;
    let store = seeded_store(&[seed()], &pmatlas_core::synth::profiles(200, 3));
    let snap = store.snapshot().unwrap();
    let profiles: Vec<&Profile> = snap.regions().iter().map(|r| &r.profile).collect();
    let updated: Vec<&str> = snap.regions().iter().map(|r| r.version.created_at.as_str()).collect();
    let index = pmatlas_core::search::Index::build(&profiles, &updated);
    let header = pmatlas_store::export::regions_table(snap.regions(), false).header;
    let facet = |id: &str| index.facet(id).map(|(_, f)| f.label.clone());
    for a in [
        attr::COUNTRY,
        attr::LEVEL,
        attr::INNOVATION,
        attr::SEEKING,
        attr::TOPIC,
        attr::EDITION,
        attr::PM_RIS3,
        attr::NACE,
        attr::NABS,
        attr::POLICY_OBJECTIVES,
    ] {
        assert_eq!(facet(a.id).as_deref(), Some(a.label), "facet {}", a.id);
    }
    for a in [attr::INNOVATION, attr::SEEKING, attr::EDITION] {
        let m = Attribute::parse(a.id).unwrap_or_else(|| panic!("map attribute {}", a.id));
        assert_eq!((m.id(), m.label()), (a.id.to_string(), a.label.to_string()));
    }
    for a in
        [attr::INNOVATION, attr::SEEKING, attr::NACE, attr::NABS, attr::POLICY_OBJECTIVES, attr::PM_RIS3, attr::RIS3]
    {
        assert!(header.iter().any(|h| h == a.id), "export column {}", a.id);
    }
    for n in NetworkId::all() {
        let id = attr::membership(n);
        assert_eq!(facet(&id).as_deref(), Some(n.short()), "facet {id}");
        assert_eq!(Attribute::parse(&id).map(|a| a.id()), Some(id.clone()));
        assert!(header.contains(&id), "export column {id}");
    }
    for i in SelfEvaluationItem::ALL {
        let id = attr::rating(i);
        assert!(facet(&id).is_some(), "facet {id}");
        assert_eq!(Attribute::parse(&id).map(|a| a.id()), Some(id.clone()));
        assert!(header.contains(&id), "export column {id}");
    }
}

/// A chart no region answers is a note, not an empty chart; countries are listed by name.
#[tokio::test]
async fn empty_charts_say_so_and_countries_sort_by_name() {
    let mut estonia = pmatlas_core::synth::profile(0, 1);
    estonia.code = pmatlas_core::NutsCode::parse("EE").unwrap();
    estonia.name = Text::new("Eesti").unwrap();
    estonia.self_evaluation = Default::default();
    let app = test_app(&[estonia]);
    let (_, _, stats) = get(&app, "/stats?country=EE").await;
    assert!(stats.contains("No region in this selection answers this."), "{stats}");
    let (_, _, search) = get(&app, "/regions").await;
    let (ee, de) = (search.find("> Estonia <").unwrap(), search.find("> Germany <").unwrap());
    assert!(ee < de, "Estonia before Germany: countries by name, not by code");
}

/// Every bar of a chart links to the search for its regions, within the current selection.
#[tokio::test]
async fn chart_bars_link_to_their_regions() {
    let extra = pmatlas_core::synth::profiles(150, 6);
    let app = test_app(&extra);
    let (_, _, stats) = get(&app, "/stats").await;
    assert!(
        stats.contains(
            "<li><a href=\"/regions?rating.need_funding=very_high\"><span class=\"bar-label\">Very high</span>"
        ),
        "a rating bar"
    );
    assert!(
        stats.contains("<td><a href=\"/regions?rating.need_funding=very_high\">Very high</a></td>"),
        "its table row"
    );
    // Inside a selection the link keeps it; a second topic narrows (all of them).
    let (_, _, search) = get(&app, "/regions").await;
    let topic = {
        let at = search.find("name=\"topic\" value=\"").unwrap() + 20;
        search[at..].split('"').next().unwrap().to_string()
    };
    let (_, _, stats) = get(&app, &format!("/stats?topic={topic}")).await;
    let at = stats.find("id=\"collaboration_topics\"").unwrap();
    let links: Vec<&str> =
        stats[at..].split("<a href=\"").skip(1).take(3).map(|s| s.split('"').next().unwrap()).collect();
    let other = links.iter().find(|l| !l.ends_with(&format!("topic={topic}"))).expect("a bar of another topic");
    assert!(other.contains(&format!("topic={topic}")) && other.contains("all=topic"), "{other}");
    let count = |html: &str| -> usize {
        let at = html.find("id=\"count\" class=\"count-line\">").unwrap() + 30;
        html[at..].split(' ').next().unwrap().parse().unwrap()
    };
    let (_, _, narrowed) = get(&app, &other.replace("&amp;", "&")).await;
    let shown: usize = {
        let bar_at = stats[at..].find(&format!("<li><a href=\"{other}\">")).unwrap();
        let rest = &stats[at + bar_at..];
        rest.split("<span class=\"bar-n\">").nth(1).unwrap().split('<').next().unwrap().parse().unwrap()
    };
    assert_eq!(count(&narrowed), shown, "the bar's count is the search's");
}
