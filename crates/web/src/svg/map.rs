//! The map of Europe: a server-rendered SVG choropleth (EPSG:3035) of the profiled regions,
//! coloured by one attribute, over a neutral base of every NUTS 2 region.

use std::fmt::Write;

use super::esc;

use pmatlas_core::geo::{frame_size, Shape};
use pmatlas_core::vocab::{NetworkId, TopicId};
use pmatlas_core::{MembershipAnswer, Profile, Rating, SelfEvaluationItem, Tier};

/// The installed shapes, with the neutral base layer drawn once.
pub struct Shapes {
    pub shapes: Vec<Shape>,
    base: String,
}

impl Shapes {
    /// Keeps only shapes whose id is a NUTS code and whose path is path data (digits,
    /// spaces, signs and M/L/Z commands): both are drawn into pages unescaped, so a
    /// database changed by hand cannot put markup into the map.
    pub fn new(mut shapes: Vec<Shape>) -> Shapes {
        shapes.retain(|s| {
            let id_ok = pmatlas_core::NutsCode::parse(&s.nuts_id).is_ok_and(|c| c.as_str() == s.nuts_id);
            let path_ok = s.path.bytes().all(|b| b.is_ascii_digit() || b" .-MLZ".contains(&b));
            if !(id_ok && path_ok) {
                tracing::warn!("shape {:?} left out: not a NUTS code with path data", s.nuts_id);
            }
            id_ok && path_ok
        });
        let mut base = String::new();
        for s in shapes.iter().filter(|s| s.level == 2) {
            let _ = write!(
                base,
                "<path class=\"base\" d=\"{}\"><title>{} ({}): no profile yet</title></path>",
                s.path,
                esc(&s.name),
                s.nuts_id
            );
        }
        Shapes { shapes, base }
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    fn get(&self, id: &str) -> Option<&Shape> {
        self.shapes.binary_search_by(|s| s.nuts_id.as_str().cmp(id)).ok().map(|i| &self.shapes[i])
    }
}

/// A small locator map: the countries around a region, the region highlighted.
pub fn locator(shapes: &Shapes, code: &str, name: &str) -> Option<String> {
    let region = shapes.get(code)?;
    let (x0, y0, x1, y1) = region.bbox;
    let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
    // At least 900 km across, and three times the region.
    let half = ((x1 - x0).max(y1 - y0) * 3 / 2).max(450);
    let mut svg = format!(
        "<svg class=\"locator\" viewBox=\"{} {} {} {}\" role=\"img\" aria-label=\"Location of {} in Europe\"><rect class=\"sea\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        cx - half,
        cy - half,
        2 * half,
        2 * half,
        esc(name),
        cx - half,
        cy - half,
        2 * half,
        2 * half
    );
    for s in shapes.shapes.iter().filter(|s| s.level == 0) {
        let _ = write!(svg, "<path class=\"base\" d=\"{}\"/>", s.path);
    }
    let _ = write!(svg, "<path class=\"here\" d=\"{}\"/></svg>", region.path);
    Some(svg)
}

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
    Rating(SelfEvaluationItem),
    Membership(NetworkId),
    Seeking,
    Topic(TopicId),
    /// The edition of the data (the year of the page it was read from).
    Edition,
}

impl Attribute {
    pub fn parse(s: &str) -> Option<Attribute> {
        use pmatlas_core::attr;
        // "updated" is the id older shared links use.
        if s == "updated" {
            return Some(Attribute::Edition);
        }
        if let Some(a) =
            [Attribute::Innovation, Attribute::Seeking, Attribute::Edition].into_iter().find(|a| a.id() == s)
        {
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
            Attribute::Rating(i) => attr::rating(i),
            Attribute::Membership(n) => attr::membership(n),
            Attribute::Topic(t) => format!("topic.{}", t.id()),
        }
    }

    pub fn label(self) -> String {
        match self {
            Attribute::Innovation => pmatlas_core::attr::INNOVATION.label.into(),
            Attribute::Seeking => pmatlas_core::attr::SEEKING.label.into(),
            Attribute::Edition => pmatlas_core::attr::EDITION.label.into(),
            Attribute::Rating(i) => format!("Self-evaluation: {}", i.label()),
            Attribute::Membership(n) => format!("Membership: {}", n.label()),
            Attribute::Topic(t) => format!("Seeking partners in {}", t.label().to_lowercase()),
        }
    }

    /// Every attribute, grouped for the chooser.
    pub fn choices() -> Vec<(&'static str, Vec<(String, String)>)> {
        let one = |a: Attribute| (a.id(), a.label());
        vec![
            ("Key facts", vec![one(Attribute::Innovation), one(Attribute::Seeking), one(Attribute::Edition)]),
            (
                "Self-evaluation",
                SelfEvaluationItem::ALL.iter().map(|i| (Attribute::Rating(*i).id(), i.label().to_string())).collect(),
            ),
            ("Memberships", NetworkId::all().map(|n| (Attribute::Membership(n).id(), n.label().to_string())).collect()),
            (
                "Collaboration topics",
                TopicId::all().map(|t| (Attribute::Topic(t).id(), t.label().to_string())).collect(),
            ),
        ]
    }

    /// The legend classes, best or most first; the last is "no value".
    fn classes(self) -> Vec<(&'static str, String)> {
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
            Attribute::Topic(_) => vec![
                ("yes", "Seeks partners in it".into()),
                ("partial", "Does not seek it, shows evidence of it".into()),
            ],
            Attribute::Edition => vec![],
        }
    }

    /// The class of a profile, or `None` for "no value".
    fn class_of(self, p: &Profile, years: &[String], strengths: &dyn Fn(TopicId) -> bool) -> Option<usize> {
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
        }
    }
}

/// A profiled region on the map.
pub struct Mapped<'a> {
    pub profile: &'a Profile,
    /// Among the current search results.
    pub selected: bool,
    pub strengths: Box<dyn Fn(TopicId) -> bool + 'a>,
}

pub struct Rendered {
    pub svg: String,
    pub classes: Vec<Class>,
    /// (code, name, value) for the table alternative.
    pub rows: Vec<(String, String, String)>,
    pub unmapped: Vec<String>,
}

/// Draws the map for an attribute.
pub fn render(shapes: &Shapes, regions: &[Mapped<'_>], attr: Attribute, title: &str) -> Rendered {
    let mut years: Vec<String> =
        regions.iter().filter_map(|r| r.profile.origin.edition).map(|e| e.year.to_string()).collect();
    years.sort_by(|a, b| b.cmp(a));
    years.dedup();
    let mut defs = attr.classes();
    if attr == Attribute::Edition {
        let seq = ["c5", "c4", "c3", "c2", "c1"];
        defs = years.iter().take(5).zip(seq).map(|(y, c)| (c, y.clone())).collect();
        years.truncate(5);
    }
    let mut counts = vec![0usize; defs.len()];
    let (mut none, mut outside) = (0usize, 0usize);
    let (w, h) = frame_size();
    let mut svg = String::with_capacity(shapes.base.len() + 64 * 1024);
    let _ = write!(
        svg,
        "<svg class=\"map\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"map-title\"><title id=\"map-title\">{}</title><rect class=\"sea\" width=\"{w}\" height=\"{h}\"/>",
        esc(title)
    );
    svg.push_str(&shapes.base);
    let mut rows = Vec::new();
    let mut unmapped = Vec::new();
    // Countries first, so that smaller profiled regions are drawn over them.
    let mut order: Vec<&Mapped<'_>> = regions.iter().collect();
    order.sort_by_key(|r| r.profile.code.level());
    for r in order {
        let p = r.profile;
        let class = attr.class_of(p, &years, &*r.strengths);
        let value = match class {
            Some(c) if r.selected => defs[c].1.clone(),
            Some(_) | None if !r.selected => "not among the search results".to_string(),
            _ => "no value".to_string(),
        };
        let css = match class {
            _ if !r.selected => {
                outside += 1;
                "out"
            }
            Some(c) => {
                counts[c] += 1;
                defs[c].0
            }
            None => {
                none += 1;
                "none"
            }
        };
        rows.push((p.code.to_string(), p.name.to_string(), value.clone()));
        let Some(shape) = shapes.get(p.code.as_str()) else {
            unmapped.push(format!("{} ({})", p.name, p.code));
            continue;
        };
        let label = format!("{} ({}): {value}", p.name, p.code);
        let _ = write!(
            svg,
            "<a href=\"/regions/{}\" aria-label=\"{}\"><path class=\"{css}\" d=\"{}\"><title>{}</title></path></a>",
            p.code,
            esc(&label),
            shape.path,
            esc(&label)
        );
    }
    svg.push_str("</svg>");
    let mut classes: Vec<Class> =
        defs.iter().zip(counts).map(|((css, label), count)| Class { css, label: label.clone(), count }).collect();
    classes.push(Class { css: "none", label: "Profile without this information".into(), count: none });
    if outside > 0 {
        classes.push(Class { css: "out", label: "Profile not among the search results".into(), count: outside });
    }
    classes.push(Class { css: "base", label: "No profile yet".into(), count: 0 });
    Rendered { svg, classes, rows, unmapped }
}
