//! raft-core: one Raft server's consensus state machine.
//!
//! A deterministic, sans-IO implementation of Raft (Ongaro & Ousterhout, "In Search of an
//! Understandable Consensus Algorithm"). It contains no networking and no disk code and never
//! reads a clock: time is an input (virtual microseconds), randomness comes from a seed handed
//! in, and outputs are drained with [`RaftServer::ready`]. The caller persists, sends and applies
//! what a `Ready` lists, in that order, so nothing is sent that depends on state not yet
//! persisted.

#![deny(missing_docs)]

mod chacha8;
mod config;
mod entry;
mod log;
mod message;
mod progress;
mod seeded_rng;
mod server;
mod small_sort;
mod storage;
mod timer;
mod types;
mod unsafe_rules;
mod votes;

pub use config::Config;
pub use entry::{ClientRequest, Command, Entry, EntryPayload};
pub use message::{Message, MessageBody};
pub use progress::FollowerProgress;
pub use seeded_rng::SeededRng;
pub use server::{ProposeError, RaftServer, TransferError};
pub use storage::{HardState, LogWrite, PersistentState, Ready};
pub use types::{LogIndex, Role, ServerId, Term, Time};
pub use unsafe_rules::{UnknownRule, UnsafeRule, UnsafeRules};
