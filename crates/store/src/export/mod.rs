//! Open-data exports of the current profiles: a flat table (one row per region) for CSV
//! and spreadsheets, long tables for the lists, and the XLSX workbook of them.
//!
//! The flat table's last column is the canonical JSON of the profile, which is what an
//! import of the CSV reads: the other columns are derived from it, for reading.

mod flat;
mod long;
mod workbook;

pub use flat::{
    column_label, region_row, regions_header, regions_table, write_csv, write_regions_csv, write_regions_xlsx, Table,
    PROFILE_JSON,
};
pub use long::long_tables;
pub use workbook::xlsx;
