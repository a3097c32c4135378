//! Meaning in scoring and reasons, with vectors made by hand: only what is close in meaning
//! answers an ask, and is experience a region can bring.

use super::tests::region;
use super::*;
use crate::Tier;

fn grouped(mut p: Profile, tier: Tier) -> Profile {
    p.key_figures.innovation = Some(crate::Innovation {
        edition: Some(2021),
        groups: vec![crate::AreaGroup { area: None, group: crate::Group { tier, modifier: None } }],
    });
    p.key_figures.density = Some(crate::Figure { value: 120.0, year: None });
    p
}

fn with_initiative(mut p: Profile, text: &str) -> Profile {
    p.initiatives = vec![crate::format::initiative(Some(1), text).unwrap()];
    p
}

/// Every text of `profiles` a direction of its own, but for those `placed`: (a piece of the
/// text, its cosine with the first of them, which is the ask).
fn vectors(profiles: &[&Profile], placed: &[(&str, f32)]) -> Arc<meaning::Vectors> {
    let mut v = meaning::Vectors::new("test");
    let mut own = 1 + placed.len() * 2;
    for t in profiles.iter().flat_map(|p| meaning::texts(p)) {
        let mut x = vec![0f32; meaning::DIMS];
        match placed.iter().position(|(piece, _)| t.contains(piece)) {
            Some(k) => {
                let cos = placed[k].1;
                x[0] = cos;
                x[1 + k] = (1.0 - cos * cos).sqrt();
            }
            None => {
                own += 1;
                x[own] = 1.0;
            }
        }
        let (scale, q) = meaning::quantise(&x);
        v.insert(meaning::key(&t), scale, &q);
    }
    Arc::new(v)
}

/// Evidence only related in meaning to an ask (a cosine under 0.55) answers nothing: ERRIN
/// memberships met "Interreg projects with neighbouring regions" at 0.5 and were given as
/// reasons, and as experience a region in a higher scoreboard group could bring. Close in
/// meaning, it answers, and is experience to bring.
#[test]
fn only_what_is_close_in_meaning_answers() {
    for ask in ["continuity after hospital discharge", "the discharge"] {
        let asker = grouped(region("PL51", "Dolnośląskie", Some(ask), ""), Tier::Modest);
        let related = grouped(
            with_initiative(region("FI1B", "Helsinki-Uusimaa", None, ""), "Remote care at home for elderly people"),
            Tier::Leader,
        );
        let close = grouped(
            with_initiative(region("DK01", "Hovedstaden", None, ""), "Home follow-up service for heart failure"),
            Tier::Leader,
        );
        let ps = [&asker, &related, &close];
        let v = vectors(&ps, &[(ask, 1.0), ("Remote care", 0.5), ("Home follow-up", 0.6)]);
        let m = Matcher::new(&ps).with_vectors(v);
        let found = m.partners(0, None, 10);
        assert_eq!(found.iter().map(|x| x.index).collect::<Vec<_>>(), [2], "{ask}: {found:?}");
        let c = &found[0];
        assert!(c.breakdown.shared_interests > 0.0, "{ask}");
        assert_eq!(c.evidence[0].how(), ", close in meaning", "{ask}");
        assert_eq!(c.breakdown.complementarity, W_COMPLEMENT, "{ask}");
        let claim = format!(
            "Hovedstaden is in a higher group of the Regional Innovation Scoreboard than Dolnośląskie, and can bring experience in “{}”",
            c.evidence[0].ask
        );
        assert!(c.reasons.iter().any(|x| x.contains(&claim)), "{ask}: {:?}", c.reasons);
    }
}

/// Of units the words of an ask answer equally well, the quote is the one closest in meaning to
/// the words written (Sydsverige's "S3P on personalised medicine", answered by Thuringia's
/// photonics and medical technology S3 platforms alike, was quoted the photonics one, first in
/// the profile); without vectors (and with nothing else to choose by: the asker works in
/// neither field), the first in the profile. The score is the words' either way.
#[test]
fn of_units_equal_by_their_words_the_quote_is_the_nearest_in_meaning() {
    let ask = "Through networks such as S3P on personalised medicine";
    let asker = region("SE22", "Sydsverige", Some(ask), "");
    let photonics = "Partner of the S3 platform on photonics for industry";
    let medtech = "Partner of the S3 platform on medical technology";
    for order in [[photonics, medtech], [medtech, photonics]] {
        let mut offers = region("DEG", "Thuringia", None, "");
        offers.initiatives =
            order.iter().enumerate().map(|(i, t)| crate::format::initiative(Some(i as u32 + 1), t).unwrap()).collect();
        let ps = [&asker, &offers];
        let quoted = |m: &Matcher| {
            let found = m.partners(0, None, 10);
            assert_eq!(found.len(), 1, "{order:?}: {found:?}");
            let c = &found[0].evidence[0];
            assert!(!c.by_meaning, "{order:?}: {c:?}");
            (c.text.clone(), found[0].score)
        };
        let (first, words) = quoted(&Matcher::new(&ps));
        assert_eq!(first, order[0], "without vectors, the first in the profile");
        // Both under the floor: meaning chooses between them, it answers nothing by itself.
        let v =
            vectors(&ps, &[("S3P on personalised medicine", 1.0), ("medical technology", 0.45), ("photonics", 0.1)]);
        let (nearest, score) = quoted(&Matcher::new(&ps).with_vectors(v));
        assert_eq!(nearest, medtech, "{order:?}");
        assert_eq!(score, words, "{order:?}: the quote chosen, not the score");
    }
}
