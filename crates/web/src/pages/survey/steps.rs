//! The new-region survey in steps: one section a page, the progress shown, "Save and
//! continue" and "Back". Every step is the whole form, the sections not shown `hidden`
//! (their fields are still sent), so a step needs no JavaScript and no state on the server;
//! moving between steps stores nothing and checks only the section being left. Drafts work
//! from any step as before.

/// The sections, in order: the fieldsets of the form.
pub(crate) const STEPS: [&str; 6] =
    ["The region", "Collaboration", "Memberships", "Policies and codes", "Self-evaluation", "About this change"];

/// The step a field is asked in.
pub(crate) fn step_of(field: &str) -> usize {
    match field {
        "seeking" | "interests" | "partners" => 1,
        f if f.starts_with("membership.") => 2,
        "policy_documents"
        | "policy_topics"
        | "support_measures"
        | "funding_programmes"
        | "ris3"
        | "pm_ris3"
        | "nace"
        | "nabs"
        | "policy_objectives"
        | "initiatives"
        | "digital_innovation_hubs"
        | "represented_in" => 3,
        f if f.starts_with("initiative.") => 3,
        f if f.starts_with("rating.") => 4,
        "comment" | "contact" | "contact_name" => 5,
        _ => 0,
    }
}

/// Where a step post goes: back one step, or on when the section left has no error (else it
/// stays, with that section's errors). Returns the step to show and the errors to show.
pub(crate) fn navigate(action: &str, at: usize, errors: Vec<(String, String)>) -> (usize, Vec<(String, String)>) {
    let at = at.min(STEPS.len() - 1);
    if action == "back" {
        return (at.saturating_sub(1), Vec::new());
    }
    let here: Vec<(String, String)> = errors.into_iter().filter(|(f, _)| step_of(f) == at).collect();
    if here.is_empty() {
        ((at + 1).min(STEPS.len() - 1), Vec::new())
    } else {
        (at, here)
    }
}

/// After a final send that did not read: the first step with an error, and its errors.
pub(crate) fn first_error(errors: Vec<(String, String)>) -> (usize, Vec<(String, String)>) {
    let at = errors.iter().map(|(f, _)| step_of(f)).min().unwrap_or(0);
    (at, errors.into_iter().filter(|(f, _)| step_of(f) == at).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_move_on_only_past_a_section_without_errors() {
        let e = |f: &str| vec![(f.to_string(), "bad".to_string())];
        assert_eq!(navigate("next", 0, Vec::new()).0, 1);
        assert_eq!(navigate("next", 0, e("population")), (0, e("population")));
        assert_eq!(navigate("next", 0, e("nace")).0, 1, "a later section's error waits for its step");
        assert_eq!(navigate("back", 3, e("nace")), (2, Vec::new()));
        assert_eq!(navigate("back", 0, Vec::new()).0, 0);
        assert_eq!(first_error([e("rating.need_funding"), e("nace")].concat()).0, 3);
        assert_eq!(step_of("membership.errin"), 2);
    }
}
