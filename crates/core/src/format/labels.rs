//! The labels of the observatory text format, in folded form (see [`crate::text::fold`]),
//! with every variant seen in real documents (`FIELDS.md`). Membership questions,
//! self-evaluation items and support measures are vocabulary data and live in `data/`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    Innovation,
    Population,
    Density,
    Over65,
    Website,
    HealthProfile,
    Background,
    Collaboration,
    Partners,
    MembershipHeading,
    PolicyDocuments,
    Topics,
    Funding,
    Nace,
    Nabs,
    PolicyObjectives,
    Ris3,
    PmRis3,
    Ris3Heading,
    Initiatives,
    Dih,
    RepresentedIn,
    SelfEvaluation,
    ImageAttribution,
    /// The canonical form's `Source of the data` section (edition, incomplete copy).
    Provenance,
    Unrecognised,
}

/// Labels that open a section: a list item that says one of these opens it instead.
pub fn is_heading(l: Label) -> bool {
    matches!(
        l,
        Label::PolicyDocuments
            | Label::Funding
            | Label::Ris3Heading
            | Label::Initiatives
            | Label::Dih
            | Label::RepresentedIn
            | Label::MembershipHeading
            | Label::SelfEvaluation
    )
}

/// How much of the line the label must cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The label starts the line; a value follows.
    Prefix,
    /// Like `Prefix`, with no word boundary after it (`km²`, `km2`, `kmĀ²` after "per km").
    Glued,
    /// The label starts the line and a colon follows somewhere (value after the colon).
    PrefixColon,
    /// The label is the whole line, but for a trailing colon.
    Whole,
    /// The label is the whole line, or is followed by `:` or a dash and a value.
    WholeOrValue,
}

/// Longer variants first where one is a prefix of another.
pub const LABELS: &[(&str, Label, Fit)] = &[
    ("regional innovation performance", Label::Innovation, Fit::Prefix),
    ("innovation performance group", Label::Innovation, Fit::Prefix),
    ("total population per km", Label::Density, Fit::Glued),
    ("total popultaion per km", Label::Density, Fit::Glued),
    ("population per km", Label::Density, Fit::Glued),
    ("total population", Label::Population, Fit::Prefix),
    ("total popultaion", Label::Population, Fit::Prefix),
    ("proportion population older 65 year", Label::Over65, Fit::Prefix),
    ("proportion of population older than 65 years", Label::Over65, Fit::Prefix),
    ("regional websites", Label::Website, Fit::WholeOrValue),
    ("regional website", Label::Website, Fit::WholeOrValue),
    ("regional webistes", Label::Website, Fit::WholeOrValue),
    ("regional webiste", Label::Website, Fit::WholeOrValue),
    ("healthprofile according to", Label::HealthProfile, Fit::Prefix),
    ("health profile according to", Label::HealthProfile, Fit::Prefix),
    ("background", Label::Background, Fit::Whole),
    ("is the region looking for", Label::Collaboration, Fit::Prefix),
    ("the region would like to collaborate with", Label::Partners, Fit::Prefix),
    ("membership status", Label::MembershipHeading, Fit::Whole),
    ("policy documents", Label::PolicyDocuments, Fit::Whole),
    ("topics covered by policies", Label::Topics, Fit::Prefix),
    ("topics covered in policies", Label::Topics, Fit::Prefix),
    ("funding programmes or other support measures", Label::Funding, Fit::Whole),
    ("nace code(s)", Label::Nace, Fit::Prefix),
    ("nace codes", Label::Nace, Fit::WholeOrValue),
    ("nace code", Label::Nace, Fit::WholeOrValue),
    ("nace", Label::Nace, Fit::PrefixColon),
    ("scientific domain nabs", Label::Nabs, Fit::PrefixColon),
    ("nabs code(s)", Label::Nabs, Fit::Prefix),
    ("policy objective(s)", Label::PolicyObjectives, Fit::Prefix),
    ("policy objectives", Label::PolicyObjectives, Fit::WholeOrValue),
    ("policy objective", Label::PolicyObjectives, Fit::PrefixColon),
    ("policy document (ris3)", Label::Ris3, Fit::Prefix),
    ("policy document pm@ris3", Label::PmRis3, Fit::Prefix),
    ("pm@ris3", Label::PmRis3, Fit::Prefix),
    ("regional strategy for research and innovation for smart specialisation", Label::Ris3Heading, Fit::Prefix),
    ("national strategy for research and innovation for smart specialisation", Label::Ris3Heading, Fit::Prefix),
    ("major initiatives", Label::Initiatives, Fit::Whole),
    ("digital innovation hubs", Label::Dih, Fit::WholeOrValue),
    ("digital innovation hub", Label::Dih, Fit::WholeOrValue),
    ("is the region represented in", Label::RepresentedIn, Fit::Prefix),
    ("region represented in", Label::RepresentedIn, Fit::Prefix),
    ("self evaluation", Label::SelfEvaluation, Fit::Whole),
    ("self-evaluation", Label::SelfEvaluation, Fit::Whole),
    ("images attribution", Label::ImageAttribution, Fit::WholeOrValue),
    ("image attribution", Label::ImageAttribution, Fit::WholeOrValue),
    ("source of the data", Label::Provenance, Fit::Whole),
    ("unrecognised content", Label::Unrecognised, Fit::Whole),
];

/// Page chrome: skip links, survey invitation, project footer, social links. Matched as a
/// prefix of the folded line, or the line as a prefix of these (a copy cut inside the footer).
pub const CHROME: &[&str] = &[
    "top of page",
    "bottom of page",
    "if you would like to add your region to the observatory",
    "this project has received funding from the european union",
    "2020 research and innovation programme under grant agreement",
    "the project is co-ordinated by department economy, science and innovation",
    "department economy, science and innovation - koning albert",
];

/// Social-media link lines of the page footer (the whole line, after a bullet).
pub const SOCIAL: &[&str] = &["linkedin", "facebook", "twitter", "youtube", "instagram"];

/// The canonical spelling the renderer writes for each label.
pub fn canonical(label: Label) -> &'static str {
    match label {
        Label::Innovation => "Regional Innovation Performance",
        Label::Population => "Total population",
        Label::Density => "Population per km²",
        Label::Over65 => "Proportion population older 65 year %",
        Label::Website => "Regional website",
        Label::HealthProfile => "Healthprofile according to the European Observatory on Health Systems and Policies and the Organisation for Economic Co-operation and Development (OECD):",
        Label::Background => "Background",
        Label::Collaboration => "Is the region looking for international/European/interregional collaboration opportunities?",
        Label::Partners => "The region would like to collaborate with:",
        Label::MembershipHeading => "Membership status",
        Label::PolicyDocuments => "Policy documents",
        Label::Topics => "Topics covered by policies :",
        Label::Funding => "Funding programmes or other support measures:",
        Label::Nace => "NACE Personalised Medicine/Personalised Health related to Research and Innovation objectives:",
        Label::Nabs => "Scientific domain NABS Personalised Medicine/Personalised Health related to Research and Innovation:",
        Label::PolicyObjectives => "Policy objective Personalised Medicine/Personalised Health related to Research and Innovation objectives:",
        Label::Ris3 => "Policy document (RIS3):",
        Label::PmRis3 => "Policy document PM@RIS3:",
        Label::Ris3Heading => "Regional Strategy for Research and Innovation for Smart Specialisation (RIS3)",
        Label::Initiatives => "Major initiatives",
        Label::Dih => "Digital Innovation Hubs:",
        Label::RepresentedIn => "Is the region represented in: Horizon2020; Regional Smart Specialisation Strategy Platforms/Partnerships (RIS3); EIT Health/InnoStars/Regional Innovation Scheme (RIS); other?",
        Label::SelfEvaluation => "Self evaluation",
        Label::ImageAttribution => "Image attribution",
        Label::Provenance => "Source of the data",
        Label::Unrecognised => "Unrecognised content",
    }
}

/// Finds the label that starts `folded` (a folded line); returns it and the folded byte
/// offset where its value starts.
pub fn match_label(folded: &str) -> Option<(Label, usize)> {
    // Most lines start with no label's first byte: one byte compare instead of a memcmp.
    let first = *folded.as_bytes().first()?;
    for &(text, label, fit) in LABELS {
        if text.as_bytes()[0] != first {
            continue;
        }
        let Some(rest) = folded.strip_prefix(text) else {
            continue;
        };
        if fit != Fit::Glued && rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            continue; // "nacelle", "backgrounds"
        }
        let r = rest.trim_start();
        let ok = match fit {
            Fit::Prefix | Fit::Glued => true,
            Fit::PrefixColon => rest.as_bytes().contains(&b':'),
            Fit::Whole => r.is_empty() || r == ":",
            Fit::WholeOrValue => r.is_empty() || r.starts_with(':') || r.starts_with('-'),
        };
        if ok {
            return Some((label, text.len()));
        }
    }
    None
}

/// A heading written with one letter dropped, added, changed or two swapped ("Policy
/// douments"): the heading meant. Only whole-line headings of ten letters or more, so that
/// ordinary words are never read as one.
pub fn near_heading(folded: &str) -> Option<Label> {
    let line = folded.trim_end_matches([':', ' ']);
    if line.len() < 10 || line.len() > 60 {
        return None;
    }
    LABELS
        .iter()
        .filter(|(l, label, fit)| matches!(fit, Fit::Whole | Fit::WholeOrValue) && l.len() >= 10 && is_heading(*label))
        .find(|(l, _, _)| one_edit_apart(line, l))
        .map(|(_, label, _)| *label)
}

/// Damerau–Levenshtein distance exactly one (on bytes: headings are ASCII).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn every_canonical_label_is_recognised() {
        for &(_, label, _) in LABELS {
            let f = fold(canonical(label));
            assert_eq!(match_label(&f).map(|m| m.0), Some(label), "{}", canonical(label));
        }
    }

    #[test]
    fn variants_and_near_misses() {
        let m = |s: &str| match_label(&fold(s)).map(|x| x.0);
        assert_eq!(m("Regional Innovation Performance(2019) Moderate"), Some(Label::Innovation));
        assert_eq!(m("Total popultaion per km2 (2019): 7527"), Some(Label::Density));
        assert_eq!(m("Population per kmĀ² (2019): 202"), Some(Label::Density));
        assert_eq!(m("Population per km² (2017) 134"), Some(Label::Density));
        assert_eq!(m("Population per km2 - 170"), Some(Label::Density));
        assert_eq!(m("Regional Webistes"), Some(Label::Website));
        assert_eq!(m("Regional websites are listed below"), None);
        assert_eq!(m("Policy Documents"), Some(Label::PolicyDocuments));
        assert_eq!(m("Policy documents of the region were adopted"), None);
        assert_eq!(m("NACE codes are listed"), None);
        assert_eq!(m("Digital Innovation Hub :"), Some(Label::Dih));
        assert_eq!(m("Images attribution - By Niko67000"), Some(Label::ImageAttribution));
    }

    #[test]
    fn headings_with_one_letter_wrong() {
        let n = |s: &str| near_heading(&fold(s));
        assert_eq!(n("Policy douments"), Some(Label::PolicyDocuments), "a letter dropped");
        assert_eq!(n("Policy docuemnts"), Some(Label::PolicyDocuments), "two swapped");
        assert_eq!(n("Major initiativs:"), Some(Label::Initiatives));
        assert_eq!(n("Membership statuss"), Some(Label::MembershipHeading));
        assert_eq!(n("Policy dcmnts"), None, "more than one letter");
        assert_eq!(n("Backgrounds"), None, "too short to guess");
    }
}
