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
    /// Leaders handing leadership over: give up the transfer when it fires.
    LeadershipTransfer = 3,
}

/// The deadline of each timer; `Time::MAX` when it is stopped (a deadline never reached), so the
/// next deadline is a branch-free minimum.
///
/// Invariant (kept by `RaftServer`): `Election` runs on followers, pre-candidates and
/// candidates and nothing else does; `Heartbeat` runs on leaders, with `QuorumCheck` beside it
/// when CheckQuorum is on and `LeadershipTransfer` while a transfer is in progress.
#[derive(Clone, Debug)]
pub(crate) struct TimerTable {
    deadlines: [Time; 4],
}

impl Default for TimerTable {
    fn default() -> Self {
        TimerTable {
            deadlines: [STOPPED; 4],
        }
    }
}

/// The deadline of a stopped timer.
const STOPPED: Time = Time::MAX;

impl TimerTable {
    /// Starts (or restarts) `timer` to fire at `deadline` (at most `Time::MAX - 1`).
    pub(crate) fn set(&mut self, timer: Timer, deadline: Time) {
        self.deadlines[timer as usize] = deadline.min(STOPPED - 1);
    }

    /// Stops `timer`.
    pub(crate) fn stop(&mut self, timer: Timer) {
        self.deadlines[timer as usize] = STOPPED;
    }

    /// When `timer` fires, if it runs.
    pub(crate) fn get(&self, timer: Timer) -> Option<Time> {
        let deadline = self.deadlines[timer as usize];
        (deadline != STOPPED).then_some(deadline)
    }

    /// True if `timer` runs and its deadline is at or before `now`.
    pub(crate) fn is_expired(&self, timer: Timer, now: Time) -> bool {
        let deadline = self.deadlines[timer as usize];
        deadline != STOPPED && deadline <= now
    }

    /// The earliest deadline of all running timers.
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        let [a, b, c, d] = self.deadlines;
        let earliest = a.min(b).min(c.min(d));
        (earliest != STOPPED).then_some(earliest)
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
