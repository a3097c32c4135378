//! The XLSX workbook of every table.

use super::flat::{regions_table, write_row};
use super::long::long_tables;
use crate::Region;

/// The XLSX workbook: the regions sheet (without the JSON column: a cell holds at most
/// 32,767 characters) and one sheet per long table. Numbers are written as numbers.
pub fn xlsx(regions: &[std::sync::Arc<Region>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let mut tables = vec![regions_table(regions, false)];
    tables.extend(long_tables(regions));
    for t in &tables {
        let ws = wb.add_worksheet();
        ws.set_name(t.name)?;
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            write_row(ws, r as u32 + 1, &t.header, row)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}
