//! Where a piece of evidence stands in its profile. A matcher keeps this (16 bytes) instead of
//! a copy of the words, and reads them from the profile when it quotes them: at 10,000
//! profiles the copies were 47 MB beside the profiles that already hold every word.

use std::borrow::Cow;

use crate::model::Profile;
use crate::vocab::NetworkId;

/// What "Policy document PM@RIS3: Yes" says, as a reason says it after "has".
pub(crate) const PM_IN_STRATEGY: &str = "personalised medicine in its smart-specialisation strategy";

/// What a membership held as a country-level member adds to the network's label.
pub(crate) const THROUGH_COUNTRY: &str = " through its country";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Locator {
    /// An initiative, quoted as "name (description)".
    Initiative(u32),
    /// A support measure's detail.
    Measure(u32),
    /// A support measure's kind, as the survey's tick box names it.
    MeasureKind(u32),
    Represented(u32),
    Hub(u32),
    Policy(u32),
    /// The note of the RIS3 or the PM@RIS3 flag.
    Ris3,
    PmRis3,
    /// The PM@RIS3 flag itself, where it is yes: [`PM_IN_STRATEGY`].
    PmRis3Yes,
    Funding(u32),
    Ticked(u32),
    /// A code, quoted as "code label".
    Nace(u32),
    Nabs(u32),
    Objective(u32),
    /// Words of a paragraph of the description: its number and a byte range.
    Description {
        paragraph: u32,
        start: u32,
        end: u32,
    },
    /// Words of a line of the collaboration answer (interests, then details): its number
    /// and a byte range.
    Offer {
        line: u32,
        start: u32,
        end: u32,
    },
    /// A named network as a membership quotes it ("is a member of …"): its label without
    /// "Member of ".
    Member(NetworkId),
}

impl Locator {
    /// The words at this place of `p`; empty if `p` has nothing there (a matcher reads the
    /// profile it was built from, so that does not happen).
    pub(crate) fn text(self, p: &Profile) -> Cow<'_, str> {
        use Locator::*;
        let at = |i: u32| i as usize;
        fn code(c: Option<&crate::model::ClassCode>) -> Cow<'_, str> {
            c.map_or(Cow::Borrowed(""), |c| match &c.label {
                Some(l) => Cow::Owned(format!("{} {l}", c.code)),
                None => Cow::Borrowed(c.code.as_str()),
            })
        }
        fn some(s: Option<&str>) -> Cow<'_, str> {
            Cow::Borrowed(s.unwrap_or(""))
        }
        match self {
            Initiative(i) => p.initiatives.get(at(i)).map_or(Cow::Borrowed(""), |x| match &x.description {
                Some(d) => Cow::Owned(format!("{} ({d})", x.name)),
                None => Cow::Borrowed(x.name.as_str()),
            }),
            Measure(i) => some(p.support_measures.get(at(i)).and_then(|s| s.detail.as_ref()).map(|d| d.as_str())),
            MeasureKind(i) => some(p.support_measures.get(at(i)).map(|s| s.kind.label())),
            Represented(i) => some(p.represented_in.get(at(i)).map(|r| r.text.as_str())),
            Hub(i) => some(p.digital_innovation_hubs.get(at(i)).map(|h| h.as_str())),
            Policy(i) => some(p.policy_documents.get(at(i)).map(|d| d.title.as_str())),
            Ris3 => some(p.ris3.as_ref().and_then(|f| f.note.as_ref()).map(|n| n.as_str())),
            PmRis3 => some(p.pm_ris3.as_ref().and_then(|f| f.note.as_ref()).map(|n| n.as_str())),
            PmRis3Yes => some(p.pm_ris3.as_ref().is_some_and(|f| f.value).then_some(PM_IN_STRATEGY)),
            Funding(i) => some(p.funding_programmes.get(at(i)).map(|f| f.text.as_str())),
            Ticked(i) => some(p.policy_topics.get(at(i)).map(|t| t.text.as_str())),
            Nace(i) => code(p.nace.get(at(i))),
            Nabs(i) => code(p.nabs.get(at(i))),
            Objective(i) => code(p.policy_objectives.get(at(i))),
            Description { paragraph, start, end } => {
                some(p.description.get(at(paragraph)).and_then(|d| d.as_str().get(at(start)..at(end))))
            }
            Offer { line, start, end } => some(
                p.collaboration.as_ref().and_then(|c| c.texts().nth(at(line))).and_then(|l| l.get(at(start)..at(end))),
            ),
            Member(n) => {
                let label = &n.def().label;
                let label = label.strip_prefix("Member of ").unwrap_or(label);
                // Said wherever the membership is quoted: Kärnten is in 1+MG as Austria is.
                match p.membership(n).map(|m| m.answer) {
                    Some(crate::MembershipAnswer::CountryLevelMember) => {
                        Cow::Owned(format!("{label}{THROUGH_COUNTRY}"))
                    }
                    _ => Cow::Borrowed(label),
                }
            }
        }
    }

    /// Where `part`, a slice of paragraph `paragraph` of the description, stands.
    pub(crate) fn in_description(paragraph: usize, whole: &str, part: &str) -> Locator {
        let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize).min(whole.len());
        let end = (start + part.len()).min(whole.len());
        Locator::Description { paragraph: paragraph as u32, start: start as u32, end: end as u32 }
    }

    /// The network of a membership unit.
    pub(crate) fn network(self) -> Option<NetworkId> {
        match self {
            Locator::Member(n) => Some(n),
            _ => None,
        }
    }
}
