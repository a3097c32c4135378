//! Rendering the full map: every NUTS 2 region profiled (generated profiles), GISCO shapes.
//! `cargo bench -p pmatlas-web --bench map [-- GEOJSON]` (default: ../shared/reference/nuts-geometry.geojson).

use std::time::Instant;

use pmatlas_web::map::{render, Attribute, Mapped, Shapes};

fn main() {
    let path = std::env::args().skip(1).find(|a| a.ends_with("json")).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/nuts-geometry.geojson").to_string()
    });
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("no GeoJSON at {path}: give one (GISCO NUTS 2021) as the argument");
        return;
    };
    let t = Instant::now();
    let shapes = pmatlas_core::geo::shapes_from_geojson(&text, 1500.0).unwrap();
    println!("{} shapes read, projected and simplified in {:.2?}", shapes.len(), t.elapsed());
    let shapes = Shapes::new(shapes);
    let profiles: Vec<pmatlas_core::Profile> =
        pmatlas_core::synth::profiles(600, 42).into_iter().filter(|p| p.code.level() == 2).collect();
    let mapped: Vec<Mapped<'_>> =
        profiles.iter().map(|p| Mapped { profile: p, selected: true, strengths: Box::new(|_| false) }).collect();
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..50 {
        let t = Instant::now();
        let r = render(&shapes, &mapped, Attribute::Innovation, "Map of Europe", shapes.view_box(None), None);
        best = best.min(t.elapsed().as_secs_f64());
        size = r.svg.len();
    }
    println!("full map, {} profiled NUTS 2 regions over the NUTS 2 base: {:.2} ms (best of 50), SVG {:.0} KB before compression", mapped.len(), best * 1e3, size as f64 / 1024.0);
}
