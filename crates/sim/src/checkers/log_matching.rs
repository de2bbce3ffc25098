//! Log Matching (§5.3): if two logs contain an entry with the same index and term, the logs are
//! identical in all entries up through that index. Every (index, term) ever written is
//! registered with its prefix fingerprint; a later write of the same (index, term) on any
//! server must bring the same fingerprint. Comparing with every log ever written is stronger
//! than comparing logs at one moment, and still one lookup per written entry.

use super::violation::{Property, Violation};
use crate::sorted_map::SortedMap;
use raft_core::{LogIndex, ServerId, Term, Time};

/// Who first wrote an (index, term) and the fingerprint of the log up to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Registered {
    term: Term,
    prefix: u64,
    server: ServerId,
}

/// Every (index, term) written so far. Most indexes only ever see one term, kept in a vector;
/// the rare other terms (overwritten uncommitted entries) go to a sorted list.
#[derive(Clone, Debug, Default)]
pub(crate) struct PositionRegistry {
    /// `first[i]`: the first (index `i + 1`, term) registered.
    first: Vec<Registered>,
    /// Any later terms at an index: `(index, term) -> (prefix, server)`.
    others: SortedMap<(LogIndex, Term), (u64, ServerId)>,
}

impl PositionRegistry {
    /// Registers that `server`'s log holds an entry of `term` at `index` with prefix
    /// fingerprint `prefix`; a violation if another log had that (index, term) with a
    /// different prefix.
    pub fn register(
        &mut self,
        server: ServerId,
        index: LogIndex,
        term: Term,
        prefix: u64,
        time: Time,
    ) -> Option<Violation> {
        let slot = (index as usize).checked_sub(1)?;
        let known = match self.first.get(slot) {
            Some(first) if first.term == term => (first.prefix, first.server),
            Some(_) => *self.others.get_or_insert((index, term), (prefix, server)),
            None if slot == self.first.len() => {
                self.first.push(Registered {
                    term,
                    prefix,
                    server,
                });
                (prefix, server)
            }
            None => *self.others.get_or_insert((index, term), (prefix, server)),
        };
        let (known_prefix, other) = known;
        (known_prefix != prefix).then(|| Violation {
            property: Property::LogMatching,
            servers: vec![server, other],
            index: Some(index),
            term: Some(term),
            time_us: time,
            explanation: if other == server {
                format!(
                    "S{server}'s log once held the entry of term {term} at index {index} with \
                     different entries before it."
                )
            } else {
                format!(
                    "S{other} and S{server} both hold an entry of term {term} at index {index}, \
                     but their logs differ at or before index {index}."
                )
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_index_and_term_with_the_same_prefix_passes() {
        let mut registry = PositionRegistry::default();
        assert_eq!(registry.register(1, 1, 1, 11, 0), None);
        assert_eq!(registry.register(2, 1, 1, 11, 0), None);
        assert_eq!(
            registry.register(3, 1, 2, 12, 0),
            None,
            "another term at index 1"
        );
        assert_eq!(registry.register(4, 1, 2, 12, 0), None);
    }

    #[test]
    fn same_index_and_term_with_a_different_prefix_fails() {
        let mut registry = PositionRegistry::default();
        registry.register(2, 1, 1, 11, 0);
        registry.register(2, 2, 3, 23, 0);
        let violation = registry.register(4, 2, 3, 99, 50).unwrap();
        assert_eq!(violation.property, Property::LogMatching);
        assert_eq!(violation.servers, vec![4, 2]);
        assert_eq!((violation.index, violation.term), (Some(2), Some(3)));
        assert_eq!(
            violation.explanation,
            "S2 and S4 both hold an entry of term 3 at index 2, but their logs differ at or \
             before index 2."
        );
        // Also for a term that is not the first one seen at the index.
        registry.register(1, 2, 4, 24, 0);
        assert!(registry.register(5, 2, 4, 25, 0).is_some());
    }
}
