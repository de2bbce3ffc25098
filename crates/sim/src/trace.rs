//! The trace: every event the simulation records, counted per kind, folded into a running
//! 64-bit hash (the determinism fingerprint shared by native and wasm runs) and kept in a
//! bounded ring of the most recent events. Recording is cheap: events are small `Copy` values
//! and only `describe()` formats text.

mod describe;
mod event;
mod fingerprint;

pub use event::{DropReason, RetryReason, TraceEvent, TraceKind};

use crate::ring_buffer::RingBuffer;
use fingerprint::{finalize, Encoder, HASH_SEED};

/// Most recent events kept by default.
pub const DEFAULT_RECENT_EVENTS: usize = 1_000;

/// Most recent milestones kept (see [`TraceEvent::is_milestone`]): the page's event list.
pub const MILESTONES_KEPT: usize = 200;

/// Counters, the running hash, the most recent events and the most recent milestones of a run.
#[derive(Clone, Debug)]
pub struct Trace {
    counts: [u64; TraceKind::ALL.len()],
    total: u64,
    hash: u64,
    recent: RingBuffer<TraceEvent>,
    milestones: RingBuffer<TraceEvent>,
    milestone_total: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::new(DEFAULT_RECENT_EVENTS)
    }
}

impl Trace {
    /// An empty trace keeping the `recent_capacity` most recent events (and the
    /// [`MILESTONES_KEPT`] most recent milestones).
    pub fn new(recent_capacity: usize) -> Trace {
        Trace {
            counts: [0; TraceKind::ALL.len()],
            total: 0,
            hash: HASH_SEED,
            recent: RingBuffer::new(recent_capacity),
            milestones: RingBuffer::new(MILESTONES_KEPT),
            milestone_total: 0,
        }
    }

    /// Counts the event, folds it into the hash (its little-endian encoding, mixed a 64-bit
    /// word at a time) and keeps it among the recent events. Inlined, so each call site's
    /// encoding folds to a few shifts for its one kind of event.
    #[inline(always)]
    pub fn record(&mut self, event: TraceEvent) {
        self.counts[event.kind().code() as usize] += 1;
        self.total += 1;
        let mut encoder = Encoder::new(self.hash);
        event.encode(&mut encoder);
        self.hash = encoder.finish();
        if event.is_milestone() {
            self.milestone_total += 1;
            self.milestones.push(event);
        }
        self.recent.push(event);
    }

    /// The running hash of every event so far: equal hashes mean (with overwhelming
    /// probability) identical traces.
    pub fn hash(&self) -> u64 {
        finalize(self.hash)
    }

    /// Number of events recorded.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of events of one kind.
    pub fn count(&self, kind: TraceKind) -> u64 {
        self.counts[kind.code() as usize]
    }

    /// Every kind with its count, in `TraceKind::ALL` order.
    pub fn counts(&self) -> impl Iterator<Item = (TraceKind, u64)> + '_ {
        TraceKind::ALL.iter().map(|&kind| (kind, self.count(kind)))
    }

    /// Keeps only the `capacity` most recent events from now on, forgetting those kept so far.
    pub fn keep_recent(&mut self, capacity: usize) {
        self.recent = RingBuffer::new(capacity);
    }

    /// The most recent events, oldest first.
    pub fn recent(&self) -> impl DoubleEndedIterator<Item = &TraceEvent> {
        self.recent.iter()
    }

    /// The most recent milestones (at most [`MILESTONES_KEPT`]), oldest first, each with its
    /// number: the first milestone of the run is 1, and [`Trace::milestone_total`] the last.
    pub fn milestones(&self) -> impl Iterator<Item = (u64, &TraceEvent)> {
        let first = self.milestone_total - self.milestones.len() as u64 + 1;
        (first..).zip(self.milestones.iter())
    }

    /// Number of milestones recorded since the run began.
    pub fn milestone_total(&self) -> u64 {
        self.milestone_total
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint::MIX_MULTIPLIER;
    use super::*;
    use raft_core::{ServerId, Time};

    fn crash(time: Time, server: ServerId) -> TraceEvent {
        TraceEvent::Crash { time, server }
    }

    #[test]
    fn hash_mixes_the_little_endian_encoding_a_word_at_a_time() {
        let mut trace = Trace::new(4);
        trace.record(crash(0x0102, 3));
        // Encoding: kind code, time (8 bytes), server (4 bytes): 13 bytes in two words; the
        // second word carries the length in its top byte.
        let code = TraceKind::Crash as u64;
        let first_word = code | (0x0102 << 8);
        let second_word = 3 << 8 | (13 << 56);
        let mix = |hash: u64, word: u64| {
            let hash = (hash ^ word).wrapping_mul(MIX_MULTIPLIER);
            hash ^ (hash >> 32)
        };
        let expected = finalize(mix(mix(HASH_SEED, first_word), second_word));
        assert_eq!(trace.hash(), expected);
    }

    #[test]
    fn hash_depends_on_order_and_content() {
        let mut a = Trace::new(4);
        a.record(crash(1, 1));
        a.record(crash(2, 2));
        let mut b = Trace::new(4);
        b.record(crash(2, 2));
        b.record(crash(1, 1));
        let mut c = Trace::new(4);
        c.record(crash(1, 1));
        c.record(crash(2, 3));
        assert_ne!(a.hash(), b.hash());
        assert_ne!(a.hash(), c.hash());
    }

    #[test]
    fn ring_keeps_the_most_recent_events_oldest_first() {
        let mut trace = Trace::new(3);
        for time in 1..=5 {
            trace.record(crash(time, 1));
        }
        let times: Vec<Time> = trace.recent().map(TraceEvent::time).collect();
        assert_eq!(times, vec![3, 4, 5]);
        assert_eq!(trace.total(), 5);
        assert_eq!(trace.count(TraceKind::Crash), 5);
        assert_eq!(trace.count(TraceKind::Send), 0);
    }
}
