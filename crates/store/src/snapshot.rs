//! The immutable in-memory snapshot of all current profiles that reads are served from.

use std::collections::HashMap;
use std::sync::Arc;

use pmatlas_core::{NutsCode, Profile};

use crate::VersionInfo;

/// A region's current profile and the version it is.
#[derive(Clone, Debug)]
pub struct Region {
    pub profile: Profile,
    pub version: VersionInfo,
}

impl AsRef<Profile> for Region {
    fn as_ref(&self) -> &Profile {
        &self.profile
    }
}

/// All current profiles, sorted by code, with an index by code. Built once and shared
/// (behind an `Arc`) by every reader; a write makes a new one that shares every region it
/// did not change ([`Snapshot::with_changes`]).
#[derive(Debug, Default)]
pub struct Snapshot {
    regions: Vec<Arc<Region>>,
    by_code: HashMap<NutsCode, usize>,
    /// Regions whose current version does not read, with why: left out of the snapshot so
    /// that everything else is still served and exported, and reported by the caller.
    pub unreadable: Vec<crate::StoreError>,
    /// The highest version id among the current versions read: every version published
    /// later has a higher one ([`crate::Store::changed_since`]).
    pub watermark: i64,
}

/// What a set of changed regions did to a snapshot, by position in the new one.
#[derive(Clone, Debug)]
pub enum Change {
    /// The region at this position has a new current version; the old one was `old`.
    Replaced { at: usize, old: Arc<Region> },
    /// A region new to the snapshot, at this position (positions after it moved up by one).
    Inserted { at: usize },
}

impl Snapshot {
    pub fn new(regions: Vec<Region>) -> Snapshot {
        // Collected into a new list: collecting in place would keep the list of whole regions'
        // allocation (a kilobyte a region) to hold their pointers.
        let mut shared: Vec<Arc<Region>> = Vec::with_capacity(regions.len());
        shared.extend(regions.into_iter().map(Arc::new));
        let mut regions = shared;
        regions.sort_by_key(|r| r.profile.code);
        let by_code = regions.iter().enumerate().map(|(i, r)| (r.profile.code, i)).collect();
        Snapshot { regions, by_code, unreadable: Vec::new(), watermark: 0 }
    }

    pub fn regions(&self) -> &[Arc<Region>] {
        &self.regions
    }

    /// The profiles, in position order.
    pub fn profiles(&self) -> Vec<&Profile> {
        self.regions.iter().map(|r| &r.profile).collect()
    }

    /// The profiles, in position order, as a matcher holds them: shared, not copied.
    pub fn shared(&self) -> Vec<pmatlas_core::matching::Shared> {
        self.regions.iter().map(|r| r.clone() as pmatlas_core::matching::Shared).collect()
    }

    /// The position of a region in `regions()`.
    pub fn index_of(&self, code: &NutsCode) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn get(&self, code: &NutsCode) -> Option<&Region> {
        self.by_code.get(code).map(|&i| &*self.regions[i])
    }

    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// This snapshot with `changed` regions put in (each replacing the region of its code, or
    /// added in code order), sharing every other region; and what that did, by position in
    /// the new snapshot (insertions in ascending order). A region changed twice counts once.
    pub fn with_changes(&self, changed: Vec<Region>, watermark: i64) -> (Snapshot, Vec<Change>) {
        let mut replaced: HashMap<NutsCode, Arc<Region>> = HashMap::new();
        let mut added: Vec<Arc<Region>> = Vec::new();
        for r in changed {
            let code = r.profile.code;
            if self.by_code.contains_key(&code) {
                replaced.insert(code, Arc::new(r));
            } else if let Some(same) = added.iter_mut().find(|a| a.profile.code == code) {
                *same = Arc::new(r);
            } else {
                added.push(Arc::new(r));
            }
        }
        added.sort_by_key(|r| r.profile.code);
        let mut regions = Vec::with_capacity(self.regions.len() + added.len());
        let mut changes = Vec::with_capacity(replaced.len() + added.len());
        let mut new = added.into_iter().peekable();
        for old in &self.regions {
            while let Some(a) = new.next_if(|a| a.profile.code < old.profile.code) {
                changes.push(Change::Inserted { at: regions.len() });
                regions.push(a);
            }
            match replaced.remove(&old.profile.code) {
                Some(r) => {
                    changes.push(Change::Replaced { at: regions.len(), old: old.clone() });
                    regions.push(r);
                }
                None => regions.push(old.clone()),
            }
        }
        for a in new {
            changes.push(Change::Inserted { at: regions.len() });
            regions.push(a);
        }
        let by_code = if changes.iter().any(|c| matches!(c, Change::Inserted { .. })) {
            regions.iter().enumerate().map(|(i, r)| (r.profile.code, i)).collect()
        } else {
            self.by_code.clone()
        };
        let snapshot = Snapshot { regions, by_code, unreadable: Vec::new(), watermark: watermark.max(self.watermark) };
        (snapshot, changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, name: &str) -> Region {
        let mut p = pmatlas_core::synth::profile(1, 1);
        p.code = NutsCode::parse(code).unwrap();
        p.name = pmatlas_core::Text::new(name).unwrap();
        let version = VersionInfo {
            code: code.into(),
            number: 1,
            based_on: None,
            author: "t".into(),
            created_at: String::new(),
            source: crate::Source::Import,
            comment: None,
            source_ref: None,
            published: true,
            edition: None,
            incomplete: None,
        };
        Region { profile: p, version }
    }

    #[test]
    fn the_list_of_regions_holds_pointers_only() {
        // Regions read into a list that grew by doubling: the snapshot's list of pointers must
        // not keep that list's allocation (a kilobyte a region; 15 MB at 10,000).
        let mut read = Vec::new();
        for i in 0..33 {
            read.push(region(&format!("DE{}", char::from(b'A' + (i % 26) as u8)), "x"));
        }
        read.truncate(26);
        let s = Snapshot::new(read);
        assert_eq!(s.len(), 26);
        let bytes = s.regions.capacity() * std::mem::size_of::<Arc<Region>>();
        assert!(bytes <= 26 * std::mem::size_of::<Arc<Region>>(), "{bytes} bytes for 26 pointers");
    }

    #[test]
    fn changes_replace_in_place_and_insert_in_code_order() {
        let old = Snapshot::new(vec![region("DEG", "a"), region("FR1", "b"), region("ES51", "c")]);
        let (new, changes) = old.with_changes(
            vec![region("AT1", "new first"), region("FR1", "b2"), region("SE1", "new last"), region("DEG0", "mid")],
            7,
        );
        let codes: Vec<&str> = new.regions().iter().map(|r| r.profile.code.as_str()).collect();
        assert_eq!(codes, ["AT1", "DEG", "DEG0", "ES51", "FR1", "SE1"]);
        assert_eq!(new.watermark, 7);
        let described: Vec<String> = changes
            .iter()
            .map(|c| match c {
                Change::Replaced { at, old } => format!("r{at}:{}", old.profile.name),
                Change::Inserted { at } => format!("i{at}"),
            })
            .collect();
        assert_eq!(described, ["i0", "i2", "r4:b", "i5"]);
        assert_eq!(new.get(&NutsCode::parse("FR1").unwrap()).unwrap().profile.name.as_str(), "b2");
        for (i, r) in new.regions().iter().enumerate() {
            assert_eq!(new.index_of(&r.profile.code), Some(i));
        }
        // Unchanged regions are shared, not copied.
        assert!(Arc::ptr_eq(&old.regions()[0], &new.regions()[1]));
    }
}
