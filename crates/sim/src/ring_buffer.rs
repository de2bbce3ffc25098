//! A fixed-capacity buffer of the most recent items: once full, each push replaces the oldest.
//! The trace keeps its recent events and its milestones in one each.

/// The last `capacity` items pushed, oldest first when iterated. A capacity of 0 keeps nothing.
#[derive(Clone, Debug)]
pub struct RingBuffer<T> {
    items: Vec<T>,
    capacity: usize,
    /// Once full, the slot of the oldest item (the next to be replaced).
    next_slot: usize,
}

impl<T> RingBuffer<T> {
    /// An empty buffer for at most `capacity` items.
    pub fn new(capacity: usize) -> RingBuffer<T> {
        RingBuffer {
            items: Vec::with_capacity(capacity),
            capacity,
            next_slot: 0,
        }
    }

    /// Keeps `item`, forgetting the oldest one when full. Inlined like `Trace::record`, which
    /// calls it for every event.
    #[inline(always)]
    pub fn push(&mut self, item: T) {
        if self.capacity == 0 {
            return;
        }
        if self.items.len() < self.capacity {
            self.items.push(item);
        } else {
            self.items[self.next_slot] = item;
        }
        self.next_slot += 1;
        if self.next_slot == self.capacity {
            self.next_slot = 0;
        }
    }

    /// Number of items kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The items kept, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        let split = if self.items.len() < self.capacity {
            self.items.len()
        } else {
            self.next_slot
        };
        let (newer, older) = self.items.split_at(split);
        older.iter().chain(newer.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_items_oldest_first() {
        let mut ring = RingBuffer::new(3);
        assert_eq!(ring.len(), 0);
        for i in 1..=2 {
            ring.push(i);
        }
        assert_eq!(ring.iter().copied().collect::<Vec<_>>(), [1, 2]);
        for i in 3..=7 {
            ring.push(i);
        }
        assert_eq!(ring.iter().copied().collect::<Vec<_>>(), [5, 6, 7]);
        assert_eq!(ring.iter().rev().copied().collect::<Vec<_>>(), [7, 6, 5]);
        assert_eq!(ring.len(), 3);
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let mut ring = RingBuffer::new(0);
        ring.push(1);
        assert_eq!(ring.len(), 0);
    }
}
