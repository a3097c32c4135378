//! Full-text search with facets over a set of profiles: an inverted index of folded words
//! (prefix matching, case- and diacritics-insensitive) plus the topics each profile names
//! (so "AI" finds a region that wrote "KI"), and one bit set per facet value. A query is
//! AND across words and across facets, OR within a facet; the counts of a facet are taken
//! over the results of every *other* facet's selection, so a selected value's siblings
//! keep showing what choosing them would give.

use std::collections::BTreeMap;
use std::sync::Arc;

mod facets;
pub mod relevance;
mod wordset;

use crate::model::Profile;
use crate::topics::find_topics;
use crate::vocab::vocab;

/// A set of region positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn empty(n: usize) -> BitSet {
        BitSet { words: vec![0; n.div_ceil(64)] }
    }
    pub fn full(n: usize) -> BitSet {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if n % 64 != 0 {
            if let Some(last) = words.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        BitSet { words }
    }
    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }
    pub fn remove(&mut self, i: usize) {
        self.words[i / 64] &= !(1 << (i % 64));
    }
    /// This set over `n` positions after regions were inserted at `inserted` (ascending
    /// positions of the new list): every member moves up past the insertions before it.
    pub fn spread(&self, inserted: &[usize], n: usize) -> BitSet {
        let mut out = BitSet::empty(n);
        let mut j = 0;
        for o in self.iter() {
            while j < inserted.len() && inserted[j] <= o + j {
                j += 1;
            }
            out.insert(o + j);
        }
        out
    }
    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }
    pub fn and(&mut self, o: &BitSet) {
        self.words.iter_mut().zip(&o.words).for_each(|(a, b)| *a &= b);
    }
    pub fn or(&mut self, o: &BitSet) {
        self.words.iter_mut().zip(&o.words).for_each(|(a, b)| *a |= b);
    }
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
    pub fn and_count(&self, o: &BitSet) -> usize {
        self.words.iter().zip(&o.words).map(|(a, b)| (a & b).count_ones() as usize).sum()
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + b
                })
            })
        })
    }
}

/// One value of a facet, with the regions that have it.
#[derive(Clone, Debug)]
pub struct FacetValue {
    pub id: String,
    pub label: String,
    pub set: BitSet,
}

#[derive(Clone, Debug)]
pub struct Facet {
    /// The URL parameter name (`country`, `membership.errin`, `rating.need_funding`).
    pub key: String,
    pub label: String,
    pub values: Vec<FacetValue>,
    /// Whether a region can have several of its values (so "all of them" means something).
    pub multi: bool,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Name,
    /// Best match first (see [`relevance`]); by name when no words are searched.
    Relevance,
    Population,
    Innovation,
    /// The edition of the data, newest first.
    Edition,
    Updated,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        Some(match s {
            "name" => Sort::Name,
            "relevance" => Sort::Relevance,
            "population" => Sort::Population,
            "innovation" => Sort::Innovation,
            "edition" => Sort::Edition,
            "updated" => Sort::Updated,
            _ => return None,
        })
    }
    pub fn id(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Relevance => "relevance",
            Sort::Population => "population",
            Sort::Innovation => "innovation",
            Sort::Edition => "edition",
            Sort::Updated => "updated",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Query {
    pub text: String,
    /// Facet key → selected value ids.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Facets whose selected values must all hold (the others: any of them).
    pub match_all: std::collections::BTreeSet<String>,
    pub sort: Sort,
}

/// Facet counts for one facet: (value index, count), every value of the facet.
#[derive(Clone, Debug)]
pub struct FacetCounts {
    pub facet: usize,
    pub counts: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Results {
    /// Matching region positions, in the requested order.
    pub hits: Vec<usize>,
    pub facets: Vec<FacetCounts>,
    /// Query words that match nothing at all (to say why a result is empty).
    pub unknown_words: Vec<String>,
}

/// An index is updated after a write by copying it and changing what the write touched
/// ([`Index::updated`]): the regions of each word are shared between copies until one of
/// them changes.
#[derive(Clone)]
pub struct Index {
    n: usize,
    /// Folded word → regions, sorted by word (prefix ranges are contiguous).
    words: Vec<(Arc<str>, Arc<wordset::WordSet>)>,
    /// A word's stem in each language of [`STEMMERS`] (tagged with the language) → the
    /// positions in `words` of the words with that stem: "personalised" finds
    /// "personalisation", "Kliniken" finds "Klinik".
    stems: Arc<Stems>,
    /// Topic id → regions that name it anywhere.
    topics: Vec<BitSet>,
    pub facets: Vec<Facet>,
    /// For each region, the (facet, value) pairs it has: counting per hit is cheaper than
    /// per bit set when the results are few.
    region_values: facets::RegionValues,
    /// The table of facet values, and the keys into it of each region's values: the facets
    /// are assembled from these.
    keys: Arc<facets::Keys>,
    region_keys: Vec<Arc<[u32]>>,
    /// What sorting the results reads, per region.
    sort: Vec<SortKey>,
    /// The words that rank a match, per region (see [`relevance`]).
    weighed: Vec<relevance::Weighed>,
}

/// What sorting the results reads of a region.
#[derive(Clone, Debug, PartialEq)]
struct SortKey {
    name: String,
    population: u64,
    innovation: i16,
    edition: Option<crate::origin::Edition>,
    updated: String,
}

impl SortKey {
    fn of(p: &Profile, updated: &str) -> SortKey {
        SortKey {
            name: crate::text::fold(p.name.as_str()),
            population: p.key_figures.population.as_ref().map_or(0, |f| f.value),
            innovation: p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map_or(-1, |g| g.rank() as i16),
            edition: p.origin.edition,
            updated: updated.to_string(),
        }
    }
}

/// Stems and the words that have them, in flat buffers (a copy is a few block copies, not
/// one allocation per stem): key `i` is `keys[key_ends[i-1]..key_ends[i]]`, its words
/// `words[word_ends[i-1]..word_ends[i]]`.
#[derive(Clone, Debug, Default)]
struct Stems {
    keys: String,
    key_ends: Vec<u32>,
    words: Vec<u32>,
    word_ends: Vec<u32>,
}

impl Stems {
    /// From (stem, word position) pairs sorted by stem, then word.
    fn from_sorted<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Stems {
        let mut s = Stems::default();
        for (key, wi) in pairs {
            if s.key_ends.is_empty() || s.key(s.key_ends.len() - 1) != key {
                s.keys.push_str(key);
                s.key_ends.push(s.keys.len() as u32);
                s.word_ends.push(s.words.len() as u32);
            }
            s.words.push(wi);
            *s.word_ends.last_mut().expect("pushed above") = s.words.len() as u32;
        }
        s
    }

    fn key(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.key_ends[i - 1] as usize };
        &self.keys[from..self.key_ends[i] as usize]
    }

    fn words_of(&self, i: usize) -> &[u32] {
        let from = if i == 0 { 0 } else { self.word_ends[i - 1] as usize };
        &self.words[from..self.word_ends[i] as usize]
    }

    /// The positions of the words with this stem.
    fn find(&self, key: &str) -> &[u32] {
        let (mut lo, mut hi) = (0, self.key_ends.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.words_of(mid),
            }
        }
        &[]
    }

    fn pairs(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        (0..self.key_ends.len()).flat_map(move |i| self.words_of(i).iter().map(move |&w| (self.key(i), w)))
    }
}

/// The languages of the documents with a Snowball stemmer: English first (most documents
/// are written in it), then the regions' own languages as names and titles use them.
const STEM_LANGUAGES: [rust_stemmers::Algorithm; 9] = {
    use rust_stemmers::Algorithm::*;
    [English, German, French, Dutch, Portuguese, Spanish, Italian, Swedish, Norwegian]
};

static STEMMERS: std::sync::LazyLock<Vec<rust_stemmers::Stemmer>> =
    std::sync::LazyLock::new(|| STEM_LANGUAGES.iter().map(|a| rust_stemmers::Stemmer::create(*a)).collect());

/// The stems of a folded word, each tagged with its language's position (one byte), for
/// words worth stemming (three letters or more, not numbers).
fn stems(w: &str) -> impl Iterator<Item = String> + '_ {
    let worth = w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic());
    STEMMERS.iter().enumerate().filter(move |_| worth).map(move |(i, st)| {
        let stem = st.stem(w);
        let mut key = String::with_capacity(stem.len() + 1);
        key.push((b'0' + i as u8) as char);
        key.push_str(&stem);
        key
    })
}

/// One spelling for British and American forms, in the index and in queries alike:
/// "personalized", "personalization" and "standardize" are indexed and searched as
/// "personalised", "personalisation", "standardise".
pub(crate) fn spelling(w: &str) -> String {
    spelled(w).into_owned()
}

/// [`spelling`] without a copy when the word has only one spelling (most words).
fn spelled(w: &str) -> std::borrow::Cow<'_, str> {
    for (us, uk) in [
        ("ization", "isation"),
        ("izations", "isations"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
    ] {
        if let Some(stem) = w.strip_suffix(us) {
            if stem.len() >= 3 {
                return std::borrow::Cow::Owned(format!("{stem}{uk}"));
            }
        }
    }
    std::borrow::Cow::Borrowed(w)
}

/// The prose of a profile, each text with the label of its section: what a result's snippet
/// is taken from.
fn prose(p: &Profile) -> Vec<(&'static str, &str)> {
    let mut t: Vec<(&'static str, &str)> = Vec::new();
    t.extend(p.description.iter().map(|x| ("Description", x.as_str())));
    t.extend(p.health_profile.iter().map(|x| ("Health profile", x.as_str())));
    if let Some(c) = &p.collaboration {
        t.extend(c.texts().map(|x| ("Collaboration", x)));
        t.extend(c.partners.iter().map(|x| ("Partners", x.as_str())));
    }
    t.extend(p.policy_documents.iter().map(|d| ("Policy documents", d.title.as_str())));
    t.extend(p.policy_topics.iter().map(|x| ("Topics covered by policies", x.text.as_str())));
    for m in &p.support_measures {
        t.push(("Support measures", m.kind.label()));
        t.extend(m.detail.as_ref().map(|d| ("Support measures", d.as_str())));
    }
    t.extend(p.funding_programmes.iter().map(|x| ("Funding programmes", x.text.as_str())));
    for i in &p.initiatives {
        t.push(("Initiatives", i.name.as_str()));
        t.extend(i.description.as_ref().map(|d| ("Initiatives", d.as_str())));
    }
    t.extend(p.digital_innovation_hubs.iter().map(|x| ("Digital innovation hubs", x.as_str())));
    t.extend(p.represented_in.iter().map(|x| ("Represented in", x.text.as_str())));
    t
}

/// Every free text of a profile, for the full-text index.
fn texts(p: &Profile) -> Vec<&str> {
    let mut t: Vec<&str> = vec![p.name.as_str(), p.code.as_str()];
    t.extend(p.country_name());
    // Its names in its own languages and in English (Thüringen, Thuringia), and its
    // country's (Deutschland).
    let v = vocab();
    t.extend(v.names_of(&p.code));
    if p.code.level() > 0 {
        if let Ok(country) = crate::nuts::NutsCode::parse(p.code.country()) {
            t.extend(v.names_of(&country));
        }
    }
    t.extend(p.websites.iter().map(|x| x.as_str()));
    t.extend(prose(p).into_iter().map(|(_, x)| x));
    // The networks it belongs to, by name and abbreviation ("ICPerMed" finds its members).
    for m in p.memberships.iter().filter(|m| m.answer.is_member()) {
        t.push(m.network.short());
        t.push(m.network.label());
    }
    for c in p.nace.iter().chain(&p.nabs).chain(&p.policy_objectives) {
        t.extend(c.label.as_ref().map(|l| l.as_str()));
    }
    t
}

impl Index {
    /// Builds the index; `updated[i]` is the time profile `i` was last changed (ISO 8601).
    pub fn build(profiles: &[&Profile], updated: &[&str]) -> Index {
        let n = profiles.len();
        // Hashed while building (a lookup per word of every text), sorted once at the end.
        let mut words: std::collections::HashMap<String, wordset::WordSet> = std::collections::HashMap::new();
        let mut topics = vec![BitSet::empty(n); vocab().topics.len()];
        let mut folded = String::new();
        for (i, p) in profiles.iter().enumerate() {
            let ts = texts(p);
            for t in &ts {
                // A word is copied only the first time any profile has it.
                crate::text::fold_into(t, &mut folded);
                for (_, w) in crate::text::words(&folded) {
                    let w = spelled(w);
                    match words.get_mut(&*w) {
                        Some(set) => set.insert(i, n),
                        None => {
                            words.insert(w.into_owned(), wordset::WordSet::one(i, n));
                        }
                    }
                }
            }
            for m in find_topics(ts.iter().copied()) {
                topics[m.topic.index()].insert(i);
            }
        }
        let mut words: Vec<(Arc<str>, Arc<wordset::WordSet>)> = words
            .into_iter()
            .map(|(w, mut set)| {
                set.shrink();
                (Arc::from(w), Arc::new(set))
            })
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Stems of the distinct words only: far fewer than the words of all the texts.
        let mut stem_pairs: Vec<(String, u32)> =
            words.iter().enumerate().flat_map(|(wi, (w, _))| stems(w).map(move |s| (s, wi as u32))).collect();
        stem_pairs.sort_unstable();
        let stems = Stems::from_sorted(stem_pairs.iter().map(|(s, w)| (s.as_str(), *w)));
        let mut keys = facets::Keys::new();
        let region_keys: Vec<Arc<[u32]>> = profiles.iter().map(|p| keys.of(p)).collect();
        let (facets, region_values) = keys.assemble(&region_keys);
        Index {
            n,
            words,
            stems: Arc::new(stems),
            topics,
            facets,
            region_values,
            keys: Arc::new(keys),
            region_keys,
            sort: profiles.iter().zip(updated).map(|(p, u)| SortKey::of(p, u)).collect(),
            weighed: profiles.iter().map(|p| relevance::weighed(p)).collect(),
        }
    }

    /// This index after `changes`, for the new list `profiles` (and their `updated` times):
    /// the same as [`Index::build`] over them would give, at the cost of the changed regions'
    /// texts plus a copy of the index's tables, the sets of its words shared.
    pub fn updated(&self, profiles: &[&Profile], updated: &[&str], changes: &[crate::changes::Change<'_>]) -> Index {
        use crate::changes::Change;
        let n = profiles.len();
        let inserted = crate::changes::inserted(changes);
        let mut next = self.clone();
        next.n = n;
        if !inserted.is_empty() {
            // Every set moves up past the insertions: all of them are copied.
            for (_, set) in next.words.iter_mut() {
                *set = Arc::new(set.spread(&inserted, n));
            }
            for set in next.topics.iter_mut() {
                *set = set.spread(&inserted, n);
            }
        }
        let mut added: BTreeMap<String, wordset::WordSet> = BTreeMap::new();
        // Words a region no longer has: gone from the index if no region has them any more.
        let mut dropped: Vec<usize> = Vec::new();
        let mut folded = String::new();
        for c in changes {
            let at = c.at();
            let now = words_of(profiles[at], &mut folded);
            if let Change::Replaced { old, .. } = c {
                for w in words_of(old, &mut folded).difference(&now) {
                    if let Ok(wi) = next.words.binary_search_by(|(x, _)| (**x).cmp(w.as_str())) {
                        Arc::make_mut(&mut next.words[wi].1).remove(at);
                        dropped.push(wi);
                    }
                }
            }
            for w in now {
                match next.words.binary_search_by(|(x, _)| (**x).cmp(w.as_str())) {
                    Ok(wi) => Arc::make_mut(&mut next.words[wi].1).insert(at, n),
                    Err(_) => added.entry(w).or_insert_with(|| wordset::WordSet::Few(Vec::new())).insert(at, n),
                }
            }
            for set in next.topics.iter_mut() {
                set.remove(at);
            }
            for m in find_topics(texts(profiles[at]).into_iter()) {
                next.topics[m.topic.index()].insert(at);
            }
        }
        dropped.sort_unstable();
        dropped.dedup();
        dropped.retain(|&wi| next.words[wi].1.count() == 0);
        if !added.is_empty() || !dropped.is_empty() {
            next.reword(added, &dropped);
        }
        // The facets from each region's values, and the sort keys: those of unchanged
        // regions as they were.
        let from = crate::changes::old_positions(n, changes);
        let touched = crate::changes::touched(n, changes);
        let unchanged = |i: usize| from[i].filter(|_| !touched[i]);
        let keys = Arc::make_mut(&mut next.keys);
        next.region_keys = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.region_keys[o].clone(),
                None => keys.of(profiles[i]),
            })
            .collect();
        let (facets, region_values) = keys.assemble(&next.region_keys);
        next.facets = facets;
        next.region_values = region_values;
        next.sort = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.sort[o].clone(),
                None => SortKey::of(profiles[i], updated[i]),
            })
            .collect();
        next.weighed = (0..n)
            .map(|i| match unchanged(i) {
                Some(o) => self.weighed[o].clone(),
                None => relevance::weighed(profiles[i]),
            })
            .collect();
        next
    }

    /// Orders hits best match first for the searched `text` (see [`relevance`]); hits of
    /// equal score keep their order.
    pub fn rank(&self, hits: &mut [usize], text: &str) {
        let folded = crate::text::fold(text);
        let mut matched: Vec<u32> = Vec::new();
        for (_, w) in crate::text::words(&folded) {
            let w = spelling(w);
            let start = self.words.partition_point(|(x, _)| &**x < w.as_str());
            for (x, _) in self.words[start..].iter().take_while(|(x, _)| x.starts_with(w.as_str())) {
                matched.push(relevance::word_hash(x));
            }
            for key in stems(&w) {
                matched
                    .extend(self.stems.find(&key).iter().map(|&wi| relevance::word_hash(&self.words[wi as usize].0)));
            }
        }
        let matched = relevance::Matched::new(matched.into_iter());
        let mut scored: Vec<(u32, usize)> =
            hits.iter().map(|&i| (relevance::score(&self.weighed[i], &matched), i)).collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (h, (_, i)) in hits.iter_mut().zip(scored) {
            *h = i;
        }
    }

    /// Puts words new to the index in their places and takes out those at `dropped` (sorted
    /// positions of words no region has any more), their stems with them.
    fn reword(&mut self, added: BTreeMap<String, wordset::WordSet>, dropped: &[usize]) {
        const GONE: u32 = u32::MAX;
        let old = std::mem::take(&mut self.words);
        // Where each old word goes once the new ones are among them (GONE if dropped).
        let mut remap = Vec::with_capacity(old.len());
        let mut words = Vec::with_capacity(old.len() + added.len());
        let mut new_pairs: Vec<(String, u32)> = Vec::new();
        let mut fresh = added.into_iter().peekable();
        let mut dropped = dropped.iter().peekable();
        for (wi, (w, set)) in old.into_iter().enumerate() {
            while let Some((nw, nset)) = fresh.next_if(|(nw, _)| nw.as_str() < &*w) {
                new_pairs.extend(stems(&nw).map(|s| (s, words.len() as u32)));
                words.push((Arc::from(nw), Arc::new(nset)));
            }
            if dropped.next_if(|&&d| d == wi).is_some() {
                remap.push(GONE);
                continue;
            }
            remap.push(words.len() as u32);
            words.push((w, set));
        }
        for (nw, nset) in fresh {
            new_pairs.extend(stems(&nw).map(|s| (s, words.len() as u32)));
            words.push((Arc::from(nw), Arc::new(nset)));
        }
        self.words = words;
        new_pairs.sort_unstable();
        // Both lists are sorted by (stem, word), the old one still after remapping (the old
        // words keep their order): merged in one pass.
        let old_stems = self.stems.clone();
        let mut old_pairs =
            old_stems.pairs().map(|(k, w)| (k, remap[w as usize])).filter(|&(_, w)| w != GONE).peekable();
        let mut new_pairs = new_pairs.iter().map(|(k, w)| (k.as_str(), *w)).peekable();
        let merged = std::iter::from_fn(|| match (old_pairs.peek(), new_pairs.peek()) {
            (Some(a), Some(b)) if a <= b => old_pairs.next(),
            (Some(_), Some(_)) | (None, Some(_)) => new_pairs.next(),
            (Some(_), None) => old_pairs.next(),
            (None, None) => None,
        });
        self.stems = Arc::new(Stems::from_sorted(merged));
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn facet(&self, key: &str) -> Option<(usize, &Facet)> {
        self.facets.iter().enumerate().find(|(_, f)| f.key == key)
    }

    /// Regions with a word starting with `prefix`.
    fn prefix_set(&self, prefix: &str) -> BitSet {
        let mut out = BitSet::empty(self.n);
        let start = self.words.partition_point(|(w, _)| &**w < prefix);
        for (w, set) in &self.words[start..] {
            if !w.starts_with(prefix) {
                break;
            }
            set.or_into(&mut out);
        }
        out
    }

    /// The words of a query text, for [`snippet`].
    pub fn query_words(&self, text: &str) -> QueryWords {
        let folded = crate::text::fold(text);
        let words: Vec<String> = crate::text::words(&folded).map(|(_, w)| spelling(w)).collect();
        let mut stemmed = std::collections::HashSet::new();
        for w in &words {
            for key in stems(w) {
                stemmed.extend(self.stems.find(&key).iter().map(|&wi| self.words[wi as usize].0.to_string()));
            }
        }
        let us: Vec<String> = stemmed.iter().filter_map(|w| american(w)).collect();
        stemmed.extend(us);
        let mut words = words;
        let us: Vec<String> = words.iter().filter_map(|w| american(w)).collect();
        words.extend(us);
        let mut heads: Vec<String> = words
            .iter()
            .chain(&stemmed)
            .map(|w| w.chars().take(4).collect::<String>())
            .filter(|h| !h.is_empty())
            .collect();
        heads.sort();
        heads.dedup();
        if heads.iter().any(|h| !h.is_ascii()) {
            heads.clear();
            heads.push(String::new());
        }
        let mut starts = [false; 256];
        for w in words.iter().chain(&stemmed) {
            if let Some(&b) = w.as_bytes().first() {
                starts[b as usize] = true;
            }
        }
        QueryWords { words, stemmed, heads, starts }
    }

    pub fn search(&self, q: &Query) -> Results {
        // Text: every word must match (as a word prefix, or through a topic it names).
        let mut text = BitSet::full(self.n);
        let mut unknown_words = Vec::new();
        let folded = crate::text::fold(&q.text);
        let qwords: Vec<String> = crate::text::words(&folded).map(|(_, w)| spelling(w)).collect();
        let named: Vec<_> = find_topics(std::iter::once(q.text.as_str()));
        for w in &qwords {
            let mut set = self.prefix_set(w);
            for key in stems(w) {
                for &wi in self.stems.find(&key) {
                    self.words[wi as usize].1.or_into(&mut set);
                }
            }
            for m in &named {
                let phrase = crate::text::fold(m.as_written.as_str());
                if crate::text::words(&phrase).any(|(_, pw)| spelling(pw) == *w) {
                    set.or(&self.topics[m.topic.index()]);
                }
            }
            if set.count() == 0 {
                unknown_words.push(w.to_string());
            }
            text.and(&set);
        }
        // Facets: the union of the selected values of each, intersected across facets.
        let selections: Vec<Option<BitSet>> = self
            .facets
            .iter()
            .map(|f| {
                let chosen = q.filters.get(&f.key)?;
                let all = q.match_all.contains(&f.key);
                let mut s = if all { BitSet::full(self.n) } else { BitSet::empty(self.n) };
                let mut any = false;
                for v in f.values.iter().filter(|v| chosen.contains(&v.id)) {
                    if all {
                        s.and(&v.set);
                    } else {
                        s.or(&v.set);
                    }
                    any = true;
                }
                // A filter naming only unknown values selects nothing.
                Some(if any || chosen.is_empty() { s } else { BitSet::empty(self.n) })
            })
            .collect();
        let mut all = text.clone();
        for s in selections.iter().flatten() {
            all.and(s);
        }
        // Facets without a selection count over the results: per hit when they are few.
        let hits_n = all.count();
        let per_hit = hits_n * 8 < self.n;
        let mut direct: Vec<Vec<usize>> = Vec::new();
        if per_hit {
            direct = self.facets.iter().map(|f| vec![0; f.values.len()]).collect();
            for i in all.iter() {
                for &(f, v) in self.region_values.of(i) {
                    direct[f as usize][v as usize] += 1;
                }
            }
        }
        let facets = self
            .facets
            .iter()
            .enumerate()
            .map(|(fi, f)| {
                if per_hit && selections[fi].is_none() {
                    return FacetCounts { facet: fi, counts: std::mem::take(&mut direct[fi]) };
                }
                // A facet matched with "all" counts what adding a value would leave: over the
                // results themselves, like a facet without a selection.
                let base = if selections[fi].is_some() && !q.match_all.contains(&f.key) {
                    let mut b = text.clone();
                    for (gi, s) in selections.iter().enumerate() {
                        if gi != fi {
                            if let Some(s) = s {
                                b.and(s);
                            }
                        }
                    }
                    b
                } else {
                    all.clone()
                };
                FacetCounts { facet: fi, counts: f.values.iter().map(|v| base.and_count(&v.set)).collect() }
            })
            .collect();
        let mut hits: Vec<usize> = all.iter().collect();
        let k = &self.sort;
        match q.sort {
            // Best match is ranked by the caller, which has the profiles (`relevance::rank`).
            Sort::Name | Sort::Relevance => hits.sort_by(|&a, &b| k[a].name.cmp(&k[b].name)),
            Sort::Population => hits.sort_by(|&a, &b| k[b].population.cmp(&k[a].population)),
            Sort::Innovation => {
                hits.sort_by(|&a, &b| k[b].innovation.cmp(&k[a].innovation).then(k[a].name.cmp(&k[b].name)))
            }
            Sort::Edition => hits.sort_by(|&a, &b| k[b].edition.cmp(&k[a].edition).then(k[a].name.cmp(&k[b].name))),
            Sort::Updated => hits.sort_by(|&a, &b| k[b].updated.cmp(&k[a].updated)),
        }
        Results { hits, facets, unknown_words }
    }
}

/// Where a result matched: a piece of one of its texts, the matching words marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The section the text is from ("Initiatives").
    pub section: &'static str,
    /// The piece, in order: (text, whether it is a matching word).
    pub parts: Vec<(String, bool)>,
}

/// Words of context kept before and after the first matching word of a snippet.
const SNIPPET_BEFORE: usize = 8;
const SNIPPET_AFTER: usize = 18;

/// The query's words as the index sees them: folded, one spelling, and every indexed word
/// that shares a stem with one of them (looked up once per query, not per word of a text).
pub struct QueryWords {
    words: Vec<String>,
    stemmed: std::collections::HashSet<String>,
    /// The first letters of every word above: a plain-ASCII text holding none of them, in
    /// any case, holds no match (checked before folding it).
    heads: Vec<String>,
    /// Which bytes a matching folded word can start with (most words are rejected here).
    starts: [bool; 256],
}

impl QueryWords {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether a folded word of a text is one the search matched: it starts with a query
    /// word, or shares a stem with one (in either spelling: both are in the sets, so that
    /// this allocates nothing).
    fn matches_folded(&self, w: &str) -> bool {
        let Some(&b) = w.as_bytes().first() else { return false };
        self.starts[b as usize] && (self.words.iter().any(|q| w.starts_with(q.as_str())) || self.stemmed.contains(w))
    }

    /// Whether a text may hold a match: false only when it certainly does not.
    fn may_match(&self, text: &str) -> bool {
        if !text.is_ascii() || self.heads.iter().any(|h| h.is_empty()) {
            return true;
        }
        let t = text.as_bytes();
        self.heads.iter().any(|h| t.windows(h.len()).any(|w| w.eq_ignore_ascii_case(h.as_bytes())))
    }
}

/// The American spelling of a word in the one spelling of [`spelling`], if it has another.
fn american(w: &str) -> Option<String> {
    for (uk, us) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ] {
        if let Some(stem) = w.strip_suffix(uk) {
            if stem.len() >= 3 {
                return Some(format!("{stem}{us}"));
            }
        }
    }
    None
}

/// The first text of a profile's prose holding a query word, cut to a few words around it.
/// Bounded: a text is read word by word only up to the end of its piece, most words
/// rejected by their first letter.
pub fn snippet(p: &Profile, q: &QueryWords) -> Option<Snippet> {
    if q.is_empty() {
        return None;
    }
    let mut folded = String::new();
    for (section, text) in prose(p) {
        // Most texts hold no match: find that out before folding, or on the folded text.
        if !q.may_match(text) {
            continue;
        }
        // Runs of letters and digits (words) and what lies between them, with their byte
        // ranges and whether they match, up to the end of the piece.
        let mut tokens: Vec<(usize, usize, bool, bool)> = Vec::new();
        let mut first: Option<usize> = None;
        let mut after = 0;
        let mut truncated = false;
        let mut close = |tokens: &mut Vec<(usize, usize, bool, bool)>, first: &mut Option<usize>, after: &mut usize| {
            if let Some(t) = tokens.last_mut().filter(|t| t.2) {
                let word = &text[t.0..t.1];
                // Most words are rejected by their first letter, before any folding.
                let c = word.chars().next().unwrap_or(' ');
                t.3 = if c.is_ascii() && !q.starts[c.to_ascii_lowercase() as usize] {
                    false
                } else {
                    crate::text::fold_into(word, &mut folded);
                    q.matches_folded(&folded)
                };
                if first.is_none() && t.3 {
                    *first = Some(tokens.len() - 1);
                }
                if first.is_some() {
                    *after += 1;
                }
            }
        };
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric();
            match tokens.last_mut() {
                Some(t) if t.2 == word => t.1 = i + c.len_utf8(),
                _ => {
                    close(&mut tokens, &mut first, &mut after);
                    if after > SNIPPET_AFTER {
                        truncated = true;
                        break;
                    }
                    tokens.push((i, i + c.len_utf8(), word, false));
                }
            }
        }
        if !truncated {
            close(&mut tokens, &mut first, &mut after);
        }
        let Some(first) = first else { continue };
        let words_before: Vec<usize> = (0..first).filter(|&i| tokens[i].2).collect();
        let from = words_before.len().checked_sub(SNIPPET_BEFORE).map_or(0, |k| words_before[k]);
        let mut parts: Vec<(String, bool)> = Vec::new();
        if from > 0 {
            parts.push(("… ".into(), false));
        }
        for t in &tokens[from..] {
            let piece = &text[t.0..t.1];
            match parts.last_mut() {
                Some(last) if !last.1 && !t.3 => last.0.push_str(piece),
                _ => parts.push((piece.to_string(), t.3)),
            }
        }
        if truncated {
            // The gap before the next word is not part of the piece.
            if parts.last().is_some_and(|p| !p.1 && p.0.trim().is_empty()) {
                parts.pop();
            }
            parts.push((" …".into(), false));
        }
        return Some(Snippet { section, parts });
    }
    None
}

/// The distinct indexed words of a profile (folded, in one spelling).
fn words_of(p: &Profile, folded: &mut String) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for t in texts(p) {
        crate::text::fold_into(t, folded);
        out.extend(crate::text::words(folded).map(|(_, w)| spelling(w)));
    }
    out
}

/// Every facet's key, in the index's order: an index has one facet per key, whatever its data.
pub fn facet_keys() -> Vec<String> {
    facets::keys()
}

/// The URL id of an edition: `2021`, `2019`, `2019-early`, `2026-submitted`.
pub fn edition_id(e: crate::origin::Edition) -> String {
    match e.layout {
        Some(crate::origin::Layout::Early) => format!("{}-early", e.year),
        Some(_) => e.year.to_string(),
        None => format!("{}-submitted", e.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Profile> {
        let mut v = vec![crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile];
        v.extend(crate::synth::profiles(300, 11));
        v
    }

    fn query(text: &str, filters: &[(&str, &[&str])]) -> Query {
        Query {
            text: text.into(),
            filters: filters.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect(),
            match_all: Default::default(),
            sort: Sort::Name,
        }
    }

    #[test]
    fn stems_spellings_and_names_in_other_languages() {
        let mut p = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        p.description =
            vec![crate::Text::new("Personalised medicine in the Kliniken of Jena; genomic studies.").unwrap()];
        let mut other = crate::synth::profile(3, 4);
        other.code = crate::NutsCode::parse("ES51").unwrap();
        other.name = crate::Text::new("Cataluña").unwrap();
        other.description = vec![crate::Text::new("Personalization of care.").unwrap()];
        let refs = vec![&p, &other];
        let idx = Index::build(&refs, &["", ""]);
        let hits = |t: &str| {
            let mut h = idx.search(&query(t, &[])).hits;
            h.sort();
            h
        };
        // British and American spellings, and the forms of a word, find each other.
        assert_eq!(hits("personalized"), hits("personalised"));
        assert!(hits("personalized").contains(&1), "'Personalization' is the same word");
        assert!(hits("personalisation").contains(&0), "'Personalised' is the same word");
        assert!(hits("genomics").contains(&0), "'genomic'");
        assert!(hits("study").contains(&0), "'studies'");
        assert!(hits("Klinik").contains(&0), "German plural 'Kliniken'");
        // Region names in their own language, in English, with or without diacritics.
        for name in ["Thüringen", "Thuringen", "Thuringia"] {
            assert!(hits(name).contains(&0), "{name}");
        }
        for name in ["Catalonia", "Catalunya", "Cataluna"] {
            assert_eq!(hits(name), [1], "{name}");
        }
        assert!(hits("Deutschland").contains(&0), "the country's own name");
        assert!(hits("qqqzzz").is_empty());
    }

    #[test]
    fn a_snippet_shows_the_matched_words_in_their_text() {
        let p = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        let idx = Index::build(&[&p], &[""]);
        let s = snippet(&p, &idx.query_words("biobanks")).expect("Thuringia mentions its biobank");
        let marked: Vec<&str> = s.parts.iter().filter(|x| x.1).map(|x| x.0.as_str()).collect();
        assert!(!marked.is_empty() && marked.iter().all(|w| w.to_lowercase().starts_with("biobank")), "{marked:?}");
        let words = s.parts.iter().map(|x| x.0.as_str()).collect::<String>().split_whitespace().count();
        assert!(words <= SNIPPET_BEFORE + SNIPPET_AFTER + 4, "a few words, not the whole text: {words}");
        assert!(snippet(&p, &idx.query_words("qqqzzz")).is_none());
        assert!(snippet(&p, &idx.query_words("")).is_none());
    }

    #[test]
    fn a_facet_matches_any_or_all_of_its_values() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let (ti, topics) = idx.facet("topic").unwrap();
        assert!(topics.multi && !idx.facet("country").unwrap().1.multi);
        // The two most frequent topics.
        let all = idx.search(&query("", &[]));
        let mut by_count: Vec<usize> = (0..topics.values.len()).collect();
        by_count.sort_by_key(|&v| std::cmp::Reverse(all.facets[ti].counts[v]));
        let (a, b) = (&topics.values[by_count[0]], &topics.values[by_count[1]]);
        let ids = [a.id.as_str(), b.id.as_str()];
        let any = idx.search(&query("", &[("topic", &ids)]));
        let mut q = query("", &[("topic", &ids)]);
        q.match_all.insert("topic".into());
        let every = idx.search(&q);
        let (na, nb) = (a.set.count(), b.set.count());
        let both = a.set.and_count(&b.set);
        assert_eq!(any.hits.len(), na + nb - both, "any: the union");
        assert_eq!(every.hits.len(), both, "all: the intersection");
        assert!(every.hits.len() < any.hits.len(), "all narrows, any widens");
        // Under "all", a value's count is what adding it would leave.
        let c = by_count[2];
        assert_eq!(
            every.facets[ti].counts[c],
            every.hits.iter().filter(|&&i| topics.values[c].set.contains(i)).count()
        );
    }

    /// An updated index holds what a full build over the same profiles would: the same
    /// regions for every word and stem and topic, the same facets and sort keys.
    fn assert_same(updated: &Index, built: &Index) {
        assert_eq!(updated.n, built.n);
        // The same regions, whichever form each set takes (one that lost regions may stay a
        // bit set where a new build keeps positions).
        let members = |ix: &Index| -> Vec<(String, BitSet)> {
            ix.words
                .iter()
                .map(|(w, s)| {
                    let mut b = BitSet::empty(ix.n);
                    s.or_into(&mut b);
                    (w.to_string(), b)
                })
                .collect()
        };
        let (live, want) = (members(updated), members(built));
        assert_eq!(live.len(), want.len());
        for (a, b) in live.iter().zip(&want) {
            assert_eq!(a, b, "word {}", b.0);
        }
        let stem_words = |ix: &Index| -> Vec<(String, Vec<String>)> {
            (0..ix.stems.key_ends.len())
                .map(|k| {
                    let mut ws: Vec<String> = ix
                        .stems
                        .words_of(k)
                        .iter()
                        .filter(|&&w| ix.words[w as usize].1.count() > 0)
                        .map(|&w| ix.words[w as usize].0.to_string())
                        .collect();
                    ws.sort();
                    (ix.stems.key(k).to_string(), ws)
                })
                .filter(|(_, ws)| !ws.is_empty())
                .collect()
        };
        assert_eq!(stem_words(updated), stem_words(built));
        assert_eq!(updated.topics, built.topics);
        assert_eq!(updated.region_values, built.region_values);
        #[allow(clippy::type_complexity)]
        let facets = |ix: &Index| -> Vec<(String, bool, Vec<(String, String, BitSet)>)> {
            ix.facets
                .iter()
                .map(|f| {
                    (
                        f.key.clone(),
                        f.multi,
                        f.values.iter().map(|v| (v.id.clone(), v.label.clone(), v.set.clone())).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(facets(updated), facets(built));
        assert_eq!(updated.sort, built.sort);
        assert_eq!(updated.weighed, built.weighed, "the words that rank a match");
    }

    #[test]
    fn an_updated_index_is_the_index_of_the_new_profiles() {
        use crate::changes::Change;
        let all = corpus();
        // Regions at these positions are new in the second list.
        let new_at = [0usize, 1, 57, 58, 200, all.len() - 1];
        let before: Vec<Profile> =
            all.iter().enumerate().filter(|(i, _)| !new_at.contains(i)).map(|(_, p)| p.clone()).collect();
        let mut after = all.clone();
        // Others get another region's texts, figures and memberships under their own code.
        let mut replaced = Vec::new();
        for (at, from) in [(3usize, 250usize), (100, 0), (101, 7), (299, 120)] {
            let mut p = all[from].clone();
            p.code = all[at].code;
            p.name = crate::Text::new(&format!("{} renamed", all[at].name)).unwrap();
            p.description.push(crate::Text::new("Quixotically xylophonic zebrafish genomics").unwrap());
            after[at] = p;
            replaced.push(at);
        }
        after[100].description.clear();
        let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
        let mut changes: Vec<Change> = new_at.iter().map(|&at| Change::Inserted { at }).collect();
        changes.extend(replaced.iter().map(|&at| Change::Replaced { at, old: old_of(at) }));
        let times = |ps: &[Profile]| -> Vec<String> { ps.iter().map(|p| format!("t-{}", p.code)).collect() };
        let (tb, ta) = (times(&before), times(&after));
        let refs_b: Vec<&Profile> = before.iter().collect();
        let refs_a: Vec<&Profile> = after.iter().collect();
        let old = Index::build(&refs_b, &tb.iter().map(String::as_str).collect::<Vec<_>>());
        let ta: Vec<&str> = ta.iter().map(String::as_str).collect();
        let updated = old.updated(&refs_a, &ta, &changes);
        let built = Index::build(&refs_a, &ta);
        assert_same(&updated, &built);
        // Position 100 lost its description (and the word with it).
        assert_eq!(updated.search(&query("xylophonic", &[])).hits.len(), replaced.len() - 1);
        // The old index is untouched: readers of it see the data it was built from.
        assert!(old.search(&query("xylophonic", &[])).hits.is_empty());
        // Undone: the words only the changed texts had are gone from every region.
        let back: Vec<Change> = replaced.iter().map(|&at| Change::Replaced { at, old: &after[at] }).collect();
        let mut undone = after.clone();
        for &at in &replaced {
            undone[at] = all[at].clone();
        }
        let refs_u: Vec<&Profile> = undone.iter().collect();
        let again = updated.updated(&refs_u, &ta, &back);
        assert_same(&again, &Index::build(&refs_u, &ta));
        assert!(again.search(&query("xylophonic", &[])).hits.is_empty());
    }

    #[test]
    fn spreading_a_set_over_insertions() {
        let mut s = BitSet::empty(5);
        for i in [0, 2, 4] {
            s.insert(i);
        }
        // New list of 8: insertions at 0, 3 and 7.
        let t = s.spread(&[0, 3, 7], 8);
        assert_eq!(t.iter().collect::<Vec<_>>(), [1, 4, 6]);
    }

    #[test]
    fn full_sets_exactly_n_bits() {
        for n in [0, 1, 63, 64, 65, 130] {
            let b = BitSet::full(n);
            assert_eq!(b.count(), n);
            assert_eq!(b.iter().collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn words_are_prefixes_case_and_diacritics_insensitive() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let r = idx.search(&query("INFECTOGNOSTICS", &[]));
        assert_eq!(r.hits, [0]);
        let r = idx.search(&query("leibniz zentrum fur photonik", &[]));
        assert_eq!(r.hits, [0], "ü folds to u");
        assert!(idx.search(&query("biobank", &[])).hits.contains(&0));
        let r = idx.search(&query("zzzqqq", &[]));
        assert!(r.hits.is_empty());
        assert_eq!(r.unknown_words, ["zzzqqq"]);
    }

    #[test]
    fn synonyms_find_what_was_written_otherwise() {
        let mut p = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        p.description.clear();
        let refs = vec![&p];
        let idx = Index::build(&refs, &[""]);
        // Thuringia wrote "KI"; a search for AI, or for artificial intelligence, finds it.
        assert_eq!(idx.search(&query("AI", &[])).hits, [0]);
        assert_eq!(idx.search(&query("artificial intelligence", &[])).hits, [0]);
        assert_eq!(idx.search(&query("ehealth", &[])).hits, [0], "'assisted Living (ehealth)'");
    }

    #[test]
    fn facets_combine_and_count() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let all = idx.search(&query("", &[]));
        assert_eq!(all.hits.len(), ps.len());
        let (ci, country) = idx.facet("country").unwrap();
        let de = country.values.iter().position(|v| v.id == "DE").unwrap();
        let fr = country.values.iter().position(|v| v.id == "FR").unwrap();
        let n_de = all.facets[ci].counts[de];
        let n_fr = all.facets[ci].counts[fr];
        assert_eq!(n_de, ps.iter().filter(|p| p.code.country() == "DE").count());
        // OR within a facet; the facet's own counts stay those of the other facets' selection.
        let r = idx.search(&query("", &[("country", &["DE", "FR"])]));
        assert_eq!(r.hits.len(), n_de + n_fr);
        assert_eq!(r.facets[ci].counts[fr], n_fr);
        // AND across facets: seeking collaboration among them.
        let (si, seeking) = idx.facet("seeking").unwrap();
        let yes = seeking.values.iter().position(|v| v.id == "yes").unwrap();
        let expect = ps
            .iter()
            .filter(|p| {
                matches!(p.code.country(), "DE" | "FR") && p.collaboration.as_ref().is_some_and(|c| c.is_seeking())
            })
            .count();
        assert_eq!(r.facets[si].counts[yes], expect);
        let r2 = idx.search(&query("", &[("country", &["DE", "FR"]), ("seeking", &["yes"])]));
        assert_eq!(r2.hits.len(), expect);
        assert!(r2.hits.iter().all(|&i| ps[i].collaboration.as_ref().is_some_and(|c| c.is_seeking())));
        // An unknown value selects nothing.
        assert!(idx.search(&query("", &[("country", &["XX"])])).hits.is_empty());
    }

    #[test]
    fn few_results_count_the_same_per_hit() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let r = idx.search(&query("jena", &[("seeking", &["yes"])]));
        assert!(!r.hits.is_empty() && r.hits.len() * 8 < ps.len(), "the per-hit path is taken");
        for fc in &r.facets {
            let f = &idx.facets[fc.facet];
            if f.key == "seeking" {
                continue;
            }
            for (v, &count) in f.values.iter().zip(&fc.counts) {
                assert_eq!(count, r.hits.iter().filter(|&&i| v.set.contains(i)).count(), "{} = {}", f.key, v.id);
            }
        }
    }

    #[test]
    fn sorting() {
        let ps = corpus();
        let refs: Vec<&Profile> = ps.iter().collect();
        let idx = Index::build(&refs, &vec![""; ps.len()]);
        let mut q = query("", &[]);
        q.sort = Sort::Population;
        let r = idx.search(&q);
        let pops: Vec<u64> =
            r.hits.iter().map(|&i| ps[i].key_figures.population.as_ref().map_or(0, |f| f.value)).collect();
        assert!(pops.windows(2).all(|w| w[0] >= w[1]));
    }
}
