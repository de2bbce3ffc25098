//! State Machine Safety (§5.4.3): if a server has applied an entry at an index, no other server
//! ever applies a different entry at that index. Also that every server applies the same
//! commands, in index order, without skipping one. One comparison per applied entry.

use super::prefix_hash::payload_hash;
use super::violation::{Property, Violation};
use raft_core::{Entry, LogIndex, ServerId, Term, Time};

/// One applied index, as first applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct AppliedEntry {
    term: Term,
    command: u64,
    server: ServerId,
}

/// What the first server to apply each index applied there.
#[derive(Clone, Debug, Default)]
pub(crate) struct AppliedLog {
    /// `entries[i]` is index `i + 1`.
    entries: Vec<AppliedEntry>,
}

impl AppliedLog {
    /// `server` applies `entry`, having applied up to `last_applied` before: a violation if it
    /// applies out of order or differs from what another server applied at that index.
    pub fn apply(
        &mut self,
        server: ServerId,
        last_applied: LogIndex,
        entry: &Entry,
        time: Time,
    ) -> Option<Violation> {
        let index = entry.index;
        let violation = |property, servers, explanation| {
            Some(Violation {
                property,
                servers,
                index: Some(index),
                term: Some(entry.term),
                time_us: time,
                explanation,
            })
        };
        if index <= last_applied {
            return violation(
                Property::AppliedNeverDecreases,
                vec![server],
                format!(
                    "S{server} applied index {index} again after already applying up to index \
                     {last_applied}."
                ),
            );
        }
        if index > last_applied + 1 {
            return violation(
                Property::AppliedCommandsAgree,
                vec![server],
                format!(
                    "S{server} applied index {index} without applying index {} first.",
                    last_applied + 1
                ),
            );
        }
        let command = payload_hash(&entry.payload);
        let Some(first) = self.entries.get((index - 1) as usize) else {
            self.entries.push(AppliedEntry {
                term: entry.term,
                command,
                server,
            });
            return None;
        };
        if first.term != entry.term {
            return violation(
                Property::StateMachineSafety,
                vec![server, first.server],
                format!(
                    "S{server} applied the entry of term {} at index {index}, but S{} applied \
                     the entry of term {} there.",
                    entry.term, first.server, first.term
                ),
            );
        }
        if first.command != command {
            let what = match entry.command() {
                Some(text) => format!("\"{text}\""),
                None => "a no-op".to_string(),
            };
            return violation(
                Property::AppliedCommandsAgree,
                vec![server, first.server],
                format!(
                    "S{server} applied {what} at index {index}, but S{} applied a different \
                     command there.",
                    first.server
                ),
            );
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkers::tests::entry;

    #[test]
    fn servers_applying_the_same_entries_pass() {
        let mut applied = AppliedLog::default();
        for server in 1..=3 {
            assert_eq!(applied.apply(server, 0, &entry(1, 1, "set x 1"), 0), None);
            assert_eq!(applied.apply(server, 1, &entry(2, 2, "set y 2"), 0), None);
        }
    }

    #[test]
    fn a_different_entry_at_an_applied_index_fails() {
        let mut applied = AppliedLog::default();
        applied.apply(1, 0, &entry(1, 1, "set x 1"), 0);
        let violation = applied.apply(2, 0, &entry(1, 2, "set x 1"), 40).unwrap();
        assert_eq!(violation.property, Property::StateMachineSafety);
        assert_eq!(violation.servers, vec![2, 1]);
        assert_eq!((violation.index, violation.term), (Some(1), Some(2)));
        assert_eq!(
            violation.explanation,
            "S2 applied the entry of term 2 at index 1, but S1 applied the entry of term 1 there."
        );
    }

    #[test]
    fn a_different_command_at_an_applied_index_fails() {
        let mut applied = AppliedLog::default();
        applied.apply(1, 0, &entry(1, 1, "set x 1"), 0);
        let violation = applied.apply(3, 0, &entry(1, 1, "set x 2"), 0).unwrap();
        assert_eq!(violation.property, Property::AppliedCommandsAgree);
        assert_eq!(
            violation.explanation,
            "S3 applied \"set x 2\" at index 1, but S1 applied a different command there."
        );
    }

    #[test]
    fn applying_out_of_order_fails() {
        let mut applied = AppliedLog::default();
        let skipped = applied.apply(1, 0, &entry(2, 1, "set x 1"), 0).unwrap();
        assert_eq!(skipped.property, Property::AppliedCommandsAgree);
        assert_eq!(skipped.index, Some(2));
        let again = applied.apply(1, 3, &entry(2, 1, "set x 1"), 0).unwrap();
        assert_eq!(again.property, Property::AppliedNeverDecreases);
    }
}
