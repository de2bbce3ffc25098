//! raft-linearizability: decides whether a concurrent history of client operations is
//! linearizable with respect to a sequential model.
//!
//! A history is linearizable (Herlihy & Wing, 1990) if every operation can be given a single
//! instant between its call and its return such that performing the operations one by one in
//! that order, on the sequential [`Model`], yields exactly the outputs the clients saw.
//!
//! The search is the Wing & Gong depth-first search over the history's call/return events, with
//! Lowe's memoisation: a cache of every `(set of operations linearized, model state)` already
//! reached, so no configuration is explored twice (G. Lowe, "Testing for linearizability",
//! 2017). As in Porcupine, the history is first split into independent partitions (one per key
//! for a key-value store), each checked on its own (P-compositionality).
//!
//! Operations whose outcome is unknown (a client timed out, or the history ended first) may
//! take effect at any instant after their call, or never. A failed operation that certainly
//! did not happen should simply be left out of the history.
//!
//! The crate is pure: no IO, no clock, no randomness, deterministic results, no panics on any
//! input (bad histories give an [`Error`]). [`check`] takes a [`Budget`] so that a pathological
//! history ends in [`Verdict::Unknown`] instead of running forever.
//!
//! ```
//! use raft_linearizability::{check, Budget, Operation, RegisterInput, RegisterModel, RegisterOutput};
//!
//! // Client 1 writes 1 during [0, 10]; client 2 then reads nothing during [20, 30]: stale.
//! let history = vec![
//!     Operation::returned(1, RegisterInput::Write(1), RegisterOutput::Write, 0, 10),
//!     Operation::returned(2, RegisterInput::Read, RegisterOutput::Read(None), 20, 30),
//! ];
//! let verdict = check(&RegisterModel, &history, Budget::default()).unwrap();
//! assert!(verdict.is_not_linearizable());
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod budget;
mod checker;
mod error;
mod event_list;
mod explain;
mod fx_hash;
pub mod jepsen;
mod kv;
pub mod kv_edn;
mod linearized_set;
mod model;
mod operation;
mod register;
mod search;
mod seen_cache;
mod state_table;
mod verdict;
mod witness;

pub use budget::Budget;
pub use checker::check;
pub use error::Error;
pub use kv::{KvInput, KvModel, KvOp, KvOutput};
pub use model::{Model, Partition};
pub use operation::Operation;
pub use register::{RegisterInput, RegisterModel, RegisterOutput};
pub use verdict::{Verdict, Violation};
pub use witness::check_with_witness;
