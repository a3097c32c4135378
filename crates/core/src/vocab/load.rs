//! Reading the vocabularies from the CSV files of `data/`, compiled in: a malformed file is
//! a build defect and stops the program at its first use, naming the file.

use std::collections::HashMap;

use super::*;
use crate::nuts::NutsCode;
use crate::text::fold;

macro_rules! data {
    ($p:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $p))
    };
}

fn rows(name: &str, src: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(src.as_bytes());
    r.records().map(|x| x.unwrap_or_else(|e| panic!("data/{name} is malformed (a build defect): {e}"))).collect()
}

fn split_variants(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split('|').map(str::trim).filter(|v| !v.is_empty()).map(fold)
}

fn labelled(name: &str, src: &str) -> Vec<LabelledDef> {
    rows(name, src)
        .iter()
        .map(|r| {
            // Columns: id, [short,] label, variants — the label is the last but one column.
            let n = r.len();
            let label = r[n - 2].to_string();
            let mut keys: Vec<String> = std::iter::once(fold(&label)).chain(split_variants(&r[n - 1])).collect();
            keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
            keys.dedup();
            LabelledDef { id: r[0].to_string(), label, keys }
        })
        .collect()
}

fn codes(name: &str, src: &str, code_col: usize, label_col: usize) -> HashMap<String, CodeEntry> {
    rows(name, src)
        .iter()
        .map(|r| {
            (r[code_col].to_string(), CodeEntry { code: r[code_col].to_string(), label: r[label_col].to_string() })
        })
        .collect()
}

impl Vocab {
    pub(super) fn load() -> Vocab {
        let nuts = rows("nuts.csv", data!("nuts.csv"))
            .iter()
            .filter_map(|r| {
                let code = NutsCode::parse(&r[0]).ok()?;
                Some((
                    code,
                    NutsEntry { level: r[1].parse().ok()?, name: r[3].to_string(), name_latn: r[4].to_string() },
                ))
            })
            .collect();
        let countries = rows("countries.csv", data!("countries.csv"))
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        let mut other_names: HashMap<NutsCode, Vec<String>> = HashMap::new();
        for r in rows("names.csv", data!("names.csv")) {
            if let Ok(code) = NutsCode::parse(&r[0]) {
                other_names.entry(code).or_default().push(r[1].to_string());
            }
        }

        let networks: Vec<NetworkDef> = rows("vocab/memberships.csv", data!("vocab/memberships.csv"))
            .iter()
            .map(|r| {
                let mut variants: Vec<String> =
                    [fold(&r[4]), fold(&r[1]), fold(&r[2])].into_iter().chain(split_variants(&r[5])).collect();
                variants.sort_by_key(|k| std::cmp::Reverse(k.len()));
                variants.dedup();
                let variant_keys = variants.iter().map(|v| crate::text::word_key(v)).filter(|k| k.len() >= 6).collect();
                NetworkDef {
                    names_networks: matches!(&r[3], "network" | "partnership" | "initiative"),
                    variant_keys,
                    id: r[0].to_string(),
                    short: r[1].to_string(),
                    label: r[2].to_string(),
                    kind: r[3].to_string(),
                    question: r[4].to_string(),
                    variants,
                }
            })
            .collect();

        let membership_answers = rows("vocab/membership-answers.csv", data!("vocab/membership-answers.csv"))
            .iter()
            .map(|r| {
                let answer = MembershipAnswer::from_id(&r[1])
                    .unwrap_or_else(|| panic!("data/vocab/membership-answers.csv: unknown answer '{}'", &r[1]));
                (fold(&r[0]), (answer, &r[2] == "yes"))
            })
            .collect();

        let policy_levels = rows("vocab/policy-levels.csv", data!("vocab/policy-levels.csv"))
            .iter()
            .map(|r| {
                let level = PolicyLevel::from_id(&r[1])
                    .unwrap_or_else(|| panic!("data/vocab/policy-levels.csv: unknown level '{}'", &r[1]));
                (fold(&r[0]), r[0].to_string(), level)
            })
            .collect::<Vec<_>>();
        let mut policy_levels = policy_levels;
        policy_levels.sort_by_key(|(k, _, _)| std::cmp::Reverse(k.len()));

        let topics: Vec<TopicDef> = rows("vocab/topics.csv", data!("vocab/topics.csv"))
            .iter()
            .map(|r| TopicDef {
                id: r[0].to_string(),
                label: r[1].to_string(),
                synonyms: split_variants(&r[2]).collect(),
            })
            .collect();
        let mut topic_phrases: super::TopicPhrases = HashMap::new();
        for (i, t) in topics.iter().enumerate() {
            for s in t.synonyms.iter().chain(std::iter::once(&fold(&t.label))) {
                let ws: Vec<String> = words(s).map(|(_, w)| w.to_string()).collect();
                if let Some(first) = ws.first() {
                    topic_phrases.entry(first.clone()).or_default().push((ws, Some(TopicId(i as u16))));
                }
            }
        }
        // The topics' names in the regions' own languages ("Gepersonaliseerde Geneeskunde" in
        // a Flemish plan's title, "biobanche" in an answer): read as synonyms are, but apart
        // from them, so that generated profiles stay written in English.
        let english: std::collections::HashSet<Vec<String>> =
            topic_phrases.values().flatten().map(|(ws, _)| ws.clone()).collect();
        for r in rows("vocab/topic-translations.csv", data!("vocab/topic-translations.csv")) {
            let t = topics.iter().position(|t| t.id == r[0]);
            let t = TopicId(
                t.unwrap_or_else(|| panic!("data/vocab/topic-translations.csv: unknown topic '{}'", &r[0])) as u16,
            );
            assert!(
                r[1].len() == 2 && r[1].bytes().all(|b| b.is_ascii_lowercase()),
                "data/vocab/topic-translations.csv: '{}' is no two-letter language code",
                &r[1]
            );
            for form in split_variants(&r[2]) {
                let ws: Vec<String> = words(&form).map(|(_, w)| w.to_string()).collect();
                let other = topic_phrases.values().flatten().find(|(w, x)| *w == ws && *x != Some(t));
                assert!(other.is_none(), "data/vocab/topic-translations.csv: '{form}' names two topics");
                if !english.contains(&ws) {
                    topic_phrases.entry(ws[0].clone()).or_default().push((ws, Some(t)));
                }
            }
        }
        for r in rows("vocab/not-topics.csv", data!("vocab/not-topics.csv")) {
            let ws: Vec<String> = words(&r[0]).map(|(_, w)| w.to_string()).collect();
            assert!(!english.contains(&ws), "data/vocab/not-topics.csv: '{}' is a topic's form", &r[0]);
            topic_phrases.entry(ws[0].clone()).or_default().push((ws, None));
        }
        for v in topic_phrases.values_mut() {
            v.sort_by_key(|(ws, _)| std::cmp::Reverse(ws.len()));
            v.dedup();
        }

        let networks: Vec<NetworkDef> = networks;
        let mut network_phrases: HashMap<String, Vec<(String, NetworkId)>> = HashMap::new();
        for (i, d) in networks.iter().enumerate().filter(|(_, d)| d.names_networks) {
            for k in &d.variant_keys {
                let first = k.split(' ').find(|w| !w.is_empty()).unwrap_or("").to_string();
                network_phrases.entry(first).or_default().push((k.clone(), NetworkId(i as u16)));
            }
        }
        let policy_topics = labelled("vocab/policy-topics.csv", data!("vocab/policy-topics.csv"));
        let policy_topic_keys = policy_topics.iter().map(|d| d.keys.iter().map(|k| alnum_key(k)).collect()).collect();

        let mut network_by_variant = HashMap::new();
        for (i, d) in networks.iter().enumerate() {
            for v in &d.variants {
                network_by_variant.entry(v.clone()).or_insert(NetworkId(i as u16));
            }
        }

        let mut evidence_topics: HashMap<(String, String), Vec<TopicId>> = HashMap::new();
        for r in rows("vocab/evidence-topics.csv", data!("vocab/evidence-topics.csv")) {
            let ts = r[2].split('|').map(|t| {
                let i = topics.iter().position(|d| d.id == t.trim());
                TopicId(i.unwrap_or_else(|| panic!("data/vocab/evidence-topics.csv: unknown topic '{t}'")) as u16)
            });
            evidence_topics.entry((r[0].to_string(), r[1].to_string())).or_default().extend(ts);
        }
        assert!(topics.len() <= 64, "matchmaking packs topics into 64-bit masks");

        let label_prefixes = rows("vocab/code-label-forms.csv", data!("vocab/code-label-forms.csv"))
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        Vocab {
            label_prefixes,
            evidence_topics,
            network_by_variant,
            network_phrases,
            policy_topic_keys,
            nuts,
            other_names,
            countries,
            nace: codes("nace-rev2.csv", data!("nace-rev2.csv"), 2, 3),
            nabs: codes("nabs-2007.csv", data!("nabs-2007.csv"), 0, 1),
            policy_objectives: codes("eye-ris3-policy-objectives.csv", data!("eye-ris3-policy-objectives.csv"), 0, 2),
            networks,
            membership_answers,
            self_evaluation: labelled("vocab/self-evaluation.csv", data!("vocab/self-evaluation.csv")),
            policy_topics,
            support_measures: labelled("vocab/support-measures.csv", data!("vocab/support-measures.csv")),
            policy_levels,
            topics,
            topic_phrases,
        }
    }
}
