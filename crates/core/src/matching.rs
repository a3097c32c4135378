//! Partner matchmaking: for a region, the regions whose strengths cover the fields it seeks
//! partners in, with the reasons as sentences citing the evidence.
//!
//! Evidence of a region's *strength* in a topic comes from its description, initiatives,
//! databases and biobanks, policy topics, classification codes and thematic networks (the
//! last three through `data/vocab/evidence-topics.csv`); what it *seeks* comes from its
//! collaboration answer. Topics are those of `data/vocab/topics.csv`, so synonyms meet
//! ("KI" = artificial intelligence).
//!
//! The score of candidate B for region A is, with the weights below:
//!
//! - `W_COVER` × Σ over the topics A seeks of B's evidence in it (½ for one kind of evidence,
//!   1 for two kinds or more);
//! - `W_RECIPROCAL` × the same with A and B swapped (B seeks what A is strong in);
//! - `W_NETWORK` × the networks both belong to (at most 3);
//! - `W_COMPLEMENT` × the matched topics where one side is strong in innovation and the other
//!   is less advanced or sparsely populated (the original aim of the observatory).
//!
//! A candidate with no topic evidence either way is not a match. Ties go to the lower code.

use crate::model::{MembershipAnswer, Profile, Tier};
use crate::topics::find_topics;
use crate::vocab::{vocab, NetworkId, TopicId};

/// Covering a topic the region seeks is what a partner is for.
pub const W_COVER: f32 = 3.0;
/// Interest both ways makes a collaboration likelier to happen.
pub const W_RECIPROCAL: f32 = 2.0;
/// Shared networks make cooperation easier, but are no reason on their own.
pub const W_NETWORK: f32 = 0.5;
/// A strong region with a less advanced one in the same field counts for the pair.
pub const W_COMPLEMENT: f32 = 1.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Database,
    Initiative,
    Code,
    PolicyTopic,
    Network,
    Description,
}

/// One piece of evidence that a region works on a topic, with the text it rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub topic: TopicId,
    pub kind: EvidenceKind,
    pub text: String,
}

impl Evidence {
    /// "lists “Integrierte Biobank Jena” among its databases and biobanks"
    pub fn phrase(&self) -> String {
        match self.kind {
            EvidenceKind::Database => {
                format!("lists “{}” among its support measures, databases and biobanks", self.text)
            }
            EvidenceKind::Initiative => format!("names it in its initiatives (“{}”)", self.text),
            EvidenceKind::Code => format!("has the code {}", self.text),
            EvidenceKind::PolicyTopic => format!("covers it in its policies (“{}”)", self.text),
            EvidenceKind::Network => format!("is a member of {}", self.text),
            EvidenceKind::Description => format!("mentions it in its description (“{}”)", self.text),
        }
    }
}

/// What a region seeks and what it is strong in, by topic.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RegionEvidence {
    /// Topics it seeks partners in, with the words it used.
    pub seeks: Vec<(TopicId, String)>,
    pub strengths: Vec<Evidence>,
}

impl RegionEvidence {
    pub fn for_topic(&self, t: TopicId) -> impl Iterator<Item = &Evidence> {
        self.strengths.iter().filter(move |e| e.topic == t)
    }
}

fn mapped(scheme: &str, key: &str) -> Vec<TopicId> {
    vocab().evidence_topics.get(&(scheme.to_string(), key.to_string())).cloned().unwrap_or_default()
}

/// Collects a profile's evidence.
pub fn evidence(p: &Profile) -> RegionEvidence {
    let mut ev = RegionEvidence::default();
    if let Some(c) = &p.collaboration {
        ev.seeks = c.topics.iter().map(|t| (t.topic, t.as_written.to_string())).collect();
    }
    let mut add = |topic: TopicId, kind: EvidenceKind, text: String| {
        if !ev.strengths.iter().any(|e| e.topic == topic && e.kind == kind && e.text == text) {
            ev.strengths.push(Evidence { topic, kind, text });
        }
    };
    for d in &p.description {
        for m in find_topics(std::iter::once(d.as_str())) {
            add(m.topic, EvidenceKind::Description, m.as_written.to_string());
        }
    }
    for i in &p.initiatives {
        let texts = std::iter::once(i.name.as_str()).chain(i.description.iter().map(|d| d.as_str()));
        for m in find_topics(texts) {
            add(m.topic, EvidenceKind::Initiative, i.name.to_string());
        }
    }
    for r in p.represented_in.iter().chain(&p.funding_programmes) {
        for m in find_topics(std::iter::once(r.text.as_str())) {
            add(m.topic, EvidenceKind::Initiative, r.text.to_string());
        }
    }
    for s in &p.support_measures {
        let text = s.detail.as_ref().map_or_else(|| s.kind.label().to_string(), |d| d.to_string());
        for t in mapped("measure", s.kind.id()) {
            add(t, EvidenceKind::Database, text.clone());
        }
        for m in find_topics(s.detail.iter().map(|d| d.as_str())) {
            add(m.topic, EvidenceKind::Database, text.clone());
        }
    }
    for t in &p.policy_topics {
        for topic in t.topic.map(|x| mapped("policy_topic", x.id())).unwrap_or_default() {
            add(topic, EvidenceKind::PolicyTopic, t.text.to_string());
        }
    }
    for (scheme, codes) in [("nace", &p.nace), ("objective", &p.policy_objectives)] {
        for c in codes {
            let label = c.label.as_ref().map(|l| format!("{} {l}", c.code)).unwrap_or_else(|| c.code.clone());
            for topic in mapped(scheme, &c.code) {
                add(topic, EvidenceKind::Code, label.clone());
            }
        }
    }
    for m in &p.memberships {
        if m.answer == MembershipAnswer::Yes || m.answer == MembershipAnswer::CountryLevelMember {
            for topic in mapped("network", m.network.id()) {
                add(topic, EvidenceKind::Network, m.network.label().to_string());
            }
        }
    }
    ev
}

/// A region reduced to bit masks, so that scoring a pair is a handful of instructions.
#[derive(Clone, Copy, Debug, Default)]
struct Packed {
    seeks: u64,
    /// Topics with evidence of at least one kind, and of at least two kinds.
    strong1: u64,
    strong2: u64,
    networks: u32,
    advanced: bool,
    less_advanced: bool,
}

/// Networks (not territories or macro-regions) that make cooperation easier.
fn networks(p: &Profile) -> u32 {
    p.memberships
        .iter()
        .filter(|m| m.network.def().names_networks && m.answer.is_member())
        .fold(0, |acc, m| acc | 1 << m.network.index())
}

fn packed(p: &Profile, ev: &RegionEvidence) -> Packed {
    let seeks = ev.seeks.iter().fold(0u64, |a, (t, _)| a | 1 << t.index());
    let mut strong1 = 0u64;
    let mut strong2 = 0u64;
    for t in TopicId::all() {
        let mut kinds: Vec<EvidenceKind> = ev.for_topic(t).map(|e| e.kind).collect();
        kinds.sort();
        kinds.dedup();
        if !kinds.is_empty() {
            strong1 |= 1 << t.index();
        }
        if kinds.len() >= 2 {
            strong2 |= 1 << t.index();
        }
    }
    let tier = p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.tier);
    // Mostly mountainous or sparsely populated, not just partly.
    let yes = |id: &str| {
        NetworkId::from_id(id).and_then(|n| p.membership(n)).is_some_and(|m| m.answer == MembershipAnswer::Yes)
    };
    let sparse = p.key_figures.density.as_ref().is_some_and(|d| d.value < 50.0);
    Packed {
        seeks,
        strong1,
        strong2,
        networks: networks(p),
        advanced: matches!(tier, Some(Tier::Strong | Tier::Leader)),
        less_advanced: matches!(tier, Some(Tier::Moderate | Tier::Modest | Tier::Emerging))
            || yes("nspa")
            || yes("mountain")
            || sparse,
    }
}

#[inline]
fn half_cover(seeks: u64, other: &Packed) -> f32 {
    0.5 * ((seeks & other.strong1).count_ones() + (seeks & other.strong2).count_ones()) as f32
}

#[inline]
fn score_packed(a: &Packed, b: &Packed, seeks_a: u64) -> f32 {
    let cover = half_cover(seeks_a, b);
    let recip = half_cover(b.seeks, a);
    if cover == 0.0 && recip == 0.0 {
        return 0.0;
    }
    let shared = (a.networks & b.networks).count_ones().min(3) as f32;
    let a_gets = (seeks_a & b.strong1).count_ones() as f32;
    let b_gets = (b.seeks & a.strong1).count_ones() as f32;
    let complement =
        a_gets * f32::from(b.advanced && a.less_advanced) + b_gets * f32::from(a.advanced && b.less_advanced);
    W_COVER * cover + W_RECIPROCAL * recip + W_NETWORK * shared + W_COMPLEMENT * complement
}

/// A partner for a region, with the reasons.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Match {
    pub index: usize,
    pub score: f32,
    pub reasons: Vec<String>,
}

/// A match as the CLI (`pmatlas match --json`) and the JSON API write it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct MatchOut<'a> {
    pub code: crate::NutsCode,
    pub name: &'a crate::Text,
    pub score: f32,
    pub reasons: &'a [String],
}

impl Match {
    /// The match for writing out; `profile` is the matched region's.
    pub fn out<'a>(&'a self, profile: &'a Profile) -> MatchOut<'a> {
        MatchOut { code: profile.code, name: &profile.name, score: self.score, reasons: &self.reasons }
    }
}

/// What a reason sentence needs of a region.
struct Info {
    code: crate::NutsCode,
    name: String,
    group: Option<String>,
}

/// The matchmaking index over a set of profiles (positions as given). Owns what it needs,
/// so a read view can keep one beside its snapshot.
pub struct Matcher {
    info: Vec<Info>,
    evidence: Vec<RegionEvidence>,
    packed: Vec<Packed>,
}

impl Matcher {
    pub fn new(profiles: &[&Profile]) -> Matcher {
        let evidence: Vec<RegionEvidence> = profiles.iter().map(|p| evidence(p)).collect();
        let packed = profiles.iter().zip(&evidence).map(|(p, e)| packed(p, e)).collect();
        let info = profiles
            .iter()
            .map(|p| Info {
                code: p.code,
                name: p.name.to_string(),
                group: p.key_figures.innovation.as_ref().and_then(|i| i.primary()).map(|g| g.to_string()),
            })
            .collect();
        Matcher { info, evidence, packed }
    }

    pub fn len(&self) -> usize {
        self.info.len()
    }

    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    pub fn evidence(&self, i: usize) -> &RegionEvidence {
        &self.evidence[i]
    }

    /// The score of `b` as a partner for `a` (optionally for one topic only).
    pub fn score(&self, a: usize, b: usize, topic: Option<TopicId>) -> f32 {
        let seeks = topic.map_or(self.packed[a].seeks, |t| 1 << t.index());
        score_packed(&self.packed[a], &self.packed[b], seeks)
    }

    /// The best partners of `a`, best first, with reasons.
    pub fn partners(&self, a: usize, topic: Option<TopicId>, limit: usize) -> Vec<Match> {
        let top = self.top(a, topic, limit);
        top.into_iter().map(|(b, score)| Match { index: b, score, reasons: self.reasons(a, b, topic) }).collect()
    }

    fn top(&self, a: usize, topic: Option<TopicId>, limit: usize) -> Vec<(usize, f32)> {
        let mut best: Vec<(usize, f32)> = Vec::with_capacity(limit + 1);
        for b in 0..self.packed.len() {
            if b == a || self.info[b].code == self.info[a].code {
                continue;
            }
            let s = self.score(a, b, topic);
            if s <= 0.0 || (best.len() == limit && s <= best[limit - 1].1) {
                continue;
            }
            let at = best.partition_point(|&(_, x)| x >= s);
            best.insert(at, (b, s));
            best.truncate(limit);
        }
        best
    }

    /// The top `limit` partners of every region, using every core. Returns (partner, score).
    pub fn all_top(&self, limit: usize) -> Vec<Vec<(usize, f32)>> {
        let n = self.packed.len();
        let threads = std::thread::available_parallelism().map_or(1, |x| x.get()).min(n.max(1));
        let chunk = n.div_ceil(threads.max(1)).max(1);
        let mut out: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
        std::thread::scope(|s| {
            for (ci, slot) in out.chunks_mut(chunk).enumerate() {
                s.spawn(move || {
                    for (k, o) in slot.iter_mut().enumerate() {
                        *o = self.top(ci * chunk + k, None, limit);
                    }
                });
            }
        });
        out
    }

    /// Regions with evidence of working on `topic`, most evidence first.
    pub fn working_on(&self, topic: TopicId) -> Vec<(usize, Vec<&Evidence>)> {
        let mut v: Vec<(usize, Vec<&Evidence>)> = (0..self.info.len())
            .map(|i| (i, self.evidence[i].for_topic(topic).collect::<Vec<_>>()))
            .filter(|(_, e)| !e.is_empty())
            .collect();
        v.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(self.info[x.0].code.cmp(&self.info[y.0].code)));
        v
    }

    /// Why `b` fits `a`, as sentences with the evidence.
    pub fn reasons(&self, a: usize, b: usize, topic: Option<TopicId>) -> Vec<String> {
        let (pa, pb) = (&self.info[a], &self.info[b]);
        let (ea, eb) = (&self.evidence[a], &self.evidence[b]);
        let mut out = Vec::new();
        let sought: Vec<(TopicId, String)> = match topic {
            Some(t) => vec![(t, t.label().to_string())],
            None => ea.seeks.clone(),
        };
        for (t, written) in &sought {
            let evidence: Vec<String> = eb.for_topic(*t).take(2).map(Evidence::phrase).collect();
            if !evidence.is_empty() {
                let how =
                    if written.eq_ignore_ascii_case(t.label()) { String::new() } else { format!(" (“{written}”)") };
                out.push(format!(
                    "{} seeks {}{how}: {} {}.",
                    pa.name,
                    t.label().to_lowercase(),
                    pb.name,
                    evidence.join("; and ")
                ));
            }
        }
        for (t, written) in &eb.seeks {
            if let Some(e) = ea.for_topic(*t).next() {
                let how =
                    if written.eq_ignore_ascii_case(t.label()) { String::new() } else { format!(" (“{written}”)") };
                out.push(format!(
                    "{} seeks {}{how}, where {} is active: it {}.",
                    pb.name,
                    t.label().to_lowercase(),
                    pa.name,
                    e.phrase()
                ));
            }
        }
        let shared: Vec<&str> = NetworkId::all()
            .filter(|n| (self.packed[a].networks & self.packed[b].networks) & (1 << n.index()) != 0)
            .map(|n| n.short())
            .collect();
        if !shared.is_empty() {
            out.push(format!("Both are members of {}.", shared.join(", ")));
        }
        let group = |p: &Info| p.group.clone();
        let (ka, kb) = (&self.packed[a], &self.packed[b]);
        if kb.advanced && ka.less_advanced && (ka.seeks & kb.strong1) != 0 {
            out.push(format!(
                "{} ({}) can bring experience to {} ({}) in a field {} seeks.",
                pb.name,
                group(pb).map_or("a strong innovator".into(), |g| format!("innovation group {g}")),
                pa.name,
                group(pa).map_or("less advanced or sparsely populated".into(), |g| format!("innovation group {g}")),
                pa.name
            ));
        }
        if ka.advanced && kb.less_advanced && (kb.seeks & ka.strong1) != 0 {
            out.push(format!(
                "{} is less advanced or sparsely populated, and seeks what {} is strong in.",
                pb.name, pa.name
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;

    fn seed() -> Profile {
        crate::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile
    }

    fn region(code: &str, name: &str, seeks: Option<&str>, description: &str) -> Profile {
        let mut p = Profile::new(crate::NutsCode::parse(code).unwrap(), Text::new(name).unwrap());
        p.description = Text::new(description).into_iter().collect();
        if let Some(s) = seeks {
            p.collaboration = Some(crate::Collaboration::new(Some(true), Text::new(s), vec![], vec![]));
        }
        p
    }

    #[test]
    fn thuringia_evidence() {
        let ev = evidence(&seed());
        let seeks: Vec<&str> = ev.seeks.iter().map(|(t, _)| t.id()).collect();
        assert_eq!(seeks, ["biophotonics", "biobanks", "artificial_intelligence", "e_health", "infectious_diseases"]);
        let has = |t: &str, k: EvidenceKind| ev.strengths.iter().any(|e| e.topic.id() == t && e.kind == k);
        assert!(has("biobanks", EvidenceKind::Database), "Integrierte Biobank Jena");
        assert!(has("artificial_intelligence", EvidenceKind::Code), "D.19");
        assert!(has("biophotonics", EvidenceKind::Code), "E.42");
        assert!(has("biophotonics", EvidenceKind::Description));
        assert!(has("medical_technology", EvidenceKind::Network), "S3MedTech yes");
    }

    #[test]
    fn ranking_properties() {
        let me = region("FI1D", "North Finland", Some("biobanks and artificial intelligence"), "");
        // Covers one sought topic.
        let one_way = region("SE22", "South Sweden", None, "A large biobank infrastructure.");
        // Covers the same topic and seeks what the first region is strong in.
        let mut recip = region("DK01", "Hovedstaden", Some("genomics"), "A large biobank infrastructure.");
        recip.key_figures.innovation = None;
        let mut me = me;
        me.description = vec![Text::new("Home of a national genome centre.").unwrap()];
        // No evidence for anything sought.
        let unrelated = region("PT11", "Norte", None, "Tourism and wine.");
        // Synonym: wrote KI, which is artificial intelligence.
        let synonym = region("DE21", "Oberbayern", None, "KI research and a biobanking network.");
        let ps = [&me, &one_way, &recip, &unrelated, &synonym];
        let m = Matcher::new(&ps);
        let result = m.partners(0, None, 10);
        let order: Vec<&str> = result.iter().map(|x| ps[x.index].code.as_str()).collect();
        assert_eq!(order[0], "DE21", "two sought topics covered, one through a synonym: {order:?}");
        let pos = |c: &str| order.iter().position(|x| *x == c);
        assert!(pos("DK01") < pos("SE22"), "reciprocal interest ranks higher: {order:?}");
        assert_eq!(pos("PT11"), None, "no evidence for any sought topic: not a match");
        let reasons = &result[0].reasons;
        assert!(
            reasons.iter().any(|r| r.contains("seeks artificial intelligence") && r.contains("“KI”")),
            "{reasons:?}"
        );
        let recip_reasons = &result[pos("DK01").unwrap()].reasons;
        assert!(recip_reasons.iter().any(|r| r.starts_with("Hovedstaden seeks genomics")), "{recip_reasons:?}");
    }

    #[test]
    fn shared_networks_and_complementarity_are_reasons() {
        let mut a = region("FI1D", "North Finland", Some("biobanks"), "");
        let mut b = region("DE21", "Oberbayern", None, "A biobank.");
        for p in [&mut a, &mut b] {
            p.set_membership(crate::Membership {
                network: NetworkId::from_id("errin").unwrap(),
                answer: MembershipAnswer::Yes,
                note: None,
            });
        }
        a.set_membership(crate::Membership {
            network: NetworkId::from_id("nspa").unwrap(),
            answer: MembershipAnswer::Yes,
            note: None,
        });
        b.key_figures.innovation = Some(crate::Innovation {
            edition: Some(2021),
            groups: vec![crate::AreaGroup { area: None, group: crate::Group { tier: Tier::Leader, modifier: None } }],
        });
        let ps = [&a, &b];
        let m = Matcher::new(&ps);
        let r = m.partners(0, None, 5);
        assert_eq!(r.len(), 1);
        assert!(r[0].reasons.contains(&"Both are members of ERRIN.".to_string()), "{:?}", r[0].reasons);
        assert!(r[0].reasons.iter().any(|x| x.contains("can bring experience")), "{:?}", r[0].reasons);
        let plain = W_COVER * 0.5;
        assert!(r[0].score > plain, "networks and complementarity add to the score");
    }

    #[test]
    fn topic_search_lists_evidence() {
        let s = seed();
        let other = region("MT00", "Malta", None, "Centre for Molecular Medicine and Biobanking.");
        let ps = [&s, &other];
        let m = Matcher::new(&ps);
        let who = m.working_on(TopicId::from_id("biobanks").unwrap());
        assert_eq!(who.len(), 2);
        assert!(who.iter().any(|(i, e)| *i == 0 && e.iter().any(|x| x.text == "Integrierte Biobank Jena")));
    }
}
