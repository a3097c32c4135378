//! Parsers for the values that follow labels: numbers in their local formats, years,
//! innovation groups, classification codes, yes/no answers.

use crate::model::{AreaGroup, Group, MembershipAnswer, Modifier, Tier};
use crate::text::{collapse, fold, is_space, Text};
use crate::vocab::vocab;

/// Dashes and minus signs as they occur in documents.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// Strips a leading `(YYYY)`; returns the year and the rest.
pub fn take_year(s: &str) -> (Option<u16>, &str) {
    let t = s.trim_start_matches(is_space);
    if let Some(inner) = t.strip_prefix('(') {
        if let Some(end) = inner.find(')') {
            let y = inner[..end].trim();
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                let year: u16 = y.parse().unwrap_or(0);
                if (1900..=2100).contains(&year) {
                    return (Some(year), &inner[end + 1..]);
                }
            }
        }
    }
    (None, t)
}

/// Strips spaces and one separator (`:` or a dash) before a value.
pub fn strip_separator(s: &str) -> &str {
    let t = s.trim_start_matches(is_space);
    let t = t.strip_prefix(':').or_else(|| t.strip_prefix(is_dash)).unwrap_or(t);
    t.trim_matches(is_space)
}

/// An integer with optional thousands separators: `2,143,145`, `1875957`, `6 596 233`.
pub fn parse_integer(s: &str) -> Option<u64> {
    let s = s.trim_matches(is_space);
    let groups: Vec<&str> = s.split(|c: char| c == ',' || c == '.' || c == '\'' || is_space(c)).collect();
    if groups.iter().any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    groups.concat().parse().ok()
}

/// A decimal with a dot or a comma as decimal mark (`221.6`, `11,5`, `25,72`). With
/// `thousands`, a lone comma before exactly three digits is a thousands separator (`1,234`).
pub fn parse_decimal(s: &str, thousands: bool) -> Option<f64> {
    let s: String = s.chars().filter(|c| !is_space(*c)).collect();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return None;
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let normal = match (commas, dots) {
        (0, 0) => s,
        (0, 1) => s,
        (1, 0) => {
            let after = s.len() - s.find(',')? - 1;
            if thousands && after == 3 {
                s.replace(',', "")
            } else {
                s.replace(',', ".")
            }
        }
        (_, 0) | (0, _) => parse_integer(&s)?.to_string(),
        _ => {
            // Both marks: the later one is the decimal mark.
            let (last, other) = if s.rfind(',')? > s.rfind('.')? { (',', '.') } else { ('.', ',') };
            s.replace(other, "").replace(last, ".")
        }
    };
    let v: f64 = normal.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Renders a decimal in canonical form: dot decimal mark, shortest exact digits.
pub fn render_decimal(v: f64) -> String {
    format!("{v}")
}

/// Renders an integer with comma thousands separators, as most documents do.
pub fn render_integer(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Innovation groups as written: `Strong +`, `Modest –`, `Dresden “Leader -”, Chemnitz
/// “Strong –” & Leipzig “Strong +”`, `Dresden Strong Innovator +; Chemnitz …`.
pub fn parse_innovation_groups(s: &str) -> Vec<AreaGroup> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut area_start = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !c.is_alphabetic() || (i > 0 && chars[i - 1].1.is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].1.is_alphabetic() {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |x| x.0);
        let Some(tier) = Tier::from_word(&s[start..end]) else {
            i = j;
            continue;
        };
        // After the tier: optional "Innovator(s)", quotes and spaces, then the modifier.
        let mut k = j;
        let skip = |k: &mut usize| {
            while *k < chars.len() && (is_space(chars[*k].1) || matches!(chars[*k].1, '"' | '“' | '”')) {
                *k += 1;
            }
        };
        skip(&mut k);
        let rest: String = chars[k..].iter().take(10).map(|x| x.1).collect();
        if fold(&rest).starts_with("innovator") {
            k += if fold(&rest).starts_with("innovators") { 10 } else { 9 };
            skip(&mut k);
        }
        let modifier = match chars.get(k).map(|x| x.1) {
            Some('+') => Some(Modifier::Plus),
            Some(c) if is_dash(c) => Some(Modifier::Minus),
            _ => None,
        };
        if modifier.is_some() {
            k += 1;
        }
        let area = area_text(&s[area_start..start]);
        out.push(AreaGroup { area, group: Group { tier, modifier } });
        i = k.max(j);
        area_start = chars.get(i).map_or(s.len(), |x| x.0);
    }
    out
}

fn area_text(s: &str) -> Option<Text> {
    // Normalise first (dropping control characters), then trim separators.
    let c = collapse(s);
    let t = c.trim_matches(|c: char| is_space(c) || is_dash(c) || matches!(c, ',' | ';' | '&' | '"' | '“' | '”' | ':'));
    let t = t.strip_suffix(" and").unwrap_or(t);
    let words: Vec<&str> = t
        .split(is_space)
        .filter(|w| {
            !w.is_empty() && !matches!(fold(w).as_str(), "innovation" | "innovator" | "innovators" | "and" | "&")
        })
        .collect();
    Text::new(&words.join(" "))
}

/// Renders groups so that [`parse_innovation_groups`] reads them back.
pub fn render_innovation_groups(groups: &[AreaGroup]) -> String {
    let parts: Vec<String> = groups
        .iter()
        .map(|g| match &g.area {
            Some(a) => format!("{a} {}", g.group),
            None => g.group.to_string(),
        })
        .collect();
    parts.join("; ")
}

/// Answers to a membership question: `yes`, `no`, `country level member`, free text.
/// The note keeps the text whenever it says more than the answer.
pub fn classify_membership_answer(s: &str) -> (MembershipAnswer, Option<Text>) {
    let f = fold(s);
    let f = f.trim_end_matches('.');
    if f.is_empty() {
        return (MembershipAnswer::Unanswered, None);
    }
    let known = vocab().membership_answers.get(f);
    if let Some((answer, false)) = known {
        return (*answer, None);
    }
    let Some(t) = Text::new(s) else {
        return (MembershipAnswer::Unanswered, None);
    };
    if let Some((answer, true)) = known {
        return (*answer, Some(t));
    }
    let first = f.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let last = f.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let answer = match (first, last) {
        ("yes", _) | (_, "yes") => MembershipAnswer::Yes,
        ("no" | "not", _) | (_, "no") => MembershipAnswer::No,
        _ => MembershipAnswer::Other,
    };
    (answer, Some(t))
}

/// A yes/no answer with optional text: `Yes`, `No`, `Yes - Slovenia's S3`, `Yes, we …`.
/// Returns `None` when the text does not start with yes or no.
pub fn parse_yes_no(s: &str) -> Option<(bool, Option<Text>)> {
    let t = s.trim_matches(is_space);
    let head: String = t.chars().take(3).collect::<String>().to_ascii_lowercase();
    let (value, n) = if head == "yes" {
        (true, 3)
    } else if head.starts_with("no") {
        (false, 2)
    } else {
        return None;
    };
    let rest = &t[n..];
    if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None; // "Not yet", "Norway", "yesterday"
    }
    let rest = rest.trim_start_matches(|c: char| is_space(c) || is_dash(c) || matches!(c, ',' | ':' | '.' | ';'));
    Some((value, Text::new(rest)))
}

/// Renders a yes/no answer as `Yes` or `Yes - note`.
pub fn render_yes_no(value: bool, note: Option<&Text>) -> String {
    let w = if value { "Yes" } else { "No" };
    match note {
        Some(n) => format!("{w} - {n}"),
        None => w.to_string(),
    }
}

/// Which classification a code list belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Nace,
    Nabs,
    PolicyObjective,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Nace => "NACE Rev. 2",
            Scheme::Nabs => "NABS 2007",
            Scheme::PolicyObjective => "Eye@RIS3 policy objective",
        }
    }
}

/// Canonical form of a code as written (`c.21` → `C.21`, `C21` → `C.21`, `NABS 7` → `NABS07`);
/// `Err` with the text when it does not have the scheme's shape.
pub fn canonical_code(scheme: Scheme, raw: &str) -> Result<String, String> {
    let c: String = raw.chars().filter(|c| !is_space(*c)).collect::<String>().to_ascii_uppercase();
    let ok = match scheme {
        Scheme::Nace | Scheme::PolicyObjective => {
            let letters = if scheme == Scheme::Nace { 'A'..='U' } else { 'A'..='H' };
            let mut it = c.chars();
            let first = it.next();
            let rest: String = it.collect();
            let digits = rest.strip_prefix('.').unwrap_or(&rest);
            match first {
                Some(l) if letters.contains(&l) => {
                    if digits.is_empty() && scheme == Scheme::Nace {
                        return Ok(l.to_string());
                    }
                    if !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()) {
                        let n: u32 = digits.parse().unwrap_or(0);
                        return Ok(if scheme == Scheme::Nace { format!("{l}.{n:02}") } else { format!("{l}.{n}") });
                    }
                    false
                }
                _ => false,
            }
        }
        Scheme::Nabs => {
            if let Some(d) = c.strip_prefix("NABS") {
                if !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) {
                    let n: u32 = d.parse().unwrap_or(0);
                    return Ok(format!("NABS{n:02}"));
                }
            }
            false
        }
    };
    debug_assert!(!ok);
    Err(collapse(raw).into_owned())
}

/// Splits a code item `C.26 - Computer, electronic and optical products` into code and label.
pub fn split_code_item(item: &str) -> (&str, Option<Text>) {
    let t = item.trim_matches(is_space);
    // The code is the first word; a dash (or a colon) separates it from the label.
    let code_end = t.find(|c: char| is_space(c) || is_dash(c) || c == ':').unwrap_or(t.len());
    let (code, rest) = t.split_at(code_end);
    let rest = rest.trim_start_matches(|c: char| is_space(c) || is_dash(c) || c == ':');
    (code, Text::new(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(take_year(" (2019): x"), (Some(2019), ": x"));
        assert_eq!(take_year("(0053) x"), (None, "(0053) x"));
        assert_eq!(take_year("(19) x"), (None, "(19) x"));
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer("2,143,145"), Some(2143145));
        assert_eq!(parse_integer("1875957"), Some(1875957));
        assert_eq!(parse_integer("6\u{a0}596\u{a0}233"), Some(6596233));
        assert_eq!(parse_integer("2,14,3"), None);
        assert_eq!(parse_integer("12a"), None);
        assert_eq!(render_integer(2143145), "2,143,145");
        assert_eq!(render_integer(134), "134");
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("25,72", false), Some(25.72));
        assert_eq!(parse_decimal("221.6", true), Some(221.6));
        assert_eq!(parse_decimal("11,5", true), Some(11.5));
        assert_eq!(parse_decimal("1,234", true), Some(1234.0));
        assert_eq!(parse_decimal("1.234,5", true), Some(1234.5));
        assert_eq!(parse_decimal("17,33 ", false), Some(17.33));
        assert_eq!(parse_decimal("abc", false), None);
        assert_eq!(render_decimal(134.0), "134");
    }

    #[test]
    fn innovation_groups() {
        let g = |s| render_innovation_groups(&parse_innovation_groups(s));
        assert_eq!(g("Strong"), "Strong");
        assert_eq!(g("Strong +"), "Strong +");
        assert_eq!(g("Modest \u{2013}"), "Modest -");
        assert_eq!(g("Dresden \u{201c}Leader -\u{201d}, Chemnitz \u{201c}Strong \u{2013}\u{201d} & Leipzig \u{201c}Strong +\u{201d}"), "Dresden Leader -; Chemnitz Strong -; Leipzig Strong +");
        assert_eq!(
            g("Dresden Strong Innovator +; Chemnitz Strong Innovator \u{2013} ; Leipzig Strong Innovator +"),
            "Dresden Strong +; Chemnitz Strong -; Leipzig Strong +"
        );
        assert_eq!(g("Innovation Leader +"), "Leader +");
        assert!(parse_innovation_groups("Excellent").is_empty());
    }

    #[test]
    fn membership_answers() {
        use MembershipAnswer::*;
        let c = |s| {
            let (a, n) = classify_membership_answer(s);
            (a, n.map(|t| t.to_string()))
        };
        assert_eq!(c("yes"), (Yes, None));
        assert_eq!(c(" no "), (No, None));
        assert_eq!(c("countrylevel member"), (CountryLevelMember, None));
        assert_eq!(c("country level observer"), (CountryLevelObserver, None));
        assert_eq!(c("mix of moutnain and non-mountain regions"), (Mixed, None));
        assert_eq!(c("Non-mountain"), (No, None));
        assert_eq!(c("Not yet"), (No, Some("Not yet".into())));
        assert_eq!(c("Skåne län"), (Other, Some("Skåne län".into())));
        assert_eq!(c("FI1D Pohjois- ja Itä-Suomi / North & East Finland yes").0, Yes);
        assert_eq!(c(""), (Unanswered, None));
    }

    #[test]
    fn yes_no() {
        assert_eq!(parse_yes_no("Yes"), Some((true, None)));
        assert_eq!(parse_yes_no("Yes - S3 partnerships").unwrap().1.unwrap().as_str(), "S3 partnerships");
        assert_eq!(parse_yes_no("Yes, We are").unwrap().1.unwrap().as_str(), "We are");
        assert_eq!(parse_yes_no("No"), Some((false, None)));
        assert_eq!(parse_yes_no("Not yet"), None);
        assert_eq!(parse_yes_no("Norway"), None);
    }

    #[test]
    fn codes() {
        assert_eq!(canonical_code(Scheme::Nace, "C.21"), Ok("C.21".into()));
        assert_eq!(canonical_code(Scheme::Nace, "c21"), Ok("C.21".into()));
        assert_eq!(canonical_code(Scheme::Nace, "C"), Ok("C".into()));
        assert_eq!(canonical_code(Scheme::Nabs, "NABS 7"), Ok("NABS07".into()));
        assert_eq!(canonical_code(Scheme::PolicyObjective, "E.42"), Ok("E.42".into()));
        assert!(canonical_code(Scheme::PolicyObjective, "Z.1").is_err());
        assert_eq!(split_code_item(" C.26 -   Computer, electronic"), ("C.26", Text::new("Computer, electronic")));
        assert_eq!(split_code_item("NABS07 - Health"), ("NABS07", Text::new("Health")));
    }
}
