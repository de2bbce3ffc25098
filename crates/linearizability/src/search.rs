//! The Wing & Gong depth-first search with Lowe's memoisation, on one partition.
//!
//! The partition's calls and returns are laid out in time order in a doubly linked list
//! ([`EventList`]). The search walks the list from its head: at a call it tries to linearize
//! that operation next (the model must accept it from the current state); if that works, and
//! the resulting `(set of linearized operations, state)` pair has never been seen before
//! ([`SeenCache`]), the operation is pushed on a stack, its call and return are unlinked from
//! the list ("lifted"), and the walk restarts from the head. Reaching a return means the
//! operation returning there was not linearized before its deadline: the last choice is undone
//! (popped, relinked) and the walk goes on after that operation's call, trying the next
//! candidate. The history is linearizable once every operation with a known return is
//! linearized; it is not once the stack is empty at a return.
//!
//! Operations of unknown outcome have no return in the list: nothing forces them to take
//! effect, but each stays a candidate at every point after its call. Linearizing one that
//! leaves the state unchanged (a read, a cas that does not match) is never useful, since it
//! could as well never take effect, so the search skips it.

use crate::event_list::{Event, EventList, HEAD, NIL};
use crate::linearized_set::LinearizedSet;
use crate::model::Model;
use crate::operation::Operation;
use crate::seen_cache::SeenCache;
use crate::state_table::StateTable;

/// What the search of one partition found.
pub(crate) enum SearchOutcome<S> {
    /// Every operation with a known return was linearized.
    Linearizable,
    /// No linearization exists.
    NotLinearizable {
        /// The longest linearizable prefix found, as positions in the partition's operation
        /// list, in linearization order.
        longest_prefix: Vec<usize>,
        /// The model state after that prefix.
        state_after_prefix: S,
    },
    /// The step budget ran out first.
    OutOfBudget,
}

/// The stack of linearized operations, which also keeps the longest prefix seen so far.
///
/// Invariant: `stack[..agree] == best[..agree]`, so updating `best` copies only the part of the
/// stack that differs from it (amortised O(1) per push).
struct LinearizationStack {
    /// `(operation, state number before it)` in linearization order.
    stack: Vec<(usize, usize)>,
    best: Vec<usize>,
    best_state: usize,
    agree: usize,
}

impl LinearizationStack {
    fn push(&mut self, op: usize, state_before: usize, state_after: usize) {
        if self.agree == self.stack.len()
            && self.agree < self.best.len()
            && self.best[self.agree] == op
        {
            self.agree += 1;
        }
        self.stack.push((op, state_before));
        if self.stack.len() > self.best.len() {
            self.best.truncate(self.agree);
            self.best
                .extend(self.stack[self.agree..].iter().map(|&(op, _)| op));
            self.agree = self.stack.len();
            self.best_state = state_after;
        }
    }

    fn pop(&mut self) -> Option<(usize, usize)> {
        let top = self.stack.pop();
        self.agree = self.agree.min(self.stack.len());
        top
    }
}

/// Searches for a linearization of the operations `ops` (indices into `history`), spending at
/// most `*steps_left` steps (attempts to linearize one operation) and deducting those it spends.
///
/// `history` must have been validated: indices in range, returns not before calls.
pub(crate) fn search_partition<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    ops: &[usize],
    steps_left: &mut u64,
) -> SearchOutcome<M::State> {
    let mut list = EventList::new(history, ops);
    let mut states = StateTable::new(model.init());
    let mut seen = SeenCache::new(ops.len());
    let mut linearized = LinearizedSet::new(ops.len());
    let mut current_state = 0;
    let mut stack = LinearizationStack {
        stack: Vec::new(),
        best: Vec::new(),
        best_state: current_state,
        agree: 0,
    };
    let mut known_left = list.return_node.iter().filter(|&&node| node != NIL).count();

    let mut node = list.next[HEAD];
    loop {
        if known_left == 0 {
            return SearchOutcome::Linearizable;
        }
        let event = if node == NIL {
            // Unreachable while an operation with a known return is left (its return is still
            // in the list); handled as a dead end to stay total.
            Event::Return
        } else {
            list.events[node]
        };
        match event {
            Event::Call { op } => {
                if *steps_left == 0 {
                    return SearchOutcome::OutOfBudget;
                }
                *steps_left -= 1;
                let must_happen = list.return_node[op] != NIL;
                let next_state = states.step(model, current_state, op, &history[ops[op]]);
                if let Some(next_state) = next_state {
                    if must_happen || next_state != current_state {
                        linearized.insert(op);
                        if seen.insert(&linearized, next_state) {
                            stack.push(op, current_state, next_state);
                            current_state = next_state;
                            list.lift(op);
                            if must_happen {
                                known_left -= 1;
                            }
                            node = list.next[HEAD];
                            continue;
                        }
                        linearized.remove(op);
                    }
                }
                node = list.next[node];
            }
            Event::Return => {
                let Some((op, state_before)) = stack.pop() else {
                    let best_state = stack.best_state;
                    return SearchOutcome::NotLinearizable {
                        longest_prefix: stack.best,
                        state_after_prefix: states.into_state(best_state),
                    };
                };
                linearized.remove(op);
                current_state = state_before;
                list.unlift(op);
                if list.return_node[op] != NIL {
                    known_left += 1;
                }
                node = list.next[list.call_node[op]];
            }
        }
    }
}
