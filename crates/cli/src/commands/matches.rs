//! `match`: matches for a region, or who works on a topic.

use std::process::ExitCode;

use crate::error::CliError;
use crate::{plural, read_store};

pub fn run_match(
    db: &pmatlas_store::Location,
    code: Option<&str>,
    topic: Option<&str>,
    limit: usize,
    json: bool,
) -> Result<ExitCode, CliError> {
    use pmatlas_core::vocab::TopicId;
    let topic = match topic {
        None => None,
        Some(t) => Some(
            TopicId::from_id(t)
                .or_else(|| pmatlas_core::topics::topic_named(t))
                .ok_or_else(|| CliError::Usage(format!("'{t}' is no topic of data/vocab/topics.csv")))?,
        ),
    };
    let store = read_store(db)?;
    let snap = store.snapshot()?;
    let profiles: Vec<&pmatlas_core::Profile> = snap.regions().iter().map(|r| &r.profile).collect();
    let matcher =
        pmatlas_core::matching::Matcher::shared(&snap.shared()).with_vectors(std::sync::Arc::new(store.vectors()?));
    let Some(code) = code else {
        let topic = topic.ok_or_else(|| CliError::Usage("give a region code, a --topic, or both".into()))?;
        let who = matcher.working_on(topic);
        if json {
            let v: Vec<serde_json::Value> = who
                .iter()
                .take(limit)
                .map(|&i| {
                    let ev = matcher.topic_evidence(i, topic);
                    serde_json::json!({"code": profiles[i].code, "name": profiles[i].name, "evidence": ev})
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        } else {
            outln!("{} region{} with evidence of {}:", who.len(), plural(who.len()), topic.label().to_lowercase());
            for &i in who.iter().take(limit) {
                let (p, ev) = (profiles[i], matcher.topic_evidence(i, topic));
                outln!(
                    "{} {}: it {}",
                    p.code,
                    p.name,
                    ev.iter().take(3).map(|e| e.phrase()).collect::<Vec<_>>().join("; it ")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    let nuts = pmatlas_core::NutsCode::parse(&code.to_ascii_uppercase())
        .map_err(|e| CliError::Usage(format!("'{code}': {e}")))?;
    let a = profiles.iter().position(|p| p.code == nuts).ok_or_else(|| {
        CliError::Store(pmatlas_store::StoreError::NotFound { code: nuts.to_string(), version: None })
    })?;
    let found = matcher.partners(a, topic, limit);
    if json {
        let v: Vec<_> = found.iter().map(|m| m.out(profiles[m.index])).collect();
        outln!("{}", serde_json::to_string_pretty(&v).expect("serialises"));
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() && profiles.len() < 2 {
        outln!("No partner found for {}: it is the only region in the database.", profiles[a].name);
    } else if found.is_empty() {
        outln!("No partner found for {}: {}.", profiles[a].name, matcher.why_none(a, topic));
    }
    if !found.is_empty() {
        outln!("{}", ranked_by(&matcher, a, profiles[a].name.as_str(), topic.is_some()));
    }
    if let Some(said) = matcher.unanswered(a, &found, limit).filter(|_| topic.is_none()) {
        outln!("{said}");
    }
    let answering = matcher.answering(a, topic, &found);
    let filling = pmatlas_core::matching::same_fields_from(&found);
    for (rank, m) in found.iter().enumerate() {
        let p = profiles[m.index];
        if rank == filling {
            outln!("{}", filled_by(&matcher, (a, &found), profiles[a].name.as_str(), rank));
        } else if rank == answering {
            outln!(
                "{} regions whose points are all bonuses (they answer nothing {} seeks):",
                if rank == 0 { "No region's evidence answers what it seeks. The" } else { "Then the" },
                profiles[a].name
            );
        }
        outln!("{}. {} {} (score {:.1})", rank + 1, p.code, p.name, m.score);
        for r in &m.reasons {
            outln!("   - {r}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The line before the regions that fill a short list by the fields the asker works in.
fn filled_by(
    m: &pmatlas_core::matching::Matcher,
    (a, found): (usize, &[pmatlas_core::matching::Match]),
    asker: &str,
    rank: usize,
) -> String {
    let fields: Vec<String> = m.filled_by(a, found).iter().map(|t| t.label().to_lowercase()).collect();
    let fields = fields.join("; ");
    // A region that seeks nothing is matched by some of its fields already: a region listed
    // here shows them by too little evidence, or they are fields most regions work in.
    let (none, fewer) = match m.asks(a).is_empty() {
        true => (
            "No region shows enough evidence of the fields it is matched by, and none earns a bonus.",
            format!("work in the fields {asker} is matched by"),
        ),
        false => (
            "No region's evidence answers what it seeks, and none earns a bonus.",
            format!("answer what {asker} seeks"),
        ),
    };
    let who = format!("regions working in the fields {asker} works in ({fields}), their points for those alone");
    match rank {
        0 => format!("{none} The {who}:"),
        _ => format!("Then the {who} (fewer regions than the list holds {fewer} or earn a bonus):"),
    }
}

/// Which ranking is in use, and the order, in words.
fn ranked_by(m: &pmatlas_core::matching::Matcher, a: usize, asker: &str, topic: bool) -> String {
    let how = match m.meaning_model() {
        Some(model) => format!("Ranked by shared words and by meaning ({model})."),
        None => "Ranked by shared words (no sentence-embedding model installed: `pmatlas model install`).".into(),
    };
    if topic {
        return format!("{how} Regions with evidence of the topic, best score first.");
    }
    if !m.asks(a).is_empty() {
        return format!(
            "{how} Regions answering something {asker} seeks come first, before those whose points are all bonuses; a list still short ends with regions working in the fields {asker} works in."
        );
    }
    let fields: Vec<String> = m.own_fields(a).iter().map(|t| t.label().to_lowercase()).collect();
    if fields.is_empty() {
        return format!("{how} {asker} names no field or network it seeks, and shows no field it works in (by evidence at least a policy or strategy statement) that at most half the regions work in: regions are ranked by what they seek that {asker} offers, by the countries and regions either names and by networks both belong to that few regions hold.");
    }
    let which = if m.own_fields_by_all(a) {
        "all its evidence shows (it shows none that at most half the regions work in by evidence at least a policy or strategy statement), those fewest regions work in first"
    } else {
        "it works in that fewest regions work in, at most half of them"
    };
    format!(
        "{how} {asker} names no field or network it seeks: regions are ranked by the fields {which} ({}), by what they seek that {asker} offers, by the countries and regions either names and by networks both belong to that few regions hold, in one order; a list still short ends with regions working in the fields {asker} works in.",
        fields.join("; ")
    )
}
