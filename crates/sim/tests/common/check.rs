//! A lightweight safety checker run after every event (the full checkers come with issue 3):
//! Election Safety (§5.2: at most one leader per term), agreement of committed prefixes across
//! servers (Log Matching §5.3 and State Machine Safety §5.4.3 on committed entries), Leader
//! Completeness (§5.4: a new leader holds every committed entry), and terms that never
//! decrease (§5.1; the term is persisted, so this holds across restarts).

use raft_core::{Entry, LogIndex, Role, ServerId, Term};
use raft_sim::Simulation;
use std::collections::BTreeMap;

/// What the checker has learned so far.
#[derive(Default)]
pub struct SafetyChecker {
    /// The leader seen in each term.
    leaders: BTreeMap<Term, ServerId>,
    /// The committed prefix all servers must agree on, as learned so far.
    committed: Vec<Entry>,
    /// Per server: how far its committed prefix has been compared.
    checked_commit: BTreeMap<ServerId, LogIndex>,
    /// Per server: the highest term seen.
    terms: BTreeMap<ServerId, Term>,
}

impl SafetyChecker {
    /// The committed log as learned so far.
    pub fn committed(&self) -> &[Entry] {
        &self.committed
    }

    /// Checks the cluster as it is now; incremental, so cheap per event.
    pub fn check(&mut self, sim: &Simulation) -> Result<(), String> {
        for id in 1..=sim.config().servers {
            let persisted_term = sim
                .persisted(id)
                .expect("server exists")
                .hard_state
                .current_term;
            let term_before = self.terms.get(&id).copied().unwrap_or(0);
            if persisted_term < term_before {
                return Err(format!(
                    "S{id}'s term went back from {term_before} to {persisted_term} (§5.1)"
                ));
            }
            self.terms.insert(id, persisted_term);
            let Some(server) = sim.server(id) else {
                self.checked_commit.insert(id, 0);
                continue;
            };
            let term = server.current_term();
            if server.role() == Role::Leader {
                match self.leaders.get(&term) {
                    Some(&other) if other != id => {
                        return Err(format!(
                            "Election Safety violated: S{other} and S{id} are both leaders of \
                             term {term} (§5.2)"
                        ))
                    }
                    Some(_) => {}
                    None => {
                        self.leaders.insert(term, id);
                        // Leader Completeness, checked once per new leader.
                        let log = server.log();
                        if log.len() < self.committed.len()
                            || log[..self.committed.len()] != self.committed[..]
                        {
                            return Err(format!(
                                "Leader Completeness violated: S{id}, leader of term {term}, \
                                 lacks committed entries (§5.4)"
                            ));
                        }
                    }
                }
            }
            let commit = server.commit_index();
            let log = server.log();
            if commit as usize > log.len() {
                return Err(format!(
                    "S{id}'s commit index {commit} is past its last entry {}",
                    log.len()
                ));
            }
            let mut from = self.checked_commit.get(&id).copied().unwrap_or(0);
            if commit < from {
                from = 0; // the volatile commit index restarted
            }
            for index in from + 1..=commit {
                let entry = &log[(index - 1) as usize];
                match self.committed.get((index - 1) as usize) {
                    Some(agreed) if agreed != entry => {
                        return Err(format!(
                            "committed logs disagree at index {index}: S{id} has term {} {:?}, \
                             another server committed term {} {:?} (§5.3, §5.4.3)",
                            entry.term,
                            entry.command(),
                            agreed.term,
                            agreed.command()
                        ))
                    }
                    Some(_) => {}
                    None => self.committed.push(entry.clone()),
                }
            }
            self.checked_commit.insert(id, commit);
            // The entry at the commit index must still be the agreed one (no truncation of a
            // committed entry, §5.3).
            if commit > 0 && log[(commit - 1) as usize] != self.committed[(commit - 1) as usize] {
                return Err(format!("S{id} rewrote committed entry {commit}"));
            }
        }
        Ok(())
    }
}
