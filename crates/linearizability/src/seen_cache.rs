//! Lowe's memoisation: every `(set of linearized operations, state)` the search has reached.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::fx_hash::FxBuildHasher;
use crate::linearized_set::LinearizedSet;

/// No entry.
const NONE: usize = usize::MAX;

/// The configurations already explored. Two search paths that linearized the same operations
/// and reached the same state have the same futures, so only the first is explored.
///
/// Entries are found by `(set hash, state)`; sets with the same hash are chained and compared
/// bit by bit, so hash collisions never merge different configurations. Bits are stored in one
/// flat array to keep memory compact and allocation-free per entry.
pub(crate) struct SeenCache {
    words_per_set: usize,
    /// `(set hash, state number)` -> first entry of the chain.
    heads: HashMap<(u64, usize), usize, FxBuildHasher>,
    /// Entry -> next entry with the same `(set hash, state)`.
    next_in_chain: Vec<usize>,
    /// Entry `i`'s bits are `bits[i * words_per_set..(i + 1) * words_per_set]`.
    bits: Vec<u64>,
}

impl SeenCache {
    /// An empty cache for sets over `operation_count` operations.
    pub(crate) fn new(operation_count: usize) -> Self {
        SeenCache {
            words_per_set: operation_count.div_ceil(64),
            heads: HashMap::default(),
            next_in_chain: Vec::new(),
            bits: Vec::new(),
        }
    }

    /// Records `(set, state)`; returns `false` if it was already recorded.
    pub(crate) fn insert(&mut self, set: &LinearizedSet, state: usize) -> bool {
        let new_entry = self.next_in_chain.len();
        match self.heads.entry((set.hash(), state)) {
            Entry::Vacant(vacant) => {
                vacant.insert(new_entry);
            }
            Entry::Occupied(occupied) => {
                let mut entry = *occupied.get();
                loop {
                    let start = entry * self.words_per_set;
                    if self.bits[start..start + self.words_per_set] == *set.words() {
                        return false;
                    }
                    if self.next_in_chain[entry] == NONE {
                        break;
                    }
                    entry = self.next_in_chain[entry];
                }
                self.next_in_chain[entry] = new_entry;
            }
        }
        self.next_in_chain.push(NONE);
        self.bits.extend_from_slice(set.words());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_each_set_and_state_pair_once() {
        let mut cache = SeenCache::new(70);
        let mut set = LinearizedSet::new(70);
        set.insert(65);
        assert!(cache.insert(&set, 0));
        assert!(!cache.insert(&set, 0));
        assert!(cache.insert(&set, 1), "another state");
        set.insert(2);
        assert!(cache.insert(&set, 0), "another set");
        assert!(!cache.insert(&set, 0));
    }
}
