//! A matcher's view by topic: which regions work on a topic and with what evidence (the
//! topic pages, `pmatlas match --topic`), and which seek it.

use super::{Evidence, Matcher, Strength};
use crate::vocab::TopicId;

impl Matcher {
    /// Every piece of evidence region `i` shows, by topic, with its words.
    pub fn strengths(&self, i: usize) -> Vec<Evidence> {
        let r = &self.regions[i];
        r.topics.strengths.iter().map(|s| s.evidence(r.profile())).collect()
    }

    /// The evidence region `i` shows of working on `topic`, strongest first, with its words.
    pub fn topic_evidence(&self, i: usize, topic: TopicId) -> Vec<Evidence> {
        let r = &self.regions[i];
        let mut v: Vec<&Strength> = r.topics.for_topic(topic).collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.kind.grade()));
        v.into_iter().map(|s| s.evidence(r.profile())).collect()
    }

    /// Regions with evidence of working on `topic`, strongest evidence first (then the most
    /// pieces of it, then by code).
    pub fn working_on(&self, topic: TopicId) -> Vec<usize> {
        // (region, best grade, pieces)
        let mut v: Vec<(usize, u8, usize)> = (0..self.regions.len())
            .filter_map(|i| {
                let (best, pieces) =
                    self.regions[i].topics.for_topic(topic).fold((0, 0), |(b, n), e| (e.kind.grade().max(b), n + 1));
                (pieces > 0).then_some((i, best, pieces))
            })
            .collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(self.regions[x.0].code.cmp(&self.regions[y.0].code)));
        v.into_iter().map(|x| x.0).collect()
    }

    /// Per topic (by its index), how many regions name it among what they seek (as
    /// [`Matcher::seeks_topic`] says, region by region).
    pub fn seeking(&self) -> Vec<usize> {
        let mut counts = vec![0; TopicId::all().count()];
        for r in &self.regions {
            let mut mine: Vec<TopicId> = r.asks.iter().flat_map(fields_of).collect();
            mine.sort_unstable_by_key(|t| t.index());
            mine.dedup();
            for t in mine {
                counts[t.index()] += 1;
            }
        }
        counts
    }

    /// Whether region `a` names the topic among what it seeks.
    pub fn seeks_topic(&self, a: usize, topic: TopicId) -> Option<&str> {
        self.regions[a].asks.iter().find(|x| fields_of(x).any(|t| t == topic)).map(|x| x.written.as_str())
    }
}

/// The fields an ask names: its own, or the field of a network it names ("ECRIN" is sought
/// for clinical research, as the profile page's collaboration section shows it). Norway,
/// seeking ECRIN and NorCRIN, was said to "not list clinical research among its interests".
fn fields_of(ask: &super::Ask) -> impl Iterator<Item = TopicId> + '_ {
    ask.tags().filter_map(|t| t.strip_prefix("#t:").and_then(TopicId::from_id))
}
