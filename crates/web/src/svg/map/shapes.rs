//! The installed boundary shapes, the visible part of the map, and the locator map of a
//! profile page.

use std::fmt::Write;

use crate::svg::esc;

use pmatlas_core::geo::{frame_size, Shape, INSETS};

/// The installed shapes, with each base-layer path written once.
pub struct Shapes {
    pub shapes: Vec<Shape>,
    /// For each NUTS 2 shape (by position in `shapes`), its neutral base path.
    pub(crate) base: Vec<(usize, String)>,
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

    pub(crate) fn get(&self, id: &str) -> Option<&Shape> {
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
    pub(crate) fn meets(&self, b: (i32, i32, i32, i32)) -> bool {
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
