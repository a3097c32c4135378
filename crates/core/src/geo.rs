//! Map geometry: NUTS boundaries read from GeoJSON (lon/lat, EPSG:4326), projected to the
//! equal-area ETRS89-LAEA (EPSG:3035), simplified for the screen, clipped to the European
//! frame (the outermost regions go to insets beside it), and written as compact SVG path data in
//! kilometres.

use serde_json::Value;

/// GRS80 ellipsoid and the EPSG:3035 projection centre.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;
const LAT0: f64 = 52.0;
const LON0: f64 = 10.0;
const FALSE_EASTING: f64 = 4_321_000.0;
const FALSE_NORTHING: f64 = 3_210_000.0;

/// The frame of the map in EPSG:3035 metres: Iceland to Cyprus and eastern Türkiye, the
/// Canaries, Azores and other overseas regions left out.
pub const FRAME: (f64, f64, f64, f64) = (2_500_000.0, 1_350_000.0, 7_450_000.0, 5_450_000.0);

fn q(e: f64, sin_phi: f64) -> f64 {
    let e2 = e * e;
    (1.0 - e2)
        * (sin_phi / (1.0 - e2 * sin_phi * sin_phi)
            - (1.0 / (2.0 * e)) * ((1.0 - e * sin_phi) / (1.0 + e * sin_phi)).ln())
}

/// Projects longitude/latitude (degrees) to EPSG:3035 easting/northing (metres), with the
/// ellipsoidal formulas of EPSG Guidance Note 7-2 (Lambert Azimuthal Equal Area).
pub fn laea(lon: f64, lat: f64) -> (f64, f64) {
    let e2 = 2.0 * F - F * F;
    let e = e2.sqrt();
    let (phi, phi0) = (lat.to_radians(), LAT0.to_radians());
    let dlam = (lon - LON0).to_radians();
    let qp = q(e, 1.0);
    let beta = (q(e, phi.sin()) / qp).clamp(-1.0, 1.0).asin();
    let beta0 = (q(e, phi0.sin()) / qp).asin();
    let rq = A * (qp / 2.0).sqrt();
    let d = A * (phi0.cos() / (1.0 - e2 * phi0.sin().powi(2)).sqrt()) / (rq * beta0.cos());
    let b = rq * (2.0 / (1.0 + beta0.sin() * beta.sin() + beta0.cos() * beta.cos() * dlam.cos())).sqrt();
    let easting = FALSE_EASTING + b * d * beta.cos() * dlam.sin();
    let northing = FALSE_NORTHING + (b / d) * (beta0.cos() * beta.sin() - beta0.sin() * beta.cos() * dlam.cos());
    (easting, northing)
}

/// Douglas–Peucker simplification of a closed ring, keeping points further than `tol`.
pub fn simplify(ring: &[(f64, f64)], tol: f64) -> Vec<(f64, f64)> {
    if ring.len() <= 4 {
        return ring.to_vec();
    }
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[ring.len() - 1] = true;
    let mut stack = vec![(0, ring.len() - 1)];
    while let Some((s, e)) = stack.pop() {
        let (a, b) = (ring[s], ring[e]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        let mut best = (0.0, 0);
        for (i, p) in ring.iter().enumerate().take(e).skip(s + 1) {
            let d = if len == 0.0 {
                ((p.0 - a.0).powi(2) + (p.1 - a.1).powi(2)).sqrt()
            } else {
                ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / len
            };
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tol {
            keep[best.1] = true;
            stack.push((s, best.1));
            stack.push((best.1, e));
        }
    }
    ring.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// One NUTS region's shape, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    pub nuts_id: String,
    pub level: u8,
    pub name: String,
    /// SVG path data in map kilometres (x east from the frame's left, y south from its top).
    pub path: String,
    /// Bounding box in map kilometres: min x, min y, max x, max y.
    pub bbox: (i32, i32, i32, i32),
    /// The boundary in longitude/latitude as a GeoJSON geometry (coordinates to 4 decimals,
    /// about 10 m), for the GeoJSON downloads; `None` for shapes installed without it.
    pub geometry: Option<String>,
}

/// A GeoJSON value with every number rounded to 4 decimals.
fn rounded(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(|f| serde_json::Number::from_f64((f * 1e4).round() / 1e4))
            .map(Value::Number)
            .unwrap_or_else(|| v.clone()),
        Value::Array(a) => Value::Array(a.iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), rounded(x))).collect()),
        other => other.clone(),
    }
}

/// Map kilometres of a projected point.
fn km(p: (f64, f64)) -> (f64, f64) {
    ((p.0 - FRAME.0) / 1000.0, (FRAME.3 - p.1) / 1000.0)
}

/// A box on the map for the outermost regions that lie outside the European frame, as
/// Eurostat's maps draw them: each at its own scale, in the empty Atlantic west of Ireland
/// and north of Galicia (x 0–420 km, y 800–2,700 km of the frame holds no land).
#[derive(Clone, Copy, Debug)]
pub struct Inset {
    pub name: &'static str,
    /// Longitude and latitude range that falls in this box.
    pub lon: (f64, f64),
    pub lat: (f64, f64),
    /// The box in map kilometres: left, top, width, height.
    pub rect: (i32, i32, i32, i32),
}

/// The height of an inset's name, in map kilometres.
pub const INSET_LABEL: i32 = 55;

/// The outermost regions of the EU (TFEU art. 349) in NUTS 2021.
pub const INSETS: [Inset; 8] = [
    Inset { name: "Açores", lon: (-31.6, -24.9), lat: (36.8, 39.9), rect: (10, 820, 405, 220) },
    Inset { name: "Canarias", lon: (-18.4, -13.3), lat: (27.5, 29.5), rect: (10, 1055, 405, 220) },
    Inset { name: "Madeira", lon: (-17.4, -15.5), lat: (29.9, 33.2), rect: (10, 1290, 195, 220) },
    Inset { name: "Guyane", lon: (-54.7, -51.5), lat: (2.0, 5.9), rect: (220, 1290, 195, 220) },
    Inset { name: "Guadeloupe", lon: (-61.9, -61.0), lat: (15.7, 16.6), rect: (10, 1525, 195, 220) },
    Inset { name: "Martinique", lon: (-61.3, -60.7), lat: (14.35, 14.9), rect: (220, 1525, 195, 220) },
    Inset { name: "La Réunion", lon: (55.1, 55.95), lat: (-21.45, -20.8), rect: (10, 1760, 195, 220) },
    Inset { name: "Mayotte", lon: (44.95, 45.4), lat: (-13.1, -12.6), rect: (220, 1760, 195, 220) },
];

impl Inset {
    fn contains(&self, (lon, lat): (f64, f64)) -> bool {
        (self.lon.0..=self.lon.1).contains(&lon) && (self.lat.0..=self.lat.1).contains(&lat)
    }

    /// Places a point in the box: a local equirectangular projection around the range's
    /// centre (near enough at these sizes), scaled to fit under the box's label.
    fn place(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        let (lon_c, lat_c) = ((self.lon.0 + self.lon.1) / 2.0, (self.lat.0 + self.lat.1) / 2.0);
        let kx = 111.32 * lat_c.to_radians().cos();
        let (w, h) = ((self.lon.1 - self.lon.0) * kx, (self.lat.1 - self.lat.0) * 110.57);
        let (bx, by, bw, bh) = self.rect;
        // The top is the label's.
        let (top, pad) = (INSET_LABEL + 5, 10);
        let scale = ((bw - 2 * pad) as f64 / w).min((bh - top - pad) as f64 / h);
        let (cx, cy) = (bx as f64 + bw as f64 / 2.0, (by + top) as f64 + (bh - top - pad) as f64 / 2.0);
        (cx + (lon - lon_c) * kx * scale, cy + (lat_c - lat) * 110.57 * scale)
    }
}

/// A ring in map kilometres: in the frame, or in its inset; `None` when neither.
fn place(lonlat: &[(f64, f64)]) -> Option<Vec<(f64, f64)>> {
    let projected: Vec<(f64, f64)> = lonlat.iter().map(|p| laea(p.0, p.1)).collect();
    let outside = projected.iter().all(|p| p.0 < FRAME.0)
        || projected.iter().all(|p| p.0 > FRAME.2)
        || projected.iter().all(|p| p.1 < FRAME.1)
        || projected.iter().all(|p| p.1 > FRAME.3);
    if !outside {
        return Some(projected.into_iter().map(km).collect());
    }
    let inset = INSETS.iter().find(|i| i.contains(lonlat[0]))?;
    Some(lonlat.iter().map(|p| inset.place(*p)).collect())
}

/// Width and height of the frame in map kilometres.
pub fn frame_size() -> (i32, i32) {
    (((FRAME.2 - FRAME.0) / 1000.0) as i32, ((FRAME.3 - FRAME.1) / 1000.0) as i32)
}

#[derive(Debug, PartialEq)]
pub struct GeoError {
    pub feature: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for GeoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.feature {
            Some(i) => write!(f, "feature {i}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn err(feature: Option<usize>, message: impl Into<String>) -> GeoError {
    GeoError { feature, message: message.into() }
}

/// Reads NUTS boundaries from GeoJSON: a FeatureCollection whose features carry `NUTS_ID`
/// and `LEVL_CODE`, with Polygon or MultiPolygon geometry in lon/lat. Rings are projected,
/// simplified with `tolerance_m` (on the map's scale) and clipped; parts outside the frame go
/// to their inset (`INSETS`) or, with none, are dropped, and so is a region with no part left. Names come from `NAME_LATN` or `NUTS_NAME`.
pub fn shapes_from_geojson(text: &str, tolerance_m: f64) -> Result<Vec<Shape>, GeoError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| err(None, format!("not JSON (line {}, column {}): {e}", e.line(), e.column())))?;
    if v.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(err(None, "not a GeoJSON FeatureCollection"));
    }
    let features = v.get("features").and_then(Value::as_array).ok_or_else(|| err(None, "no \"features\" array"))?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let props = f.get("properties").ok_or_else(|| err(Some(i), "no properties"))?;
        let id = props.get("NUTS_ID").and_then(Value::as_str).ok_or_else(|| err(Some(i), "no NUTS_ID property"))?;
        // The id is drawn into the map and its links: it must be a NUTS code, nothing else.
        if crate::nuts::NutsCode::parse(id).map(|c| c.as_str() != id).unwrap_or(true) {
            let shown: String = id.chars().take(40).flat_map(char::escape_debug).collect();
            return Err(err(Some(i), format!("NUTS_ID \"{shown}\" is not a NUTS code")));
        }
        let level = props
            .get("LEVL_CODE")
            .and_then(|l| l.as_u64().or_else(|| l.as_str().and_then(|s| s.parse().ok())))
            .filter(|l| *l <= 3)
            .ok_or_else(|| err(Some(i), format!("{id}: no LEVL_CODE 0–3")))? as u8;
        let name = ["NAME_LATN", "NUTS_NAME"]
            .iter()
            .find_map(|k| props.get(*k).and_then(Value::as_str))
            .unwrap_or(id)
            .trim()
            .to_string();
        let geom = f.get("geometry").ok_or_else(|| err(Some(i), format!("{id}: no geometry")))?;
        let coords = geom.get("coordinates").ok_or_else(|| err(Some(i), format!("{id}: no coordinates")))?;
        let polygons: Vec<&Value> = match geom.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![coords],
            Some("MultiPolygon") => coords.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            other => return Err(err(Some(i), format!("{id}: geometry {other:?} is not a Polygon or MultiPolygon"))),
        };
        let mut path = String::new();
        let mut bbox = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        let tol_km = tolerance_m / 1000.0;
        for poly in polygons {
            for ring in poly.as_array().into_iter().flatten() {
                let lonlat: Vec<(f64, f64)> = ring
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                    .collect();
                if lonlat.len() < 3 {
                    continue;
                }
                let Some(pts) = place(&lonlat) else { continue };
                let simple = simplify(&pts, tol_km);
                let mut last = None;
                let mut n = 0;
                for (k, p) in simple.iter().map(|p| (p.0.round() as i32, p.1.round() as i32)).enumerate() {
                    if Some(p) == last {
                        continue;
                    }
                    path.push_str(if k == 0 { "M" } else { " " });
                    path.push_str(&format!("{} {}", p.0, p.1));
                    bbox = (bbox.0.min(p.0), bbox.1.min(p.1), bbox.2.max(p.0), bbox.3.max(p.1));
                    last = Some(p);
                    n += 1;
                }
                if n < 3 {
                    // A ring smaller than a kilometre: drop what was written of it.
                    if let Some(at) = path.rfind('M') {
                        path.truncate(at);
                    }
                    continue;
                }
                path.push('Z');
            }
        }
        if !path.is_empty() {
            let geometry = Some(rounded(geom).to_string());
            out.push(Shape { nuts_id: id.to_string(), level, name, path, bbox, geometry });
        }
    }
    if out.is_empty() {
        return Err(err(None, "no feature with a shape inside the European frame"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laea_matches_the_epsg_example() {
        // EPSG Guidance Note 7-2, Lambert Azimuthal Equal Area example: 50°N 5°E.
        let (e, n) = laea(5.0, 50.0);
        assert!((e - 3_962_799.45).abs() < 0.05, "{e}");
        assert!((n - 2_999_718.85).abs() < 0.05, "{n}");
        let (e, n) = laea(10.0, 52.0);
        assert!((e - 4_321_000.0).abs() < 1e-6 && (n - 3_210_000.0).abs() < 1e-6);
    }

    #[test]
    fn simplify_keeps_corners() {
        let ring = vec![(0.0, 0.0), (5.0, 0.1), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)];
        assert_eq!(simplify(&ring, 1.0), vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]);
    }

    #[test]
    fn reads_clips_and_reports() {
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"NUTS_ID":"DEG","LEVL_CODE":1,"NAME_LATN":"Thüringen"},
           "geometry":{"type":"Polygon","coordinates":[[[10.0,51.0],[12.5,51.0],[12.5,50.3],[10.0,50.3],[10.0,51.0]]]}},
          {"type":"Feature","properties":{"NUTS_ID":"FRY4","LEVL_CODE":2,"NAME_LATN":"La Réunion"},
           "geometry":{"type":"Polygon","coordinates":[[[55.2,-21.0],[55.8,-21.0],[55.8,-21.4],[55.2,-21.0]]]}},
          {"type":"Feature","properties":{"NUTS_ID":"XX1","LEVL_CODE":1,"NAME_LATN":"Far away"},
           "geometry":{"type":"Polygon","coordinates":[[[100.0,10.0],[101.0,10.0],[101.0,11.0],[100.0,10.0]]]}}]}"#;
        let s = shapes_from_geojson(gj, 1000.0).unwrap();
        assert_eq!(s.len(), 2, "a shape outside the frame and every inset is dropped");
        // La Réunion is drawn in its inset, left of the frame, inside the inset's box.
        let reunion = &s[1];
        assert_eq!(reunion.nuts_id, "FRY4");
        let (x, y, w, h) = INSETS.iter().find(|i| i.name == "La Réunion").unwrap().rect;
        let b = reunion.bbox;
        assert!(b.0 >= x && b.2 <= x + w && b.1 >= y && b.3 <= y + h, "{b:?} in {:?}", (x, y, w, h));
        assert!(b.2 - b.0 > 100, "drawn large enough to see: {b:?}");
        assert_eq!((s[0].nuts_id.as_str(), s[0].level, s[0].name.as_str()), ("DEG", 1, "Thüringen"));
        assert!(s[0].path.starts_with('M') && s[0].path.ends_with('Z'));
        let bad = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"LEVL_CODE":1},"geometry":null}]}"#;
        assert_eq!(shapes_from_geojson(bad, 1000.0).unwrap_err().to_string(), "feature 0: no NUTS_ID property");
        let script = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NUTS_ID":"DE</title><script>alert(1)</script>","LEVL_CODE":1},"geometry":null}]}"#;
        let e = shapes_from_geojson(script, 1000.0).unwrap_err().to_string();
        assert!(e.starts_with("feature 0: NUTS_ID \"DE</title><script>"), "{e}");
        assert!(e.ends_with("is not a NUTS code"), "{e}");
        assert!(shapes_from_geojson("[]", 1000.0).is_err());
    }
}
