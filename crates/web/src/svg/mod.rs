//! Drawing: the escaper every page and drawing uses, bar charts (`/stats`), and the map
//! and locator ([`map`]). Drawings are strings written once per view or per request.

pub mod map;

/// Escapes text for HTML and SVG (element content and quoted attributes).
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart: HTML rows (a label that wraps, a bar, the count), so that its text
/// is the page's text at any width, never shrunk with a drawing; only the bar itself is a
/// drawing (CSP forbids inline styles, an SVG attribute sets its length). A bar with an href
/// (`hrefs[k]` not empty) is a link, whole row, to the search for its regions. A bar's length
/// is its share of the regions that answer the chart's question (a full bar: all of them),
/// so that two answers never look like many; the table below the chart has the numbers.
pub fn bar_chart(c: &pmatlas_core::stats::Chart, hrefs: &[String]) -> String {
    let max = c.answered.max(c.bars.iter().map(|b| b.1).max().unwrap_or(0)).max(1);
    let mut out =
        format!("<ol class=\"chart\" aria-label=\"{}: bar chart; the table below has the numbers\">", esc(&c.title));
    for (k, (label, n)) in c.bars.iter().enumerate() {
        let share = 100.0 * (*n as f64) / (max as f64);
        let unit = if *n == 1 { "region" } else { "regions" };
        let row = format!(
            "<span class=\"bar-label\">{}</span><span class=\"bar-track\" aria-hidden=\"true\"><svg viewBox=\"0 0 100 1\" preserveAspectRatio=\"none\"><rect width=\"{share:.1}\" height=\"1\"/></svg></span><span class=\"bar-n\">{n}<span class=\"visually-hidden\"> {unit}</span></span>",
            esc(label)
        );
        match hrefs.get(k).filter(|h| !h.is_empty()) {
            Some(h) => out.push_str(&format!("<li><a href=\"{}\">{row}</a></li>", esc(h))),
            None => out.push_str(&format!("<li><span class=\"bar-row\">{row}</span></li>")),
        }
    }
    out.push_str("</ol>");
    out
}
