//! Sentences that state a region's smart-specialisation priorities ("The region's S3
//! priorities include e-health"): strategy statements, wherever a profile writes them.

use std::sync::LazyLock;

use super::words::folded_words;

/// What a marker of `vocab/strategy-markers.csv` says of a sentence that has it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// It names the smart-specialisation strategy (S3, RIS3).
    Strategy,
    /// It claims a priority or a strategy.
    Claim,
    /// It goes on with the statement before it ("In technology the focus will be ...").
    Continues,
    /// It names the region's major initiatives ("involved in a number of major initiatives
    /// including …"), as the documents without a list of them do.
    Initiatives,
}

/// The markers: (words or the start of a word, role).
static STRATEGY: LazyLock<Vec<(Vec<String>, Role)>> = LazyLock::new(|| {
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/strategy-markers.csv"))
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .filter_map(|(m, role)| {
            let role = match role.trim() {
                "strategy" => Role::Strategy,
                "claim" => Role::Claim,
                "continues" => Role::Continues,
                "initiatives" => Role::Initiatives,
                _ => return None,
            };
            Some((folded_words(m).into_iter().map(|(_, w)| w).collect(), role))
        })
        .collect()
});

/// Which of a paragraph's sentences state the region's smart-specialisation priorities: those
/// that do by themselves ([`states_strategy`]), and the sentence right after one of them if it
/// goes on with it ("The S3 priorities in health focus on e-health. In technology the focus will be
/// AI and big data": the second lists priorities too, without naming the strategy again).
pub fn stating(sentences: &[&str]) -> Vec<bool> {
    let itself: Vec<bool> = sentences.iter().map(|s| states_strategy(s)).collect();
    // One sentence on, not a chain: the further from the statement, the likelier a "focus"
    // is of something else ("universities with a focus on research").
    (0..sentences.len())
        .map(|i| itself[i] || (i > 0 && itself[i - 1] && has(&folded(sentences[i]), Role::Continues)))
        .collect()
}

fn folded(text: &str) -> Vec<String> {
    folded_words(text).into_iter().map(|(_, w)| w).collect()
}

/// Whether `words` hold a marker of `role`: a strategy marker as whole words, the others as
/// the start of a word.
fn has(words: &[String], role: Role) -> bool {
    let at = |m: &[String], whole: bool| {
        words
            .windows(m.len())
            .any(|w| w.iter().zip(m).all(|(a, b)| if whole { a == b } else { a.starts_with(b.as_str()) }))
    };
    STRATEGY.iter().filter(|(_, r)| *r == role).any(|(m, r)| !m.is_empty() && at(m, *r == Role::Strategy))
}

/// Whether a sentence names the region's major initiatives ("The country is involved in a
/// number of major initiatives including The National Cancer Institute, …"): the list of
/// initiatives the documents of one layout give in their description, not in a list.
pub fn names_initiatives(text: &str) -> bool {
    let lower = text.to_lowercase();
    let first = |(m, r): &&(Vec<String>, Role)| {
        *r == Role::Initiatives && m.first().is_some_and(|w| lower.contains(w.as_str()))
    };
    STRATEGY.iter().any(|x| first(&x)) && has(&folded(text), Role::Initiatives)
}

/// Whether a sentence states the region's smart-specialisation priorities or strategy ("The
/// region's S3 priorities include e-health"): it names the strategy (S3, RIS3, smart
/// specialisation) and a priority or strategy (words beginning "priorit", "strateg").
pub fn states_strategy(text: &str) -> bool {
    // Most sentences name no strategy: a look for the markers' first words, before any word
    // is folded.
    let lower = text.to_lowercase();
    if !STRATEGY.iter().any(|(m, r)| *r == Role::Strategy && m.first().is_some_and(|w| lower.contains(w.as_str()))) {
        return false;
    }
    let words = folded(text);
    has(&words, Role::Strategy) && has(&words, Role::Claim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_going_on_with_a_statement_states_priorities_too() {
        let s = [
            "The regions' S3 priorities in Life science and health will focus on e-health.",
            "In Technology the focus will be supporting industry leading in artificial intelligence.",
            "Further priorities are photonics and big data.",
            "There are several strong universities with a focus on research.",
        ];
        assert_eq!(stating(&s), [true, true, false, false], "one sentence on, not two");
        assert_eq!(stating(&[s[0], s[2]]), [true, true]);
        // Without a statement right before it, a sentence naming a focus is prose.
        assert_eq!(stating(&s[1..]), [false, false, false]);
        assert_eq!(stating(&[s[0], "Lund University is strong.", s[1]]), [true, false, false]);
    }
}
