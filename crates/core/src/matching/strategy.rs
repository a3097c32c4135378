//! Sentences that state a region's smart-specialisation priorities ("The region's S3
//! priorities include e-health"): strategy statements, wherever a profile writes them.

use std::sync::LazyLock;

use super::terms::folded_words;

/// The markers of `vocab/strategy-markers.csv`: (words or the start of a word, whether it
/// names the smart-specialisation strategy rather than a priority or strategy claim).
static STRATEGY: LazyLock<Vec<(Vec<String>, bool)>> = LazyLock::new(|| {
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vocab/strategy-markers.csv"))
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(m, role)| (folded_words(m).into_iter().map(|(_, w)| w).collect(), role.trim() == "strategy"))
        .collect()
});

/// Whether a sentence states the region's smart-specialisation priorities or strategy ("The
/// region's S3 priorities include e-health"): it names the strategy (S3, RIS3, smart
/// specialisation) and a priority or strategy (words beginning "priorit", "strateg").
pub fn states_strategy(text: &str) -> bool {
    // Most sentences name no strategy: a look for the markers' first words, before any word
    // is folded.
    let lower = text.to_lowercase();
    if !STRATEGY.iter().any(|(m, s)| *s && m.first().is_some_and(|w| lower.contains(w.as_str()))) {
        return false;
    }
    let words: Vec<String> = folded_words(text).into_iter().map(|(_, w)| w).collect();
    let at = |m: &[String], whole: bool| {
        words
            .windows(m.len())
            .any(|w| w.iter().zip(m).all(|(a, b)| if whole { a == b } else { a.starts_with(b.as_str()) }))
    };
    let has = |strategy: bool| STRATEGY.iter().filter(|(_, s)| *s == strategy).any(|(m, s)| !m.is_empty() && at(m, *s));
    has(true) && has(false)
}
