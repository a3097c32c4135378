//! Labelled lines: a field's label and its value (key figures, collaboration, provenance,
//! topics, attribution).

use super::*;

impl<'a> Reader<'a> {
    pub(super) fn label(&mut self, label: Label, rest: &'a str, t: &'a str) {
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
    pub(super) fn topics(&mut self, value: &str) {
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
    pub(super) fn provenance_line(&mut self, t: &str) {
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
    pub(super) fn after_statistic(&mut self) {
        if matches!(self.section, Section::Website | Section::HealthProfile | Section::Collaboration) {
            self.section = Section::Preamble;
        }
    }

    pub(super) fn collab_answer(&mut self, answer: &str) {
        self.collab.answered = true;
        match parse_yes_no(answer) {
            Some((v, rest)) => {
                self.collab.seeking = Some(v);
                self.collab.interests = rest;
            }
            None => self.collab.interests = Text::new(answer),
        }
    }

    pub(super) fn attribution(&mut self, t: &str) {
        self.end_matter = true;
        self.section = Section::ImageAttribution;
        let joined = match self.p.image_attribution.take() {
            Some(a) => format!("{a} {t}"),
            None => t.to_string(),
        };
        self.p.image_attribution = Text::new(&joined);
    }
}
