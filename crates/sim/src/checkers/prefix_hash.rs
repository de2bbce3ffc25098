//! Prefix hashes: one 64-bit fingerprint per log position covering every entry up to it, so
//! two logs agree up to an index exactly when (with overwhelming probability) their hashes at
//! that index are equal. `LogChain` keeps one server's chain up to date from its log writes, at
//! a cost proportional to the write, never to the length of the log.

use crate::kv::short_le_word;
use raft_core::{EntryPayload, LogIndex, LogWrite, Term};

/// Fingerprint of the empty prefix (index 0).
pub(crate) const EMPTY_PREFIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit over the output.
#[inline]
fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// Fingerprint of what an entry asks the state machine to do: a no-op or a command's text. The
/// client request a command carries is left out; hashing it cost 1% of the simulator's
/// instructions.
pub(crate) fn payload_hash(payload: &EntryPayload) -> u64 {
    match payload {
        EntryPayload::Noop => 0x6e6f_6f70, // "noop"
        EntryPayload::Command(command) => {
            let text = command.text();
            let mut hash = fmix(0x636d_6400 ^ text.len() as u64);
            for chunk in text.as_bytes().chunks(8) {
                hash = fmix(hash ^ short_le_word(chunk));
            }
            hash
        }
    }
}

/// Fingerprint of the prefix ending with an entry of `term` at `index`, given the fingerprint
/// of the prefix before it: `mix(previous, index, term, payload hash)`.
pub(crate) fn extend(previous: u64, index: LogIndex, term: Term, payload: &EntryPayload) -> u64 {
    let hash = fmix(previous ^ index);
    let hash = fmix(hash ^ term);
    fmix(hash ^ payload_hash(payload))
}

/// One position of a chain: the entry's term and the fingerprint of the prefix ending there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    pub term: Term,
    pub prefix: u64,
}

/// What a log write did to the entries that were already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rewrite {
    /// First index whose entry was replaced by a different one or removed, if any.
    pub first_lost: Option<LogIndex>,
    /// The entry that was there before (its term).
    pub lost_term: Term,
}

/// One server's log as prefix fingerprints; `links[i]` is index `i + 1`. Mirrors the persisted
/// log, so it survives crashes.
#[derive(Clone, Debug, Default)]
pub(crate) struct LogChain {
    links: Vec<Link>,
}

impl LogChain {
    /// Index of the last entry (0 if empty).
    pub fn last_index(&self) -> LogIndex {
        self.links.len() as LogIndex
    }

    /// The link at `index` (1-based); `None` past the end or at 0.
    pub fn link(&self, index: LogIndex) -> Option<Link> {
        let position = (index as usize).checked_sub(1)?;
        self.links.get(position).copied()
    }

    /// The prefix fingerprint at `index`: `EMPTY_PREFIX` at 0, `None` past the end.
    pub fn prefix(&self, index: LogIndex) -> Option<u64> {
        if index == 0 {
            return Some(EMPTY_PREFIX);
        }
        self.link(index).map(|link| link.prefix)
    }

    /// Carries out a log write (drop from `first_index` on, append `entries`), calling
    /// `on_entry(index, term, prefix)` for each written position, and says which old entries
    /// were lost. Positions count from `first_index` whatever the entries' own `index` fields
    /// say. A write that would leave a gap is ignored (persisting it panics first).
    pub fn apply(
        &mut self,
        write: &LogWrite,
        mut on_entry: impl FnMut(LogIndex, Term, u64),
    ) -> Rewrite {
        let old_len = self.last_index();
        let mut rewrite = Rewrite::default();
        if write.first_index == 0 || write.first_index > old_len + 1 {
            return rewrite;
        }
        let mut previous = self.prefix(write.first_index - 1).unwrap_or(EMPTY_PREFIX);
        let mut index = write.first_index;
        for entry in &write.entries {
            let prefix = extend(previous, index, entry.term, &entry.payload);
            let link = Link {
                term: entry.term,
                prefix,
            };
            let slot = (index - 1) as usize;
            if slot < self.links.len() {
                let old = self.links[slot];
                if old != link && rewrite.first_lost.is_none() {
                    rewrite = Rewrite {
                        first_lost: Some(index),
                        lost_term: old.term,
                    };
                }
                self.links[slot] = link;
            } else {
                self.links.push(link);
            }
            on_entry(index, entry.term, prefix);
            previous = prefix;
            index += 1;
        }
        let new_len = index - 1;
        if new_len < old_len {
            if rewrite.first_lost.is_none() {
                rewrite = Rewrite {
                    first_lost: Some(new_len + 1),
                    lost_term: self.links[new_len as usize].term,
                };
            }
            self.links.truncate(new_len as usize);
        }
        rewrite
    }

    /// First index in `1..=last` where this chain differs from `expected` (or ends), found by
    /// binary search: once two prefixes differ, every longer prefix differs too.
    pub fn first_difference(
        &self,
        last: LogIndex,
        expected: impl Fn(LogIndex) -> u64,
    ) -> Option<LogIndex> {
        let matches = |index: LogIndex| self.prefix(index) == Some(expected(index));
        if matches(last) {
            return None;
        }
        let (mut low, mut high) = (0, last); // prefix at `low` matches, at `high` does not
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if matches(middle) {
                low = middle;
            } else {
                high = middle;
            }
        }
        Some(high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkers::tests::entry;
    use raft_core::Entry;

    fn write(first_index: LogIndex, entries: Vec<Entry>) -> LogWrite {
        LogWrite {
            first_index,
            entries,
        }
    }

    #[test]
    fn equal_prefixes_hash_equal_and_any_difference_shows() {
        let mut a = LogChain::default();
        let mut b = LogChain::default();
        let log = vec![entry(1, 1, "set x 1"), entry(2, 1, "set y 2")];
        a.apply(&write(1, log.clone()), |_, _, _| {});
        b.apply(&write(1, log[..1].to_vec()), |_, _, _| {});
        b.apply(&write(2, log[1..].to_vec()), |_, _, _| {});
        assert_eq!(a.prefix(2), b.prefix(2));
        let mut c = LogChain::default();
        c.apply(
            &write(1, vec![entry(1, 1, "set x 9"), entry(2, 1, "set y 2")]),
            |_, _, _| {},
        );
        assert_ne!(a.prefix(1), c.prefix(1));
        assert_ne!(
            a.prefix(2),
            c.prefix(2),
            "an earlier difference reaches index 2"
        );
        assert_eq!(c.first_difference(2, |i| a.prefix(i).unwrap()), Some(1));
        assert_eq!(b.first_difference(2, |i| a.prefix(i).unwrap()), None);
    }

    #[test]
    fn rewrite_reports_the_first_lost_entry() {
        let mut chain = LogChain::default();
        let log = vec![entry(1, 1, "a"), entry(2, 1, "b"), entry(3, 1, "c")];
        assert_eq!(
            chain.apply(&write(1, log.clone()), |_, _, _| {}),
            Rewrite::default()
        );
        // Rewriting identical entries loses nothing.
        assert_eq!(
            chain.apply(&write(2, log[1..].to_vec()), |_, _, _| {}),
            Rewrite::default()
        );
        // Truncating loses index 3.
        let lost = chain.apply(&write(3, vec![]), |_, _, _| {});
        assert_eq!(lost.first_lost, Some(3));
        assert_eq!(chain.last_index(), 2);
        // Overwriting index 2 with a term-2 entry loses the term-1 entry there.
        let lost = chain.apply(&write(2, vec![entry(2, 2, "b")]), |_, _, _| {});
        assert_eq!(lost.first_lost, Some(2));
        assert_eq!(lost.lost_term, 1);
        // A write with a gap is ignored.
        assert_eq!(
            chain.apply(&write(9, vec![entry(9, 2, "z")]), |_, _, _| {}),
            Rewrite::default()
        );
        assert_eq!(chain.last_index(), 2);
    }
}
