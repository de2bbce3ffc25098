//! The votes a candidate has received in its current term.

use crate::types::ServerId;

/// The set of servers that granted this candidate their vote in its current term (the candidate
/// included). A set, not a counter, so a duplicated reply is counted once.
///
/// Invariant (kept by `RaftServer`): cleared whenever the term changes, so it only ever holds
/// votes of the current term.
#[derive(Clone, Debug, Default)]
pub(crate) struct VoteTally {
    granted: Vec<ServerId>,
}

impl VoteTally {
    /// Forgets every vote.
    pub(crate) fn clear(&mut self) {
        self.granted.clear();
    }

    /// Records `voter`'s vote; returns false if it was already counted.
    pub(crate) fn record(&mut self, voter: ServerId) -> bool {
        if self.granted.contains(&voter) {
            return false;
        }
        self.granted.push(voter);
        true
    }

    /// Number of distinct voters.
    pub(crate) fn count(&self) -> usize {
        self.granted.len()
    }

    /// The voters, in the order their votes arrived.
    pub(crate) fn voters(&self) -> &[ServerId] {
        &self.granted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_voter_counts_once() {
        let mut tally = VoteTally::default();
        assert!(tally.record(1));
        assert!(tally.record(3));
        assert!(!tally.record(3));
        assert_eq!(tally.count(), 2);
        assert_eq!(tally.voters(), &[1, 3]);
        tally.clear();
        assert_eq!(tally.count(), 0);
    }
}
