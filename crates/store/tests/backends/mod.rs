//! The store's tests on every backend (see `pmatlas_store::testing`).
#![allow(unused_imports)]

pub use pmatlas_store::testing::*;
