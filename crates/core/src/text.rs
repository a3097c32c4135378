//! Text helpers shared by the format, the vocabularies and (later) search.
//!
//! Real documents carry non-breaking spaces, doubled spaces, curly quotes and en dashes.
//! The model stores every free text as a [`Text`]: whitespace collapsed and trimmed, so that
//! typographic noise never makes two profiles differ, while the words stay as written.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// Whitespace as it appears in real documents: ASCII space and tab, no-break space,
/// the Unicode space separators and zero-width characters.
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '\n' | '\u{a0}' | '\u{2000}'
            ..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

/// Text with every line break as `\n`: HTML forms send `\r\n` (and old clients a lone `\r`).
pub fn unix_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Invisible characters that change how text around them is shown: the bidirectional
/// embeddings, overrides and isolates (which can reverse a region code on a page) and the
/// direction marks. They carry no meaning in a profile and are removed on input.
#[inline]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Invisible format characters that hide or join text without showing: the soft hyphen, the
/// zero-width non-joiner and joiner, the word joiner and invisible operators, the combining
/// grapheme joiner, the Mongolian vowel separator and the tag characters. A name carrying them
/// looks like another; they are dropped from every text (with a warning on import).
#[inline]
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{34f}' | '\u{180e}' | '\u{200c}' | '\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{e0000}'..='\u{e007f}')
}

/// A word of `s` whose letters come from more than one script ("Тhuringia": a Cyrillic Т
/// among Latin letters), the look-alike trick of Unicode TR39; `None` when every word keeps
/// to one script (names in two scripts, word by word, are fine).
pub fn mixed_script_word(s: &str) -> Option<&str> {
    use unicode_security::MixedScript;
    s.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty() && !w.is_single_script())
}

/// Trims and collapses every run of whitespace to one ASCII space, and drops control
/// characters (junk in a profile's text) and invisible format characters. Borrows when the input is already clean (the
/// common case on canonical text).
pub fn collapse(s: &str) -> Cow<'_, str> {
    let t = s.trim_matches(|c: char| is_space(c) || c.is_control());
    if t.is_ascii() {
        // Fast path for the common case: no double space, no tab, no control character.
        let b = t.as_bytes();
        if b.iter().all(|&x| x >= 0x20 && x != 0x7f) && !b.windows(2).any(|w| w == b"  ") {
            return Cow::Borrowed(t);
        }
    }
    let mut prev_space = false;
    let clean = t.chars().all(|c| {
        let ok = if c == ' ' {
            !prev_space
        } else {
            !is_space(c) && !c.is_control() && !is_bidi_control(c) && !is_invisible_format(c)
        };
        prev_space = c == ' ';
        ok
    });
    if clean {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    squeeze(t, &mut out, |c, o| o.push(c));
    Cow::Owned(out)
}

/// A non-empty, single-line text with collapsed whitespace. It can only be built by
/// normalising a string, so every text in a profile is comparable as is.
// Boxed (no spare capacity, 8 bytes less than a String): a snapshot of 10,000 profiles holds
// about a million of them, and a text never grows.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(transparent)]
pub struct Text(Box<str>);

impl Text {
    /// Normalises `s`; `None` when nothing but whitespace is left.
    pub fn new(s: &str) -> Option<Text> {
        let c = collapse(s);
        if c.is_empty() {
            None
        } else {
            Some(Text(c.into_owned().into_boxed_str()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Text::new(&s).ok_or_else(|| serde::de::Error::custom("text must not be empty"))
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Folds a character to lower-case ASCII where a Latin letter with a diacritic has an
/// obvious base letter (ü → u, ß → ss); other characters are lower-cased.
/// Used for matching labels, synonyms and (later) search terms, never for display.
#[inline]
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => "i",
        'Ł' | 'ł' | 'Ľ' | 'ľ' | 'Ĺ' | 'ĺ' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ő' | 'ő' | 'Ō' | 'ō' => "o",
        'Œ' | 'œ' => "oe",
        'Ř' | 'ř' | 'Ŕ' | 'ŕ' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'Ș' | 'ș' => "s",
        'ß' => "ss",
        'Ť' | 'ť' | 'Ţ' | 'ţ' | 'Ț' | 'ț' => "t",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => "u",
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{2018}' | '\u{2019}' | '\u{00b4}' => "'",
        '\u{201c}' | '\u{201d}' => "\"",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(base);
}

/// `hay.starts_with(key)`, with the first byte compared before the rest: most label
/// candidates differ there, so the scan over a label table stays cheap.
#[inline]
pub fn starts(hay: &str, key: &str) -> bool {
    let (h, k) = (hay.as_bytes(), key.as_bytes());
    h.len() >= k.len() && (k.is_empty() || h[0] == k[0]) && &h[..k.len()] == k
}

/// Whether ASCII `needle` occurs in `hay` (short needles, short hays: no searcher set-up).
#[inline]
pub fn contains_ascii(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    !n.is_empty() && h.len() >= n.len() && h.windows(n.len()).any(|w| w[0] == n[0] && w == n)
}

/// Folds a whole string for matching (see [`fold_char`]); whitespace is collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (the parser calls this once per line).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    squeeze(s, out, fold_char);
}

/// Writes `s` into `out` through `push`, one space for every run of whitespace, none at the
/// ends, without control or bidirectional characters: what both [`collapse`] and [`fold`]
/// do to a text, the one keeping its characters, the other folding them.
fn squeeze(s: &str, out: &mut String, mut push: impl FnMut(char, &mut String)) {
    let mut prev_space = true;
    for c in s.chars() {
        // (Plain ASCII letters, the most of any text, take the first branch at once.)
        if c.is_ascii_alphanumeric() {
            push(c, out);
            prev_space = false;
            continue;
        }
        if (c.is_control() && !is_space(c)) || is_bidi_control(c) || is_invisible_format(c) {
            continue;
        }
        if is_space(c) {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            push(c, out);
            prev_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
}

/// Splits folded text into words for phrase matching: letters and digits, with `+`
/// kept inside words ("1m+genome") and everything else a separator ("e-health" → e, health).
pub fn words(folded: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = folded.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        Some((start, &folded[start..i]))
    })
}

#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b >= 0x80
}

/// What a vocabulary phrase's words are made of: letters, digits and `+` ("1+MG").
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '+'
}

/// `" w1 w2 … "`: folded words separated and surrounded by single spaces, so that phrase
/// containment is a substring test that respects word boundaries.
pub fn word_key(s: &str) -> String {
    let mut out = String::from(" ");
    let mut in_word = false;
    for c in s.chars() {
        if is_word_char(c) {
            fold_char(c, &mut out);
            in_word = true;
        } else if in_word {
            out.push(' ');
            in_word = false;
        }
    }
    if in_word {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_handles_nbsp_and_runs() {
        assert_eq!(collapse("  a\u{a0} \u{a0}b  "), "a b");
        assert!(matches!(collapse("a b"), Cow::Borrowed(_)));
        assert_eq!(Text::new(" \u{a0} "), None);
        assert_eq!(collapse("a\u{1}b\u{7f} c"), "ab c");
    }

    #[test]
    fn fold_removes_diacritics_and_case() {
        assert_eq!(fold("Künstliche  Intelligenz"), "kunstliche intelligenz");
        assert_eq!(fold("Dolnośląskie – Région"), "dolnoslaskie - region");
        assert_eq!(fold("Aττική"), "aττική");
    }

    #[test]
    fn words_split_on_punctuation() {
        let f = fold("assisted Living (ehealth), e-Health; 1M+Genome");
        let w: Vec<_> = words(&f).map(|(_, w)| w).collect();
        assert_eq!(w, ["assisted", "living", "ehealth", "e", "health", "1m+genome"]);
    }
}
