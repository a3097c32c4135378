//! The immutable in-memory snapshot of all current profiles that reads are served from.

use std::collections::HashMap;

use pmatlas_core::{NutsCode, Profile};

use crate::VersionInfo;

/// A region's current profile and the version it is.
#[derive(Clone, Debug)]
pub struct Region {
    pub profile: Profile,
    pub version: VersionInfo,
}

/// All current profiles, sorted by code, with an index by code. Built once per committed
/// write and shared (behind an `Arc`) by every reader until the next one.
#[derive(Debug, Default)]
pub struct Snapshot {
    regions: Vec<Region>,
    by_code: HashMap<NutsCode, usize>,
    /// Regions whose current version does not read, with why: left out of the snapshot so
    /// that everything else is still served and exported, and reported by the caller.
    pub unreadable: Vec<crate::StoreError>,
}

impl Snapshot {
    pub fn new(mut regions: Vec<Region>) -> Snapshot {
        regions.sort_by_key(|r| r.profile.code);
        let by_code = regions.iter().enumerate().map(|(i, r)| (r.profile.code, i)).collect();
        Snapshot { regions, by_code, unreadable: Vec::new() }
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The position of a region in `regions()`.
    pub fn index_of(&self, code: &NutsCode) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn get(&self, code: &NutsCode) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &self.regions[i])
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }
}
