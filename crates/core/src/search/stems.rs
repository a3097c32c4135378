//! Words as the index keeps them: one spelling for British and American forms, and their
//! stems in the nine languages of the documents.

/// Stems and the words that have them, in flat buffers (a copy is a few block copies, not
/// one allocation per stem): key `i` is `keys[key_ends[i-1]..key_ends[i]]`, its words
/// `words[word_ends[i-1]..word_ends[i]]`.
#[derive(Clone, Debug, Default)]
pub(super) struct Stems {
    keys: String,
    pub(super) key_ends: Vec<u32>,
    words: Vec<u32>,
    word_ends: Vec<u32>,
}

impl Stems {
    /// From (stem, word position) pairs sorted by stem, then word.
    pub(super) fn from_sorted<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Stems {
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

    pub(super) fn key(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.key_ends[i - 1] as usize };
        &self.keys[from..self.key_ends[i] as usize]
    }

    pub(super) fn words_of(&self, i: usize) -> &[u32] {
        let from = if i == 0 { 0 } else { self.word_ends[i - 1] as usize };
        &self.words[from..self.word_ends[i] as usize]
    }

    /// The positions of the words with this stem.
    pub(super) fn find(&self, key: &str) -> &[u32] {
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

    pub(super) fn pairs(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        (0..self.key_ends.len()).flat_map(move |i| self.words_of(i).iter().map(move |&w| (self.key(i), w)))
    }
}

/// The languages of the documents with a Snowball stemmer: English first (most documents
/// are written in it), then the regions' own languages as names and titles use them.
pub(super) const STEM_LANGUAGES: [rust_stemmers::Algorithm; 9] = {
    use rust_stemmers::Algorithm::*;
    [English, German, French, Dutch, Portuguese, Spanish, Italian, Swedish, Norwegian]
};

static STEMMERS: std::sync::LazyLock<Vec<rust_stemmers::Stemmer>> =
    std::sync::LazyLock::new(|| STEM_LANGUAGES.iter().map(|a| rust_stemmers::Stemmer::create(*a)).collect());

/// The stems of a folded word, each tagged with its language's position (one byte), for
/// words worth stemming (three letters or more, not numbers).
pub(super) fn stems(w: &str) -> impl Iterator<Item = String> + '_ {
    let worth = w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic());
    STEMMERS.iter().enumerate().filter(move |_| worth).map(move |(i, st)| {
        let stem = st.stem(w);
        let mut key = String::with_capacity(stem.len() + 1);
        key.push((b'0' + i as u8) as char);
        key.push_str(&stem);
        key
    })
}

/// One spelling for British and American forms, in the index and in queries alike
/// (`data/vocab/spellings.csv`): "personalized", "personalization" and "standardize" are
/// indexed and searched as "personalised", "personalisation", "standardise"; "paediatric"
/// and "leukaemia" as "pediatric" and "leukemia".
pub(crate) fn spelling(w: &str) -> String {
    spelled(w).into_owned()
}

/// The rules of `data/vocab/spellings.csv` by where they apply, each with the two bytes its
/// `from` ends or begins with, so that a word is compared with a whole rule only where those
/// bytes agree. A substring search per rule made the index at 10,000 profiles 40 % slower to
/// build than the six -ize rules written in code; this is still 10 to 20 % slower.
struct Spellings {
    /// (last two bytes, from, to) of the rules at a word's end.
    ends: Vec<([u8; 2], String, String)>,
    /// (first two bytes, from, to, whether the whole word) of the rules at a word's start.
    starts: Vec<([u8; 2], String, String, bool)>,
    /// (first two bytes, from, to) of the rules within a word, and which bytes begin one.
    within: Vec<([u8; 2], String, String)>,
    begins_within: [bool; 256],
}

static SPELLINGS: std::sync::LazyLock<Spellings> = std::sync::LazyLock::new(|| {
    let list = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/spellings.csv"));
    let mut sp = Spellings { ends: Vec::new(), starts: Vec::new(), within: Vec::new(), begins_within: [false; 256] };
    for line in list.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(4, ',').collect();
        assert_eq!(cols.len(), 4, "data/vocab/spellings.csv: from, to, at and why in '{line}'");
        // ASCII, so that where a rule begins is where a character does.
        let (from, to) = (cols[0].to_string(), cols[1].to_string());
        assert!(from.len() >= 2 && from.is_ascii(), "data/vocab/spellings.csv: 'from' in '{line}'");
        let b = from.as_bytes();
        match cols[2] {
            "end" => sp.ends.push(([b[b.len() - 2], b[b.len() - 1]], from, to)),
            "start" => sp.starts.push(([b[0], b[1]], from, to, false)),
            "word" => sp.starts.push(([b[0], b[1]], from, to, true)),
            "within" => {
                sp.begins_within[usize::from(b[0])] = true;
                sp.within.push(([b[0], b[1]], from, to));
            }
            other => panic!("data/vocab/spellings.csv: '{other}' is no place in a word (end, start, within, word)"),
        }
    }
    sp
});

/// [`spelling`] without a copy when the word has only one spelling (most words). An end
/// rule first, then one at the start or for the whole word, then one within, each kind in
/// the file's order.
pub(super) fn spelled(w: &str) -> std::borrow::Cow<'_, str> {
    let sp = &*SPELLINGS;
    let b = w.as_bytes();
    if b.len() < 2 {
        return std::borrow::Cow::Borrowed(w);
    }
    let (first, last) = ([b[0], b[1]], [b[b.len() - 2], b[b.len() - 1]]);
    for (end, from, to) in &sp.ends {
        if *end == last {
            if let Some(stem) = w.strip_suffix(from.as_str()).filter(|stem| stem.len() >= 3) {
                return std::borrow::Cow::Owned(format!("{stem}{to}"));
            }
        }
    }
    for (start, from, to, whole) in &sp.starts {
        if *start == first && (if *whole { w == from } else { w.starts_with(from.as_str()) }) {
            return std::borrow::Cow::Owned(format!("{to}{}", &w[from.len()..]));
        }
    }
    for (at, pair) in b.windows(2).enumerate() {
        if sp.begins_within[usize::from(pair[0])] {
            for (two, from, to) in &sp.within {
                if two == pair && b[at..].starts_with(from.as_bytes()) {
                    return std::borrow::Cow::Owned(format!("{}{to}{}", &w[..at], &w[at + from.len()..]));
                }
            }
        }
    }
    std::borrow::Cow::Borrowed(w)
}
