//! What a region seeks, cut into *asks*: each field it names, each network or
//! infrastructure, and the rest of the words of each coordinated part of a line of its
//! collaboration answer.

use super::parts;
use super::terms::{terms, Term};
use crate::model::Profile;

/// An ask of fewer words is not read for its meaning.
pub const MIN_WORDS_ASKED: usize = 2;

/// What a field counts for when it is named as what another is for ("artificial intelligence
/// for personalisation and analysis of data"): the region seeks the first; a partner strong
/// only in what it is for answers half of that.
pub const PURPOSE_SHARE: f32 = 0.5;

/// What an ask is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AskKind {
    /// A field of the topic list ("biobank" → biobanks).
    Field,
    /// A network or infrastructure ("S3P on personalised medicine").
    Network,
    /// The rest of the words of a coordinated part of a line of the answer ("digital pathology").
    Words,
}

/// One thing a region seeks, as written, with its terms.
#[derive(Clone, Debug)]
pub struct Ask {
    pub kind: AskKind,
    pub written: String,
    pub terms: Vec<Term>,
    /// What the sentence-embedding model reads of it: the words of its part without the
    /// fields and networks it names. None for a field or a network (the synonym table knows
    /// them: the model, reading "biobank" beside the name "Biocant", would not), nor for a
    /// single word.
    pub meant: Option<String>,
    /// What the ask counts for: 1, or [`PURPOSE_SHARE`] for a purpose.
    pub share: f32,
    /// For a purpose, what it is the purpose of, as a reader names it ("artificial
    /// intelligence"): the reasons say why it counts for half.
    pub purpose_of: Option<String>,
}

impl Ask {
    /// How a purpose names it as what it is the purpose of ([`Ask::purpose_of`]).
    pub(super) fn name_as_head(&self) -> String {
        if self.kind == AskKind::Field {
            self.label().to_lowercase()
        } else {
            self.label()
        }
    }

    /// Whether it is sought for itself, not as the purpose of another ask ("personalisation"
    /// in "AI for personalisation"): only that is experience a region can bring.
    pub fn for_itself(&self) -> bool {
        self.share >= 1.0
    }

    /// What the ask is about, as a reader names it: the topic's label, the network's short
    /// name, or the words as written.
    pub fn label(&self) -> String {
        match self.tag() {
            Some(t) if t.starts_with("#t:") => {
                crate::vocab::TopicId::from_id(&t[3..]).map_or(self.written.clone(), |x| x.label().to_string())
            }
            Some(t) => super::terms::entity(t).map_or(self.written.clone(), |e| e.short.clone()),
            None => self.written.chars().take(120).collect(),
        }
    }

    /// The tag that makes this ask a network or a field, if it is one (a network's first).
    pub fn tag(&self) -> Option<&str> {
        let mut tags = self.tags();
        let first = tags.next();
        self.tags().find(|t| t.starts_with("#e:")).or(first)
    }

    /// Every tag of the ask (none for words: a field among them only qualifies them).
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        let words = self.kind == AskKind::Words;
        self.terms.iter().map(|t| t.term.as_str()).filter(move |t| !words && is_named(t))
    }
}

/// Whether a tag names a field or a network (not "any network", nor a kind of them).
fn is_named(term: &str) -> bool {
    term.starts_with('#') && !term.starts_with(super::kinds::LIKE_PREFIX) && !is_phrase(term)
}

/// Whether a tag is of a phrase asked whole ("value-based healthcare"): words, not a field.
fn is_phrase(term: &str) -> bool {
    term.starts_with(super::words::PHRASE_PREFIX)
}

/// What a profile seeks: per line of its collaboration answer (not what it offers), each
/// field and each network it names as asks of their own, and the rest of the line's words as
/// one more.
pub fn asks(p: &Profile) -> Vec<Ask> {
    let mut out: Vec<Ask> = Vec::new();
    // The words asked so far, each set once.
    let mut seen: std::collections::HashSet<Vec<String>> = Default::default();
    // What a line offers ("we can offer expertise in biobanking") is blanked: not asked.
    let sought: Vec<_> = p.collaboration.iter().flat_map(|c| c.sought()).collect();
    for line in sought.iter().map(|s| s.as_ref()) {
        let all = terms(line);
        let examples = parts::gives_examples(line);
        let mut tagged: Vec<&Term> = all.iter().filter(|t| is_named(&t.term) && t.span.1 > t.span.0).collect();
        // A longer name first where two start together ("Genomic Data Infrastructure" before
        // "Genomic"), so that the words inside a network's name are of its ask.
        tagged.sort_by_key(|t| (t.span.0, std::cmp::Reverse(t.span.1)));
        let inside = |t: &Term, s: (usize, usize)| t.span.0 >= s.0 && t.span.1 <= s.1;
        // Tags over the same words are one ask ("EATRIS": the infrastructure, and the field
        // the synonym table gives it), and so are a network and the field its name gives ("S3P
        // on personalised medicine"); fields coordinated ("clinical and translational
        // research") are one ask each. Each distinct thing named is asked once.
        let mut used = vec![false; tagged.len()];
        // Whether the last ask of this line was a purpose, and where it ended.
        let mut purpose = (false, None::<usize>);
        let mut head: Option<String> = None;
        for k in 0..tagged.len() {
            if used[k] {
                continue;
            }
            let span = tagged[k].span;
            let mut group: Vec<&Term> = vec![tagged[k]];
            for j in k + 1..tagged.len() {
                if tagged[j].span.0 >= span.1 {
                    break;
                }
                let network = |t: &&Term| t.term.starts_with("#e:");
                if !used[j] && (tagged[j].span == span || group.iter().chain([&tagged[j]]).any(network)) {
                    group.push(tagged[j]);
                    used[j] = true;
                }
            }
            let mut terms: Vec<Term> = group.iter().map(|t| Term { term: t.term.clone(), span: t.span }).collect();
            terms.dedup_by(|a, b| a.term == b.term);
            let kind = if terms.iter().any(|t| t.term.starts_with("#e:")) { AskKind::Network } else { AskKind::Field };
            if kind == AskKind::Network && examples {
                // Given as an example: one of its kind answers, another network less.
                let like = group
                    .iter()
                    .filter_map(|t| super::terms::entity(&t.term))
                    .flat_map(|e| super::kinds::like_tags_in(&e.kind, &e.fields));
                for tag in like {
                    if !terms.iter().any(|t| t.term == tag) {
                        terms.push(Term { term: tag, span });
                    }
                }
            }
            let end = group.iter().map(|t| t.span.1).max().unwrap_or(span.1);
            let written = line.get(span.0..end).unwrap_or("").to_string();
            let is_purpose = purpose.1.is_some_and(|from| is_purpose(line.get(from..span.0).unwrap_or(";"), purpose.0));
            purpose = (is_purpose, Some(end));
            let share = if is_purpose { PURPOSE_SHARE } else { 1.0 };
            let mut ask = Ask { kind, written, terms, meant: None, share, purpose_of: None };
            if is_purpose {
                ask.purpose_of = head.clone();
            } else {
                head = Some(ask.name_as_head());
            }
            // A network named again ("… Personalised Medicine (EP PerMed)") is the ask that
            // named it first, or a page says one of the two is answered and the other not.
            let networks = |a: &Ask| a.tags().filter(|t| t.starts_with("#e:")).map(str::to_string).collect::<Vec<_>>();
            let again = networks(&ask);
            let first = out.iter_mut().find(|a| {
                a.tags().eq(ask.tags()) || (!again.is_empty() && again.iter().all(|t| a.tags().any(|x| x == t)))
            });
            match first {
                Some(first) => {
                    for t in ask.terms {
                        if !first.terms.iter().any(|x| x.term == t.term) {
                            first.terms.push(t);
                        }
                    }
                }
                None => out.push(ask),
            }
        }
        // The rest of the line's words, one ask per coordinated part ("pharmacogenomics,
        // digital pathology"; "protocols and privacy"): one part's words need not stand
        // beside another's in the evidence. A word that says little alone ("systems" of
        // "self-learning systems", "projects") asks nothing; one that names again a field the
        // line names ("assisted living (ehealth)") is that field's.
        let asked: Vec<&str> = tagged.iter().map(|t| t.term.as_str()).collect();
        let again = parts::named_again(line, &asked);
        // A part of a field asked by its own name ("bioinformatics" of health data, "population
        // biobanks") is of the field's ask: evidence naming the part answers it before
        // evidence of the field alone, by the part's IDF.
        let holds = |t: &Term, s: (usize, usize)| inside(t, s) || s.0 >= t.span.0 && s.1 <= t.span.1;
        let of_a_field = |t: &Term| tagged.iter().any(|g| holds(t, g.span)) || again.iter().any(|s| holds(t, *s));
        for t in all.iter().filter(|t| is_phrase(&t.term) && of_a_field(t)) {
            let named = crate::topics::find_topics(std::iter::once(line.get(t.span.0..t.span.1).unwrap_or("")));
            let fields: Vec<String> = named.iter().map(|m| format!("#t:{}", m.topic.id())).collect();
            let field = out
                .iter_mut()
                .rev()
                .find(|a| a.kind == AskKind::Field && a.tags().any(|x| fields.iter().any(|f| f == x)));
            if let Some(ask) = field.filter(|a| !a.terms.iter().any(|x| x.term == t.term)) {
                ask.terms.push(Term { term: t.term.clone(), span: t.span });
            }
        }
        // A country, region or designation named is a wished partner, not words to find; a
        // phrase that says little as a whole ("health care") asks nothing either. A phrase
        // asked whole ("value-based healthcare") is asked by its tag, not by its words.
        let unasked = super::places::countries_named(line).into_iter().map(|x| x.1);
        let unasked: Vec<(usize, usize)> = unasked
            .chain(super::places::regions_named(line).into_iter().map(|x| x.1))
            .chain(super::designations::named(line).into_iter().map(|x| x.1))
            .chain(parts::generic_phrases(line))
            .chain(all.iter().filter(|t| is_phrase(&t.term)).map(|t| t.span))
            .collect();
        // A phrase within a longer one ("health and social care" of "integrated health and
        // social care") is of the longer's ask, not a second term an answer must hold.
        let nested = within_longer(all.iter().filter(|t| is_phrase(&t.term)).map(|t| t.span));
        let longer = |t: &Term| nested.contains(&t.span);
        let rest = all.iter().filter(|t| {
            is_phrase(&t.term) && !of_a_field(t) && !longer(t)
                || !t.term.starts_with('#')
                    && !tagged.iter().any(|g| inside(t, g.span))
                    && !unasked.iter().any(|s| inside(t, *s))
                    && !parts::GENERIC.contains(&t.term)
                // A letter alone ("N/A") says nothing.
                && t.term.chars().nth(1).is_some()
                && !again.iter().any(|s| inside(t, *s))
        });
        // In the order they stand (a phrase's tag comes after the words).
        let mut rest: Vec<&Term> = rest.collect();
        rest.sort_by_key(|t| t.span.0);
        for part in parts::parts(line, &rest, &tagged) {
            let written = line.get(own_span(line, &part, &tagged)).unwrap_or("").trim().to_string();
            let meant = part.meant.split_whitespace().collect::<Vec<_>>().join(" ");
            let meant = (meant.split_whitespace().count() >= MIN_WORDS_ASKED).then_some(meant);
            // The same words asked again ("privacy …; privacy") are one ask.
            if seen.insert(part.terms.iter().map(|t| t.term.clone()).collect()) {
                out.push(Ask { kind: AskKind::Words, written, terms: part.terms, meant, share: 1.0, purpose_of: None });
            }
        }
    }
    out
}

/// The part's span without what it begins with that other asks ask: "Vanguard Initiative
/// pilots on advanced manufacturing" (Vanguard asked as a network) is written "pilots on
/// advanced manufacturing", so that a page naming it unanswered does not say Vanguard was not
/// answered. (What it ends with stays: "ethical guidelines for biobanks".)
fn own_span(line: &str, part: &parts::Part, tagged: &[&Term]) -> std::ops::Range<usize> {
    let (mut from, to) = part.span;
    // `tagged` is in order of start: found by halving, not read whole for every part.
    let other_at = |at: usize| {
        let first = tagged.partition_point(|t| t.span.0 < at);
        tagged[first..]
            .iter()
            .map(|t| t.span)
            .take_while(|s| s.0 == at)
            .find(|&s| s.1 < to && !part.terms.iter().any(|t| t.span == s))
    };
    while let Some(s) = other_at(from + line.get(from..to).map_or(0, |x| x.len() - x.trim_start().len())) {
        from = s.1;
    }
    from..to
}

/// The spans lying within a longer one of `spans`, in one pass over them by start, the longer
/// first (a line of thousands of phrases is read in n log n, not n²).
fn within_longer(spans: impl Iterator<Item = (usize, usize)>) -> std::collections::HashSet<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = spans.collect();
    spans.sort_unstable_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    spans.dedup();
    let mut reach = 0;
    let mut out = std::collections::HashSet::new();
    for s in spans {
        if reach >= s.1 {
            out.insert(s);
        }
        reach = reach.max(s.1);
    }
    out
}

/// Whether a field named after `gap` (the words since the last field or network of the same
/// line) is a purpose: the gap is "for" ("AI for personalisation") or "in", the field it is
/// applied in ("AI in diagnostics": a region with diagnostics and no AI is half of it), or
/// only joins it to the last, `after_purpose` ("… and analysis of data"). Any other word, or
/// the end of a clause, starts a new ask.
fn is_purpose(gap: &str, after_purpose: bool) -> bool {
    if gap.contains([';', '.', ':', '\n']) {
        return false;
    }
    let words: Vec<String> =
        gap.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    match words.as_slice() {
        [w] if w == "for" || w == "in" => true,
        [] | [_] if after_purpose => words.iter().all(|w| matches!(w.as_str(), "and" | "or")),
        [a, b] if after_purpose => a == "as" && b == "well" || a == "and" && b == "for",
        _ => false,
    }
}

#[cfg(test)]
#[path = "asks_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "asks_words_tests.rs"]
mod words_tests;
