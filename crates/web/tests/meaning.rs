//! Vectors stored after the view was built (by `pmatlas model embed`, or the write hook)
//! reach the matcher at the next refresh, and the matches page says what it ranks by.

use pmatlas_core::matching::meaning;
use pmatlas_web::{app, AppState};

mod common;

also_on_postgres!();
use common::{get, send};

/// A vector of length 1 made from a text's key: different texts, different directions.
fn pseudo(text: &str) -> Vec<f32> {
    let mut h = meaning::key(text);
    let v: Vec<f32> = (0..meaning::DIMS)
        .map(|_| {
            h ^= h << 13;
            h ^= h >> 7;
            h ^= h << 17;
            (h % 2001) as f32 / 1000.0 - 1.0
        })
        .collect();
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.into_iter().map(|x| x / n).collect()
}

#[tokio::test]
async fn stored_vectors_reach_the_matcher_and_the_page_says_so() {
    let mut ps = vec![common::seed()];
    ps.extend(pmatlas_core::synth::profiles(12, 3));
    let store = common::seeded_store(&[common::seed()], &ps[1..]);
    let state = AppState::from_store(store).unwrap();
    let app = app(state.clone());
    let (_, _, page) = send(&app, get("/regions/DEG/matches", "")).await;
    assert!(page.contains("Ranked by the words of the documents (lexical retrieval)."), "no vectors: words alone");
    let choice = "the one that names what is sought itself is quoted, then the one in more of the fields the asking region works in, then a membership before other text, then the first in its profile.";
    assert!(page.contains(choice), "what chooses between equal quotes");
    assert_eq!(state.view().matcher.meaning_model(), None);
    let rows: Vec<(u64, f32, Vec<i8>)> = ps
        .iter()
        .flat_map(meaning::texts)
        .map(|t| {
            let (scale, q) = meaning::quantise(&pseudo(&t));
            (meaning::key(&t), scale, q)
        })
        .collect();
    assert!(!rows.is_empty());
    state.with_store(move |s| s.put_vectors("test-model", &rows)).await.unwrap();
    state.refresh().await.unwrap();
    assert_eq!(state.view().matcher.meaning_model(), Some("test-model"));
    let (_, _, page) = send(&app, get("/regions/DEG/matches", "")).await;
    assert!(page.contains("and by their meaning") && page.contains("test-model"), "the page says meaning is read");
    assert!(page.contains("the one closest in meaning is quoted"), "what chooses between equal quotes");
    // Another model's vectors replace these: vectors of two models are not comparable.
    let one = vec![(1u64, 0.01f32, vec![1i8; meaning::DIMS])];
    state.with_store(move |s| s.put_vectors("other", &one)).await.unwrap();
    let left = state.with_store(|s| s.vectors()).await.unwrap();
    assert_eq!((left.len(), left.model.as_str()), (1, "other"));
}
