//! Leadership transfer (dissertation §3.10; etcd raft's `MsgTransferLeader` and `MsgTimeoutNow`):
//! a leader stops taking commands, brings the follower it chose up to date and sends it a
//! TimeoutNow. The follower starts an election at once, without PreVote and past CheckQuorum's
//! lease, and wins it because its log is as up to date as the leader's. A transfer that has not
//! ended within the longest election timeout is given up, and the leader takes commands again.

use super::RaftServer;
use crate::message::MessageBody;
use crate::timer::Timer;
use crate::types::{Role, ServerId, Term, Time};

/// A leader's transfer in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Transfer {
    /// The server leadership goes to.
    pub(crate) to: ServerId,
    /// True once the TimeoutNow is sent (at most once per transfer).
    pub(crate) timeout_now_sent: bool,
}

/// Why a leadership transfer could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferError {
    /// Only a leader hands leadership over; `leader_hint` is the leader this server believes in.
    NotLeader {
        /// The leader this server believes in, if any.
        leader_hint: Option<ServerId>,
    },
    /// The target is this leader itself.
    AlreadyLeader,
    /// The target is not a member of the cluster.
    NotAMember {
        /// The server asked for.
        to: ServerId,
    },
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransferError::NotLeader {
                leader_hint: Some(id),
            } => write!(f, "raft: only the leader hands leadership over (try S{id})"),
            TransferError::NotLeader { leader_hint: None } => write!(
                f,
                "raft: only the leader hands leadership over, and no leader is known"
            ),
            TransferError::AlreadyLeader => write!(f, "raft: this server already leads"),
            TransferError::NotAMember { to } => {
                write!(f, "raft: S{to} is not a member of the cluster")
            }
        }
    }
}

impl std::error::Error for TransferError {}

impl RaftServer {
    /// Leader: hands leadership over to the follower `to`. From now until the transfer ends, the
    /// leader refuses commands ([`ProposeError::TransferringLeadership`]); it sends `to` whatever
    /// `to` lacks of its log, then a TimeoutNow. The transfer ends when this server stops leading
    /// (normally because `to` won an election of a later term), or after the longest election
    /// timeout. Asking again for the same server changes nothing; asking for another one replaces
    /// the transfer in progress.
    ///
    /// [`ProposeError::TransferringLeadership`]: crate::ProposeError::TransferringLeadership
    pub fn transfer_leadership(&mut self, to: ServerId, now: Time) -> Result<(), TransferError> {
        if self.role != Role::Leader {
            return Err(TransferError::NotLeader {
                leader_hint: self.leader_id,
            });
        }
        if to == self.id {
            return Err(TransferError::AlreadyLeader);
        }
        let Some(peer) = self.progress.iter().position(|progress| progress.id == to) else {
            return Err(TransferError::NotAMember { to });
        };
        if self.transfer.is_some_and(|transfer| transfer.to == to) {
            return Ok(());
        }
        self.transfer = Some(Transfer {
            to,
            timeout_now_sent: false,
        });
        let give_up_at = now.saturating_add(self.config.election_timeout_us_max.max(1));
        self.timers.set(Timer::LeadershipTransfer, give_up_at);
        if !self.hand_over_if_caught_up(peer) {
            self.send_append(peer, now, false);
        }
        Ok(())
    }

    /// The server a leadership transfer in progress hands leadership to, if any.
    pub fn leadership_transfer(&self) -> Option<ServerId> {
        self.transfer.map(|transfer| transfer.to)
    }

    /// Leader with a transfer in progress: if `peer` is its target and its log matches the
    /// whole of ours, sends it the TimeoutNow (once). Returns true if the TimeoutNow has been
    /// sent.
    pub(crate) fn hand_over_if_caught_up(&mut self, peer: usize) -> bool {
        let Some(transfer) = self.transfer else {
            return false;
        };
        let progress = &self.progress[peer];
        if progress.id != transfer.to {
            return false;
        }
        if !transfer.timeout_now_sent && progress.match_index == self.log.last_index() {
            self.transfer = Some(Transfer {
                timeout_now_sent: true,
                ..transfer
            });
            self.send(transfer.to, MessageBody::TimeoutNow);
            return true;
        }
        transfer.timeout_now_sent
    }

    /// The transfer timer fired: the transfer did not end in time (the target may be crashed
    /// or cut off, or its election failed); keep leading and take commands again.
    pub(crate) fn end_leadership_transfer(&mut self) {
        self.transfer = None;
        self.timers.stop(Timer::LeadershipTransfer);
    }

    /// A TimeoutNow from the leader of `term`: a follower (or a pre-candidate) of that term
    /// starts an election at once. A stale one, or one reaching a candidate or a leader, is
    /// ignored.
    pub(crate) fn handle_timeout_now(&mut self, term: Term, now: Time) {
        if term == self.current_term && matches!(self.role, Role::Follower | Role::PreCandidate) {
            self.start_election(true, now);
        }
    }
}
