//! The matches page: of a region naming countries where it wishes partners, and of the only
//! region in the atlas.

use super::*;

/// Four regions working in nothing a test asks of (PT11 to PT14, "Other 1" to "Other 4"), so
/// that a field some regions work in singles them out.
pub(super) fn plain() -> Vec<Profile> {
    let plain = (1..=4).map(|i| {
        let code = pmatlas_core::NutsCode::parse(&format!("PT1{i}")).unwrap();
        let mut p = Profile::new(code, Text::new(&format!("Other {i}")).unwrap());
        p.description = vec![Text::new("Tourism, wine and a long coastline.").unwrap()];
        p
    });
    plain.collect()
}

/// Emilia-Romagna, answering the collaboration question with `line`.
fn asker(line: &str) -> Profile {
    let mut asker = Profile::new(pmatlas_core::NutsCode::parse("ITH5").unwrap(), Text::new("Emilia-Romagna").unwrap());
    asker.collaboration = Some(pmatlas_core::Collaboration::new(Some(true), Text::new(line), vec![], vec![]));
    asker
}

/// Countries named in the answer are shown as wished, and a region there is found for it,
/// the note saying what that counts for.
#[tokio::test]
async fn wished_countries_are_shown_and_counted() {
    let app = test_app(&[asker("nanomedicine; with regions in Germany and Austria, or the Nordic countries")]);
    let (status, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<span class=\"chip\" title=\"written as “nanomedicine”\">nanomedicine</span>"), "{html}");
    assert!(
        html.contains("Emilia-Romagna would like to collaborate with regions in: <span class=\"chip\">Germany</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Austria (no profile in the atlas there yet)</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Nordic countries (no profile in the atlas there yet)</span></p>"),
        "{html}"
    );
    assert!(html.contains("Emilia-Romagna would like to collaborate with Germany: Thuringia is in Germany."), "{html}");
    assert!(html.contains("for a country or region either names as a wished partner where the other is"), "{html}");
    // A kind of region named ("other mountain regions") is shown as such, and found.
    let mut carinthia = Profile::new(pmatlas_core::NutsCode::parse("AT21").unwrap(), Text::new("Kärnten").unwrap());
    carinthia.memberships.push(pmatlas_core::Membership {
        network: pmatlas_core::vocab::NetworkId::from_id("mountain").unwrap(),
        answer: pmatlas_core::MembershipAnswer::Yes,
        note: None,
    });
    let app = test_app(&[asker("nanomedicine; with other mountain regions"), carinthia]);
    let (_, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert!(
        html.contains("Emilia-Romagna seeks partners among: <span class=\"chip\">mountain regions</span></p>"),
        "{html}"
    );
    assert!(html.contains("with mountain regions: Kärnten is one, a mountain region by its profile."), "{html}");
    assert!(!html.contains("would like to collaborate with regions in"), "a kind of region is no place: {html}");
    // A macro-region by its name, with the words it was written in; where no profile says it
    // is in one, the page says so, as of a kind of region no profile is.
    let app = test_app(&[asker("nanomedicine; with regions of the Danube and Alpine macro-regions, and islands")]);
    let (_, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert!(
        html.contains("would like to collaborate with regions in: <span class=\"chip\" title=\"written as “Danube”\">Danube macro-region (no profile in the atlas there yet)</span><span class=\"visually-hidden\">, </span><span class=\"chip\" title=\"written as “Alpine”\">Alpine macro-region (no profile in the atlas there yet)</span></p>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"chip\">islands (no profile in the atlas is one yet)</span>"), "{html}");
    // Emilia-Romagna is on the Mediterranean itself: no other profile is.
    let sea = test_app(&[asker("nanomedicine; with Mediterranean regions")]);
    let (_, _, coast) = get(&sea, "/regions/ITH5/matches").await;
    assert!(
        coast.contains("<span class=\"chip\">Mediterranean regions (no other profile in the atlas is one yet)</span>"),
        "{coast}"
    );
    let (_, _, profile) = get(&app, "/regions/ITH5").await;
    assert!(profile.contains("<a href=\"/regions/ITH5/matches\">Alpine macro-region</a>"), "{profile}");
    // Not in one topic: the countries are not what is ranked there.
    let (_, _, one) = get(&app, "/regions/ITH5/matches?topic=genomics").await;
    assert!(!one.contains("would like to collaborate with regions in"), "{one}");
    // A country outside the atlas is said as wished, and that no region can meet it; it is
    // not asked for as a word no region answers.
    // A country of the atlas with no profile in it is said so; one with a profile is not.
    let saxony = Profile::new(pmatlas_core::NutsCode::parse("DED").unwrap(), Text::new("Sachsen").unwrap());
    let app = test_app(&[asker("nanomedicine; with partners in Israel, Germany, Austria, Italy and the USA"), saxony]);
    let (_, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert!(
        html.contains("would like to collaborate with regions in: <span class=\"chip\">Israel (outside the atlas: no region there)</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Germany</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Austria (no profile in the atlas there yet)</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Italy (no other profile in the atlas there yet)</span><span class=\"visually-hidden\">, </span><span class=\"chip\">USA (outside the atlas: no region there)</span></p>"),
        "{html}"
    );
    assert!(!html.contains("“Israel”") && !html.contains("“USA”"), "{html}");
}

/// Regions that answer what the asker seeks come first; those whose points are all bonuses
/// (here: being in a wished country) follow under their own heading, numbered on. One list
/// where there is one order (a topic).
#[tokio::test]
async fn bonus_only_regions_are_shown_apart() {
    let asker = asker("nanomedicine; with regions in Germany");
    let mut answering = Profile::new(pmatlas_core::NutsCode::parse("AT21").unwrap(), Text::new("Kärnten").unwrap());
    let prose = "A sentence of prose on nanomedicine research.";
    answering.description = vec![Text::new(prose).unwrap()];
    let app = test_app(&[asker.clone(), answering.clone()]);
    let (status, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert_eq!(status, StatusCode::OK);
    let (kaernten, thuringia) =
        (html.find("<a href=\"/regions/AT21\">").unwrap(), html.find("<a href=\"/regions/DEG\">").unwrap());
    let heading = html.find("<h2 class=\"tier\" id=\"bonuses\">Then the regions whose points are all bonuses</h2>");
    let heading = heading.unwrap_or_else(|| panic!("{html}"));
    assert!(kaernten < heading && heading < thuringia, "{html}");
    assert!(html[heading..].contains("<ol class=\"matches\" start=\"2\">"), "{html}");
    assert!(html.contains("They answer nothing Emilia-Romagna seeks"), "{html}");
    assert!(!html.contains("Of what Emilia-Romagna seeks"), "all it seeks is answered: {html}");
    // The API says which tier each is in, both addresses alike.
    for url in ["/api/v1/regions/ITH5/matches", "/api/regions/ITH5/matches"] {
        let v: serde_json::Value = serde_json::from_str(&get(&app, url).await.2).unwrap();
        let tiers: Vec<_> =
            v["matches"].as_array().unwrap().iter().map(|m| (m["code"].clone(), m["answers"].clone())).collect();
        assert_eq!(tiers, [("AT21".into(), true.into()), ("DEG".into(), false.into())], "{url}");
    }
    // With a topic, every region listed answers it: one list, no heading.
    let (_, _, one) = get(&app, "/regions/ITH5/matches?topic=genomics").await;
    assert!(!one.contains("class=\"tier\""), "{one}");
    // Where nothing answers, the heading says so and the list starts at 1.
    let app = test_app(&[asker]);
    let (_, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert!(html.contains("<h2 class=\"tier\" id=\"bonuses\">Regions whose points are all bonuses</h2>"), "{html}");
    assert!(html.contains("No region’s evidence answers what Emilia-Romagna seeks."), "{html}");
    assert!(html.contains("<ol class=\"matches\">") && html.contains("<a href=\"/regions/DEG\">"), "{html}");
}

/// A region naming nothing it seeks, that no region's wish or field meets, is told what was
/// looked for, and a topic nobody shows says so.
#[tokio::test]
async fn an_empty_list_says_what_was_looked_for() {
    let blank = Profile::new(pmatlas_core::NutsCode::parse("SI").unwrap(), Text::new("Slovenija").unwrap());
    let app = test_app(&[blank]);
    let (_, _, html) = get(&app, "/regions/SI/matches").await;
    assert!(
        html.contains("Slovenija names no field or network it seeks, shows no field it works in that other regions, at most half of them, work in too, and no region seeks what it offers, is where it wishes partners, or names it or its country as a wished partner. Choose a topic above"),
        "{html}"
    );
    let (_, _, html) = get(&app, "/regions/SI/matches?topic=high_performance_computing").await;
    assert!(html.contains("No other region shows evidence of high-performance computing."), "{html}");
}

/// A region named in the answer is shown as wished, and found first as something the asker
/// seeks, the reason saying so; the note says what it counts for.
#[tokio::test]
async fn a_wished_region_is_shown_and_found() {
    let app = test_app(&[asker("nanomedicine; cooperation with Thuringia and Flanders")]);
    let (status, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Emilia-Romagna would like to collaborate with: <span class=\"chip\" title=\"NUTS DEG\">Thuringia</span><span class=\"visually-hidden\">, </span><span class=\"chip\" title=\"NUTS BE2\">Flanders (no profile in the atlas yet)</span></p>"),
        "{html}"
    );
    assert!(html.contains("<li>Emilia-Romagna would like to collaborate with Thuringia.</li>"), "{html}");
    assert!(html.contains("shared interests 5"), "{html}");
    assert!(html.contains("A region Emilia-Romagna names as a wished partner (“with Flanders”), one in it or one holding it, counts 5 of those points."), "{html}");
    assert!(!html.contains("Then the regions whose points are all bonuses"), "Thuringia answers a wish: {html}");
    // The profile says so at a glance, leading to the matches.
    let (_, _, profile) = get(&app, "/regions/ITH5").await;
    assert!(
        profile.contains("<dt>Would like to collaborate with</dt><dd><a href=\"/regions/ITH5/matches\">Thuringia</a><span class=\"sep\">, </span><a href=\"/regions/ITH5/matches\">Flanders</a> <span class=\"note\">(named under Collaboration)</span>"),
        "{profile}"
    );
}

#[tokio::test]
async fn a_site_with_one_region_says_so_on_its_matches_page() {
    let (_, _, html) = get(&test_app(&[]), "/regions/DEG/matches").await;
    assert!(html.contains("Thuringia is the only region in the atlas so far"), "{html}");
    assert!(html.contains("<p class=\"dated\">Thuringia’s profile: 2019 edition.</p>"), "how old the asker's data is");
    assert!(!html.contains("No other region's evidence answers"), "nothing was searched");
}

/// What the region seeks that no region answers is said above the list, on the page and in
/// the API alike, and only that.
#[tokio::test]
async fn what_no_region_answers_is_said() {
    let mut answering = Profile::new(pmatlas_core::NutsCode::parse("AT21").unwrap(), Text::new("Kärnten").unwrap());
    answering.description = vec![Text::new("A sentence of prose on nanomedicine research.").unwrap()];
    let app = test_app(&[asker("nanomedicine, data privacy"), answering]);
    let said = "Of what Emilia-Romagna seeks, no region’s evidence answers “data privacy” in words; the regions below answer the rest.";
    let (_, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert!(html.contains(&format!("<p class=\"note\">{said}</p>")), "{html}");
    let v: serde_json::Value = serde_json::from_str(&get(&app, "/api/v1/regions/ITH5/matches").await.2).unwrap();
    assert_eq!(v["unanswered"], said);
    // Not in one topic: the list answers the topic, not the asks.
    let (_, _, one) = get(&app, "/regions/ITH5/matches?topic=genomics").await;
    assert!(!one.contains("Of what Emilia-Romagna seeks"), "{one}");
}

/// A region seeking nothing whose only evidence is a ticked topic is matched by that field, and
/// the page says it is matched by all its evidence, ticks too.
#[tokio::test]
async fn a_region_showing_only_ticks_is_matched_by_them() {
    let mut wien = Profile::new(pmatlas_core::NutsCode::parse("AT13").unwrap(), Text::new("Wien").unwrap());
    let ticked = Text::new("Electronic and mobile health solutions").unwrap();
    let topic = pmatlas_core::vocab::PolicyTopicId::lookup(ticked.as_str());
    wien.policy_topics = vec![pmatlas_core::PolicyTopic { topic, text: ticked }];
    let mut sachsen = Profile::new(pmatlas_core::NutsCode::parse("DED").unwrap(), Text::new("Sachsen").unwrap());
    sachsen.initiatives.push(pmatlas_core::format::initiative(Some(1), "RL eHealthSax").unwrap());
    // Where every region works in it, it singles nobody out, and the page says so.
    let app = test_app(&[wien.clone(), sachsen.clone()]);
    let (_, _, html) = get(&app, "/regions/AT13/matches").await;
    assert!(
        html.contains("Wien names no field or network it seeks, no other region shows enough evidence of the fields it works in (e-health and assisted living), and no region seeks"),
        "{html}"
    );
    // Regions with nothing of it, so that the field is not one every region works in.
    let app = test_app(&[vec![wien, sachsen], plain()].concat());
    let (status, _, html) = get(&app, "/regions/AT13/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Wien names no field or network it seeks. It shows no field that at most half the regions work in by evidence at least a policy or strategy statement, so it is matched by the fields all its evidence shows (ticked topics and codes too), those fewest regions work in first: <span class=\"chip\">e-Health and assisted living</span>"),
        "{html}"
    );
    assert!(html.contains("Wien and Sachsen both work on e-health and assisted living: Wien ticks"), "{html}");
}

/// A short list ends with the regions working in the fields the asker works in, under their
/// own heading naming those fields, numbered on; their points are for those alone.
#[tokio::test]
async fn a_short_list_is_filled_by_the_askers_fields() {
    let mut asker = asker("nanomedicine");
    asker.initiatives.push(
        pmatlas_core::format::initiative(
            Some(1),
            "Biomedical district of Mirandola, a cluster of medical technology companies",
        )
        .unwrap(),
    );
    let mut answering = Profile::new(pmatlas_core::NutsCode::parse("AT21").unwrap(), Text::new("Kärnten").unwrap());
    answering.description = vec![Text::new("A sentence of prose on nanomedicine research.").unwrap()];
    let app = test_app(&[vec![asker, answering], plain()].concat());
    let (status, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert_eq!(status, StatusCode::OK);
    let heading =
        "<h2 class=\"tier\" id=\"same-fields\">Then the regions working in the fields Emilia-Romagna works in</h2>";
    let at = html.find(heading).unwrap_or_else(|| panic!("{html}"));
    let (kaernten, thuringia) =
        (html.find("<a href=\"/regions/AT21\">").unwrap(), html.find("<a href=\"/regions/DEG\">").unwrap());
    assert!(kaernten < at && at < thuringia, "{html}");
    assert!(!html.contains("id=\"bonuses\""), "no region earns a bonus: {html}");
    assert!(html[at..].contains("fewest regions work in first, then, still short, those most regions work in: <span class=\"chip\">Medical technology</span>. Their points are for those fields alone"), "{html}");
    assert!(html[at..].contains("<ol class=\"matches\" start=\"2\">"), "{html}");
    assert!(
        html.contains(
            "<li>Emilia-Romagna and Thuringia both work on medical technology: Emilia-Romagna names in its initiatives"
        ),
        "{html}"
    );
    // Its score is its same fields alone.
    let score = &html[thuringia..][..html[thuringia..].find("</h2>").unwrap()];
    let parts = score.split("<span class=\"note\">score ").nth(1).unwrap_or_else(|| panic!("{score}"));
    let (total, part) = parts.split_once(": same fields ").unwrap_or_else(|| panic!("{score}"));
    assert!(part.starts_with(total) && !part.contains('+'), "{score}");
    // The API gives the same list, the filling region answering nothing.
    let v: serde_json::Value = serde_json::from_str(&get(&app, "/api/v1/regions/ITH5/matches").await.2).unwrap();
    let tiers: Vec<_> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["code"].clone(), m["answers"].clone(), m["fills"].clone()))
        .collect();
    assert_eq!(tiers, [("AT21".into(), true.into(), false.into()), ("DEG".into(), false.into(), true.into())]);
    // A region seeking nothing: matched by a rare field, then filled by its other fields.
    let mut malta = Profile::new(pmatlas_core::NutsCode::parse("MT").unwrap(), Text::new("Malta").unwrap());
    malta
        .initiatives
        .push(pmatlas_core::format::initiative(Some(1), "Centre for Molecular Medicine and Biobanking").unwrap());
    malta.description = vec![Text::new("Malta has a growing pharmaceuticals industry.").unwrap()];
    let mut sachsen = Profile::new(pmatlas_core::NutsCode::parse("DED").unwrap(), Text::new("Sachsen").unwrap());
    sachsen
        .initiatives
        .push(pmatlas_core::format::initiative(Some(1), "Pharmaceutical research centre Dresden").unwrap());
    let app = test_app(&[vec![malta, sachsen], plain()].concat());
    let (_, _, html) = get(&app, "/regions/MT/matches").await;
    let heading = "<h2 class=\"tier\" id=\"same-fields\">Then the regions working in the fields Malta works in</h2>";
    let at = html.find(heading).unwrap_or_else(|| panic!("{html}"));
    assert!(
        html[..at].contains("<a href=\"/regions/DEG\">") && html[at..].contains("<a href=\"/regions/DED\">"),
        "{html}"
    );
    assert!(
        html[at..].contains("Fewer regions than the list holds work in the fields above or earn a bonus"),
        "{html}"
    );
    assert!(html[at..].contains("<span class=\"chip\">Pharmaceuticals</span>"), "{html}");
}
