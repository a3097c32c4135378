//! The words of a text as matching reads them: folded, with their byte ranges, a prefix a
//! hyphen joins kept with its word ("re-education"), a compound written apart joined
//! ("health care"), web addresses left out; and where a text says a phrase asked whole
//! ("value-based healthcare").

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::text::{fold, fold_char, is_word_char};

/// The words of a one-column list of `data/vocab/`, its header left out.
pub(super) fn word_list(csv: &str) -> HashSet<String> {
    csv.lines().skip(1).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// The words of a text, folded, with their byte ranges (web addresses left out); two words
/// a compound writes apart ("health care") are one.
pub(super) fn folded_words(text: &str) -> Vec<((usize, usize), String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if !c.is_whitespace() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let token = &text[s..i];
            if !is_address(token) {
                words_of(token, s, &mut out);
            }
        }
    }
    join_compounds(text, &mut out);
    out
}

/// Compounds written apart or joined (`data/vocab/compounds.csv`): (first word, second word,
/// the compound), folded. A few: read by a scan, cheaper than hashing every word.
static COMPOUNDS: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    let list = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/compounds.csv"));
    let lines = list.lines().skip(1).filter(|l| !l.trim().is_empty());
    lines
        .map(|line| {
            let cols: Vec<&str> = line.splitn(3, ',').collect();
            let parts: Vec<&str> = cols[0].split_whitespace().collect();
            assert!(
                cols.len() == 3 && parts.len() == 2,
                "data/vocab/compounds.csv: two words and the compound in '{line}'"
            );
            (fold(parts[0]), fold(parts[1]), fold(cols[1].trim()))
        })
        .collect()
});

/// Joins each compound written apart, by a space or a hyphen only, into one word.
fn join_compounds(text: &str, words: &mut Vec<((usize, usize), String)>) {
    let mut i = 0;
    while i + 1 < words.len() {
        let (first, next) = (&words[i], &words[i + 1]);
        let joined = COMPOUNDS.iter().find(|c| c.0 == first.1 && c.1 == next.1);
        let apart =
            || text.get(first.0 .1..next.0 .0).is_some_and(|g| g.chars().all(|c| c.is_whitespace() || c == '-'));
        if let Some(c) = joined.filter(|_| apart()) {
            words[i] = ((first.0 .0, next.0 .1), c.2.clone());
            words.remove(i + 1);
        }
        i += 1;
    }
}

/// Prefixes a hyphen joins to the word after (`data/vocab/hyphen-prefixes.csv`): the two
/// make one word, not two ("re-education" is no education, "non-invasive" not invasive).
static PREFIXES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    word_list(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/hyphen-prefixes.csv")))
});

/// The words of one whitespace-separated token, at `offset` in its text.
fn words_of(token: &str, offset: usize, out: &mut Vec<((usize, usize), String)>) {
    let mut cur: Option<(usize, usize, String)> = None;
    let mut chars = token.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = |w: &(usize, usize, String)| PREFIXES.contains(&w.2);
        if c == '-' && cur.as_ref().is_some_and(joins) && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
            continue;
        }
        if is_word_char(c) {
            let w = cur.get_or_insert_with(|| (offset + i, offset + i, String::new()));
            fold_char(c, &mut w.2);
            w.1 = offset + i + c.len_utf8();
        } else if let Some((s, e, w)) = cur.take() {
            out.push(((s, e), w));
        }
    }
    out.extend(cur.map(|(s, e, w)| ((s, e), w)));
}

/// "https://ecrin.org/", "www.norcrin.no", "eatris.eu/", "name@region.eu": an address, not
/// words (an e-mail address's name is no field sought).
fn is_address(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
    t.contains("://") || t.starts_with("www.") || (t.contains('.') && t.contains(['/', '@'])) || {
        let parts: Vec<&str> = t.split('.').collect();
        parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && parts
                .last()
                .is_some_and(|tld| (2..=4).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase()))
    }
}

/// How the tag of a phrase asked whole begins.
pub const PHRASE_PREFIX: &str = "#p:";

/// Phrases by their first word: each as its folded words, with its tag.
type ByFirstWord = std::collections::HashMap<String, Vec<(Vec<String>, String)>>;

/// Phrases asked whole though their words say little alone (`data/vocab/asked-phrases.csv`:
/// "value-based healthcare"): by their first folded word, each way one is written as folded
/// words with its tag. Looked up by a text's words, so that a text costs its length however
/// many phrases there are (every unit of every region is read).
static ASKED_PHRASES: LazyLock<ByFirstWord> = LazyLock::new(|| {
    let list = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/asked-phrases.csv"));
    let mut by_first = ByFirstWord::default();
    for line in list.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.splitn(3, ',').collect();
        assert_eq!(cols.len(), 3, "data/vocab/asked-phrases.csv: id, phrases and why in '{line}'");
        let tag = format!("{PHRASE_PREFIX}{}", cols[0].trim());
        for written in cols[1].split('|') {
            let words: Vec<String> = folded_words(written).into_iter().map(|w| w.1).collect();
            // Ways written alike once folded ("public-private", "public private") are one.
            if let Some(first) = words.first() {
                let same = by_first.entry(first.clone()).or_default();
                if !same.iter().any(|(w, t)| *w == words && *t == tag) {
                    same.push((words, tag.clone()));
                }
            }
        }
    }
    by_first
});

/// The phrases asked whole that `words` (a text's [`folded_words`]) say, as tags
/// ("#p:value_based_healthcare"), with where, in the order they stand: a text saying one
/// answers an ask of it, and one saying its words apart does not.
pub(super) fn phrases_in(words: &[((usize, usize), String)]) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    for (i, (_, word)) in words.iter().enumerate() {
        for (phrase, tag) in ASKED_PHRASES.get(word).into_iter().flatten() {
            if let Some(span) = phrase_at(words, i, phrase) {
                out.push((tag.clone(), span));
            }
        }
    }
    out
}

/// Where a text says one of `phrases` (each as folded words), as byte ranges.
pub(super) fn said(text: &str, phrases: &[Vec<String>]) -> Vec<(usize, usize)> {
    let words = folded_words(text);
    phrases.iter().flat_map(|p| spans(&words, p)).collect()
}

/// Where `words` hold `phrase`, as byte ranges.
fn spans(words: &[((usize, usize), String)], phrase: &[String]) -> Vec<(usize, usize)> {
    (0..words.len()).filter_map(|i| phrase_at(words, i, phrase)).collect()
}

/// Where `words` hold `phrase` from their `i`th word on, as a byte range.
fn phrase_at(words: &[((usize, usize), String)], i: usize, phrase: &[String]) -> Option<(usize, usize)> {
    let n = phrase.len();
    let fits = n > 0 && words.len() - i >= n && phrase.iter().zip(&words[i..]).all(|(a, b)| *a == b.1);
    fits.then(|| (words[i].0 .0, words[i + n - 1].0 .1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        folded_words(text).into_iter().map(|w| w.1).collect()
    }

    /// "Health care" written apart, or with a hyphen, is the one word "healthcare" of
    /// "Value based healthcare"; two words a comma parts are two.
    #[test]
    fn a_compound_written_apart_is_one_word() {
        assert_eq!(words("National Health Care Plan"), ["national", "healthcare", "plan"]);
        assert_eq!(words("health-care systems"), ["healthcare", "systems"]);
        assert_eq!(words("health, care"), ["health", "care"]);
        let spans: Vec<(usize, usize)> = folded_words("the Health Care Plan").into_iter().map(|w| w.0).collect();
        assert_eq!(spans[1], (4, 15), "the compound spans both words");
    }

    /// A phrase asked whole is found however its words are written apart.
    #[test]
    fn a_phrase_is_found_as_written() {
        let tags = |t: &str| phrases_in(&folded_words(t)).into_iter().map(|p| p.0).collect::<Vec<_>>();
        assert_eq!(tags("Value based healthcare"), ["#p:value_based_healthcare"]);
        assert_eq!(tags("towards value-based health care."), ["#p:value_based_healthcare"]);
        assert!(tags("added value for healthcare").is_empty());
        assert_eq!(tags("HTA bodies"), ["#p:health_technology_assessment"]);
        assert_eq!(tags("a network of Living Labs"), ["#p:living_lab"]);
        assert!(tags("healthy living in a lab").is_empty());
    }
}
