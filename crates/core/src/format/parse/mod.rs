//! The reader for observatory text documents: tolerant of the three page layouts and every
//! irregularity in `FIELDS.md`. It parses by label, never by position; what it does not
//! understand it keeps as an extra field with its line number and a warning.

mod fields;
mod labelled;
mod lists;
mod members;
mod reader;

use fields::*;
pub use fields::{initiative, policy_document, support_measure};

use super::labels::{self, Label, CHROME, SOCIAL};
use super::values::*;
use crate::diag::{Diagnostic, ParseError, Severity};
use crate::model::*;
use crate::origin::{Carried, Cut, Edition, Layout};
use crate::text::{contains_ascii, fold, fold_char, is_bidi_control, is_space, starts, Text};
use crate::vocab::{vocab, MeasureKind, NetworkId, PolicyTopicId};

/// A profile read from a document, with what the reader had to say about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub profile: Profile,
    pub layout: Layout,
    pub warnings: Vec<Diagnostic>,
}

/// Lines longer than this get a warning (they are still read).
const LONG_LINE: usize = 100_000;
/// Labels are matched on the first bytes of a line only: the longest label prefix the
/// reader needs (a support-measure kind after its level) is about 100 bytes.
const LABEL_WINDOW: usize = 160;

/// Reads a document given as bytes: checks it is UTF-8 text first.
pub fn parse_bytes(input: &[u8]) -> Result<Parsed, ParseError> {
    match std::str::from_utf8(input) {
        Ok(s) => parse(s),
        Err(e) => {
            let good = &input[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
            Err(ParseError { line, column, message: "not UTF-8 text (a binary file, or another encoding)".into() })
        }
    }
}

/// Reads one observatory document.
pub fn parse(input: &str) -> Result<Parsed, ParseError> {
    let (controls, has_bidi) = check_text(input)?;
    let bidi = if has_bidi { bidi_lines(input) } else { Vec::new() };
    if controls || !bidi.is_empty() {
        // Control characters are junk in a document, and bidirectional controls could make
        // a page show text reversed: drop them once, here, so that no value parser has to
        // step around them. (Columns on such lines count without them.)
        let clean: String = input
            .chars()
            .filter(|&c| (!c.is_control() || matches!(c, '\n' | '\r' | '\t')) && !is_bidi_control(c))
            .collect();
        let mut parsed = read(&clean)?;
        for line in bidi {
            parsed.warnings.push(Diagnostic {
                line,
                column: 1,
                severity: Severity::Warning,
                field: None,
                message: "invisible bidirectional control characters removed (they could show text reversed)".into(),
            });
        }
        parsed.warnings.sort_by_key(|w| w.line);
        spoof_warnings(input, &mut parsed);
        return Ok(parsed);
    }
    let mut parsed = read(input)?;
    spoof_warnings(input, &mut parsed);
    Ok(parsed)
}

/// Warnings for text that could pass for other text: invisible format characters (removed
/// from every value) and a name mixing scripts within a word ("Тhuringia").
fn spoof_warnings(input: &str, parsed: &mut Parsed) {
    use crate::text::{is_invisible_format, mixed_script_word};
    if input.contains(is_invisible_format) {
        let lines = input.split('\n').enumerate().filter(|(_, l)| l.contains(is_invisible_format)).take(20);
        for (i, _) in lines {
            parsed.warnings.push(Diagnostic {
                line: i as u32 + 1,
                column: 1,
                severity: Severity::Warning,
                field: None,
                message: "invisible characters removed (soft hyphens, joiners or tags that could disguise text)".into(),
            });
        }
        parsed.warnings.sort_by_key(|w| w.line);
    }
    if let Some(word) = mixed_script_word(parsed.profile.name.as_str()) {
        let line = input.lines().position(|l| l.contains(word)).map_or(1, |i| i as u32 + 1);
        parsed.warnings.push(Diagnostic {
            line,
            column: 1,
            severity: Severity::Warning,
            field: Some("name"),
            message: format!("the name's word '{word}' mixes letters of different scripts (a look-alike?)"),
        });
        parsed.warnings.sort_by_key(|w| w.line);
    }
}

/// The lines holding bidirectional controls.
fn bidi_lines(input: &str) -> Vec<u32> {
    input
        .split('\n')
        .enumerate()
        .filter(|(_, l)| l.chars().any(is_bidi_control))
        .map(|(i, _)| i as u32 + 1)
        .take(20)
        .collect()
}

fn read(input: &str) -> Result<Parsed, ParseError> {
    let (mut parsed, stated) = read_once(input)?;
    let cut = if stated { None } else { parsed.profile.origin.incomplete.take() };
    if let Some(mut cut) = cut {
        // The fields the last line adds to are where the copy stops, with the section the
        // cut falls in: read the copy without that line and compare.
        let start: usize = input.split('\n').take(cut.line.saturating_sub(1) as usize).map(|l| l.len() + 1).sum();
        if let Ok((shorter, _)) = read_once(&input[..start.min(input.len())]) {
            for f in crate::publish::FIELDS {
                let touched = f.states(&parsed.profile) && !f.same(&shorter.profile, &parsed.profile);
                if touched && !cut.partial.iter().any(|p| p == f.id) {
                    cut.partial.push(f.id.to_string());
                }
            }
        }
        let order = |id: &String| crate::publish::FIELDS.iter().position(|f| f.id == id);
        cut.partial.sort_by_key(order);
        parsed.profile.origin.incomplete = Some(cut);
    }
    Ok(parsed)
}

/// Reads a document once; whether it stated its own provenance (the canonical form).
fn read_once(input: &str) -> Result<(Parsed, bool), ParseError> {
    let mut lines = input.split('\n').enumerate().map(|(i, l)| ((i + 1) as u32, l.strip_suffix('\r').unwrap_or(l)));
    // The header is the first line that is neither blank nor page chrome.
    let (header_no, header) = loop {
        match lines.next() {
            None => {
                return Err(ParseError {
                    line: 1,
                    column: 1,
                    message: "empty document: no header line such as 'DEG - Thuringia'".into(),
                })
            }
            Some((no, l)) => {
                let t = l.trim_matches(is_space);
                if !t.is_empty() && !is_chrome(&fold(t), false) {
                    break (no, l);
                }
            }
        }
    };
    let mut r = Reader::new(header_no, header)?;
    r.last_line = last_content_line(input);
    for (no, l) in lines {
        r.line(no, l);
    }
    let stated = r.stated_origin.is_some();
    Ok((r.finish(), stated))
}

/// The number of the last line with any text on it.
fn last_content_line(input: &str) -> u32 {
    let trimmed = input.trim_end_matches(|c: char| is_space(c) || c.is_control());
    trimmed.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}

/// Refuses binary data: a NUL byte, or a document that is mostly control characters.
/// Works on bytes (C0 controls and DEL, and C1 controls as UTF-8 `C2 80`–`C2 9F`); the
/// position is only worked out for the error. Returns whether the text has any controls, and
/// whether it may hold bidirectional controls (their UTF-8 forms: `E2 80 8E`/`8F`/`AA`–`AE`,
/// `E2 81 A6`–`A9`, `D8 9C`), in the same pass.
fn check_text(input: &str) -> Result<(bool, bool), ParseError> {
    let b = input.as_bytes();
    if let Some(at) = b.iter().position(|&x| x == 0) {
        let (line, column) = position(input, at);
        return Err(ParseError { line, column, message: "binary data (a NUL byte): not a text document".into() });
    }
    let mut controls = 0usize;
    let mut bidi = false;
    for (i, &x) in b.iter().enumerate() {
        let c0 = (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t')) || x == 0x7f;
        let c1 = x == 0xc2 && b.get(i + 1).is_some_and(|&y| (0x80..0xa0).contains(&y));
        controls += usize::from(c0 || c1);
        bidi |= match x {
            0xe2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0x8e | 0x8f | 0xaa..=0xae] | [0x81, 0xa6..=0xa9])),
            0xd8 => b.get(i + 1) == Some(&0x9c),
            _ => false,
        };
    }
    if controls > 16 && controls * 20 > input.chars().count() {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: format!("binary data ({controls} control characters): not a text document"),
        });
    }
    Ok((controls > 0, bidi))
}

/// Line and column (1-based, in characters) of byte offset `at`.
fn position(input: &str, at: usize) -> (u32, u32) {
    let before = &input[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, input[line_start..at].chars().count() as u32 + 1)
}

fn is_chrome(folded: &str, bullet: bool) -> bool {
    if bullet && SOCIAL.contains(&folded) {
        return true;
    }
    let first = folded.as_bytes().first();
    CHROME
        .iter()
        .filter(|c| c.as_bytes().first() == first)
        .any(|c| folded.starts_with(c) || (folded.len() >= 12 && c.starts_with(folded)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    None,
    Number(u32),
    Bullet,
}

/// Splits a list marker (`  2. `, `• `, `- `) off a trimmed line.
fn strip_marker(t: &str) -> (Marker, &str) {
    for b in ['•', '·', '▪', '◦', '*'] {
        if let Some(r) = t.strip_prefix(b) {
            return (Marker::Bullet, r.trim_start_matches(is_space));
        }
    }
    let mut cs = t.chars();
    if let Some(c) = cs.next() {
        if is_dash(c) && cs.next().is_some_and(is_space) {
            return (Marker::Bullet, t[c.len_utf8()..].trim_start_matches(is_space));
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = &t[digits..];
        if let Some(r) = after.strip_prefix('.').or_else(|| after.strip_prefix(')')) {
            if r.is_empty() || r.starts_with(is_space) {
                let n = t[..digits].parse().unwrap_or(0);
                return (Marker::Number(n), r.trim_start_matches(is_space));
            }
        }
    }
    (Marker::None, t)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Preamble,
    Website,
    HealthProfile,
    Collaboration,
    Membership,
    PolicyDocuments,
    Values,
    Codes(Scheme),
    Funding,
    Ris3,
    Initiatives,
    Dih,
    RepresentedIn,
    SelfEvaluation,
    ImageAttribution,
    Footer,
    Provenance,
    Unrecognised,
}

impl Section {
    fn id(self) -> &'static str {
        match self {
            Section::Preamble => "description",
            Section::Website => "websites",
            Section::HealthProfile => "health_profile",
            Section::Collaboration => "collaboration",
            Section::Membership => "memberships",
            Section::PolicyDocuments => "policy_documents",
            Section::Values => "policy_topics",
            Section::Codes(Scheme::Nace) => "nace",
            Section::Codes(Scheme::Nabs) => "nabs",
            Section::Codes(Scheme::PolicyObjective) => "policy_objectives",
            Section::Funding => "funding_programmes",
            Section::Ris3 => "ris3",
            Section::Initiatives => "initiatives",
            Section::Dih => "digital_innovation_hubs",
            Section::RepresentedIn => "represented_in",
            Section::SelfEvaluation => "self_evaluation",
            Section::ImageAttribution => "image_attribution",
            Section::Footer => "footer",
            Section::Provenance => "origin",
            Section::Unrecognised => "extras",
        }
    }

    fn is_list(self) -> bool {
        matches!(
            self,
            Section::PolicyDocuments | Section::Initiatives | Section::RepresentedIn | Section::Funding | Section::Dih
        )
    }
}

#[derive(Default)]
struct CollabState {
    seen: bool,
    answered: bool,
    seeking: Option<bool>,
    interests: Option<Text>,
    details: Vec<Text>,
    partners: Vec<Text>,
}

struct Reader<'a> {
    /// The topics label had no value: the values are on the next line.
    topics_next: bool,
    p: Profile,
    warnings: Vec<Diagnostic>,
    section: Section,
    early: bool,
    saw_2021: bool,
    website_lines: u8,
    collab: CollabState,
    /// Membership answers with the line that gave them, applied at the end.
    memberships: Vec<(Membership, u32)>,
    /// The last line with text: where a copy cut part-way stops.
    last_line: u32,
    /// The copy reached the matter that closes a page (image credit, survey invitation,
    /// footer, `bottom of page`, the canonical form's provenance): it is complete.
    end_matter: bool,
    /// The current line is the last line of a copy that never reached its end matter.
    at_cut: bool,
    /// The last line with text, as written, for the incomplete-copy warning.
    last_text: String,
    /// A code item that ended its line without a label ("…; Q"): the next line may finish it.
    code_tail: Option<(Scheme, String)>,
    /// Provenance stated by the canonical form (overrides what the reader infers).
    stated_origin: Option<crate::origin::Origin>,
    /// The current line, for columns.
    raw: &'a str,
    no: u32,
    /// Folded window of the current line and, for each of its bytes, the source offset.
    buf: String,
    map: Vec<u32>,
    /// `buf` maps to the source byte for byte (`map` is not built).
    identity: bool,
}

#[cfg(test)]
mod tests;
