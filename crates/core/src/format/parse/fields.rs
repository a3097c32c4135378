//! A field's value from its text: a network's line, a support measure, a policy document,
//! an initiative, the page header's name and code.

use crate::diag::{Diagnostic, ParseError, Severity};
use crate::format::labels::Label;
use crate::format::values::*;
use crate::model::*;
use crate::nuts::NutsCode;
use crate::text::{fold, is_space, starts, Text};
use crate::vocab::{vocab, MeasureKind, NetworkId};

/// The network a line names and nothing more ("European Regions Research and Innovation
/// Network (ERRIN)"; an acronym in brackets may follow the name).
pub(super) fn network_line(body: &str) -> Option<NetworkId> {
    let f = fold(body);
    let f = f.trim();
    let (i, v) = vocab()
        .networks
        .iter()
        .enumerate()
        .flat_map(|(i, d)| d.variants.iter().map(move |v| (i, v)))
        .filter(|(_, v)| f.starts_with(v.as_str()))
        .max_by_key(|(_, v)| v.len())?;
    let rest = f[v.len()..].trim();
    let bracketed = rest.starts_with('(') && rest.ends_with(')') && rest.len() <= 20;
    (rest.is_empty() || bracketed).then(|| NetworkId::all().nth(i)).flatten()
}

/// A few letters left of a line ("2020 r"): no value. Short, and its last word of one or two
/// lower-case letters.
pub(super) fn is_fragment(body: &str) -> bool {
    let t = body.trim_matches(is_space);
    let last = t.rsplit(' ').next().unwrap_or("");
    t.chars().count() < 12 && last.chars().count() <= 2 && last.chars().all(|c| c.is_lowercase())
}

/// The field a section heading opens, for warnings.
pub(super) fn label_field(label: Label) -> &'static str {
    match label {
        Label::PolicyDocuments => "policy_documents",
        Label::Funding => "funding_programmes",
        Label::Ris3Heading => "ris3",
        Label::Initiatives => "initiatives",
        Label::Dih => "digital_innovation_hubs",
        Label::RepresentedIn => "represented_in",
        Label::MembershipHeading => "memberships",
        Label::SelfEvaluation => "self_evaluation",
        _ => "extras",
    }
}

/// A line visibly unfinished: an open parenthesis, or a trailing dash, comma, semicolon,
/// ampersand or slash.
pub(super) fn unfinished(s: &str) -> bool {
    let t = s.trim_end_matches(is_space);
    t.ends_with(|c: char| is_dash(c) || matches!(c, '(' | ',' | ';' | '&' | '/'))
        || t.matches('(').count() > t.matches(')').count()
}

/// The part an initiative item ends with, for [`unfinished`]: an item that ends in its URL
/// is finished, whatever the URL ends with.
pub(super) fn initiative_end(i: &Initiative) -> &str {
    if i.url.is_some() {
        ""
    } else {
        i.description.as_ref().unwrap_or(&i.name).as_str()
    }
}

/// Joins a wrapped line onto the one it continues.
pub(super) fn join_wrapped(first: &str, next: &str) -> String {
    let first = first.trim_end_matches(is_space);
    if first.ends_with(['(', '/']) {
        format!("{first}{next}")
    } else {
        format!("{first} {next}")
    }
}

/// Joins a code item cut at the end of a line ("Q", "Q.86 -") with the line that finishes it.
pub(super) fn join_code(tail: &str, next: &str) -> String {
    let tail = tail.trim_end_matches(is_space);
    if next.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
        format!("{tail}{next}")
    } else if tail.ends_with(is_dash) {
        format!("{tail} {next}")
    } else {
        format!("{tail} - {next}")
    }
}

/// The line starts with a code of the scheme ("C.21 - …", "NABS07").
pub(super) fn starts_with_code(scheme: Scheme, body: &str) -> bool {
    let (raw, _) = split_code_item(body);
    raw.len() <= 6 && canonical_code(scheme, raw).is_ok()
}

/// The network whose question or name is exactly `folded` (trailing spaces ignored).
pub(super) fn network_by_variant(folded: &str) -> Option<NetworkId> {
    vocab().network_by_variant.get(folded.trim()).copied()
}

/// The network whose question ends `folded` ("yes danube macroregion"), with its word count.
pub(super) fn network_at_end(folded: &str) -> Option<(NetworkId, usize)> {
    let f = folded.trim();
    NetworkId::all()
        .flat_map(|n| n.def().variants.iter().map(move |v| (n, v)))
        .filter(|(_, v)| f == v.as_str() || (f.ends_with(v.as_str()) && f[..f.len() - v.len()].ends_with(' ')))
        .max_by_key(|(_, v)| v.len())
        .map(|(n, v)| (n, word_count(v)))
}

/// A support measure as the text format writes it, on a line of its own: its level, its kind
/// and what it names (`Regional Databases and standards, linked to personalised medicine
/// (incl. biobanks) Integrierte Biobank Jena`). `None` when the line names no kind.
pub fn support_measure(body: &str) -> Option<SupportMeasure> {
    let body = body.trim_matches(is_space);
    let (mut rest, mut level) = (body, None);
    let f = fold(body);
    for (k, _, l) in &vocab().policy_levels {
        if starts(&f, k) && f[k.len()..].starts_with(' ') {
            rest = skip_words(body, word_count(k));
            level = Some(*l);
            break;
        }
    }
    let f = fold(rest);
    for kind in MeasureKind::all() {
        for k in &kind.def().keys {
            if starts(&f, k) && !f[k.len()..].starts_with(|c: char| c.is_alphanumeric()) {
                let detail = skip_words(rest, word_count(k));
                let detail = detail.trim_matches(is_space).trim_end_matches(|c: char| c == ':' || is_space(c));
                return Some(SupportMeasure { level, kind, detail: Text::new(detail) });
            }
        }
    }
    None
}

/// A policy-document item: `Regional: RIS3 Thuringia`, `National Basic Law of Health`.
pub fn policy_document(number: Option<u32>, body: &str) -> Option<PolicyDocument> {
    if let Some((p, title)) = body.split_once(':') {
        if let (Some((level, _)), Some(title)) = (PolicyLevel::from_prefix(p), Text::new(title)) {
            return Some(PolicyDocument { number, prefix: Text::new(p), level: Some(level), title });
        }
    }
    let f = fold(body);
    for (k, _, level) in &vocab().policy_levels {
        if f.starts_with(k.as_str()) && f[k.len()..].starts_with(' ') {
            let rest = skip_words(body, word_count(k));
            let prefix_src = &body[..body.len() - rest.len()];
            if let Some(title) = Text::new(rest) {
                return Some(PolicyDocument { number, prefix: Text::new(prefix_src), level: Some(*level), title });
            }
        }
    }
    Some(PolicyDocument { number, prefix: None, level: None, title: Text::new(body)? })
}

/// An initiative item: `name  description  url`, parts separated by two or more spaces.
pub fn initiative(number: Option<u32>, body: &str) -> Option<Initiative> {
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut run = 0;
    let mut run_start = 0;
    for (i, c) in body.char_indices() {
        if is_space(c) {
            if run == 0 {
                run_start = i;
            }
            run += 1;
        } else {
            if run >= 2 {
                parts.push(&body[start..run_start]);
                start = i;
            }
            run = 0;
        }
    }
    parts.push(&body[start..]);
    let mut parts: Vec<Text> = parts.into_iter().filter_map(Text::new).collect();
    let mut url = match parts.last() {
        Some(l) if looks_like_url(l.as_str()) => parts.pop(),
        _ => None,
    };
    // "HELIUM https://…": a URL after a single space is the item's URL all the same.
    if url.is_none() {
        if let Some((head, tail)) = parts.last().and_then(|l| l.as_str().rsplit_once(' ')) {
            if looks_like_url(tail) {
                let (head, tail) = (Text::new(head), Text::new(tail));
                parts.pop();
                parts.extend(head);
                url = tail;
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let name = parts.remove(0);
    let description =
        if parts.is_empty() { None } else { Text::new(&parts.iter().map(Text::as_str).collect::<Vec<_>>().join(" ")) };
    let network = crate::topics::network_named_in(name.as_str());
    Some(Initiative { number, name, description, url, network })
}

pub(super) fn looks_like_url(s: &str) -> bool {
    !s.contains(' ') && (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www."))
}

/// `DEG - Thuringia`, `Fl1C - Etelä-Suomi`, `NO - Norway (National level)`, `Kärnten (AT21)`,
/// `Germany (National level) (DE)`.
pub(super) fn parse_header(
    no: u32,
    raw: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(NutsCode, Text, bool, bool), ParseError> {
    let t = raw.trim_matches(is_space);
    let col_of = |part: &str| raw[..(part.as_ptr() as usize - raw.as_ptr() as usize)].chars().count() as u32 + 1;
    let fail = || {
        let shown: String = t.chars().take(60).collect();
        ParseError {
            line: no,
            column: col_of(t),
            message: format!("expected a header such as 'DEG - Thuringia' or 'Thuringia (DEG)', found '{shown}'"),
        }
    };
    // `CODE - Name` (a space before the dash, always) wins over `Name (CODE)`: NUTS names
    // may end in a code themselves ("BE22 - Prov. Limburg (BE)"), and early names may hold
    // a dash ("Nord-Est (RO21)").
    let dashed = {
        let end = t.find(|c: char| is_space(c) || is_dash(c)).unwrap_or(t.len());
        let (code_src, rest) = t.split_at(end);
        let spaced = rest.starts_with(is_space);
        let rest = rest.trim_start_matches(is_space);
        match (spaced, rest.strip_prefix(is_dash), read_code(code_src)) {
            (true, Some(name), Some(code)) => Some((code, code_src, name.trim_matches(is_space), false)),
            _ => None,
        }
    };
    let early = || {
        let x = t.strip_suffix(')')?;
        let open = x.rfind('(')?;
        let code = read_code(&x[open + 1..])?;
        Some((code, &x[open + 1..], x[..open].trim_matches(is_space), true))
    };
    let (code, code_src, name, early) = dashed.or_else(early).ok_or_else(fail)?;
    let code_src = code_src.trim_matches(is_space);
    let w = |message: String| Diagnostic {
        line: no,
        column: col_of(code_src),
        severity: Severity::Warning,
        field: Some("code"),
        message,
    };
    if code.as_str() != code_src {
        warnings.push(w(format!("misprinted NUTS code '{code_src}' read as {code}")));
    }
    if !vocab().nuts.contains_key(&code) {
        warnings.push(w(format!("{code} is not in the NUTS 2021 list (an older NUTS version?)")));
    }
    let (name, national) = match strip_national(name) {
        Some(n) => (n, true),
        None => (name, false),
    };
    if national && code.level() != 0 {
        warnings.push(w(format!("a national-level profile with the regional code {code}")));
    }
    let name = Text::new(name).ok_or_else(|| ParseError {
        line: no,
        column: col_of(t),
        message: "the header has no region name".into(),
    })?;
    Ok((code, name, national, early))
}

pub(super) fn strip_national(name: &str) -> Option<&str> {
    let f = fold(name);
    f.ends_with("(national level)").then(|| {
        let open = name.rfind('(').unwrap_or(name.len());
        name[..open].trim_matches(is_space)
    })
}

/// Reads a NUTS code as headers write it, correcting the misprints seen in real documents:
/// lower case, and a lower-case L for I (`Fl1C` is FI1C, `Sl` is SI).
pub(super) fn read_code(s: &str) -> Option<NutsCode> {
    let s = s.trim_matches(is_space);
    if !(2..=5).contains(&s.chars().count()) || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let upper = s.to_ascii_uppercase();
    let code = NutsCode::parse(&upper).ok()?;
    if vocab().is_country(code.country()) {
        return Some(code);
    }
    let fixed: String =
        s.chars().enumerate().map(|(i, c)| if i < 2 && c == 'l' { 'I' } else { c.to_ascii_uppercase() }).collect();
    NutsCode::parse(&fixed).ok().filter(|c| vocab().is_country(c.country()))
}

/// Skips `k` whitespace-separated words of `s` and returns the rest.
pub(super) fn skip_words(s: &str, k: usize) -> &str {
    let mut rest = s.trim_start_matches(is_space);
    for _ in 0..k {
        let end = rest.find(is_space).unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches(is_space);
    }
    rest
}

pub(super) fn word_count(folded: &str) -> usize {
    folded.split(' ').filter(|w| !w.is_empty()).count()
}
