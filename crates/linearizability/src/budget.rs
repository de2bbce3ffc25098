//! The cap on search work that turns a hopeless search into `Verdict::Unknown`.

use serde::{Deserialize, Serialize};

/// How much work [`check`](crate::check) may do before giving up with
/// [`Verdict::Unknown`](crate::Verdict::Unknown).
///
/// Linearizability checking is NP-complete, so some histories (many concurrent operations whose
/// effects commute, for instance) can make the search explode. One **step** is one call of
/// [`Model::step`](crate::Model::step), i.e. one attempt to linearize one operation next. The
/// budget is shared by all partitions of one `check` call; partitions are checked smallest
/// first, so one hard partition cannot starve the small ones before it.
///
/// Each step adds at most one entry to the memoisation cache and one memoised transition, so
/// memory is bounded too: at most `max_steps` entries of about `n / 8 + 80` bytes each, where
/// `n` is the number of operations in the largest partition, plus each distinct model state
/// once.
///
/// In release builds a step costs about 100 ns (the whole 50-client key-value corpus history,
/// 4.4 million steps, takes under 0.4 s), so the default of ten million steps is about a second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// The most [`Model::step`](crate::Model::step) calls one `check` may make.
    pub max_steps: u64,
}

impl Budget {
    /// A budget of `max_steps` model steps.
    pub fn steps(max_steps: u64) -> Self {
        Budget { max_steps }
    }

    /// No limit: the search runs until it has an answer.
    pub fn unlimited() -> Self {
        Budget {
            max_steps: u64::MAX,
        }
    }
}

impl Default for Budget {
    /// Ten million steps.
    fn default() -> Self {
        Budget::steps(10_000_000)
    }
}
