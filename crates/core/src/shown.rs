//! How a profile's values read to a person, as the profile page shows them: "Leader − (2021)",
//! "2,120,237 (2021)", a network's answer as "member" or "not a member", a rating as "Very
//! high". The versions page, the review and the feeds describe changes with these words, so a
//! change reads as the page it changed.

use crate::format::values::render_integer;
use crate::model::{AreaGroup, Flag, Group, Innovation, Modifier, Profile};
use crate::vocab::{MembershipAnswer, NetworkId};

/// A field's value as the page shows it: one value, or the items of a list.
pub enum Shown {
    One(Option<String>),
    /// Each item: what identifies it (stable across versions), its name, and what it says.
    Items(Vec<Item>),
    /// A value of several parts, each with its own label ("Fields of interest").
    Parts(Vec<(&'static str, Option<String>)>),
    /// Paragraphs of a text.
    Paragraphs(Vec<String>),
}

pub struct Item {
    pub ident: String,
    pub name: String,
    /// What the item says past its name (an answer, a rating, a description); empty for an
    /// item that is only a name.
    pub value: String,
}

impl Item {
    fn named(ident: String, name: String, value: String) -> Item {
        Item { ident, name, value }
    }

    fn text(t: &str) -> Item {
        Item { ident: t.to_string(), name: t.to_string(), value: String::new() }
    }
}

/// A performance group with a true minus sign: "Leader −", "Strong +".
pub fn group(g: Group) -> String {
    match g.modifier {
        Some(Modifier::Plus) => format!("{} +", g.tier.label()),
        Some(Modifier::Minus) => format!("{} −", g.tier.label()),
        None => g.tier.label().to_string(),
    }
}

/// The groups of a scoreboard edition: "Leader −", or "Dresden Leader −; Chemnitz Strong".
pub fn groups(gs: &[AreaGroup]) -> String {
    let parts: Vec<String> = gs
        .iter()
        .map(|g| match &g.area {
            Some(a) => format!("{a} {}", group(g.group)),
            None => group(g.group),
        })
        .collect();
    parts.join("; ")
}

fn innovation(i: &Innovation) -> String {
    match i.edition {
        Some(e) => format!("{} ({e})", groups(&i.groups)),
        None => groups(&i.groups),
    }
}

/// A decimal as the page writes it: at most two places, no trailing zeros.
pub fn decimal(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn with_year(v: String, year: Option<u16>) -> String {
    match year {
        Some(y) => format!("{v} ({y})"),
        None => v,
    }
}

/// A yes/no answer with its note: "Yes – Slovenia's S3".
pub fn flag(f: &Flag) -> String {
    let w = if f.value { "Yes" } else { "No" };
    f.note.as_ref().map_or(w.to_string(), |n| format!("{w} – {n}"))
}

/// A membership answer in words: for a network "member", "not a member", "member through
/// the country"; for a designation (mountain, a macro-region) the answer's own label.
pub fn answer(network: NetworkId, a: MembershipAnswer, note: Option<&str>) -> String {
    let networks = network.def().names_networks;
    let word = match a {
        MembershipAnswer::Yes if networks => "member",
        MembershipAnswer::No if networks => "not a member",
        MembershipAnswer::CountryLevelMember => "member through the country",
        MembershipAnswer::CountryLevelObserver => "observer through the country",
        MembershipAnswer::Other => "",
        a => a.label(),
    };
    match (word, note) {
        ("", Some(n)) => format!("“{n}”"),
        ("", None) => "another answer".to_string(),
        (w, Some(n)) => format!("{w} (“{n}”)"),
        (w, None) => w.to_string(),
    }
}

fn texts<'a>(ts: impl Iterator<Item = &'a str>) -> Vec<Item> {
    ts.map(Item::text).collect()
}

fn code_items(codes: &[crate::ClassCode], official: fn(&str) -> Option<&'static str>) -> Vec<Item> {
    codes
        .iter()
        .map(|c| {
            let label = official(&c.code).map(str::to_string).or_else(|| c.label.as_ref().map(|l| l.to_string()));
            let name = label.map_or(c.code.clone(), |l| format!("{} {l}", c.code));
            Item::named(c.code.clone(), name, String::new())
        })
        .collect()
}

/// The value of the field `id` (see [`crate::publish::FIELDS`]) in `p`.
pub fn field(p: &Profile, id: &str) -> Shown {
    let k = &p.key_figures;
    let paragraphs = |ps: &[crate::Text]| Shown::Paragraphs(ps.iter().map(|t| t.to_string()).collect());
    match id {
        "innovation" => Shown::One(k.innovation.as_ref().map(innovation)),
        "innovation_earlier" => Shown::Items(
            k.innovation_earlier
                .iter()
                .map(|i| {
                    let ident = i.edition.map_or("no year".to_string(), |e| e.to_string());
                    Item::named(ident.clone(), format!("scoreboard {ident}"), groups(&i.groups))
                })
                .collect(),
        ),
        "population" => Shown::One(k.population.as_ref().map(|f| with_year(render_integer(f.value), f.year))),
        "density" => Shown::One(k.density.as_ref().map(|f| with_year(format!("{} per km²", decimal(f.value)), f.year))),
        "over65_share" => {
            Shown::One(k.over65_share.as_ref().map(|f| with_year(format!("{} %", decimal(f.value)), f.year)))
        }
        "websites" => Shown::Items(texts(p.websites.iter().map(|t| t.as_str()))),
        "description" => paragraphs(&p.description),
        "health_profile" => paragraphs(&p.health_profile),
        "collaboration" => {
            let c = p.collaboration.as_ref();
            let list = |v: Vec<&str>| (!v.is_empty()).then(|| v.join("\n"));
            Shown::Parts(vec![
                ("Seeking collaboration", c.and_then(|c| c.seeking).map(|s| if s { "Yes" } else { "No" }.to_string())),
                ("Fields of interest", c.and_then(|c| c.interests.as_ref()).map(|t| t.to_string())),
                ("Further details", c.and_then(|c| list(c.details.iter().map(|t| t.as_str()).collect()))),
                ("Wished partners", c.and_then(|c| list(c.partners.iter().map(|t| t.as_str()).collect()))),
            ])
        }
        "memberships" => Shown::Items(
            p.memberships
                .iter()
                .map(|m| {
                    let value = answer(m.network, m.answer, m.note.as_ref().map(|t| t.as_str()));
                    Item::named(m.network.id().to_string(), m.network.def().short.clone(), value)
                })
                .collect(),
        ),
        "policy_documents" => Shown::Items(
            p.policy_documents
                .iter()
                .map(|d| Item::named(d.title.to_string(), d.title.to_string(), d.text()))
                .collect(),
        ),
        "policy_topics" => Shown::Items(texts(p.policy_topics.iter().map(|t| t.text.as_str()))),
        "support_measures" => Shown::Items(
            p.support_measures
                .iter()
                .map(|m| {
                    let level = m.level.map(|l| format!("{} · ", l.word())).unwrap_or_default();
                    let detail = m.detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default();
                    let line = format!("{level}{}{detail}", m.kind.label());
                    Item::named(crate::format::support_measure_line(m), line, String::new())
                })
                .collect(),
        ),
        "funding_programmes" => Shown::Items(texts(p.funding_programmes.iter().map(|t| t.text.as_str()))),
        "nace" => Shown::Items(code_items(&p.nace, crate::vocab::nace_label)),
        "nabs" => Shown::Items(code_items(&p.nabs, crate::vocab::nabs_label)),
        "policy_objectives" => Shown::Items(code_items(&p.policy_objectives, crate::vocab::policy_objective_label)),
        "ris3" => Shown::One(p.ris3.as_ref().map(flag)),
        "pm_ris3" => Shown::One(p.pm_ris3.as_ref().map(flag)),
        "initiatives" => Shown::Items(
            p.initiatives
                .iter()
                .map(|i| {
                    let parts: Vec<&str> = i.description.iter().chain(i.url.iter()).map(|t| t.as_str()).collect();
                    Item::named(i.name.to_string(), i.name.to_string(), parts.join(" · "))
                })
                .collect(),
        ),
        "digital_innovation_hubs" => Shown::Items(texts(p.digital_innovation_hubs.iter().map(|t| t.as_str()))),
        "represented_in" => Shown::Items(texts(p.represented_in.iter().map(|t| t.text.as_str()))),
        "self_evaluation" => Shown::Items(
            crate::model::SelfEvaluationItem::ALL
                .iter()
                .filter_map(|&i| {
                    p.self_evaluation
                        .get(i)
                        .map(|r| Item::named(i.id().to_string(), i.label().to_string(), r.label().to_string()))
                })
                .collect(),
        ),
        "image_attribution" => Shown::One(p.image_attribution.as_ref().map(|t| t.to_string())),
        _ => Shown::One(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Profile {
        crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
    }

    #[test]
    fn values_read_as_on_the_page() {
        let p = seed();
        let one = |id| match field(&p, id) {
            Shown::One(v) => v.unwrap_or_default(),
            _ => panic!("{id} is one value"),
        };
        assert_eq!(one("innovation"), "Strong (2019)");
        assert_eq!(one("population"), "2,143,145 (2019)");
        assert_eq!(one("density"), "134 per km² (2017)");
        let Shown::Items(ms) = field(&p, "memberships") else { panic!() };
        let icpermed = ms.iter().find(|m| m.ident == "icpermed").unwrap();
        assert_eq!((icpermed.name.as_str(), icpermed.value.as_str()), ("ICPerMed", "not a member"));
        let Shown::Items(ratings) = field(&p, "self_evaluation") else { panic!() };
        assert!(
            ratings.iter().any(|r| r.value == "Very high"),
            "{:?}",
            ratings.iter().map(|r| &r.value).collect::<Vec<_>>()
        );
        let minus = Group { tier: crate::model::Tier::Leader, modifier: Some(Modifier::Minus) };
        assert_eq!(group(minus), "Leader −");
    }
}
