//! What the map can be coloured by (`Attribute`), and the classes of its legend.

use pmatlas_core::vocab::{NetworkId, TopicId};
use pmatlas_core::{MembershipAnswer, Profile, Rating, SelfEvaluationItem, Tier};

/// A class of the legend: its CSS class, label and how many regions fall in it.
pub struct Class {
    pub css: &'static str,
    pub label: String,
    pub count: usize,
}

/// What the map can be coloured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribute {
    Innovation,
    Population,
    Density,
    Over65,
    Rating(SelfEvaluationItem),
    Membership(NetworkId),
    Seeking,
    Topic(TopicId),
    /// The edition of the data (the year of the page it was read from).
    Edition,
}

/// Class breaks of the key figures, lowest class first: fixed, so that a class means the
/// same on every map and in every year (quantiles would move with each import).
const POPULATION_BREAKS: [f64; 4] = [500_000.0, 1_000_000.0, 2_000_000.0, 5_000_000.0];
const DENSITY_BREAKS: [f64; 4] = [50.0, 100.0, 200.0, 500.0];
const OVER65_BREAKS: [f64; 4] = [17.0, 19.0, 21.0, 23.0];

fn class_labels(breaks: [f64; 4], unit: impl Fn(f64) -> String) -> Vec<String> {
    let mut out = vec![format!("{} or more", unit(breaks[3]))];
    for i in (0..3).rev() {
        out.push(format!("{} to under {}", unit(breaks[i]), unit(breaks[i + 1])));
    }
    out.push(format!("under {}", unit(breaks[0])));
    out
}

/// The class (0 = highest) of a value among four breaks.
fn class_by_breaks(v: f64, breaks: [f64; 4]) -> usize {
    4 - breaks.iter().take_while(|b| v >= **b).count()
}

impl Attribute {
    const FIXED: [Attribute; 6] = [
        Attribute::Innovation,
        Attribute::Seeking,
        Attribute::Edition,
        Attribute::Population,
        Attribute::Density,
        Attribute::Over65,
    ];

    pub fn parse(s: &str) -> Option<Attribute> {
        use pmatlas_core::attr;
        // "updated" is the id older shared links use.
        if s == "updated" {
            return Some(Attribute::Edition);
        }
        if let Some(a) = Attribute::FIXED.into_iter().find(|a| a.id() == s) {
            return Some(a);
        }
        if let Some(i) = SelfEvaluationItem::ALL.into_iter().find(|&i| attr::rating(i) == s) {
            return Some(Attribute::Rating(i));
        }
        if let Some(n) = NetworkId::all().find(|&n| attr::membership(n) == s) {
            return Some(Attribute::Membership(n));
        }
        s.strip_prefix("topic.").and_then(TopicId::from_id).map(Attribute::Topic)
    }

    /// The id, as `pmatlas_core::attr` gives it (the same in URLs, facets and exports).
    pub fn id(self) -> String {
        use pmatlas_core::attr;
        match self {
            Attribute::Innovation => attr::INNOVATION.id.into(),
            Attribute::Seeking => attr::SEEKING.id.into(),
            Attribute::Edition => attr::EDITION.id.into(),
            Attribute::Population => attr::POPULATION.id.into(),
            Attribute::Density => attr::DENSITY.id.into(),
            Attribute::Over65 => attr::OVER65.id.into(),
            Attribute::Rating(i) => attr::rating(i),
            Attribute::Membership(n) => attr::membership(n),
            Attribute::Topic(t) => format!("topic.{}", t.id()),
        }
    }

    pub fn label(self) -> String {
        use pmatlas_core::attr;
        match self {
            Attribute::Innovation => attr::INNOVATION.label.into(),
            Attribute::Seeking => attr::SEEKING.label.into(),
            Attribute::Edition => attr::EDITION.label.into(),
            Attribute::Population => attr::POPULATION.label.into(),
            Attribute::Density => attr::DENSITY.label.into(),
            Attribute::Over65 => attr::OVER65.label.into(),
            Attribute::Rating(i) => format!("Self-evaluation: {}", i.label()),
            Attribute::Membership(n) => format!("Membership: {}", n.label()),
            Attribute::Topic(t) => format!("Seeking partners in {}", t.label().to_lowercase()),
        }
    }

    /// Every attribute, grouped for the chooser: (group, [(attribute, label in the group)]).
    pub fn choices() -> Vec<(&'static str, Vec<(Attribute, String)>)> {
        let one = |a: Attribute| (a, a.label());
        vec![
            ("Key facts", Attribute::FIXED.into_iter().map(one).collect()),
            (
                "Self-evaluation",
                SelfEvaluationItem::ALL.iter().map(|i| (Attribute::Rating(*i), i.label().to_string())).collect(),
            ),
            ("Memberships", NetworkId::all().map(|n| (Attribute::Membership(n), n.label().to_string())).collect()),
            ("Collaboration topics", TopicId::all().map(|t| (Attribute::Topic(t), t.label().to_string())).collect()),
        ]
    }

    /// Whether a profile has a value for this attribute (the chooser says which have none).
    pub fn has_value(self, p: &Profile, strengths: &dyn Fn(TopicId) -> bool) -> bool {
        let years: Vec<String> = p.origin.edition.map(|e| e.year.to_string()).into_iter().collect();
        self.class_of(p, &years, strengths).is_some()
    }

    /// The legend classes, best or most first; the last is "no value".
    pub(crate) fn classes(self) -> Vec<(&'static str, String)> {
        let seq = ["c5", "c4", "c3", "c2", "c1"];
        match self {
            Attribute::Innovation => {
                Tier::GROUPS.iter().zip(seq).map(|(t, c)| (c, t.group_label().to_string())).collect()
            }
            Attribute::Rating(_) => {
                Rating::ALL.iter().rev().zip(seq).map(|(r, c)| (c, r.label().to_string())).collect()
            }
            Attribute::Membership(_) => {
                vec![("yes", "Yes".into()), ("partial", "Partly, or through the country".into()), ("no", "No".into())]
            }
            Attribute::Seeking => vec![("yes", "Yes".into()), ("no", "No".into())],
            // Ordered (seeking is the stronger tie), so in the ordered colours.
            Attribute::Topic(_) => {
                vec![("c5", "Seeks partners in it".into()), ("c4", "Does not seek it, shows evidence of it".into())]
            }
            Attribute::Population => seq.into_iter().zip(class_labels(POPULATION_BREAKS, format_people)).collect(),
            Attribute::Density => {
                seq.into_iter().zip(class_labels(DENSITY_BREAKS, |v| format!("{v:.0}/km²"))).collect()
            }
            Attribute::Over65 => seq.into_iter().zip(class_labels(OVER65_BREAKS, |v| format!("{v:.0} %"))).collect(),
            Attribute::Edition => vec![],
        }
    }

    /// The class of a profile, or `None` for "no value".
    pub(crate) fn class_of(self, p: &Profile, years: &[String], strengths: &dyn Fn(TopicId) -> bool) -> Option<usize> {
        match self {
            Attribute::Innovation => {
                let t = p.key_figures.innovation.as_ref()?.primary()?.tier.group();
                Tier::GROUPS.iter().position(|g| *g == t)
            }
            Attribute::Rating(i) => p.self_evaluation.get(i).map(|r| 4 - r as usize),
            Attribute::Membership(n) => match p.membership(n)?.answer {
                MembershipAnswer::Yes => Some(0),
                MembershipAnswer::CountryLevelMember
                | MembershipAnswer::CountryLevelObserver
                | MembershipAnswer::Mixed => Some(1),
                MembershipAnswer::No => Some(2),
                MembershipAnswer::Other | MembershipAnswer::Unanswered => None,
            },
            Attribute::Seeking => match pmatlas_core::attr::Stance::of(p.collaboration.as_ref()) {
                pmatlas_core::attr::Stance::Seeking => Some(0),
                pmatlas_core::attr::Stance::NotSeeking => Some(1),
                pmatlas_core::attr::Stance::NotStated => None,
            },
            Attribute::Topic(t) => {
                if p.collaboration.as_ref().is_some_and(|c| c.topics.iter().any(|x| x.topic == t)) {
                    Some(0)
                } else if strengths(t) {
                    Some(1)
                } else {
                    None
                }
            }
            Attribute::Edition => {
                let y = p.origin.edition?.year.to_string();
                years.iter().position(|x| *x == y)
            }
            Attribute::Population => {
                Some(class_by_breaks(p.key_figures.population.as_ref()?.value as f64, POPULATION_BREAKS))
            }
            Attribute::Density => Some(class_by_breaks(p.key_figures.density.as_ref()?.value, DENSITY_BREAKS)),
            Attribute::Over65 => Some(class_by_breaks(p.key_figures.over65_share.as_ref()?.value, OVER65_BREAKS)),
        }
    }
}

fn format_people(v: f64) -> String {
    if v >= 1_000_000.0 {
        format!("{} million", v / 1_000_000.0)
    } else {
        pmatlas_core::format::values::render_integer(v as u64)
    }
}
