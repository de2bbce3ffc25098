//! The distinct model states a search reaches, numbered, with a memo of transitions.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::fx_hash::{fx_hash, FxBuildHasher};
use crate::model::Model;
use crate::operation::Operation;

/// Marks an illegal transition in the memo.
const ILLEGAL: usize = usize::MAX;

/// Every distinct state, stored once and named by its number, so the cache and the stack hold
/// small numbers; and, because the model is deterministic, a memo of `(state, operation) ->
/// next state` so that each transition is computed (and each state hashed) only once.
pub(crate) struct StateTable<S> {
    states: Vec<S>,
    by_hash: HashMap<u64, Vec<usize>, FxBuildHasher>,
    transitions: HashMap<(usize, usize), usize, FxBuildHasher>,
}

impl<S: Eq + std::hash::Hash> StateTable<S> {
    /// A table holding only `initial`, as state 0.
    pub(crate) fn new(initial: S) -> Self {
        let mut table = StateTable {
            states: Vec::new(),
            by_hash: HashMap::default(),
            transitions: HashMap::default(),
        };
        table.intern(initial);
        table
    }

    /// Takes state `id` out of the table (which is no longer usable afterwards).
    pub(crate) fn into_state(mut self, id: usize) -> S {
        self.states.swap_remove(id)
    }

    /// The state reached by applying `operation` (at `position` in the partition) to state
    /// `from`, or `None` if the model rejects it there.
    pub(crate) fn step<M>(
        &mut self,
        model: &M,
        from: usize,
        position: usize,
        operation: &Operation<M::Input, M::Output>,
    ) -> Option<usize>
    where
        M: Model<State = S>,
    {
        if let Some(&to) = self.transitions.get(&(from, position)) {
            return (to != ILLEGAL).then_some(to);
        }
        let next = model.step(
            &self.states[from],
            &operation.input,
            operation.output.as_ref(),
        );
        let to = match next {
            Some(state) if state == self.states[from] => from,
            Some(state) => self.intern(state),
            None => ILLEGAL,
        };
        self.transitions.insert((from, position), to);
        (to != ILLEGAL).then_some(to)
    }

    /// The number of `state`, adding it if it is new.
    fn intern(&mut self, state: S) -> usize {
        let ids = match self.by_hash.entry(fx_hash(&state)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(Vec::new()),
        };
        if let Some(&id) = ids.iter().find(|&&id| self.states[id] == state) {
            return id;
        }
        let id = self.states.len();
        self.states.push(state);
        ids.push(id);
        id
    }
}
