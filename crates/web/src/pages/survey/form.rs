//! The survey form's model: every field as text (`FormVm`), filled from a profile, and the
//! page that shows it (`SurveyPage`, `form_page`).

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use crate::shell::*;
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::{MembershipAnswer, NutsCode, Profile, Rating, SelfEvaluationItem, Text};
use pmatlas_store::users::Session;

/// One choice of a select: (value, label, selected).
pub(crate) type Choice = (String, String, bool);

/// The form's fields as text, and the messages of the fields that did not read.
#[derive(Default)]
pub(crate) struct FormVm {
    pub(crate) name: String,
    pub(crate) code: String,
    /// "yes" when the profile describes a whole country.
    pub(crate) national_level: String,
    pub(crate) innovation: String,
    pub(crate) population: String,
    pub(crate) density: String,
    pub(crate) over65: String,
    pub(crate) websites: String,
    pub(crate) description: String,
    pub(crate) seeking: String,
    pub(crate) interests: String,
    pub(crate) partners: String,
    pub(crate) health_profile: String,
    pub(crate) policy_topics: String,
    pub(crate) support_measures: String,
    pub(crate) funding_programmes: String,
    pub(crate) digital_innovation_hubs: String,
    pub(crate) ris3: String,
    pub(crate) pm_ris3: String,
    pub(crate) memberships: Vec<(String, String, Vec<Choice>)>,
    pub(crate) ratings: Vec<(String, String, Vec<Choice>)>,
    pub(crate) policy_documents: String,
    /// (name, what it does, web address), blank rows last.
    pub(crate) initiatives: Vec<super::initiatives::Row>,
    pub(crate) represented_in: String,
    pub(crate) nace: String,
    pub(crate) nabs: String,
    pub(crate) policy_objectives: String,
    pub(crate) comment: String,
    /// The draft the form was resumed from (its private token), if any.
    pub(crate) draft: String,
    /// (field id, message).
    pub(crate) errors: Vec<(String, String)>,
    /// Shown in steps (the new-region survey), and which step is shown.
    pub(crate) stepped: bool,
    pub(crate) step: usize,
    /// The signed time the form was first shown, carried from step to step ("" for now).
    pub(crate) started: String,
    /// A visitor's name and e-mail, carried from step to step.
    pub(crate) contact_name: String,
    pub(crate) contact: String,
}

impl FormVm {
    /// ` hidden` on a section that is not the step shown.
    pub(crate) fn hide(&self, section: usize) -> &'static str {
        if self.stepped && self.step != section {
            " hidden"
        } else {
            ""
        }
    }

    pub(crate) fn steps(&self) -> &'static [&'static str] {
        &super::steps::STEPS
    }

    pub(crate) fn last_step(&self) -> bool {
        !self.stepped || self.step + 1 >= super::steps::STEPS.len()
    }

    pub(crate) fn error(&self, field: &str) -> String {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default()
    }

    /// A field's hint and error tied to it for a screen reader (`aria-describedby`), and
    /// `aria-invalid` when it is in error: the attributes, for the template.
    pub(crate) fn aria(&self, field: &str, hinted: bool) -> String {
        let invalid = self.errors.iter().any(|(f, _)| f == field);
        let mut ids: Vec<String> = Vec::new();
        if hinted {
            ids.push(format!("h-{field}"));
        }
        // The list of the kinds of measures a line can start with, below the field.
        if field == "support_measures" {
            ids.push("measure-kinds".into());
        }
        if invalid {
            ids.push(format!("e-{field}"));
        }
        let mut out = String::new();
        if !ids.is_empty() {
            out.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
        }
        if invalid {
            out.push_str(" aria-invalid=\"true\"");
        }
        out
    }

    /// The kinds of support measures a line can start with (after its level).
    pub(crate) fn measure_kinds(&self) -> Vec<String> {
        pmatlas_core::vocab::MeasureKind::all().map(|k| k.def().label.clone()).collect()
    }

    /// The levels a measure can have ("Regional", "National").
    pub(crate) fn measure_levels(&self) -> String {
        let mut words: Vec<&str> = Vec::new();
        for (_, _, l) in &pmatlas_core::vocab::vocab().policy_levels {
            if !words.contains(&l.word()) {
                words.push(l.word());
            }
        }
        words.join(", ")
    }
}

pub(crate) fn lines<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join("\n")
}

/// The form, filled from a profile.
pub(crate) fn form_of(p: &Profile) -> FormVm {
    let k = &p.key_figures;
    let c = p.collaboration.as_ref();
    FormVm {
        name: p.name.to_string(),
        code: p.code.to_string(),
        innovation: k
            .innovation
            .as_ref()
            .map(|i| pmatlas_core::format::values::render_innovation_groups(&i.groups))
            .unwrap_or_default(),
        partners: c.map(|c| lines(c.partners.iter().map(Text::as_str))).unwrap_or_default(),
        health_profile: p.health_profile.iter().map(Text::as_str).collect::<Vec<_>>().join("\n\n"),
        policy_topics: lines(p.policy_topics.iter().map(|t| t.text.as_str())),
        support_measures: p
            .support_measures
            .iter()
            .map(pmatlas_core::format::support_measure_line)
            .collect::<Vec<_>>()
            .join("\n"),
        funding_programmes: lines(p.funding_programmes.iter().map(|t| t.text.as_str())),
        digital_innovation_hubs: lines(p.digital_innovation_hubs.iter().map(Text::as_str)),
        ris3: flag_of(&p.ris3),
        pm_ris3: flag_of(&p.pm_ris3),
        national_level: if p.national_level { "yes" } else { "no" }.to_string(),
        population: k.population.as_ref().map(|f| f.value.to_string()).unwrap_or_default(),
        density: k.density.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default(),
        over65: k.over65_share.as_ref().map(|f| fmt_dec(f.value)).unwrap_or_default(),
        websites: lines(p.websites.iter().map(Text::as_str)),
        description: p.description.iter().map(Text::as_str).collect::<Vec<_>>().join("\n\n"),
        seeking: match c.and_then(|c| c.seeking) {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        }
        .into(),
        interests: c.map(|c| lines(c.texts())).unwrap_or_default(),
        memberships: NetworkId::all()
            .map(|n| {
                let now = p.membership(n).map(|m| m.answer);
                // "Not on the page" (no entry) and "asked, not answered" stay apart.
                let choices = std::iter::once(("".to_string(), "not asked".to_string(), now.is_none()))
                    .chain(
                        MembershipAnswer::ALL
                            .iter()
                            .map(|a| (a.id().to_string(), a.label().to_string(), now == Some(*a))),
                    )
                    .collect();
                (format!("membership.{}", n.id()), n.label().to_string(), choices)
            })
            .collect(),
        ratings: SelfEvaluationItem::ALL
            .iter()
            .map(|&i| {
                let now = p.self_evaluation.get(i);
                let choices = std::iter::once(("".to_string(), "not rated".to_string(), now.is_none()))
                    .chain(Rating::ALL.iter().map(|r| (r.id().to_string(), r.label().to_string(), now == Some(*r))))
                    .collect();
                (format!("rating.{}", i.id()), i.label().to_string(), choices)
            })
            .collect(),
        policy_documents: lines(
            p.policy_documents.iter().map(|d| d.text()).collect::<Vec<_>>().iter().map(String::as_str),
        ),
        initiatives: super::initiatives::rows_of(&p.initiatives),
        represented_in: lines(p.represented_in.iter().map(|r| r.text.as_str())),
        nace: p.nace.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        nabs: p.nabs.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        policy_objectives: p.policy_objectives.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        comment: String::new(),
        draft: String::new(),
        errors: Vec::new(),
        ..FormVm::default()
    }
}

pub(crate) fn flag_of(f: &Option<pmatlas_core::Flag>) -> String {
    match f {
        Some(f) if f.value => "yes",
        Some(_) => "no",
        None => "",
    }
    .into()
}

/// A profile with nothing stated (for a new region, or a blank form).
pub(crate) fn blank(code: Option<NutsCode>) -> Profile {
    Profile::new(code.unwrap_or_else(|| NutsCode::parse("XX").expect("a code")), Text::new("-").expect("text"))
}

#[derive(Template)]
#[template(path = "survey.html")]
pub(crate) struct SurveyPage {
    pub(crate) title: String,
    pub(crate) heading: String,
    pub(crate) action: String,
    /// Where a document is read into the form ("" for none).
    pub(crate) upload_action: String,
    pub(crate) new_region: bool,
    pub(crate) visitor: bool,
    pub(crate) csrf: String,
    /// When the form was shown, signed by the server (`SECONDS.MAC`).
    pub(crate) started: String,
    pub(crate) base: u32,
    pub(crate) note: String,
    pub(crate) f: FormVm,
    /// The private token of the draft this form was resumed from ("" for none).
    pub(crate) draft: String,
}

impl SurveyPage {
    /// The codes a browser offers as you type (a plain text field without JavaScript).
    fn nace_codes(&self) -> Vec<(String, String)> {
        codes(&pmatlas_core::vocab::vocab().nace)
    }
    fn nabs_codes(&self) -> Vec<(String, String)> {
        codes(&pmatlas_core::vocab::vocab().nabs)
    }
    /// The regions a new profile can be for (NUTS levels 0 to 2), by code, with their names
    /// and country: a browser offers them as you type a name or a code.
    fn regions(&self) -> Vec<(String, String)> {
        let v = pmatlas_core::vocab::vocab();
        let mut out: Vec<(String, String)> = v
            .nuts
            .iter()
            .filter(|(_, e)| e.level <= 2)
            .map(|(c, e)| {
                let english = v.other_names.get(c).and_then(|n| n.first()).filter(|n| **n != e.name);
                let name = english.map_or(e.name.clone(), |en| format!("{} ({en})", e.name));
                let country = v.country_name(c.country()).unwrap_or("");
                (c.to_string(), if e.level == 0 { name } else { format!("{name}, {country}") })
            })
            .collect();
        out.sort();
        out
    }
}

pub(crate) fn codes(
    table: &std::collections::HashMap<String, pmatlas_core::vocab::CodeEntry>,
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = table.values().map(|e| (e.code.clone(), e.label.clone())).collect();
    v.sort();
    v
}

pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Where a form posts to, and how it is headed.
pub(crate) struct Target {
    pub(crate) heading: String,
    pub(crate) action: String,
    pub(crate) new_region: bool,
}

pub(crate) fn form_page(
    key: &str,
    t: Target,
    session: Option<&Session>,
    base: u32,
    note: String,
    f: FormVm,
    status: StatusCode,
) -> Response {
    let Target { heading, action, new_region } = t;
    let draft = f.draft.clone();
    let started = if f.started.is_empty() { pmatlas_store::users::stamp(key, now_secs()) } else { f.started.clone() };
    let upload_action =
        if new_region { "/regions/new/upload".to_string() } else { action.replace("/update", "/upload") };
    let mut res = page(SurveyPage {
        title: heading.clone(),
        heading,
        upload_action,
        action,
        new_region,
        visitor: session.is_none(),
        csrf: session.map(|s| s.csrf.clone()).unwrap_or_default(),
        started,
        base,
        note,
        f,
        draft,
    });
    *res.status_mut() = status;
    res
}

/// The form field a reader's warning is about (by the profile field it names).
pub(crate) fn form_field(field: &str) -> &str {
    match field {
        "key_figures" | "population" => "population",
        "density" => "density",
        "over65_share" => "over65",
        "collaboration" => "interests",
        "self_evaluation" => "comment",
        "memberships" => "comment",
        f => f,
    }
}
