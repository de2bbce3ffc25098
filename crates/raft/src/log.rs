//! The in-memory log: entries in index order, and the lowest index changed since the last `Ready`
//! (what the caller still has to persist).

use crate::entry::{Entry, EntryPayload};
use crate::storage::LogWrite;
use crate::types::{LogIndex, Term};

/// A server's log.
///
/// Invariants: `entries[i].index == i + 1`; terms never decrease along the log (every log is a
/// prefix of some leader's log, and a leader only appends entries of its own, newest, term). The
/// binary searches below rely on the second.
#[derive(Clone, Debug, Default)]
pub(crate) struct RaftLog {
    entries: Vec<Entry>,
    /// Lowest index appended or truncated since the last [`RaftLog::take_write`]; `None` if the
    /// log is unchanged since then.
    unpersisted_from: Option<LogIndex>,
    /// Always empty: the capacity of a recycled write's vector, for the next write.
    spare: Vec<Entry>,
}

impl RaftLog {
    /// A log rebuilt from what was persisted. Panics if the entries break the invariants.
    pub(crate) fn from_persisted(entries: Vec<Entry>) -> RaftLog {
        for (position, entry) in entries.iter().enumerate() {
            assert_eq!(
                entry.index,
                position as LogIndex + 1,
                "raft: persisted log has a gap"
            );
        }
        assert!(
            entries.windows(2).all(|pair| pair[0].term <= pair[1].term),
            "raft: persisted log terms decrease"
        );
        RaftLog {
            entries,
            unpersisted_from: None,
            spare: Vec::new(),
        }
    }

    /// All entries; `entries()[i]` has index `i + 1`.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Index of the last entry (0 if the log is empty).
    pub(crate) fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    /// Term of the last entry (0 if the log is empty).
    pub(crate) fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |entry| entry.term)
    }

    /// Term of the entry at `index`: `Some(0)` for index 0, `None` past the end.
    pub(crate) fn term_at(&self, index: LogIndex) -> Option<Term> {
        if index == 0 {
            return Some(0);
        }
        self.entries.get(index as usize - 1).map(|entry| entry.term)
    }

    /// True if a log ending at (`last_log_term`, `last_log_index`) is at least as up to date as
    /// this one (§5.4.1): the later last term wins; with equal last terms, the longer log wins.
    pub(crate) fn is_up_to_date(&self, last_log_term: Term, last_log_index: LogIndex) -> bool {
        (last_log_term, last_log_index) >= (self.last_term(), self.last_index())
    }

    /// The entries from `first` to `last` inclusive (empty if `first > last`).
    pub(crate) fn slice(&self, first: LogIndex, last: LogIndex) -> &[Entry] {
        if first > last {
            return &[];
        }
        &self.entries[first as usize - 1..last as usize]
    }

    /// Appends a new entry of `term` at the end (a leader's append) and returns its index.
    pub(crate) fn append(&mut self, term: Term, payload: EntryPayload) -> LogIndex {
        debug_assert!(
            term >= self.last_term(),
            "raft: appending an entry of an older term"
        );
        let index = self.last_index() + 1;
        self.entries.push(Entry {
            index,
            term,
            payload,
        });
        self.mark_changed(index);
        index
    }

    /// A follower stores `entries`, which start at `prev_log_index + 1` and follow an entry the
    /// caller has checked to match (§5.3). Entries already present with the same term are kept
    /// (so a stale, duplicated or reordered AppendEntries never removes anything); at the first
    /// entry whose term differs, the log is truncated there and the rest appended.
    pub(crate) fn merge(&mut self, prev_log_index: LogIndex, entries: Vec<Entry>) {
        debug_assert!(prev_log_index <= self.last_index());
        let mut incoming = entries.into_iter();
        let mut index = prev_log_index;
        for entry in incoming.by_ref() {
            index += 1;
            debug_assert_eq!(
                entry.index, index,
                "raft: AppendEntries entries are not consecutive"
            );
            match self.term_at(index) {
                Some(term) if term == entry.term => continue,
                Some(_) => {
                    self.truncate_from(index);
                    self.push_received(entry);
                }
                None => self.push_received(entry),
            }
            break;
        }
        for entry in incoming {
            self.push_received(entry);
        }
    }

    /// Drops every entry after `index` (nothing if the log ends there). Only the unsafe
    /// `truncate_without_conflict` rule calls it: Raft itself truncates only at a conflict.
    pub(crate) fn truncate_after(&mut self, index: LogIndex) {
        if index < self.last_index() {
            self.truncate_from(index + 1);
        }
    }

    fn push_received(&mut self, entry: Entry) {
        let index = self.last_index() + 1;
        assert_eq!(entry.index, index, "raft: received entry out of place");
        self.entries.push(entry);
        self.mark_changed(index);
    }

    fn truncate_from(&mut self, index: LogIndex) {
        self.entries.truncate(index as usize - 1);
        self.mark_changed(index);
    }

    fn mark_changed(&mut self, index: LogIndex) {
        self.unpersisted_from = Some(self.unpersisted_from.map_or(index, |from| from.min(index)));
    }

    /// First index holding `term` (the caller knows the log has an entry of `term`). Used for
    /// the follower's conflict hint.
    pub(crate) fn first_index_of_term(&self, term: Term) -> LogIndex {
        self.entries.partition_point(|entry| entry.term < term) as LogIndex + 1
    }

    /// Last index holding `term`, or `None` if the log has no entry of `term`. Used by the leader
    /// for fast backup.
    pub(crate) fn last_index_of_term(&self, term: Term) -> Option<LogIndex> {
        let end = self.entries.partition_point(|entry| entry.term <= term);
        (end > 0 && self.entries[end - 1].term == term).then_some(end as LogIndex)
    }

    /// What changed since the last call, as a write for the caller to persist.
    #[cfg(test)]
    pub(crate) fn take_write(&mut self) -> Option<LogWrite> {
        self.take_write_recycling(None)
    }

    /// Like [`take_write`](Self::take_write), but `recycled` (the vector of an earlier write,
    /// its entries no longer needed) lends its capacity to this write, or to a later one if the
    /// log did not change. Only small vectors are kept, so a long catch-up holds no memory.
    pub(crate) fn take_write_recycling(
        &mut self,
        recycled: Option<Vec<Entry>>,
    ) -> Option<LogWrite> {
        /// Largest capacity kept for reuse.
        const SPARE_CAPACITY_MAX: usize = 64;
        if let Some(mut buffer) = recycled {
            if buffer.capacity() <= SPARE_CAPACITY_MAX && buffer.capacity() > self.spare.capacity()
            {
                buffer.clear();
                self.spare = buffer;
            }
        }
        let first_index = self.unpersisted_from.take()?;
        let mut entries = std::mem::take(&mut self.spare);
        entries.extend_from_slice(&self.entries[first_index as usize - 1..]);
        Some(LogWrite {
            first_index,
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_with_terms(terms: &[Term]) -> RaftLog {
        RaftLog::from_persisted(
            terms
                .iter()
                .enumerate()
                .map(|(position, &term)| Entry {
                    index: position as LogIndex + 1,
                    term,
                    payload: EntryPayload::Command(format!("c{}", position + 1).into()),
                })
                .collect(),
        )
    }

    fn received(first_index: LogIndex, terms: &[Term]) -> Vec<Entry> {
        terms
            .iter()
            .enumerate()
            .map(|(offset, &term)| Entry {
                index: first_index + offset as LogIndex,
                term,
                payload: EntryPayload::Command(
                    format!("new{}", first_index + offset as LogIndex).into(),
                ),
            })
            .collect()
    }

    fn terms(log: &RaftLog) -> Vec<Term> {
        log.entries().iter().map(|entry| entry.term).collect()
    }

    // Reference: section 5.4.1 — compare last terms first, then lengths.
    #[test]
    fn up_to_date_comparison() {
        // (our log terms, candidate last term, candidate last index, candidate up to date?)
        let cases: &[(&[Term], Term, LogIndex, bool)] = &[
            (&[], 0, 0, true),
            (&[1], 0, 0, false),
            (&[1, 1, 2], 2, 3, true),
            (&[1, 1, 2], 2, 2, false),
            (&[1, 1, 2], 2, 9, true),
            (&[1, 1, 2], 3, 1, true),
            (&[1, 1, 2], 1, 9, false),
            (&[1, 1, 2, 2], 1, 3, false),
        ];
        for &(ours, last_term, last_index, expected) in cases {
            let log = log_with_terms(ours);
            assert_eq!(
                log.is_up_to_date(last_term, last_index),
                expected,
                "ours {ours:?}, candidate ({last_term}, {last_index})"
            );
        }
    }

    /// (existing log, prev_log_index, received terms, resulting terms, first changed index)
    type MergeCase = (
        &'static [Term],
        LogIndex,
        &'static [Term],
        &'static [Term],
        Option<LogIndex>,
    );

    // Reference: section 5.3 — truncate only at a real conflict.
    #[test]
    fn merge_keeps_matching_entries_and_truncates_only_at_a_conflict() {
        let cases: &[MergeCase] = &[
            // Stale / duplicated: everything already there, nothing changes.
            (&[1, 1, 2, 2], 1, &[1, 2], &[1, 1, 2, 2], None),
            (&[1, 1, 2, 2], 0, &[], &[1, 1, 2, 2], None),
            (&[1, 1, 2, 2], 2, &[2, 2], &[1, 1, 2, 2], None),
            // Appends past the end.
            (&[1, 1], 2, &[2, 3], &[1, 1, 2, 3], Some(3)),
            // Overlap then extension: only the new part is written.
            (&[1, 1, 2], 1, &[1, 2, 2], &[1, 1, 2, 2], Some(4)),
            // Conflict in the middle: truncate there, append the rest.
            (&[1, 1, 2, 2, 2], 2, &[3], &[1, 1, 3], Some(3)),
            (&[1, 1, 2, 2, 2], 1, &[1, 3, 3], &[1, 1, 3, 3], Some(3)),
        ];
        for &(existing, prev, incoming, expected, changed) in cases {
            let mut log = log_with_terms(existing);
            log.merge(prev, received(prev + 1, incoming));
            assert_eq!(
                terms(&log),
                expected,
                "{existing:?} + {incoming:?} at {prev}"
            );
            let write = log.take_write();
            assert_eq!(write.as_ref().map(|w| w.first_index), changed);
            if let Some(write) = write {
                assert_eq!(
                    write.entries.len() as LogIndex,
                    log.last_index() + 1 - write.first_index
                );
            }
        }
    }

    #[test]
    fn skipped_entries_keep_their_payload() {
        let mut log = log_with_terms(&[1, 1, 2]);
        log.merge(0, received(1, &[1, 1]));
        assert_eq!(
            log.entries()[1].command(),
            Some("c2"),
            "matching entry not rewritten"
        );
    }

    #[test]
    fn term_searches() {
        let log = log_with_terms(&[1, 1, 1, 4, 4, 5, 5, 6, 6, 6]);
        assert_eq!(log.first_index_of_term(4), 4);
        assert_eq!(log.first_index_of_term(6), 8);
        assert_eq!(log.last_index_of_term(1), Some(3));
        assert_eq!(log.last_index_of_term(5), Some(7));
        assert_eq!(log.last_index_of_term(6), Some(10));
        assert_eq!(log.last_index_of_term(2), None);
        assert_eq!(log.last_index_of_term(7), None);
        assert_eq!(log.term_at(0), Some(0));
        assert_eq!(log.term_at(11), None);
    }

    #[test]
    fn truncation_without_append_is_written_as_an_empty_tail() {
        let mut log = log_with_terms(&[1, 1, 1]);
        log.take_write();
        log.truncate_from(2);
        let write = log.take_write().expect("a truncation is a change");
        assert_eq!((write.first_index, write.entries.len()), (2, 0));
        assert_eq!(log.take_write(), None);
    }

    #[test]
    #[should_panic(expected = "gap")]
    fn persisted_log_with_a_gap_is_refused() {
        let mut entries = log_with_terms(&[1, 1]).entries;
        entries[1].index = 3;
        RaftLog::from_persisted(entries);
    }
}
