//! The long tables: one row per list item (memberships, codes, initiatives, ratings, topics,
//! policy documents).

use pmatlas_core::vocab::{nabs_label, nace_label, policy_objective_label};
use pmatlas_core::{Profile, SelfEvaluationItem};

use super::flat::{opt, Table};
use crate::Region;

fn table(name: &'static str, header: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table { name, header: header.iter().map(|s| s.to_string()).collect(), rows }
}

/// A scheme name, a profile's codes in it, and the official label of a code.
type Scheme<'a> = (&'static str, &'a Vec<pmatlas_core::ClassCode>, fn(&str) -> Option<&'static str>);

/// The long tables: one row per list item.
pub fn long_tables(regions: &[std::sync::Arc<Region>]) -> Vec<Table> {
    let ps: Vec<&Profile> = regions.iter().map(|r| &r.profile).collect();
    let code = |p: &Profile| p.code.to_string();
    let memberships = ps
        .iter()
        .flat_map(|p| {
            p.memberships.iter().map(move |m| {
                vec![
                    code(p),
                    m.network.id().into(),
                    m.network.short().into(),
                    m.answer.id().into(),
                    opt(m.note.as_ref()),
                ]
            })
        })
        .collect();
    let codes = ps
        .iter()
        .flat_map(|p| {
            let schemes: [Scheme<'_>; 3] = [
                ("nace", &p.nace, nace_label),
                ("nabs", &p.nabs, nabs_label),
                ("policy_objective", &p.policy_objectives, policy_objective_label),
            ];
            schemes.into_iter().flat_map(move |(scheme, list, label)| {
                list.iter().map(move |c| {
                    vec![code(p), scheme.into(), c.code.clone(), opt(label(&c.code)), opt(c.label.as_ref())]
                })
            })
        })
        .collect();
    let initiatives = ps
        .iter()
        .flat_map(|p| {
            p.initiatives.iter().map(move |i| {
                vec![
                    code(p),
                    opt(i.number),
                    i.name.to_string(),
                    opt(i.description.as_ref()),
                    opt(i.url.as_ref()),
                    opt(i.network.map(|n| n.id())),
                ]
            })
        })
        .collect();
    let ratings = ps
        .iter()
        .flat_map(|p| {
            SelfEvaluationItem::ALL.iter().filter_map(move |i| {
                p.self_evaluation
                    .get(*i)
                    .map(|r| vec![code(p), i.id().into(), r.label().into(), (r as u8 + 1).to_string()])
            })
        })
        .collect();
    let topics = ps
        .iter()
        .flat_map(|p| {
            p.collaboration.iter().flat_map(move |c| {
                c.topics
                    .iter()
                    .map(move |t| vec![code(p), t.topic.id().into(), t.topic.label().into(), t.as_written.to_string()])
            })
        })
        .collect();
    let documents = ps
        .iter()
        .flat_map(|p| {
            p.policy_documents.iter().map(move |d| {
                vec![code(p), opt(d.number), opt(d.level.map(|l| l.id())), opt(d.prefix.as_ref()), d.title.to_string()]
            })
        })
        .collect();
    vec![
        table("Memberships", &["code", "network", "network_short", "answer", "note"], memberships),
        table("Codes", &["code", "scheme", "class_code", "official_label", "label_as_written"], codes),
        table("Initiatives", &["code", "number", "name", "description", "url", "network"], initiatives),
        table("Ratings", &["code", "item", "rating", "rank"], ratings),
        table("Topics", &["code", "topic", "topic_label", "as_written"], topics),
        table("PolicyDocuments", &["code", "number", "level", "prefix", "title"], documents),
    ]
}
