//! The canonical text form: the 2019 layout, every field in one place, written so that
//! [`super::parse`] reads back exactly the same profile.

use std::fmt::Write;

use super::labels::{canonical, Label};
use super::values::{render_decimal, render_innovation_groups, render_integer, render_yes_no};
use crate::model::*;

/// Writes a profile in the canonical text form.
pub fn render(p: &Profile) -> String {
    let mut o = String::with_capacity(4096);
    let w = &mut o;
    let national = if p.national_level { " (National level)" } else { "" };
    line(w, &format!("{} - {}{national}", p.code, p.name));
    blank(w);

    let k = &p.key_figures;
    // Older scoreboard editions first, as pages list them; the reader keeps the newest current.
    for i in k.innovation_earlier.iter().rev().chain(&k.innovation) {
        line(
            w,
            // The colon keeps an area text that starts like "(2019)" from reading as the year.
            &format!("{}{}: {}", canonical(Label::Innovation), year(i.edition), render_innovation_groups(&i.groups)),
        );
    }
    if let Some(f) = &k.population {
        line(w, &format!("{}{} {}", canonical(Label::Population), year(f.year), render_integer(f.value)));
    }
    if let Some(f) = &k.density {
        line(w, &format!("{}{} {}", canonical(Label::Density), year(f.year), render_decimal(f.value)));
    }
    if let Some(f) = &k.over65_share {
        line(w, &format!("{}{} {}%", canonical(Label::Over65), year(f.year), render_decimal(f.value)));
    }
    blank(w);

    paragraphs(w, &p.description);
    // Each paragraph on a label line of its own: a text taken from a label line is never
    // written back where it could read as a label itself.
    for para in &p.health_profile {
        line(w, &format!("{} {para}", canonical(Label::HealthProfile)));
    }
    if !p.health_profile.is_empty() {
        blank(w);
    }
    for site in &p.websites {
        line(w, &format!("{}: {site}", canonical(Label::Website)));
    }
    if !p.websites.is_empty() {
        blank(w);
    }

    if let Some(c) = &p.collaboration {
        let answer = match (c.seeking, &c.interests) {
            (Some(v), i) => Some(render_yes_no(v, i.as_ref())),
            (None, Some(i)) => Some(i.to_string()),
            (None, None) => None,
        };
        if answer.is_some() || c.partners.is_empty() {
            // The answer goes on the question line, where it can never be read as a label.
            match answer {
                Some(a) => line(w, &format!("{} {a}", canonical(Label::Collaboration))),
                None => line(w, canonical(Label::Collaboration)),
            }
            for d in &c.details {
                line(w, d.as_str());
            }
        }
        if !c.partners.is_empty() {
            let names: Vec<&str> = c.partners.iter().map(|x| x.as_str()).collect();
            line(w, &format!("{} {}", canonical(Label::Partners), names.join(", ")));
        }
        blank(w);
    }

    if !p.memberships.is_empty() {
        line(w, canonical(Label::MembershipHeading));
        for m in &p.memberships {
            let answer = m.note.as_ref().map_or(m.answer.word(), |n| n.as_str());
            let q = &m.network.def().question;
            if answer.is_empty() {
                line(w, &format!("{q}?"));
            } else {
                line(w, &format!("{q}? {answer}"));
            }
        }
        blank(w);
    }

    if !p.policy_documents.is_empty() {
        line(w, canonical(Label::PolicyDocuments));
        for d in &p.policy_documents {
            item(w, d.number, &d.text());
        }
        blank(w);
    }
    if !p.policy_topics.is_empty() {
        let t: Vec<&str> = p.policy_topics.iter().map(|t| t.text.as_str()).collect();
        line(w, &format!("{} {}", canonical(Label::Topics), t.join("; ")));
    }
    for m in &p.support_measures {
        line(w, &support_measure_line(m));
    }
    if !p.funding_programmes.is_empty() {
        line(w, canonical(Label::Funding));
        for f in &p.funding_programmes {
            item(w, f.number, f.text.as_str());
        }
    }
    for (label, codes) in
        [(Label::Nace, &p.nace), (Label::Nabs, &p.nabs), (Label::PolicyObjectives, &p.policy_objectives)]
    {
        if !codes.is_empty() {
            let items: Vec<String> = codes
                .iter()
                .map(|c| match &c.label {
                    Some(l) => format!("{} - {l}", c.code),
                    None => c.code.clone(),
                })
                .collect();
            line(w, &format!("{} {}", canonical(label), items.join("; ")));
        }
    }
    if let Some(f) = &p.ris3 {
        line(w, &format!("{} {}", canonical(Label::Ris3), render_yes_no(f.value, f.note.as_ref())));
    }
    if let Some(f) = &p.pm_ris3 {
        line(w, &format!("{} {}", canonical(Label::PmRis3), render_yes_no(f.value, f.note.as_ref())));
    }
    blank(w);

    if !p.initiatives.is_empty() {
        line(w, canonical(Label::Initiatives));
        for i in &p.initiatives {
            item(w, i.number, &i.text());
        }
        blank(w);
    }
    for d in &p.digital_innovation_hubs {
        line(w, &format!("{} {d}", canonical(Label::Dih)));
    }
    if !p.represented_in.is_empty() {
        line(w, canonical(Label::RepresentedIn));
        for r in &p.represented_in {
            item(w, r.number, r.text.as_str());
        }
        blank(w);
    }

    if !p.self_evaluation.is_empty() {
        line(w, canonical(Label::SelfEvaluation));
        for i in SelfEvaluationItem::ALL {
            if let Some(r) = p.self_evaluation.get(i) {
                line(w, &format!("{} - {r}", i.label()));
            }
        }
        blank(w);
    }
    if let Some(a) = &p.image_attribution {
        line(w, &format!("{} - {a}", canonical(Label::ImageAttribution)));
    }
    // Always written: its heading tells the reader the copy is complete, and it carries
    // what the text of a page cannot say (edition, a cut, fields carried forward).
    blank(w);
    line(w, canonical(Label::Provenance));
    let origin = &p.origin;
    if let Some(e) = &origin.edition {
        line(w, &format!("Edition: {}", e.spec()));
    }
    if let Some(c) = &origin.incomplete {
        line(w, &format!("Incomplete copy: ends part-way after '{}' (line {})", c.after, c.line));
        if !c.partial.is_empty() {
            line(w, &format!("Partial fields: {}", c.partial.join("; ")));
        }
    }
    if !origin.carried.is_empty() {
        let items: Vec<String> = origin.carried.iter().map(|c| format!("{} ({})", c.field, c.edition.spec())).collect();
        line(w, &format!("Carried forward: {}", items.join("; ")));
    }
    // One line an item: an item's name may hold any punctuation.
    for i in &origin.items {
        line(w, &format!("Item of {} ({}): {}", i.field, i.edition.spec(), i.item));
    }
    if !p.extras.is_empty() {
        blank(w);
        line(w, canonical(Label::Unrecognised));
        for e in &p.extras {
            line(w, &e.written());
        }
    }
    while o.ends_with("\n\n") {
        o.pop();
    }
    o
}

fn line(w: &mut String, s: &str) {
    w.push_str(s);
    w.push('\n');
}

fn blank(w: &mut String) {
    if !w.ends_with("\n\n") {
        w.push('\n');
    }
}

fn paragraphs(w: &mut String, ps: &[Text]) {
    for p in ps {
        line(w, p.as_str());
        blank(w);
    }
}

/// A list item: numbered as written, or a dash item when it had no number.
fn item(w: &mut String, number: Option<u32>, text: &str) {
    match number {
        Some(n) => line(w, &format!("  {n}. {text}")),
        None => line(w, &format!("  - {text}")),
    }
}

fn year(y: Option<u16>) -> String {
    y.map(|y| format!(" ({y})")).unwrap_or_default()
}

use crate::text::Text;

/// A support measure as a line of the text format (read back by
/// [`super::support_measure`]).
pub fn support_measure_line(m: &SupportMeasure) -> String {
    let mut s = String::new();
    if let Some(l) = m.level {
        let _ = write!(s, "{} ", l.word());
    }
    s.push_str(&m.kind.def().label);
    if let Some(d) = &m.detail {
        let _ = write!(s, " {d}");
    }
    s
}
