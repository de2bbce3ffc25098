//! Counters that never go backwards (§5.1, Figure 2): a server's term (persisted, so not even
//! across a restart), and a running server's commit index and last applied index (volatile, so
//! they restart from 0 with each incarnation).

use super::violation::{Property, Violation};
use raft_core::{LogIndex, Role, ServerId, Term, Time};

/// What the checkers remember about one server between observations.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ServerWatch {
    /// Highest term seen; survives crashes.
    pub term: Term,
    /// False while crashed (and before the first observation after a restart).
    pub running: bool,
    /// Role and term at the last observation.
    pub role: Role,
    pub role_term: Term,
    /// This incarnation's commit index at the last observation.
    pub commit: LogIndex,
    /// This incarnation's last applied index: the last entry it applied, and the value it
    /// reported.
    pub applied: LogIndex,
    pub reported_applied: LogIndex,
}

impl Default for ServerWatch {
    fn default() -> Self {
        ServerWatch {
            term: 0,
            running: true,
            role: Role::Follower,
            role_term: 0,
            commit: 0,
            applied: 0,
            reported_applied: 0,
        }
    }
}

impl ServerWatch {
    /// True if the server was leader of `term` at the last observation.
    pub fn was_leader_of(&self, term: Term) -> bool {
        self.running && self.role == Role::Leader && self.role_term == term
    }

    /// True if an observation of this role, term, commit index and last applied index would
    /// change nothing here: the server is running and reports exactly what it reported last.
    pub fn reports_the_same(
        &self,
        role: Role,
        term: Term,
        commit: LogIndex,
        last_applied: LogIndex,
    ) -> bool {
        self.running
            && self.role == role
            && self.role_term == term
            && self.term == term
            && self.commit == commit
            && self.reported_applied == last_applied
    }

    /// The server crashed: everything volatile is gone.
    pub fn crash(&mut self) {
        *self = ServerWatch {
            term: self.term,
            running: false,
            ..ServerWatch::default()
        };
    }

    /// The server reports `term`: a violation if it is below one seen before.
    pub fn check_term(&mut self, server: ServerId, term: Term, time: Time) -> Option<Violation> {
        let before = self.term;
        self.term = self.term.max(term);
        (term < before).then(|| Violation {
            property: Property::TermNeverDecreases,
            servers: vec![server],
            index: None,
            term: Some(term),
            time_us: time,
            explanation: if self.running {
                format!("S{server}'s term went back from {before} to {term}.")
            } else {
                format!(
                    "S{server} restarted in term {term} although it had reached term {before} \
                     before crashing; the term must be persisted."
                )
            },
        })
    }

    /// The server reports `commit`: a violation if it is below the last one of this
    /// incarnation.
    pub fn check_commit(
        &mut self,
        server: ServerId,
        commit: LogIndex,
        time: Time,
    ) -> Option<Violation> {
        let before = self.commit;
        self.commit = commit;
        (commit < before).then(|| Violation {
            property: Property::CommitNeverDecreases,
            servers: vec![server],
            index: Some(commit),
            term: None,
            time_us: time,
            explanation: format!(
                "S{server}'s commit index went back from {before} to {commit} while it was \
                 running."
            ),
        })
    }

    /// The server reports `last_applied`: a violation if it is below the last one of this
    /// incarnation.
    pub fn check_applied(
        &mut self,
        server: ServerId,
        last_applied: LogIndex,
        time: Time,
    ) -> Option<Violation> {
        let before = self.reported_applied;
        self.reported_applied = last_applied;
        (last_applied < before).then(|| Violation {
            property: Property::AppliedNeverDecreases,
            servers: vec![server],
            index: Some(last_applied),
            term: None,
            time_us: time,
            explanation: format!(
                "S{server}'s last applied index went back from {before} to {last_applied} while \
                 it was running."
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_counters_pass() {
        let mut watch = ServerWatch::default();
        for value in [0, 1, 1, 4] {
            assert_eq!(watch.check_term(1, value, 0), None);
            assert_eq!(watch.check_commit(1, value, 0), None);
            assert_eq!(watch.check_applied(1, value, 0), None);
        }
    }

    #[test]
    fn a_term_going_back_fails_even_across_a_restart() {
        let mut watch = ServerWatch::default();
        watch.check_term(3, 5, 0);
        let violation = watch.check_term(3, 4, 10).unwrap();
        assert_eq!(violation.property, Property::TermNeverDecreases);
        assert_eq!(violation.explanation, "S3's term went back from 5 to 4.");
        watch.crash();
        let violation = watch.check_term(3, 2, 20).unwrap();
        assert_eq!(violation.term, Some(2));
        assert!(violation.explanation.contains("restarted in term 2"));
    }

    #[test]
    fn commit_and_applied_restart_from_zero_with_a_new_incarnation() {
        let mut watch = ServerWatch::default();
        watch.check_commit(2, 9, 0);
        watch.check_applied(2, 9, 0);
        let violation = watch.check_commit(2, 7, 0).unwrap();
        assert_eq!(violation.property, Property::CommitNeverDecreases);
        let violation = watch.check_applied(2, 7, 0).unwrap();
        assert_eq!(violation.property, Property::AppliedNeverDecreases);
        watch.crash();
        assert_eq!(watch.check_commit(2, 0, 0), None);
        assert_eq!(watch.check_applied(2, 0, 0), None);
    }
}
