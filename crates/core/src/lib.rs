//! pmatlas core: the region-profile model, its vocabularies, the observatory text format
//! (parse and render), canonical JSON and its schema. Pure: no I/O, no clock, no threads.

pub mod diag;
pub mod diff;
pub mod format;
pub mod geo;
pub mod json;
pub mod matching;
pub mod model;
pub mod nuts;
pub mod origin;
pub mod search;
pub mod sheet;
pub mod stats;
pub mod synth;
pub mod text;
pub mod topics;
pub mod vocab;

pub use diag::{Diagnostic, ParseError, Severity};
pub use format::{parse, parse_bytes, render, Parsed};
pub use model::*;
pub use nuts::NutsCode;
pub use origin::{Edition, Layout, Origin};
pub use text::Text;
