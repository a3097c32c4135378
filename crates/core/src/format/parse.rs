//! The reader for observatory text documents: tolerant of the three page layouts and every
//! irregularity in `FIELDS.md`. It parses by label, never by position; what it does not
//! understand it keeps as an extra field with its line number and a warning.

use super::labels::{self, Label, CHROME, SOCIAL};
use super::values::*;
use crate::diag::{Diagnostic, ParseError, Severity};
use crate::model::*;
use crate::nuts::NutsCode;
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

/// Skips `k` whitespace-separated words of `s` and returns the rest.
fn skip_words(s: &str, k: usize) -> &str {
    let mut rest = s.trim_start_matches(is_space);
    for _ in 0..k {
        let end = rest.find(is_space).unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches(is_space);
    }
    rest
}

fn word_count(folded: &str) -> usize {
    folded.split(' ').filter(|w| !w.is_empty()).count()
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

impl<'a> Reader<'a> {
    fn new(no: u32, raw: &'a str) -> Result<Reader<'a>, ParseError> {
        let mut warnings = Vec::new();
        let (code, name, national, early) = parse_header(no, raw, &mut warnings)?;
        // A bare country code is a national profile in every layout ("Norway (NO)").
        let national = national || code.level() == 0;
        let mut p = Profile::new(code, name);
        p.national_level = national;
        Ok(Reader {
            p,
            warnings,
            section: Section::Preamble,
            early,
            saw_2021: false,
            website_lines: 0,
            collab: CollabState::default(),
            memberships: Vec::new(),
            topics_next: false,
            last_line: u32::MAX,
            end_matter: false,
            at_cut: false,
            last_text: String::new(),
            code_tail: None,
            stated_origin: None,
            raw,
            no,
            buf: String::new(),
            map: Vec::new(),
            identity: true,
        })
    }

    fn col(&self, part: &str) -> u32 {
        let base = self.raw.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        if at >= base && at <= base + self.raw.len() {
            self.raw[..at - base].chars().count() as u32 + 1
        } else {
            1
        }
    }

    fn warn(&mut self, part: &str, field: &'static str, message: String) {
        let column = self.col(part);
        self.warnings.push(Diagnostic {
            line: self.no,
            column,
            severity: Severity::Warning,
            field: Some(field),
            message,
        });
    }

    /// Keeps a line that was not understood, with a warning that says so.
    fn keep(&mut self, t: &str, why: &str) {
        let section = self.section;
        if let Some(text) = Text::new(t) {
            let shown: String = text.as_str().chars().take(60).collect();
            let more = if text.as_str().chars().count() > 60 { "…" } else { "" };
            self.warn(t, "extras", format!("{why}: '{shown}{more}' (kept as an extra field)"));
            self.p.extras.push(Extra { line: self.no, section: Some(section.id().to_string()), text });
        }
    }

    /// Folds the start of `body` into `buf`, recording source offsets in `map`.
    fn fold_window(&mut self, body: &str) {
        self.buf.clear();
        self.map.clear();
        let mut cut = body.len().min(LABEL_WINDOW);
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &body[..cut];
        // Fast path, most lines: plain ASCII with single spaces folds byte for byte, so
        // folded offsets are source offsets and no map is needed.
        let b = window.as_bytes();
        if window.is_ascii() && b.iter().all(|&x| x >= 0x20 && x != 0x7f) && !b.windows(2).any(|w| w == b"  ") {
            self.buf.push_str(window);
            self.buf.make_ascii_lowercase();
            self.identity = true;
            return;
        }
        self.identity = false;
        let mut prev_space = true;
        // The window is measured in folded bytes, so that a line reads the same before and
        // after its whitespace is collapsed (the canonical form).
        for (i, c) in body.char_indices() {
            if self.buf.len() >= LABEL_WINDOW {
                break;
            }
            let before = self.buf.len();
            if c.is_control() && !is_space(c) {
                continue; // dropped, as Text drops them
            }
            if is_space(c) {
                if prev_space {
                    continue;
                }
                self.buf.push(' ');
                prev_space = true;
            } else {
                fold_char(c, &mut self.buf);
                prev_space = false;
            }
            for _ in before..self.buf.len() {
                self.map.push(i as u32);
            }
        }
        let end = self.map.last().map_or(0, |&last| {
            let last = last as usize;
            last + body[last..].chars().next().map_or(0, char::len_utf8)
        });
        self.map.push(end as u32);
    }

    /// The source text of `body` from folded offset `off`.
    fn source_from<'b>(&self, body: &'b str, off: usize) -> &'b str {
        let at = if self.identity {
            off.min(body.len())
        } else {
            self.map.get(off).copied().unwrap_or(body.len() as u32) as usize
        };
        body.get(at..).unwrap_or("")
    }

    fn line(&mut self, no: u32, raw: &'a str) {
        self.raw = raw;
        self.no = no;
        let t = raw.trim_matches(|c: char| is_space(c) || c.is_control());
        if t.is_empty() {
            return;
        }
        if t.len() > LONG_LINE {
            self.warn(t, "extras", format!("line is {} characters long", t.chars().count()));
        }
        if no == self.last_line {
            self.last_text = t.to_string();
            self.at_cut = !self.end_matter;
        }
        let (marker, body) = strip_marker(t);
        self.fold_window(body);
        // The last line of a copy cut part-way: a lone number or the start of a label is
        // what the cut left, not content.
        if self.at_cut && self.is_cut_fragment(body) {
            return;
        }
        if let Some((scheme, tail)) = self.code_tail.take() {
            let continues = self.section == Section::Codes(scheme)
                && labels::match_label(&self.buf).is_none()
                && !starts_with_code(scheme, body);
            if continues {
                return self.codes(scheme, &join_code(&tail, body));
            }
            self.code_item(scheme, &tail);
        }
        if self.section.is_list() && marker != Marker::None {
            // A section label written as a list item ("4. Digital Innovation Hub :") opens
            // its section; any other marked line is an item whatever it says ("- top of page").
            if let Some((label, off)) = labels::match_label(&self.buf).filter(|(l, _)| labels::is_heading(*l)) {
                let rest = self.source_from(body, off);
                // Heard as an item, the label says nothing of the page's layout (the 2019
                // seed lists "7. Digital Innovation Hubs:" among its initiatives).
                let saw_2021 = self.saw_2021;
                self.label(label, rest, t);
                self.saw_2021 = saw_2021;
                return;
            }
            return self.list_item(marker, body, t);
        }
        // The canonical form's provenance lines hold quoted text of any kind ("CC BY").
        if self.section == Section::Provenance
            && labels::match_label(&self.buf).is_none_or(|(l, _)| l != Label::Unrecognised)
        {
            return self.provenance_line(t);
        }
        if is_chrome(&self.buf, marker == Marker::Bullet) {
            if self.buf.starts_with("top of page") {
                self.saw_2021 = true;
                return;
            }
            self.end_matter = true;
            if self.buf.starts_with("bottom of page") {
                self.saw_2021 = true;
            } else if !self.buf.starts_with("if you would like") {
                self.section = Section::Footer;
            }
            return;
        }
        if self.section == Section::Unrecognised {
            return self.unrecognised_line(t);
        }
        if let Some((label, off)) = labels::match_label(&self.buf) {
            let rest = self.source_from(body, off);
            return self.label(label, rest, t);
        }
        if let Some(label) = labels::near_heading(&self.buf) {
            self.warn(
                body,
                label_field(label),
                format!("'{}' read as the heading '{}'", body.trim_end(), labels::canonical(label)),
            );
            return self.label(label, "", t);
        }
        if self.membership_questions(body) || self.self_evaluation(body) || self.support_measure(body) {
            return;
        }
        if contains_ascii(&self.buf, "cc by") || contains_ascii(&self.buf, "wikimedia commons") {
            return self.attribution(t);
        }
        self.unlabelled(marker, body, t);
    }

    /// The start of a label, a question or a vocabulary line, or a number with no text.
    fn is_cut_fragment(&self, body: &str) -> bool {
        if !body.chars().any(char::is_alphabetic) {
            return true;
        }
        let f = self.buf.trim_end();
        f.len() >= 3 && self.buf.len() < LABEL_WINDOW && labels::match_label(f).is_none() && {
            let strict = |c: &str| c.len() > f.len() && c.starts_with(f);
            labels::LABELS.iter().any(|(l, _, _)| strict(l))
                || CHROME.iter().any(|c| strict(c))
                || vocab().networks.iter().any(|d| d.variants.iter().any(|v| strict(v)))
                || vocab().self_evaluation.iter().any(|d| d.keys.iter().any(|k| strict(k)))
                || MeasureKind::all().any(|k| k.def().keys.iter().any(|x| strict(x)))
        }
    }

    fn label(&mut self, label: Label, rest: &'a str, t: &'a str) {
        self.topics_next = false;
        match label {
            Label::Innovation => {
                let (year, r) = take_year(rest);
                let v = strip_separator(r);
                let groups = parse_innovation_groups(v);
                if groups.is_empty() {
                    return self.keep(t, "unrecognised innovation performance group (expected Leader, Strong, Moderate, Modest or Emerging)");
                }
                if let Some(had) = &self.p.key_figures.innovation {
                    // Two scoreboard editions on one page: each kept with its year, the newest
                    // current.
                    let (Some(old), Some(new)) = (had.edition, year) else {
                        return self.keep(t, "the innovation group is given twice; the first is used");
                    };
                    if old == new || self.p.key_figures.innovation_earlier.iter().any(|i| i.edition == year) {
                        return self.keep(t, "the innovation group is given twice for one year; the first is used");
                    }
                    let this = Innovation { edition: year, groups };
                    let k = &mut self.p.key_figures;
                    if new > old {
                        let older = k.innovation.replace(this).expect("checked above");
                        k.innovation_earlier.push(older);
                        self.saw_2021 |= new == 2021;
                    } else {
                        k.innovation_earlier.push(this);
                    }
                    k.innovation_earlier.sort_by_key(|i| std::cmp::Reverse(i.edition));
                    return;
                }
                if year == Some(2021) {
                    self.saw_2021 = true;
                }
                let modest_2021 =
                    year.is_some_and(|y| y >= 2021) && groups.iter().any(|g| g.group.tier == Tier::Modest);
                let emerging_2019 =
                    year.is_some_and(|y| y < 2021) && groups.iter().any(|g| g.group.tier == Tier::Emerging);
                if modest_2021 || emerging_2019 {
                    self.warn(
                        v,
                        "key_figures",
                        format!("the {} scoreboard edition has no such group: '{v}'", year.unwrap_or(0)),
                    );
                }
                self.p.key_figures.innovation = Some(Innovation { edition: year, groups });
                self.after_statistic();
            }
            Label::Population => {
                let (year, r) = take_year(rest);
                let v = strip_separator(r);
                match parse_integer(v) {
                    Some(value) if self.p.key_figures.population.is_none() => {
                        self.p.key_figures.population = Some(Figure { value, year });
                        self.after_statistic();
                    }
                    Some(_) => self.keep(t, "the total population is given twice; the first is used"),
                    None => self.keep(t, "the total population is not a whole number"),
                }
            }
            Label::Density => {
                let r = rest.trim_start_matches(['Ā', 'ā', 'Â', 'â']);
                let r = r.strip_prefix('²').or_else(|| r.strip_prefix('2')).unwrap_or(r);
                let (year, r) = take_year(r);
                let v = strip_separator(r);
                match parse_decimal(v, true) {
                    Some(value) if self.p.key_figures.density.is_none() => {
                        self.p.key_figures.density = Some(Figure { value, year });
                        self.after_statistic();
                    }
                    Some(_) => self.keep(t, "the population density is given twice; the first is used"),
                    None => self.keep(t, "the population density is not a number"),
                }
            }
            Label::Over65 => {
                let r = rest.trim_start_matches(is_space);
                let r = r.strip_prefix('%').unwrap_or(r);
                let (year, r) = take_year(r);
                let v = strip_separator(r);
                let v = v.strip_suffix('%').unwrap_or(v);
                match parse_decimal(v, false) {
                    Some(value) if value <= 100.0 && self.p.key_figures.over65_share.is_none() => {
                        self.p.key_figures.over65_share = Some(Figure { value, year });
                        self.after_statistic();
                    }
                    Some(v) if v > 100.0 => self.keep(t, "the share over 65 is more than 100 %"),
                    Some(_) => self.keep(t, "the share over 65 is given twice; the first is used"),
                    None => self.keep(t, "the share over 65 is not a percentage"),
                }
            }
            Label::Website => {
                self.section = Section::Website;
                self.website_lines = 0;
                if let Some(w) = Text::new(strip_separator(rest)) {
                    self.p.websites.push(w);
                    self.website_lines = 1;
                }
            }
            Label::HealthProfile => {
                self.section = Section::HealthProfile;
                if let Some((_, after)) = rest.split_once("):") {
                    self.p.health_profile.extend(Text::new(after));
                }
            }
            Label::Background => self.section = Section::Preamble,
            Label::Collaboration => {
                self.section = Section::Collaboration;
                if self.collab.seen {
                    return self.keep(t, "the collaboration question is asked twice; the first answer is used");
                }
                self.collab.seen = true;
                if let Some((_, answer)) = rest.split_once('?') {
                    if !answer.trim_matches(is_space).is_empty() {
                        self.collab_answer(answer);
                    }
                }
            }
            Label::Partners => {
                self.section = Section::Collaboration;
                let v = strip_separator(rest);
                self.collab.partners.extend(v.split([',', ';']).filter_map(Text::new));
            }
            Label::MembershipHeading => self.section = Section::Membership,
            Label::PolicyDocuments => self.section = Section::PolicyDocuments,
            Label::Topics => {
                self.section = Section::Values;
                let v = strip_separator(rest);
                // Values may stand on the next line.
                self.topics_next = v.is_empty();
                self.topics(v);
            }
            Label::Funding => {
                self.saw_2021 = true;
                self.section = Section::Funding;
            }
            Label::Nace | Label::Nabs | Label::PolicyObjectives => {
                let scheme = match label {
                    Label::Nace => Scheme::Nace,
                    Label::Nabs => Scheme::Nabs,
                    _ => Scheme::PolicyObjective,
                };
                self.section = Section::Codes(scheme);
                // "NACE …: C.21 - …", "NACE code(s) C.21 - …", or the codes on the lines below.
                let value = match rest.split_once(':') {
                    Some((_, v)) => v,
                    None => {
                        let r = rest.trim_start_matches(is_space);
                        strip_separator(r.strip_prefix("(s)").unwrap_or(r))
                    }
                };
                self.codes(scheme, value);
            }
            Label::Ris3 | Label::PmRis3 => {
                let v = strip_separator(rest.trim_start_matches(is_space).trim_start_matches('?'));
                let Some((value, note)) = parse_yes_no(v) else {
                    return self.keep(t, "the RIS3 answer is neither Yes nor No");
                };
                let slot = if label == Label::Ris3 { &mut self.p.ris3 } else { &mut self.p.pm_ris3 };
                if slot.is_some() {
                    return self.keep(t, "the RIS3 answer is given twice; the first is used");
                }
                *slot = Some(Flag { value, note });
                if self.section != Section::Ris3 {
                    self.section = Section::Values;
                }
            }
            Label::Ris3Heading => {
                self.saw_2021 = true;
                self.section = Section::Ris3;
            }
            Label::Initiatives => self.section = Section::Initiatives,
            Label::Dih => {
                self.saw_2021 = true;
                self.section = Section::Dih;
                self.p.digital_innovation_hubs.extend(Text::new(strip_separator(rest)));
            }
            Label::RepresentedIn => {
                self.section = Section::RepresentedIn;
                let answer = if let Some(q) = rest.rfind('?') {
                    &rest[q + 1..]
                } else {
                    // A question cut before its '?' has no answer; "Region represented in : X" has one.
                    let f = fold(rest.trim_start_matches([' ', ':']));
                    let question = fold(labels::canonical(Label::RepresentedIn));
                    if question.contains(&f) {
                        ""
                    } else {
                        strip_separator(rest)
                    }
                };
                // "…other? Region represented in Horizon2020;EUREKA": the answer repeats the label.
                let answer = match labels::match_label(&fold(answer)) {
                    Some((Label::RepresentedIn, off)) => {
                        let words = word_count(&fold(answer)[..off]);
                        strip_separator(skip_words(answer, words))
                    }
                    _ => answer,
                };
                if !answer.trim_matches(is_space).is_empty() {
                    // As if on a line of its own: the same rules as any list item.
                    self.list_item(Marker::None, answer, answer);
                }
            }
            Label::SelfEvaluation => self.section = Section::SelfEvaluation,
            Label::ImageAttribution => {
                self.end_matter = true;
                self.section = Section::ImageAttribution;
                let v = strip_separator(rest);
                if !v.is_empty() {
                    self.attribution(v);
                }
            }
            Label::Provenance => {
                self.end_matter = true;
                self.section = Section::Provenance;
                self.stated_origin = Some(crate::origin::Origin::default());
            }
            Label::Unrecognised => {
                self.end_matter = true;
                self.section = Section::Unrecognised;
            }
        }
    }

    /// `Topics covered by policies :` values, separated by `;`.
    fn topics(&mut self, value: &str) {
        let items: Vec<&str> = value.split(';').collect();
        for (k, item) in items.iter().enumerate() {
            let item = item.trim_matches(is_space);
            let topic = PolicyTopicId::lookup(item);
            if topic.is_none() && self.at_cut && k + 1 == items.len() {
                continue; // "Specific disease relat": cut off, not a topic
            }
            let item = if topic.is_some() { item.trim_end_matches(['.', ' ']) } else { item };
            let Some(text) = Text::new(item) else {
                continue;
            };
            if topic.is_none() {
                self.warn(
                    item,
                    "policy_topics",
                    format!("'{text}' is not in the policy-topic vocabulary; kept as written"),
                );
            }
            self.p.policy_topics.push(PolicyTopic { topic, text });
        }
    }

    /// A line of the canonical form's `Source of the data` section.
    fn provenance_line(&mut self, t: &str) {
        let o = self.stated_origin.get_or_insert_with(Default::default);
        let ok = if let Some(spec) = t.strip_prefix("Edition: ") {
            o.edition = Edition::from_spec(spec);
            o.edition.is_some()
        } else if let Some(r) = t.strip_prefix("Incomplete copy: ends part-way after '") {
            let cut = r.rsplit_once("' (line ").and_then(|(after, n)| {
                Some(Cut { line: n.strip_suffix(')')?.parse().ok()?, after: Text::new(after)?, partial: Vec::new() })
            });
            o.incomplete = cut;
            o.incomplete.is_some()
        } else if let Some(r) = t.strip_prefix("Partial fields: ") {
            let fields: Option<Vec<String>> =
                r.split("; ").map(|f| crate::publish::field(f).map(|f| f.id.to_string())).collect();
            match (o.incomplete.as_mut(), fields) {
                (Some(cut), Some(f)) => {
                    cut.partial = f;
                    true
                }
                _ => false,
            }
        } else if let Some(r) = t.strip_prefix("Item of ") {
            let item = r.split_once(" (").and_then(|(field, rest)| {
                crate::publish::field(field)?;
                let (spec, item) = rest.split_once("): ")?;
                Some(crate::origin::ItemEdition {
                    field: field.to_string(),
                    item: Text::new(item)?,
                    edition: Edition::from_spec(spec)?,
                })
            });
            item.map(|i| o.items.push(i)).is_some()
        } else if let Some(r) = t.strip_prefix("Carried forward: ") {
            let items: Option<Vec<Carried>> = r
                .split("; ")
                .map(|item| {
                    let (field, spec) = item.split_once(" (")?;
                    crate::publish::field(field)?;
                    Some(Carried { field: field.to_string(), edition: Edition::from_spec(spec.strip_suffix(')')?)? })
                })
                .collect();
            o.carried = items.unwrap_or_default();
            !o.carried.is_empty()
        } else {
            false
        };
        if !ok {
            self.keep(t, "unrecognised line in the source-of-the-data section");
        }
    }

    /// Statistics may stand anywhere (AT21 puts them after the collaboration question);
    /// prose after them is description.
    fn after_statistic(&mut self) {
        if matches!(self.section, Section::Website | Section::HealthProfile | Section::Collaboration) {
            self.section = Section::Preamble;
        }
    }

    fn collab_answer(&mut self, answer: &str) {
        self.collab.answered = true;
        match parse_yes_no(answer) {
            Some((v, rest)) => {
                self.collab.seeking = Some(v);
                self.collab.interests = rest;
            }
            None => self.collab.interests = Text::new(answer),
        }
    }

    fn attribution(&mut self, t: &str) {
        self.end_matter = true;
        self.section = Section::ImageAttribution;
        let joined = match self.p.image_attribution.take() {
            Some(a) => format!("{a} {t}"),
            None => t.to_string(),
        };
        self.p.image_attribution = Text::new(&joined);
    }

    fn codes(&mut self, scheme: Scheme, value: &str) {
        let items: Vec<&str> = value.split(';').collect();
        for (k, item) in items.iter().enumerate() {
            if item.trim_matches(is_space).is_empty() {
                continue;
            }
            // A code without its label at the end of a line may be wrapped ("…; Q" / "Human
            // health activities"): the next line decides.
            if k + 1 == items.len() && !self.at_cut && split_code_item(item).1.is_none() {
                self.code_tail = Some((scheme, item.to_string()));
                continue;
            }
            self.code_item(scheme, item);
        }
    }

    fn code_item(&mut self, scheme: Scheme, item: &str) {
        let (raw, mut label) = split_code_item(item);
        let field = match scheme {
            Scheme::Nace => "nace",
            Scheme::Nabs => "nabs",
            Scheme::PolicyObjective => "policy_objectives",
        };
        let code = match canonical_code(scheme, raw) {
            Ok(c) => {
                let official = match scheme {
                    Scheme::Nace => crate::vocab::nace_label(&c),
                    Scheme::Nabs => crate::vocab::nabs_label(&c),
                    Scheme::PolicyObjective => crate::vocab::policy_objective_label(&c),
                };
                // The last line of a cut copy: a label cut short is no label (the
                // vocabulary's is shown), whichever form of the label it was cut from.
                let cut_short = |l: &Text| {
                    official.is_some_and(|o| {
                        let l = fold(l.as_str());
                        crate::vocab::label_forms(field, o).iter().any(|form| {
                            let f = fold(form);
                            f.len() > l.len() && f.starts_with(&l)
                        })
                    })
                };
                if self.at_cut && label.as_ref().is_some_and(cut_short) {
                    label = None;
                }
                // The Eye@RIS3 list in data/ is incomplete: only the shape is checked.
                if official.is_none() && scheme != Scheme::PolicyObjective {
                    self.warn(raw, field, format!("unknown {} code '{c}'; kept as written", scheme.name()));
                }
                c
            }
            Err(_) if self.at_cut => return, // a code cut in half
            Err(bad) => {
                // Not a code ("Huma", "Z.99"): a leftover for curators, never a code or a
                // chart category.
                self.warn(raw, field, format!("'{bad}' is not a {} code; kept as an extra field", scheme.name()));
                let text = Text::new(item);
                self.p.extras.extend(text.map(|text| Extra { line: self.no, section: Some(field.into()), text }));
                return;
            }
        };
        let list = match scheme {
            Scheme::Nace => &mut self.p.nace,
            Scheme::Nabs => &mut self.p.nabs,
            Scheme::PolicyObjective => &mut self.p.policy_objectives,
        };
        if code.is_empty() {
            self.keep(item, "a code item without a code");
        } else {
            list.push(ClassCode { code, label });
        }
    }

    /// `Label? answer` lines, possibly two on one line ("S3MedTech region? yes Danube
    /// MacroRegion? no"), with or without the `Membership status` heading.
    fn membership_questions(&mut self, body: &'a str) -> bool {
        let Some((question, rest)) = body.split_once('?') else { return false };
        let Some(network) = network_by_variant(&fold(question)) else { return false };
        self.section = Section::Membership;
        self.answer_chain(network, rest);
        true
    }

    /// The answer to `network`'s question, and the questions that may follow it on the
    /// same line: `yes Danube MacroRegion? no`. A segment that does not end in a question
    /// means the rest of the line is the answer (it holds a question mark of its own).
    fn answer_chain(&mut self, mut network: NetworkId, text: &str) {
        let mut rest = text;
        while let Some((seg, after)) = rest.split_once('?') {
            let Some((next, words)) = network_at_end(&fold(seg)) else { break };
            let answer_words = word_count(&fold(seg)) - words;
            let cut = skip_words(seg, answer_words);
            self.record_membership(network, &seg[..seg.len() - cut.len()]);
            network = next;
            rest = after;
        }
        self.record_membership(network, rest);
    }

    fn record_membership(&mut self, network: NetworkId, answer_text: &str) {
        if self.at_cut && answer_text.trim_matches(is_space).is_empty() {
            // The answer was lost to the cut, which is not the same as a blank answer: no
            // entry, and the copy is marked incomplete.
            return;
        }
        let (answer, note) = classify_membership_answer(answer_text);
        if let Some(k) = self.memberships.iter().position(|(m, _)| m.network == network) {
            let (first, line) = (&self.memberships[k].0, self.memberships[k].1);
            if first.answer == MembershipAnswer::Unanswered {
                self.memberships[k] = (Membership { network, answer, note }, self.no);
            } else if first.answer != answer || first.note != note {
                let (q, fa) = (network.def().question.clone(), first.answer.id());
                self.warn(
                    answer_text,
                    "memberships",
                    format!(
                        "'{q}' is answered twice (line {line}: {fa}; here: {}); the first answer is used",
                        answer.id()
                    ),
                );
            }
            return;
        }
        self.memberships.push((Membership { network, answer, note }, self.no));
    }

    /// A 2021 membership list item: `• S3MedTech region`, `1M+Genome initiative - member`.
    fn membership_item(&mut self, body: &'a str, t: &'a str) {
        let f = fold(body);
        let found = vocab()
            .networks
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.variants.iter().map(move |v| (i, v)))
            .filter(|(_, v)| f.starts_with(v.as_str()) && !f[v.len()..].starts_with(|c: char| c.is_alphanumeric()))
            .max_by_key(|(_, v)| v.len());
        let Some((i, v)) = found else {
            return self.keep(t, "unrecognised line in the membership section");
        };
        let network = NetworkId::all().nth(i).expect("index of the networks table");
        self.saw_2021 = true;
        let rest = skip_words(body, word_count(v));
        let rest = strip_separator(rest.trim_start_matches(is_space).trim_start_matches('?'));
        if rest.is_empty() {
            let no = self.no;
            if !self.memberships.iter().any(|(m, _)| m.network == network) {
                self.memberships.push((Membership { network, answer: MembershipAnswer::Yes, note: None }, no));
            }
        } else {
            self.answer_chain(network, rest);
        }
    }

    /// `General perception of … in the region  -Medium`
    fn self_evaluation(&mut self, body: &'a str) -> bool {
        let mut hit = None;
        for (i, d) in vocab().self_evaluation.iter().enumerate() {
            for k in &d.keys {
                let fits = starts(&self.buf, k) && !self.buf[k.len()..].starts_with(|c: char| c.is_alphanumeric());
                if fits && hit.is_none_or(|(_, len)| k.len() > len) {
                    hit = Some((i, k.len()));
                }
            }
        }
        let Some((i, len)) = hit else { return false };
        let item = SelfEvaluationItem::ALL[i];
        self.section = Section::SelfEvaluation;
        let rest = self.source_from(body, len);
        let word = rest.trim_start_matches(|c: char| is_space(c) || is_dash(c) || c == ':').trim_end_matches(is_space);
        if word.is_empty() {
            self.warn(body, "self_evaluation", format!("'{}' has no rating", item.label()));
            return true;
        }
        match Rating::parse(word) {
            Some(r) if self.p.self_evaluation.get(item).is_none() => self.p.self_evaluation.set(item, Some(r)),
            Some(_) => self.keep(self.raw.trim_matches(is_space), "the rating is given twice; the first is used"),
            None => {
                self.warn(
                    word,
                    "self_evaluation",
                    format!(
                        "unknown rating '{word}' for '{}'; expected Very low, Low, Medium, High or Very high",
                        item.label()
                    ),
                );
                let t = self.raw.trim_matches(is_space);
                self.p.extras.extend(Text::new(t).map(|text| Extra {
                    line: self.no,
                    section: Some("self_evaluation".into()),
                    text,
                }));
            }
        }
        true
    }

    /// `• Regional Databases and standards, linked to personalised medicine (incl. biobanks) X`
    fn support_measure(&mut self, body: &'a str) -> bool {
        let mut at = 0;
        let mut level = None;
        for (k, _, l) in &vocab().policy_levels {
            if starts(&self.buf, k) && self.buf[k.len()..].starts_with(' ') {
                at = k.len() + 1;
                level = Some(*l);
                break;
            }
        }
        for kind in MeasureKind::all() {
            for k in &kind.def().keys {
                let tail = &self.buf[at..];
                if starts(tail, k) && !tail[k.len()..].starts_with(|c: char| c.is_alphanumeric()) {
                    let rest = self.source_from(body, at + k.len());
                    let detail = rest.trim_matches(is_space);
                    let detail = detail.trim_end_matches(|c: char| c == ':' || is_space(c));
                    self.p.support_measures.push(SupportMeasure { level, kind, detail: Text::new(detail) });
                    self.section = Section::Values;
                    return true;
                }
            }
        }
        false
    }

    fn unlabelled(&mut self, marker: Marker, body: &'a str, t: &'a str) {
        match self.section {
            Section::Preamble => self.p.description.extend(Text::new(t)),
            Section::Website => {
                // Link texts are short names; a sentence is the description that follows.
                let looks_like_link = t.chars().count() <= 160 && !t.ends_with('.') && self.website_lines < 3;
                if looks_like_link {
                    self.p.websites.extend(Text::new(t));
                    self.website_lines += 1;
                } else {
                    self.section = Section::Preamble;
                    self.p.description.extend(Text::new(t));
                }
            }
            Section::HealthProfile => self.p.health_profile.extend(Text::new(t)),
            Section::Collaboration => {
                if self.collab.answered {
                    self.collab.details.extend(Text::new(t));
                } else {
                    self.collab_answer(t);
                }
            }
            Section::Membership => self.membership_item(body, t),
            Section::Codes(scheme) if marker == Marker::Bullet || starts_with_code(scheme, body) => {
                self.codes(scheme, body)
            }
            Section::Values if self.topics_next => {
                self.topics_next = false;
                self.topics(t)
            }
            s if s.is_list() => self.list_item(marker, body, t),
            Section::ImageAttribution => self.attribution(t),
            Section::Unrecognised => self.unrecognised_line(t),
            s => self.placed_by_layout(s, marker, body, t),
        }
    }

    /// A line no label introduces, after the RIS3 answers or anywhere no list runs: placed in
    /// the field the layout says, with a warning; kept as an extra when none fits.
    fn placed_by_layout(&mut self, s: Section, marker: Marker, body: &'a str, t: &'a str) {
        // A network's name alone on a line is a membership held (2021 pages list them so, as
        // bullets, sometimes under another heading than "Membership status").
        if let Some(network) = network_line(body) {
            self.warn(body, "memberships", format!("'{}' read as a membership held", body.trim_end()));
            if !self.memberships.iter().any(|(m, _)| m.network == network) {
                let no = self.no;
                self.memberships.push((Membership { network, answer: MembershipAnswer::Yes, note: None }, no));
            }
            return;
        }
        let fragment = is_fragment(body);
        match s {
            // The one sentence under a national page's strategy heading is its RIS3 statement.
            Section::Ris3 if self.p.ris3.is_none() && marker == Marker::None && !fragment => {
                self.warn(body, "ris3", "the line under the RIS3 heading read as the RIS3 statement".into());
                self.p.ris3 = Some(Flag { value: true, note: Text::new(t) });
            }
            // Unlabelled lines after the RIS3 answers list bodies the region is represented
            // in ("Committee of the Regions: CoR Interregional Group on Health").
            Section::Ris3 | Section::Values if (self.p.ris3.is_some() || self.p.pm_ris3.is_some()) && !fragment => {
                self.warn(
                    body,
                    "represented_in",
                    "an unlabelled line after the RIS3 answers read as represented in".into(),
                );
                let text = body.trim_start_matches(|c: char| c == '#' || is_space(c));
                self.p.represented_in.extend(Text::new(text).map(|text| ListItem { number: None, text }));
            }
            s => {
                let why = if fragment {
                    "a fragment of a few letters, not a value".to_string()
                } else {
                    format!("unrecognised line after '{}'", s.id())
                };
                self.keep(t, &why)
            }
        }
    }

    fn list_item(&mut self, marker: Marker, body: &'a str, t: &'a str) {
        // Stray markup: "# Centers for Medical Genetics".
        let body = body.trim_start_matches(|c: char| c == '#' || is_space(c));
        if !body.chars().any(char::is_alphanumeric) {
            return self.keep(t, "list item without text");
        }
        if is_fragment(body) {
            return self.keep(t, "a fragment of a few letters, not a value");
        }
        let number = match marker {
            Marker::Number(n) => Some(n),
            _ => None,
        };
        // An unmarked line after numbered items continues the item before it, and so does
        // any unmarked line after an item that is visibly unfinished ("…cancer (").
        // (The item's last part decides whether it is unfinished: no text is built for it.)
        let continues = |last: Option<(Option<u32>, &str)>| {
            marker == Marker::None && last.is_some_and(|(n, end)| n.is_some() || unfinished(end))
        };
        match self.section {
            Section::PolicyDocuments => {
                if continues(self.p.policy_documents.last().map(|d| (d.number, d.title.as_str()))) {
                    // Re-read the item with its continuation, as a later reading of the
                    // canonical text will.
                    let d = self.p.policy_documents.last_mut().expect("checked above");
                    if let Some(joined) = policy_document(d.number, &join_wrapped(&d.text(), body)) {
                        *d = joined;
                    }
                } else if let Some(d) = policy_document(number, body) {
                    self.p.policy_documents.push(d);
                }
            }
            Section::Initiatives => {
                let last = self.p.initiatives.last();
                if continues(last.map(|i| (i.number, initiative_end(i)))) {
                    // A continuation line adds to the description, re-read as the canonical
                    // text will be ("name  description  url"); a wrapped line finishes the
                    // part it continues.
                    let i = self.p.initiatives.last_mut().expect("checked above");
                    let text = i.text();
                    let joined = match (&i.description, &i.url) {
                        _ if unfinished(&text) => join_wrapped(&text, body),
                        (Some(d), url) => {
                            let url = url.as_ref().map(|u| format!("  {u}")).unwrap_or_default();
                            format!("{}  {d} {body}{url}", i.name)
                        }
                        (None, Some(u)) => format!("{}  {body}  {u}", i.name),
                        (None, None) => format!("{}  {body}", i.name),
                    };
                    if let Some(j) = initiative(i.number, &joined) {
                        *i = j;
                    }
                } else if let Some(i) = initiative(number, body) {
                    self.p.initiatives.push(i);
                }
            }
            Section::Dih => self.p.digital_innovation_hubs.extend(Text::new(body)),
            _ => {
                let list = if self.section == Section::Funding {
                    &mut self.p.funding_programmes
                } else {
                    &mut self.p.represented_in
                };
                if continues(list.last().map(|d| (d.number, d.text.as_str()))) {
                    let last = list.last_mut().expect("checked above");
                    last.text = Text::new(&join_wrapped(last.text.as_str(), body)).unwrap_or(last.text.clone());
                } else if self.section == Section::RepresentedIn {
                    // "Horizon2020;EUREKA/Eurostars/COSME" names several programmes.
                    for (k, part) in body.split(';').filter_map(Text::new).enumerate() {
                        list.push(ListItem { number: number.filter(|_| k == 0), text: part });
                    }
                } else if let Some(text) = Text::new(body) {
                    list.push(ListItem { number, text });
                }
            }
        }
    }

    /// A line of the canonical `Unrecognised content` section: `line 42 (memberships): text`.
    fn unrecognised_line(&mut self, t: &str) {
        let parsed = t.strip_prefix("line ").and_then(|r| {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            let line: u32 = r[..digits].parse().ok()?;
            let r = &r[digits..];
            let (section, r) = match r.strip_prefix(" (") {
                Some(x) => {
                    let (s, rest) = x.split_once("): ")?;
                    (Some(s.to_string()), rest)
                }
                None => (None, r.strip_prefix(": ")?),
            };
            Some(Extra { line, section, text: Text::new(r)? })
        });
        match parsed {
            Some(e) => self.p.extras.push(e),
            None => self.keep(t, "unrecognised line"),
        }
    }

    fn finish(mut self) -> Parsed {
        if let Some((scheme, tail)) = self.code_tail.take() {
            self.code_item(scheme, &tail);
        }
        let c = std::mem::take(&mut self.collab);
        if c.seen || !c.partners.is_empty() {
            self.p.collaboration = Some(Collaboration::new(c.seeking, c.interests, c.details, c.partners));
        }
        for (m, _) in std::mem::take(&mut self.memberships) {
            self.p.set_membership(m);
        }
        for i in &mut self.p.initiatives {
            i.network = crate::topics::network_named_in(i.name.as_str());
        }
        let layout = if self.early {
            Layout::Early
        } else if self.saw_2021 {
            Layout::Y2021
        } else {
            Layout::Y2019
        };
        let stated_year = self.p.key_figures.innovation.as_ref().and_then(|i| i.edition);
        self.p.origin.edition = Some(Edition::of_page(layout, stated_year));
        if !self.end_matter {
            // No image credit, survey invitation, footer or end of page: the copy stops
            // part-way, and its last line is where.
            // The end of the line is where the copy stops: a long line shows its last words.
            let n = self.last_text.chars().count();
            let mut tail: String = self.last_text.chars().skip(n.saturating_sub(60)).collect();
            if n > 60 {
                // Start at a word.
                if let Some(sp) = tail.find(' ') {
                    tail = tail[sp + 1..].to_string();
                }
            }
            let more = if n > 60 { "…" } else { "" };
            if let Some(after) = Text::new(&format!("{more}{tail}")) {
                self.warnings.push(Diagnostic {
                    line: self.last_line,
                    column: 1,
                    severity: Severity::Warning,
                    field: None,
                    message: format!("document ends part-way after '{after}'"),
                });
                // The section the cut falls in does not end here (a heading with nothing
                // under it yet states nothing, and is left out when the field is empty).
                let partial = crate::publish::field(self.section.id())
                    .filter(|f| f.states(&self.p))
                    .map(|f| f.id.to_string())
                    .into_iter()
                    .collect();
                self.p.origin.incomplete = Some(Cut { line: self.last_line, after, partial });
            }
        }
        if let Some(o) = self.stated_origin.take() {
            self.p.origin = o;
        }
        Parsed { profile: self.p, layout, warnings: self.warnings }
    }
}

/// The network a line names and nothing more ("European Regions Research and Innovation
/// Network (ERRIN)"; an acronym in brackets may follow the name).
fn network_line(body: &str) -> Option<NetworkId> {
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
fn is_fragment(body: &str) -> bool {
    let t = body.trim_matches(is_space);
    let last = t.rsplit(' ').next().unwrap_or("");
    t.chars().count() < 12 && last.chars().count() <= 2 && last.chars().all(|c| c.is_lowercase())
}

/// The field a section heading opens, for warnings.
fn label_field(label: Label) -> &'static str {
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
fn unfinished(s: &str) -> bool {
    let t = s.trim_end_matches(is_space);
    t.ends_with(|c: char| is_dash(c) || matches!(c, '(' | ',' | ';' | '&' | '/'))
        || t.matches('(').count() > t.matches(')').count()
}

/// The part an initiative item ends with, for [`unfinished`]: an item that ends in its URL
/// is finished, whatever the URL ends with.
fn initiative_end(i: &Initiative) -> &str {
    if i.url.is_some() {
        ""
    } else {
        i.description.as_ref().unwrap_or(&i.name).as_str()
    }
}

/// Joins a wrapped line onto the one it continues.
fn join_wrapped(first: &str, next: &str) -> String {
    let first = first.trim_end_matches(is_space);
    if first.ends_with(['(', '/']) {
        format!("{first}{next}")
    } else {
        format!("{first} {next}")
    }
}

/// Joins a code item cut at the end of a line ("Q", "Q.86 -") with the line that finishes it.
fn join_code(tail: &str, next: &str) -> String {
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
fn starts_with_code(scheme: Scheme, body: &str) -> bool {
    let (raw, _) = split_code_item(body);
    raw.len() <= 6 && canonical_code(scheme, raw).is_ok()
}

/// The network whose question or name is exactly `folded` (trailing spaces ignored).
fn network_by_variant(folded: &str) -> Option<NetworkId> {
    vocab().network_by_variant.get(folded.trim()).copied()
}

/// The network whose question ends `folded` ("yes danube macroregion"), with its word count.
fn network_at_end(folded: &str) -> Option<(NetworkId, usize)> {
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

fn looks_like_url(s: &str) -> bool {
    !s.contains(' ') && (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www."))
}

/// `DEG - Thuringia`, `Fl1C - Etelä-Suomi`, `NO - Norway (National level)`, `Kärnten (AT21)`,
/// `Germany (National level) (DE)`.
fn parse_header(
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

fn strip_national(name: &str) -> Option<&str> {
    let f = fold(name);
    f.ends_with("(national level)").then(|| {
        let open = name.rfind('(').unwrap_or(name.len());
        name[..open].trim_matches(is_space)
    })
}

/// Reads a NUTS code as headers write it, correcting the misprints seen in real documents:
/// lower case, and a lower-case L for I (`Fl1C` is FI1C, `Sl` is SI).
fn read_code(s: &str) -> Option<NutsCode> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(strip_marker("2. Regional: X"), (Marker::Number(2), "Regional: X"));
        assert_eq!(strip_marker("• LinkedIn"), (Marker::Bullet, "LinkedIn"));
        assert_eq!(strip_marker("- National X"), (Marker::Bullet, "National X"));
        assert_eq!(strip_marker("-Medium"), (Marker::None, "-Medium"));
        assert_eq!(strip_marker("2020 research"), (Marker::None, "2020 research"));
        assert_eq!(strip_marker("1.5 million"), (Marker::None, "1.5 million"));
    }

    #[test]
    fn headers() {
        let h = |s: &str| {
            let mut w = Vec::new();
            parse_header(1, s, &mut w).map(|(c, n, nat, early)| (c.to_string(), n.to_string(), nat, early, w.len()))
        };
        assert_eq!(h("DEG - Thuringia"), Ok(("DEG".into(), "Thuringia".into(), false, false, 0)));
        assert_eq!(h("PL51 -Dolnośląskie"), Ok(("PL51".into(), "Dolnośląskie".into(), false, false, 0)));
        assert_eq!(h("Fl1C - Etelä-Suomi"), Ok(("FI1C".into(), "Etelä-Suomi".into(), false, false, 1)));
        assert_eq!(h("Sl - Slovenia (National level)"), Ok(("SI".into(), "Slovenia".into(), true, false, 1)));
        assert_eq!(h("Kärnten (AT21)"), Ok(("AT21".into(), "Kärnten".into(), false, true, 0)));
        assert_eq!(h("Germany (National level) (DE)"), Ok(("DE".into(), "Germany".into(), true, true, 0)));
        assert_eq!(h("EL30 - Aττική (Attiki)"), Ok(("EL30".into(), "Aττική (Attiki)".into(), false, false, 0)));
        assert!(h("Thuringia").is_err());
        assert!(h("Nord-Est (RO21)").is_ok_and(|x| x.0 == "RO21"));
        assert_eq!(h("BE22 - Prov. Limburg (BE)").map(|x| x.0), Ok("BE22".into()));
        assert_eq!(h("Prov. Limburg (BE) (BE22)").map(|x| x.0), Ok("BE22".into()));
    }

    #[test]
    fn initiative_parts() {
        let i =
            initiative(Some(4), "Forschungscampus Jena e.V.\u{a0} public private partnership\u{a0} \u{a0}").unwrap();
        assert_eq!(i.name.as_str(), "Forschungscampus Jena e.V.");
        assert_eq!(i.description.unwrap().as_str(), "public private partnership");
        let i = initiative(None, "ECRIN  clinical research  https://ecrin.org/").unwrap();
        assert_eq!(i.url.unwrap().as_str(), "https://ecrin.org/");
    }

    #[test]
    fn policy_documents() {
        let d = policy_document(Some(2), "Regional: Thuringian digital strategy").unwrap();
        assert_eq!(
            (d.prefix.unwrap().as_str(), d.level, d.title.as_str()),
            ("Regional", Some(PolicyLevel::Regional), "Thuringian digital strategy")
        );
        let d = policy_document(None, "Nordic NOK 165 million initiative").unwrap();
        assert_eq!((d.level, d.title.as_str()), (Some(PolicyLevel::Supranational), "NOK 165 million initiative"));
        let d = policy_document(None, "SRIP Health - Medicine").unwrap();
        assert_eq!((d.prefix, d.title.as_str()), (None, "SRIP Health - Medicine"));
        let d = policy_document(None, "Industry National: Dette er persontilpasset medisin").unwrap();
        assert_eq!(d.level, Some(PolicyLevel::National));
    }
}
