//! The rest of a line of a collaboration answer, once its fields and networks are asked:
//! cut into coordinated parts ("pharmacogenomics, digital pathology"), without the words
//! that say little alone or that name again a field the line names; and whether the line
//! gives the networks it names as examples.

use super::terms::{terms, Term};
use super::words::{folded_words, said};

const GENERIC_LIST: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/generic-words.csv"));

/// Words that say little alone (`data/vocab/generic-words.csv`), as terms.
pub(super) static GENERIC: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let words = GENERIC_LIST.lines().skip(1).map(str::trim).filter(|w| !w.contains(' '));
    words.flat_map(terms).map(|t| t.term).filter(|t| !t.starts_with('#')).collect()
});

/// Phrases of that list that say little as a whole, though a word of them may not ("health
/// and care": "care" alone is asked in "integrated care"), as folded words.
static GENERIC_PHRASES: std::sync::LazyLock<Vec<Vec<String>>> = std::sync::LazyLock::new(|| {
    let phrases = GENERIC_LIST.lines().skip(1).map(str::trim).filter(|w| w.contains(' '));
    phrases.map(|p| folded_words(p).into_iter().map(|w| w.1).collect()).collect()
});

/// Where a line says a phrase that says little as a whole, as byte ranges.
pub(super) fn generic_phrases(line: &str) -> Vec<(usize, usize)> {
    said(line, &GENERIC_PHRASES)
}

/// The fields every unit of a profile is about (`data/vocab/subject-topics.csv`), as tags.
pub(super) static SUBJECT: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let list = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/subject-topics.csv"));
    list.lines().skip(1).filter_map(|l| l.split(',').next()).map(|t| format!("#t:{}", t.trim())).collect()
});

/// Words that make a network named beside them an example of what is sought.
const EXAMPLE_MARKERS: [&str; 6] = [" such as ", " similar ", " like ", " e.g.", " for example", " and other "];

/// Words before "like" that make it a wish, not an example ("we would like to join ERA
/// PerMed"), in the answers' usual forms.
const WISHING: [&str; 6] = [" would like ", "'d like ", " should like ", " we like ", " also like ", " i like "];

/// Whether a line gives the networks it names as examples.
pub(super) fn gives_examples(line: &str) -> bool {
    let mut l = format!(" {} ", line.to_lowercase().replace('’', "'"));
    for w in WISHING {
        l = l.replace(w, " ");
    }
    EXAMPLE_MARKERS.iter().any(|m| l.contains(m))
}

/// Where a line names again a field it names already ("advanced therapies, cell and gene
/// therapy": the tag stands at its first naming only): each later naming of the fields
/// `asked`, a word naming one alone ("assisted living (ehealth)") included.
pub(super) fn named_again(line: &str, asked: &[&str]) -> Vec<(usize, usize)> {
    // Read a window at a time, so that a line of thousands of namings costs n, not n²; a
    // naming ending near a window's end is read again whole in the next.
    const WINDOW: usize = 400;
    const OVERLAP: usize = 100;
    let floor = |mut i: usize| {
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut from = 0;
    while from < line.len() {
        let end = floor((from + WINDOW).min(line.len()));
        let last = end == line.len();
        let window = &line[from..end];
        // The first field named in the window.
        let first = crate::topics::find_topics(std::iter::once(window))
            .iter()
            .filter_map(|m| window.find(m.as_written.as_str()).map(|i| (i, m.as_written.as_str().len(), m.topic)))
            .min_by_key(|x| x.0);
        match first {
            Some((at, len, topic)) if last || at == 0 || from + at + len + OVERLAP <= end => {
                let tag = format!("#t:{}", topic.id());
                if asked.contains(&tag.as_str()) {
                    out.push((from + at, from + at + len));
                }
                from += at + len;
            }
            // Near the end: read again from where it begins.
            Some((at, ..)) => from += at,
            None if last => break,
            None => from = floor(end - OVERLAP),
        }
    }
    out
}

/// A coordinated part of a line: the words of the rest in it, where it stands, and its
/// words without the fields and networks it names (what the model reads).
pub(super) struct Part {
    pub(super) terms: Vec<Term>,
    pub(super) span: (usize, usize),
    pub(super) meant: String,
}

/// The line cut where parts are coordinated (",", ";", "/", "(", " and ", " or " …): each
/// part holding words of `rest` is one.
pub(super) fn parts<'t>(line: &str, rest: &'t [&'t Term], tagged: &'t [&'t Term]) -> Vec<Part> {
    let mut cuts = cuts(line);
    // A phrase asked whole is not cut where its words are coordinated ("ethical, legal and
    // social aspects", "knowledge and technology transfer"): a part holds it whole.
    // Both in the order of the line: one pass (a line of thousands of phrases is read in n).
    let mut phrases = rest.iter().filter(|t| t.term.starts_with(super::words::PHRASE_PREFIX)).map(|t| t.span);
    let (mut next, mut reach) = (phrases.next(), 0);
    cuts.retain(|&c| {
        while let Some(s) = next.filter(|s| s.0 < c) {
            reach = reach.max(s.1);
            next = phrases.next();
        }
        c >= reach
    });
    let mut out: Vec<Part> = Vec::new();
    for (k, w) in cuts.windows(2).enumerate() {
        let (mut from, to) = (w[0], w[1]);
        // The part begins after its separator and its "and" or "or".
        let text = line.get(from..to).unwrap_or("");
        let skipped = text.len() - text.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        from += skipped;
        for joint in JOINTS {
            if line.get(from..).and_then(|r| r.get(..joint.len())).is_some_and(|r| r.eq_ignore_ascii_case(joint)) {
                from += joint.len();
            }
        }
        // A field named across the cut is here too ("cell and gene therapies manufacturing":
        // the manufacturing of cell and gene therapies, not any manufacturing).
        let tagged_here: Vec<&Term> =
            tagged.iter().copied().filter(|t| t.span.0 < to && t.span.1 > from && t.span.1 <= to).collect();
        let mut terms: Vec<Term> = among(rest, (from, to)).cloned().collect();
        if terms.is_empty() {
            continue;
        }
        // One word beside a field ("newborn screening", "European Health Data Space") says
        // which part of the field is sought: it is answered with the field, not alone (a
        // unit saying "space" answers nothing of it).
        let one_word = terms.iter().all(|t| t.term == terms[0].term);
        // One word right after a network's name ("IHI calls", "BBMRI node") is of the network,
        // asked already; not one elsewhere ("pharmacogenomics within ECRIN").
        let after = |g: &&Term| line.get(g.span.1..terms[0].span.0).is_some_and(|gap| gap.trim().is_empty());
        let network = |t: &Term| t.term.starts_with("#e:");
        let in_name =
            |t: &&Term| tagged_here.iter().any(|g| network(g) && g.span.0 <= t.span.0 && t.span.1 <= g.span.1);
        let fields = tagged_here.iter().any(|t| t.term.starts_with("#t:") && !in_name(t));
        if one_word && !fields && tagged_here.iter().filter(|g| network(g)).any(after) {
            continue;
        }
        // Not with the observatory's subject: "reimbursement of PM" is any reimbursement a
        // profile lists, as all it lists is of PM. The field nearest the word only: with two
        // ("ethics of genomic data sharing"), an answer holding both fields and not the word
        // would hold the two terms it needs.
        if one_word {
            let narrows = |t: &&&Term| t.term.starts_with("#t:") && !SUBJECT.contains(&t.term);
            let word = terms[0].span;
            let apart = |t: &&&Term| t.span.0.saturating_sub(word.1).max(word.0.saturating_sub(t.span.1));
            terms.extend(tagged_here.iter().filter(narrows).min_by_key(apart).map(|t| (*t).clone()));
        }
        // "genomic and clinical data": a part ending in an adjective is of the noun of the next.
        let noun = cuts.get(k + 2).and_then(|&end| shared_noun(line, (from, to), end));
        let mut found = 0;
        for t in noun.into_iter().flat_map(|n| among(rest, n).chain(among(tagged, n))) {
            found += 1;
            if !terms.iter().any(|x| x.term == t.term) {
                terms.push(t.clone());
            }
        }
        // The noun only where it holds words read.
        let noun = noun.filter(|_| found > 0);
        let mut meant = String::new();
        let mut at = from;
        for t in &tagged_here {
            if t.span.0 >= at {
                meant.push_str(line.get(at..t.span.0).unwrap_or(""));
                at = t.span.1;
            }
        }
        meant.push_str(line.get(at..to).unwrap_or(""));
        let mut meant = meant.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        if let Some((a, b)) = noun {
            meant = format!("{meant} {}", &line[a..b]);
        }
        // Quoted from its first word read to its last ("precision oncology", not "in the
        // area of precision oncology").
        let read = tagged_here.iter().copied().chain(&terms).map(|t| t.span).filter(|s| s.1 <= to);
        let mut span = read.fold((to, from), |(a, b), (x, y)| (a.min(x), b.max(y)));
        // To the part's end where a word or two not read closes it ("staff in hospitals", not
        // "staff").
        let tail = line.get(span.1..to).unwrap_or("").trim_end();
        if !tail.is_empty()
            && tail.split_whitespace().count() <= 2
            && tail.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || c == '-')
        {
            span.1 += tail.len();
        }
        if let Some((_, b)) = noun {
            span.1 = b;
        }
        out.push(Part { terms, span, meant });
    }
    out
}

/// The terms of `list` (in the order of the line) within `(from, to)`: those of a part are
/// together, found by halving (a line of thousands of parts is read in n log n, not n²).
fn among<'t>(list: &'t [&'t Term], (from, to): (usize, usize)) -> impl Iterator<Item = &'t Term> {
    let first = list.partition_point(|t| t.span.0 < from);
    list[first..].iter().copied().take_while(move |t| t.span.0 < to).filter(move |t| t.span.1 <= to)
}

/// Endings of English adjectives ("genomic", "clinical", "regulatory", "molecular").
const ADJECTIVE_ENDINGS: [&str; 9] = ["ic", "al", "ive", "ary", "ory", "ous", "ar", "ed", "ible"];

/// Whether a word reads as an English adjective by its ending; nouns ending so that precede
/// "and" in answers ("trial", "hospital", "portal") are not.
fn adjective(word: &str) -> bool {
    let w = word.to_lowercase();
    let noun = ["trial", "hospital", "portal", "capital", "proposal", "approval", "need", "seed"];
    w.chars().count() > 3 && !noun.contains(&w.as_str()) && ADJECTIVE_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Where the noun stands that a part `(from, to)` ending in an adjective shares with the
/// next, which runs to `end`: "genomic and clinical data" is genomic data, "regulatory and
/// ethical frameworks for biobanks" regulatory frameworks, "medical and health data" medical
/// health data. The noun is the words after the next part's adjectives, to a function word.
fn shared_noun(line: &str, (from, to): (usize, usize), end: usize) -> Option<(usize, usize)> {
    let last = line.get(from..to)?.trim_end().rsplit(char::is_whitespace).next()?;
    let joint = JOINTS[..2].iter().find(|j| line.get(to..).is_some_and(|r| r.starts_with(*j)))?;
    if !adjective(last) {
        return None;
    }
    let start = to + joint.len();
    let mut words = line.get(start..end)?.split_whitespace().map(|w| {
        let at = start + w.as_ptr() as usize - line[start..].as_ptr() as usize;
        (at, at + w.len(), w)
    });
    let mut next = words.next()?;
    while adjective(next.2) {
        next = words.next()?;
    }
    let mut span = (next.0, next.0);
    // To a function word ("for"): its words read and the fields it names ("health data").
    for w in std::iter::once(next).chain(words).take_while(|w| !super::terms::terms(w.2).is_empty()) {
        span.1 = w.1;
    }
    Some(span)
}

/// The words that coordinate parts: "and" and "or", and their like in the regions' languages
/// (an answer in Italian or French: "biobanche e telemedicina"). Not Dutch "en" and "of",
/// which are French "in" and English "of".
const JOINTS: [&str; 12] = ["and ", "or ", "et ", "ou ", "e ", "o ", "y ", "und ", "oder ", "och ", "og ", "eller "];

/// Where a line's coordinated parts begin and end: its start, every separator (outside a
/// web address) and its end.
fn cuts(line: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut in_address = false;
    let at =
        |i: usize, w: &str| line.get(i..).and_then(|r| r.get(..w.len())).is_some_and(|r| r.eq_ignore_ascii_case(w));
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            in_address = false;
        } else if at(i, "http") || at(i, "www.") {
            in_address = true;
        }
        // A joint of one letter only in lower case ("vitamin E deficiency" is one part).
        let word = |w: &str| {
            let cased = w.len() > 2 || line.get(i..i + 1) == w.get(..1);
            cased && at(i, w) && line[..i].ends_with(char::is_whitespace)
        };
        if !in_address && (matches!(c, ',' | ';' | '/' | '(' | ')' | '&' | ':' | '.') || JOINTS.iter().any(|j| word(j)))
        {
            out.push(i);
        }
    }
    out.push(line.len());
    out
}
