//! Search over small sets of profiles: words, stems, facets, snippets, sorting.

use super::snippet::{SNIPPET_AFTER, SNIPPET_BEFORE};
use super::*;

fn corpus() -> Vec<Profile> {
    let mut v = vec![crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile];
    v.extend(crate::synth::profiles(300, 11));
    v
}

fn query(text: &str, filters: &[(&str, &[&str])]) -> Query {
    Query {
        text: text.into(),
        filters: filters.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect(),
        match_all: Default::default(),
        sort: Sort::Name,
    }
}

#[test]
fn stems_spellings_and_names_in_other_languages() {
    let mut p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    p.description = vec![crate::Text::new("Personalised medicine in the Kliniken of Jena; genomic studies.").unwrap()];
    let mut other = crate::synth::profile(3, 4);
    other.code = crate::NutsCode::parse("ES51").unwrap();
    other.name = crate::Text::new("Cataluña").unwrap();
    other.description = vec![crate::Text::new("Personalization of care.").unwrap()];
    let refs = vec![&p, &other];
    let idx = Index::build(&refs, &["", ""]);
    let hits = |t: &str| {
        let mut h = idx.search(&query(t, &[])).hits;
        h.sort();
        h
    };
    // British and American spellings, and the forms of a word, find each other.
    assert_eq!(hits("personalized"), hits("personalised"));
    assert!(hits("personalized").contains(&1), "'Personalization' is the same word");
    assert!(hits("personalisation").contains(&0), "'Personalised' is the same word");
    assert!(hits("genomics").contains(&0), "'genomic'");
    assert!(hits("study").contains(&0), "'studies'");
    assert!(hits("Klinik").contains(&0), "German plural 'Kliniken'");
    // Region names in their own language, in English, with or without diacritics.
    for name in ["Thüringen", "Thuringen", "Thuringia"] {
        assert!(hits(name).contains(&0), "{name}");
    }
    for name in ["Catalonia", "Catalunya", "Cataluna"] {
        assert_eq!(hits(name), [1], "{name}");
    }
    assert!(hits("Deutschland").contains(&0), "the country's own name");
    assert!(hits("qqqzzz").is_empty());
}

#[test]
fn a_snippet_shows_the_matched_words_in_their_text() {
    let p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    let idx = Index::build(&[&p], &[""]);
    let s = snippet(&p, &idx.query_words("biobanks")).expect("Thuringia mentions its biobank");
    let marked: Vec<&str> = s.parts.iter().filter(|x| x.1).map(|x| x.0.as_str()).collect();
    assert!(!marked.is_empty() && marked.iter().all(|w| w.to_lowercase().starts_with("biobank")), "{marked:?}");
    let words = s.parts.iter().map(|x| x.0.as_str()).collect::<String>().split_whitespace().count();
    assert!(words <= SNIPPET_BEFORE + SNIPPET_AFTER + 4, "a few words, not the whole text: {words}");
    assert!(snippet(&p, &idx.query_words("qqqzzz")).is_none());
    assert!(snippet(&p, &idx.query_words("")).is_none());
}

#[test]
fn a_facet_matches_any_or_all_of_its_values() {
    let ps = corpus();
    let refs: Vec<&Profile> = ps.iter().collect();
    let idx = Index::build(&refs, &vec![""; ps.len()]);
    let (ti, topics) = idx.facet("topic").unwrap();
    assert!(topics.multi && !idx.facet("country").unwrap().1.multi);
    // The two most frequent topics.
    let all = idx.search(&query("", &[]));
    let mut by_count: Vec<usize> = (0..topics.values.len()).collect();
    by_count.sort_by_key(|&v| std::cmp::Reverse(all.facets[ti].counts[v]));
    let (a, b) = (&topics.values[by_count[0]], &topics.values[by_count[1]]);
    let ids = [a.id.as_str(), b.id.as_str()];
    let any = idx.search(&query("", &[("topic", &ids)]));
    let mut q = query("", &[("topic", &ids)]);
    q.match_all.insert("topic".into());
    let every = idx.search(&q);
    let (na, nb) = (a.set.count(), b.set.count());
    let both = a.set.and_count(&b.set);
    assert_eq!(any.hits.len(), na + nb - both, "any: the union");
    assert_eq!(every.hits.len(), both, "all: the intersection");
    assert!(every.hits.len() < any.hits.len(), "all narrows, any widens");
    // Under "all", a value's count is what adding it would leave.
    let c = by_count[2];
    assert_eq!(every.facets[ti].counts[c], every.hits.iter().filter(|&&i| topics.values[c].set.contains(i)).count());
}

/// An updated index holds what a full build over the same profiles would: the same
/// regions for every word and stem and topic, the same facets and sort keys.
fn assert_same(updated: &Index, built: &Index) {
    assert_eq!(updated.n, built.n);
    // The same regions, whichever form each set takes (one that lost regions may stay a
    // bit set where a new build keeps positions).
    let members = |ix: &Index| -> Vec<(String, BitSet)> {
        ix.words
            .iter()
            .map(|(w, s)| {
                let mut b = BitSet::empty(ix.n);
                s.or_into(&mut b);
                (w.to_string(), b)
            })
            .collect()
    };
    let (live, want) = (members(updated), members(built));
    assert_eq!(live.len(), want.len());
    for (a, b) in live.iter().zip(&want) {
        assert_eq!(a, b, "word {}", b.0);
    }
    let stem_words = |ix: &Index| -> Vec<(String, Vec<String>)> {
        (0..ix.stems.key_ends.len())
            .map(|k| {
                let mut ws: Vec<String> = ix
                    .stems
                    .words_of(k)
                    .iter()
                    .filter(|&&w| ix.words[w as usize].1.count() > 0)
                    .map(|&w| ix.words[w as usize].0.to_string())
                    .collect();
                ws.sort();
                (ix.stems.key(k).to_string(), ws)
            })
            .filter(|(_, ws)| !ws.is_empty())
            .collect()
    };
    assert_eq!(stem_words(updated), stem_words(built));
    assert_eq!(updated.topics, built.topics);
    assert_eq!(updated.region_values, built.region_values);
    #[allow(clippy::type_complexity)]
    let facets = |ix: &Index| -> Vec<(String, bool, Vec<(String, String, BitSet)>)> {
        ix.facets
            .iter()
            .map(|f| {
                (
                    f.key.clone(),
                    f.multi,
                    f.values.iter().map(|v| (v.id.clone(), v.label.clone(), v.set.clone())).collect(),
                )
            })
            .collect()
    };
    assert_eq!(facets(updated), facets(built));
    assert_eq!(updated.sort, built.sort);
    assert_eq!(updated.weighed, built.weighed, "the words that rank a match");
}

#[test]
fn an_updated_index_is_the_index_of_the_new_profiles() {
    use crate::changes::Change;
    let all = corpus();
    // Regions at these positions are new in the second list.
    let new_at = [0usize, 1, 57, 58, 200, all.len() - 1];
    let before: Vec<Profile> =
        all.iter().enumerate().filter(|(i, _)| !new_at.contains(i)).map(|(_, p)| p.clone()).collect();
    let mut after = all.clone();
    // Others get another region's texts, figures and memberships under their own code.
    let mut replaced = Vec::new();
    for (at, from) in [(3usize, 250usize), (100, 0), (101, 7), (299, 120)] {
        let mut p = all[from].clone();
        p.code = all[at].code;
        p.name = crate::Text::new(&format!("{} renamed", all[at].name)).unwrap();
        p.description.push(crate::Text::new("Quixotically xylophonic zebrafish genomics").unwrap());
        after[at] = p;
        replaced.push(at);
    }
    after[100].description.clear();
    let old_of = |at: usize| before.iter().find(|p| p.code == after[at].code).unwrap();
    let mut changes: Vec<Change> = new_at.iter().map(|&at| Change::Inserted { at }).collect();
    changes.extend(replaced.iter().map(|&at| Change::Replaced { at, old: old_of(at) }));
    let times = |ps: &[Profile]| -> Vec<String> { ps.iter().map(|p| format!("t-{}", p.code)).collect() };
    let (tb, ta) = (times(&before), times(&after));
    let refs_b: Vec<&Profile> = before.iter().collect();
    let refs_a: Vec<&Profile> = after.iter().collect();
    let old = Index::build(&refs_b, &tb.iter().map(String::as_str).collect::<Vec<_>>());
    let ta: Vec<&str> = ta.iter().map(String::as_str).collect();
    let updated = old.updated(&refs_a, &ta, &changes);
    let built = Index::build(&refs_a, &ta);
    assert_same(&updated, &built);
    // Position 100 lost its description (and the word with it).
    assert_eq!(updated.search(&query("xylophonic", &[])).hits.len(), replaced.len() - 1);
    // The old index is untouched: readers of it see the data it was built from.
    assert!(old.search(&query("xylophonic", &[])).hits.is_empty());
    // Undone: the words only the changed texts had are gone from every region.
    let back: Vec<Change> = replaced.iter().map(|&at| Change::Replaced { at, old: &after[at] }).collect();
    let mut undone = after.clone();
    for &at in &replaced {
        undone[at] = all[at].clone();
    }
    let refs_u: Vec<&Profile> = undone.iter().collect();
    let again = updated.updated(&refs_u, &ta, &back);
    assert_same(&again, &Index::build(&refs_u, &ta));
    assert!(again.search(&query("xylophonic", &[])).hits.is_empty());
    // An edit of words alone, no facet's value changed: the facets are kept, and are still
    // what a build makes.
    let mut worded = undone.clone();
    worded[5].description.push(crate::Text::new("Quokka telemetry").unwrap());
    let refs_w: Vec<&Profile> = worded.iter().collect();
    let w = again.updated(&refs_w, &ta, &[Change::Replaced { at: 5, old: &undone[5] }]);
    assert_eq!(w.region_keys[5], again.region_keys[5], "no value changed");
    assert_same(&w, &Index::build(&refs_w, &ta));
    assert_eq!(w.search(&query("quokka", &[])).hits.len(), 1);
}

#[test]
fn spreading_a_set_over_insertions() {
    let mut s = BitSet::empty(5);
    for i in [0, 2, 4] {
        s.insert(i);
    }
    // New list of 8: insertions at 0, 3 and 7.
    let t = s.spread(&[0, 3, 7], 8);
    assert_eq!(t.iter().collect::<Vec<_>>(), [1, 4, 6]);
}

/// A few insertions shift the set's words; the result is what moving member by member
/// gives, across word boundaries and at both ends.
#[test]
fn spreading_by_words_is_spreading_by_members() {
    let by_members = |members: &[usize], inserted: &[usize]| -> Vec<usize> {
        members
            .iter()
            .map(|&o| {
                let mut j = 0;
                while j < inserted.len() && inserted[j] <= o + j {
                    j += 1;
                }
                o + j
            })
            .collect()
    };
    for n in [1usize, 63, 64, 65, 127, 128, 200] {
        let members: Vec<usize> = (0..n).filter(|i| (i * 7 + n) % 3 != 0 || *i == n - 1).collect();
        let mut s = BitSet::empty(n);
        members.iter().for_each(|&i| s.insert(i));
        for inserted in [
            vec![0],
            vec![n],
            vec![63.min(n)],
            vec![0, 1, 64.min(n + 1), n + 2],
            (0..8).map(|k| k * 9 % (n + 8)).collect(),
        ] {
            let mut inserted = inserted;
            inserted.sort_unstable();
            inserted.dedup();
            let m = n + inserted.len();
            let got: Vec<usize> = s.spread(&inserted, m).iter().collect();
            assert_eq!(got, by_members(&members, &inserted), "n {n}, inserted at {inserted:?}");
        }
    }
}

#[test]
fn full_sets_exactly_n_bits() {
    for n in [0, 1, 63, 64, 65, 130] {
        let b = BitSet::full(n);
        assert_eq!(b.count(), n);
        assert_eq!(b.iter().collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
    }
}

#[test]
fn words_are_prefixes_case_and_diacritics_insensitive() {
    let ps = corpus();
    let refs: Vec<&Profile> = ps.iter().collect();
    let idx = Index::build(&refs, &vec![""; ps.len()]);
    let r = idx.search(&query("INFECTOGNOSTICS", &[]));
    assert_eq!(r.hits, [0]);
    let r = idx.search(&query("leibniz zentrum fur photonik", &[]));
    assert_eq!(r.hits, [0], "ü folds to u");
    assert!(idx.search(&query("biobank", &[])).hits.contains(&0));
    let r = idx.search(&query("zzzqqq", &[]));
    assert!(r.hits.is_empty());
    assert_eq!(r.unknown_words, ["zzzqqq"]);
}

#[test]
fn synonyms_find_what_was_written_otherwise() {
    let mut p = crate::parse(include_str!("../../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    p.description.clear();
    let refs = vec![&p];
    let idx = Index::build(&refs, &[""]);
    // Thuringia wrote "KI"; a search for AI, or for artificial intelligence, finds it.
    assert_eq!(idx.search(&query("AI", &[])).hits, [0]);
    assert_eq!(idx.search(&query("artificial intelligence", &[])).hits, [0]);
    assert_eq!(idx.search(&query("ehealth", &[])).hits, [0], "'assisted Living (ehealth)'");
}

#[test]
fn facets_combine_and_count() {
    let ps = corpus();
    let refs: Vec<&Profile> = ps.iter().collect();
    let idx = Index::build(&refs, &vec![""; ps.len()]);
    let all = idx.search(&query("", &[]));
    assert_eq!(all.hits.len(), ps.len());
    let (ci, country) = idx.facet("country").unwrap();
    let de = country.values.iter().position(|v| v.id == "DE").unwrap();
    let fr = country.values.iter().position(|v| v.id == "FR").unwrap();
    let n_de = all.facets[ci].counts[de];
    let n_fr = all.facets[ci].counts[fr];
    assert_eq!(n_de, ps.iter().filter(|p| p.code.country() == "DE").count());
    // OR within a facet; the facet's own counts stay those of the other facets' selection.
    let r = idx.search(&query("", &[("country", &["DE", "FR"])]));
    assert_eq!(r.hits.len(), n_de + n_fr);
    assert_eq!(r.facets[ci].counts[fr], n_fr);
    // AND across facets: seeking collaboration among them.
    let (si, seeking) = idx.facet("seeking").unwrap();
    let yes = seeking.values.iter().position(|v| v.id == "yes").unwrap();
    let expect = ps
        .iter()
        .filter(|p| matches!(p.code.country(), "DE" | "FR") && p.collaboration.as_ref().is_some_and(|c| c.is_seeking()))
        .count();
    assert_eq!(r.facets[si].counts[yes], expect);
    let r2 = idx.search(&query("", &[("country", &["DE", "FR"]), ("seeking", &["yes"])]));
    assert_eq!(r2.hits.len(), expect);
    assert!(r2.hits.iter().all(|&i| ps[i].collaboration.as_ref().is_some_and(|c| c.is_seeking())));
    // An unknown value selects nothing.
    assert!(idx.search(&query("", &[("country", &["XX"])])).hits.is_empty());
}

#[test]
fn few_results_count_the_same_per_hit() {
    let ps = corpus();
    let refs: Vec<&Profile> = ps.iter().collect();
    let idx = Index::build(&refs, &vec![""; ps.len()]);
    let r = idx.search(&query("jena", &[("seeking", &["yes"])]));
    assert!(!r.hits.is_empty() && r.hits.len() * 8 < ps.len(), "the per-hit path is taken");
    for fc in &r.facets {
        let f = &idx.facets[fc.facet];
        if f.key == "seeking" {
            continue;
        }
        for (v, &count) in f.values.iter().zip(&fc.counts) {
            assert_eq!(count, r.hits.iter().filter(|&&i| v.set.contains(i)).count(), "{} = {}", f.key, v.id);
        }
    }
}

#[test]
fn sorting() {
    let ps = corpus();
    let refs: Vec<&Profile> = ps.iter().collect();
    let idx = Index::build(&refs, &vec![""; ps.len()]);
    let mut q = query("", &[]);
    q.sort = Sort::Population;
    let r = idx.search(&q);
    let pops: Vec<u64> = r.hits.iter().map(|&i| ps[i].key_figures.population.as_ref().map_or(0, |f| f.value)).collect();
    assert!(pops.windows(2).all(|w| w[0] >= w[1]));
}

/// British and American medical spellings are one word ("paediatric", "pediatric";
/// "leukaemia", "leukemia"), and a rule applies only where it says ("haem" starts a word).
#[test]
fn medical_spellings_are_one() {
    use super::spelling;
    assert_eq!(spelling("paediatric"), "pediatric");
    assert_eq!(spelling("orthopaedics"), "orthopedics");
    assert_eq!(spelling("leukaemia"), "leukemia");
    assert_eq!(spelling("haematology"), "hematology");
    assert_eq!(spelling("tumours"), "tumors");
    assert_eq!(spelling("personalized"), "personalised");
    assert_eq!(spelling("chaem"), "chaem");
    assert_eq!(spelling("size"), "size", "a stem of three letters at least");
}
