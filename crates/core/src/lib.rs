//! pmatlas core: the region-profile model, its vocabularies, the observatory text format
//! (parse and render), canonical JSON and its schema. Pure: no I/O, no clock, no threads.
//!
//! Where things live:
//! - [`model`]: the `Profile` and its parts; [`nuts`] the `NutsCode`; [`text`] the `Text`
//!   every free text is, and folding for matching.
//! - [`vocab`]: the vocabularies of `data/vocab/` (networks, topics, policy topics, support
//!   measures, self-evaluation, NACE, NABS, Eye@RIS3, NUTS names), loaded once.
//! - [`mod@format`]: the observatory text format — the reader (`parse`) and the canonical writer
//!   (`render`); [`diag`] its warnings and errors; [`json`] canonical JSON and its schema.
//! - [`origin`]: where a profile's data comes from (edition, a copy cut part-way, fields
//!   carried from older editions); [`publish`]: what a new copy does to the published one.
//! - [`attr`]: one id and one label for every attribute a reader filters, maps, compares or
//!   exports by.
//! - [`diff`]: field-level differences between two profiles.
//! - [`search`]: the full-text index with facets ([`changes`]: updating it and the matcher
//!   after a write); [`topics`] the topics a text names;
//!   [`matching`] partner matchmaking; [`stats`] the statistics charts; [`geo`] NUTS shapes.
//! - [`sheet`]: spreadsheet safety of every CSV cell; [`synth`] the documented generator of
//!   profiles for tests and benchmarks.

pub mod attr;
pub mod changes;
pub mod copies;
pub mod diag;
pub mod diff;
pub mod effect;
pub mod format;
pub mod geo;
pub mod json;
pub mod lang;
pub mod limits;
pub mod matching;
pub mod model;
pub mod nuts;
pub mod offers;
pub mod origin;
pub mod publish;
pub mod search;
pub mod sheet;
pub mod shown;
pub mod stats;
pub mod synth;
pub mod text;
pub mod topics;
pub mod vocab;
pub mod wording;

pub use diag::{Diagnostic, ParseError, Severity};
pub use format::{parse, parse_bytes, render, Parsed};
pub use model::*;
pub use nuts::NutsCode;
pub use origin::{Edition, Layout, Origin};
pub use text::Text;
