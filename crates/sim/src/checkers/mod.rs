//! The safety checkers, run after every event: Election Safety, Leader Append-Only, Log
//! Matching, Leader Completeness and State Machine Safety (the paper's Figure 3), applied
//! commands agreeing across servers, and terms, commit indexes and last-applied indexes that
//! never go backwards.
//!
//! Incremental: only the server that just received an input can change, so each observation
//! checks that server against global tables, at a cost proportional to what changed (its log
//! write, its newly committed and applied entries), never to the length of the logs. Each
//! server's log is kept as a chain of prefix fingerprints (`prefix_hash`), so comparing two
//! logs up to an index is one comparison.
//!
//! The checkers trust nothing the core says beyond what it hands its caller (role, term, commit
//! index, last applied and the `Ready`), so they catch a core that breaks a rule.

mod election_safety;
mod leader_append_only;
mod leader_completeness;
mod log_matching;
mod monotonic;
mod prefix_hash;
mod state_machine_safety;
mod violation;

pub use violation::{Property, Violation};

use election_safety::ElectionSafety;
use leader_completeness::CommittedLog;
use log_matching::PositionRegistry;
use monotonic::ServerWatch;
use prefix_hash::LogChain;
use raft_core::{Entry, LogIndex, LogWrite, Role, ServerId, Term, Time};
use state_machine_safety::AppliedLog;

/// What one server looks like right after an input, with the `Ready` it handed out: what the
/// checkers see.
#[derive(Clone, Copy, Debug)]
pub struct Observation<'a> {
    /// Which server.
    pub server: ServerId,
    /// Its role now.
    pub role: Role,
    /// Its current term now.
    pub term: Term,
    /// Its commit index now.
    pub commit_index: LogIndex,
    /// Its last applied index now (after `applied`).
    pub last_applied: LogIndex,
    /// The `Ready`'s log write, if the log changed.
    pub log_write: Option<&'a LogWrite>,
    /// The `Ready`'s committed entries, which the server applies now.
    pub applied: &'a [Entry],
}

/// One server's part of the checkers' memory.
#[derive(Clone, Debug, Default)]
struct ServerRecord {
    watch: ServerWatch,
    /// Its log (as persisted) as prefix fingerprints.
    chain: LogChain,
}

/// Every checker, with what it has learned of the run so far. Cheap to clone along with the
/// simulation; memory grows like the logs themselves.
#[derive(Clone, Debug)]
pub struct Checkers {
    /// `servers[i]` is server `i + 1`.
    servers: Vec<ServerRecord>,
    elections: ElectionSafety,
    positions: PositionRegistry,
    committed: CommittedLog,
    applied: AppliedLog,
    violations_found: u64,
}

impl Checkers {
    /// Checkers for servers `1..=servers`, all running, with empty logs, in term 0.
    pub fn new(servers: u32) -> Checkers {
        Checkers {
            servers: vec![ServerRecord::default(); servers as usize],
            elections: ElectionSafety::default(),
            positions: PositionRegistry::default(),
            committed: CommittedLog::default(),
            applied: AppliedLog::default(),
            violations_found: 0,
        }
    }

    /// Number of observations (and crashes) that revealed a violation so far.
    pub fn violations_found(&self) -> u64 {
        self.violations_found
    }

    /// Checks a server right after an input and learns from it; returns the first violation
    /// found. Call it before the `Ready`'s messages go out, so nothing another server does can
    /// come first. Unknown server ids are ignored.
    #[inline]
    pub fn observe(&mut self, observation: &Observation, time: Time) -> Option<Violation> {
        let slot = (observation.server as usize).checked_sub(1)?;
        let record = self.servers.get(slot)?;
        // Nothing new (a heartbeat, a reply that commits nothing): every check would pass and
        // leave its tables as they are, so skip them (inlined, so this costs no call).
        if observation.log_write.is_none()
            && observation.applied.is_empty()
            && observation.commit_index <= self.committed.last_index()
            && record.watch.reports_the_same(
                observation.role,
                observation.term,
                observation.commit_index,
                observation.last_applied,
            )
        {
            return None;
        }
        self.observe_change(slot, observation, time)
    }

    /// `observe` for an observation that may change something: server `slot + 1` (which
    /// exists) is checked against every table, which learn from it.
    fn observe_change(
        &mut self,
        slot: usize,
        observation: &Observation,
        time: Time,
    ) -> Option<Violation> {
        let id = observation.server;
        let Observation {
            role,
            term,
            commit_index,
            last_applied,
            ..
        } = *observation;
        let mut found = Found::default();
        let record = &mut self.servers[slot];

        found.note(record.watch.check_term(id, term, time));
        let was_leader = record.watch.was_leader_of(term);
        let is_leader = role == Role::Leader;
        if is_leader && !was_leader {
            found.note(self.elections.leader_seen(id, term, time));
        }

        if let Some(write) = observation.log_write {
            let positions = &mut self.positions;
            let mut mismatch = Found::default();
            let rewrite = record.chain.apply(write, |index, entry_term, prefix| {
                if mismatch.0.is_none() {
                    mismatch.note(positions.register(id, index, entry_term, prefix, time));
                }
            });
            if was_leader {
                found.note(leader_append_only::check(id, term, rewrite, time));
            }
            found.note_found(mismatch);
        }
        if is_leader && (!was_leader || observation.log_write.is_some()) {
            found.note(self.committed.check_leader(id, term, &record.chain, time));
        }

        found.note(record.watch.check_commit(id, commit_index, time));
        if commit_index > self.committed.last_index() {
            self.committed.learn(id, term, &record.chain, commit_index);
            // Leaders of later terms must hold what was just committed.
            for (position, other) in self.servers.iter().enumerate() {
                let other_id = position as ServerId + 1;
                if other.watch.running && other.watch.role == Role::Leader && other_id != id {
                    let other_term = other.watch.role_term;
                    found.note(self.committed.check_leader(
                        other_id,
                        other_term,
                        &other.chain,
                        time,
                    ));
                }
            }
        }

        let record = &mut self.servers[slot];
        for entry in observation.applied {
            found.note(self.applied.apply(id, record.watch.applied, entry, time));
            record.watch.applied = entry.index;
        }
        found.note(record.watch.check_applied(id, last_applied, time));

        record.watch.running = true;
        record.watch.role = role;
        record.watch.role_term = term;
        self.count(found.into_violation())
    }

    /// A server crashed: its volatile state is gone; its term and log (persisted) remain.
    pub fn crash(&mut self, server: ServerId) {
        if let Some(record) = (server as usize)
            .checked_sub(1)
            .and_then(|slot| self.servers.get_mut(slot))
        {
            record.watch.crash();
        }
    }

    /// Starts checking a server already in some state, as if its whole log had just been
    /// written and every applied entry just applied (for checkers switched on mid-run). A
    /// crashed server passes `running: None`; a running one its role, commit index and last
    /// applied index. Costs one step per log entry.
    pub fn adopt(
        &mut self,
        server: ServerId,
        term: Term,
        log: &[Entry],
        running: Option<(Role, LogIndex, LogIndex)>,
        time: Time,
    ) -> Option<Violation> {
        let write = LogWrite {
            first_index: 1,
            entries: log.to_vec(),
        };
        let (role, commit_index, last_applied) = running.unwrap_or((Role::Follower, 0, 0));
        let applied_upto = (last_applied as usize).min(log.len());
        let violation = self.observe(
            &Observation {
                server,
                role,
                term,
                commit_index,
                last_applied,
                log_write: Some(&write),
                applied: &log[..applied_upto],
            },
            time,
        );
        if running.is_none() {
            self.crash(server);
        }
        violation
    }

    fn count(&mut self, violation: Option<Violation>) -> Option<Violation> {
        if violation.is_some() {
            self.violations_found += 1;
        }
        violation
    }
}

/// The first violation noted. Boxed, so that moving a `Found` (nearly always empty) copies
/// one word rather than a whole `Violation`.
#[derive(Default)]
struct Found(Option<Box<Violation>>);

impl Found {
    /// Keeps `violation` if it is the first. Written so that the common case, `None`, costs one
    /// comparison and no copy.
    #[inline(always)]
    fn note(&mut self, violation: Option<Violation>) {
        if let Some(violation) = violation {
            if self.0.is_none() {
                self.0 = Some(Box::new(violation));
            }
        }
    }

    /// Keeps the first violation of `other` if this has none.
    #[inline(always)]
    fn note_found(&mut self, other: Found) {
        if self.0.is_none() {
            self.0 = other.0;
        }
    }

    /// The violation, if one was noted.
    #[inline(always)]
    fn into_violation(self) -> Option<Violation> {
        self.0.map(|violation| *violation)
    }
}

#[cfg(test)]
mod tests;
