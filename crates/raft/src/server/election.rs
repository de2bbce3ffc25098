//! Leader election (§5.2, §5.4.1): timeouts, RequestVote and its replies, becoming leader.

use super::RaftServer;
use crate::entry::EntryPayload;
use crate::message::MessageBody;
use crate::progress::Progress;
use crate::timer::Timer;
use crate::types::{LogIndex, Role, ServerId, Term, Time};

impl RaftServer {
    /// The election timer fired (or `campaign` was called) without PreVote, a majority granted
    /// pre-votes, or the leader handed leadership over (`leadership_transfer`): become a
    /// candidate of a new term, vote for self and ask every peer for its vote. A single-server
    /// cluster wins at once.
    pub(crate) fn start_election(&mut self, leadership_transfer: bool, now: Time) {
        self.current_term += 1;
        self.voted_for = Some(self.id);
        if self.open_campaign(Role::Candidate, now) {
            self.become_leader(now);
            return;
        }
        let (last_log_index, last_log_term) = (self.log.last_index(), self.log.last_term());
        self.ask_every_peer(
            self.current_term,
            MessageBody::RequestVote {
                last_log_index,
                last_log_term,
                leadership_transfer,
            },
        );
    }

    /// Starts counting (pre-)votes as `role`, a candidate or a pre-candidate: forgets the
    /// leader, counts its own vote and restarts the election timer. Returns true if its own vote
    /// is already a majority (a single-server cluster).
    pub(crate) fn open_campaign(&mut self, role: Role, now: Time) -> bool {
        debug_assert_ne!(self.role, Role::Leader);
        self.role = role;
        self.leader_id = None;
        self.votes.clear();
        self.votes.record(self.id);
        self.reset_election_timer(now);
        self.votes.count() >= self.quorum()
    }

    /// Sends `body` (a RequestVote or a PreVote) in `term` to every peer.
    pub(crate) fn ask_every_peer(&mut self, term: Term, body: MessageBody) {
        for peer in 0..self.peers.len() {
            let to = self.peers[peer];
            self.send_in_term(to, term, body.clone());
        }
    }

    /// The §5.4.1 check, for votes and pre-votes: the candidate's log (its last entry's term
    /// and index) is at least as up to date as ours — or the unsafe `vote_without_log_check`
    /// rule is broken.
    pub(crate) fn candidate_log_is_up_to_date(
        &self,
        last_log_term: Term,
        last_log_index: LogIndex,
    ) -> bool {
        self.config.unsafe_rules.vote_without_log_check
            || self.log.is_up_to_date(last_log_term, last_log_index)
    }

    /// Answers a RequestVote. The caller has already adopted a higher `term`. The vote is
    /// granted at most once per term (`voted_for` is persisted before the reply leaves) and only
    /// to a candidate whose log is at least as up to date as ours (§5.4.1) — unless the
    /// unsafe `vote_without_log_check` rule is broken.
    pub(crate) fn handle_request_vote(
        &mut self,
        candidate: ServerId,
        term: Term,
        last_log_term: Term,
        last_log_index: LogIndex,
        now: Time,
    ) {
        let vote_granted = term == self.current_term
            && self.voted_for.is_none_or(|voted| voted == candidate)
            && self.candidate_log_is_up_to_date(last_log_term, last_log_index);
        if vote_granted {
            self.voted_for = Some(candidate);
            self.reset_election_timer(now);
        }
        // A stale candidate gets our (higher) term back and steps down.
        self.send(candidate, MessageBody::RequestVoteReply { vote_granted });
    }

    /// Counts a vote. Only votes of the current term count, each voter once; a majority makes
    /// this candidate the leader.
    pub(crate) fn handle_request_vote_reply(
        &mut self,
        voter: ServerId,
        term: Term,
        vote_granted: bool,
        now: Time,
    ) {
        if self.role != Role::Candidate || term != self.current_term || !vote_granted {
            return;
        }
        if !self.peers.contains(&voter) {
            return;
        }
        self.votes.record(voter);
        if self.votes.count() >= self.quorum() {
            self.become_leader(now);
        }
    }

    /// Won the election: start heartbeats, reset every follower's progress (Figure 2), append a
    /// no-op entry of the new term (§8) and send it to everyone at once.
    pub(crate) fn become_leader(&mut self, now: Time) {
        debug_assert_eq!(self.role, Role::Candidate);
        self.role = Role::Leader;
        self.leader_id = Some(self.id);
        self.votes.clear();
        self.timers.stop(Timer::Election);
        self.timers.set(
            Timer::Heartbeat,
            now.saturating_add(self.config.heartbeat_interval_us),
        );
        self.arm_quorum_check(now);
        let next_index = self.log.last_index() + 1;
        let max_inflight = self.config.max_inflight_messages.max(1);
        self.progress = self
            .peers
            .iter()
            .map(|&peer| Progress::new(peer, next_index, max_inflight))
            .collect();
        self.log.append(self.current_term, EntryPayload::Noop);
        for peer in 0..self.progress.len() {
            self.send_append(peer, now, false);
        }
        self.maybe_commit();
    }
}
