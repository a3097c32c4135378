//! The words of an ask outside the topic list: each coordinated part is asked on its own (a
//! candidate answering one part need not hold another's words), and a word that says little
//! alone, left over beside a field the line names ("self-learning systems"), asks nothing.

use pmatlas_core::matching::Matcher;
use pmatlas_core::*;

mod common;
use common::regions::*;

#[test]
fn each_coordinated_part_is_answered_on_its_own() {
    let asker = region("ITH5", "Emilia-Romagna", Some("common data-collection protocols and privacy"));
    let mut private = region("EE", "Estonia", None);
    initiative(&mut private, "Patient privacy board");
    let ps_all = {
        let mut v = vec![asker, private];
        v.extend(others());
        v
    };
    let ps: Vec<&Profile> = ps_all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let ee = found.iter().find(|f| ps[f.index].code.as_str() == "EE").expect("privacy alone is asked");
    assert!(
        ee.reasons[0]
            .starts_with("Emilia-Romagna seeks “privacy”: Estonia names in its initiatives “Patient privacy board”"),
        "{:?}",
        ee.reasons
    );

    let asker =
        region("ITC4", "Lombardia", Some("pharmacogenomics, clinical trials with companies, digital pathology"));
    let mut pgx = region("EE", "Estonia", None);
    initiative(&mut pgx, "National pharmacogenomics programme");
    let mut pathology = region("FI1D", "Pohjois- ja Itä-Suomi", None);
    initiative(&mut pathology, "Digital pathology hub");
    let all = [vec![asker, pgx, pathology], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let mut got = codes(&m, &ps, 0);
    got.sort();
    assert_eq!(got, ["EE", "FI1D"], "each part finds its own region");
}

#[test]
fn a_word_that_says_little_alone_asks_nothing() {
    let asker = region("ES43", "Extremadura", Some("telemonitoring and self-learning systems, HPC"));
    let mut hub = region("DED", "Sachsen", None);
    hub.digital_innovation_hubs = vec![Text::new("Smart Systems Hub Dresden").unwrap()];
    let mut ai = region("SE22", "Sydsverige", None);
    initiative(&mut ai, "Self-learning systems for clinical decisions");
    let all = [vec![asker, hub, ai], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["SE22"], "a hub sharing only the word “systems” answers nothing");
    let found = m.partners(0, None, 5);
    assert!(
        found[0].reasons.iter().all(|r| !r.contains("“telemonitoring and self-learning systems, HPC”")),
        "{:?}",
        found[0].reasons
    );
}

#[test]
fn one_word_beside_a_field_is_answered_with_the_field() {
    let asker = region("PT30", "Madeira", Some("in the area of newborn screening"));
    let mut both = region("EE", "Estonia", None);
    initiative(&mut both, "Newborn screening programme");
    let mut word = region("FI1D", "Pohjois- ja Itä-Suomi", None);
    initiative(&mut word, "Newborn care unit");
    let mut field = region("SE22", "Sydsverige", None);
    initiative(&mut field, "Cancer screening programme");
    let all = [vec![asker, word, field, both], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["EE", "SE22"], "“newborn” alone answers nothing of newborn screening");
    let found = m.partners(0, None, 5);
    assert!(
        ["Madeira seeks ", "“newborn screening”", "prediction and prevention (“screening”)"]
            .iter()
            .all(|x| found[0].reasons[0].contains(x)),
        "{:?}",
        found[0].reasons
    );
}

/// A country named in the answer is a wished partner country, not words to find in the
/// evidence ("Collaborations with Germany" is no region in Germany).
#[test]
fn a_country_named_in_the_answer_is_wished() {
    let asker = region("ES51", "Cataluña", Some("with regions in Germany and Austria"));
    let german = region("DEG", "Thuringia", None);
    let mut french = region("FRF", "Grand Est", None);
    initiative(&mut french, "Collaborations with Germany, Switzerland");
    let all = [vec![asker, french, german], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["DEG"]);
    let found = m.partners(0, None, 5);
    assert_eq!(found[0].reasons, ["Cataluña would like to collaborate with Germany: Thuringia is in Germany."]);
    // Its own country, as a region describes itself, is no wish.
    let itself = region("DEG", "Thuringia", Some("as a German region, we seek partners in biobanks"));
    assert!(pmatlas_core::matching::evidence(&itself).wants_countries.is_empty());
}

#[test]
fn a_group_of_countries_named_is_wished() {
    let asker = region("ITF1", "Abruzzo", Some("partners from the Nordic countries"));
    let swedish = region("SE22", "Sydsverige", None);
    let all = [vec![asker, swedish], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].reasons, ["Abruzzo would like to collaborate with Nordic countries: Sydsverige is in Sweden."]);
    // Horizon Europe's Widening countries, by that name only: "Widening participation" wishes none.
    let wished =
        |line: &str| pmatlas_core::matching::evidence(&region("ITF1", "Abruzzo", Some(line))).wants_countries.len();
    assert_eq!(wished("genomics, with partners from Widening countries"), 15);
    assert_eq!(wished("Widening participation actions on genomics"), 0);
    // The parts of Europe as the UN's M49 draws them: "eastern France" answers no wish.
    assert_eq!((wished("regions in Eastern Europe"), wished("Western European partners")), (6, 8));
}

/// "Central and Eastern Europe" is a group of countries (the EU's eleven), and the function
/// words of a long answer are no words asked: "into" and "implementing" shared with a
/// description earn nothing.
#[test]
fn central_and_eastern_europe_is_wished_and_function_words_ask_nothing() {
    let line = "regions in Central and Eastern Europe implementing personalised treatments into the health care system";
    let asker = region("ITF1", "Abruzzo", Some(line));
    let polish = region("PL51", "Dolnośląskie", None);
    let mut prose = region("FRF", "Grand Est", None);
    prose.description = vec![Text::new("Projects are implementing robotics into factories.").unwrap()];
    let all = [vec![asker, polish, prose], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes, ["PL51"], "{:?}", found.iter().map(|x| &x.reasons).collect::<Vec<_>>());
    assert_eq!(
        found[0].reasons,
        ["Abruzzo would like to collaborate with Central and Eastern Europe: Dolnośląskie is in Poland."]
    );
}

/// A macro-region named is a place: the regions that say they are in it are wished; being in
/// it is a fact, never a network both hold.
#[test]
fn a_macro_region_named_is_wished() {
    let asker = region("ITF1", "Abruzzo", Some("partners in the Baltic Sea Region"));
    let mut inside = region("LT", "Lithuania", None);
    member(&mut inside, "baltic_sea", MembershipAnswer::Yes);
    let mut outside = region("PL51", "Dolnośląskie", None);
    member(&mut outside, "baltic_sea", MembershipAnswer::No);
    let all = [vec![asker, outside, inside], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    assert_eq!(codes(&m, &ps, 0), ["LT"]);
    assert_eq!(
        found[0].reasons,
        ["Abruzzo would like to collaborate in the Baltic Sea macro-region (“Baltic Sea Region”): Lithuania is in it."]
    );
    // The other way round: Lithuania's matches say Abruzzo wishes partners where it is.
    let back = m.partners(2, None, 5);
    let abruzzo = back.iter().find(|f| ps[f.index].code.as_str() == "ITF1").expect("found both ways");
    assert_eq!(
        abruzzo.reasons,
        ["Abruzzo would like to collaborate in the Baltic Sea macro-region (“Baltic Sea Region”): Lithuania is in it."]
    );
}

/// A designation named ("other mountain regions", "sparsely populated areas") is a place too:
/// the regions its facts give it are wished, and the reason says why each is one; its words
/// are asked as nothing else ("mountain" is no field), and a region describing itself as one
/// ("as a mountain region") or naming them as whom partners should work for wishes for nothing.
#[test]
fn a_designation_named_is_wished() {
    let asker = region("ITF1", "Abruzzo", Some("partners among other mountain regions and sparsely populated areas"));
    let mut mountain = region("AT21", "Kärnten", None);
    member(&mut mountain, "mountain", MembershipAnswer::Yes);
    let mut lowland = region("NL33", "Zuid-Holland", None);
    member(&mut lowland, "mountain", MembershipAnswer::No);
    let mut sparse = region("FI1D", "Pohjois- ja Itä-Suomi", None);
    sparse.key_figures.density = Some(Figure { value: 11.5, year: None });
    let all = [vec![asker, lowland, mountain, sparse], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let mut got = codes(&m, &ps, 0);
    got.sort();
    assert_eq!(got, ["AT21", "FI1D"]);
    let reason = |code: &str| found.iter().find(|f| ps[f.index].code.as_str() == code).unwrap().reasons.clone();
    assert_eq!(
        reason("AT21"),
        ["Abruzzo would like to collaborate with mountain regions: Kärnten is one, a mountain region by its profile."]
    );
    assert_eq!(
        reason("FI1D"),
        ["Abruzzo would like to collaborate with sparsely populated regions (“sparsely populated areas”): Pohjois- ja Itä-Suomi is one, sparsely populated (11.5 inhabitants per km², under the EU's 12.5)."]
    );
    assert!(
        m.evidence(0).wants_countries.len() == 2 && pmatlas_core::matching::asks::asks(ps[0]).is_empty(),
        "places, no words asked"
    );
    // The other way round, and a region that describes itself.
    let back = m.partners(2, None, 5);
    assert!(back.iter().any(|f| ps[f.index].code.as_str() == "ITF1"), "found both ways");
    let itself = region("ITF2", "Molise", Some("as a mountain region, partners in e-health"));
    assert!(pmatlas_core::matching::evidence(&itself).wants_countries.is_empty());
    // Such regions named as what partners should work for wishes none: the words are asked.
    let asker = region("SE33", "Övre Norrland", Some("care at home for sparsely populated areas"));
    let mut words = region("NO", "Norway", None);
    initiative(&mut words, "Remote care at home in sparsely populated areas");
    let all = [vec![asker, words, all[3].clone()], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert!(m.evidence(0).wants_countries.is_empty());
    assert_eq!(codes(&m, &ps, 0), ["NO"], "{:?}", m.partners(0, None, 5));
    // Islands and the outermost regions are one by where they lie.
    let asker = region("PT30", "Madeira", Some("with other outermost regions and islands"));
    let all = [vec![asker, region("ES70", "Canarias", None), region("MT", "Malta", None)], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let found = Matcher::new(&ps).partners(0, None, 5);
    let said: Vec<&str> = found.iter().flat_map(|f| f.reasons.iter().map(String::as_str)).collect();
    assert_eq!(said, ["Madeira would like to collaborate with outermost regions: Canarias is one, an outermost region of the EU (Art. 349 TFEU).", "Madeira would like to collaborate with island regions (“islands”): Malta is one, made up of islands."]);
}

/// An ask in the region's own language is read as the field it names, and a policy title in
/// another language is evidence of its field: "medicina personalizzata, biobanche" finds
/// the region with a biobank, and the region whose plan is titled in Dutch, quoting it.
#[test]
fn fields_named_in_the_regions_languages_are_asked_and_answered() {
    let asker = region("ITC4", "Lombardia", Some("medicina personalizzata, biobanche"));
    let mut bank = region("EE", "Estonia", None);
    initiative(&mut bank, "Estonian Biobank");
    let mut plan = region("BE2", "Vlaanderen", None);
    policy(&mut plan, "Vlaamse Beleidsplan Gepersonaliseerde Geneeskunde");
    let all = [vec![asker, bank, plan], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let reason = |code: &str| {
        let f = found.iter().find(|f| ps[f.index].code.as_str() == code).unwrap_or_else(|| panic!("{code} found"));
        f.reasons[0].clone()
    };
    assert!(reason("EE")
        .starts_with("Lombardia seeks biobanks (“biobanche”): Estonia names in its initiatives “Estonian Biobank”"));
    let flemish = reason("BE2");
    assert!(
        flemish.starts_with("Lombardia seeks personalised medicine (“medicina personalizzata”): Vlaanderen names among its policy documents “Vlaamse Beleidsplan Gepersonaliseerde Geneeskunde”"),
        "{flemish}"
    );
}

/// A word the stemmer makes another's ("mobility", "mobile") asks nothing alone: researchers'
/// mobility was answered by mobile health solutions. Training, sought beside it, still is.
#[test]
fn mobility_of_researchers_is_not_mobile_health() {
    let asker = region("RO11", "Nord-Vest", Some("mobility of researchers, training"));
    let mut mobile = region("PT16", "Centro", None);
    initiative(&mut mobile, "Mobile health solutions for patients at home");
    let mut school = region("MT", "Malta", None);
    initiative(&mut school, "Summer school and training for clinicians");
    let all = [vec![asker, mobile, school], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["MT"], "{:?}", m.partners(0, None, 5));
    let found = m.partners(0, None, 5);
    assert!(found[0].reasons[0].starts_with("Nord-Vest seeks “training”: Malta names in its initiatives"), "{found:?}");
}

/// The words an answer wraps its wish in ("we welcome contacts from regions with strong …")
/// ask nothing: a region with a "strong tech industry" answered "strong medtech industry"
/// by its "strong" and its "industry".
#[test]
fn the_wrapping_of_a_wish_asks_nothing() {
    let asker =
        region("FI1B", "Helsinki-Uusimaa", Some("We welcome contacts from regions with strong medtech industry"));
    let mut tech = region("SE22", "Sydsverige", None);
    tech.description = vec![Text::new("The region has a strong tech industry with leadership in gaming.").unwrap()];
    let mut devices = region("MT", "Malta", None);
    initiative(&mut devices, "Medical devices industry cluster");
    let all = [vec![asker, tech, devices], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["MT"], "{:?}", m.partners(0, None, 5));
}

/// A region named (NUTS 1 or 2, by any of its names) is a wished partner, both ways: the
/// region itself, one in it and one holding it, not one beside it in the same country; its
/// name is no words to find (another region's description naming Flanders is no partner).
/// Beside other asks it is one, answered in part (below a named biobank for biobanks); alone,
/// a bonus, as a country named is.
#[test]
fn a_region_named_is_wished_both_ways() {
    let asker = region("ES51", "Cataluña", Some("biobanks, and cooperation with Flanders and Bavaria"));
    let flanders = region("BE2", "Vlaams Gewest / Flanders Region", None);
    let wallonia = region("BE3", "Région wallonne", None);
    let bavaria = region("DE2", "Bayern", None);
    let upper = region("DE21", "Oberbayern", None);
    let mut mentions = region("NL41", "Noord-Brabant", None);
    mentions.description = vec![Text::new("Noord-Brabant borders Flanders and works with Bavaria.").unwrap()];
    let naming = region("PL51", "Dolnośląskie", Some("partners in Catalonia"));
    let east = region("ES5", "Este", None);
    let mut biobank = region("EE", "Estonia", None);
    initiative(&mut biobank, "Estonian Biobank");
    let all = [vec![asker, flanders, wallonia, bavaria, upper, mentions, naming, east, biobank], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    let listed = codes(&m, &ps, 0);
    assert_eq!(listed[0], "EE", "a named biobank answers biobanks in full: {listed:?}");
    let mut rest = listed[1..4].to_vec();
    rest.sort();
    assert_eq!(rest, ["BE2", "DE2", "DE21"], "the regions named answer what Cataluña seeks: {listed:?}");
    assert_eq!(listed[4], "PL51", "naming Cataluña is a bonus: {listed:?}");
    assert_eq!(m.answering(0, None, &found), 4);
    let said = |code: &str| -> Vec<String> {
        found.iter().find(|x| ps[x.index].code.as_str() == code).map(|x| x.reasons.clone()).unwrap_or_default()
    };
    assert_eq!(said("BE2"), ["Cataluña would like to collaborate with Flanders."]);
    assert_eq!(said("DE21"), ["Cataluña would like to collaborate with Bavaria, where Oberbayern is."]);
    assert_eq!(said("PL51"), ["Dolnośląskie would like to collaborate with Catalonia (Cataluña)."]);
    let flanders = found.iter().find(|x| ps[x.index].code.as_str() == "BE2").unwrap();
    let w = pmatlas_core::matching::W_COVER * pmatlas_core::matching::NAMED_REGION;
    assert_eq!((flanders.breakdown.shared_interests, flanders.breakdown.reciprocity), (w, 0.0));
    // The other way: named by Cataluña as in Bavaria; and by a region seeking nothing else,
    // a bonus for the region named and one holding it.
    let of = |code: &str| ps.iter().position(|p| p.code.as_str() == code).unwrap();
    let upper_found = m.partners(of("DE21"), None, 10);
    assert_eq!(upper_found[0].reasons, ["Cataluña would like to collaborate with Bavaria, where Oberbayern is."]);
    let mut from_poland = codes(&m, &ps, of("PL51"));
    from_poland.sort();
    assert_eq!(from_poland, ["ES5", "ES51"]);
    let east_found = m.partners(of("PL51"), None, 10);
    assert!(east_found.iter().all(|x| x.breakdown.reciprocity == pmatlas_core::matching::W_RECIPROCAL));
    let east_said = east_found.iter().find(|x| ps[x.index].code.as_str() == "ES5").unwrap();
    assert_eq!(east_said.reasons, ["Dolnośląskie would like to collaborate with Catalonia, in Este."]);
}

/// A country in a region's name is no country wished: "Upper Austria" is not Austria, and
/// "Northern Ireland" not Ireland.
#[test]
fn a_country_in_a_region_name_is_not_wished() {
    let asker = region("ES51", "Cataluña", Some("biobanks; cooperation with Upper Austria and Northern Ireland"));
    let upper = region("AT31", "Oberösterreich", None);
    let vienna = region("AT13", "Wien", None);
    let ireland = region("IE05", "Southern", None);
    let all = [vec![asker, upper, vienna, ireland], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    assert_eq!(codes(&m, &ps, 0), ["AT31"]);
    assert_eq!(
        m.partners(0, None, 5)[0].reasons,
        ["Cataluña would like to collaborate with Upper Austria (Oberösterreich)."]
    );
}

/// A country named by its adjective is wished, and said by its name.
#[test]
fn a_country_named_by_its_adjective_is_wished() {
    let asker = region("ES51", "Cataluña", Some("biobanks, with German and Austrian partners"));
    let german = region("DEG", "Thuringia", None);
    let austrian = region("AT21", "Kärnten", None);
    let french = region("FRF", "Grand Est", None);
    let all = [vec![asker, german, austrian, french], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let mut listed = codes(&m, &ps, 0);
    listed.sort();
    assert_eq!(listed, ["AT21", "DEG"]);
    let found = m.partners(0, None, 5);
    let thuringia = found.iter().find(|x| x.index == 1).unwrap();
    assert_eq!(thuringia.reasons, ["Cataluña would like to collaborate with Germany: Thuringia is in Germany."]);
}

/// A region named by its adjective is wished, and said by its name; an Irish partner is not
/// a Northern Irish one.
#[test]
fn a_region_named_by_its_adjective_is_wished() {
    let asker = region("DE2", "Bayern", Some("biobanks, with Flemish and Northern Irish partners"));
    let flanders = region("BE2", "Vlaams Gewest / Flanders Region", None);
    let wallonia = region("BE3", "Région wallonne", None);
    let belfast = region("UKN0", "Northern Ireland", None);
    let ireland = region("IE05", "Southern", None);
    let all = [vec![asker, flanders, wallonia, belfast, ireland], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let mut listed = codes(&m, &ps, 0);
    listed.sort();
    assert_eq!(listed, ["BE2", "UKN0"]);
    let found = m.partners(0, None, 5);
    let flanders = found.iter().find(|x| x.index == 1).unwrap();
    assert_eq!(flanders.reasons, ["Bayern would like to collaborate with Flanders."]);
    let belfast = found.iter().find(|x| x.index == 3).unwrap();
    assert_eq!(belfast.reasons, ["Bayern would like to collaborate with Northern Ireland."]);
}
