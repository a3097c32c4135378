//! SVG drawing: the escaper every page and drawing uses, bar charts (`/stats`), and the map
//! and locator ([`map`]). Drawings are strings written once per view or per request.

pub mod map;

/// Escapes text for HTML and SVG (element content and quoted attributes).
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart as SVG (labels in an HTML table beside it for screen readers); a
/// bar with an href (`hrefs[k]` not empty) links to the search for its regions. A bar's
/// length is its share of the regions that answer the chart's question (a full bar: all of
/// them), so that two answers never look like many.
pub fn bar_chart(c: &pmatlas_core::stats::Chart, hrefs: &[String]) -> String {
    let max = c.answered.max(c.bars.iter().map(|b| b.1).max().unwrap_or(0)).max(1);
    // Narrow enough that its 16-unit text is about 12 px on a 390 px phone (the whole
    // label is in the tooltip and the table).
    let (label_w, bar_w, row_h) = (220.0, 190.0, 24.0);
    let h = row_h * c.bars.len().max(1) as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {} {h}\" role=\"{}\" aria-label=\"{}: bar chart; the table below has the numbers\">",
        label_w + bar_w + 44.0,
        // An image cannot hold links: a chart whose bars link is a group.
        if hrefs.iter().any(|h| !h.is_empty()) { "group" } else { "img" },
        esc(&c.title)
    );
    for (k, (label, n)) in c.bars.iter().enumerate() {
        let y = 4.0 + k as f64 * row_h;
        let w = bar_w * (*n as f64) / (max as f64);
        // Labels start at the left edge and are cut to the width of their column (about
        // 9 units a character at the chart's 16px), the whole label in a tooltip and in the
        // table below: never clipped by the edge of the chart.
        let fit = ((label_w - 12.0) / 9.0) as usize;
        let short: String = if label.chars().count() > fit {
            format!("{}…", label.chars().take(fit - 1).collect::<String>())
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            "<g><title>{}</title><text x=\"4\" y=\"{}\">{}</text></g>",
            esc(label),
            y + 16.0,
            esc(&short)
        ));
        // The bar and its count link to the bar's regions; the link's name holds its
        // visible text, the count (WCAG 2.5.3), and the whole label.
        let href = hrefs.get(k).filter(|h| !h.is_empty());
        if let Some(h) = href {
            let unit = if *n == 1 { "region" } else { "regions" };
            svg.push_str(&format!("<a href=\"{}\" aria-label=\"{}: {n} {unit}\">", esc(h), esc(label)));
        }
        svg.push_str(&format!(
            "<rect x=\"{label_w}\" y=\"{}\" width=\"{:.1}\" height=\"{}\"/><text x=\"{}\" y=\"{}\">{n}</text>",
            y + 3.0,
            // A bar of nought is still a target to point at.
            if href.is_some() { w.max(4.0) } else { w },
            row_h - 6.0,
            label_w + w + 6.0,
            y + 16.0
        ));
        if href.is_some() {
            svg.push_str("</a>");
        }
    }
    svg.push_str("</svg>");
    svg
}
