//! Why a candidate fits, in sentences that name their subject: every ask that earned points
//! with its best evidence, strongest first; what the candidate seeks that the asker offers;
//! networks both seek or hold; countries named; complementarity, with the facts. Nothing
//! that scores nothing is said. A quote is cut around the words that matched, never
//! before them.

use super::answered::{answered, How};
use super::asks::{Ask, AskKind};
use super::facts::lifts;
use super::units::UnitKind;
use super::*;

/// What an ask is, after "A seeks ": "biobanks (“biobank”)", "S3P4PM (“S3P on …”)", "“…”".
pub(super) fn sought(ask: &Ask) -> String {
    let written: String = ask.written.chars().take(120).collect();
    match ask.tag() {
        None => format!("“{written}”"),
        Some(t) => {
            let label = if t.starts_with("#t:") { ask.label().to_lowercase() } else { ask.label() };
            if label.eq_ignore_ascii_case(&written) {
                label
            } else {
                format!("{label} (“{written}”)")
            }
        }
    }
}

fn said(name: &str, c: &Cited) -> String {
    let gloss = c.gloss().map(|g| format!("; {g}")).unwrap_or_default();
    let how = format!("{}{gloss}", c.how());
    match c.kind {
        UnitKind::Membership | UnitKind::CountryMembership => {
            format!("{name} is a member of {} ({}{how})", c.text, c.grade_label())
        }
        // The survey's label of the kind, not the page's words ("… application..."): unquoted.
        UnitKind::MeasureTicked => format!("{name} {}: {} ({}{how})", c.kind.phrase(), c.text, c.grade_label()),
        UnitKind::PmStrategy => {
            format!("{name} {} {} (PM@RIS3: yes; {}{how})", c.kind.phrase(), c.text, c.grade_label())
        }
        _ => format!("{name} {} “{}” ({}{how})", c.kind.phrase(), c.text, c.grade_label()),
    }
}

/// The reasons `b` fits `a`, the evidence they quote, and which of `a`'s asks `b` answers
/// (by position, with no topic chosen).
pub(super) fn explain(m: &Matcher, a: usize, b: usize, topic: Option<TopicId>) -> (Vec<String>, Vec<Cited>, Vec<u16>) {
    let (ra, rb) = (&m.regions[a], &m.regions[b]);
    let mut out = Vec::new();
    let mut cited = Vec::new();
    let topic_ask: Vec<Ask>;
    let mut not_sought: Option<String> = None;
    // That the asker seeks the topic chosen, said alone only where no evidence follows (the
    // evidence's sentence says it again: "Norway seeks … (“ECRIN”): Centro names …").
    let mut seeks_it: Option<String> = None;
    let asks: &[Ask] = match topic {
        Some(t) => {
            let written = m.seeks_topic(a, t).map(str::to_string);
            match &written {
                Some(w) if !w.eq_ignore_ascii_case(t.label()) => {
                    seeks_it = Some(format!("{} seeks {} (“{w}”).", ra.name(), t.label().to_lowercase()))
                }
                Some(_) => seeks_it = Some(format!("{} seeks {}.", ra.name(), t.label().to_lowercase())),
                // Said with the evidence below: the asker seeks none of it.
                None => not_sought = Some(t.label().to_lowercase()),
            }
            let term = terms::Term { term: format!("#t:{}", t.id()), span: (0, 0) };
            topic_ask = vec![Ask {
                kind: AskKind::Field,
                written: written.unwrap_or_else(|| t.label().into()),
                terms: vec![term],
                meant: None,
                share: 1.0,
                purpose_of: None,
            }];
            &topic_ask
        }
        None if ra.asks.is_empty() => {
            topic_ask = m.own_fields(a).into_iter().map(scoring::topic_ask).collect();
            &topic_ask
        }
        None => &ra.asks,
    };
    let own = m.by_own_fields(a, topic);
    let mut forth = answered(m, asks, (topic.is_none().then_some(a), topic.is_none(), Some(a)), b);
    let of_asks = match topic.is_none() && !own {
        true => {
            forth.iter().filter_map(|x| ra.asks.iter().position(|k| std::ptr::eq(k, x.0))).map(|k| k as u16).collect()
        }
        false => Vec::new(),
    };
    if own {
        forth.retain(|x| x.1.score >= MIN_SAME_FIELD);
        same_fields(m, (a, b), &forth, &mut out);
        cited.extend(forth.drain(..).map(|(_, c, _)| c));
    }
    let (a_name, b_name) = (ra.name(), rb.name());
    let quotes = one_per_quote(&forth, usize::MAX, rb.name());
    out.extend(seeks_it.filter(|_| quotes.is_empty()));
    // A region the asker names, first where it is something it seeks (as scoring counts it).
    let asked = m.wished_region_asked(a, topic);
    if asked {
        out.extend(named_region(m, a, b));
    }
    for (what, c) in &quotes {
        out.push(match &not_sought {
            Some(field) => {
                format!(
                    "{a_name} does not list {field} among its interests; {b_name} is active in it: {}.",
                    said(b_name, c)
                )
            }
            None => format!("{a_name} seeks {what}: {}.", said(b_name, c)),
        });
    }
    if let Some(field) = not_sought.as_ref().filter(|_| quotes.is_empty()) {
        out.push(format!("{a_name} does not list {field} among its interests; {b_name} is active in it."));
    }
    // What each side can bring experience in: what it answers of the other's asks sought
    // for themselves, as scoring counts them (two of the asker's, one of the candidate's);
    // evidence for a purpose ("personalisation", of the AI sought) is no experience in what
    // is sought. A network answered in its field is experience in the field, not in the
    // network: "clinical research and trials, the field of ECRIN"; one of another kind
    // ("or similar") is no experience in what is sought, nor is a tick, a code or its
    // country's membership.
    let whats = |x: &[(&Ask, Cited, How)], n: usize| {
        x.iter()
            .filter(|(ask, c, how)| ask.for_itself() && c.kind.shows_experience() && !matches!(how, How::Similar))
            .take(n)
            .map(|(ask, _, how)| match how {
                How::InField(fields) => (format!("{fields}, the field of {}", sought(ask)), true),
                // Experience in what is sought; which network stood for it is said above.
                How::Covered(_) => (sought(ask), false),
                _ => (format!("{}{}", sought(ask), how.after()), how.ends_in_clause()),
            })
            .collect::<Vec<_>>()
    };
    let brings = whats(&forth, 2);
    cited.extend(forth.into_iter().map(|(_, c, _)| c));
    let back = answered(m, &rb.asks, (Some(b), false, Some(b)), a);
    for (what, c) in one_per_quote(&back, 2, ra.name()) {
        out.push(format!("{} seeks {what}, which {} offers: {}.", rb.name(), ra.name(), said(ra.name(), c)));
    }
    if topic.is_none() {
        out.extend(ra.both_seek(rb).iter().take(2).filter_map(|x| both_seek(x, (ra.name(), rb.name()))));
    }
    places(m, (a, b), asked, &mut out);
    let shared: Vec<&str> = m.shared_networks(a, b).into_iter().take(3).map(|n| n.short()).collect();
    if !shared.is_empty() {
        out.push(format!("{} and {} are both members of {}.", ra.name(), rb.name(), shared.join(", ")));
    }
    complementarity(m, (a, b), (&brings, not_sought.is_none()), &whats(&back, 1), &mut out);
    (out, cited, of_asks)
}

/// That two regions seek cooperation through the same network, each as its answer names it:
/// "Thuringia seeks cooperation through EP PerMed, and Saxony through ERA PerMed, ERA PerMed
/// being one of the two EP PerMed builds on" (Saxony's answer names ERA PerMed only).
fn both_seek(x: &super::region::BothSeek, (a, b): (&str, &str)) -> Option<String> {
    let (through, mine, theirs) = (terms::entity(x.through)?, terms::entity(x.mine)?, terms::entity(x.theirs)?);
    if mine.id == theirs.id {
        return Some(format!("{a} and {b} both seek cooperation through {}.", through.short));
    }
    let covered = if mine.id == through.id { theirs } else { mine };
    let gloss = match through.covered_as.as_str() {
        "" => String::new(),
        g => format!(", {} being {g}", covered.short),
    };
    Some(format!("{a} seeks cooperation through {}, and {b} through {}{gloss}.", mine.short, theirs.short))
}

/// For a region that names no field or network it seeks, the fields it works in that `b` answers, each
/// with both regions' evidence: "Malta and Thuringia both work on biobanks: Malta names …;
/// Thuringia lists …". Fields resting on the same two quotes are said together.
pub(super) fn same_fields(m: &Matcher, (a, b): (usize, usize), forth: &[(&Ask, Cited, How)], out: &mut Vec<String>) {
    let (ra, rb) = (&m.regions[a], &m.regions[b]);
    let mut said_once: Vec<(Vec<String>, Option<Cited>, &Cited)> = Vec::new();
    for (ask, c, _) in forth {
        let field = ask.label().to_lowercase();
        let own = answered(m, std::slice::from_ref(*ask), (None, false, None), a).into_iter().next().map(|(_, o, _)| o);
        let text = |x: &Option<Cited>| x.as_ref().map(|o| o.text.clone());
        match said_once.iter_mut().find(|(_, o, theirs)| theirs.text == c.text && text(o) == text(&own)) {
            Some((fields, _, _)) => fields.push(field),
            None => said_once.push((vec![field], own, c)),
        }
    }
    for (fields, own, c) in said_once {
        let mine = own.map_or(String::new(), |o| format!("{}; ", said(ra.name(), &o)));
        // Fields' labels hold "and" ("e-health and assisted living"): each has its "on".
        let fields = fields.join(", and on ");
        out.push(format!("{} and {} both work on {fields}: {mine}{}.", ra.name(), rb.name(), said(rb.name(), c)));
    }
}

/// The answered asks said once per piece of evidence, at most `limit` sentences: asks of one
/// line answered by the same words ("Horizon Europe" and "Horizon Europe projects and similar
/// initiatives") are named together, not quoted twice. Each: what is sought, and the quote.
/// `by`: the region whose evidence answers them.
fn one_per_quote<'c>(answered: &'c [(&Ask, Cited, How)], limit: usize, by: &str) -> Vec<(String, &'c Cited)> {
    // With each, whether it ends in a clause (see `and_after`).
    let mut out: Vec<(String, &Cited, bool)> = Vec::new();
    let heads: Vec<String> = answered.iter().filter(|x| x.0.for_itself()).map(|x| x.0.name_as_head()).collect();
    for (ask, c, how) in answered {
        // A purpose says what it is the purpose of: why it counts for half; and where the
        // evidence shows the aim alone, that it does ("AI for personalisation" answered by
        // personalised medicine without AI reads as AI for it otherwise).
        let of = ask.purpose_of.as_ref().map(|h| match heads.contains(h) {
            true => format!(", the aim of the {h} it seeks"),
            false => format!(", the aim of the {h} it seeks (not shown by {by})"),
        });
        let what = format!("{}{}{}", sought(ask), how.after(), of.as_deref().unwrap_or(""));
        let clause = how.ends_in_clause() || of.is_some();
        let full = out.len() >= limit;
        match out.iter_mut().find(|(_, seen, _)| seen.text == c.text && seen.by_meaning == c.by_meaning) {
            Some((said, _, was)) => {
                said.push_str(and_after(*was));
                said.push_str(&what);
                *was = clause;
            }
            None if !full => out.push((what, c, clause)),
            None => {}
        }
    }
    out.into_iter().map(|(what, c, _)| (what, c)).collect()
}

/// What joins a second thing sought to one that ends in a clause (", in the field of …")
/// or not: "EATRIS, in the field of translational research, and ECRIN", not "… research and
/// ECRIN".
fn and_after(clause: bool) -> &'static str {
    if clause {
        ", and "
    } else {
        " and "
    }
}

/// A wish for partners in a macro-region `other` is in, said with the macro-region's name and
/// the wisher's words ("Alpine", "EUSALP" say little alone).
fn in_macro_region(wisher: &Region, place: &str, written: &str, other: &Region) -> String {
    format!("{} would like to collaborate in {place} (“{written}”): {} is in it.", wisher.name(), other.name())
}

/// That `wisher` would like to collaborate with regions of a designation, `other` being one,
/// and why: "… with mountain regions: Kärnten is one, a mountain region by its profile."
fn one_of(wisher: &Region, (place, written): (&str, &str), other: &Region, why: &str) -> String {
    let name = super::designations::name(place).unwrap_or(written);
    let said = if crate::text::fold(name) == crate::text::fold(written) {
        String::new()
    } else {
        format!(" (“{written}”)")
    };
    format!("{} would like to collaborate with {name}{said}: {} is one, {why}.", wisher.name(), other.name())
}

/// Places named as wished partners', either way: a country, or a macro-region the other
/// says it is in, one a way (it earns its points once); and a region the other is, is in or
/// holds, one a way.
fn places(m: &Matcher, (a, b): (usize, usize), asked: bool, out: &mut Vec<String>) {
    let (ra, rb) = (&m.regions[a], &m.regions[b]);
    let country = |code: crate::NutsCode| crate::vocab::vocab().country_name(code.country()).unwrap_or("").to_string();
    // Where `r` is, said of the place `c` it is in: a country, or a macro-region; or why it
    // has the designation `c`.
    let is_in = |r: &Region, c: &str| -> Option<String> {
        if is_designation(c) {
            return super::designations::why(c, (r.facts.mountain, r.facts.sparse.as_deref()), &r.code);
        }
        match super::places::macro_region_name(c) {
            Some(name) => super::places::macro_regions_of(r.profile()).any(|x| x == c).then(|| format!("the {name}")),
            None => (c == r.code.country()).then(|| country(r.code)),
        }
    };
    let first = |wisher: &Region, r: &Region| {
        wisher.topics.wants_countries.iter().find_map(|(c, w)| Some((is_in(r, c)?, w.clone(), c.clone())))
    };
    // A country's own profile is the place named, not a region in it.
    if let Some((place, written, c)) = first(ra, rb) {
        out.push(match rb.code.level() {
            _ if is_designation(&c) => one_of(ra, (&c, &written), rb, &place),
            0 if !c.starts_with(super::places::MACRO) => {
                format!("{} would like to collaborate with {written}.", ra.name())
            }
            _ if c.starts_with(super::places::MACRO) => in_macro_region(ra, &place, &written, rb),
            _ => format!("{} would like to collaborate with {written}: {} is in {place}.", ra.name(), rb.name()),
        });
    }
    if let Some((place, written, c)) = first(rb, ra) {
        out.push(match ra.code.level() {
            _ if is_designation(&c) => one_of(rb, (&c, &written), ra, &place),
            0 if !c.starts_with(super::places::MACRO) => {
                format!("{} would like to collaborate with {written}.", rb.name())
            }
            _ if c.starts_with(super::places::MACRO) => in_macro_region(rb, &place, &written, ra),
            _ => format!("{} would like to collaborate with {written}, where {} is.", rb.name(), ra.name()),
        });
    }
    // A region named (the asker's, where it is no wish it seeks; see `named_region`).
    if !asked {
        out.extend(named_region(m, a, b));
    }
    out.extend(named_region(m, b, a));
}

/// That `x` names as a wished partner a region `y` is, is in or holds, said so.
fn named_region(m: &Matcher, x: usize, y: usize) -> Option<String> {
    let (code, written) = m.named_region(x, y)?;
    let (wisher, other) = (m.regions[x].name(), m.regions[y].name());
    let (folded, of_other) = (crate::text::fold(written), crate::text::fold(other));
    let same = of_other.contains(&folded);
    // A region of the same name inside it is said as it ("Northern Ireland", UKN0 in UKN).
    Some(match m.regions[y].code {
        c if (c == *code && same) || (c.within(code) && of_other == folded) => {
            format!("{wisher} would like to collaborate with {written}.")
        }
        c if c == *code => format!("{wisher} would like to collaborate with {written} ({other})."),
        c if c.within(code) => {
            format!("{wisher} would like to collaborate with {written}, where {other} is.")
        }
        _ => format!("{wisher} would like to collaborate with {written}, in {other}."),
    })
}

/// The complementarity claims, with the figures they rest on and what is sought, when they
/// earned points: `b` bringing experience in `brings` (what `a` seeks that `b` answers),
/// `a` in `back` (what `b` seeks that `a` answers).
/// Each: what is sought, and whether it ends in a clause (", in the field of …").
fn complementarity(
    m: &Matcher,
    (a, b): (usize, usize),
    (brings, sought): (&[(String, bool)], bool),
    back: &[(String, bool)],
    out: &mut Vec<String>,
) {
    let (ra, rb) = (&m.regions[a], &m.regions[b]);
    let mut claims = Vec::new();
    if !brings.is_empty() && lifts(&rb.facts, &ra.facts) {
        claims.push(why_lift(rb, ra, brings, sought));
    }
    if !back.is_empty() && lifts(&ra.facts, &rb.facts) {
        claims.push(why_lift(ra, rb, back, true));
    }
    if !claims.is_empty() {
        let facts = format!("{}: {} ({}: {})", rb.name(), rb.facts.summary(), ra.name(), ra.facts.summary());
        out.push(format!("{facts}. {}", claims.join(" ")));
    }
}

/// The fact that makes `hi` a region that can bring experience to `lo` in `what` (what `lo`
/// seeks), said plainly.
fn why_lift(hi: &Region, lo: &Region, what: &[(String, bool)], sought: bool) -> String {
    let what = match what {
        [(one, clause), (two, _), ..] => format!("{one}{}{two}", and_after(*clause)),
        [(one, _)] => one.clone(),
        [] => String::new(),
    };
    // A topic chosen on the page that `lo` does not seek: the experience, not a wish.
    let seeks = |who: &str| if sought { format!(", which {who} seeks") } else { String::new() };
    match (hi.facts.level, lo.facts.level) {
        (Some(h), Some(l)) if h > l => format!(
            "{} is in a higher group of the Regional Innovation Scoreboard than {}, and can bring experience in {what}{}.",
            hi.name(),
            lo.name(),
            seeks(lo.name())
        ),
        _ => {
            let place = lo.facts.sparse.clone().unwrap_or_else(|| "a mountain region".to_string());
            // Named, not "it": after "… can bring experience in", "it" reads as the one that brings.
            format!("{} is {place}; {} can bring experience in {what}{}.", lo.name(), hi.name(), seeks(lo.name()))
        }
    }
}

impl Matcher {
    /// Why region `a` has no partner (`partners` found none), as a clause following its name
    /// or "No partner found for …:": what was looked for, so that an empty list says which
    /// searches came back empty (a region naming nothing it seeks is still found by what
    /// others seek that it offers).
    pub fn why_none(&self, a: usize, topic: Option<TopicId>) -> String {
        if let Some(t) = topic {
            return format!("no other region shows evidence of {}", t.label().to_lowercase());
        }
        if !self.regions[a].asks.is_empty() {
            return "no other region's evidence answers what it seeks".to_string();
        }
        let rest = "and no region seeks what it offers, is where it wishes partners, or names it or its country as a wished partner";
        // Its own fields are those another region works on too (see `own_fields`).
        let own: Vec<String> = self.own_fields(a).iter().map(|t| t.label().to_lowercase()).collect();
        if own.is_empty() {
            format!("it names no field or network it seeks, shows no field it works in that other regions, at most half of them, work in too, {rest}")
        } else {
            format!("it names no field or network it seeks, no other region shows enough evidence of the fields it works in ({}), {rest}", own.join("; "))
        }
    }
}
