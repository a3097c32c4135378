//! The map of Europe: a server-rendered SVG choropleth (EPSG:3035) of the profiled regions,
//! coloured by one attribute, over a neutral base of every NUTS 2 region.

use std::fmt::Write;

use super::esc;

use pmatlas_core::geo::{frame_size, Shape, INSETS, INSET_LABEL};
use pmatlas_core::vocab::{NetworkId, TopicId};
use pmatlas_core::{MembershipAnswer, Profile, Rating, SelfEvaluationItem, Tier};

/// The installed shapes, with each base-layer path written once.
pub struct Shapes {
    pub shapes: Vec<Shape>,
    /// For each NUTS 2 shape (by position in `shapes`), its neutral base path.
    base: Vec<(usize, String)>,
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
        shapes.sort_by(|a, b| a.nuts_id.cmp(&b.nuts_id));
        let base = shapes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.level == 2)
            .map(|(i, s)| {
                let el = format!(
                    "<path class=\"base\" d=\"{}\"><title>{} ({}): no profile yet</title></path>",
                    s.path,
                    esc(&s.name),
                    s.nuts_id
                );
                (i, el)
            })
            .collect();
        Shapes { shapes, base }
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// A region's boundary as a GeoJSON geometry (lon/lat), if installed with it.
    pub fn geometry(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(|s| s.geometry.as_deref())
    }

    fn get(&self, id: &str) -> Option<&Shape> {
        self.shapes.binary_search_by(|s| s.nuts_id.as_str().cmp(id)).ok().map(|i| &self.shapes[i])
    }

    /// The countries that can be zoomed to: (code, name), by name.
    pub fn countries(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .shapes
            .iter()
            .filter(|s| s.level == 0)
            .map(|s| {
                let name = pmatlas_core::vocab::vocab().country_name(&s.nuts_id).unwrap_or(&s.name).to_string();
                (s.nuts_id.clone(), name)
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        out
    }

    /// The part of the map to show: all of Europe with the insets, or one country's
    /// mainland (its parts in insets left out) with a margin.
    pub fn view_box(&self, country: Option<&str>) -> ViewBox {
        let (w, h) = frame_size();
        let europe = ViewBox { x: 0, y: 0, w, h };
        let Some(shape) = country.and_then(|c| self.get(c)).filter(|s| s.level == 0) else { return europe };
        // The bounding box of the parts not in an inset.
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        let mut nums = shape.path.split([' ', 'M', 'Z']).filter(|t| !t.is_empty());
        while let (Some(a), Some(b)) = (nums.next(), nums.next()) {
            if let (Ok(x), Ok(y)) = (a.parse::<i32>(), b.parse::<i32>()) {
                if !INSETS
                    .iter()
                    .any(|i| x >= i.rect.0 && x <= i.rect.0 + i.rect.2 && y >= i.rect.1 && y <= i.rect.1 + i.rect.3)
                {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                }
            }
        }
        if x0 > x1 {
            return europe;
        }
        // A margin, at least 120 km across, and the page's 5:4 shape kept.
        let side = ((x1 - x0).max((y1 - y0) * 5 / 4) * 11 / 10).max(120);
        let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
        ViewBox { x: cx - side / 2, y: cy - side * 2 / 5, w: side, h: side * 4 / 5 }
    }
}

/// The visible part of the map, in map kilometres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewBox {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl ViewBox {
    fn meets(&self, b: (i32, i32, i32, i32)) -> bool {
        b.0 <= self.x + self.w && b.2 >= self.x && b.1 <= self.y + self.h && b.3 >= self.y
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
            Attribute::Population => seq.into_iter().zip(class_labels(POPULATION_BREAKS, format_people)).collect(),
            Attribute::Density => {
                seq.into_iter().zip(class_labels(DENSITY_BREAKS, |v| format!("{v:.0}/km²"))).collect()
            }
            Attribute::Over65 => seq.into_iter().zip(class_labels(OVER65_BREAKS, |v| format!("{v:.0} %"))).collect(),
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
        crate::pages::fmt_int(v as u64)
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
    /// Whether a national profile is drawn (hatched, under its regions' own profiles).
    pub national: bool,
}

/// Draws the map for an attribute, of Europe or zoomed to one country.
///
/// Layers, bottom to top: sea; every NUTS 2 region in neutral grey (hidden from screen
/// readers: the links say the same); national profiles hatched in their class colour, so
/// that their regions' own profiles show through and above them; regional profiles; a
/// marker for each profiled region too small to see or point at; and last the links, one
/// per profiled region in code order, with transparent shapes. Being last, a link's focus
/// outline is never covered by a neighbour, and a screen reader meets the profiles and
/// nothing else.
pub fn render(shapes: &Shapes, regions: &[Mapped<'_>], attr: Attribute, title: &str, view: ViewBox) -> Rendered {
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
    let ViewBox { x, y, w, h } = view;
    let full = view.w >= frame_size().0;
    // Sizes that stay the same on screen whatever the zoom: hatching, marker radius, and
    // the size under which a region gets a marker.
    let hatch = (w / 110).max(1);
    let (mark_r, tiny) = ((w / 170).max(1), w / 90);
    let mut svg = String::with_capacity(256 * 1024);
    let _ = write!(
        svg,
        "<svg class=\"map\" viewBox=\"{x} {y} {w} {h}\" role=\"group\" aria-labelledby=\"map-title\"><title id=\"map-title\">{}</title><defs>",
        esc(title)
    );
    for css in ["c1", "c2", "c3", "c4", "c5", "yes", "partial", "no", "out"] {
        let _ = write!(
            svg,
            "<pattern id=\"h-{css}\" width=\"{hatch}\" height=\"{hatch}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"{hatch}\" height=\"{hatch}\" class=\"hatch-bg\"/><rect width=\"{}\" height=\"{hatch}\" class=\"{css}\"/></pattern>",
            (hatch / 2).max(1)
        );
    }
    let _ = write!(
        svg,
        "<pattern id=\"h-none\" width=\"{hatch}\" height=\"{hatch}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\"><rect width=\"{hatch}\" height=\"{hatch}\" class=\"hatch-bg\"/><rect width=\"{}\" height=\"{hatch}\" class=\"hatch-line\"/></pattern></defs>",
        (hatch / 4).max(1)
    );
    let _ = write!(svg, "<rect class=\"sea\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/>");

    // Which profiled regions are drawn, and how.
    struct Drawn<'s> {
        code: String,
        css: &'static str,
        label: String,
        shape: &'s Shape,
    }
    let mut rows = Vec::new();
    let mut unmapped = Vec::new();
    let mut drawn: Vec<Drawn<'_>> = Vec::new();
    for r in regions {
        let p = r.profile;
        let class = attr.class_of(p, &years, &*r.strengths);
        let (value, css) = match class {
            _ if !r.selected => {
                outside += 1;
                ("not among the search results".to_string(), "out")
            }
            Some(c) => {
                counts[c] += 1;
                (defs[c].1.clone(), defs[c].0)
            }
            None => {
                none += 1;
                ("no value".to_string(), "none")
            }
        };
        rows.push((p.code.to_string(), p.name.to_string(), value.clone()));
        let Some(shape) = shapes.get(p.code.as_str()) else {
            unmapped.push(format!("{} ({})", p.name, p.code));
            continue;
        };
        if !view.meets(shape.bbox) {
            continue;
        }
        let national = if p.code.level() == 0 { ", national profile" } else { "" };
        let label = format!("{} ({}){national}: {value}", p.name, p.code);
        drawn.push(Drawn { code: p.code.to_string(), css, label, shape });
    }

    // The neutral base, without the regions a regional profile covers (their own shape or
    // their NUTS 1 parent's says more, and a "no profile yet" tooltip would contradict it).
    svg.push_str("<g aria-hidden=\"true\">");
    let profiled: std::collections::HashSet<&str> =
        drawn.iter().filter(|d| d.shape.level > 0).map(|d| d.code.as_str()).collect();
    // A NUTS 2 code is its NUTS 1 parent's code and one character.
    let covered = |code: &str| profiled.contains(code) || profiled.contains(&code[..code.len() - 1]);
    for (i, el) in &shapes.base {
        let s = &shapes.shapes[*i];
        if view.meets(s.bbox) && !covered(&s.nuts_id) {
            svg.push_str(el);
        }
    }
    if full {
        for inset in &INSETS {
            let (bx, by, bw, bh) = inset.rect;
            let _ = write!(
                svg,
                "<rect class=\"inset\" x=\"{bx}\" y=\"{by}\" width=\"{bw}\" height=\"{bh}\"/><text class=\"inset-name\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                bx + 8,
                by + INSET_LABEL - 8,
                // Narrow boxes get a smaller name, so that it fits.
                (INSET_LABEL - 12).min((bw - 16) * 9 / (5 * inset.name.chars().count() as i32)),
                esc(inset.name)
            );
        }
    }
    // Coarser levels first: a national profile under its regions, NUTS 1 under NUTS 2.
    drawn.sort_by(|a, b| a.shape.level.cmp(&b.shape.level).then_with(|| a.code.cmp(&b.code)));
    let national = drawn.iter().any(|d| d.shape.level == 0);
    for d in &drawn {
        if d.shape.level == 0 {
            let _ = write!(svg, "<path class=\"nat {}\" d=\"{}\"/>", d.css, d.shape.path);
        } else {
            let _ = write!(svg, "<path class=\"{}\" d=\"{}\"/>", d.css, d.shape.path);
        }
    }
    let small = |s: &Shape| (s.bbox.2 - s.bbox.0).max(s.bbox.3 - s.bbox.1) < tiny;
    let centre = |s: &Shape| ((s.bbox.0 + s.bbox.2) / 2, (s.bbox.1 + s.bbox.3) / 2);
    for d in drawn.iter().filter(|d| small(d.shape)) {
        let (cx, cy) = centre(d.shape);
        let css = if d.shape.level == 0 { format!("nat {}", d.css) } else { d.css.to_string() };
        let _ = write!(svg, "<circle class=\"mark {css}\" cx=\"{cx}\" cy=\"{cy}\" r=\"{mark_r}\"/>");
    }
    svg.push_str("</g>");
    // The links, in code order (a country's national profile before its regions).
    drawn.sort_by(|a, b| a.code.cmp(&b.code));
    for d in &drawn {
        let label = esc(&d.label);
        let _ = write!(
            svg,
            "<a href=\"/regions/{}\" aria-label=\"{label}\"><path class=\"hit\" d=\"{}\"><title>{label}</title></path>",
            d.code, d.shape.path
        );
        if small(d.shape) {
            let (cx, cy) = centre(d.shape);
            let _ = write!(svg, "<circle class=\"hit\" cx=\"{cx}\" cy=\"{cy}\" r=\"{mark_r}\"/>");
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    let mut classes: Vec<Class> =
        defs.iter().zip(counts).map(|((css, label), count)| Class { css, label: label.clone(), count }).collect();
    classes.push(Class { css: "none", label: "Profile without this information".into(), count: none });
    if outside > 0 {
        classes.push(Class { css: "out", label: "Profile not among the search results".into(), count: outside });
    }
    classes.push(Class { css: "base", label: "No profile yet".into(), count: 0 });
    Rendered { svg, classes, rows, unmapped, national }
}
