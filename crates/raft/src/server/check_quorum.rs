//! CheckQuorum and the leader lease (etcd raft's `checkQuorum`; dissertation §6.2 and §4.2.3):
//! a leader that hears from no majority within an election timeout steps down, and a server that
//! heard from its leader that recently ignores a RequestVote of a higher term.

use super::RaftServer;
use crate::message::MessageBody;
use crate::timer::Timer;
use crate::types::{Role, ServerId, Term, Time};

impl RaftServer {
    /// Switches CheckQuorum on or off from now on. A leader switched on starts counting afresh:
    /// its first check is one `election_timeout_us_min` away and counts only followers heard from
    /// after now.
    pub fn set_check_quorum(&mut self, on: bool, now: Time) {
        self.config.check_quorum = on;
        self.timers.stop(Timer::QuorumCheck);
        if on && self.role == Role::Leader {
            for progress in &mut self.progress {
                progress.recently_heard = false;
            }
            self.arm_quorum_check(now);
        }
    }

    /// Leader with CheckQuorum: schedules the next quorum check.
    pub(crate) fn arm_quorum_check(&mut self, now: Time) {
        debug_assert_eq!(self.role, Role::Leader);
        if self.config.check_quorum {
            let at = now.saturating_add(self.config.election_timeout_us_min.max(1));
            self.timers.set(Timer::QuorumCheck, at);
        }
    }

    /// The quorum check fired: stay leader only if a majority (this leader included) was heard
    /// from since the last check; otherwise step down to follower of the same term, with no
    /// known leader, so a leader cut off in a minority stops accepting commands it cannot commit.
    pub(crate) fn check_quorum(&mut self, now: Time) {
        debug_assert_eq!(self.role, Role::Leader);
        let heard = 1 + self
            .progress
            .iter()
            .filter(|progress| progress.recently_heard)
            .count();
        for progress in &mut self.progress {
            progress.recently_heard = false;
        }
        if heard >= self.quorum() {
            self.arm_quorum_check(now);
        } else {
            self.become_follower(self.current_term, None, now);
        }
    }

    /// Leader with CheckQuorum: notes that `from` sent a message of the current term (it is
    /// reachable).
    pub(crate) fn note_heard_from(&mut self, from: ServerId, term: Term) {
        if term != self.current_term {
            return;
        }
        if let Some(progress) = self.progress.iter_mut().find(|p| p.id == from) {
            progress.recently_heard = true;
        }
    }

    /// CheckQuorum's lease, for a message of a higher term than ours: true if this server
    /// ignores it — a RequestVote while it hears from a leader (it is the leader, or heard from
    /// it less than `election_timeout_us_min` ago). Such a candidate cannot win anyway (the
    /// leader still has a majority), so the vote would only disrupt a working cluster. Not when
    /// the leader itself handed leadership to the candidate (a leadership transfer).
    pub(crate) fn ignores_under_lease(&self, body: &MessageBody, now: Time) -> bool {
        self.config.check_quorum
            && matches!(
                body,
                MessageBody::RequestVote {
                    leadership_transfer: false,
                    ..
                }
            )
            && self.hears_from_a_leader(now)
    }
}
