//! Normalising free text to vocabulary topics and networks through the synonym tables.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::text::{fold_char, is_word_char, word_key, Text};
use crate::vocab::{vocab, NetworkId, TopicId};

/// A normalised topic with the words that named it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicMatch {
    pub topic: TopicId,
    /// The words as the profile wrote them ("KI").
    pub as_written: Text,
}

/// A word of the original text: its byte range there and its folded form.
struct Word {
    start: usize,
    end: usize,
    folded: String,
}

fn tokenize(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur: Option<Word> = None;
    for (i, c) in s.char_indices() {
        if is_word_char(c) {
            let w = cur.get_or_insert_with(|| Word { start: i, end: i, folded: String::new() });
            fold_char(c, &mut w.folded);
            w.end = i + c.len_utf8();
        } else if let Some(w) = cur.take() {
            out.push(w);
        }
    }
    out.extend(cur);
    out
}

/// Finds the vocabulary topics named in `texts`, each once, with the words that named it
/// first ("KI" → artificial intelligence). Longer synonyms win over shorter ones; a field
/// named inside one names it too ("precision oncology" is personalised medicine, and its
/// "oncology" cancer).
pub fn find_topics<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<TopicMatch> {
    let mut found: Vec<TopicMatch> = Vec::new();
    for text in texts {
        let ws = tokenize(text);
        let mut i = 0;
        while i < ws.len() {
            let mut advance = 1;
            if let Some((topic, end, n)) = topic_at(&ws, i, (ws.len(), None)) {
                let Some(topic) = topic else {
                    // A phrase naming no field: its words name none either.
                    i += n;
                    continue;
                };
                push(&mut found, text, topic, &ws[i..=end]);
                // Another field named by words of a whole phrase of several, within it.
                for k in (i..i + n).filter(|_| n > 1) {
                    if let Some((Some(inner), end, _)) = topic_at(&ws[..i + n], k, (0, Some(topic))) {
                        push(&mut found, text, inner, &ws[k..=end]);
                    }
                }
                advance = n;
            }
            i += advance;
        }
    }
    found
}

/// The topic a phrase beginning at word `i` names (other than `not`), where it ends, and how
/// many words to read past (a coordinated phrase's first word only); a phrase begun by
/// coordinated words only within the first `coordinated_in` words (0: none).
fn topic_at(
    ws: &[Word],
    i: usize,
    (coordinated_in, not): (usize, Option<TopicId>),
) -> Option<(Option<TopicId>, usize, usize)> {
    let cands = vocab().topic_phrases.get(&ws[i].folded)?;
    let whole = |(pw, t): &&(Vec<String>, Option<TopicId>)| {
        let n = pw.len();
        (not.is_none() || *t != not) && i + n <= ws.len() && pw.iter().zip(&ws[i..i + n]).all(|(p, w)| *p == w.folded)
    };
    // A whole phrase first (the longest); else one whose first word is coordinated.
    match cands.iter().find(whole) {
        Some((pw, topic)) => Some((*topic, i + pw.len() - 1, pw.len())),
        // The words coordinated with the first ("translational") may begin a topic of their
        // own: they are read next.
        None if coordinated_in > 0 => {
            cands.iter().find_map(|(pw, topic)| coordinated(pw, &ws[..coordinated_in], i).map(|end| (*topic, end, 1)))
        }
        None => None,
    }
}

/// Adds `topic`, named by `words` of `text`, unless it was found before.
fn push(found: &mut Vec<TopicMatch>, text: &str, topic: TopicId, words: &[Word]) {
    if found.iter().any(|m| m.topic == topic) {
        return;
    }
    if let (Some(first), Some(last)) = (words.first(), words.last()) {
        if let Some(as_written) = Text::new(&text[first.start..last.end]) {
            found.push(TopicMatch { topic, as_written });
        }
    }
}

/// Where a phrase of several words ends when its first word is coordinated with others
/// before the rest ("clinical and translational research" names clinical research,
/// "clinical, genomic and translational research" too): the first word, one or two words
/// joined by "and" or "or", then the rest of the phrase.
fn coordinated(pw: &[String], ws: &[Word], i: usize) -> Option<usize> {
    let (first, rest) = pw.split_first()?;
    if rest.is_empty() || ws[i].folded != *first {
        return None;
    }
    let joins = |w: &Word| w.folded == "and" || w.folded == "or";
    // The joining word right after the first word, or after one more of the list.
    let join = (i + 1..=i + 2).find(|&j| ws.get(j).is_some_and(joins))?;
    let tail = join + 2;
    let fits = tail + rest.len() <= ws.len() && rest.iter().zip(&ws[tail..]).all(|(p, w)| *p == w.folded);
    fits.then(|| tail + rest.len() - 1)
}

/// The topic a short text names, if it names exactly one ("biobank" → biobanks).
pub fn topic_named(s: &str) -> Option<TopicId> {
    let found = find_topics(std::iter::once(s));
    (found.len() == 1).then(|| found[0].topic)
}

/// The network (of kind network, partnership or initiative) that a name refers to, such as
/// an initiative item "Medtch4Europe" or "Member 1+ million genomes initiative". Looks up
/// each word of the name in an index of the variants' first words, so the cost grows with
/// the name, not with the vocabulary.
pub fn network_named_in(name: &str) -> Option<NetworkId> {
    let hay = word_key(name);
    let index = &vocab().network_phrases;
    let mut best: Option<(usize, NetworkId)> = None;
    for (i, _) in hay.match_indices(' ') {
        let rest = &hay[i..];
        let Some(end) = rest[1..].find(' ') else {
            break;
        };
        if let Some(cands) = index.get(&rest[1..=end]) {
            for (key, n) in cands {
                if rest.starts_with(key.as_str()) && best.is_none_or(|(len, _)| key.len() > len) {
                    best = Some((key.len(), *n));
                }
            }
        }
    }
    best.map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<(&'static str, String)> {
        find_topics(std::iter::once(s)).into_iter().map(|m| (m.topic.id(), m.as_written.to_string())).collect()
    }

    #[test]
    fn thuringia_interests() {
        assert_eq!(
            ids("especially in the field of biophotonic, biobank, KI, assisted Living (ehealth), infection"),
            [
                ("biophotonics", "biophotonic".to_string()),
                ("biobanks", "biobank".into()),
                ("artificial_intelligence", "KI".into()),
                ("e_health", "assisted Living".into()),
                ("infectious_diseases", "infection".into()),
            ]
        );
    }

    #[test]
    fn synonyms_and_diacritics() {
        assert_eq!(ids("Künstliche Intelligenz")[0].0, "artificial_intelligence");
        assert_eq!(ids("e-Health")[0].0, "e_health");
        assert_eq!(ids("Artificial Inteligence for personalization")[0].0, "artificial_intelligence");
        assert!(ids("maintain good relations").is_empty(), "'ai' inside a word must not match");
        assert_eq!(topic_named("Biobanks"), TopicId::from_id("biobanks"));
    }

    /// The forms a field takes beside its name: plurals and adjectives ("tumours", "robotic
    /// surgery"), its national infrastructures (ECRIN's national partners, "F-CRIN") and its
    /// other names ("stratified medicine", "real-world data").
    #[test]
    fn other_forms_of_a_field() {
        let first = |s: &str| ids(s).first().map(|m| m.0);
        assert_eq!(first("Centre for research on solid tumours"), Some("cancer"));
        assert_eq!(first("robotic surgery"), Some("robotics"));
        assert_eq!(first("member of F-CRIN, the French clinical research network"), Some("clinical_research"));
        assert_eq!(first("a national platform for clinical studies"), Some("clinical_research"));
        assert_eq!(first("Programme for stratified medicine"), Some("personalised_medicine"));
        // Personalised medicine as answers phrase it, in either spelling.
        let forms =
            ["AI for personalisation", "personalised treatments", "personalized therapies", "personalised care"];
        // "PM", as the documents' own labels abbreviate it ("interregional collaboration in PM").
        for s in forms.into_iter().chain(["exchange on regional PM strategies"]) {
            assert!(ids(s).iter().any(|m| m.0 == "personalised_medicine"), "{s}");
        }
        assert_eq!(first("use of real-world data in hospitals"), Some("data_analytics"));
        assert_eq!(first("antimicrobial resistance"), Some("infectious_diseases"));
        // The abbreviations answers use: "rare diseases (ERN)" names them twice, once.
        assert_eq!(ids("rare diseases (ERN)").len(), 1);
        assert_eq!(first("European Reference Networks (ERNs) on rare disease"), Some("rare_diseases"));
        assert_eq!(first("the EHDS pilots"), Some("data_analytics"));
        assert_eq!(first("NGS facility"), Some("genomics"));
        assert_eq!(first("partners in health tech"), Some("medical_technology"));
        assert_eq!(first("IHU Strasbourg"), Some("translational_research"));
        // Food as an industry is no nutrition: an S3 priority "Agri-food" says nothing of it.
        assert_eq!(first("smart grids; Agri-food; Materials"), None);
        assert_eq!(first("dietary interventions"), Some("nutrition"));
        assert_eq!(first("IRCCS Ospedale San Raffaele"), Some("clinical_research"));
        assert_eq!(first("a site of the DZG"), Some("translational_research"));
        assert_eq!(first("wearables for older people"), Some("e_health"));
        // The words PM answers and descriptions use for its fields beside their names.
        assert_eq!(first("pharmacogenomics and drug response"), Some("genomics"));
        assert_eq!(first("a proteomics core facility"), Some("genomics"));
        assert_eq!(first("liquid biopsies in lung cancer"), Some("diagnostics"));
        assert_eq!(first("access to electronic health records"), Some("data_analytics"));
        assert_eq!(first("targeted therapies"), Some("personalised_medicine"));
        assert_eq!(first("early detection of sepsis"), Some("prevention"));
        assert_eq!(first("care for the elderly"), Some("healthy_ageing"));
        assert_eq!(first("long-term care"), Some("healthy_ageing"));
        assert_eq!(first("computer vision in pathology"), Some("artificial_intelligence"));
        // Disease areas PM is applied in, as cancer and rare diseases are.
        assert_eq!(first("a cohort for Alzheimer's disease"), Some("neurological_diseases"));
        assert_eq!(first("heart failure registry"), Some("cardiovascular_diseases"));
        assert_eq!(first("type 2 diabetes"), Some("metabolic_diseases"));
        assert_eq!(first("psychiatric disorders"), Some("mental_health"));
        assert_eq!(first("a stroke unit"), Some("cardiovascular_diseases"));
        // Public health is prevention and health promotion for a population.
        assert_eq!(first("a public health institute"), Some("prevention"));
        assert_eq!(first("Deutsches Zentrum für Neurodegenerative Erkrankungen"), Some("neurological_diseases"));
        assert_eq!(first("Plano Nacional para a Saúde Mental"), Some("mental_health"));
        // "At the heart of Europe" is no disease, nor "als" (German "as") one.
        assert_eq!(first("at the heart of Europe"), None);
        assert_eq!(first("als Partner"), None);
    }

    /// Topics named in the regions' own languages (data/vocab/topic-translations.csv), as
    /// policy titles and answers in the documents name them.
    #[test]
    fn topics_in_the_regions_languages() {
        let pm = ("personalised_medicine", "persontilpasset medisin".into());
        assert_eq!(ids("Strategi for persontilpasset medisin i helsetjenesten"), [pm]);
        assert_eq!(ids("Vlaamse Beleidsplan Gepersonaliseerde Geneeskunde")[0].0, "personalised_medicine");
        let found = ids("medicina personalizzata, biobanche, telemedicina");
        let found: Vec<&str> = found.iter().map(|m| m.0).collect();
        assert_eq!(found, ["personalised_medicine", "biobanks", "e_health"]);
        assert_eq!(ids("seltene Erkrankungen")[0], ("rare_diseases", "seltene Erkrankungen".into()));
        // A word shared with English stays English's ("Biobank" in a German name).
        assert_eq!(ids("Integrierte Biobank Jena")[0], ("biobanks", "Biobank".into()));
    }

    /// A field named by words within another's phrase is named too: "precision oncology" is
    /// personalised medicine, and cancer (the synonym table gives each form one field).
    #[test]
    fn a_field_named_within_a_phrase() {
        let pm = ("personalised_medicine", "precision oncology".to_string());
        assert_eq!(ids("a precision oncology programme"), [pm, ("cancer", "oncology".into())]);
        let pm = ("personalised_medicine", "oncologia di precisione".to_string());
        assert_eq!(ids("oncologia di precisione"), [pm, ("cancer", "oncologia".into())]);
        // Words of the phrase's own field are not read again.
        assert_eq!(ids("cancer genomics and medical imaging").len(), 3);
        assert_eq!(ids("medical imaging"), [("medical_imaging", "medical imaging".to_string())]);
        // A phrase that names no field, though a form of one is in it (`not-topics.csv`).
        assert_eq!(ids("a regional health technology assessment agency"), []);
        assert_eq!(ids("health technology and HTA")[0].0, "medical_technology");
    }

    /// A first word coordinated with others before the rest of a phrase names the phrase:
    /// "Clinical and Translational Research" is clinical research and translational research.
    #[test]
    fn coordinated_words_name_the_phrase() {
        let found = ids("National Agenda on Health, Clinical and Translational Research");
        assert!(found.contains(&("clinical_research", "Clinical and Translational Research".into())), "{found:?}");
        assert!(found.contains(&("translational_research", "Translational Research".into())), "{found:?}");
        assert_eq!(ids("clinical, genomic or translational research")[0].0, "clinical_research");
        assert_eq!(ids("healthy and active ageing")[0], ("healthy_ageing", "healthy and active ageing".into()));
        // What is coordinated must end in the rest of the phrase.
        assert!(!ids("clinical and research data").iter().any(|m| m.0 == "clinical_research"));
        assert!(!ids("clinical care and research").iter().any(|m| m.0 == "clinical_research"));
    }

    #[test]
    fn networks_named_in_initiatives() {
        assert_eq!(network_named_in("Medtch4Europe").map(|n| n.id()), Some("medtech4europe"));
        assert_eq!(network_named_in("Countrylevel member 1+M Genomes Initiative").map(|n| n.id()), Some("genome_1m"));
        assert_eq!(network_named_in("Member 1+ million genomes initiative").map(|n| n.id()), Some("genome_1m"));
        assert_eq!(network_named_in("InfectoGnostics Forschungscampus Jena e.V."), None);
        assert_eq!(network_named_in("Mountain Health Centre"), None, "territories are not networks");
    }
}
