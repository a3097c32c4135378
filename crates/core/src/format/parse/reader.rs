//! The reader line by line: a line's marker and label, its place in the layout, the
//! warnings with their column, and the profile at the end.

use super::*;

impl<'a> Reader<'a> {
    pub(super) fn new(no: u32, raw: &'a str) -> Result<Reader<'a>, ParseError> {
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

    pub(super) fn col(&self, part: &str) -> u32 {
        let base = self.raw.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        if at >= base && at <= base + self.raw.len() {
            self.raw[..at - base].chars().count() as u32 + 1
        } else {
            1
        }
    }

    pub(super) fn warn(&mut self, part: &str, field: &'static str, message: String) {
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
    pub(super) fn keep(&mut self, t: &str, why: &str) {
        let section = self.section;
        if let Some(text) = Text::new(t) {
            let shown: String = text.as_str().chars().take(60).collect();
            let more = if text.as_str().chars().count() > 60 { "…" } else { "" };
            self.warn(t, "extras", format!("{why}: '{shown}{more}' (kept as an extra field)"));
            self.p.extras.push(Extra { line: self.no, section: Some(section.id().to_string()), text });
        }
    }

    /// Folds the start of `body` into `buf`, recording source offsets in `map`.
    pub(super) fn fold_window(&mut self, body: &str) {
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
    pub(super) fn source_from<'b>(&self, body: &'b str, off: usize) -> &'b str {
        let at = if self.identity {
            off.min(body.len())
        } else {
            self.map.get(off).copied().unwrap_or(body.len() as u32) as usize
        };
        body.get(at..).unwrap_or("")
    }

    pub(super) fn line(&mut self, no: u32, raw: &'a str) {
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
    pub(super) fn is_cut_fragment(&self, body: &str) -> bool {
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

    pub(super) fn finish(mut self) -> Parsed {
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
