//! `RaftServer`: one server's consensus state machine (Figure 2 plus batching, pipelining and
//! fast backup).

use crate::config::Config;
use crate::entry::Entry;
use crate::message::Message;
use crate::storage::{PersistentState, Ready};
use crate::types::{LogIndex, Role, ServerId, Term, Time};

/// Why a proposal was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// This server is not the leader; `leader_hint` is the leader it last heard from in its
    /// current term, if any.
    NotLeader {
        /// The leader this server believes in, if any.
        leader_hint: Option<ServerId>,
    },
}

impl std::fmt::Display for ProposeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProposeError::NotLeader { leader_hint: Some(id) } => {
                write!(f, "raft: not the leader (try S{id})")
            }
            ProposeError::NotLeader { leader_hint: None } => {
                write!(f, "raft: not the leader, and no leader is known")
            }
        }
    }
}

impl std::error::Error for ProposeError {}

/// One Raft server.
///
/// Call order: build with [`RaftServer::new`] (also after a crash, from what was persisted);
/// feed inputs with `handle_message`, `handle_timeout` (whenever `now >= next_deadline()`),
/// `propose` and `campaign`; after each input drain [`RaftServer::ready`] and carry it out in
/// order: persist, send, apply.
pub struct RaftServer {
    _todo: (),
}

impl RaftServer {
    /// Starts (or restarts) server `id` of the cluster `members` (every server's id, including
    /// `id`) as a follower, from `persisted`. `seed` seeds the RNG that draws election timeouts.
    pub fn new(
        id: ServerId,
        members: &[ServerId],
        config: Config,
        persisted: PersistentState,
        seed: u64,
        now: Time,
    ) -> RaftServer {
        let _ = (id, members, config, persisted, seed, now);
        todo!()
    }

    // ---- getters ----

    /// This server's id.
    pub fn id(&self) -> ServerId {
        todo!()
    }
    /// Current role.
    pub fn role(&self) -> Role {
        todo!()
    }
    /// Current term.
    pub fn current_term(&self) -> Term {
        todo!()
    }
    /// Vote cast in the current term.
    pub fn voted_for(&self) -> Option<ServerId> {
        todo!()
    }
    /// The leader of the current term, if known.
    pub fn leader_id(&self) -> Option<ServerId> {
        todo!()
    }
    /// Highest index known to be committed.
    pub fn commit_index(&self) -> LogIndex {
        todo!()
    }
    /// Highest index handed out in `Ready::committed` since this server (re)started.
    pub fn last_applied(&self) -> LogIndex {
        todo!()
    }
    /// The whole log; `log()[i]` has index `i + 1`.
    pub fn log(&self) -> &[Entry] {
        todo!()
    }
    /// Index of the last log entry (0 if empty).
    pub fn last_log_index(&self) -> LogIndex {
        todo!()
    }
    /// Term of the last log entry (0 if empty).
    pub fn last_log_term(&self) -> Term {
        todo!()
    }
    /// The running election timer as `(started_at, fires_at)`; `None` on a leader.
    pub fn election_timer(&self) -> Option<(Time, Time)> {
        todo!()
    }
    /// For a leader, each follower's `(id, next_index, match_index)`; empty otherwise.
    pub fn progress(&self) -> Vec<(ServerId, LogIndex, LogIndex)> {
        todo!()
    }

    // ---- inputs ----

    /// The earliest time at which `handle_timeout` has something to do.
    #[must_use]
    pub fn next_deadline(&self) -> Time {
        todo!()
    }
    /// Fires every timer due at `now` (election timeout, heartbeat).
    pub fn handle_timeout(&mut self, now: Time) {
        let _ = now;
        todo!()
    }
    /// Handles a message addressed to this server.
    pub fn handle_message(&mut self, message: Message, now: Time) {
        let _ = (message, now);
        todo!()
    }
    /// Appends a client command to a leader's log and starts replicating it.
    pub fn propose(&mut self, command: String, now: Time) -> Result<LogIndex, ProposeError> {
        let _ = (command, now);
        todo!()
    }
    /// Starts an election now, as if the election timer had fired ("time out now"). A leader
    /// ignores it.
    pub fn campaign(&mut self, now: Time) {
        let _ = now;
        todo!()
    }

    // ---- outputs ----

    /// Drains what the caller must persist, send and apply, in that order.
    pub fn ready(&mut self) -> Ready {
        todo!()
    }
}
