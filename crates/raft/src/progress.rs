//! A leader's view of one follower's log and the flow control of what it sends there (as etcd
//! raft's `Progress`): probe one message at a time until the follower's log matches, then
//! replicate with several messages in flight.

use std::collections::VecDeque;

use crate::types::{LogIndex, ServerId, Time};

/// How the leader sends entries to a follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReplicationState {
    /// The leader does not know where the follower's log matches: it sends one AppendEntries at
    /// `next_index - 1` and waits for the reply (or a heartbeat interval) before sending again.
    Probe,
    /// The follower's log matches at `match_index`: the leader streams entries, advancing
    /// `next_index` as it sends, with at most `max_inflight_messages` unacknowledged messages.
    Replicate,
}

/// What a leader knows of one follower, to show: Figure 2's `nextIndex` and `matchIndex`, and
/// how it sends entries there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowerProgress {
    /// The follower.
    pub id: ServerId,
    /// Index of the next entry to send (Figure 2 `nextIndex`).
    pub next_index: LogIndex,
    /// Highest index known to match the leader's log (Figure 2 `matchIndex`).
    pub match_index: LogIndex,
    /// True while the leader probes for where the logs match, one AppendEntries at a time;
    /// false while it streams entries with several messages in flight.
    pub probing: bool,
    /// Unacknowledged AppendEntries carrying entries (0 while probing).
    pub inflight: usize,
}

/// One follower's replication state on the leader. Rebuilt at each election.
///
/// Invariants: `match_index < next_index`; `match_index` never decreases within a term. In
/// `Replicate`, `inflight` holds the last index carried by each unacknowledged AppendEntries with
/// entries, strictly increasing, all above `match_index`, and the newest is `next_index - 1`
/// (so an empty `inflight` means `match_index == next_index - 1`). In `Probe`, `inflight` is
/// empty.
#[derive(Clone, Debug)]
pub(crate) struct Progress {
    /// The follower.
    pub(crate) id: ServerId,
    /// Index of the next entry to send (Figure 2 `nextIndex`).
    pub(crate) next_index: LogIndex,
    /// Highest index known to match the leader's log (Figure 2 `matchIndex`).
    pub(crate) match_index: LogIndex,
    /// How entries are sent.
    pub(crate) state: ReplicationState,
    /// In `Probe`: a probe is outstanding (no reply yet); no further probe until a reply or the
    /// next heartbeat.
    pub(crate) probe_sent: bool,
    /// In `Replicate`: `(last index carried, sent at)` of each unacknowledged AppendEntries with
    /// entries, oldest first.
    inflight: VecDeque<(LogIndex, Time)>,
    /// CheckQuorum: a message of the current term came from the follower since the last
    /// quorum check.
    pub(crate) recently_heard: bool,
}

impl Progress {
    /// A follower about which the new leader knows nothing yet (Figure 2: `nextIndex` = leader's
    /// last index + 1, `matchIndex` = 0).
    pub(crate) fn new(id: ServerId, next_index: LogIndex, max_inflight: usize) -> Progress {
        Progress {
            id,
            next_index,
            match_index: 0,
            state: ReplicationState::Probe,
            probe_sent: false,
            inflight: VecDeque::with_capacity(max_inflight),
            recently_heard: false,
        }
    }

    /// Starts probing at `next_index` (clamped to stay above `match_index`).
    pub(crate) fn become_probe(&mut self, next_index: LogIndex) {
        self.state = ReplicationState::Probe;
        self.next_index = next_index.max(self.match_index + 1);
        self.probe_sent = false;
        self.inflight.clear();
    }

    /// Starts streaming right after `match_index`.
    fn become_replicate(&mut self) {
        self.state = ReplicationState::Replicate;
        self.next_index = self.match_index + 1;
        self.probe_sent = false;
        self.inflight.clear();
    }

    /// What the leader knows of this follower, to show.
    pub(crate) fn to_public(&self) -> FollowerProgress {
        FollowerProgress {
            id: self.id,
            next_index: self.next_index,
            match_index: self.match_index,
            probing: self.state == ReplicationState::Probe,
            inflight: self.inflight.len(),
        }
    }

    /// Number of unacknowledged AppendEntries with entries.
    pub(crate) fn inflight_count(&self) -> usize {
        self.inflight.len()
    }

    /// True if the oldest unacknowledged message has waited at least `patience` by `now` (it
    /// or its reply was probably lost).
    pub(crate) fn is_inflight_stalled(&self, now: Time, patience: Time) -> bool {
        self.inflight
            .front()
            .is_some_and(|&(_, sent_at)| sent_at.saturating_add(patience) <= now)
    }

    /// Records that an AppendEntries carrying entries up to `last_index` went out at `now` in
    /// `Replicate` (optimistically advancing `next_index`).
    pub(crate) fn record_sent(&mut self, last_index: LogIndex, now: Time) {
        debug_assert_eq!(self.state, ReplicationState::Replicate);
        debug_assert!(last_index >= self.next_index);
        self.inflight.push_back((last_index, now));
        self.next_index = last_index + 1;
    }

    /// Handles a successful reply saying the follower's log matches up to `matched`. Returns true
    /// if `match_index` advanced. Duplicated or reordered replies are harmless: `match_index`
    /// only grows and `next_index` never falls to or below it.
    pub(crate) fn on_success(&mut self, matched: LogIndex) -> bool {
        let advanced = matched > self.match_index;
        if advanced {
            self.match_index = matched;
        }
        match self.state {
            ReplicationState::Probe => {
                // The reply proves a match at or beyond the probe point: stream from there.
                if matched + 1 >= self.next_index {
                    self.become_replicate();
                }
            }
            ReplicationState::Replicate => {
                while self
                    .inflight
                    .front()
                    .is_some_and(|&(last, _)| last <= self.match_index)
                {
                    self.inflight.pop_front();
                }
                self.next_index = self.next_index.max(self.match_index + 1);
            }
        }
        advanced
    }

    /// True if a rejection of an AppendEntries sent at `prev_log_index` is stale: it concerns a
    /// point already known to match, or (while probing) a probe other than the current one.
    pub(crate) fn is_stale_rejection(&self, prev_log_index: LogIndex) -> bool {
        prev_log_index <= self.match_index
            || (self.state == ReplicationState::Probe && prev_log_index + 1 != self.next_index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_in_probe_switches_to_replicate_after_match() {
        let mut progress = Progress::new(2, 11, 4);
        assert!(progress.on_success(10));
        assert_eq!(progress.state, ReplicationState::Replicate);
        assert_eq!((progress.next_index, progress.match_index), (11, 10));
    }

    #[test]
    fn stale_success_in_probe_keeps_probing() {
        let mut progress = Progress::new(2, 11, 4);
        progress.probe_sent = true;
        assert!(progress.on_success(5));
        assert_eq!(progress.state, ReplicationState::Probe);
        assert_eq!((progress.next_index, progress.match_index), (11, 5));
        assert!(progress.probe_sent, "still waiting for the current probe");
    }

    #[test]
    fn replicate_frees_only_covered_inflight_slots() {
        let mut progress = Progress::new(2, 1, 4);
        progress.on_success(0);
        assert_eq!(progress.state, ReplicationState::Replicate);
        progress.record_sent(3, 10);
        progress.record_sent(6, 20);
        progress.record_sent(9, 30);
        assert_eq!(progress.inflight_count(), 3);
        assert_eq!(progress.next_index, 10);
        progress.on_success(5);
        assert_eq!(
            progress.inflight_count(),
            2,
            "slot up to 3 freed, up to 6 not yet"
        );
        // A duplicated older reply changes nothing.
        assert!(!progress.on_success(3));
        assert_eq!((progress.inflight_count(), progress.match_index), (2, 5));
        progress.on_success(9);
        assert_eq!((progress.inflight_count(), progress.next_index), (0, 10));
    }

    #[test]
    fn stale_rejections_are_recognised() {
        let mut progress = Progress::new(2, 11, 4);
        progress.match_index = 4;
        // Probe at 10: only a rejection of prev_log_index 10 counts.
        assert!(!progress.is_stale_rejection(10));
        assert!(progress.is_stale_rejection(12));
        assert!(progress.is_stale_rejection(7));
        assert!(progress.is_stale_rejection(4));
        progress.state = ReplicationState::Replicate;
        assert!(!progress.is_stale_rejection(7));
        assert!(progress.is_stale_rejection(4), "at or below match_index");
    }

    #[test]
    fn become_probe_never_goes_to_or_below_match() {
        let mut progress = Progress::new(2, 11, 4);
        progress.match_index = 6;
        progress.become_probe(3);
        assert_eq!(progress.next_index, 7);
    }
}
