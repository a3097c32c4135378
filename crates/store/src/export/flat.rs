//! The flat table: one row per region, for CSV and spreadsheets; and any table as CSV.

use pmatlas_core::attr;
use pmatlas_core::vocab::NetworkId;
use pmatlas_core::{SelfEvaluationItem, Text};

use crate::Region;

/// The column that carries the canonical JSON (and makes a CSV export importable).
pub const PROFILE_JSON: &str = "profile_json";

/// A table: a name, a header and rows of cells.
pub struct Table {
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub(super) fn join<'a>(xs: impl IntoIterator<Item = &'a Text>, sep: &str) -> String {
    xs.into_iter().map(Text::as_str).collect::<Vec<_>>().join(sep)
}

pub(super) fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

/// One row per region, flat columns, lists joined with " | ".
pub fn regions_table(regions: &[std::sync::Arc<Region>], with_json: bool) -> Table {
    let header = regions_header(with_json);
    let rows = regions.iter().map(|r| region_row(r, with_json)).collect();
    Table { name: "Regions", header, rows }
}

/// The columns of the regions table: vocabulary ids (`membership.errin`, `rating.need_funding`).
pub fn regions_header(with_json: bool) -> Vec<String> {
    let mut header: Vec<String> = [
        "code",
        "name",
        "country",
        "nuts_level",
        "national_level",
        "version",
        "updated_at",
        "edition",
        "innovation_edition",
        attr::INNOVATION.id,
        attr::POPULATION.id,
        "population_year",
        attr::DENSITY.id,
        "density_year",
        attr::OVER65.id,
        "over65_share_year",
        "websites",
        "description",
        attr::SEEKING.id,
        "collaboration_interests",
        "collaboration_topics",
        "collaboration_partners",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(NetworkId::all().map(attr::membership));
    header.extend(
        [
            "policy_documents",
            "policy_topics",
            "support_measures",
            "funding_programmes",
            "nace",
            "nabs",
            "policy_objectives",
            "ris3",
            "pm_ris3",
            "initiatives",
            "digital_innovation_hubs",
            "represented_in",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    header.extend(SelfEvaluationItem::ALL.iter().map(|&i| attr::rating(i)));
    header.extend(["image_attribution".into(), "extras".into()]);
    if with_json {
        header.push(PROFILE_JSON.into());
    }
    header
}

/// What a column of the regions table holds, in words (the readme of a download).
pub fn column_label(id: &str) -> String {
    if let Some(n) = id.strip_prefix("membership.").and_then(NetworkId::from_id) {
        return format!("{} (yes, no, country_member, country_observer, mixed, other, unanswered)", n.label());
    }
    if let Some(i) = id.strip_prefix("rating.").and_then(|x| SelfEvaluationItem::ALL.into_iter().find(|i| i.id() == x))
    {
        return format!("Self-evaluation: {}", i.label());
    }
    let known = [
        attr::INNOVATION,
        attr::SEEKING,
        attr::POPULATION,
        attr::DENSITY,
        attr::OVER65,
        attr::NACE,
        attr::NABS,
        attr::POLICY_OBJECTIVES,
        attr::RIS3,
        attr::PM_RIS3,
    ];
    if let Some(a) = known.iter().find(|a| a.id == id) {
        return a.label.to_string();
    }
    match id {
        "code" => "NUTS 2021 code (or country code)",
        "name" => "Name of the region",
        "country" => "Country",
        "nuts_level" => "NUTS level (0 = country)",
        "national_level" => "A national profile (yes/no)",
        "version" => "Version of the profile",
        "updated_at" => "When this version was stored (UTC)",
        "edition" => "How old the data is: the edition of the observatory's page it is read from, or the year the region submitted it",
        "innovation_edition" => "Edition of the Regional Innovation Scoreboard",
        "population_year" | "density_year" | "over65_share_year" => "Reference year of the figure before",
        "websites" => "Regional websites, | between them",
        "description" => "Description",
        "collaboration_interests" => "Fields of collaboration, as written",
        "collaboration_topics" => "Collaboration topics (topic ids), | between them",
        "collaboration_partners" => "Partners named",
        "policy_documents" => "Policy documents",
        "policy_topics" => "Topics covered by policies",
        "support_measures" => "Support measures",
        "funding_programmes" => "Funding programmes",
        "initiatives" => "Major initiatives",
        "digital_innovation_hubs" => "Digital innovation hubs",
        "represented_in" => "EU platforms it is represented in",
        "image_attribution" => "Credit of the page's image",
        "extras" => "Lines of the document that fit no field, as written (line, part), | between them",
        PROFILE_JSON => "The whole profile as canonical JSON (what pmatlas import reads)",
        _ => "",
    }
    .to_string()
}

/// Writes the regions table as CSV, one region at a time (memory does not grow with the
/// number of regions). Spreadsheet-safe like [`write_csv`].
pub fn write_regions_csv<'a>(
    regions: impl Iterator<Item = &'a Region>,
    with_json: bool,
    out: impl std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(regions_header(with_json))?;
    for r in regions {
        let row = region_row(r, with_json);
        w.write_record(row.iter().map(|c| pmatlas_core::sheet::safe_cell(c)).map(|c| c.into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the regions table as an XLSX workbook in constant memory (rows go to temporary
/// files as they are written), with a Readme sheet giving each column's meaning. Cells are
/// strings or numbers, never formulas.
pub fn write_regions_xlsx<'a>(
    regions: impl Iterator<Item = &'a Region>,
    out: impl std::io::Write + std::io::Seek + Send,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let header = regions_header(false);
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Regions")?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (r, region) in regions.enumerate() {
        let row = region_row(region, false);
        write_row(ws, r as u32 + 1, &header, &row)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let readme = wb.add_worksheet();
    readme.set_name("Readme")?;
    readme.write_string_with_format(0, 0, "column", &bold)?;
    readme.write_string_with_format(0, 1, "meaning", &bold)?;
    for (i, h) in header.iter().enumerate() {
        readme.write_string(i as u32 + 1, 0, h)?;
        readme.write_string(i as u32 + 1, 1, column_label(h))?;
    }
    wb.save_to_writer(out)
}

/// One row of a sheet: numbers as numbers, text as text (never a formula: a string cell is
/// not evaluated), at most 32,000 characters a cell.
pub(super) fn write_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    header: &[String],
    row: &[String],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, cell) in row.iter().enumerate() {
        let c16 = c as u16;
        let numeric = !cell.is_empty()
            && cell.len() < 16
            && cell.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && cell.parse::<f64>().is_ok();
        if numeric && !header[c].starts_with("code") {
            ws.write_number(r, c16, cell.parse::<f64>().unwrap_or(0.0))?;
        } else if !cell.is_empty() {
            let s: String = cell.chars().take(32_000).collect();
            ws.write_string(r, c16, &s)?;
        }
    }
    Ok(())
}

/// A region's row of the regions table.
pub fn region_row(r: &Region, with_json: bool) -> Vec<String> {
    let p = &r.profile;
    let k = &p.key_figures;
    let c = p.collaboration.as_ref();
    let mut row = vec![
        p.code.to_string(),
        p.name.to_string(),
        p.country_name().unwrap_or_default().to_string(),
        p.code.level().to_string(),
        (if p.national_level { "yes" } else { "no" }).to_string(),
        r.version.number.to_string(),
        r.version.created_at.clone(),
        opt(p.origin.edition),
        opt(k.innovation.as_ref().and_then(|i| i.edition)),
        k.innovation
            .as_ref()
            .map(|i| pmatlas_core::format::values::render_innovation_groups(&i.groups))
            .unwrap_or_default(),
        opt(k.population.as_ref().map(|f| f.value)),
        opt(k.population.as_ref().and_then(|f| f.year)),
        opt(k.density.as_ref().map(|f| f.value)),
        opt(k.density.as_ref().and_then(|f| f.year)),
        opt(k.over65_share.as_ref().map(|f| f.value)),
        opt(k.over65_share.as_ref().and_then(|f| f.year)),
        join(&p.websites, " | "),
        join(&p.description, "\n\n"),
        match pmatlas_core::attr::Stance::of(c) {
            pmatlas_core::attr::Stance::NotStated => String::new(),
            s => s.id().to_string(),
        },
        c.map(|c| c.texts().collect::<Vec<_>>().join(" | ")).unwrap_or_default(),
        c.map(|c| c.topics.iter().map(|t| t.topic.id()).collect::<Vec<_>>().join(" | ")).unwrap_or_default(),
        c.map(|c| join(&c.partners, " | ")).unwrap_or_default(),
    ];
    row.extend(NetworkId::all().map(|n| p.membership(n).map(|m| m.answer.id().to_string()).unwrap_or_default()));
    let docs: Vec<String> = p.policy_documents.iter().map(|d| d.text()).collect();
    row.push(docs.join(" | "));
    row.push(join(p.policy_topics.iter().map(|t| &t.text), " | "));
    row.push(p.support_measures.iter().map(|m| m.summary()).collect::<Vec<_>>().join(" | "));
    row.push(join(p.funding_programmes.iter().map(|f| &f.text), " | "));
    for codes in [&p.nace, &p.nabs, &p.policy_objectives] {
        row.push(codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(" | "));
    }
    row.push(p.ris3.as_ref().map(|f| yes_no(Some(f.value))).unwrap_or_default());
    row.push(p.pm_ris3.as_ref().map(|f| yes_no(Some(f.value))).unwrap_or_default());
    row.push(join(p.initiatives.iter().map(|i| &i.name), " | "));
    row.push(join(&p.digital_innovation_hubs, " | "));
    row.push(join(p.represented_in.iter().map(|i| &i.text), " | "));
    row.extend(
        SelfEvaluationItem::ALL
            .iter()
            .map(|i| p.self_evaluation.get(*i).map(|r| r.label().to_string()).unwrap_or_default()),
    );
    row.push(opt(p.image_attribution.as_ref()));
    row.push(p.extras.iter().map(|e| e.written()).collect::<Vec<_>>().join(" | "));
    if with_json {
        row.push(serde_json::to_string(p).expect("a profile always serialises"));
    }
    row
}

/// Writes a table as CSV.
pub fn write_csv(t: &Table, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&t.header)?;
    for r in &t.rows {
        // No cell is run as a formula by a spreadsheet (the profile_json column, which
        // import reads, starts with '{' and is never changed).
        w.write_record(r.iter().map(|c| pmatlas_core::sheet::safe_cell(c)).map(|c| c.into_owned()))?;
    }
    w.flush()?;
    Ok(())
}
