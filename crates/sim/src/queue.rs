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

/// The heap's entry: small, so sifting moves little; the event itself stays in its slot.
#[derive(Clone, Copy, Debug)]
struct Scheduled {
    time: Time,
    seq: u64,
    slot: u32,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.seq) == (other.time, other.seq)
    }
}

impl Eq for Scheduled {}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scheduled {
    /// Reversed, so the max-heap pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
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
        self.heap.push(Scheduled { time, seq, slot });
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(Time, Event)> {
        let head = self.heap.pop()?;
        let event = self.slots[head.slot as usize]
            .take()
            .expect("a scheduled slot holds its event");
        self.free_slots.push(head.slot);
        Some((head.time, event))
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|head| head.time)
    }

    /// The earliest event, without removing it.
    pub fn peek(&self) -> Option<(Time, &Event)> {
        let head = self.heap.peek()?;
        let event = self.slots[head.slot as usize]
            .as_ref()
            .expect("a scheduled slot holds its event");
        Some((head.time, event))
    }

    /// Messages in flight, in no particular order.
    pub fn messages(&self) -> impl Iterator<Item = &InFlight> {
        self.slots.iter().filter_map(|slot| match slot {
            Some(Event::Deliver(message)) => Some(message),
            _ => None,
        })
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
}
