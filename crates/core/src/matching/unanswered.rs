//! What a region seeks that none of its partners answers, said: a page showing the asks
//! above the partners would otherwise let a reader take each ask to be answered below.

use super::*;

impl Matcher {
    /// What `a` seeks that none of `found` answers (its partners with no topic chosen, at
    /// most `limit` of them), said as a sentence; None when every ask is answered or none is
    /// (a page says that otherwise). Where `found` ends in regions whose points are all
    /// bonuses, or is shorter than `limit`, it lists every region that answers something
    /// (those come first), so no region answers what they do not. A page that shows the
    /// asks says this, or a reader takes each ask shown to be answered below.
    pub fn unanswered(&self, a: usize, found: &[Match], limit: usize) -> Option<String> {
        let asks = &self.regions[a].asks;
        let answered = |k: usize| found.iter().any(|m| m.answered.contains(&(k as u16)));
        let none: Vec<String> =
            asks.iter().enumerate().filter(|(k, _)| !answered(*k)).map(|x| reasons::sought(x.1)).collect();
        if none.is_empty() || none.len() == asks.len() {
            return None;
        }
        let who = match (found.len() < limit || found.last().is_some_and(|m| !m.answers()), found.len()) {
            (true, _) => "no region’s evidence answers".to_string(),
            (false, 1) => "the one region listed does not answer".to_string(),
            (false, n) => format!("none of the {n} regions listed answers"),
        };
        let list = match none.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        let how = if self.meaning_model().is_some() { "in words or in meaning" } else { "in words" };
        // Those with bonuses alone, or filling the list, follow them and answer nothing.
        let which = if found.iter().all(Match::answers) { "the regions below" } else { "the regions listed first" };
        Some(format!("Of what {} seeks, {who} {list} {how}; {which} answer the rest.", self.regions[a].name()))
    }
}
