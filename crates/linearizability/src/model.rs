//! The sequential specification a history is checked against.

use std::fmt::Debug;
use std::hash::Hash;

use crate::operation::Operation;

/// A sequential specification: the object's state and how one operation changes it.
///
/// The model must be deterministic: given a state, an input and an output, there is at most one
/// next state. When the output is unknown (`None`), [`Model::step`] must accept the operation
/// as if it returned whatever the object would have returned in that state.
///
/// `step` must be a pure function of its arguments: the search memoises it and calls it at most
/// once per `(state, operation)` pair.
pub trait Model {
    /// The object's state. Hashed and compared for Lowe's memoisation, so keep it small.
    type State: Clone + Eq + Hash + Debug;
    /// What a client asks for.
    type Input: Debug;
    /// What a client gets back.
    type Output: Debug;

    /// The state before any operation (the same for every partition).
    fn init(&self) -> Self::State;

    /// Applies `input` to `state`. Returns the new state if the operation may legally produce
    /// `output` in `state` (any output when `output` is `None`), `None` if it may not.
    fn step(
        &self,
        state: &Self::State,
        input: &Self::Input,
        output: Option<&Self::Output>,
    ) -> Option<Self::State>;

    /// Splits a history into independent sub-histories (for example one per key) that can be
    /// checked separately: the whole history is linearizable iff every part is. Each
    /// [`Partition`] lists indices into `history`; an index may appear in at most one
    /// partition, and operations in no partition are not checked. The default is a single
    /// partition holding every operation.
    fn partition(&self, history: &[Operation<Self::Input, Self::Output>]) -> Vec<Partition> {
        vec![Partition {
            label: "the history".to_string(),
            operations: (0..history.len()).collect(),
        }]
    }

    /// Rejects an input/output pair that cannot belong together (such as a write that returned
    /// a read's value). The message says why. The default accepts everything.
    fn validate(&self, input: &Self::Input, output: Option<&Self::Output>) -> Result<(), String> {
        let _ = (input, output);
        Ok(())
    }

    /// A short human description of one operation, used in explanations.
    fn describe_operation(&self, input: &Self::Input, output: Option<&Self::Output>) -> String {
        match output {
            Some(output) => format!("{input:?} -> {output:?}"),
            None => format!("{input:?} -> ?"),
        }
    }

    /// A short human description of a state, used in explanations.
    fn describe_state(&self, state: &Self::State) -> String {
        format!("{state:?}")
    }
}

/// An independent part of a history, as produced by [`Model::partition`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// How the part is named in verdicts, e.g. `key "x"`.
    pub label: String,
    /// Indices into the history of the operations in this part.
    pub operations: Vec<usize>,
}
