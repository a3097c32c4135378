//! Text as retrieval terms: each word folded (case and accents), spelled one way
//! ("personalized" = "personalised"), stemmed (English Snowball: the observatory's documents
//! are written in English; names in other languages meet through the synonym table), with
//! the stop words of `data/vocab/stopwords.csv` and web addresses left out. Two kinds of tag
//! join the words: `#t:<topic>` for a topic the synonym table finds ("KI" and "machine
//! learning" both give `#t:artificial_intelligence`), and `#e:<entity>` for a network or
//! infrastructure named (a membership of `vocab/memberships.csv` that is a network,
//! partnership or initiative, or a row of `vocab/infrastructures.csv`); a text naming one
//! also gives `#l:<kind>` for every kind of them (what "one like it" asks for). Each term keeps the
//! byte range of the words it came from, so that a quote can mark them.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, RwLock};

use super::kinds;
use super::words::{folded_words, word_list};
use crate::topics::find_topics;

/// A term of a text and where it stands there (bytes).
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub term: String,
    pub span: (usize, usize),
}

/// A named network or infrastructure: its id, short name and label.
#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub short: String,
    pub label: String,
    /// A membership of the profiles' questions (else an infrastructure named in text).
    pub membership: bool,
    /// Its kind (`vocab/entity-kinds.csv`): what another one "like it" is.
    pub kind: String,
    /// What it stands for besides itself: every network of a kind (`kind:partnership`: an
    /// S3 partnership is an S3 platform's) or one network (`innostars`: an InnoStars region
    /// is in EIT Health).
    pub covers: Vec<String>,
    /// What a network it covers is, said where evidence naming that one answers an ask naming
    /// this ("an action of Horizon 2020 or Horizon Europe": the quote "SAPHIRe" does not say).
    pub covered_as: String,
    /// The fields it works in, by topic id: those its name names, and a membership's fields
    /// in `vocab/evidence-topics.csv` (what "one like it" works in).
    pub fields: Vec<String>,
}

impl Entity {
    /// Its `#e:` tag.
    pub fn tag(&self) -> String {
        format!("#e:{}", self.id)
    }
}

struct Entities {
    all: Vec<Entity>,
    /// First folded word of a variant → (the variant's folded words, entity position).
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// Folded as the words of a text are, so that the list may write "für" or "szczególnie".
static STOP: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let list = word_list(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/stopwords.csv")));
    list.iter().map(|w| crate::text::fold(w)).collect()
});

static STEMMER: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

static ENTITIES: LazyLock<Entities> = LazyLock::new(|| {
    let mut all = Vec::new();
    let mut variants: Vec<(String, usize)> = Vec::new();
    for n in crate::vocab::NetworkId::all().filter(|n| n.def().names_networks) {
        let d = n.def();
        all.push(Entity {
            id: n.id().to_string(),
            short: d.short.clone(),
            label: d.label.clone(),
            membership: true,
            kind: d.kind.clone(),
            covers: Vec::new(),
            covered_as: String::new(),
            fields: fields_of(n.id(), &[&d.short, &d.label]),
        });
        variants.extend(d.variants.iter().chain([&d.short]).map(|v| (v.clone(), all.len() - 1)));
    }
    let infra = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/infrastructures.csv"));
    for line in infra.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(7, ',').collect();
        assert_eq!(cols.len(), 7, "data/vocab/infrastructures.csv: seven columns in '{line}'");
        assert!(
            kinds::noun(cols[4]).is_some(),
            "data/vocab/infrastructures.csv: kind '{}' not in entity-kinds.csv",
            cols[4]
        );
        let covers = cols[5].split('|').filter(|c| !c.is_empty()).map(String::from).collect();
        all.push(Entity {
            id: cols[0].into(),
            short: cols[1].into(),
            label: cols[2].into(),
            membership: false,
            kind: cols[4].into(),
            covers,
            covered_as: cols[6].trim().into(),
            fields: fields_of(cols[0], &[cols[1], cols[2]]),
        });
        variants.extend(cols[3].split('|').map(|v| (v.to_string(), all.len() - 1)));
    }
    let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
    for (v, e) in variants {
        let ws: Vec<String> = folded_words(&v).into_iter().map(|(_, w)| w).collect();
        // One short word alone ("IMI", "IHI") names an entity only in capitals (below).
        if let Some(first) = ws.first().cloned() {
            by_first.entry(first).or_default().push((ws, e));
        }
    }
    for cands in by_first.values_mut() {
        cands.sort_by_key(|(ws, _)| std::cmp::Reverse(ws.len()));
    }
    Entities { all, by_first }
});

/// The fields of the network `id` named `names`: those the names name, and a membership's
/// in `vocab/evidence-topics.csv`, by topic id.
fn fields_of(id: &str, names: &[&str]) -> Vec<String> {
    let named = crate::topics::find_topics(names.iter().copied()).into_iter().map(|m| m.topic);
    let listed = crate::vocab::vocab().evidence_of("network", id).iter().copied();
    let mut fields: Vec<String> = named.chain(listed).map(|t| t.id().to_string()).collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// The named networks and infrastructures.
pub fn entities() -> &'static [Entity] {
    &ENTITIES.all
}

/// Adds to `terms` the "like" tags of the networks they name, each once, where the first is
/// named.
pub(super) fn add_like_tags(terms: &mut Vec<Term>) {
    let named: Vec<(&'static Entity, (usize, usize))> =
        terms.iter().filter_map(|t| entity(&t.term).map(|e| (e, t.span))).collect();
    let Some(&(_, span)) = named.first() else { return };
    let mut tags: Vec<String> = named.iter().flat_map(|(e, _)| kinds::like_tags_of(&e.kind, &e.fields)).collect();
    tags.sort_unstable();
    tags.dedup();
    terms.extend(tags.into_iter().map(|term| Term { term, span }));
}

/// The word's term: spelled one way and stemmed; none for a stop word or a number.
fn word_term(w: &str) -> Option<String> {
    if STOP.contains(w) || w.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let w = crate::search::spelling(w);
    Some(if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()) { STEMMER.stem(&w).into_owned() } else { w })
}

/// The terms of a text: its words', then its topics' and entities' tags.
pub fn terms(text: &str) -> Vec<Term> {
    let words = folded_words(text);
    let mut out: Vec<Term> =
        words.iter().filter_map(|(span, w)| word_term(w).map(|term| Term { term, span: *span })).collect();
    for m in find_topics(std::iter::once(text)) {
        let written = m.as_written.as_str();
        let span = text.find(written).map_or((0, 0), |i| (i, i + written.len()));
        out.push(Term { term: format!("#t:{}", m.topic.id()), span });
    }
    // Every place an entity is named stays (the words there are the entity's, not the rest's).
    out.extend(entities_in(text, &words).into_iter().map(|(term, span)| Term { term, span }));
    out.extend(super::words::phrases_in(&words).into_iter().map(|(term, span)| Term { term, span }));
    out
}

/// The entities a text names, as `#e:` tags, with where.
fn entities_in(text: &str, words: &[((usize, usize), String)]) -> Vec<(String, (usize, usize))> {
    let ents = &*ENTITIES;
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut advance = 1;
        if let Some(cands) = ents.by_first.get(&words[i].1) {
            for (ws, e) in cands {
                let n = ws.len();
                let fits = n > 0 && i + n <= words.len() && ws.iter().zip(&words[i..i + n]).all(|(a, b)| *a == b.1);
                // Its words not parted by a bracket or a list's comma ("cancer (Mission …").
                let gap = |k: usize| text[words[k].0 .1..words[k + 1].0 .0].contains(['(', ')', ',', ';', ':']);
                if !fits || (i..i + n - 1).any(gap) {
                    continue;
                }
                let span = (words[i].0 .0, words[i + n - 1].0 .1);
                // A short name alone ("IMI", "ECRIN") counts as written in capitals only, or
                // their plural ("KICs").
                let written = &text[span.0..span.1];
                let caps = written.strip_suffix('s').filter(|w| w.len() > 1).unwrap_or(written);
                let distinct = n > 1 || words[i].1.len() > 5 || caps.chars().all(|c| !c.is_lowercase());
                if distinct {
                    out.push((ents.all[*e].tag(), span));
                    advance = n;
                    break;
                }
            }
        }
        i += advance;
    }
    out
}

/// The terms of a text as evidence: besides [`terms`], a network named gives the networks
/// it stands for (naming S3MedTech names an S3 partnership), and one "like" those it names.
/// Not for an ask: one naming S3P4PM asks for that partnership, not for any.
pub fn evidence_terms(text: &str) -> Vec<Term> {
    let mut out = with_covering(text);
    add_like_tags(&mut out);
    out
}

/// [`terms`], and the networks each network named stands for.
pub(super) fn with_covering(text: &str) -> Vec<Term> {
    let mut out = terms(text);
    let covered: Vec<Term> = out
        .iter()
        .filter_map(|t| entity(&t.term).map(|e| (e, t.span)))
        .flat_map(|(e, span)| covering(e).map(move |c| Term { term: c.tag(), span }))
        .collect();
    out.extend(covered);
    out
}

/// The networks and infrastructures `e` stands for besides itself.
pub fn covering(e: &Entity) -> impl Iterator<Item = &'static Entity> + '_ {
    let kind = format!("kind:{}", e.kind);
    ENTITIES.all.iter().filter(move |c| c.id != e.id && c.covers.iter().any(|x| *x == kind || *x == e.id))
}

/// The entity of an `#e:` tag.
pub fn entity(tag: &str) -> Option<&'static Entity> {
    let id = tag.strip_prefix("#e:")?;
    ENTITIES.all.iter().find(|e| e.id == id)
}

/// Every term seen, by number: a term is stored once however many units hold it, and its
/// number stays the same across matchers (so a region's weights can be kept as numbers).
static INTERNED: LazyLock<RwLock<Interned>> = LazyLock::new(Default::default);

/// The numbers of the terms, and how many there are.
type Interned = (HashMap<Box<str>, u32>, usize);

/// The number of a term, given one if it has none yet.
pub fn intern(term: &str) -> u32 {
    if let Some(id) = known(term) {
        return id;
    }
    let mut w = INTERNED.write().unwrap_or_else(|e| e.into_inner());
    let next = w.0.len() as u32;
    let id = *w.0.entry(term.into()).or_insert(next);
    w.1 = w.0.len();
    id
}

/// The number of a term some text has had.
pub fn known(term: &str) -> Option<u32> {
    INTERNED.read().unwrap_or_else(|e| e.into_inner()).0.get(term).copied()
}

/// How many terms are numbered.
pub fn numbered() -> usize {
    INTERNED.read().unwrap_or_else(|e| e.into_inner()).1
}

/// Terms counted: (term, how many times), in order of first appearance.
pub fn counted(terms: &[Term]) -> Vec<(String, u16)> {
    let mut out: Vec<(String, u16)> = Vec::new();
    for t in terms {
        match out.iter_mut().find(|(x, _)| *x == t.term) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => out.push((t.term.clone(), 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every network's kind is one a reason can name ("or another EU programme").
    #[test]
    fn every_kind_of_network_has_a_noun() {
        for e in entities() {
            assert!(kinds::noun(&e.kind).is_some(), "{}: kind {} not in data/vocab/entity-kinds.csv", e.id, e.kind);
        }
    }

    fn ts(s: &str) -> Vec<String> {
        terms(s).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_tags_and_addresses() {
        let t = ts("Coordinate with ECRIN https://ecrin.org/, NorCRIN https://www.norcrin.no/in-english/ , EATRIS https://eatris.eu/");
        assert!(t.contains(&"#e:ecrin".to_string()) && t.contains(&"#e:eatris".to_string()), "{t:?}");
        assert!(!t.iter().any(|x| x.contains("http") || x.contains("org") || x == "english"), "{t:?}");
        let t = ts("especially in the field of biophotonic, biobank, KI");
        assert!(t.contains(&"#t:artificial_intelligence".to_string()) && t.contains(&"biobank".to_string()), "{t:?}");
        assert!(!t.contains(&"the".to_string()) && !t.contains(&"especially".to_string()), "{t:?}");
        assert_eq!(ts("personalized medicine"), ts("personalised medicine"));
        assert!(ts("Through networks such as S3P on personalised medicine.").contains(&"#e:s3p4pm".to_string()));
        assert!(ts("Yes - S3 partnerships").contains(&"#e:s3_platform".to_string()));
        assert!(!ts("The PM region according to the EC").iter().any(|x| x.starts_with("#e:")), "a designation");
        // A prefix and its hyphen make one word with the next; other hyphens part words.
        assert!(!ts("tele-robotics and re-education").contains(&"educ".to_string()));
        assert!(ts("tele-robotics and re-education").contains(&"robot".to_string()));
        assert_eq!(ts("co-operation, non-invasive"), ts("cooperation, noninvasive"));
        assert_eq!(ts("re-"), ts("re"));
        // Not "de", which joins the words of places' names ("Pays-de-la-Loire").
        assert_eq!(ts("Pays-de-la-Loire, Ile-de-France"), ts("Pays de la Loire, Ile de France"));
        // "imi" inside ordinary lower-case words is no entity.
        assert!(!ts("we imi tate").iter().any(|x| x.starts_with("#e:")));
    }

    #[test]
    fn spans_point_at_the_words() {
        let s = "Integrierte Biobank Jena";
        let t = terms(s);
        let b = t.iter().find(|x| x.term == "biobank").unwrap();
        assert_eq!(&s[b.span.0..b.span.1], "Biobank");
    }
}
