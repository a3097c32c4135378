//! One module per group of commands; `main.rs` parses the command line and calls them.

pub mod documents;
pub mod matches;
pub mod model;
pub mod site;
pub mod store;
pub mod users;
