//! Drawing the choropleth: base layer, national and regional profiles, markers, links.

use std::fmt::Write;

use crate::svg::esc;

use super::classes::{Attribute, Class};
use super::shapes::{Shapes, ViewBox};
use pmatlas_core::geo::{frame_size, Shape, INSETS, INSET_LABEL};
use pmatlas_core::vocab::TopicId;
use pmatlas_core::Profile;

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
/// `within`: the country zoomed to, whose regions alone the legend counts and the table
/// lists (its neighbours are drawn, not counted).
pub fn render(
    shapes: &Shapes,
    regions: &[Mapped<'_>],
    attr: Attribute,
    title: &str,
    view: ViewBox,
    within: Option<&str>,
) -> Rendered {
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
    // Hatching marks a national profile: its class colour in stripes over white. "Partly"
    // is striped in the colours of "yes" and "no" (it lies between them and contrasts with
    // both); "not among the results" is ruled grey; "no information" is dotted.
    let half = (hatch / 2).max(1);
    let third = (hatch / 3).max(1);
    let stripes = |svg: &mut String, id: &str, rotate: bool, rects: &[(i32, i32, &str)], bg: &str| {
        let turn = if rotate { " patternTransform=\"rotate(45)\"" } else { "" };
        let _ = write!(
            svg,
            "<pattern id=\"{id}\" width=\"{hatch}\" height=\"{hatch}\" patternUnits=\"userSpaceOnUse\"{turn}><rect width=\"{hatch}\" height=\"{hatch}\" class=\"{bg}\"/>"
        );
        for (x, width, css) in rects {
            let _ = write!(svg, "<rect x=\"{x}\" width=\"{width}\" height=\"{hatch}\" class=\"{css}\"/>");
        }
        svg.push_str("</pattern>");
    };
    for css in ["c1", "c2", "c3", "c4", "c5", "yes", "no"] {
        stripes(&mut svg, &format!("h-{css}"), true, &[(0, half, css)], "hatch-bg");
    }
    stripes(&mut svg, "h-partial", true, &[(0, third, "yes"), (third, third, "no")], "hatch-bg");
    stripes(&mut svg, "p-partial", true, &[(0, half, "yes"), (half, hatch - half, "no")], "no");
    stripes(&mut svg, "h-out", true, &[(0, half, "out-line")], "hatch-bg");
    let _ = write!(
        svg,
        "<pattern id=\"p-out\" width=\"{hatch}\" height=\"{hatch}\" patternUnits=\"userSpaceOnUse\"><rect width=\"{hatch}\" height=\"{hatch}\" class=\"blank\"/><rect width=\"{hatch}\" height=\"{}\" class=\"out-line\"/></pattern>",
        (hatch / 5).max(1)
    );
    let _ = write!(
        svg,
        "<pattern id=\"h-none\" width=\"{hatch}\" height=\"{hatch}\" patternUnits=\"userSpaceOnUse\"><rect width=\"{hatch}\" height=\"{hatch}\" class=\"blank\"/><circle cx=\"{}\" cy=\"{}\" r=\"{}\" class=\"hatch-line\"/></pattern></defs>",
        hatch / 2,
        hatch / 2,
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
        let counted = within.is_none_or(|c| p.code.country() == c);
        let class = attr.class_of(p, &years, &*r.strengths);
        let (value, css) = match class {
            _ if !r.selected => {
                outside += usize::from(counted);
                ("not among the search results".to_string(), "out")
            }
            Some(c) => {
                counts[c] += usize::from(counted);
                (defs[c].1.clone(), defs[c].0)
            }
            None => {
                none += usize::from(counted);
                ("not stated in its profile".to_string(), "none")
            }
        };
        if counted {
            rows.push((p.code.to_string(), p.name.to_string(), value.clone()));
        }
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
