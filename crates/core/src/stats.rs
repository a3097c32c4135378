//! Statistics of the mapping exercise over a set of profiles: the distribution of each
//! self-evaluation rating, ratings by innovation group, network memberships, the most
//! frequent topics and codes, profile completeness and age.

use std::collections::BTreeMap;

use crate::model::{Profile, Rating, SelfEvaluationItem, Tier};
use crate::vocab::{nace_label, NetworkId};

/// A bar chart: labelled counts, in display order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// What the bars count ("regions").
    pub unit: &'static str,
    pub bars: Vec<(String, usize)>,
    /// The regions the chart rests on: those of the selection that answer its question.
    pub answered: usize,
    /// The regions of the selection.
    pub of: usize,
    /// For each bar, the search filters (facet key, value id) that select its regions;
    /// empty where no filter does (or for every bar of a chart without links).
    #[serde(skip)]
    pub links: Vec<Filters>,
}

impl Chart {
    /// The filters of bar `k`, if it has any.
    pub fn link(&self, k: usize) -> Option<&[(String, String)]> {
        self.links.get(k).map(Vec::as_slice).filter(|l| !l.is_empty())
    }
}

/// A cross table: rows × columns of counts.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Crossing {
    pub id: String,
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<usize>>,
}

/// The search filters of a bar: (facet key, value id) pairs.
type Filters = Vec<(String, String)>;

/// The `n` largest counts, largest first, with their filters: (bars, links).
fn top(counts: BTreeMap<String, (usize, Filters)>, n: usize) -> (Vec<(String, usize)>, Vec<Filters>) {
    let mut v: Vec<(String, (usize, Filters))> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v.into_iter().map(|(label, (count, link))| ((label, count), link)).unzip()
}

fn one(key: &str, value: &str) -> Filters {
    vec![(key.to_string(), value.to_string())]
}

/// Every bar chart of the statistics, in the order shown: the six ratings, then networks,
/// topics, codes, completeness and the age of the data (`updated`: when each was stored).
pub fn charts(ps: &[&Profile]) -> Vec<Chart> {
    let mut charts = ratings(ps);
    charts.push(networks(ps));
    charts.push(collaboration_topics(ps));
    charts.push(policy_topics(ps));
    charts.push(codes(ps));
    charts.push(completeness_chart(ps));
    charts.push(edition_chart(ps));
    for c in &mut charts {
        c.of = ps.len();
        c.answered = ps.iter().filter(|p| answers(&c.id, p)).count();
    }
    charts
}

/// Whether a profile answers the question a chart counts (the chart's base).
fn answers(chart: &str, p: &Profile) -> bool {
    match chart {
        "networks" => p.memberships.iter().any(|m| m.answer != crate::model::MembershipAnswer::Unanswered),
        "collaboration_topics" => p.collaboration.as_ref().is_some_and(|c| !c.topics.is_empty()),
        "policy_topics" => !p.policy_topics.is_empty(),
        "codes" => !p.nace.is_empty() || !p.nabs.is_empty() || !p.policy_objectives.is_empty(),
        "edition" => p.origin.edition.is_some(),
        r => match r.strip_prefix("rating.") {
            Some(item) => SelfEvaluationItem::ALL.iter().any(|i| i.id() == item && p.self_evaluation.get(*i).is_some()),
            None => true,
        },
    }
}

/// The six rating distributions, in the order the profiles ask them.
pub fn ratings(ps: &[&Profile]) -> Vec<Chart> {
    SelfEvaluationItem::ALL
        .iter()
        .map(|&item| Chart {
            answered: 0,
            of: 0,
            id: format!("rating.{}", item.id()),
            title: item.label().to_string(),
            unit: "regions",
            bars: Rating::ALL
                .iter()
                .map(|&r| (r.label().to_string(), ps.iter().filter(|p| p.self_evaluation.get(item) == Some(r)).count()))
                .collect(),
            links: Rating::ALL.iter().map(|r| one(&crate::attr::rating(item), r.id())).collect(),
        })
        .collect()
}

/// Each rating crossed with the innovation group: regions per (group, rating).
pub fn ratings_by_group(ps: &[&Profile]) -> Vec<Crossing> {
    let tiers = Tier::GROUPS;
    SelfEvaluationItem::ALL
        .iter()
        .map(|&item| Crossing {
            id: format!("rating_by_group.{}", item.id()),
            title: format!("{} — by innovation group", item.label()),
            rows: tiers.iter().map(|t| t.group_label().to_string()).collect(),
            columns: Rating::ALL.iter().map(|r| r.label().to_string()).collect(),
            cells: tiers
                .iter()
                .map(|&t| {
                    Rating::ALL
                        .iter()
                        .map(|&r| {
                            ps.iter()
                                .filter(|p| {
                                    p.self_evaluation.get(item) == Some(r)
                                        && p.key_figures
                                            .innovation
                                            .as_ref()
                                            .and_then(|i| i.primary())
                                            .map(|g| g.tier.group())
                                            == Some(t)
                                })
                                .count()
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// Regions that are members (yes, through the country, or partly) of each network.
pub fn networks(ps: &[&Profile]) -> Chart {
    let mut bars: Vec<(String, usize)> = NetworkId::all()
        .map(|n| {
            (n.short().to_string(), ps.iter().filter(|p| p.membership(n).is_some_and(|m| m.answer.is_member())).count())
        })
        .collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    // A member is any answer that counts as membership: the filter selects them all.
    let links = bars
        .iter()
        .map(|(short, _)| {
            let Some(n) = NetworkId::all().find(|n| n.short() == short) else { return Vec::new() };
            crate::model::MembershipAnswer::ALL
                .iter()
                .filter(|a| a.is_member())
                .map(|a| (crate::attr::membership(n), a.id().to_string()))
                .collect()
        })
        .collect();
    Chart {
        answered: 0,
        of: 0,
        id: "networks".into(),
        title: "Members of each network".into(),
        unit: "regions",
        bars,
        links,
    }
}

pub fn collaboration_topics(ps: &[&Profile]) -> Chart {
    let mut c = BTreeMap::new();
    for p in ps {
        for t in p.collaboration.iter().flat_map(|c| c.topics.iter()) {
            c.entry(t.topic.label().to_string()).or_insert_with(|| (0, one(crate::attr::TOPIC.id, t.topic.id()))).0 +=
                1;
        }
    }
    let (bars, links) = top(c, 12);
    Chart {
        answered: 0,
        of: 0,
        id: "collaboration_topics".into(),
        title: "Most sought collaboration topics".into(),
        unit: "regions",
        bars,
        links,
    }
}

pub fn policy_topics(ps: &[&Profile]) -> Chart {
    let mut c = BTreeMap::new();
    for p in ps {
        for t in &p.policy_topics {
            let label = t.topic.map_or_else(|| t.text.to_string(), |x| x.label().to_string());
            // A topic outside the vocabulary has no filter: its bar has no link.
            let link = t.topic.map(|x| one(crate::attr::POLICY_TOPICS.id, x.id())).unwrap_or_default();
            c.entry(label).or_insert_with(|| (0, link)).0 += 1;
        }
    }
    let (bars, links) = top(c, 12);
    Chart {
        answered: 0,
        of: 0,
        id: "policy_topics".into(),
        title: "Topics covered by policies".into(),
        unit: "regions",
        bars,
        links,
    }
}

pub fn codes(ps: &[&Profile]) -> Chart {
    let mut c = BTreeMap::new();
    for p in ps {
        for x in p.nace.iter() {
            let label = format!("{} {}", x.code, nace_label(&x.code).unwrap_or(""));
            c.entry(label.trim().to_string()).or_insert_with(|| (0, one(crate::attr::NACE.id, &x.code))).0 += 1;
        }
        for (key, list) in [(crate::attr::NABS.id, &p.nabs), (crate::attr::POLICY_OBJECTIVES.id, &p.policy_objectives)]
        {
            for x in list {
                let label = x.label.as_ref().map_or(x.code.clone(), |l| format!("{} {l}", x.code));
                c.entry(label).or_insert_with(|| (0, one(key, &x.code))).0 += 1;
            }
        }
    }
    let (bars, links) = top(c, 12);
    Chart {
        answered: 0,
        of: 0,
        id: "codes".into(),
        title: "Most frequent classification codes (NACE, NABS, Eye@RIS3)".into(),
        unit: "regions",
        bars,
        links,
    }
}

/// How complete a profile is: the share of these parts it fills.
pub fn completeness(p: &Profile) -> f64 {
    let k = &p.key_figures;
    let parts = [
        k.innovation.is_some(),
        k.population.is_some(),
        k.density.is_some(),
        k.over65_share.is_some(),
        !p.description.is_empty(),
        !p.websites.is_empty(),
        p.collaboration.is_some(),
        !p.memberships.is_empty(),
        !p.policy_documents.is_empty(),
        !p.policy_topics.is_empty(),
        !p.nace.is_empty() || !p.nabs.is_empty() || !p.policy_objectives.is_empty(),
        p.ris3.is_some() || p.pm_ris3.is_some(),
        !p.initiatives.is_empty(),
        !p.represented_in.is_empty(),
        !p.self_evaluation.is_empty(),
    ];
    parts.iter().filter(|x| **x).count() as f64 / parts.len() as f64
}

pub fn completeness_chart(ps: &[&Profile]) -> Chart {
    let bands = ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"];
    let mut counts = [0usize; 5];
    for p in ps {
        counts[((completeness(p) * 5.0) as usize).min(4)] += 1;
    }
    Chart {
        answered: 0,
        of: 0,
        id: "completeness".into(),
        title: "Profile completeness (share of the 15 parts of a profile filled)".into(),
        unit: "regions",
        bars: bands.iter().zip(counts).map(|(b, c)| (b.to_string(), c)).collect(),
        links: Vec::new(),
    }
}

/// Regions by the edition of their data (the year of the observatory's page they come from;
/// when they were imported says nothing of how old the data is).
pub fn edition_chart(ps: &[&Profile]) -> Chart {
    let mut c: BTreeMap<u16, (usize, crate::origin::Edition)> = BTreeMap::new();
    for p in ps {
        if let Some(e) = p.origin.edition {
            c.entry(e.year).or_insert((0, e)).0 += 1;
        }
    }
    Chart {
        answered: 0,
        of: 0,
        id: "edition".into(),
        title: "Edition of the data".into(),
        unit: "regions",
        bars: c.iter().rev().map(|(y, (n, _))| (format!("{y} edition"), *n)).collect(),
        links: c.values().rev().map(|(_, e)| one(crate::attr::EDITION.id, &crate::search::edition_id(*e))).collect(),
    }
}

/// A chart's numbers as CSV.
pub fn chart_csv(c: &Chart) -> String {
    use crate::sheet::csv_field;
    let mut out = format!("category,{}\n", csv_field(c.unit));
    for (label, n) in &c.bars {
        out.push_str(&format!("{},{n}\n", csv_field(label)));
    }
    out
}

pub fn crossing_csv(x: &Crossing) -> String {
    use crate::sheet::csv_field;
    let columns: Vec<_> = x.columns.iter().map(|c| csv_field(c)).collect();
    let mut out = format!("innovation group,{}\n", columns.join(","));
    for (r, row) in x.rows.iter().zip(&x.cells) {
        let cells: Vec<String> = row.iter().map(|n| n.to_string()).collect();
        out.push_str(&format!("{},{}\n", csv_field(r), cells.join(",")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_profiles() {
        let seed = crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
        let mut ps: Vec<Profile> = crate::synth::profiles(200, 5);
        ps.push(seed);
        let refs: Vec<&Profile> = ps.iter().collect();
        let r = ratings(&refs);
        assert_eq!(r.len(), 6);
        for (chart, item) in r.iter().zip(SelfEvaluationItem::ALL) {
            let rated = refs.iter().filter(|p| p.self_evaluation.get(item).is_some()).count();
            assert_eq!(chart.bars.iter().map(|b| b.1).sum::<usize>(), rated);
        }
        let funding = &r[2];
        let very_high = refs.iter().filter(|p| p.self_evaluation.need_funding == Some(Rating::VeryHigh)).count();
        assert_eq!(funding.bars[4], ("Very high".to_string(), very_high));
        let x = &ratings_by_group(&refs)[0];
        let total: usize = x.cells.iter().flatten().sum();
        let expect = refs
            .iter()
            .filter(|p| {
                p.self_evaluation.implementation_level.is_some()
                    && p.key_figures.innovation.as_ref().and_then(|i| i.primary()).is_some()
            })
            .count();
        assert_eq!(total, expect);
        let n = networks(&refs);
        assert!(n.bars.windows(2).all(|w| w[0].1 >= w[1].1));
        assert_eq!(completeness_chart(&refs).bars.iter().map(|b| b.1).sum::<usize>(), refs.len());
        assert!(completeness(refs.last().unwrap()) > 0.9, "the seed fills nearly everything");
        assert!(chart_csv(&n).starts_with("category,regions\n"));
    }

    #[test]
    fn chart_csv_cells_are_spreadsheet_safe() {
        let c = Chart {
            answered: 0,
            of: 0,
            id: "x".into(),
            title: "x".into(),
            unit: "regions",
            bars: vec![("=1+1\rcalc".into(), 3)],
            links: vec![],
        };
        assert_eq!(chart_csv(&c), "category,regions\n\"'=1+1\rcalc\",3\n");
    }
}
