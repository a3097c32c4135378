//! The survey: a region updates its profile (`/regions/{code}/update`) or a new region
//! sends one (`/survey`). A curator's or trusted editor's change publishes at once; a region
//! editor's or a visitor's is a submission for review, with a private status link
//! (`/submissions/{token}`). A visitor's form is size- and rate-limited and carries a
//! honeypot field and a minimum fill time against spam. Fields the form does not show are
//! kept from the current version, never dropped.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::*;
use crate::auth::{csrf_ok, field as get, MaybeUser, MAX_FORM_BYTES};
use crate::error::WebError;
use crate::state::AppState;
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::{
    ClassCode, Collaboration, Figure, ListItem, Membership, MembershipAnswer, NutsCode, Profile, Rating,
    SelfEvaluationItem, Text,
};
use pmatlas_store::users::Session;

/// Visitors' submissions per address and hour.
pub const VISITOR_SUBMISSIONS_PER_HOUR: i64 = 5;
/// A visitor's form filled faster than this is a robot's.
const MIN_FILL_SECONDS: u64 = 3;

/// One choice of a select: (value, label, selected).
type Choice = (String, String, bool);

/// The form's fields as text, and the messages of the fields that did not read.
#[derive(Default)]
pub(crate) struct FormVm {
    name: String,
    code: String,
    /// "yes" when the profile describes a whole country.
    national_level: String,
    innovation: String,
    population: String,
    density: String,
    over65: String,
    websites: String,
    description: String,
    seeking: String,
    interests: String,
    partners: String,
    health_profile: String,
    policy_topics: String,
    support_measures: String,
    funding_programmes: String,
    digital_innovation_hubs: String,
    ris3: String,
    pm_ris3: String,
    memberships: Vec<(String, String, Vec<Choice>)>,
    ratings: Vec<(String, String, Vec<Choice>)>,
    policy_documents: String,
    initiatives: String,
    represented_in: String,
    nace: String,
    nabs: String,
    policy_objectives: String,
    comment: String,
    /// The draft the form was resumed from (its private token), if any.
    draft: String,
    /// (field id, message).
    errors: Vec<(String, String)>,
}

impl FormVm {
    pub(crate) fn error(&self, field: &str) -> String {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default()
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

fn lines<'a>(items: impl Iterator<Item = &'a str>) -> String {
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
        initiatives: lines(p.initiatives.iter().map(|i| i.text()).collect::<Vec<_>>().iter().map(String::as_str)),
        represented_in: lines(p.represented_in.iter().map(|r| r.text.as_str())),
        nace: p.nace.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        nabs: p.nabs.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        policy_objectives: p.policy_objectives.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", "),
        comment: String::new(),
        draft: String::new(),
        errors: Vec::new(),
    }
}

fn flag_of(f: &Option<pmatlas_core::Flag>) -> String {
    match f {
        Some(f) if f.value => "yes",
        Some(_) => "no",
        None => "",
    }
    .into()
}

/// A yes/no answer from the form, keeping the note it had when the answer is the same.
fn flag_from(v: &str, old: &Option<pmatlas_core::Flag>) -> Option<pmatlas_core::Flag> {
    let value = match v {
        "yes" => true,
        "no" => false,
        _ => return None,
    };
    let note = old.as_ref().filter(|o| o.value == value).and_then(|o| o.note.clone());
    Some(pmatlas_core::Flag { value, note })
}

/// The number an unchanged list item had (each old item used once).
fn number_of(old: &[(String, Option<u32>)], text: &str, used: &mut Vec<usize>) -> Option<u32> {
    let at = old.iter().enumerate().position(|(i, (t, _))| t == text && !used.contains(&i))?;
    used.push(at);
    old[at].1
}

fn texts(s: &str) -> Vec<Text> {
    s.lines().filter_map(Text::new).collect()
}

/// The items of a one-per-line field, each line read by `read`: an item whose text is
/// unchanged (one of `old`, as text and number) keeps the number its document gave it.
fn numbered<T>(field: &str, old: Vec<(String, Option<u32>)>, read: impl Fn(Option<u32>, &str) -> Option<T>) -> Vec<T> {
    let mut used = Vec::new();
    field.lines().map(str::trim).filter_map(|l| read(number_of(&old, l, &mut used), l)).collect()
}

/// The same for plain list items, read as texts.
fn list_items(field: &str, old: &[ListItem]) -> Vec<ListItem> {
    let old: Vec<(String, Option<u32>)> = old.iter().map(|r| (r.text.to_string(), r.number)).collect();
    let mut used = Vec::new();
    texts(field).into_iter().map(|text| ListItem { number: number_of(&old, text.as_str(), &mut used), text }).collect()
}

/// The profile a posted form describes: `base` with the form's fields applied. Returns
/// the form again with a message next to each field that did not read.
pub(crate) fn profile_of(base: &Profile, f: &[(String, String)]) -> Result<Profile, Box<FormVm>> {
    let mut p = base.clone();
    let mut errors: Vec<(String, String)> = Vec::new();
    match Text::new(get(f, "name")) {
        // A new name in mixed scripts (a name read so from a real page stays as it was).
        Some(n) if n != base.name && pmatlas_core::text::mixed_script_word(n.as_str()).is_some() => errors.push((
            "name".into(),
            format!(
                "“{}” mixes letters of different scripts, as look-alike names do: type it in one script.",
                pmatlas_core::text::mixed_script_word(n.as_str()).unwrap_or_default()
            ),
        )),
        Some(n) if n.as_str().chars().count() <= 200 => p.name = n,
        _ => errors.push(("name".into(), "Give the region's name (at most 200 characters).".into())),
    }
    let number = |field: &str, errors: &mut Vec<(String, String)>| -> Option<f64> {
        let v = get(f, field).trim().replace([',', ' '], "");
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            _ => {
                errors.push((field.into(), "A number, such as 2120237 or 25.7.".into()));
                None
            }
        }
    };
    let innovation = get(f, "innovation").trim();
    if innovation.is_empty() {
        p.key_figures.innovation = None;
    } else {
        let groups = pmatlas_core::format::values::parse_innovation_groups(innovation);
        if groups.is_empty() {
            errors.push(("innovation".into(), "A group of the Regional Innovation Scoreboard: Leader, Strong, Moderate, Modest or Emerging, with + or − if you like.".into()));
        } else {
            let edition = base.key_figures.innovation.as_ref().and_then(|i| i.edition);
            p.key_figures.innovation = Some(pmatlas_core::Innovation { edition, groups });
        }
    }
    let k = &mut p.key_figures;
    let year = |old: Option<u16>| old;
    k.population = number("population", &mut errors)
        .map(|v| Figure { value: v as u64, year: year(base.key_figures.population.as_ref().and_then(|f| f.year)) });
    k.density = number("density", &mut errors)
        .map(|v| Figure { value: v, year: year(base.key_figures.density.as_ref().and_then(|f| f.year)) });
    match number("over65", &mut errors) {
        Some(v) if v > 100.0 => errors.push(("over65".into(), "A share in percent, from 0 to 100.".into())),
        v => {
            k.over65_share =
                v.map(|v| Figure { value: v, year: year(base.key_figures.over65_share.as_ref().and_then(|f| f.year)) })
        }
    }
    p.websites = texts(get(f, "websites"));
    p.description =
        get(f, "description").split("\n\n").filter_map(|para| Text::new(&para.replace('\n', " "))).collect();
    let seeking = match get(f, "seeking") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let mut interest_lines = texts(get(f, "interests"));
    let partners = texts(get(f, "partners"));
    p.collaboration = if seeking.is_none() && interest_lines.is_empty() && partners.is_empty() {
        None
    } else {
        let interests = (!interest_lines.is_empty()).then(|| interest_lines.remove(0));
        Some(Collaboration::new(seeking, interests, interest_lines, partners))
    };
    // The same answer keeps its form (an empty answer on the page stays one).
    let same = |a: Option<&Collaboration>, b: Option<&Collaboration>| {
        let key = |c: Option<&Collaboration>| {
            c.map_or((None, Vec::new(), Vec::new()), |c| {
                (c.seeking, c.texts().map(str::to_string).collect::<Vec<_>>(), c.partners.clone())
            })
        };
        key(a) == key(b)
    };
    if same(p.collaboration.as_ref(), base.collaboration.as_ref()) {
        p.collaboration = base.collaboration.clone();
    }
    for n in NetworkId::all() {
        let key = format!("membership.{}", n.id());
        let v = get(f, &key);
        let answer = if v.is_empty() { None } else { MembershipAnswer::from_id(v) };
        if !v.is_empty() && answer.is_none() {
            errors.push((key.clone(), "Choose one of the answers.".into()));
        }
        let note = base.membership(n).and_then(|m| m.note.clone());
        p.memberships.retain(|m| m.network != n);
        if let Some(answer) = answer {
            p.memberships.push(Membership {
                network: n,
                answer,
                note: if base.membership(n).map(|m| m.answer) == Some(answer) { note } else { None },
            });
        }
    }
    for i in SelfEvaluationItem::ALL {
        let key = format!("rating.{}", i.id());
        let v = get(f, &key);
        let r = Rating::ALL.into_iter().find(|r| r.id() == v);
        if !v.is_empty() && r.is_none() {
            errors.push((key, "Choose a rating.".into()));
        }
        p.self_evaluation.set(i, r);
    }
    let old_docs = base.policy_documents.iter().map(|d| (d.text(), d.number)).collect();
    p.policy_documents = numbered(get(f, "policy_documents"), old_docs, pmatlas_core::format::policy_document);
    let old_inits = base.initiatives.iter().map(|i| (i.text(), i.number)).collect();
    p.initiatives = numbered(get(f, "initiatives"), old_inits, pmatlas_core::format::initiative);
    p.represented_in = list_items(get(f, "represented_in"), &base.represented_in);
    p.health_profile =
        get(f, "health_profile").split("\n\n").filter_map(|para| Text::new(&para.replace('\n', " "))).collect();
    p.policy_topics = texts(get(f, "policy_topics"))
        .into_iter()
        .map(|text| pmatlas_core::PolicyTopic {
            topic: pmatlas_core::vocab::PolicyTopicId::lookup(text.as_str()),
            text,
        })
        .collect();
    // A line as the form showed it keeps its measure as it was; another is read as the text
    // format writes one.
    let mut measures = Vec::new();
    for l in get(f, "support_measures").lines().map(str::trim).filter(|l| !l.is_empty()) {
        let kept = base.support_measures.iter().find(|m| pmatlas_core::format::support_measure_line(m) == l);
        match kept.cloned().or_else(|| pmatlas_core::format::support_measure(l)) {
            Some(m) => measures.push(m),
            None => errors.push((
                "support_measures".into(),
                format!("“{l}” does not start with a kind of measure (see the list below the field)."),
            )),
        }
    }
    p.support_measures = measures;
    p.funding_programmes = list_items(get(f, "funding_programmes"), &base.funding_programmes);
    p.digital_innovation_hubs = texts(get(f, "digital_innovation_hubs"));
    p.ris3 = flag_from(get(f, "ris3"), &base.ris3);
    p.pm_ris3 = flag_from(get(f, "pm_ris3"), &base.pm_ris3);
    p.national_level = match get(f, "national_level") {
        "yes" => true,
        "no" => false,
        _ => base.national_level,
    };
    for (field, label) in [("nace", "NACE"), ("nabs", "NABS"), ("policy_objectives", "Eye@RIS3")] {
        let mut codes = Vec::new();
        for c in get(f, field).split([',', ';', '\n']).map(str::trim).filter(|c| !c.is_empty()) {
            let known = match field {
                "nace" => pmatlas_core::vocab::nace_label(c).is_some(),
                "nabs" => pmatlas_core::vocab::nabs_label(c).is_some(),
                _ => c.len() <= 12 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'),
            };
            if known {
                // A code the profile had keeps the label it was written with.
                let old = match field {
                    "nace" => &base.nace,
                    "nabs" => &base.nabs,
                    _ => &base.policy_objectives,
                };
                let label = old.iter().find(|o| o.code == c).and_then(|o| o.label.clone());
                codes.push(ClassCode { code: c.to_string(), label });
            } else {
                errors.push((
                    field.into(),
                    format!(
                        "“{c}” is not a {label} code (for example {}).",
                        match field {
                            "nace" => "Q.86",
                            "nabs" => "NABS07",
                            _ => "D.19",
                        }
                    ),
                ));
            }
        }
        match field {
            "nace" => p.nace = codes,
            "nabs" => p.nabs = codes,
            _ => p.policy_objectives = codes,
        }
    }
    // A changed profile is the region's own word now, not a cut copy of a page.
    if p != *base {
        p.origin.incomplete = None;
    }
    // The limit every stored profile keeps (an import refuses the same), said next to the
    // field it is about.
    if let Some((path, n)) = pmatlas_core::limits::field_over_limit(&p) {
        let head = path.split(['[', '.']).next().unwrap_or("");
        let max = pmatlas_core::limits::MAX_FIELD_CHARS;
        errors.push((
            form_field(head).to_string(),
            format!("At most {max} characters a paragraph or item; one has {n}."),
        ));
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        let mut vm = form_from_post(f);
        vm.errors = errors;
        Err(Box::new(vm))
    }
}

/// The form as posted (to show it again with its messages).
fn form_from_post(f: &[(String, String)]) -> FormVm {
    let mut vm = FormVm::default();
    let s = |k: &str| get(f, k).to_string();
    (vm.name, vm.code, vm.population, vm.density, vm.over65) =
        (s("name"), s("code"), s("population"), s("density"), s("over65"));
    (vm.innovation, vm.partners, vm.health_profile, vm.policy_topics) =
        (s("innovation"), s("partners"), s("health_profile"), s("policy_topics"));
    vm.support_measures = s("support_measures");
    (vm.funding_programmes, vm.digital_innovation_hubs, vm.ris3, vm.pm_ris3) =
        (s("funding_programmes"), s("digital_innovation_hubs"), s("ris3"), s("pm_ris3"));
    vm.national_level = s("national_level");
    (vm.websites, vm.description, vm.seeking, vm.interests) =
        (s("websites"), s("description"), s("seeking"), s("interests"));
    (vm.policy_documents, vm.initiatives, vm.represented_in) =
        (s("policy_documents"), s("initiatives"), s("represented_in"));
    (vm.nace, vm.nabs, vm.policy_objectives, vm.comment) = (s("nace"), s("nabs"), s("policy_objectives"), s("comment"));
    vm.draft = s("draft");
    let empty = blank(None);
    let template = form_of(&empty);
    // The selects of a blank form, each with the posted choice selected.
    let posted = |selects: Vec<(String, String, Vec<Choice>)>| -> Vec<(String, String, Vec<Choice>)> {
        selects
            .into_iter()
            .map(|(k, l, cs)| {
                let v = s(&k);
                let cs = cs.into_iter().map(|(id, label, _)| (id.clone(), label, id == v)).collect();
                (k, l, cs)
            })
            .collect()
    };
    vm.memberships = posted(template.memberships);
    vm.ratings = posted(template.ratings);
    vm
}

/// A profile with nothing stated (for a new region, or a blank form).
fn blank(code: Option<NutsCode>) -> Profile {
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
}

fn codes(table: &std::collections::HashMap<String, pmatlas_core::vocab::CodeEntry>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = table.values().map(|e| (e.code.clone(), e.label.clone())).collect();
    v.sort();
    v
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Where a form posts to, and how it is headed.
struct Target {
    heading: String,
    action: String,
    new_region: bool,
}

fn form_page(
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
        started: pmatlas_store::users::stamp(key, now_secs()),
        base,
        note,
        f,
        draft,
    });
    *res.status_mut() = status;
    res
}

#[derive(Template)]
#[template(path = "draft_saved.html")]
struct DraftSaved {
    title: String,
    url: String,
}

/// Saves the posted form as a draft and shows its private link.
async fn save_draft(
    s: &AppState,
    session: Option<&Session>,
    code: Option<String>,
    based_on: Option<u32>,
    f: &[(String, String)],
) -> Result<Response, WebError> {
    let keep: Vec<(String, String)> = f
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "csrf" | "homepage" | "started" | "action" | "draft"))
        .cloned()
        .collect();
    let token = Some(get(f, "draft").to_string()).filter(|t| t.len() == 64);
    let owner = session.map_or("visitor".to_string(), |s| s.user.name.clone());
    let t = s.with_store(move |st| st.save_draft(token.as_deref(), code.as_deref(), based_on, &keep, &owner)).await?;
    Ok(page(DraftSaved { title: "Draft saved".into(), url: format!("/drafts/{t}") }))
}

/// A saved draft, as the form it was (anyone with its private link may resume it; sending
/// it needs the same rights as any form).
pub async fn resume(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if token.len() != 64 {
        return Err(WebError::NotFound);
    }
    let t = token.clone();
    let d = s.with_store(move |st| st.draft(&t)).await?.ok_or(WebError::NotFound)?;
    let mut f = form_from_post(&d.fields);
    f.draft = token;
    let when: String = d.updated_at.replace('T', " ").chars().take(16).collect();
    let target = match &d.code {
        Some(c) => Target {
            heading: format!("Update the profile of {c}"),
            action: format!("/regions/{c}/update"),
            new_region: false,
        },
        None => {
            Target { heading: "Add your region to the observatory".into(), action: "/survey".into(), new_region: true }
        }
    };
    let mut res = form_page(
        &s.form_key,
        target,
        user.as_ref().map(|u| &u.1),
        d.based_on.unwrap_or(0),
        format!("Your draft, as saved at {when} UTC."),
        f,
        StatusCode::OK,
    );
    res.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// Who may do what with a region's profile.
enum Right {
    /// Publishes at once (a curator, or a trusted editor of the region).
    Publish,
    /// Submits for review (an editor of the region, or a visitor).
    Submit,
}

fn right(session: Option<&Session>, code: &NutsCode) -> Result<Right, WebError> {
    match session {
        None => Ok(Right::Submit),
        Some(s) if s.user.role.curates() => Ok(Right::Publish),
        Some(s) if s.user.may_edit(code) => Ok(if s.user.trusted { Right::Publish } else { Right::Submit }),
        Some(_) => Err(WebError::Forbidden("You may edit only the regions assigned to you.")),
    }
}

pub async fn update_form(
    State(s): State<AppState>,
    Path(code): Path<String>,
    MaybeUser(user): MaybeUser,
) -> Result<Response, WebError> {
    let view = s.view();
    let r =
        crate::extract::parse_code(&code).and_then(|c| view.snapshot.get(&c)).ok_or(WebError::RegionNotFound(code))?;
    let session = user.as_ref().map(|u| &u.1);
    let how = right(session, &r.profile.code)?;
    let note = match how {
        Right::Publish => "Your changes are published when you save them.",
        Right::Submit => "Your changes go to a curator, who publishes them; you get a link to follow them.",
    };
    Ok(form_page(
        &s.form_key,
        Target {
            heading: format!("Update the profile of {}", r.profile.name),
            action: format!("/regions/{}/update", r.profile.code),
            new_region: false,
        },
        session,
        r.version.number,
        note.into(),
        form_of(&r.profile),
        StatusCode::OK,
    ))
}

/// Reads a posted form, with the checks every post gets: its size, its CSRF token for an
/// account, the honeypot, the fill time and the rate for a visitor.
async fn read_post(
    s: &AppState,
    session: Option<&Session>,
    addr: &str,
    body: &Bytes,
) -> Result<Vec<(String, String)>, Response> {
    if body.len() > MAX_FORM_BYTES {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, format!("A form may hold at most {} KB.", MAX_FORM_BYTES / 1024))
            .into_response());
    }
    let f = crate::auth::form(body);
    match session {
        Some(sess) => {
            if !csrf_ok(sess, &f) {
                return Err(crate::auth::bad_token());
            }
        }
        None => {
            // A field people do not see, and a form sent too fast: a robot's.
            // The time the form was shown is the server's, signed: a client cannot claim an
            // earlier one ("started=0").
            let started = pmatlas_store::users::stamped_time(&s.form_key, get(&f, "started"));
            let human = started.is_some_and(|t| now_secs().saturating_sub(t) >= MIN_FILL_SECONDS);
            if !get(&f, "homepage").is_empty() || !human {
                return Err((
                    StatusCode::BAD_REQUEST,
                    "This form could not be accepted. If you are a person, wait a moment and send it again.",
                )
                    .into_response());
            }
            let addr = addr.to_string();
            let allowed =
                s.with_store(move |st| st.rate_hit(&format!("submit:{addr}"), VISITOR_SUBMISSIONS_PER_HOUR, 60)).await;
            match allowed {
                Ok(true) => {}
                Ok(false) => {
                    return Err((
                        StatusCode::TOO_MANY_REQUESTS,
                        [("retry-after", "3600")],
                        "Too many submissions from your address this hour.",
                    )
                        .into_response())
                }
                Err(e) => return Err(e.into_response()),
            }
        }
    }
    Ok(f)
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    title: String,
    name: String,
    id: i64,
    status_url: String,
}

pub async fn update(
    State(s): State<AppState>,
    Path(code): Path<String>,
    MaybeUser(user): MaybeUser,
    crate::auth::ClientIp(addr): crate::auth::ClientIp,
    body: Bytes,
) -> Result<Response, WebError> {
    let view = s.view();
    let r =
        crate::extract::parse_code(&code).and_then(|c| view.snapshot.get(&c)).ok_or(WebError::RegionNotFound(code))?;
    let session = user.as_ref().map(|u| &u.1);
    let how = right(session, &r.profile.code)?;
    let f = match read_post(&s, session, &addr, &body).await {
        Ok(f) => f,
        Err(res) => return Ok(res),
    };
    let base_version: u32 = get(&f, "base").parse().unwrap_or(r.version.number);
    if get(&f, "action") == "draft" {
        return save_draft(&s, session, Some(r.profile.code.to_string()), Some(base_version), &f).await;
    }
    let draft_token = Some(get(&f, "draft").to_string()).filter(|t| t.len() == 64);
    // The form was filled on the version it names: that version is its base.
    let code = r.profile.code;
    let base = if base_version == r.version.number {
        r.profile.clone()
    } else {
        s.with_store(move |st| st.version(&code, base_version)).await?.1
    };
    // The form shown again, with a note (the messages next to the fields are in `vm`).
    let again = |note: &str, vm: FormVm, status: StatusCode| {
        let target = Target {
            heading: format!("Update the profile of {}", r.profile.name),
            action: format!("/regions/{code}/update"),
            new_region: false,
        };
        form_page(&s.form_key, target, session, base_version, note.into(), vm, status)
    };
    let profile = match profile_of(&base, &f) {
        Ok(p) => p,
        Err(vm) => {
            return Ok(again("Some answers need a change: see the messages.", *vm, StatusCode::UNPROCESSABLE_ENTITY))
        }
    };
    if profile == base {
        // Nothing to review or publish: no submission, no version.
        let note = "Nothing changed: the form holds the profile as it is. Change an answer, then send it.";
        return Ok(again(note, form_of(&base), StatusCode::OK));
    }
    let comment = Text::new(get(&f, "comment")).map(|t| t.to_string());
    match how {
        Right::Publish => {
            let author = session.map(|s| s.user.name.clone()).unwrap_or_default();
            let written = s
                .with_store(move |st| {
                    let w = pmatlas_store::Write {
                        comment: comment.as_deref().or(Some("edited on the site")),
                        replace: true,
                        ..pmatlas_store::Write::new(&profile, Some(base_version), &author, pmatlas_store::Source::Edit)
                    };
                    let written = st.write(&w)?;
                    st.audit(
                        &author,
                        "edit",
                        Some(profile.code.as_str()),
                        &format!("version {}", written.outcome.version()),
                    )?;
                    if let Some(d) = &draft_token {
                        st.delete_draft(d)?;
                    }
                    Ok(written)
                })
                .await;
            match written {
                Ok(_) => {
                    s.refresh().await?;
                    Ok(Redirect::to(&format!("/regions/{code}")).into_response())
                }
                Err(WebError::Refused(m)) => Ok((StatusCode::CONFLICT, m).into_response()),
                Err(e) => Err(e),
            }
        }
        Right::Submit => {
            let submitter = session.map_or("visitor".to_string(), |s| s.user.name.clone());
            let contact = Text::new(get(&f, "contact")).map(|t| t.to_string());
            let (id, token) = s
                .with_store(move |st| {
                    let done =
                        st.submit(&profile, Some(base_version), &submitter, contact.as_deref(), comment.as_deref())?;
                    if let Some(d) = draft_token {
                        st.delete_draft(&d)?;
                    }
                    Ok(done)
                })
                .await?;
            Ok(page(SubmittedPage {
                title: "Thank you".into(),
                name: r.profile.name.to_string(),
                id,
                status_url: format!("/submissions/{token}"),
            }))
        }
    }
}

pub async fn survey_form(State(s): State<AppState>, MaybeUser(user): MaybeUser) -> Response {
    let empty = blank(None);
    let mut f = form_of(&empty);
    (f.name, f.code) = (String::new(), String::new());
    form_page(
        &s.form_key,
        Target { heading: "Add your region to the observatory".into(), action: "/survey".into(), new_region: true },
        user.as_ref().map(|u| &u.1),
        0,
        "A curator checks every new profile before it is published; you get a link to follow it.".into(),
        f,
        StatusCode::OK,
    )
}

pub async fn survey(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    crate::auth::ClientIp(addr): crate::auth::ClientIp,
    body: Bytes,
) -> Result<Response, WebError> {
    let session = user.as_ref().map(|u| &u.1);
    let f = match read_post(&s, session, &addr, &body).await {
        Ok(f) => f,
        Err(res) => return Ok(res),
    };
    if get(&f, "action") == "draft" {
        return save_draft(&s, session, None, None, &f).await;
    }
    let draft_token = Some(get(&f, "draft").to_string()).filter(|t| t.len() == 64);
    let view = s.view();
    let code = crate::extract::parse_code(get(&f, "code").trim());
    let mut errors = Vec::new();
    match code {
        None => errors
            .push(("code".to_string(), "A NUTS code, such as DEG or ES51 (a country: its two letters).".to_string())),
        Some(c) if view.snapshot.get(&c).is_some() => errors
            .push(("code".to_string(), format!("{c} has a profile already: update it instead (/regions/{c}/update)."))),
        _ => {}
    }
    let base = blank(code);
    let result = profile_of(&base, &f);
    let profile = match (result, errors.is_empty()) {
        (Ok(p), true) => p,
        (r, _) => {
            let mut vm = match r {
                Ok(_) => form_from_post(&f),
                Err(vm) => *vm,
            };
            vm.errors.extend(errors);
            let t = Target {
                heading: "Add your region to the observatory".into(),
                action: "/survey".into(),
                new_region: true,
            };
            let note = "Some answers need a change: see the messages.".to_string();
            return Ok(form_page(&s.form_key, t, session, 0, note, vm, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let submitter = session.map_or("visitor".to_string(), |s| s.user.name.clone());
    let contact = Text::new(get(&f, "contact")).map(|t| t.to_string());
    let comment = Text::new(get(&f, "comment")).map(|t| t.to_string());
    let name = profile.name.to_string();
    let (id, token) = s
        .with_store(move |st| {
            let done = st.submit(&profile, None, &submitter, contact.as_deref(), comment.as_deref())?;
            if let Some(d) = draft_token {
                st.delete_draft(&d)?;
            }
            Ok(done)
        })
        .await?;
    Ok(page(SubmittedPage { title: "Thank you".into(), name, id, status_url: format!("/submissions/{token}") }))
}

#[derive(Template)]
#[template(path = "submission.html")]
struct StatusPage {
    title: String,
    id: i64,
    code: String,
    name: String,
    status: &'static str,
    created_at: String,
    reviewed_at: String,
    reason: String,
    version: u32,
}

/// A submission's status, for whoever has its private link.
pub async fn status(State(s): State<AppState>, Path(token): Path<String>) -> Result<Response, WebError> {
    if token.len() != 64 {
        return Err(WebError::NotFound);
    }
    let sub = s.with_store(move |st| st.submission_by_token(&token)).await?.ok_or(WebError::NotFound)?;
    let mut res = page(StatusPage {
        title: format!("Submission {}", sub.id),
        id: sub.id,
        code: sub.code.clone(),
        name: sub.profile.name.to_string(),
        status: sub.status.as_str(),
        created_at: sub.created_at.replace('T', " ").chars().take(16).collect(),
        reviewed_at: sub.reviewed_at.unwrap_or_default().replace('T', " ").chars().take(16).collect(),
        reason: sub.reason.unwrap_or_default(),
        version: sub.version.unwrap_or(0),
    });
    res.headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// The form field a reader's warning is about (by the profile field it names).
fn form_field(field: &str) -> &str {
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

/// A filled document (the observatory text format, or the JSON or CSV pmatlas exports),
/// read with the same reader as `pmatlas import` and shown back as the filled form, the
/// reader's warnings next to their fields. Nothing is stored until the form is sent.
async fn upload(
    State(s): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(code): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let session = user.as_ref().map(|u| &u.1);
    let new_region = code == "new";
    let view = s.view();
    let current = if new_region {
        None
    } else {
        let r = crate::extract::parse_code(&code)
            .and_then(|c| view.snapshot.get(&c))
            .ok_or(WebError::RegionNotFound(code.clone()))?;
        right(session, &r.profile.code)?;
        Some(r)
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("document") {
            let name = field.file_name().unwrap_or("document.txt").to_string();
            match field.bytes().await {
                Ok(b) if b.len() <= pmatlas_store::documents::MAX_DOCUMENT_BYTES => file = Some((name, b.to_vec())),
                _ => return Ok((StatusCode::PAYLOAD_TOO_LARGE, "A document may be at most 1 MiB.").into_response()),
            }
        }
    }
    let target = |heading: String| Target {
        heading,
        action: if new_region { "/survey".into() } else { format!("/regions/{code}/update") },
        new_region,
    };
    let heading = match current {
        Some(r) => format!("Update the profile of {}", r.profile.name),
        None => "Add your region to the observatory".into(),
    };
    let base = current.map_or(0, |r| r.version.number);
    let Some((name, bytes)) = file else {
        return Ok((StatusCode::BAD_REQUEST, "Choose a document to upload.").into_response());
    };
    let read = pmatlas_store::documents::profiles_from_bytes(std::path::Path::new(&name), &bytes);
    let parsed = match read {
        Ok(mut ps) if !ps.is_empty() => ps.remove(0),
        Ok(_) => return Ok((StatusCode::UNPROCESSABLE_ENTITY, "The document holds no profile.").into_response()),
        Err(e) => {
            let mut f = match current {
                Some(r) => form_of(&r.profile),
                None => form_of(&blank(None)),
            };
            f.errors.push(("name".into(), format!("{name}, line {}: {}", e.line, e.message)));
            return Ok(form_page(
                &s.form_key,
                target(heading),
                session,
                base,
                "The document could not be read: see the message.".into(),
                f,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    if let Some(r) = current {
        if parsed.profile.code != r.profile.code {
            let mut f = form_of(&r.profile);
            f.errors.push((
                "name".into(),
                format!("{name} is the profile of {}, not {}.", parsed.profile.code, r.profile.code),
            ));
            return Ok(form_page(
                &s.form_key,
                target(heading),
                session,
                base,
                "The document is another region's.".into(),
                f,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    }
    let mut f = form_of(&parsed.profile);
    f.errors = parsed
        .warnings
        .iter()
        .map(|w| (form_field(w.field.unwrap_or("name")).to_string(), format!("{name}, line {}: {}", w.line, w.message)))
        .collect();
    let note = format!(
        "Read from {name}{}. Check the answers, then send the form: nothing is stored until you do.",
        if f.errors.is_empty() {
            String::new()
        } else {
            format!(", with {} warning(s) next to their fields", f.errors.len())
        }
    );
    Ok(form_page(&s.form_key, target(heading), session, base, note, f, StatusCode::OK))
}

pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/regions/{code}/upload", post(upload))
        .route("/regions/{code}/update", get(update_form).post(update))
        .route("/survey", get(survey_form).post(survey))
        .route("/submissions/{token}", get(status))
        .route("/drafts/{token}", get(resume))
}
