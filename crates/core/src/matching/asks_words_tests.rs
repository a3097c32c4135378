//! Words an answer says that ask nothing: where partners may be, a value, a plan, a contact,
//! how a region would work, health care, clinical practice, the professionals and patients of
//! every region, and what is new, innovative or a method of any field.

use super::tests::kinds_and_terms;
use super::*;

/// Where partners may be, said of the whole world or of the region's neighbours, asks
/// nothing: "worldwide" or "neighbouring" is no field of work, and would be answered by any
/// text saying "a worldwide leader" or naming its own neighbours. (Which regions border which
/// the atlas does not hold.)
#[test]
fn where_in_the_world_partners_may_be_asks_nothing() {
    assert!(kinds_and_terms("with EU and non-EU partners, worldwide").is_empty());
    assert!(kinds_and_terms("global partners and partners abroad or overseas").is_empty());
    assert!(kinds_and_terms("with neighbouring regions and cross-border partners").is_empty());
    let telemedicine = kinds_and_terms("cross-border telemedicine with neighbouring countries");
    assert_eq!(telemedicine, [(AskKind::Field, vec!["#t:e_health".to_string()])]);
    assert_eq!(kinds_and_terms("genomics worldwide"), [(AskKind::Field, vec!["#t:genomics".to_string()])]);
}

/// "Value" says little alone: "value" was answered by any text speaking of "added value" or
/// "value chains". Value-based healthcare, a policy topic of the survey, is asked whole, by
/// one tag, however written ("value based health care").
#[test]
fn a_value_alone_asks_nothing() {
    assert!(kinds_and_terms("value for healthcare").is_empty());
    let vbhc = (AskKind::Words, vec!["#p:value_based_healthcare".to_string()]);
    let outcomes = kinds_and_terms("value-based healthcare and patient-reported outcomes");
    assert_eq!(outcomes, [vbhc.clone(), (AskKind::Words, ["report", "outcom"].map(String::from).to_vec())]);
    assert_eq!(kinds_and_terms("value based health care"), [vbhc]);
}

/// A plan, policy or roadmap says what kind of document, not what it is about: "a national
/// plan for rare diseases" seeks rare diseases. Asked alone, "plan" was answered by any
/// "National Health Care Plan". The EU's cancer plan is a plan of its own name.
#[test]
fn a_plan_or_policy_alone_asks_nothing() {
    assert!(kinds_and_terms("joint policies, action plans and roadmaps").is_empty());
    let ebcp = kinds_and_terms("the EU cancer plan");
    assert_eq!(ebcp, [(AskKind::Network, ["#e:ebcp", "#t:cancer"].map(String::from).to_vec())]);
    let rare = kinds_and_terms("a national plan for rare diseases");
    assert_eq!(rare, [(AskKind::Field, vec!["#t:rare_diseases".to_string()])]);
}

/// Conforming to a rule says how, not what: "in line with the GDPR" asked "line", answered by
/// no region. "Line" alone still asks ("cell lines").
#[test]
fn in_line_with_a_rule_asks_nothing() {
    let field = [(AskKind::Field, vec!["#t:data_analytics".to_string()])];
    assert_eq!(kinds_and_terms("health data in line with the GDPR"), field);
    assert_eq!(kinds_and_terms("health data, in accordance with the GDPR"), field);
    assert_eq!(kinds_and_terms("cell lines"), [(AskKind::Words, ["cell", "line"].map(String::from).to_vec())]);
}

/// Who pays, or a call to apply to, says how, not what: "projects financed by Horizon Europe"
/// asked "financed" narrowed by Horizon Europe, answered by no region.
#[test]
fn who_finances_asks_nothing() {
    let horizon = [(AskKind::Network, vec!["#e:horizon".to_string()])];
    assert_eq!(kinds_and_terms("projects financed by Horizon Europe"), horizon);
    assert_eq!(kinds_and_terms("projects co-funded by Horizon Europe"), horizon);
    // Nor does a call for proposals: "calls in cardiovascular diseases" asked "calls".
    let cvd = [(AskKind::Field, vec!["#t:cardiovascular_diseases".to_string()])];
    assert_eq!(kinds_and_terms("joint applications to calls in cardiovascular diseases"), cvd);
}

/// Who to contact is no field sought: an e-mail address, "please contact the Regional Health
/// Department for details".
#[test]
fn a_contact_asks_nothing() {
    assert!(kinds_and_terms("contact: maria.rossi@regione.emilia-romagna.it, +39 051 527 5000").is_empty());
    assert!(kinds_and_terms("please contact the Regional Health Department for details").is_empty());
}

/// How a region would work says nothing of what it seeks: "strengthen our position",
/// "exchanging best practices in the regional health service" ask nothing, while what they
/// are about does. (Sharing does: "sharing of genomic data" is found in "GDPR-compliant
/// sharing of health records".)
#[test]
fn how_a_region_would_work_asks_nothing() {
    let line = "to strengthen our position in personalised medicine by exchanging best practices in the regional health service";
    assert_eq!(kinds_and_terms(line), [(AskKind::Field, vec!["#t:personalised_medicine".to_string()])]);
    // "Twinning" was asked as "twin", answered by any "digital twin".
    let twinning = kinds_and_terms("twinning with regions that have established biobanks");
    assert_eq!(twinning, [(AskKind::Field, vec!["#t:biobanks".to_string()])]);
    // Sharing experience or knowledge is a way of working too: "Sharing of experience on RIS3
    // implementation" asked "sharing" alone, and "Shared value creation …" answered it.
    assert!(kinds_and_terms("Sharing of experience on RIS3 implementation in health").is_empty());
    assert!(kinds_and_terms("to share our best practices and knowledge sharing").is_empty());
    let data = kinds_and_terms("sharing of genomic data");
    assert!(data.iter().any(|a| a.1.contains(&"share".to_string())), "{data:?}");
}

/// "Health care" says little as a whole, as "healthcare" and "health and care" do: "PM in the
/// health care system" asked "care" alone, answered by any "National Health Care Plan".
/// "Integrated care" is asked, whole. Professionals are of every region, as hospitals are: their
/// education is what is sought.
#[test]
fn health_care_and_its_professionals_ask_nothing() {
    let pm = [(AskKind::Field, vec!["#t:personalised_medicine".to_string()])];
    assert_eq!(kinds_and_terms("personalised medicine in the health care system"), pm);
    assert_eq!(kinds_and_terms("education of health professionals"), [(AskKind::Words, vec!["educ".to_string()])]);
    assert_eq!(kinds_and_terms("integrated care"), [(AskKind::Words, vec!["#p:integrated_care".to_string()])]);
    assert!(kinds_and_terms("cooperation on health and care").is_empty());
}

/// Clinical practice is where any field is put to use, not a field: "implementing personalised
/// medicine into clinical practice" asked "clinical" beside the field, and any hospital's
/// "Clinics" answered it. "Clinical trials" and "clinical data" are still asked.
#[test]
fn clinical_practice_asks_nothing() {
    let pm = [(AskKind::Field, vec!["#t:personalised_medicine".to_string()])];
    assert_eq!(kinds_and_terms("implementing personalised medicine into clinical practice"), pm);
    assert_eq!(kinds_and_terms("personalised medicine in clinical routine"), pm);
    let data = kinds_and_terms("clinical data");
    assert_eq!(data, [(AskKind::Words, ["clinic", "data"].map(String::from).to_vec())]);
}

/// What is new or innovative, a treatment, a therapy, a method, a tool or a model, says
/// little without what it is of, nor does an interest; patients are of every region.
/// "Reimbursement of innovative therapies" asked three words, of which an answer needed two,
/// and Flanders' "National Reimbursement of prenatal molecular screening tests" answered
/// nothing.
#[test]
fn what_is_new_or_a_method_asks_nothing_alone() {
    let words = |w: &[&str]| (AskKind::Words, w.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    let got = kinds_and_terms("pricing and reimbursement of innovative therapies");
    assert_eq!(got, [words(&["price"]), words(&["reimburs"])]);
    assert_eq!(kinds_and_terms("reimbursement models"), [words(&["reimburs"])]);
    assert_eq!(kinds_and_terms("education of patients"), [words(&["educ"])]);
    assert!(kinds_and_terms("new treatment methods and tools").is_empty());
    // A population is in every region's description ("It has a population of 2.9 million"),
    // and staff or people are of every region.
    assert!(kinds_and_terms("the population; exchange of staff and people").is_empty());
    // "Interested" was a stop word, and "interest" not: "interest in joint research on
    // antimicrobial resistance" asked "interest" beside the field.
    let field = [(AskKind::Field, vec!["#t:infectious_diseases".to_string()])];
    assert_eq!(kinds_and_terms("Interest in joint research on antimicrobial resistance"), field);
    // Patients' own associations are asked whole.
    let organisations = (AskKind::Words, vec!["#p:patient_organisations".to_string()]);
    assert_eq!(kinds_and_terms("cooperation with patient organisations"), [organisations]);
}

/// Research, development and health say little in other languages too: "Biobanken-Forschung"
/// asked "Forschung" beside biobanks, and "big data sanitari" asked "sanitari" beside health
/// data, words no region's evidence holds.
#[test]
fn research_and_health_in_other_languages_ask_nothing() {
    let field = |t: &str| vec![(AskKind::Field, vec![format!("#t:{t}")])];
    assert_eq!(kinds_and_terms("Biobanken-Forschung"), field("biobanks"));
    assert_eq!(kinds_and_terms("big data sanitari"), field("data_analytics"));
    assert!(kinds_and_terms("ricerca e sviluppo; recherche et développement").is_empty());
}

/// "We seek partners" asks nothing in German, French, Italian or Spanish either ("suchen"
/// was asked beside biobanks, answered by no region), nor does what an answer in them offers.
#[test]
fn seeking_and_offering_in_other_languages() {
    let field = |t: &str| vec![(AskKind::Field, vec![format!("#t:{t}")])];
    assert_eq!(kinds_and_terms("Wir suchen Partner in der Biobanken-Forschung"), field("biobanks"));
    assert_eq!(kinds_and_terms("Nous cherchons des partenaires en génomique"), field("genomics"));
    assert_eq!(kinds_and_terms("Buscamos socios en medicina personalizada"), field("personalised_medicine"));
    let offer = "Offriamo competenze nelle biobanche e cerchiamo partner nell'intelligenza artificiale";
    assert_eq!(kinds_and_terms(offer), field("artificial_intelligence"));
    let offer = "Wir bieten Expertise in Genomik und suchen Partner in der künstlichen Intelligenz";
    assert_eq!(kinds_and_terms(offer), field("artificial_intelligence"));
    let offer = "Nous offrons notre expertise en biobanques et cherchons des partenaires en génomique";
    assert_eq!(kinds_and_terms(offer), field("genomics"));
}

/// What the region offers asks nothing; what it would learn "from others" asks the field
/// alone ("others" was an ask of its own, answered by no region).
#[test]
fn an_offer_and_others_ask_nothing() {
    let line = "we would like to share our experience in e-health and learn from others about genomics";
    assert_eq!(kinds_and_terms(line), [(AskKind::Field, vec!["#t:genomics".to_string()])]);
    let grow = kinds_and_terms("to strengthen our expertise in genomics");
    assert_eq!(grow, [(AskKind::Field, vec!["#t:genomics".to_string()])]);
}

/// A phrase asked whole whose words are coordinated ("knowledge and technology transfer",
/// "ethical, legal and social aspects") is one ask, not cut at its "and" or comma into
/// words; a phrase within a longer one is of the longer's ask.
#[test]
fn a_phrase_coordinated_within_is_one_ask() {
    let one = |tag: &str| [(AskKind::Words, vec![format!("#p:{tag}")])];
    assert_eq!(kinds_and_terms("knowledge and technology transfer"), one("technology_transfer"));
    assert_eq!(kinds_and_terms("ethical, legal and social aspects"), one("ethical_legal_social_aspects"));
    assert_eq!(kinds_and_terms("integrated health and social care"), one("integrated_care"));
}

/// A public-private partnership is asked whole: "public" says little alone, and "private"
/// alone was asked.
#[test]
fn a_public_private_partnership_is_asked_whole() {
    let line = "public-private partnerships with industry";
    assert_eq!(kinds_and_terms(line), [(AskKind::Words, vec!["#p:public_private_partnership".to_string()])]);
}
