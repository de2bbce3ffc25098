//! The answer of a check: linearizable, not (with an explanation), or unknown.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The result of [`check`](crate::check).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Some order of the operations, each taking effect between its call and return, explains
    /// every output.
    Linearizable,
    /// No such order exists; the violation says where.
    NotLinearizable(Violation),
    /// The [`Budget`](crate::Budget) ran out before an answer was found (and no partition
    /// checked so far was found not linearizable).
    Unknown {
        /// Label of the first partition whose search ran out of budget.
        partition: String,
        /// The step budget that was used up.
        max_steps: u64,
    },
}

impl Verdict {
    /// Whether the history was proved linearizable.
    pub fn is_linearizable(&self) -> bool {
        matches!(self, Verdict::Linearizable)
    }

    /// Whether the history was proved not linearizable.
    pub fn is_not_linearizable(&self) -> bool {
        matches!(self, Verdict::NotLinearizable(_))
    }

    /// Whether the search gave up.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Verdict::Unknown { .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Linearizable => f.write_str("linearizable"),
            Verdict::NotLinearizable(violation) => {
                write!(f, "not linearizable: {}", violation.explanation)
            }
            Verdict::Unknown {
                partition,
                max_steps,
            } => write!(
                f,
                "unknown: the search of {partition} used up its budget of {max_steps} steps"
            ),
        }
    }
}

/// Where a history stops being linearizable.
///
/// The search remembers the longest sequence of operations it managed to linearize in the
/// failing partition. After that prefix, the operation with the earliest return among those
/// left (`stuck_operation`) cannot be linearized: neither on its own nor after any of the
/// operations concurrent with it. That prefix, that operation and its concurrent competitors
/// are what a person needs to look at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Label of the partition (e.g. `key "x"`) that is not linearizable.
    pub partition: String,
    /// Indices into the history of the operations involved: the last few operations of the
    /// longest linearizable prefix, the stuck operation and the operations concurrent with it.
    pub operations: Vec<usize>,
    /// The longest linearizable prefix found, as indices into the history, in linearization
    /// order.
    pub longest_prefix: Vec<usize>,
    /// Index into the history of the operation that could not be linearized after that prefix.
    pub stuck_operation: usize,
    /// A human-readable account of the above, naming operations with the model's descriptions.
    pub explanation: String,
}
