//! What a sentence of prose denies: "does not yet have a biobank", "has no activities in
//! photonics", "lacks a genomics strategy". Its words are no evidence of what they name, and
//! a reason quoting them would say the opposite of the document. A denial runs from its cue
//! (`data/vocab/negations.csv`: "no", "not", "without", "lacks", "-n't" …) to the end of its
//! clause (";", ":", ".", a bracket, or a word such as "but"); a comma does not end it ("no
//! biobank, photonics or AI centre" denies all three). "Not only", "not least", "not limited
//! to", "no other region has" deny nothing, nor does "No." before a number or a cue in a
//! compound ("not-for-profit").

use std::borrow::Cow;
use std::sync::LazyLock;

/// The cue phrases (as folded words), the words that undo a cue after it, and those that
/// end its clause.
struct Table {
    cues: Vec<Vec<String>>,
    undo: Vec<String>,
    end: Vec<String>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let src = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/negations.csv"));
    let mut t = Table { cues: Vec::new(), undo: Vec::new(), end: Vec::new() };
    for (word, role) in src.lines().skip(1).filter_map(|l| l.split_once(',')) {
        let words: Vec<String> = super::words::folded_words(word).into_iter().map(|x| x.1).collect();
        match role.trim() {
            "cue" => t.cues.push(words),
            "undo" => t.undo.extend(words),
            "end" => t.end.extend(words),
            other => panic!("data/vocab/negations.csv: role '{other}' is none of cue, undo, end"),
        }
    }
    t
});

/// The byte ranges of `text` a denial covers, from its cue to the end of its clause.
fn denied(text: &str) -> Vec<(usize, usize)> {
    let t = &*TABLE;
    // Most sentences name no cue: found without folding a word (every description sentence
    // of every profile is read so when a matcher is built).
    let first = |w: &str| t.cues.iter().any(|c| c.first().is_some_and(|f| w.eq_ignore_ascii_case(f)));
    let contracted = text.contains("n't") || text.contains("n’t");
    if !contracted && !text.split(|c: char| !c.is_alphanumeric()).any(first) {
        return Vec::new();
    }
    let words = super::words::folded_words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let ((from, _), w) = &words[i];
        // "doesn't", "isn’t": the word "t" after "n'".
        let contracted = w == "t" && (text[..*from].ends_with("n'") || text[..*from].ends_with("n’"));
        let cue = t.cues.iter().find(|c| words[i..].iter().map(|x| &x.1).take(c.len()).eq(c.iter()));
        let len = cue.map_or(usize::from(contracted), Vec::len);
        let next = words.get(i + len.max(1)).map(|x| x.1.as_str());
        let undone = next.is_some_and(|n| t.undo.iter().any(|u| u == n));
        let number = w == "no" && next.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        // "a not-for-profit biobank": a compound, not a denial.
        let compound = len > 0 && text[words[i + len - 1].0 .1..].starts_with('-');
        if len == 0 || undone || number || compound {
            i += 1;
            continue;
        }
        let mut j = i + len;
        let mut to = words[j - 1].0 .1;
        while j < words.len() {
            let gap = &text[words[j - 1].0 .1..words[j].0 .0];
            if gap.contains([';', ':', '.', '!', '?', '(', ')']) || t.end.contains(&words[j].1) {
                break;
            }
            to = words[j].0 .1;
            j += 1;
        }
        out.push((*from, to));
        i = j;
    }
    out
}

/// Whether `text` denies anything.
pub(super) fn denies(text: &str) -> bool {
    !denied(text).is_empty()
}

/// `text` with what it denies blanked out (spaces of the same length, so that every other
/// word stands where it stood).
pub(super) fn affirmed(text: &str) -> Cow<'_, str> {
    let ranges = denied(text);
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (from, to) in ranges {
        out.push_str(&text[last..from]);
        out.extend(std::iter::repeat_n(' ', to - from));
        last = to;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> String {
        affirmed(text).split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_denial_runs_to_the_end_of_its_clause() {
        assert_eq!(
            kept("The region does not yet have a biobank, but plans to create one."),
            "The region does , but plans to create one."
        );
        assert_eq!(kept("It has no activities in photonics; AI is a priority."), "It has ; AI is a priority.");
        assert_eq!(kept("There is no biobank, photonics or AI centre."), "There is .");
        assert_eq!(kept("The region doesn't have a biobank."), "The region doesn' .");
        assert_eq!(kept("It has yet to set up a genomics centre."), "It has .");
        assert_eq!(kept("It lacks a strategy (for biobanks, genomics)."), "It (for biobanks, genomics).");
    }

    #[test]
    fn not_only_not_least_and_numbers_deny_nothing() {
        for text in [
            "Not only biobanks but also genomics.",
            "Not least its biobanks.",
            "Grant agreement No 825046 on genomics.",
            "Activities are not limited to biobanks.",
            "A not-for-profit biobank.",
            "No other region has as many photonics companies.",
            "No fewer than ten biobanks.",
            "A strong biobank and a genomics centre.",
        ] {
            assert!(!denies(text), "{text}");
            assert_eq!(affirmed(text), text);
        }
    }

    #[test]
    fn affirmed_text_keeps_every_byte_where_it_stood() {
        let text = "Kärnten hat keine Biobank; Thüringen has no Biobank für Jena, but genomics.";
        let a = affirmed(text);
        assert_eq!(a.len(), text.len());
        assert!(a.contains("but genomics.") && a.starts_with("Kärnten hat keine Biobank; Thüringen has "));
    }
}
