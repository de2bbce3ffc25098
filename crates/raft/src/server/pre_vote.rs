//! PreVote (dissertation §9.6; etcd raft's `preVote`): before raising its term, a server whose
//! election timer fired asks the others whether they would vote for it. They answer without
//! changing their own term or vote, and refuse while they hear from a leader. Only with a
//! majority of such pre-votes does the server start a real election, so a server cut off from
//! the majority, or with a stale log, never inflates the cluster's term.

use super::RaftServer;
use crate::message::MessageBody;
use crate::types::{LogIndex, Role, ServerId, Term, Time};

impl RaftServer {
    /// Switches PreVote on or off from now on. A pre-candidate switched off goes straight on to
    /// a real election at its next timeout.
    pub fn set_pre_vote(&mut self, on: bool) {
        self.config.pre_vote = on;
    }

    /// The election timer fired (or "time out now"): with PreVote, ask for pre-votes first;
    /// without, start the election at once.
    pub(crate) fn election_timeout(&mut self, now: Time) {
        if self.config.pre_vote {
            self.start_pre_election(now);
        } else {
            self.start_election(false, now);
        }
    }

    /// Becomes a pre-candidate: keeps its term and vote, forgets the leader (so that its own
    /// lease does not make it refuse the others' pre-votes), and asks every peer whether it
    /// would vote for it in `current_term + 1`. A single-server cluster goes on at once.
    fn start_pre_election(&mut self, now: Time) {
        if self.open_campaign(Role::PreCandidate, now) {
            self.start_election(false, now);
            return;
        }
        let (last_log_index, last_log_term) = (self.log.last_index(), self.log.last_term());
        self.ask_every_peer(
            self.current_term + 1,
            MessageBody::PreVote {
                last_log_index,
                last_log_term,
            },
        );
    }

    /// Answers a PreVote for `term` without changing term, vote or timer. Granted only if
    /// `term` is later than ours, the pre-candidate's log is at least as up to date as ours
    /// (§5.4.1, unless the unsafe `vote_without_log_check` rule is broken), and we have not
    /// heard from a leader within the minimum election timeout (a leader refuses too).
    pub(crate) fn handle_pre_vote(
        &mut self,
        from: ServerId,
        term: Term,
        last_log_term: Term,
        last_log_index: LogIndex,
        now: Time,
    ) {
        let granted = term > self.current_term
            && !self.hears_from_a_leader(now)
            && self.candidate_log_is_up_to_date(last_log_term, last_log_index);
        let reply_term = if granted { term } else { self.current_term };
        self.send_in_term(
            from,
            reply_term,
            MessageBody::PreVoteReply {
                vote_granted: granted,
            },
        );
    }

    /// Counts a pre-vote for `current_term + 1`; a majority starts the real election. A refusal
    /// of a later term has already made this server a follower of that term (the caller's
    /// §5.1 rule).
    pub(crate) fn handle_pre_vote_reply(
        &mut self,
        voter: ServerId,
        term: Term,
        vote_granted: bool,
        now: Time,
    ) {
        if self.role != Role::PreCandidate
            || term != self.current_term + 1
            || !vote_granted
            || !self.peers.contains(&voter)
        {
            return;
        }
        self.votes.record(voter);
        if self.votes.count() >= self.quorum() {
            self.start_election(false, now);
        }
    }
}
