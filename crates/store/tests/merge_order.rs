//! Copies written through the store in any order give one current profile: the published
//! profile is the merge of every copy stored (since the last edit), not of the last two; on
//! every backend.

use pmatlas_core::{Edition, Layout, Profile, Text};
use pmatlas_store::{Source, Write};

mod backends;

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for i in 0..=p.len() {
            let mut q = p.clone();
            q.insert(i, n - 1);
            out.push(q);
        }
    }
    out
}

/// A whole 2019 copy, a whole 2021 copy with fewer answers, a second 2021 crawl with one
/// initiative more, and the 2021 copy cut in its initiatives.
fn copies(base: &Profile) -> Vec<Profile> {
    let mut a = base.clone();
    a.origin = Default::default();
    a.origin.edition = Some(Edition::of_page(Layout::Y2019, Some(2019)));
    let mut b = a.clone();
    b.origin.edition = Some(Edition::of_page(Layout::Y2021, Some(2021)));
    b.memberships.truncate(2);
    b.self_evaluation = Default::default();
    let mut d = b.clone();
    d.initiatives.push(pmatlas_core::Initiative {
        number: None,
        name: Text::new("Second crawl's initiative").unwrap(),
        description: None,
        url: None,
        network: None,
    });
    let mut c = b.clone();
    c.initiatives.truncate(1);
    c.represented_in.clear();
    c.image_attribution = None;
    c.origin.incomplete = Some(pmatlas_core::origin::Cut {
        line: 30,
        after: Text::new("Major").unwrap(),
        partial: vec!["initiatives".into()],
    });
    vec![a, b, c, d]
}

#[test]
fn any_order_of_writes_gives_the_same_current_profile() {
    let bases = pmatlas_core::synth::profiles(8, 21);
    let orders = permutations(4);
    // Each order is written to a region of its own (the merge does not depend on the code).
    let codes: Vec<_> = pmatlas_core::synth::profiles(bases.len() * orders.len() + 40, 5)
        .into_iter()
        .map(|p| p.code)
        .filter(|c| bases.iter().all(|b| b.code != *c))
        .collect();
    assert!(codes.len() >= bases.len() * orders.len());
    for db in backends::each_backend("any_order_of_writes") {
        let mut store = db.store();
        let mut codes = codes.iter().copied();
        for base in &bases {
            let copies = copies(base);
            let mut first: Option<String> = None;
            for order in &orders {
                let code = codes.next().unwrap();
                let relabelled: Vec<Profile> = copies.iter().map(|c| Profile { code, ..c.clone() }).collect();
                let writes: Vec<Write<'_>> =
                    order.iter().map(|&i| Write::new(&relabelled[i], None, "importer", Source::Import)).collect();
                store.write_batch(&writes, |_| {}).unwrap();
                let (_, current) = store.current(&code).unwrap().unwrap();
                let versions = store.history(&code).unwrap().len();
                assert_eq!(versions, copies.len(), "{}: every distinct copy is a version", base.code);
                let json = serde_json::to_string_pretty(&Profile { code: base.code, ..current }).unwrap();
                match &first {
                    None => first = Some(json),
                    Some(f) => assert_eq!(&json, f, "{}: the order {order:?} changed the current profile", base.code),
                }
            }
        }
    }
}

/// Every way into the store keeps the field limit: a write and a submission over it are
/// refused, naming the field, and nothing is stored.
#[test]
fn no_write_path_stores_a_field_over_the_limit() {
    for db in backends::each_backend("no_write_path_stores") {
        let mut store = db.store();
        let mut p = pmatlas_core::synth::profile(0, 1);
        p.description = vec![Text::new(&"x".repeat(25_000)).unwrap()];
        for source in [Source::Import, Source::Edit, Source::Survey] {
            let e = store.write(&Write::new(&p, None, "someone", source)).unwrap_err();
            assert!(e.to_string().contains("field description[0] is 25000 characters long"), "{e}");
            let batch = store.write_batch(&[Write::new(&p, None, "someone", source)], |_| {}).unwrap_err();
            assert!(matches!(batch, pmatlas_store::StoreError::TooLarge { .. }), "{batch}");
        }
        let e = store.submit(&p, None, "visitor", None, None).unwrap_err();
        assert!(matches!(e, pmatlas_store::StoreError::TooLarge { .. }), "{e}");
        assert_eq!(store.counts().unwrap(), (0, 0));
    }
}

/// Passwords (NIST SP 800-63B): long enough, and not common, repetitive or made of the
/// account's name or the site's words.
#[test]
fn guessable_passwords_are_refused() {
    use pmatlas_store::users::check_password;
    for weak in [
        "            ",
        "aaaaaaaaaaaa",
        "password1234",
        "123456789012",
        "qwertyuiopas",
        "alice-alice-alice",
        "pmatlas2026!!",
    ] {
        let e = check_password("alice", weak).err().map(|e| e.to_string()).unwrap_or_else(|| panic!("{weak:?} passed"));
        assert!(e.contains("too easy to guess") || e.contains("at least 12"), "{weak:?}: {e}");
    }
    assert!(check_password("alice", "short").unwrap_err().to_string().contains("at least 12"));
    for strong in
        ["correct horse battery staple", "curator password 1", "editor password 1", "mauve-otter-carburettor-41"]
    {
        check_password("alice", strong).unwrap_or_else(|e| panic!("{strong:?}: {e}"));
    }
    check_password("alice", &pmatlas_store::users::random_password().unwrap()).unwrap();
}
