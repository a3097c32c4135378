//! Reading a posted survey form: the checks every post gets (size, CSRF token, honeypot,
//! fill time, a visitor's rate), and the profile its fields make, or the form again with a
//! message next to each field that did not read; and who may do what with a profile.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::form::*;
use crate::auth::{csrf_ok, field as get, MAX_FORM_BYTES};
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
pub(crate) const MIN_FILL_SECONDS: u64 = 3;

/// A yes/no answer from the form, keeping the note it had when the answer is the same.
pub(crate) fn flag_from(v: &str, old: &Option<pmatlas_core::Flag>) -> Option<pmatlas_core::Flag> {
    let value = match v {
        "yes" => true,
        "no" => false,
        _ => return None,
    };
    let note = old.as_ref().filter(|o| o.value == value).and_then(|o| o.note.clone());
    Some(pmatlas_core::Flag { value, note })
}

/// The number an unchanged list item had (each old item used once).
pub(crate) fn number_of(old: &[(String, Option<u32>)], text: &str, used: &mut Vec<usize>) -> Option<u32> {
    let at = old.iter().enumerate().position(|(i, (t, _))| t == text && !used.contains(&i))?;
    used.push(at);
    old[at].1
}

pub(crate) fn texts(s: &str) -> Vec<Text> {
    s.lines().filter_map(Text::new).collect()
}

/// The items of a one-per-line field, each line read by `read`: an item whose text is
/// unchanged (one of `old`, as text and number) keeps the number its document gave it.
pub(crate) fn numbered<T>(
    field: &str,
    old: Vec<(String, Option<u32>)>,
    read: impl Fn(Option<u32>, &str) -> Option<T>,
) -> Vec<T> {
    let mut used = Vec::new();
    field.lines().map(str::trim).filter_map(|l| read(number_of(&old, l, &mut used), l)).collect()
}

/// The same for plain list items, read as texts.
pub(crate) fn list_items(field: &str, old: &[ListItem]) -> Vec<ListItem> {
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
    p.initiatives = super::initiatives::posted(f, &base.initiatives).unwrap_or_else(|| {
        let old_inits = base.initiatives.iter().map(|i| (i.text(), i.number)).collect();
        numbered(get(f, "initiatives"), old_inits, pmatlas_core::format::initiative)
    });
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
pub(crate) fn form_from_post(f: &[(String, String)]) -> FormVm {
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
    (vm.policy_documents, vm.represented_in) = (s("policy_documents"), s("represented_in"));
    vm.initiatives = super::initiatives::rows_posted(f);
    if vm.initiatives.is_empty() {
        // An older draft, with the initiatives as lines.
        let old: Vec<pmatlas_core::Initiative> =
            s("initiatives").lines().filter_map(|l| pmatlas_core::format::initiative(None, l)).collect();
        vm.initiatives = super::initiatives::rows_of(&old);
    } else if vm.initiatives.iter().rev().take(super::initiatives::BLANK_ROWS).any(|r| !r.0.is_empty()) {
        // The blank rows were used: more for the next ones.
        vm.initiatives.extend(std::iter::repeat_with(Default::default).take(super::initiatives::BLANK_ROWS));
    }
    (vm.nace, vm.nabs, vm.policy_objectives, vm.comment) = (s("nace"), s("nabs"), s("policy_objectives"), s("comment"));
    vm.draft = s("draft");
    (vm.contact_name, vm.contact) = (s("contact_name"), s("contact"));
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

/// Reads a posted form, with the checks every post gets: its size, its CSRF token for an
/// account, the honeypot, the fill time and the rate for a visitor.
pub(crate) async fn read_post(
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
        // Moving between the survey's steps stores nothing: only the honeypot applies.
        None if matches!(get(&f, "action"), "next" | "back") => {
            if !get(&f, "homepage").is_empty() {
                return Err((StatusCode::BAD_REQUEST, "This form could not be accepted.").into_response());
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

/// Who may do what with a region's profile.
pub(crate) enum Right {
    /// Publishes at once (a curator, or a trusted editor of the region).
    Publish,
    /// Submits for review (an editor of the region, or a visitor).
    Submit,
}

pub(crate) fn right(session: Option<&Session>, code: &NutsCode) -> Result<Right, WebError> {
    match session {
        None => Ok(Right::Submit),
        Some(s) if s.user.role.curates() => Ok(Right::Publish),
        Some(s) if s.user.may_edit(code) => Ok(if s.user.trusted { Right::Publish } else { Right::Submit }),
        Some(_) => Err(WebError::Forbidden("You may edit only the regions assigned to you.")),
    }
}
