//! A person asks the leader to hand leadership over to a server they choose (dissertation §3.10):
//! the leader catches that server up and sends it a TimeoutNow, and it wins the next term.

use super::Simulation;
use crate::config::SimError;
use crate::trace::TraceEvent;
use raft_core::TransferError;

impl Simulation {
    /// Asks the leader to hand leadership over to server `to`. The leader is the running leader
    /// of the highest term (a stale leader cut off in a minority is not asked). It takes no
    /// commands until the transfer ends: when `to` wins an election, or after the longest
    /// election timeout (then it keeps leading; the trace says it gave up). A crashed or
    /// cut-off `to` is allowed: the leader cannot know, and gives up in time.
    pub fn transfer_leadership(&mut self, to: u32) -> Result<(), SimError> {
        self.index_of(to)?;
        let Some(leader) = self.leader() else {
            return Err(SimError::InvalidAction(
                "no leader to hand leadership over: wait until one is elected".to_string(),
            ));
        };
        let index = self.index_of(leader)?;
        let now = self.now;
        let node = &mut self.nodes[index];
        let server = node.server.as_mut().expect("a leader runs");
        server
            .transfer_leadership(to, now)
            .map_err(|error| match error {
                TransferError::AlreadyLeader => {
                    SimError::InvalidAction(format!("S{to} is already the leader"))
                }
                other => SimError::InvalidAction(other.to_string()),
            })?;
        let term = server.current_term();
        if node.seen_transfer != Some(to) {
            node.seen_transfer = Some(to);
            self.trace.record(TraceEvent::TransferLeadership {
                time: now,
                leader,
                to,
                term,
            });
        }
        self.after_input(index);
        self.settle();
        Ok(())
    }
}
