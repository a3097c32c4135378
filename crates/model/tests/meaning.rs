//! Partner finding with the sentence-embedding model, against a real run of it: asks in
//! free words met by evidence in other words, and the graded labelled set measured with
//! words alone and with meaning. Needs the model (`PMATLAS_MODEL`, set by `.ci/run`): says
//! SKIPPED without it, and fails under CI.

#[path = "../../core/tests/common/mod.rs"]
mod common;
#[path = "../../core/tests/eval/mod.rs"]
mod eval;

use std::sync::Arc;

use pmatlas_core::matching::meaning::{self, Vectors};
use pmatlas_core::matching::Matcher;
use pmatlas_core::*;
use pmatlas_model::Model;

fn model(test: &str) -> Option<Model> {
    pmatlas_model::for_tests(test).map(|dir| Model::load(&dir).expect("the model loads"))
}

/// The vectors of every text of `profiles`, as `pmatlas model embed` stores them.
fn vectors(model: &Model, profiles: &[&Profile]) -> Arc<Vectors> {
    let mut texts: Vec<String> = profiles.iter().flat_map(|p| meaning::texts(p)).collect();
    texts.sort_unstable();
    texts.dedup();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut v = Vectors::new(pmatlas_model::NAME);
    for (t, e) in texts.iter().zip(model.embed(&refs).expect("embeds")) {
        assert_eq!(e.len(), meaning::DIMS);
        let (scale, q) = meaning::quantise(&e);
        v.insert(meaning::key(t), scale, &q);
    }
    Arc::new(v)
}

fn region(code: &str, name: &str, seeks: Option<&str>) -> Profile {
    let mut p = Profile::new(NutsCode::parse(code).unwrap(), Text::new(name).unwrap());
    if let Some(s) = seeks {
        p.collaboration = Some(Collaboration::new(Some(true), Text::new(s), vec![], vec![]));
    }
    p
}

fn initiative(p: &mut Profile, name: &str) {
    p.initiatives.push(format::initiative(Some(p.initiatives.len() as u32 + 1), name).unwrap());
}

#[test]
fn similar_texts_are_close_and_unrelated_ones_far() {
    let Some(m) = model("similar_texts_are_close_and_unrelated_ones_far") else { return };
    let e = m
        .embed(&[
            "privacy of patient data",
            "data protection and GDPR-compliant sharing of health records",
            "photonics for medical diagnostics",
        ])
        .unwrap();
    let norm: f32 = e[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-3, "embeddings have length 1: {norm}");
    let close = pmatlas_model::cosine(&e[0], &e[1]);
    let far = pmatlas_model::cosine(&e[0], &e[2]);
    assert!(close > meaning::FLOOR && far < meaning::FLOOR, "close {close}, far {far}");
}

#[test]
fn an_ask_in_free_words_finds_evidence_in_other_words() {
    let Some(m) = model("an_ask_in_free_words_finds_evidence_in_other_words") else { return };
    let asker = region("SE22", "Sydsverige", Some("privacy of patient data"));
    let mut gdpr = region("FI1B", "Helsinki-Uusimaa", None);
    initiative(&mut gdpr, "Health data hub: data protection and GDPR-compliant sharing of health records");
    let mut photonics = region("DEG", "Thuringia", None);
    initiative(&mut photonics, "Photonics for medical diagnostics");
    let mut others: Vec<Profile> = (0..6)
        .map(|i| {
            let mut p = region(&format!("PT1{i}"), &format!("Other {i}"), None);
            p.description = vec![Text::new("Tourism, wine and a long coastline.").unwrap()];
            p
        })
        .collect();
    let mut all = vec![asker, gdpr, photonics];
    all.append(&mut others);
    let ps: Vec<&Profile> = all.iter().collect();
    let words = Matcher::new(&ps);
    assert!(
        words.partners(0, None, 10).iter().all(|x| ps[x.index].code.as_str() != "FI1B"),
        "no word of the ask is in the evidence: words alone do not find it"
    );
    let meant = Matcher::new(&ps).with_vectors(vectors(&m, &ps));
    assert_eq!(meant.meaning_model(), Some(pmatlas_model::NAME));
    let found = meant.partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes, ["FI1B"], "meaning finds the region that shares patient data under the GDPR, and only it");
    let c = &found[0].evidence[0];
    assert!(c.by_meaning && c.text.starts_with("Health data hub"), "{c:?}");
    assert!(found[0].reasons[0].contains("close in meaning"), "{} {c:?}", found[0].reasons[0]);
    assert!(found[0].breakdown.shared_interests > 0.0);
}

#[test]
fn meaning_measured_on_the_graded_set() {
    let Some(dir) = common::corpus_dir() else { return };
    let Some(m) = model("meaning_measured_on_the_graded_set") else { return };
    let (profiles, texts) = eval::corpus(&dir);
    let refs: Vec<&Profile> = profiles.iter().collect();
    let words = eval::evaluate("lexical", &Matcher::new(&refs), &refs, &texts);
    let meant = eval::evaluate("with the model", &Matcher::new(&refs).with_vectors(vectors(&m, &refs)), &refs, &texts);
    println!(
        "nDCG@10: lexical {:.3}, with the model {:.3}; strict p@5: {:.3}, {:.3}; p@5: {:.3}, {:.3}",
        words.ndcg, meant.ndcg, words.strict, meant.strict, words.p5, meant.p5
    );
    assert_eq!(meant.standing, meant.quotes, "every quote stands in its document");
    println!(
        "reasons precision: lexical {:.2}, with the model {:.2}",
        words.reasons_precision(),
        meant.reasons_precision()
    );
    assert_eq!(meant.reasons[3], 0, "reasons found with the model not judged yet (printed above)");
    assert_eq!(meant.reasons[2], 0, "false reasons with the model");
    assert!(
        meant.ndcg >= words.ndcg - 0.02,
        "meaning must not make the ranking worse: {:.3} against {:.3}",
        meant.ndcg,
        words.ndcg
    );
    assert!(meant.worse.len() <= words.worse.len(), "askers below random order: {:?}", meant.worse);
}
