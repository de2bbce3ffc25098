//! The history's calls and returns in time order, as a doubly linked list with undoable removal.

use crate::operation::Operation;

/// End-of-list marker for the event list.
pub(crate) const NIL: usize = usize::MAX;

/// The list head: node 0 is a sentinel, event `i` is node `i + 1`.
pub(crate) const HEAD: usize = 0;

/// One event of the list: the call or the return of operation `op` (a position in the
/// partition).
#[derive(Clone, Copy)]
pub(crate) enum Event {
    /// The call of operation `op`.
    Call {
        /// Position of the operation in the partition.
        op: usize,
    },
    /// A return (the operation returning is not needed: the search backtracks there).
    Return,
}

/// The doubly linked list of events, with "dancing links" removal: a removed node keeps its own
/// links, so removals undone in reverse order restore the list exactly.
pub(crate) struct EventList {
    /// Node -> event (node 0, the head sentinel, holds a placeholder).
    pub(crate) events: Vec<Event>,
    /// Node -> next node in the list, or `NIL`.
    pub(crate) next: Vec<usize>,
    /// Node -> previous node (`NIL` for the head).
    prev: Vec<usize>,
    /// For each operation, its call node.
    pub(crate) call_node: Vec<usize>,
    /// For each operation, its return node (`NIL` for operations of unknown outcome).
    pub(crate) return_node: Vec<usize>,
}

impl EventList {
    /// Lays out the calls and known returns of `ops` in time order. At equal times calls come
    /// before returns, so a return and a call at the same instant overlap.
    pub(crate) fn new<I, O>(history: &[Operation<I, O>], ops: &[usize]) -> Self {
        // (time, 0 = call / 1 = return, operation position)
        let mut timed: Vec<(u64, u8, usize)> = Vec::with_capacity(ops.len() * 2);
        for (position, &index) in ops.iter().enumerate() {
            let operation = &history[index];
            timed.push((operation.call_time, 0, position));
            if let Some(return_time) = operation.known_return_time() {
                timed.push((return_time, 1, position));
            }
        }
        timed.sort_unstable();

        let node_count = timed.len() + 1;
        let mut list = EventList {
            events: Vec::with_capacity(node_count),
            next: Vec::with_capacity(node_count),
            prev: Vec::with_capacity(node_count),
            call_node: vec![NIL; ops.len()],
            return_node: vec![NIL; ops.len()],
        };
        // The sentinel head; its event is never read.
        list.events.push(Event::Return);
        for (position, &(_, kind, op)) in timed.iter().enumerate() {
            let node = position + 1;
            if kind == 0 {
                list.events.push(Event::Call { op });
                list.call_node[op] = node;
            } else {
                list.events.push(Event::Return);
                list.return_node[op] = node;
            }
        }
        for node in 0..node_count {
            list.next
                .push(if node + 1 < node_count { node + 1 } else { NIL });
            list.prev.push(if node == 0 { NIL } else { node - 1 });
        }
        list
    }

    fn unlink(&mut self, node: usize) {
        let (prev, next) = (self.prev[node], self.next[node]);
        self.next[prev] = next;
        if next != NIL {
            self.prev[next] = prev;
        }
    }

    fn relink(&mut self, node: usize) {
        let (prev, next) = (self.prev[node], self.next[node]);
        self.next[prev] = node;
        if next != NIL {
            self.prev[next] = node;
        }
    }

    /// Removes an operation's call and return.
    pub(crate) fn lift(&mut self, op: usize) {
        self.unlink(self.call_node[op]);
        if self.return_node[op] != NIL {
            self.unlink(self.return_node[op]);
        }
    }

    /// Undoes the matching [`EventList::lift`] (which must be the latest one not undone).
    pub(crate) fn unlift(&mut self, op: usize) {
        if self.return_node[op] != NIL {
            self.relink(self.return_node[op]);
        }
        self.relink(self.call_node[op]);
    }
}
