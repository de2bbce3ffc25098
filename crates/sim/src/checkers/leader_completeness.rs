//! Leader Completeness (§5.4): if an entry is committed in a term, it is present in the logs of
//! the leaders of all higher terms. The committed log is learned from every server's commit
//! index; each committed index remembers the prefix fingerprint it was committed with, so a
//! leader is checked with one comparison (and a binary search only to name the missing entry).

use super::prefix_hash::LogChain;
use super::violation::{Property, Violation};
use raft_core::{LogIndex, ServerId, Term, Time};

/// One committed index, as first reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CommittedEntry {
    term: Term,
    prefix: u64,
    /// The term in which it is known to be committed: the reporting server's term, raised to
    /// that of the previous index so it never decreases along the log. Never below the true
    /// commit term (a server learns of a commit from a leader of its own term), so the check
    /// cannot blame a leader for an entry committed after its term.
    commit_term: Term,
    /// The server whose commit index first covered it.
    server: ServerId,
}

/// The committed prefix of the cluster's log, as learned so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct CommittedLog {
    /// `entries[i]` is index `i + 1`.
    entries: Vec<CommittedEntry>,
    /// `(commit term, last index committed in that term)`, in increasing order of both.
    runs: Vec<(Term, LogIndex)>,
}

impl CommittedLog {
    /// Highest index known to be committed.
    pub fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    /// `server`, in `term`, reports entries up to `commit_index` committed: learns those past
    /// the known committed prefix from its chain. Costs one step per newly committed index.
    pub fn learn(
        &mut self,
        server: ServerId,
        term: Term,
        chain: &LogChain,
        commit_index: LogIndex,
    ) {
        let last = commit_index.min(chain.last_index());
        for index in self.last_index() + 1..=last {
            let link = chain.link(index).expect("index is within the chain");
            let commit_term = match self.runs.last_mut() {
                Some((run_term, run_last)) if *run_term >= term => {
                    *run_last = index;
                    *run_term
                }
                _ => {
                    self.runs.push((term, index));
                    term
                }
            };
            self.entries.push(CommittedEntry {
                term: link.term,
                prefix: link.prefix,
                commit_term,
                server,
            });
        }
    }

    /// Highest index known to be committed in a term before `term` (0 if none).
    fn last_committed_before(&self, term: Term) -> LogIndex {
        let runs_before = self.runs.partition_point(|&(run_term, _)| run_term < term);
        runs_before
            .checked_sub(1)
            .map_or(0, |position| self.runs[position].1)
    }

    /// `server` is leader of `term` with log `chain`: a violation if an entry committed in an
    /// earlier term is missing from it.
    pub fn check_leader(
        &self,
        server: ServerId,
        term: Term,
        chain: &LogChain,
        time: Time,
    ) -> Option<Violation> {
        let last = self.last_committed_before(term);
        if last == 0 {
            return None;
        }
        let expected = |index: LogIndex| self.entries[(index - 1) as usize].prefix;
        let index = chain.first_difference(last, expected)?;
        let missing = self.entries[(index - 1) as usize];
        Some(Violation {
            property: Property::LeaderCompleteness,
            servers: vec![server, missing.server],
            index: Some(index),
            term: Some(missing.term),
            time_us: time,
            explanation: format!(
                "S{server}, leader of term {term}, lacks the entry at index {index} (term {}) \
                 that S{} committed in term {}.",
                missing.term, missing.server, missing.commit_term
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_core::{Entry, EntryPayload, LogWrite};

    fn chain(terms: &[Term]) -> LogChain {
        let entries = terms
            .iter()
            .enumerate()
            .map(|(position, &term)| Entry {
                index: position as LogIndex + 1,
                term,
                payload: EntryPayload::Command(format!("set x {position}").into()),
            })
            .collect();
        let mut chain = LogChain::default();
        chain.apply(
            &LogWrite {
                first_index: 1,
                entries,
            },
            |_, _, _| {},
        );
        chain
    }

    #[test]
    fn a_leader_holding_every_committed_entry_passes() {
        let mut committed = CommittedLog::default();
        committed.learn(1, 2, &chain(&[1, 2, 2]), 3);
        assert_eq!(committed.last_index(), 3);
        assert_eq!(committed.check_leader(2, 3, &chain(&[1, 2, 2, 3]), 0), None);
        // A leader of the term the entries were committed in is not held to them.
        assert_eq!(committed.check_leader(3, 2, &chain(&[1]), 0), None);
    }

    #[test]
    fn a_later_leader_missing_a_committed_entry_fails() {
        let mut committed = CommittedLog::default();
        committed.learn(1, 4, &chain(&[1, 1, 2]), 2);
        committed.learn(2, 4, &chain(&[1, 1, 2]), 3);
        let violation = committed
            .check_leader(3, 5, &chain(&[1, 1]), 90)
            .expect("index 3 is missing");
        assert_eq!(violation.property, Property::LeaderCompleteness);
        assert_eq!(violation.servers, vec![3, 2]);
        assert_eq!((violation.index, violation.term), (Some(3), Some(2)));
        assert_eq!(
            violation.explanation,
            "S3, leader of term 5, lacks the entry at index 3 (term 2) that S2 committed in term 4."
        );
        // A different entry at index 2 is named as missing, too.
        let violation = committed.check_leader(3, 5, &chain(&[1, 3, 3]), 0).unwrap();
        assert_eq!(violation.index, Some(2));
    }

    #[test]
    fn commit_terms_never_decrease_along_the_log() {
        let mut committed = CommittedLog::default();
        committed.learn(1, 5, &chain(&[1, 1]), 1);
        committed.learn(2, 3, &chain(&[1, 1]), 2); // a server still in term 3 reports index 2
        assert_eq!(committed.last_committed_before(5), 0);
        assert_eq!(committed.last_committed_before(6), 2);
    }
}
