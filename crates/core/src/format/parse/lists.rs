//! Lines of the list sections: codes of every scheme, support measures, policy documents,
//! initiatives, and lines the reader places by the layout or keeps as unrecognised.

use super::*;

impl<'a> Reader<'a> {
    pub(super) fn codes(&mut self, scheme: Scheme, value: &str) {
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

    pub(super) fn code_item(&mut self, scheme: Scheme, item: &str) {
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

    /// `• Regional Databases and standards, linked to personalised medicine (incl. biobanks) X`
    pub(super) fn support_measure(&mut self, body: &'a str) -> bool {
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

    pub(super) fn unlabelled(&mut self, marker: Marker, body: &'a str, t: &'a str) {
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
    pub(super) fn placed_by_layout(&mut self, s: Section, marker: Marker, body: &'a str, t: &'a str) {
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

    pub(super) fn list_item(&mut self, marker: Marker, body: &'a str, t: &'a str) {
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
    pub(super) fn unrecognised_line(&mut self, t: &str) {
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
}
