//! `RaftServer`: one server's consensus state machine (Figure 2 plus batching, pipelining, fast
//! backup, leadership transfer and, as switches, CheckQuorum and PreVote).

mod check_quorum;
mod election;
mod leadership_transfer;
mod pre_vote;
mod replication;
#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::entry::{Command, Entry, EntryPayload};
use crate::log::RaftLog;
use crate::message::{Message, MessageBody};
use crate::progress::{FollowerProgress, Progress};
use crate::seeded_rng::SeededRng;
use crate::small_sort::sort_small;
use crate::storage::{HardState, PersistentState, Ready};
use crate::timer::{Timer, TimerTable};
use crate::types::{LogIndex, Role, ServerId, Term, Time};
use crate::unsafe_rules::UnsafeRules;
use crate::votes::VoteTally;

pub use leadership_transfer::TransferError;

/// Why a proposal was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// This server is not the leader; `leader_hint` is the leader it last heard from in its
    /// current term, if any.
    NotLeader {
        /// The leader this server believes in, if any.
        leader_hint: Option<ServerId>,
    },
    /// This server leads, but is handing leadership over to `to` and takes no commands until
    /// the transfer ends (dissertation §3.10).
    TransferringLeadership {
        /// The server leadership is handed to.
        to: ServerId,
    },
}

impl std::fmt::Display for ProposeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProposeError::NotLeader {
                leader_hint: Some(id),
            } => {
                write!(f, "raft: not the leader (try S{id})")
            }
            ProposeError::NotLeader { leader_hint: None } => {
                write!(f, "raft: not the leader, and no leader is known")
            }
            ProposeError::TransferringLeadership { to } => {
                write!(
                    f,
                    "raft: handing leadership over to S{to}; try again shortly"
                )
            }
        }
    }
}

impl std::error::Error for ProposeError {}

/// One Raft server.
///
/// # Call order
///
/// 1. Build with [`RaftServer::new`] — at first start and after every crash, from what was
///    persisted. The server starts as a follower with its election timer running.
/// 2. Feed inputs, each with the current virtual time: [`handle_message`](Self::handle_message)
///    for every message addressed to it, [`handle_timeout`](Self::handle_timeout) whenever
///    `now >= next_deadline()`, [`propose`](Self::propose) for client commands,
///    [`campaign`](Self::campaign) for "time out now" and
///    [`transfer_leadership`](Self::transfer_leadership) to hand a leader's role over.
/// 3. After each input, drain [`ready`](Self::ready) and carry it out in order: persist
///    (`PersistentState::persist`), then send the messages, then apply the committed entries.
///    Messages stay buffered until `ready`, so nothing leaves before the state it depends on
///    (a vote, a term, log entries) is durable.
///
/// # Invariants
///
/// - `current_term`, `voted_for` and the log are the persistent state (Figure 2); everything
///   else is volatile and rebuilt by `new`. `current_term` never decreases; `voted_for` is reset
///   only when the term grows.
/// - `last_applied <= commit_index <= log.last_index()`; both only grow while the server runs.
///   (Only with the unsafe `truncate_without_conflict` rule broken can a truncation leave the
///   commit index above the last index — the committed entries it erased are what the
///   simulator's checkers then catch.)
/// - The election timer runs on followers, pre-candidates and candidates, and no other timer
///   does; a leader runs the heartbeat timer, with CheckQuorum the quorum check beside it, and
///   while `transfer` is set (only on a leader) the transfer timer.
/// - `progress` is non-empty only on a leader, with one entry per peer in `peers` order; `votes`
///   only holds votes of the current term (a pre-candidate's: pre-votes for the next).
#[derive(Clone, Debug)]
pub struct RaftServer {
    id: ServerId,
    /// Every other member of the cluster.
    peers: Vec<ServerId>,
    config: Config,
    /// Draws election timeouts; seeded, so runs are reproducible.
    rng: SeededRng,

    // ---- persistent state (Figure 2) ----
    current_term: Term,
    voted_for: Option<ServerId>,
    log: RaftLog,

    // ---- volatile state ----
    role: Role,
    /// The leader of `current_term`, once known.
    leader_id: Option<ServerId>,
    commit_index: LogIndex,
    last_applied: LogIndex,
    timers: TimerTable,
    /// When the running election timer was (re)started.
    election_started_at: Time,
    /// Candidate only: who granted a vote in `current_term` (pre-candidate: a pre-vote for
    /// `current_term + 1`).
    votes: VoteTally,
    /// Leader only: each peer's replication state, in `peers` order.
    progress: Vec<Progress>,
    /// Leader only: the leadership transfer in progress, if any.
    transfer: Option<leadership_transfer::Transfer>,

    // ---- outputs ----
    /// The hard state last handed out by `ready` (or loaded at start): what the caller has.
    hard_state_in_ready: HardState,
    /// Messages waiting for the next `ready`.
    outbox: Vec<Message>,
    /// Reused buffer for the commit computation (no allocation per reply).
    match_scratch: Vec<LogIndex>,
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
        assert!(
            members.contains(&id),
            "raft: S{id} is not one of the members {members:?}"
        );
        assert!(
            config.election_timeout_us_min <= config.election_timeout_us_max,
            "raft: election timeout minimum above maximum"
        );
        let mut peers: Vec<ServerId> = members.iter().copied().filter(|&m| m != id).collect();
        sort_small(&mut peers);
        peers.dedup();
        let hard_state = persisted.hard_state;
        // Broken rule (unsafe): a restarted server forgets its vote; the next `Ready` persists
        // the forgotten vote.
        let voted_for = match config.unsafe_rules.forget_vote_on_restart {
            true => None,
            false => hard_state.voted_for,
        };
        let mut server = RaftServer {
            id,
            match_scratch: Vec::with_capacity(peers.len() + 1),
            peers,
            config,
            rng: SeededRng::new(seed),
            current_term: hard_state.current_term,
            voted_for,
            log: RaftLog::from_persisted(persisted.log),
            role: Role::Follower,
            leader_id: None,
            commit_index: 0,
            last_applied: 0,
            timers: TimerTable::default(),
            election_started_at: now,
            votes: VoteTally::default(),
            progress: Vec::new(),
            transfer: None,
            hard_state_in_ready: hard_state,
            outbox: Vec::new(),
        };
        server.reset_election_timer(now);
        server
    }

    // ---- getters ----

    /// This server's id.
    pub fn id(&self) -> ServerId {
        self.id
    }
    /// Current role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// Current term.
    pub fn current_term(&self) -> Term {
        self.current_term
    }
    /// Vote cast in the current term.
    pub fn voted_for(&self) -> Option<ServerId> {
        self.voted_for
    }
    /// The leader of the current term, if known.
    pub fn leader_id(&self) -> Option<ServerId> {
        self.leader_id
    }
    /// Highest index known to be committed.
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    /// Highest index handed out in `Ready::committed` since this server (re)started.
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }
    /// The whole log; `log()[i]` has index `i + 1`.
    pub fn log(&self) -> &[Entry] {
        self.log.entries()
    }
    /// Index of the last log entry (0 if empty).
    pub fn last_log_index(&self) -> LogIndex {
        self.log.last_index()
    }
    /// Term of the last log entry (0 if empty).
    pub fn last_log_term(&self) -> Term {
        self.log.last_term()
    }
    /// The running election timer as `(started_at, fires_at)`; `None` on a leader.
    pub fn election_timer(&self) -> Option<(Time, Time)> {
        self.timers
            .get(Timer::Election)
            .map(|fires_at| (self.election_started_at, fires_at))
    }
    /// For a candidate, the servers that granted it their vote in its current term (itself
    /// included), in the order the votes arrived; for a pre-candidate, its pre-votes for the
    /// next term; nothing for the others.
    pub fn votes_received(&self) -> &[ServerId] {
        if matches!(self.role, Role::Candidate | Role::PreCandidate) {
            self.votes.voters()
        } else {
            &[]
        }
    }
    /// For a leader, what it knows of each follower (`nextIndex`, `matchIndex`, probing or
    /// streaming), in id order; nothing otherwise.
    pub fn followers(&self) -> impl Iterator<Item = FollowerProgress> + '_ {
        self.progress.iter().map(Progress::to_public)
    }
    /// The settings this server runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The other members of the cluster, in increasing id order.
    pub fn peers(&self) -> &[ServerId] {
        &self.peers
    }
    /// The safety rules this server breaks (unsafe, for teaching); all off by default.
    pub fn unsafe_rules(&self) -> UnsafeRules {
        self.config.unsafe_rules
    }

    // ---- inputs ----

    /// The earliest time at which `handle_timeout` has something to do.
    #[must_use]
    pub fn next_deadline(&self) -> Time {
        self.timers.next_deadline().unwrap_or(Time::MAX)
    }
    /// Fires every timer due at `now` (election timeout, heartbeat, quorum check, the end of a
    /// leadership transfer).
    pub fn handle_timeout(&mut self, now: Time) {
        if self.timers.is_expired(Timer::Election, now) {
            self.election_timeout(now);
        }
        if self.timers.is_expired(Timer::Heartbeat, now) {
            self.broadcast_heartbeat(now);
        }
        if self.timers.is_expired(Timer::QuorumCheck, now) {
            self.check_quorum(now);
        }
        if self.timers.is_expired(Timer::LeadershipTransfer, now) {
            self.end_leadership_transfer();
        }
    }
    /// Handles a message addressed to this server.
    pub fn handle_message(&mut self, message: Message, now: Time) {
        if message.to != self.id {
            return;
        }
        let Message {
            from, term, body, ..
        } = message;
        if term > self.current_term {
            if self.ignores_under_lease(&body, now) {
                return;
            }
            // §5.1: a higher term makes any server a follower of that term. An AppendEntries
            // also names the term's leader. Not a PreVote's term, nor a granted pre-vote's: that
            // term is only proposed.
            let proposed_term = matches!(
                body,
                MessageBody::PreVote { .. } | MessageBody::PreVoteReply { vote_granted: true }
            );
            if !proposed_term {
                let leader = matches!(body, MessageBody::AppendEntries { .. }).then_some(from);
                self.become_follower(term, leader, now);
            }
        } else if self.config.check_quorum && self.role == Role::Leader {
            self.note_heard_from(from, term);
        }
        match body {
            MessageBody::RequestVote {
                last_log_index,
                last_log_term,
                ..
            } => self.handle_request_vote(from, term, last_log_term, last_log_index, now),
            MessageBody::RequestVoteReply { vote_granted } => {
                self.handle_request_vote_reply(from, term, vote_granted, now)
            }
            MessageBody::PreVote {
                last_log_index,
                last_log_term,
            } => self.handle_pre_vote(from, term, last_log_term, last_log_index, now),
            MessageBody::PreVoteReply { vote_granted } => {
                self.handle_pre_vote_reply(from, term, vote_granted, now)
            }
            MessageBody::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => self.handle_append_entries(
                from,
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
                now,
            ),
            MessageBody::AppendEntriesReply {
                success,
                match_index,
                conflict_term,
                conflict_index,
            } => self.handle_append_entries_reply(
                from,
                term,
                success,
                match_index,
                conflict_term,
                conflict_index,
                now,
            ),
            MessageBody::TimeoutNow => self.handle_timeout_now(term, now),
        }
    }
    /// Appends a client command to a leader's log and starts replicating it.
    pub fn propose(&mut self, command: String, now: Time) -> Result<LogIndex, ProposeError> {
        self.propose_command(command.into(), now)
    }
    /// Like [`propose`](Self::propose), for a command the caller built (with the client
    /// request it carries) and may hold on to: the log, messages and storage share it.
    pub fn propose_command(
        &mut self,
        command: Command,
        now: Time,
    ) -> Result<LogIndex, ProposeError> {
        if self.role != Role::Leader {
            return Err(ProposeError::NotLeader {
                leader_hint: self.leader_id,
            });
        }
        if let Some(transfer) = &self.transfer {
            return Err(ProposeError::TransferringLeadership { to: transfer.to });
        }
        let index = self
            .log
            .append(self.current_term, EntryPayload::Command(command));
        for peer in 0..self.progress.len() {
            self.send_append(peer, now, false);
        }
        self.maybe_commit();
        Ok(index)
    }
    /// **Unsafe, for teaching only.** Changes which safety rules this server breaks, from its
    /// next input on. `forget_vote_on_restart` acts only when a server is built by `new`.
    pub fn set_unsafe_rules(&mut self, rules: UnsafeRules) {
        self.config.unsafe_rules = rules;
    }
    /// Starts an election now, as if the election timer had fired ("time out now"). A leader
    /// ignores it.
    pub fn campaign(&mut self, now: Time) {
        if self.role != Role::Leader {
            self.election_timeout(now);
        }
    }

    // ---- outputs ----

    /// Drains what the caller must persist, send and apply, in that order.
    pub fn ready(&mut self) -> Ready {
        let mut ready = Ready::default();
        self.ready_into(&mut ready);
        ready
    }

    /// Like [`ready`](Self::ready), but fills `ready` in place (every field is overwritten) and
    /// reuses the capacity of its vectors: `messages`, `committed` and the entries of
    /// `log_write` (see [`PersistentState::persist_draining`]), so a caller that drains them and
    /// passes the same `Ready` again allocates nothing for them.
    ///
    /// [`PersistentState::persist_draining`]: crate::PersistentState::persist_draining
    pub fn ready_into(&mut self, ready: &mut Ready) {
        let hard_state = HardState {
            current_term: self.current_term,
            voted_for: self.voted_for,
        };
        let hard_state_changed = hard_state != self.hard_state_in_ready;
        self.hard_state_in_ready = hard_state;
        ready.hard_state = hard_state_changed.then_some(hard_state);
        let recycled = ready.log_write.take().map(|write| write.entries);
        ready.log_write = self.log.take_write_recycling(recycled);
        ready.messages.clear();
        std::mem::swap(&mut ready.messages, &mut self.outbox);
        ready.committed.clear();
        if self.commit_index > self.last_applied {
            ready
                .committed
                .extend_from_slice(self.log.slice(self.last_applied + 1, self.commit_index));
            self.last_applied = self.commit_index;
        }
    }

    // ---- shared transitions and helpers ----

    /// Becomes a follower in `term` (adopting it and forgetting the vote if it is newer), with
    /// `leader` as the known leader. A leader stepping down starts an election timer; a
    /// candidate or follower keeps the one it has (Figure 2 resets it only on the events listed
    /// in `reset_election_timer`).
    pub(crate) fn become_follower(&mut self, term: Term, leader: Option<ServerId>, now: Time) {
        debug_assert!(term >= self.current_term);
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None;
        }
        let was_leader = self.role == Role::Leader;
        self.role = Role::Follower;
        self.leader_id = leader;
        self.votes.clear();
        self.progress.clear();
        self.transfer = None;
        self.timers.stop(Timer::Heartbeat);
        self.timers.stop(Timer::QuorumCheck);
        self.timers.stop(Timer::LeadershipTransfer);
        if was_leader {
            self.reset_election_timer(now);
        }
    }

    /// Restarts the election timer with a fresh random timeout. Called on start, when granting
    /// a vote, on AppendEntries from the current leader and on becoming a candidate (§5.2).
    pub(crate) fn reset_election_timer(&mut self, now: Time) {
        let timeout = self.rng.in_range(
            self.config.election_timeout_us_min,
            self.config.election_timeout_us_max,
        );
        self.election_started_at = now;
        self.timers
            .set(Timer::Election, now.saturating_add(timeout));
    }

    /// True while this server believes a leader is alive: it is the leader, or a follower that
    /// heard from its leader less than `election_timeout_us_min` ago. PreVote refuses, and
    /// CheckQuorum's lease ignores, elections during that time.
    pub(crate) fn hears_from_a_leader(&self, now: Time) -> bool {
        match self.role {
            Role::Leader => true,
            Role::Follower => {
                self.leader_id.is_some()
                    && now
                        < self
                            .election_started_at
                            .saturating_add(self.config.election_timeout_us_min)
            }
            Role::PreCandidate | Role::Candidate => false,
        }
    }

    /// Number of servers that make a majority of the cluster.
    pub(crate) fn quorum(&self) -> usize {
        let members = self.peers.len() + 1;
        members / 2 + 1
    }

    /// Queues a message to `to` in the current term.
    pub(crate) fn send(&mut self, to: ServerId, body: MessageBody) {
        self.send_in_term(to, self.current_term, body);
    }

    /// Queues a message to `to` carrying `term` (PreVote: a term only proposed).
    pub(crate) fn send_in_term(&mut self, to: ServerId, term: Term, body: MessageBody) {
        self.outbox.push(Message {
            from: self.id,
            to,
            term,
            body,
        });
    }
}
