//! The observatory text format: reading real documents and writing the canonical form.

pub mod labels;
mod parse;
mod render;
pub mod values;

pub use crate::origin::Layout;
pub use parse::{initiative, parse, parse_bytes, policy_document, support_measure, Parsed};
pub use render::{render, support_measure_line};
