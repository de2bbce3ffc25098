//! Log entries: what a leader replicates and what every server eventually applies.

use crate::types::{LogIndex, Term};
use std::sync::Arc;

/// What an entry asks the state machine to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EntryPayload {
    /// Appended by a new leader to commit entries of earlier terms (§5.4.2, §8). Applies nothing.
    Noop,
    /// A client command, opaque to Raft (the simulator's key-value store parses it). Shared,
    /// not copied, when the entry is cloned into messages, other logs and storage.
    Command(Arc<str>),
}

/// One log entry: its position, the term in which a leader created it, and its payload.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Position in the log, from 1.
    pub index: LogIndex,
    /// Term of the leader that created the entry.
    pub term: Term,
    /// What the entry does when applied.
    pub payload: EntryPayload,
}

impl Entry {
    /// The client command, or `None` for a no-op entry.
    pub fn command(&self) -> Option<&str> {
        match &self.payload {
            EntryPayload::Noop => None,
            EntryPayload::Command(text) => Some(text.as_ref()),
        }
    }
}
