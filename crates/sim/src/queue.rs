//! The discrete-event queue: pending events ordered by virtual time, ties broken by the order
//! in which they were scheduled, so every run is reproducible.

use crate::network::InFlight;
use raft_core::{ServerId, Time};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Something due to happen at a virtual time.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    /// A message arrives at its receiver.
    Deliver(InFlight),
    /// A server's timer may be due. Possibly stale: the handler re-checks the server's deadline.
    Timer { server: ServerId },
    /// The client's wait for an answer (or for a leader) on one attempt of a request is over.
    ClientRetry { request: u64, attempt: u32 },
}

/// The heap's entry: one 128-bit key, so sifting moves 16 bytes and compares two words without
/// branching; the event itself stays in its slot. Bits: time (64) | seq (40) | slot (24). Seqs
/// are unique, so the key orders entries by (time, seq) and the slot bits never decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scheduled(u128);

/// Bits of the key that hold the slot.
const SLOT_BITS: u32 = 24;
/// Bits of the key that hold the scheduling sequence number.
const SEQ_BITS: u32 = 40;

impl Scheduled {
    #[inline(always)]
    fn new(time: Time, seq: u64, slot: u32) -> Scheduled {
        assert!(
            seq < 1 << SEQ_BITS && slot < 1 << SLOT_BITS,
            "event queue: more than 2^40 events scheduled or 2^24 pending"
        );
        Scheduled(u128::from(time) << 64 | u128::from(seq << SLOT_BITS | u64::from(slot)))
    }

    #[inline(always)]
    fn time(self) -> Time {
        (self.0 >> 64) as Time
    }

    #[inline(always)]
    fn slot(self) -> u32 {
        (self.0 as u32) & ((1 << SLOT_BITS) - 1)
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scheduled {
    /// Reversed, so the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.cmp(&self.0)
    }
}

/// Pending events. Invariants: `seq` values are unique, so the order of events is total; every
/// heap entry's slot holds its event, and every free slot is empty.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Scheduled>,
    slots: Vec<Option<Event>>,
    free_slots: Vec<u32>,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `event` at `time`, after every event already scheduled at that time. Always
    /// inlined: the event is built straight in its slot.
    #[inline(always)]
    pub fn push(&mut self, time: Time, event: Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let slot = match self.free_slots.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(event);
                slot
            }
            None => {
                self.slots.push(Some(event));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Scheduled::new(time, seq, slot));
    }

    /// Removes and returns the earliest event. Always inlined: the event then moves from its
    /// slot straight into the caller's frame, not through a return value.
    #[inline(always)]
    pub fn pop(&mut self) -> Option<(Time, Event)> {
        let head = self.heap.pop()?;
        let event = self.slots[head.slot() as usize]
            .take()
            .expect("a scheduled slot holds its event");
        self.free_slots.push(head.slot());
        Some((head.time(), event))
    }

    /// Time of the earliest event.
    #[inline]
    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|head| head.time())
    }

    /// The earliest event, without removing it.
    #[inline]
    pub fn peek(&self) -> Option<(Time, &Event)> {
        let head = *self.heap.peek()?;
        let event = self.slots[head.slot() as usize]
            .as_ref()
            .expect("a scheduled slot holds its event");
        Some((head.time(), event))
    }

    /// Messages in flight, in no particular order.
    pub fn messages(&self) -> impl Iterator<Item = &InFlight> {
        self.slots.iter().filter_map(|slot| match slot {
            Some(Event::Deliver(message)) => Some(message),
            _ => None,
        })
    }

    /// Takes message `id` out of the queue; `None` if it is not in flight. Linear in the number
    /// of pending events: for a person's action, not for every event.
    pub fn remove_message(&mut self, id: u64) -> Option<InFlight> {
        let slot = self
            .slots
            .iter()
            .position(|slot| matches!(slot, Some(Event::Deliver(message)) if message.id == id))?;
        self.heap
            .retain(|scheduled| scheduled.slot() as usize != slot);
        self.free_slots.push(slot as u32);
        match self.slots[slot].take() {
            Some(Event::Deliver(message)) => Some(message),
            _ => unreachable!("the slot was found holding this message"),
        }
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_time_then_by_scheduling_order() {
        let mut queue = EventQueue::default();
        queue.push(20, Event::Timer { server: 1 });
        queue.push(10, Event::Timer { server: 2 });
        queue.push(20, Event::Timer { server: 3 });
        queue.push(10, Event::Timer { server: 4 });
        let order: Vec<(Time, ServerId)> = std::iter::from_fn(|| queue.pop())
            .map(|(time, event)| match event {
                Event::Timer { server } => (time, server),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(order, vec![(10, 2), (10, 4), (20, 1), (20, 3)]);
    }

    #[test]
    fn key_orders_by_time_then_seq_whatever_the_slot() {
        let early = Scheduled::new(5, 9, (1 << SLOT_BITS) - 1);
        let late = Scheduled::new(6, 0, 0);
        let tie = Scheduled::new(5, 10, 0);
        // Reversed order: the earliest is the greatest.
        assert!(early > late && early > tie && tie > late);
        assert_eq!((early.time(), early.slot()), (5, (1 << SLOT_BITS) - 1));
        let far = Scheduled::new(Time::MAX, (1 << SEQ_BITS) - 1, 7);
        assert_eq!((far.time(), far.slot()), (Time::MAX, 7));
    }
    #[test]
    fn interleaved_pushes_and_pops_follow_time_then_scheduling_order() {
        // Interleaved pushes and pops with times in and out of order, checked against a
        // sorted list of (time, seq).
        let mut queue = EventQueue::default();
        let mut model: Vec<(Time, u32)> = Vec::new();
        let mut now = 0;
        let mut state: u64 = 7;
        for step in 0..2_000u32 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let draw = state >> 33;
            if draw.is_multiple_of(3) {
                let expected = (!model.is_empty()).then(|| model.remove(0));
                let popped = queue.pop().map(|(time, event)| match event {
                    Event::Timer { server } => (time, server),
                    _ => unreachable!(),
                });
                assert_eq!(popped, expected);
                if let Some((time, _)) = popped {
                    now = time;
                }
            } else {
                // Mostly near the present, sometimes a fixed far delay (like client timeouts).
                let time = if draw.is_multiple_of(5) {
                    now + 300
                } else {
                    now + draw % 20
                };
                queue.push(time, Event::Timer { server: step });
                model.push((time, step));
                model.sort_by_key(|&(time, step)| (time, step));
            }
            assert_eq!(queue.len(), model.len());
            assert_eq!(queue.peek_time(), model.first().map(|&(time, _)| time));
        }
    }
}
