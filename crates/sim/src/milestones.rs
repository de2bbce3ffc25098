//! Which trace events are milestones: what a person follows a run by (elections, new leaders,
//! commits, crashes, requests and answers, faults and actions), as opposed to the message
//! traffic and heartbeats between them. The trace keeps the latest ones for the page's event
//! list.

use crate::trace::{DropReason, TraceEvent};
use raft_core::{LogIndex, Role, ServerId};

impl TraceEvent {
    /// True for the events of a run's story; false for sends, deliveries, drops by the network,
    /// duplicates, applies and a leader's heartbeat timer.
    #[inline(always)]
    pub fn is_milestone(&self) -> bool {
        match *self {
            TraceEvent::Send { .. }
            | TraceEvent::Deliver { .. }
            | TraceEvent::Duplicate { .. }
            | TraceEvent::Apply { .. } => false,
            TraceEvent::Drop { reason, .. } => reason == DropReason::DroppedByUser,
            TraceEvent::Timeout { role, .. } => role != Role::Leader,
            TraceEvent::TimeoutNow { .. }
            | TraceEvent::RoleChange { .. }
            | TraceEvent::QuorumLost { .. }
            | TraceEvent::PreElection { .. }
            | TraceEvent::Commit { .. }
            | TraceEvent::Crash { .. }
            | TraceEvent::Restart { .. }
            | TraceEvent::ClientRequest { .. }
            | TraceEvent::Propose { .. }
            | TraceEvent::ClientRetry { .. }
            | TraceEvent::ClientReply { .. }
            | TraceEvent::Partition { .. }
            | TraceEvent::Heal { .. }
            | TraceEvent::Cut { .. }
            | TraceEvent::Repair { .. }
            | TraceEvent::NetworkChange { .. }
            | TraceEvent::Violation { .. }
            | TraceEvent::BrokenRulesChange { .. }
            | TraceEvent::ExtensionsChange { .. }
            | TraceEvent::TransferLeadership { .. }
            | TraceEvent::TransferGivenUp { .. } => true,
        }
    }

    /// The servers the event is about (the page's event list filters by them); none for what
    /// concerns the whole cluster or only the client (a partition, a network change, broken
    /// rules, a new request). The client (0) is never listed.
    pub fn servers(&self) -> [Option<ServerId>; 2] {
        let server = |id: ServerId| (id != crate::CLIENT).then_some(id);
        match *self {
            TraceEvent::Send { from, to, .. }
            | TraceEvent::Deliver { from, to, .. }
            | TraceEvent::Drop { from, to, .. }
            | TraceEvent::Duplicate { from, to, .. }
            | TraceEvent::Cut { from, to, .. }
            | TraceEvent::Repair { from, to, .. } => [server(from), server(to)],
            TraceEvent::TransferLeadership { leader, to, .. }
            | TraceEvent::TransferGivenUp { leader, to, .. } => [server(leader), server(to)],
            TraceEvent::Timeout { server: id, .. }
            | TraceEvent::TimeoutNow { server: id, .. }
            | TraceEvent::RoleChange { server: id, .. }
            | TraceEvent::QuorumLost { server: id, .. }
            | TraceEvent::PreElection { server: id, .. }
            | TraceEvent::Commit { server: id, .. }
            | TraceEvent::Apply { server: id, .. }
            | TraceEvent::Crash { server: id, .. }
            | TraceEvent::Restart { server: id, .. }
            | TraceEvent::Propose { server: id, .. }
            | TraceEvent::Violation { server: id, .. }
            | TraceEvent::ClientRetry { to: id, .. }
            | TraceEvent::ClientReply { from: id, .. } => [server(id), None],
            TraceEvent::ClientRequest { .. }
            | TraceEvent::Partition { .. }
            | TraceEvent::Heal { .. }
            | TraceEvent::NetworkChange { .. }
            | TraceEvent::BrokenRulesChange { .. }
            | TraceEvent::ExtensionsChange { .. } => [None, None],
        }
    }

    /// The log index a milestone is about, for the page to point at in the log grid: the index
    /// committed up to, or a new entry's. `None` for the others.
    pub fn log_index(&self) -> Option<LogIndex> {
        match *self {
            TraceEvent::Commit { index, .. } | TraceEvent::Propose { index, .. } => Some(index),
            _ => None,
        }
    }

    /// A follower learning the commit index from its leader: the event list can hide these,
    /// which come once per follower for each commit.
    pub fn is_follower_commit(&self) -> bool {
        matches!(
            self,
            TraceEvent::Commit {
                by_leader: false,
                ..
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::network::MessageKind;
    use crate::trace::{DropReason, Trace, TraceEvent, MILESTONES_KEPT};
    use raft_core::Role;

    fn timeout(time: u64, role: Role) -> TraceEvent {
        TraceEvent::Timeout {
            time,
            server: 2,
            role,
            term: 3,
        }
    }

    fn drop(time: u64, reason: DropReason) -> TraceEvent {
        TraceEvent::Drop {
            time,
            message: 9,
            from: 1,
            to: 2,
            kind: MessageKind::AppendEntries,
            reason,
        }
    }

    #[test]
    fn elections_are_milestones_and_heartbeats_and_network_losses_are_not() {
        assert!(timeout(1, Role::Follower).is_milestone());
        assert!(timeout(1, Role::Candidate).is_milestone());
        assert!(!timeout(1, Role::Leader).is_milestone());
        assert!(drop(1, DropReason::DroppedByUser).is_milestone());
        assert!(!drop(1, DropReason::Lost).is_milestone());
        assert!(TraceEvent::Crash { time: 1, server: 1 }.is_milestone());
    }

    #[test]
    fn a_leader_commits_and_a_follower_learns_in_the_event_list() {
        let commit = |by_leader| TraceEvent::Commit {
            time: 5,
            server: 3,
            index: 7,
            by_leader,
        };
        assert_eq!(
            commit(true).describe(),
            "S3 commits the entries up to index 7: a majority of the servers store them"
        );
        assert_eq!(
            commit(false).describe(),
            "S3 learns that entries up to index 7 are committed"
        );
        assert_eq!(commit(true).log_index(), Some(7));
        assert_eq!(timeout(1, Role::Follower).log_index(), None);
        // Who decided follows from the role changes: it is not hashed.
        let hash = |by_leader| {
            let mut trace = Trace::new(1);
            trace.record(commit(by_leader));
            trace.hash()
        };
        assert_eq!(hash(true), hash(false));
    }

    #[test]
    fn names_the_servers_an_event_is_about_never_the_client() {
        assert_eq!(timeout(1, Role::Follower).servers(), [Some(2), None]);
        assert_eq!(
            drop(1, DropReason::DroppedByUser).servers(),
            [Some(1), Some(2)]
        );
        let reply = TraceEvent::ClientReply {
            time: 1,
            request: 4,
            from: 3,
            latency: 10,
        };
        assert_eq!(reply.servers(), [Some(3), None]);
        let request = TraceEvent::ClientRequest {
            time: 1,
            request: 4,
        };
        assert_eq!(request.servers(), [None, None]);
        let to_client = TraceEvent::Drop {
            time: 1,
            message: 9,
            from: 1,
            to: 0,
            kind: MessageKind::ClientReply,
            reason: DropReason::DroppedByUser,
        };
        assert_eq!(to_client.servers(), [Some(1), None]);
    }

    #[test]
    fn the_trace_keeps_the_latest_milestones_numbered_from_the_first() {
        let mut trace = Trace::new(4);
        trace.record(timeout(1, Role::Leader));
        assert_eq!(trace.milestone_total(), 0);
        for time in 0..(MILESTONES_KEPT as u64 + 5) {
            trace.record(timeout(time, Role::Follower));
            trace.record(drop(time, DropReason::Lost));
        }
        assert_eq!(trace.milestone_total(), MILESTONES_KEPT as u64 + 5);
        let kept: Vec<(u64, u64)> = trace
            .milestones()
            .map(|(number, event)| (number, event.time()))
            .collect();
        assert_eq!(kept.len(), MILESTONES_KEPT);
        assert_eq!(kept[0], (6, 5), "the first five are forgotten");
        assert_eq!(
            kept.last(),
            Some(&(MILESTONES_KEPT as u64 + 5, MILESTONES_KEPT as u64 + 4))
        );
        // Recent events are kept as before: every kind, the last four.
        assert_eq!(trace.recent().count(), 4);
    }
}
