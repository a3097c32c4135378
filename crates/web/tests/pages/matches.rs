//! The matches page of a region naming countries where it wishes partners.

use super::*;

/// Countries named in the answer are shown as wished, and a region there is found for it,
/// the note saying what that counts for.
#[tokio::test]
async fn wished_countries_are_shown_and_counted() {
    let code = pmatlas_core::NutsCode::parse("ITH5").unwrap();
    let mut asker = Profile::new(code, Text::new("Emilia-Romagna").unwrap());
    let line = Text::new("pharmacogenomics; with regions in Germany and Austria, or the Nordic countries");
    asker.collaboration = Some(pmatlas_core::Collaboration::new(Some(true), line, vec![], vec![]));
    let app = test_app(&[asker]);
    let (status, _, html) = get(&app, "/regions/ITH5/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<span class=\"chip\" title=\"written as “pharmacogenomics”\">pharmacogenomics</span>"),
        "{html}"
    );
    assert!(
        html.contains("Emilia-Romagna would like to collaborate with regions in: <span class=\"chip\">Germany</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Austria</span><span class=\"visually-hidden\">, </span><span class=\"chip\">Nordic countries</span></p>"),
        "{html}"
    );
    assert!(html.contains("Emilia-Romagna would like to collaborate with Germany: Thuringia is in Germany."), "{html}");
    assert!(html.contains("for a country either names as a wished partner where the other is"), "{html}");
    // Not in one topic: the countries are not what is ranked there.
    let (_, _, one) = get(&app, "/regions/ITH5/matches?topic=genomics").await;
    assert!(!one.contains("would like to collaborate with regions in"), "{one}");
}
