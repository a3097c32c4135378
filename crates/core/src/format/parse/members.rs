//! The membership questions and their answers, and the self-evaluation ratings.

use super::*;

impl<'a> Reader<'a> {
    /// `Label? answer` lines, possibly two on one line ("S3MedTech region? yes Danube
    /// MacroRegion? no"), with or without the `Membership status` heading.
    pub(super) fn membership_questions(&mut self, body: &'a str) -> bool {
        let Some((question, rest)) = body.split_once('?') else { return false };
        let Some(network) = network_by_variant(&fold(question)) else { return false };
        self.section = Section::Membership;
        self.answer_chain(network, rest);
        true
    }

    /// The answer to `network`'s question, and the questions that may follow it on the
    /// same line: `yes Danube MacroRegion? no`. A segment that does not end in a question
    /// means the rest of the line is the answer (it holds a question mark of its own).
    pub(super) fn answer_chain(&mut self, mut network: NetworkId, text: &str) {
        let mut rest = text;
        while let Some((seg, after)) = rest.split_once('?') {
            let Some((next, words)) = network_at_end(&fold(seg)) else { break };
            let answer_words = word_count(&fold(seg)) - words;
            let cut = skip_words(seg, answer_words);
            self.record_membership(network, &seg[..seg.len() - cut.len()]);
            network = next;
            rest = after;
        }
        self.record_membership(network, rest);
    }

    pub(super) fn record_membership(&mut self, network: NetworkId, answer_text: &str) {
        if self.at_cut && answer_text.trim_matches(is_space).is_empty() {
            // The answer was lost to the cut, which is not the same as a blank answer: no
            // entry, and the copy is marked incomplete.
            return;
        }
        let (answer, note) = classify_membership_answer(answer_text);
        if let Some(k) = self.memberships.iter().position(|(m, _)| m.network == network) {
            let (first, line) = (&self.memberships[k].0, self.memberships[k].1);
            if first.answer == MembershipAnswer::Unanswered {
                self.memberships[k] = (Membership { network, answer, note }, self.no);
            } else if first.answer != answer || first.note != note {
                let (q, fa) = (network.def().question.clone(), first.answer.id());
                self.warn(
                    answer_text,
                    "memberships",
                    format!(
                        "'{q}' is answered twice (line {line}: {fa}; here: {}); the first answer is used",
                        answer.id()
                    ),
                );
            }
            return;
        }
        self.memberships.push((Membership { network, answer, note }, self.no));
    }

    /// A 2021 membership list item: `• S3MedTech region`, `1M+Genome initiative - member`.
    pub(super) fn membership_item(&mut self, body: &'a str, t: &'a str) {
        let f = fold(body);
        let found = vocab()
            .networks
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.variants.iter().map(move |v| (i, v)))
            .filter(|(_, v)| f.starts_with(v.as_str()) && !f[v.len()..].starts_with(|c: char| c.is_alphanumeric()))
            .max_by_key(|(_, v)| v.len());
        let Some((i, v)) = found else {
            return self.keep(t, "unrecognised line in the membership section");
        };
        let network = NetworkId::all().nth(i).expect("index of the networks table");
        self.saw_2021 = true;
        let rest = skip_words(body, word_count(v));
        let rest = strip_separator(rest.trim_start_matches(is_space).trim_start_matches('?'));
        if rest.is_empty() {
            let no = self.no;
            if !self.memberships.iter().any(|(m, _)| m.network == network) {
                self.memberships.push((Membership { network, answer: MembershipAnswer::Yes, note: None }, no));
            }
        } else {
            self.answer_chain(network, rest);
        }
    }

    /// `General perception of … in the region  -Medium`
    pub(super) fn self_evaluation(&mut self, body: &'a str) -> bool {
        let mut hit = None;
        for (i, d) in vocab().self_evaluation.iter().enumerate() {
            for k in &d.keys {
                let fits = starts(&self.buf, k) && !self.buf[k.len()..].starts_with(|c: char| c.is_alphanumeric());
                if fits && hit.is_none_or(|(_, len)| k.len() > len) {
                    hit = Some((i, k.len()));
                }
            }
        }
        let Some((i, len)) = hit else { return false };
        let item = SelfEvaluationItem::ALL[i];
        self.section = Section::SelfEvaluation;
        let rest = self.source_from(body, len);
        let word = rest.trim_start_matches(|c: char| is_space(c) || is_dash(c) || c == ':').trim_end_matches(is_space);
        if word.is_empty() {
            self.warn(body, "self_evaluation", format!("'{}' has no rating", item.label()));
            return true;
        }
        match Rating::parse(word) {
            Some(r) if self.p.self_evaluation.get(item).is_none() => self.p.self_evaluation.set(item, Some(r)),
            Some(_) => self.keep(self.raw.trim_matches(is_space), "the rating is given twice; the first is used"),
            None => {
                self.warn(
                    word,
                    "self_evaluation",
                    format!(
                        "unknown rating '{word}' for '{}'; expected Very low, Low, Medium, High or Very high",
                        item.label()
                    ),
                );
                let t = self.raw.trim_matches(is_space);
                self.p.extras.extend(Text::new(t).map(|text| Extra {
                    line: self.no,
                    section: Some("self_evaluation".into()),
                    text,
                }));
            }
        }
        true
    }
}
