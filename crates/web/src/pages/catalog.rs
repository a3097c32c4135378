//! The DCAT-AP description of the dataset (`/catalog.jsonld`), as open data portals harvest it.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::data::{as_of, citation};
use crate::formats::Format;
use crate::state::AppState;

const LICENCE: &str = "https://ec.europa.eu/eurostat/about-us/policies/copyright";

/// A distribution per download format, and the API.
fn distributions(base: &str, has_shapes: bool) -> Vec<serde_json::Value> {
    let licence = LICENCE;
    Format::ALL
        .into_iter()
        .filter(|f| *f != Format::GeoJson || has_shapes)
        .map(|f| {
            serde_json::json!({
                "@id": format!("{base}/regions.{}#distribution", f.ext()),
                "@type": "dcat:Distribution",
                "dct:title": format!("All profiles, {}", f.label()),
                "dcat:accessURL": {"@id": format!("{base}/data")},
                "dcat:downloadURL": {"@id": format!("{base}/regions.{}", f.ext())},
                "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{}", f.media_type().split(';').next().unwrap_or(""))},
                "dct:format": f.label(),
                "dct:license": {"@id": licence},
            })
        })
        .chain(std::iter::once(serde_json::json!({
            "@id": format!("{base}/api/openapi.json#distribution"),
            "@type": "dcat:Distribution",
            "dct:title": "JSON API (OpenAPI 3.1)",
            "dcat:accessURL": {"@id": format!("{base}/api/v1/regions")},
            "dct:conformsTo": {"@id": format!("{base}/api/openapi.json")},
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/json"},
            "dct:format": "JSON",
            "dct:license": {"@id": licence},
        })))
        .collect()
}

/// The countries the profiles are of, as EU NUTS URIs.
fn spatial(view: &crate::state::View) -> Vec<serde_json::Value> {
    let mut countries: Vec<&str> = view.snapshot.regions().iter().map(|r| r.profile.code.country()).collect();
    countries.sort_unstable();
    countries.dedup();
    countries.iter().map(|c| serde_json::json!({"@id": format!("http://data.europa.eu/nuts/code/{c}")})).collect()
}

/// The DCAT-AP description of the dataset and its distributions, as the EU's open data
/// portal harvests it (JSON-LD).
pub async fn catalog(State(s): State<AppState>) -> Response {
    let view = s.view();
    let base = super::feeds::base_url(&s).to_string();
    let modified =
        view.snapshot.regions().iter().map(|r| r.version.created_at.as_str()).max().unwrap_or("").to_string();
    let mut years: Vec<u16> =
        view.snapshot.regions().iter().filter_map(|r| r.profile.origin.edition.map(|e| e.year)).collect();
    years.sort_unstable();
    let distributions = distributions(&base, !s.shapes.is_empty());
    let spatial = spatial(&view);
    let licence = LICENCE;
    let doc = serde_json::json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "dct:modified": {"@type": "xsd:dateTime"},
            "dcat:startDate": {"@type": "xsd:gYear"},
            "dcat:endDate": {"@type": "xsd:gYear"}
        },
        "@id": format!("{base}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": "pmatlas",
        "dct:description": "The catalogue of a pmatlas site: the personalised-medicine profiles of European regions.",
        "dct:publisher": {"@id": format!("{base}/#publisher"), "@type": "foaf:Agent", "foaf:name": "pmatlas observatory"},
        "dct:license": {"@id": licence},
        "dcat:dataset": {
            "@id": format!("{base}/data#dataset"),
            "@type": "dcat:Dataset",
            "dct:title": "Personalised medicine in Europe's regions",
            "dct:description": citation(&as_of(&view)),
            "dct:identifier": format!("{base}/data"),
            "dct:publisher": {"@id": format!("{base}/#publisher")},
            "dct:license": {"@id": licence},
            "dct:modified": modified,
            "dcat:keyword": ["personalised medicine", "precision medicine", "regions", "NUTS", "health innovation"],
            "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/HEAL"},
            "dct:temporal": {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": years.first().map(|y| y.to_string()).unwrap_or_default(),
                "dcat:endDate": years.last().map(|y| y.to_string()).unwrap_or_default()
            },
            "dct:spatial": spatial,
            "dcat:landingPage": {"@id": format!("{base}/")},
            "dcat:distribution": distributions,
        }
    });
    ([(header::CONTENT_TYPE, "application/ld+json")], doc.to_string()).into_response()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/catalog.jsonld", axum::routing::get(catalog))
}
