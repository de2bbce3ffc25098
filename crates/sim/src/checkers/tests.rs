//! Hand-made histories fed to `Checkers`: each broken rule must produce the right violation,
//! and histories that follow Raft (including ones that look alarming, like a follower losing
//! uncommitted entries) must produce none.

use super::*;
use raft_core::EntryPayload;

/// A server's view at one moment, built up by the test.
#[derive(Clone)]
struct Server {
    id: ServerId,
    role: Role,
    term: Term,
    log: Vec<Entry>,
    commit: LogIndex,
    applied: LogIndex,
}

/// A cluster driven by hand; every change is observed as the simulator would.
struct History {
    checkers: Checkers,
    servers: Vec<Server>,
    time: Time,
}

/// An entry for the checkers' tests; an empty `command` makes a no-op.
pub(super) fn entry(index: LogIndex, term: Term, command: &str) -> Entry {
    Entry {
        index,
        term,
        payload: if command.is_empty() {
            EntryPayload::Noop
        } else {
            EntryPayload::Command(command.to_string().into())
        },
    }
}

impl History {
    fn new(servers: u32) -> History {
        History {
            checkers: Checkers::new(servers),
            servers: (1..=servers)
                .map(|id| Server {
                    id,
                    role: Role::Follower,
                    term: 0,
                    log: Vec::new(),
                    commit: 0,
                    applied: 0,
                })
                .collect(),
            time: 0,
        }
    }

    fn server(&mut self, id: ServerId) -> &mut Server {
        &mut self.servers[(id - 1) as usize]
    }

    /// Observes `id` after `change`, with the log write made of the entries from
    /// `first_changed` on (if any) and the entries newly committed applied.
    fn step(
        &mut self,
        id: ServerId,
        first_changed: Option<LogIndex>,
        change: impl FnOnce(&mut Server),
    ) -> Option<Violation> {
        self.time += 1_000;
        let server = self.server(id);
        change(server);
        let server = server.clone();
        let write = first_changed.map(|first_index| LogWrite {
            first_index,
            entries: server.log[(first_index - 1) as usize..].to_vec(),
        });
        let applied = server
            .log
            .get(server.applied as usize..server.commit as usize)
            .unwrap_or(&[]);
        let violation = self.checkers.observe(
            &Observation {
                server: id,
                role: server.role,
                term: server.term,
                commit_index: server.commit,
                last_applied: server.commit,
                log_write: write.as_ref(),
                applied,
            },
            self.time,
        );
        let server = self.server(id);
        server.applied = server.applied.max(server.commit);
        violation
    }

    /// `id` wins the election of `term` and appends a no-op.
    fn elect(&mut self, id: ServerId, term: Term) -> Option<Violation> {
        let campaign = self.step(id, None, |s| {
            s.term = term;
            s.role = Role::Candidate;
        });
        if campaign.is_some() {
            return campaign;
        }
        let first = self.server(id).log.len() as LogIndex + 1;
        self.step(id, Some(first), |s| {
            s.role = Role::Leader;
            s.log.push(entry(first, term, ""));
        })
    }

    /// Leader `id` appends a command.
    fn propose(&mut self, id: ServerId, command: &str) -> Option<Violation> {
        let index = self.server(id).log.len() as LogIndex + 1;
        self.step(id, Some(index), |s| {
            let term = s.term;
            s.log.push(entry(index, term, command));
        })
    }

    /// `to` accepts `from`'s log up to `upto` as a follower of `from`'s term (truncating a
    /// conflicting suffix like AppendEntries), and learns `commit`.
    fn replicate(
        &mut self,
        from: ServerId,
        to: ServerId,
        upto: LogIndex,
        commit: LogIndex,
    ) -> Option<Violation> {
        let source = self.server(from).clone();
        let target = self.server(to).clone();
        let first_conflict = (1..=upto).find(|&index| {
            target.log.get((index - 1) as usize) != source.log.get((index - 1) as usize)
        });
        self.step(to, first_conflict, |s| {
            s.term = source.term;
            s.role = Role::Follower;
            if let Some(first) = first_conflict {
                s.log.truncate((first - 1) as usize);
                s.log
                    .extend_from_slice(&source.log[(first - 1) as usize..upto as usize]);
            }
            s.commit = s.commit.max(commit.min(upto));
        })
    }

    /// Leader `id` learns that entries up to `commit` are committed.
    fn commit(&mut self, id: ServerId, commit: LogIndex) -> Option<Violation> {
        self.step(id, None, |s| s.commit = commit)
    }

    fn crash(&mut self, id: ServerId) {
        self.checkers.crash(id);
        let server = self.server(id);
        server.role = Role::Follower;
        server.commit = 0;
        server.applied = 0;
    }
}

/// A healthy five-server history: elections, replication, commits, a crash and restart, and a
/// new leader overwriting a follower's uncommitted entries (§5.3, allowed).
fn healthy_history() -> (History, Vec<Option<Violation>>) {
    let mut history = History::new(5);
    let mut seen = vec![history.elect(1, 1), history.propose(1, "set x 1")];
    for follower in 2..=3 {
        seen.push(history.replicate(1, follower, 2, 0));
    }
    seen.push(history.commit(1, 2));
    seen.push(history.propose(1, "set y 2")); // index 3, reaches only S2
    seen.push(history.replicate(1, 2, 3, 2));
    seen.push(history.replicate(1, 3, 2, 2));
    history.crash(1);
    // S3 (log 1..2) wins term 2 with S4 and S5, and overwrites S2's uncommitted index 3.
    for voter in [4, 5] {
        seen.push(history.replicate(3, voter, 0, 0)); // adopt the term
    }
    seen.push(history.elect(3, 2));
    seen.push(history.propose(3, "set z 3"));
    for follower in [2, 4, 5] {
        seen.push(history.replicate(3, follower, 4, 0));
    }
    seen.push(history.commit(3, 4));
    for follower in [2, 4, 5] {
        seen.push(history.replicate(3, follower, 4, 4));
    }
    // S1 restarts in term 1 with its old log; it hears from S3 and catches up.
    seen.push(history.step(1, None, |_| {}));
    seen.push(history.replicate(3, 1, 4, 4));
    (history, seen)
}

#[test]
fn a_healthy_history_passes() {
    let (history, seen) = healthy_history();
    for (step, violation) in seen.iter().enumerate() {
        assert_eq!(violation, &None, "step {step}");
    }
    assert_eq!(history.checkers.violations_found(), 0);
    assert_eq!(history.checkers.committed.last_index(), 4);
}

#[test]
fn two_leaders_in_one_term_break_election_safety() {
    // §5.2
    let mut history = History::new(5);
    assert_eq!(history.elect(2, 3), None);
    history.crash(2); // remembered even after the first leader is gone
    let violation = history
        .elect(4, 3)
        .expect("S4 is a second leader in term 3");
    assert_eq!(violation.property, Property::ElectionSafety);
    assert_eq!(violation.servers, vec![4, 2]);
    assert_eq!(violation.term, Some(3));
    assert_eq!(
        violation.explanation,
        "S2 and S4 were both leader in term 3."
    );
    assert_eq!(violation.time_us, history.time);
}

#[test]
fn a_leader_truncating_its_own_log_breaks_leader_append_only() {
    // §5.3
    let mut history = History::new(3);
    history.elect(1, 1);
    history.propose(1, "set x 1");
    history.propose(1, "set x 2");
    let violation = history
        .step(1, Some(3), |s| s.log.truncate(2))
        .expect("the leader deleted index 3");
    assert_eq!(violation.property, Property::LeaderAppendOnly);
    assert_eq!(violation.servers, vec![1]);
    assert_eq!((violation.index, violation.term), (Some(3), Some(1)));

    // Overwriting an entry in place is caught too.
    let violation = history
        .step(1, Some(2), |s| s.log[1] = entry(2, 1, "set x 9"))
        .expect("the leader overwrote index 2");
    assert_eq!(violation.property, Property::LeaderAppendOnly);
    assert_eq!(violation.index, Some(2));
}

#[test]
fn a_follower_losing_uncommitted_entries_is_allowed_but_a_leader_is_not() {
    let mut history = History::new(3);
    history.elect(1, 1);
    history.propose(1, "set x 1");
    history.replicate(1, 2, 2, 0);
    // S2, a follower, truncates index 2: allowed (the leader will repair it).
    assert_eq!(history.step(2, Some(2), |s| s.log.truncate(1)), None);
}

#[test]
fn same_index_and_term_over_different_prefixes_break_log_matching() {
    // §5.3: S1 and S2 both hold (index 2, term 2) but differ at index 1.
    let mut history = History::new(3);
    let log_a = vec![entry(1, 1, "set x 1"), entry(2, 2, "set y 1")];
    let log_b = vec![entry(1, 1, "set x 2"), entry(2, 2, "set y 1")];
    assert_eq!(
        history.step(1, Some(1), |s| {
            s.term = 2;
            s.log = log_a;
        }),
        None
    );
    let violation = history
        .step(2, Some(1), |s| {
            s.term = 2;
            s.log = log_b;
        })
        .expect("the logs share (2, 2) but not index 1");
    assert_eq!(violation.property, Property::LogMatching);
    // Index 1 differs in payload only (same term), so the first conflict the registry sees is
    // at index 1 already.
    assert_eq!(violation.servers, vec![2, 1]);
    assert_eq!((violation.index, violation.term), (Some(1), Some(1)));
}

#[test]
fn same_index_and_term_after_different_terms_break_log_matching() {
    let mut history = History::new(3);
    history.step(1, Some(1), |s| {
        s.term = 3;
        s.log = vec![entry(1, 1, "a"), entry(2, 3, "b")];
    });
    let violation = history
        .step(3, Some(1), |s| {
            s.term = 3;
            s.log = vec![entry(1, 2, "a"), entry(2, 3, "b")];
        })
        .unwrap();
    assert_eq!(violation.property, Property::LogMatching);
    assert_eq!((violation.index, violation.term), (Some(2), Some(3)));
    assert_eq!(
        violation.explanation,
        "S1 and S3 both hold an entry of term 3 at index 2, but their logs differ at or before \
         index 2."
    );
}

#[test]
fn a_later_leader_missing_a_committed_entry_breaks_leader_completeness() {
    // §5.4, Figure 8 (d): index 2 of term 2 is committed in term 4, then S5 leads term 5
    // without it.
    let mut history = History::new(5);
    history.elect(1, 4);
    history.step(1, Some(1), |s| {
        s.log = vec![entry(1, 1, "a"), entry(2, 2, "b"), entry(3, 4, "")];
    });
    for follower in [2, 3] {
        history.replicate(1, follower, 3, 0);
    }
    assert_eq!(history.commit(1, 3), None);
    history.step(5, Some(1), |s| {
        s.term = 3;
        s.log = vec![entry(1, 1, "a"), entry(2, 3, "c")];
    });
    history.step(5, None, |s| s.term = 5);
    let violation = history
        .step(5, None, |s| s.role = Role::Leader)
        .expect("S5 lacks index 2");
    assert_eq!(violation.property, Property::LeaderCompleteness);
    assert_eq!(violation.servers, vec![5, 1]);
    assert_eq!((violation.index, violation.term), (Some(2), Some(2)));
    assert_eq!(
        violation.explanation,
        "S5, leader of term 5, lacks the entry at index 2 (term 2) that S1 committed in term 4."
    );
}

#[test]
fn a_commit_reported_after_a_later_leader_took_over_is_checked_against_it() {
    let mut history = History::new(5);
    history.elect(1, 1);
    history.propose(1, "set x 1"); // index 2
    history.step(3, None, |s| s.term = 2);
    assert_eq!(history.step(3, None, |s| s.role = Role::Leader), None);
    // S1, still in term 1, now reports index 2 committed: S3, leader of term 2, lacks it.
    let violation = history.commit(1, 2).expect("S3 lacks what S1 committed");
    assert_eq!(violation.property, Property::LeaderCompleteness);
    assert_eq!(violation.servers, vec![3, 1]);
    assert_eq!(violation.index, Some(1));
}

#[test]
fn different_applied_commands_at_one_index_break_state_machine_safety() {
    // §5.4.3
    let mut history = History::new(3);
    history.step(1, Some(1), |s| {
        s.term = 1;
        s.log = vec![entry(1, 1, "set x 1")];
        s.commit = 1;
    });
    let violation = history
        .step(2, Some(1), |s| {
            s.term = 2;
            s.log = vec![entry(1, 2, "set x 2")];
            s.commit = 1;
        })
        .expect("S2 applies a different entry at index 1");
    assert_eq!(violation.property, Property::StateMachineSafety);
    assert_eq!(violation.servers, vec![2, 1]);
    assert_eq!((violation.index, violation.term), (Some(1), Some(2)));
}

#[test]
fn a_different_command_with_the_same_term_breaks_applied_command_agreement() {
    let mut history = History::new(3);
    history.step(1, Some(1), |s| {
        s.term = 1;
        s.log = vec![entry(1, 1, "set x 1")];
        s.commit = 1;
    });
    // S2's log is written as (1, 1) with another command: Log Matching fires first, on the
    // write; the apply check is what catches it if only the applied stream differs.
    let violation = history
        .step(2, Some(1), |s| {
            s.term = 1;
            s.log = vec![entry(1, 1, "set x 2")];
            s.commit = 1;
        })
        .unwrap();
    assert_eq!(violation.property, Property::LogMatching);
    let only_applied = history.checkers.observe(
        &Observation {
            server: 3,
            role: Role::Follower,
            term: 1,
            commit_index: 1,
            last_applied: 1,
            log_write: None,
            applied: &[entry(1, 1, "set x 3")],
        },
        9,
    );
    let violation = only_applied.expect("S3 applies another command at index 1");
    assert_eq!(violation.property, Property::AppliedCommandsAgree);
    assert_eq!(
        violation.explanation,
        "S3 applied \"set x 3\" at index 1, but S1 applied a different command there."
    );
}

#[test]
fn a_term_going_backwards_breaks_term_monotonicity() {
    // §5.1: the term is persisted, so it may not go back, not even across a restart.
    let mut history = History::new(3);
    history.step(2, None, |s| s.term = 5);
    let violation = history.step(2, None, |s| s.term = 4).unwrap();
    assert_eq!(violation.property, Property::TermNeverDecreases);
    assert_eq!(violation.servers, vec![2]);
    assert_eq!(violation.term, Some(4));
    assert_eq!(violation.explanation, "S2's term went back from 5 to 4.");

    history.crash(2);
    let violation = history.step(2, None, |s| s.term = 3).unwrap();
    assert_eq!(violation.property, Property::TermNeverDecreases);
    assert_eq!(
        violation.explanation,
        "S2 restarted in term 3 although it had reached term 5 before crashing; the term must \
         be persisted."
    );
}

#[test]
fn commit_and_applied_going_backwards_on_a_running_server_fail() {
    let mut history = History::new(3);
    history.step(1, Some(1), |s| {
        s.term = 1;
        s.log = vec![entry(1, 1, "a"), entry(2, 1, "b")];
        s.commit = 2;
    });
    let violation = history.step(1, None, |s| s.commit = 1).unwrap();
    assert_eq!(violation.property, Property::CommitNeverDecreases);
    assert_eq!(violation.index, Some(1));
    // After a crash the volatile indexes start again from 0.
    history.crash(1);
    assert_eq!(history.step(1, None, |s| s.commit = 1), None);
}

#[test]
fn adopting_a_running_cluster_learns_its_state() {
    let (history, _) = healthy_history();
    let mut adopted = Checkers::new(5);
    for server in &history.servers {
        let running = Some((server.role, server.commit, server.applied));
        assert_eq!(
            adopted.adopt(server.id, server.term, &server.log, running, 0),
            None
        );
    }
    assert_eq!(adopted.committed.last_index(), 4);
    // A second leader of term 2 is still caught.
    let violation = adopted.observe(
        &Observation {
            server: 4,
            role: Role::Leader,
            term: 2,
            commit_index: 4,
            last_applied: 4,
            log_write: None,
            applied: &[],
        },
        1,
    );
    assert_eq!(violation.unwrap().property, Property::ElectionSafety);
}
