//! Partner finding and the 2021 pages' membership lists, which name only the memberships held.

use pmatlas_core::matching::Matcher;
use pmatlas_core::origin::{Edition, Layout};
use pmatlas_core::*;

mod common;
use common::regions::*;

/// A 2021 page holding `networks`, as its list says.
fn listing(code: &str, name: &str, networks: &[&str]) -> Profile {
    let mut p = region(code, name, None);
    p.origin.edition = Some(Edition::of_page(Layout::Y2021, Some(2021)));
    for n in networks {
        member(&mut p, n, MembershipAnswer::Yes);
    }
    p
}

/// A network two of five 2021 pages list is one few hold: the pages that leave it out do not
/// hold it, though they name no answer to it. One three of the five list is held by most.
#[test]
fn a_network_a_2021_page_leaves_out_is_not_held() {
    let all = [
        listing("DED", "Sachsen", &["s3medtech", "errin"]),
        listing("DEG", "Thüringen", &["s3medtech", "errin"]),
        listing("FRF", "Grand Est", &["errin"]),
        listing("SE22", "Sydsverige", &["cebr"]),
        listing("NO", "Norway", &["erapermed"]),
    ];
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 5);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes, ["DEG"], "{found:?}");
    let shared = "Sachsen and Thüringen are both members of S3MedTech.";
    assert!(found[0].reasons.iter().any(|r| r == shared), "{:?}", found[0].reasons);
    assert!(!found[0].reasons.iter().any(|r| r.contains("ERRIN")), "{:?}", found[0].reasons);
}

/// An item of a page's list of digital innovation hubs is a hub, whatever its name says
/// ("Smart Systems Hub Dresden"): it answers a region seeking digital innovation hubs, and is
/// quoted from that list. A hub's name alone in an initiative is no such hub.
#[test]
fn a_listed_hub_is_a_digital_innovation_hub() {
    let asker = region("ITH5", "Emilia-Romagna", Some("digital innovation hubs for AI in health"));
    let mut sachsen = region("DED", "Sachsen", None);
    sachsen.digital_innovation_hubs.push(Text::new("Smart Systems Hub Dresden").unwrap());
    let mut named = region("AT13", "Wien", None);
    initiative(&mut named, "Vienna logistics hub");
    let all = [vec![asker, sachsen, named], others()].concat();
    let ps: Vec<&Profile> = all.iter().collect();
    let m = Matcher::new(&ps);
    let found = m.partners(0, None, 10);
    let codes: Vec<&str> = found.iter().map(|x| ps[x.index].code.as_str()).collect();
    assert_eq!(codes.first(), Some(&"DED"), "{found:?}");
    assert!(!codes.contains(&"AT13"), "{found:?}");
    let quoted = "Emilia-Romagna seeks DIH (“digital innovation hubs”): Sachsen names among its digital \
                  innovation hubs “Smart Systems Hub Dresden” (strong evidence).";
    assert_eq!(found[0].reasons.first().map(String::as_str), Some(quoted), "{:?}", found[0].reasons);
}
