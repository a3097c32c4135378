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

/// One spelling for British and American forms, in the index and in queries alike:
/// "personalized", "personalization" and "standardize" are indexed and searched as
/// "personalised", "personalisation", "standardise".
pub(crate) fn spelling(w: &str) -> String {
    spelled(w).into_owned()
}

/// [`spelling`] without a copy when the word has only one spelling (most words).
pub(super) fn spelled(w: &str) -> std::borrow::Cow<'_, str> {
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
