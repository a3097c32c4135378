//! Search: synonyms, facets, pages of results, spellings, snippets, best match first.

use super::*;

#[tokio::test]
async fn search_with_synonyms_and_facets() {
    let extra = pmatlas_core::synth::profiles(120, 4);
    let app = test_app(&extra);
    let (_, _, html) = get(&app, "/regions?q=AI&country=DE").await;
    assert!(html.contains("href=\"/regions/DEG\""), "AI finds the region that wrote KI");
    let (_, _, all) = get(&app, "/regions").await;
    let n = 1 + extra.iter().filter(|p| p.code.as_str() != "DEG").count();
    assert!(all.contains(&format!("{n} of {n} regions")));
    let count = |html: &str| -> usize {
        let at = html.find("<h2 id=\"count\" class=\"count-line\">").unwrap();
        html[at..].split('>').nth(1).unwrap().split(' ').next().unwrap().parse().unwrap()
    };
    let (_, _, one) = get(&app, "/regions?q=biobank").await;
    let (_, _, two) = get(&app, "/regions?q=biobank&seeking=yes").await;
    let (_, _, three) = get(&app, "/regions?q=biobank&seeking=yes&country=DE").await;
    let (a, b, c) = (count(&one), count(&two), count(&three));
    assert!(a >= b && b >= c && c >= 1, "{a} {b} {c}");
    assert!(three.contains("Seeking collaboration: Yes"), "active filters are listed");
    assert!(three.contains("href=\"/regions/DEG\""));
    let (_, _, none) = get(&app, "/regions?q=zzzqqq").await;
    assert!(none.contains("No region matches") && none.contains("No profile contains “zzzqqq”"));
    let (_, _, none) = get(&app, "/regions?country=DE&country=FR&seeking=no&q=infectognostics").await;
    assert!(none.contains("Remove a filter above to widen the search"));
}

#[tokio::test]
async fn results_come_in_pages() {
    let extra = pmatlas_core::synth::profiles(120, 4);
    let app = test_app(&extra);
    let n = 1 + extra.iter().filter(|p| p.code.as_str() != "DEG").count();
    let (_, _, first) = get(&app, "/regions?sort=name").await;
    assert!(first.contains(&format!("{n} of {n} regions <span class=\"note\">(showing 1–25)</span>")));
    let at = first.find("rel=\"next\"").expect("a next link");
    assert!(first[..at].ends_with("page=2\" "), "{}", &first[at - 60..at]);
    assert_eq!(first.matches("<li>\n          <h3>").count(), 25);
    let last_page = n.div_ceil(25);
    let (_, _, last) = get(&app, &format!("/regions?sort=name&page={last_page}")).await;
    assert!(last.contains(&format!("(showing {}–{n})", (last_page - 1) * 25 + 1)));
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    assert!(last.contains("href=\"/map\""), "the map link carries the selection, not the sort or the page");
    let (_, _, stats) = get(&app, "/stats?page=3").await;
    assert!(!stats.contains("These follow the current search"), "a page number is no filter");
    let (_, _, beyond) = get(&app, "/regions?page=99").await;
    assert!(beyond.contains(&format!("Page {last_page} of {last_page}")), "an out-of-range page shows the last one");
}

/// Pages a policy officer can use (first pieces): a search finds British and American
/// spellings and network names; compare highlights only differences between stated values;
/// the membership grid shows the networks held first; the site has an icon.
#[tokio::test]
async fn search_spellings_networks_compare_grid_and_icon() {
    let mut other = pmatlas_core::synth::profile(11, 4);
    other.description = vec![Text::new("A leader in personalized medicine and standardization.").unwrap()];
    other.memberships.clear();
    other.nace.clear();
    let app = test_app(&[other.clone()]);
    let (_, _, uk) = get(&app, "/regions?q=personalised+standardisation").await;
    assert!(uk.contains(&format!("href=\"/regions/{}\"", other.code)), "American spelling found by the British one");
    let (_, _, us) = get(&app, "/regions?q=personalization").await;
    assert!(us.contains(&format!("href=\"/regions/{}\"", other.code)));
    // Thuringia is an S3MedTech region: its network is searchable by name.
    let (_, _, net) = get(&app, "/regions?q=S3MedTech").await;
    assert!(net.contains("href=\"/regions/DEG\""), "network names are searchable");
    // The other region states no memberships and no NACE codes: no highlighted row for them.
    let (_, _, cmp) = get(&app, &format!("/compare?r=DEG&r={}", other.code)).await;
    let row = |label: &str| cmp.split("<tr").find(|r| r.contains(&format!("{label}</th>"))).unwrap_or("").to_string();
    assert!(
        !row("ICPerMed").contains("differs"),
        "a value one region does not state is no difference: {}",
        row("ICPerMed")
    );
    assert!(row("Country").contains("differs"));
    // The grid: networks held come before the rest.
    let (_, _, profile) = get(&app, "/regions/DEG").await;
    let first_yes = profile.find("class=\"member yes").unwrap();
    let first_no = profile.find("class=\"member no").unwrap();
    assert!(first_yes < first_no, "held networks first");
    // Networks held in the grid, those not held folded, designations apart.
    let grid = profile.split("<ul class=\"grid\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(
        grid.contains("ERRIN") && !grid.contains("Mountain") && !grid.contains("according to the European Commission"),
        "{grid}"
    );
    assert!(profile.contains("<summary>Not a member of "));
    let geo = profile.split("<h3>Geography and designations</h3>").nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(geo.contains("Mountain region") && geo.contains("according to the European Commission"), "{geo}");
    let (status, h, _) = get(&app, "/favicon.ico").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "image/svg+xml");
}

/// The search words show as a chip that removes them, keeping the filters.
#[tokio::test]
async fn search_words_are_a_removable_chip() {
    let app = test_app(&[]);
    let (_, _, html) = get(&app, "/regions?q=biobank&country=DE").await;
    assert!(html.contains("href=\"/regions?country=DE\" aria-label=\"Remove filter Words: “biobank”\""), "{html}");
}

/// The search finds regions by their names in other languages, shows where each result
/// matched, groups the membership filters, and lets a filter match all of its values.
#[tokio::test]
async fn search_names_snippets_groups_and_match_all() {
    let mut catalonia = pmatlas_core::synth::profile(21, 4);
    catalonia.code = pmatlas_core::NutsCode::parse("ES51").unwrap();
    catalonia.name = Text::new("Cataluña").unwrap();
    catalonia.description = vec![Text::new("Hospitals working on personalized oncology since 2015.").unwrap()];
    let icpermed = pmatlas_core::vocab::NetworkId::from_id("icpermed").unwrap();
    catalonia.memberships.retain(|m| m.network != icpermed);
    catalonia.memberships.push(pmatlas_core::Membership {
        network: icpermed,
        answer: pmatlas_core::MembershipAnswer::Yes,
        note: None,
    });
    let extra: Vec<Profile> = std::iter::once(catalonia).chain(pmatlas_core::synth::profiles(120, 9)).collect();
    let app = test_app(&extra);
    for (q, within, code) in [
        ("Thüringen", "", "DEG"),
        ("Thuringia", "", "DEG"),
        ("Catalonia", "", "ES51"),
        ("Catalunya", "", "ES51"),
        ("ICPerMed", "", "ES51"),
        // Many generated regions speak of personalised medicine: among Spain's.
        ("personalized", "&country=ES", "ES51"),
    ] {
        let (_, _, html) = get(&app, &format!("/regions?q={}{within}", urlencoding(q))).await;
        assert!(html.contains(&format!("href=\"/regions/{code}\"")), "{q} finds {code}");
    }
    // The snippet shows the words that matched, marked (among Spain's: the generated
    // regions that say both words elsewhere rank first).
    let (_, _, html) = get(&app, "/regions?q=personalised+oncology&country=ES").await;
    assert!(
        html.contains("<mark>personalized</mark> <mark>oncology</mark>"),
        "{}",
        html.split("<h3>").skip(1).map(|h| &h[..h.len().min(700)]).collect::<Vec<_>>().join("\n---\n")
    );
    assert!(html.contains("<span class=\"section\">Matched in Description:</span>"));
    // Memberships come in groups, each under a heading.
    let (_, _, html) = get(&app, "/regions").await;
    let macro_regions = html.find("Memberships: macro-regions").expect("grouped memberships");
    let danube = html.find(">Danube<").or_else(|| html.find(">Danube ")).unwrap_or(usize::MAX);
    assert!(danube == usize::MAX || danube > macro_regions);
    assert!(html.contains("name=\"all\" value=\"topic\""), "topics can be matched all at once");
    assert!(!html.contains("name=\"all\" value=\"country\""), "a region has one country: no 'all' there");
    // Match all narrows, match any widens.
    let count = |html: &str| -> usize {
        let at = html.find("id=\"count\" class=\"count-line\">").unwrap() + 30;
        html[at..].split(' ').next().unwrap().parse().unwrap()
    };
    let topics: Vec<String> = {
        let at = html.find("name=\"topic\" value=\"").unwrap();
        html[at..]
            .split("name=\"topic\" value=\"")
            .skip(1)
            .take(2)
            .map(|s| s.split('"').next().unwrap().to_string())
            .collect()
    };
    let any = format!("/regions?topic={}&topic={}", topics[0], topics[1]);
    let (_, _, a) = get(&app, &any).await;
    let (_, _, b) = get(&app, &format!("{any}&all=topic")).await;
    assert!(count(&b) < count(&a), "all {} < any {}", count(&b), count(&a));
    assert!(b.contains("name=\"all\" value=\"topic\" checked"));
    assert!(b.contains("Collaboration topics: all of these"), "a chip says so, and removes it");
    // "all" naming no facet, or one with single values, is dropped from the links.
    let (_, _, c) = get(&app, &format!("{any}&all=country&all=nonsense")).await;
    assert_eq!(count(&c), count(&a));
    assert!(!c.contains("all=nonsense") && !c.contains("all=country"));
}

fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_string()
}

/// Words searched: best match first (a named biobank before a description's mention), with
/// a sort choice; each result says its PM work in a line and where it matched, networks
/// included; a link skips the filters, and the filters apply from their top.
#[tokio::test]
async fn search_ranks_best_match_first_and_says_why() {
    let mut mention = pmatlas_core::synth::profile(11, 4);
    mention.name = Text::new("Aaaland").unwrap();
    mention.description = vec![Text::new("A region that once thought of a biobank.").unwrap()];
    mention.initiatives.clear();
    mention.collaboration = None;
    let mut named = pmatlas_core::synth::profile(12, 4);
    named.name = Text::new("Zzzland").unwrap();
    named.initiatives = vec![pmatlas_core::format::initiative(Some(1), "Zzz Population Biobank").unwrap()];
    named.description.clear();
    named.collaboration = None;
    let (a, z) = (mention.code.to_string(), named.code.to_string());
    let app = test_app(&[mention, named]);
    let order = |html: &str| {
        let (pa, pz) = (html.find(&format!("href=\"/regions/{a}\">")), html.find(&format!("href=\"/regions/{z}\">")));
        pa.zip(pz).map(|(pa, pz)| pz < pa)
    };
    let (_, _, best) = get(&app, "/regions?q=biobank").await;
    assert_eq!(order(&best), Some(true), "the named biobank first");
    assert!(best.contains("<option value=\"relevance\" selected>Best match</option>"));
    assert!(best.contains("Matched in Initiatives:</span> Zzz Population <mark>Biobank</mark>"), "{best}");
    let (_, _, by_name) = get(&app, "/regions?q=biobank&sort=name").await;
    assert_eq!(order(&by_name), Some(false), "by name when asked");
    let (_, _, icpermed) = get(&app, "/regions?q=S3MedTech").await;
    assert!(icpermed.contains("Matched in the networks it is in:</span> <mark>S3MedTech</mark>"), "{icpermed}");
    assert!(icpermed.contains("<p class=\"summary\">Works on "), "a line of PM work");
    let (skip, facets) = (best.find("Skip to the").unwrap(), best.find("<h2>Filters</h2>").unwrap());
    assert!(skip < facets && best[facets..].find("Apply filters").unwrap() < best[facets..].find("<details").unwrap());
}
