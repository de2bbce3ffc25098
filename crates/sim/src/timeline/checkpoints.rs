//! Sparse, bounded checkpoints of a run: copies of the simulation every `interval` of virtual
//! time. When there would be more than [`MAX_CHECKPOINTS`], or their estimated size would pass
//! [`CHECKPOINT_BUDGET_BYTES`], every other one is dropped and the interval doubles, so a long
//! run keeps a bounded number spread evenly over its history. A copy grows with the run (every
//! log, the checkers' tables, the client's history), so late in a long run new copies no longer
//! fit and seeking replays more (an hour into a steady load, only copies from the first
//! quarter hour are left).
//! Invariant: checkpoints are in history order (time, events processed and actions applied
//! all non-decreasing), and the first is the start of the run.

use crate::Simulation;
use raft_core::Time;

/// Most checkpoints kept.
pub const MAX_CHECKPOINTS: usize = 48;
/// Virtual time between checkpoints at the start of a run (µs); it doubles on each thinning.
pub const FIRST_INTERVAL_US: Time = 1_000_000;
/// Estimated size all checkpoints together may have (bytes). Small, because the running
/// simulation itself grows with the run: with a client command every 100 ms, it takes most of
/// 64 MB of wasm memory after 1 hour (its vectors' spare capacity included), and memory freed
/// by dropped checkpoints is not always reusable (wasm memory never shrinks). Seeking still
/// takes well under 100 ms in a 10-minute run (`raftplay bench --timeline`).
pub const CHECKPOINT_BUDGET_BYTES: usize = 8 << 20;
/// Estimated bytes of a copy of the simulation per log entry it holds: the entry in each log
/// (commands are shared, not copied), and what grows with it (checker tables, client
/// history). Measured natively on a run with a client command every 100 ms by
/// `cargo run --release -p raft-sim --example copy_size` (a copy of a 1-hour run: 21.2 MB for
/// 360,000 entries).
const BYTES_PER_LOG_ENTRY: usize = 60;
/// Estimated bytes of a copy of the simulation apart from what grows with the log.
const BYTES_PER_COPY: usize = 64 << 10;

/// One saved moment of the run.
#[derive(Clone)]
pub(crate) struct Checkpoint {
    /// The simulation then.
    pub sim: Simulation,
    /// How many recorded actions it had applied.
    pub next_action: usize,
    /// Its estimated size (bytes).
    bytes: usize,
}

impl Checkpoint {
    fn new(sim: &Simulation, next_action: usize) -> Checkpoint {
        Checkpoint {
            sim: sim.clone(),
            next_action,
            bytes: estimated_bytes(sim),
        }
    }
}

/// Estimated size of a copy of `sim` (bytes).
fn estimated_bytes(sim: &Simulation) -> usize {
    BYTES_PER_COPY + BYTES_PER_LOG_ENTRY * log_entries(sim)
}

/// The saved moments of one history.
#[derive(Clone)]
pub(crate) struct Checkpoints {
    list: Vec<Checkpoint>,
    interval: Time,
}

impl Checkpoints {
    /// Starts with the run's first moment.
    pub fn new(start: &Simulation) -> Checkpoints {
        Checkpoints {
            list: vec![Checkpoint::new(start, 0)],
            interval: FIRST_INTERVAL_US,
        }
    }

    /// Virtual time at or after which the next checkpoint is due.
    pub fn next_due(&self) -> Time {
        self.last().sim.now().saturating_add(self.interval)
    }

    /// Saves `sim` if it is at or past [`next_due`](Self::next_due), first dropping every other
    /// checkpoint (and doubling the interval) until the new one fits the count and
    /// [`CHECKPOINT_BUDGET_BYTES`]. A copy larger than the whole budget is not made (the
    /// checkpoints already there stay), so checkpoints never hold more than the budget, not
    /// even for a moment. Returns whether it saved.
    pub fn maybe_save(&mut self, sim: &Simulation, next_action: usize) -> bool {
        if sim.now() < self.next_due() {
            return false;
        }
        let bytes = estimated_bytes(sim);
        if bytes > CHECKPOINT_BUDGET_BYTES {
            return false;
        }
        self.thin_while(|list| {
            list.list.len() >= MAX_CHECKPOINTS || list.bytes() + bytes > CHECKPOINT_BUDGET_BYTES
        });
        self.list.push(Checkpoint::new(sim, next_action));
        true
    }

    /// Drops every other checkpoint (keeping the start) and doubles the interval while
    /// `too_many` says so and more than the start is left.
    fn thin_while(&mut self, too_many: impl Fn(&Checkpoints) -> bool) {
        while self.list.len() > 1 && too_many(self) {
            let mut position = 0;
            self.list.retain(|_| {
                position += 1;
                position % 2 == 1
            });
            self.interval *= 2;
        }
    }

    /// Estimated size of every checkpoint together (bytes).
    pub fn bytes(&self) -> usize {
        self.list.iter().map(|c| c.bytes).sum()
    }

    /// The latest checkpoint at or before virtual time `time`.
    pub fn latest_at_or_before(&self, time: Time) -> &Checkpoint {
        let after = self.list.partition_point(|c| c.sim.now() <= time);
        &self.list[after.saturating_sub(1)]
    }

    /// Forgets the checkpoints that are not on the history leading to a point at virtual time
    /// `now`, after `events` queue events and `next_action` actions (a fork happens there).
    pub fn truncate_after(&mut self, now: Time, events: u64, next_action: usize) {
        self.list.retain(|c| {
            c.sim.now() <= now && c.sim.events_processed() <= events && c.next_action <= next_action
        });
        debug_assert!(!self.list.is_empty(), "the start of the run always stays");
    }

    /// Number of checkpoints.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Total log entries held by the checkpoints (server logs and disks), a measure of their
    /// memory.
    pub fn log_entries(&self) -> usize {
        self.list.iter().map(|c| log_entries(&c.sim)).sum()
    }

    fn last(&self) -> &Checkpoint {
        self.list.last().expect("the start of the run always stays")
    }
}

/// Log entries a simulation holds: each server's log (when running) and its disk.
pub(crate) fn log_entries(sim: &Simulation) -> usize {
    (1..=sim.config().servers)
        .map(|id| {
            sim.server(id).map_or(0, |s| s.log().len())
                + sim.persisted(id).map_or(0, |disk| disk.log.len())
        })
        .sum()
}
