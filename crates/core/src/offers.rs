//! What a collaboration answer offers rather than seeks: "we can offer expertise in
//! biobanking and seek partners in AI" seeks AI, not biobanks. A clause opened by an offer
//! (`data/vocab/offer-words.csv`: "we offer", "share our", "our expertise in") is the
//! region's own, given; it runs to the clause's end or to a word that starts a wish
//! ("… and seek"). One naming no field after a relative word ("biobanking, where we can
//! offer our expertise") offers what its clause names before it. The answer is kept as
//! written; only what it seeks is read from [`sought`].

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use crate::text::{fold, fold_into, is_word_char};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Opens an offer: what follows is the region's own.
    Opens,
    /// Just before an opener, makes it not the region's own offer: a partner's ("partners
    /// who offer AI") or the region's to grow ("strengthen our expertise"), sought either way.
    NotOwn,
    /// Ends an offer: a wish begins.
    Ends,
    /// Just before an opener, its subject, quoted with it ("we can offer").
    Subject,
    /// Between an offer and the word that ends it, of neither ("… biobanking and seek").
    Trails,
    /// Just before an opener's subject, makes an offer that names no field ([`Role::Generic`])
    /// one of what the clause names before it ("biobanking, where we can offer our expertise").
    Connects,
    /// Of an offer, names no field ("our expertise").
    Generic,
}

/// The phrases of `offer-words.csv`, folded, as word lists, with their roles.
static WORDS: LazyLock<Vec<(Vec<String>, Role)>> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/offer-words.csv"));
    let row = |l: &str| {
        let mut cols = l.split(',').map(str::trim);
        // Split as a text's words are, by the same function ("know-how": know, how).
        let words: Vec<String> = words(cols.next()?).into_iter().map(|(_, w)| w).collect();
        let role = match cols.next()? {
            "opens" => Role::Opens,
            "not-own" => Role::NotOwn,
            "ends" => Role::Ends,
            "subject" => Role::Subject,
            "trails" => Role::Trails,
            "connects" => Role::Connects,
            "generic" => Role::Generic,
            _ => return None,
        };
        (!words.is_empty()).then_some((words, role))
    };
    src.lines().skip(1).filter_map(row).collect()
});

/// The first words of the openers: a text with none of them, most texts, offers nothing, and
/// is read without a list of its words (every region's answer is read at every update).
static FIRST_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| WORDS.iter().filter(|(_, r)| *r == Role::Opens).map(|(p, _)| p[0].as_str()).collect());

/// The longest subject phrase, in words: how far before an opener its subject may start.
static LONGEST_SUBJECT: LazyLock<usize> =
    LazyLock::new(|| WORDS.iter().filter(|(_, r)| *r == Role::Subject).map(|(p, _)| p.len()).max().unwrap_or(0));

/// What ends a clause, and an offer with it.
const CLAUSE_ENDS: [char; 6] = [';', '.', ':', '\n', '!', '?'];

/// Whether a word of `text` may open an offer.
fn may_offer(text: &str) -> bool {
    let mut folded = String::new();
    text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).any(|w| {
        fold_into(w, &mut folded);
        FIRST_WORDS.contains(folded.as_str())
    })
}

/// The words of `text`, folded, with their byte ranges.
fn words(text: &str) -> Vec<((usize, usize), String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(((s, i), fold(&text[s..i])));
        }
    }
    out
}

/// How many words of a phrase of `role` stand at `i`, the longest.
fn phrase_at(ws: &[((usize, usize), String)], i: usize, role: Role) -> Option<usize> {
    WORDS
        .iter()
        .filter(|(p, r)| *r == role && ws.len() >= i + p.len() && p.iter().zip(&ws[i..]).all(|(a, b)| *a == b.1))
        .map(|(p, _)| p.len())
        .max()
}

/// The byte ranges of `text` it offers, each from its opener to the clause's end (`;`, `.`,
/// `:`, a line break) or to the word that starts a wish.
pub fn offered(text: &str) -> Vec<(usize, usize)> {
    if !may_offer(text) {
        return Vec::new();
    }
    let ws = words(text);
    let mut out = Vec::new();
    let mut from: Option<usize> = None;
    let mut i = 0;
    while i < ws.len() {
        if let Some(f) = from {
            let gap = &text[ws[i - 1].0 .1..ws[i].0 .0];
            if let Some(k) = gap.find(CLAUSE_ENDS) {
                out.push((f, ws[i - 1].0 .1 + k));
                from = None;
            } else if phrase_at(&ws, i, Role::Ends).is_some() {
                let mut last = i - 1;
                while last > 0 && ws[last].0 .0 > f && phrase_at(&ws, last, Role::Trails) == Some(1) {
                    last -= 1;
                }
                out.push((f, ws[last].0 .1));
                from = None;
            }
        }
        if from.is_none() {
            if let Some(n) = phrase_at(&ws, i, Role::Opens) {
                // "… in which we have experience": the region's own, though "which" before an
                // opener is a partner's ("partners which offer AI").
                let ours = i > 0 && phrase_at(&ws, i, Role::Subject).is_some() && connects(&ws, i).is_some();
                let not_own = i > 0 && phrase_at(&ws, i - 1, Role::NotOwn) == Some(1) && !ours;
                if !not_own {
                    let before = 1..=i.min(*LONGEST_SUBJECT);
                    let subject = before.filter(|&l| phrase_at(&ws, i - l, Role::Subject) == Some(l)).max();
                    let start = i - subject.unwrap_or(0);
                    from = Some(reaches_back(text, &ws, (start, i + n)).unwrap_or(ws[start].0 .0));
                }
                i += n;
                continue;
            }
        }
        i += 1;
    }
    if let Some(f) = from {
        let end = text[f..].find(CLAUSE_ENDS).map_or(text.len(), |k| f + k);
        out.push((f, end));
    }
    out
}

/// Where an offer whose subject starts at word `start` and whose opener ends before word
/// `after` begins, when it names no field up to its clause's end or a wish, and a relative
/// word comes before its subject: at what the clause names before it, back to the comma or
/// clause end before that ("genomics, biobanking, where we can offer our expertise" offers
/// biobanking). Not past a wish ("we seek AI, where we offer expertise").
fn reaches_back(text: &str, ws: &[((usize, usize), String)], (start, after): (usize, usize)) -> Option<usize> {
    let connector = connects(ws, start)?;
    let opened = ws[after - 1].0 .1;
    for (k, w) in ws.iter().enumerate().skip(after) {
        if text[opened..w.0 .0].contains(CLAUSE_ENDS) || phrase_at(ws, k, Role::Ends).is_some() {
            break;
        }
        if ![Role::Generic, Role::Trails].iter().any(|&r| phrase_at(ws, k, r) == Some(1)) {
            return None;
        }
    }
    // The relative word's own comma, then the one before what it names, or the clause's start.
    let named_to = text[..ws[connector].0 .0].trim_end().trim_end_matches([',', '(']).trim_end().len();
    let from = text[..named_to].rfind(|c: char| c == ',' || CLAUSE_ENDS.contains(&c)).map_or(0, |k| k + 1);
    let wish = (0..connector).rev().take_while(|&k| ws[k].0 .0 >= from).any(|k| phrase_at(ws, k, Role::Ends).is_some());
    let first = text[from..named_to].find(|c: char| !c.is_whitespace())?;
    (!wish).then_some(from + first)
}

/// The first word of a relative phrase ("where", "in which") just before word `at`, if any.
fn connects(ws: &[((usize, usize), String)], at: usize) -> Option<usize> {
    (1..=at.min(2)).rev().find(|&l| phrase_at(ws, at - l, Role::Connects) == Some(l)).map(|l| at - l)
}

/// `text` with what it offers blanked (spaces of the same length, so that every byte range
/// of what it seeks is that of the text as written).
pub fn sought(text: &str) -> Cow<'_, str> {
    let ranges = offered(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    for (from, to) in ranges {
        out[from..to].fill(b' ');
    }
    // Whole characters were replaced by ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn left(text: &str) -> String {
        sought(text).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn an_offer_is_not_sought() {
        assert_eq!(left("we can offer expertise in biobanking and seek partners in AI"), "and seek partners in AI");
        assert_eq!(left("AI; we share our experience in e-health"), "AI;");
        assert_eq!(left("Our expertise in photonics. Looking for genomics"), ". Looking for genomics");
        assert_eq!(left("AI; our know-how in genomics"), "AI;");
        assert_eq!(left("Offering clinical trials, we would like biobanks"), ", we would like biobanks");
    }

    /// An offer naming no field of its own ("where we can offer our expertise") is of what
    /// the clause names before it, back to a comma, not past a wish.
    #[test]
    fn an_offer_of_what_comes_before_it() {
        let line = "Biobanking, where we can offer our expertise; we seek partners in digital pathology";
        assert_eq!(left(line), "; we seek partners in digital pathology");
        assert_eq!(
            left("AI, genomics and biobanks, in which we have experience. Also e-health"),
            "AI, . Also e-health"
        );
        assert_eq!(left("We seek partners in AI, where we can offer expertise"), "We seek partners in AI, where");
        assert_eq!(left("Biobanking, where we can offer expertise in genomics"), "Biobanking, where");
        assert_eq!(left("Biobanking, where we can offer our expertise, and we seek AI"), ", and we seek AI");
    }

    /// Quoted as evidence, an offer is whole: from its subject, without the "and" of a wish.
    #[test]
    fn an_offer_is_quoted_whole() {
        let line = "Yes, we can offer expertise in biobanking and we seek partners in AI";
        let quoted: Vec<&str> = offered(line).into_iter().map(|(a, b)| &line[a..b]).collect();
        assert_eq!(quoted, ["we can offer expertise in biobanking"]);
    }

    #[test]
    fn a_partners_offer_is_sought() {
        assert_eq!(left("partners who offer AI"), "partners who offer AI");
        assert_eq!(left("regions offering biobanks"), "regions offering biobanks");
        assert_eq!(left("The region offers biobanks"), "");
        assert_eq!(left("to strengthen our expertise in AI"), "to strengthen our expertise in AI");
        assert_eq!(
            left("we would like to provide personalised medicine"),
            "we would like to provide personalised medicine"
        );
    }

    #[test]
    fn a_text_without_an_offer_is_as_written() {
        assert!(matches!(sought("biobanks, KI, assisted Living (ehealth)"), Cow::Borrowed(_)));
        assert!(matches!(sought("machine learning and data exchange"), Cow::Borrowed(_)));
        assert_eq!(left("Ünsere: we offer Künstliche Intelligenz"), "Ünsere:");
    }
}
