//! A deterministic generator of realistic, varied profiles, for benchmarks and property
//! tests. Same seed, same profiles, on every machine.
//!
//! Each profile is built from a SplitMix64 stream: codes from the NUTS list (then synthetic
//! codes of the same shape once the list is used up, so that `profiles(n)` has n distinct
//! regions), key figures in plausible ranges, prose from a neutral lexicon with accented
//! words, collaboration interests written with the synonyms of the topic table, answers to a
//! random subset of the membership questions (every answer kind, free-text notes included),
//! codes from the NACE / NABS / Eye@RIS3 vocabularies, numbered and unnumbered list items,
//! ratings, and now and then an unrecognised line. Values go through the same constructors
//! the reader uses, so a generated profile is one the reader could have produced.

use crate::format::values::classify_membership_answer;
use crate::format::{initiative, policy_document};
use crate::model::*;
use crate::nuts::NutsCode;
use crate::text::Text;
use crate::vocab::{vocab, MeasureKind, NetworkId, PolicyTopicId};

mod lexicon;

pub use lexicon::Rng;
use lexicon::{name, sentence, words, year, ANSWERS, COUNTRIES, PLACES};

/// The code of the `index`-th generated region: NUTS codes first, then synthetic ones.
pub fn code(index: usize) -> NutsCode {
    static CODES: std::sync::LazyLock<Vec<NutsCode>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<(u8, NutsCode)> = vocab().nuts.iter().map(|(c, e)| (e.level, *c)).collect();
        v.sort();
        v.into_iter().map(|(_, c)| c).collect()
    });
    if let Some(c) = CODES.get(index) {
        return *c;
    }
    // Beyond the list: a country prefix, then `Q` (no NUTS code has it third), then two
    // letters or digits: 10 × 36² more distinct codes.
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let i = index - CODES.len();
    let prefix = ["DE", "FR", "IT", "ES", "PL", "SE", "PT", "BE", "NL", "AT"][i % 10];
    let n = (i / 10) % (36 * 36);
    let tail = [ALNUM[n / 36] as char, ALNUM[n % 36] as char];
    NutsCode::parse(&format!("{prefix}Q{}{}", tail[0], tail[1])).expect("valid shape")
}

/// `n` distinct generated profiles.
pub fn profiles(n: usize, seed: u64) -> Vec<Profile> {
    (0..n).map(|i| profile(i, seed)).collect()
}

/// The `index`-th generated profile for `seed`.
pub fn profile(index: usize, seed: u64) -> Profile {
    let r = &mut Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let code = code(index);
    let nuts_name = vocab().nuts.get(&code).map(|e| e.name.clone());
    let mut p = Profile::new(code, Text::new(&nuts_name.unwrap_or_else(|| name(r, 1, 3).to_string())).expect("name"));
    // Every country-code profile is national; the draw stays so that the generated stream
    // (benchmark corpus, test profiles) is the same as before that rule.
    let _ = r.chance(70);
    p.national_level = code.level() == 0;

    let k = &mut p.key_figures;
    if r.chance(90) {
        let tiers = Tier::ALL;
        let mods = [None, Some(Modifier::Plus), Some(Modifier::Minus)];
        let n = if r.chance(8) { 3 } else { 1 };
        let groups = (0..n)
            .map(|_| AreaGroup {
                area: (n > 1).then(|| Text::new(r.pick::<&str>(PLACES)).expect("place")),
                group: Group { tier: *r.pick(&tiers), modifier: *r.pick(&mods) },
            })
            .collect();
        k.innovation = Some(Innovation { edition: Some(*r.pick(&[2019, 2021])).filter(|_| r.chance(95)), groups });
    }
    if r.chance(80) {
        k.population = Some(Figure { value: 30_000 + r.next_u64() % 15_000_000, year: year(r) });
    }
    if r.chance(85) {
        let v = (r.next_u64() % 80_000) as f64 / if r.chance(30) { 10.0 } else { 1.0 };
        k.density = Some(Figure { value: (v * 10.0).round() / 10.0, year: year(r) });
    }
    if r.chance(80) {
        k.over65_share =
            Some(Figure { value: (1000 + r.next_u64() % 2000) as f64 / 100.0, year: year(r).filter(|_| r.chance(20)) });
    }

    p.description = (0..1 + r.below(4)).map(|_| sentence(r, 25, 90)).collect();
    if code.level() == 0 && r.chance(50) {
        p.health_profile = vec![sentence(r, 40, 90)];
    }
    p.websites = (0..r.below(3)).map(|_| name(r, 2, 6)).collect();

    if r.chance(85) {
        let synonyms: Vec<&str> = vocab().topics.iter().flat_map(|t| t.synonyms.iter().map(String::as_str)).collect();
        let picked: Vec<&str> = (0..1 + r.below(4)).map(|_| *r.pick(&synonyms)).collect();
        let seeking = *r.pick(&[Some(true), Some(true), Some(true), Some(false), None]);
        let interests =
            r.chance(80).then(|| Text::new(&format!("especially in the field of {}", picked.join(", ")))).flatten();
        let details = if r.chance(15) { vec![sentence(r, 5, 15)] } else { Vec::new() };
        let partners = if r.chance(10) {
            (0..1 + r.below(3)).map(|_| Text::new(r.pick::<&str>(COUNTRIES)).expect("country")).collect()
        } else {
            Vec::new()
        };
        p.collaboration = Some(Collaboration::new(seeking, interests, details, partners));
    }

    if r.chance(75) {
        for n in NetworkId::all() {
            if r.chance(70) {
                let (answer, note) = classify_membership_answer(r.pick::<&str>(ANSWERS));
                p.set_membership(Membership { network: n, answer, note });
            }
        }
    }

    let prefixes = ["Regional: ", "National: ", "Regional level: ", "Industry National: ", "Nordic ", ""];
    let numbered = r.chance(70);
    let start = 1 + r.below(2) as u32;
    p.policy_documents = (0..r.below(6))
        .filter_map(|i| {
            policy_document(numbered.then_some(start + i as u32), &format!("{}{}", r.pick(&prefixes), name(r, 2, 8)))
        })
        .collect();
    let topics: Vec<PolicyTopicId> = PolicyTopicId::all().collect();
    p.policy_topics = (0..r.below(5))
        .map(|_| {
            let t = *r.pick(&topics);
            PolicyTopic { topic: Some(t), text: Text::new(t.label()).expect("label") }
        })
        .collect();
    if r.chance(10) {
        p.policy_topics.push(PolicyTopic { topic: None, text: Text::new("Specific disease relat").expect("text") });
    }
    let kinds: Vec<MeasureKind> = MeasureKind::all().collect();
    let levels = [None, Some(PolicyLevel::Regional), Some(PolicyLevel::National)];
    p.support_measures = (0..r.below(3))
        .map(|_| SupportMeasure {
            level: *r.pick(&levels),
            kind: *r.pick(&kinds),
            detail: r.chance(80).then(|| name(r, 1, 4)),
        })
        .collect();
    p.funding_programmes = (0..if r.chance(20) { 1 + r.below(3) } else { 0 })
        .map(|_| ListItem { number: None, text: name(r, 3, 10) })
        .collect();

    let pick_codes = |r: &mut Rng, table: &std::collections::HashMap<String, crate::vocab::CodeEntry>, max: usize| {
        let mut all: Vec<&crate::vocab::CodeEntry> = table.values().collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        (0..r.below(max + 1))
            .map(|_| {
                let e = *r.pick(&all);
                ClassCode { code: e.code.clone(), label: Text::new(&e.label.replace(';', ",")) }
            })
            .collect::<Vec<_>>()
    };
    p.nace = pick_codes(r, &vocab().nace, 4);
    p.nabs = pick_codes(r, &vocab().nabs, 2);
    p.policy_objectives = pick_codes(r, &vocab().policy_objectives, 5);
    let flag =
        |r: &mut Rng| r.chance(85).then(|| Flag { value: r.chance(70), note: r.chance(15).then(|| name(r, 2, 6)) });
    p.ris3 = flag(r);
    p.pm_ris3 = flag(r);

    let numbered = r.chance(70);
    p.initiatives = (0..r.below(10))
        .filter_map(|i| {
            let mut s = name(r, 1, 5).to_string();
            if r.chance(40) {
                s.push_str(&format!("  {}", words(r, 2, 8)));
            }
            if r.chance(20) {
                s.push_str(&format!("  https://example.org/{i}"));
            }
            if r.chance(5) {
                s = "Medtch4Europe".into();
            }
            initiative(numbered.then_some(i as u32 + 1), &s)
        })
        .collect();
    p.digital_innovation_hubs = (0..if r.chance(15) { 1 } else { 0 }).map(|_| name(r, 2, 5)).collect();
    p.represented_in = (0..r.below(3)).map(|i| ListItem { number: Some(i as u32 + 1), text: name(r, 3, 10) }).collect();

    if r.chance(60) {
        for item in SelfEvaluationItem::ALL {
            if r.chance(90) {
                p.self_evaluation.set(item, Some(*r.pick(&Rating::ALL)));
            }
        }
    }
    p.image_attribution = r.chance(60).then(|| name(r, 4, 12));
    if r.chance(5) {
        p.extras.push(Extra {
            line: 40 + r.below(40) as u32,
            section: Some("memberships".into()),
            text: name(r, 1, 3),
        });
    }
    // Provenance: an edition (the page generation and, when the innovation line states
    // one, its year), sometimes a cut copy and fields carried from an older edition.
    if r.chance(85) {
        let layout = *r.pick(&crate::origin::Layout::ALL);
        let stated = p.key_figures.innovation.as_ref().and_then(|i| i.edition);
        p.origin.edition = Some(crate::origin::Edition::of_page(layout, stated));
        if r.chance(10) {
            // Cut in its last field (drawing nothing more, so the demo set stays as it was).
            let partial = p.stated_fields().last().map(|f| f.id.to_string()).into_iter().collect();
            p.origin.incomplete =
                Some(crate::origin::Cut { line: 20 + r.below(60) as u32, after: name(r, 1, 3), partial });
        }
        let stated: Vec<&crate::publish::Field> = p.stated_fields().collect();
        if r.chance(15) && !stated.is_empty() {
            let f = r.pick(&stated);
            let older = crate::origin::Edition::of_page(crate::origin::Layout::Early, None);
            p.origin.carried.push(crate::origin::Carried { field: f.id.to_string(), edition: older });
        }
    }
    p
}

/// Who wrote the synthetic demo profiles (`pmatlas demo`): the site marks every profile
/// whose current version has this author as synthetic.
pub const DEMO_AUTHOR: &str = "pmatlas demo (synthetic data)";

/// The regions of the demo set: regions across Europe at NUTS 1 and 2, and two countries,
/// so that the search, map, comparison, matches and statistics have something to show.
const DEMO_CODES: [&str; 40] = [
    "AT13", "BE10", "BE3", "BG41", "CY00", "CZ01", "DE2", "DE3", "DEA", "DED", "DK01", "EE00", "EL30", "ES30", "ES51",
    "ES61", "FI1B", "FR1", "FRK", "FRL", "HR05", "HU11", "IE06", "ITC4", "ITH5", "ITI4", "LT01", "LU00", "LV00",
    "MT00", "NL33", "NO0A", "PL91", "PT17", "RO32", "SE11", "SI04", "SK01", "LT", "NL",
];

/// The synthetic demo set: generated profiles of real NUTS regions with plausible key
/// figures (a population that fits the region's level, a density and a share over 65 in
/// Europe's ranges), each description saying it is synthetic.
pub fn demo(seed: u64) -> Vec<Profile> {
    DEMO_CODES
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let code = NutsCode::parse(c).ok()?;
            let name = vocab().nuts.get(&code).map(|e| e.name_latn.clone())?;
            let mut p = profile(10_000 + i, seed);
            p.code = code;
            p.name = Text::new(&name)?;
            p.national_level = code.level() == 0;
            let r = &mut Rng::new(seed ^ 0x5eed ^ i as u64);
            // Inhabitants: a country 1.5–20 million, a NUTS 1 region 1–12 million, a NUTS 2
            // region 0.4–4 million (Europe's medians are near these ranges' middles).
            let (lo, hi) = match code.level() {
                0 => (1_500_000, 20_000_000),
                1 => (1_000_000, 12_000_000),
                _ => (400_000, 4_000_000),
            };
            let k = &mut p.key_figures;
            k.population = Some(Figure { value: lo + r.next_u64() % (hi - lo), year: Some(2021) });
            // 30–1,500 per km², more often low than high, as in Europe.
            let d = 30.0 * (50.0f64).powf((r.next_u64() % 1000) as f64 / 1000.0);
            k.density = Some(Figure { value: (d * 10.0).round() / 10.0, year: Some(2021) });
            k.over65_share = Some(Figure { value: (1500 + r.next_u64() % 1100) as f64 / 100.0, year: Some(2021) });
            let note = Text::new(&format!(
                "Synthetic demo profile of {name}, generated by pmatlas demo: not real data about the region."
            ))?;
            p.description.insert(0, note);
            p.origin.incomplete = None;
            Some(p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_set_is_plausible_and_says_it_is_synthetic() {
        let demo = demo(1);
        assert_eq!(demo.len(), DEMO_CODES.len(), "every demo code is a NUTS 2021 code");
        let codes: std::collections::HashSet<_> = demo.iter().map(|p| p.code).collect();
        assert_eq!(codes.len(), demo.len());
        for p in &demo {
            let pop = p.key_figures.population.as_ref().unwrap().value;
            let max = if p.code.level() == 0 { 20_000_000 } else { 12_000_000 };
            assert!((400_000..max).contains(&pop), "{}: {pop}", p.code);
            let d = p.key_figures.density.as_ref().unwrap().value;
            assert!((30.0..=1500.0).contains(&d), "{}: {d}", p.code);
            let o = p.key_figures.over65_share.as_ref().unwrap().value;
            assert!((15.0..=26.0).contains(&o), "{}: {o}", p.code);
            assert!(p.description[0].as_str().starts_with("Synthetic demo profile of "), "{}", p.code);
            assert_eq!(p.name.as_str(), vocab().nuts[&p.code].name_latn);
        }
        // Every demo profile renders and reads back as itself.
        for p in &demo {
            let back = crate::parse(&crate::render(p)).unwrap().profile;
            assert_eq!(back.key_figures, p.key_figures, "{}", p.code);
        }
    }
}
