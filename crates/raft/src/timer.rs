//! The server's timers: an enum plus a table of deadlines; the next deadline is the minimum.

use crate::types::Time;

/// A timer a server may have running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// Followers and candidates: start an election when it fires (§5.2).
    Election = 0,
    /// Leaders: send heartbeats when it fires.
    Heartbeat = 1,
    /// Leaders with CheckQuorum: step down unless a majority was heard from since the last
    /// check.
    QuorumCheck = 2,
}

/// The deadline of each timer, `None` when it is stopped.
///
/// Invariant (kept by `RaftServer`): `Election` runs on followers, pre-candidates and
/// candidates and nothing else does; `Heartbeat` runs on leaders, with `QuorumCheck` beside it
/// when CheckQuorum is on.
#[derive(Clone, Debug, Default)]
pub(crate) struct TimerTable {
    deadlines: [Option<Time>; 3],
}

impl TimerTable {
    /// Starts (or restarts) `timer` to fire at `deadline`.
    pub(crate) fn set(&mut self, timer: Timer, deadline: Time) {
        self.deadlines[timer as usize] = Some(deadline);
    }

    /// Stops `timer`.
    pub(crate) fn stop(&mut self, timer: Timer) {
        self.deadlines[timer as usize] = None;
    }

    /// When `timer` fires, if it runs.
    pub(crate) fn get(&self, timer: Timer) -> Option<Time> {
        self.deadlines[timer as usize]
    }

    /// True if `timer` runs and its deadline is at or before `now`.
    pub(crate) fn is_expired(&self, timer: Timer, now: Time) -> bool {
        self.get(timer).is_some_and(|deadline| deadline <= now)
    }

    /// The earliest deadline of all running timers.
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        self.deadlines.iter().flatten().copied().min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_deadline_is_the_minimum_of_running_timers() {
        let mut timers = TimerTable::default();
        assert_eq!(timers.next_deadline(), None);
        timers.set(Timer::Heartbeat, 50);
        timers.set(Timer::Election, 30);
        assert_eq!(timers.next_deadline(), Some(30));
        timers.stop(Timer::Election);
        assert_eq!(timers.next_deadline(), Some(50));
        assert!(timers.is_expired(Timer::Heartbeat, 50));
        assert!(!timers.is_expired(Timer::Heartbeat, 49));
        assert!(!timers.is_expired(Timer::Election, 1000));
    }
}
