//! Persistent state: what a server keeps across a crash (Figure 2, "Persistent state on all
//! servers"), and the `Ready` batch that tells the caller what to persist, send and apply.

use crate::entry::Entry;
use crate::message::Message;
use crate::types::{LogIndex, ServerId, Term};

/// The part of persistent state that is not the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HardState {
    /// Latest term the server has seen.
    pub current_term: Term,
    /// Candidate that received this server's vote in `current_term`, if any.
    pub voted_for: Option<ServerId>,
}

/// A change to the persisted log: drop every entry from `first_index` on, then append
/// `entries` (which start at `first_index`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogWrite {
    /// First index that changes.
    pub first_index: LogIndex,
    /// The new entries from `first_index` on.
    pub entries: Vec<Entry>,
}

/// Everything a server has persisted: what survives a crash. A restarted server is built from
/// this alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersistentState {
    /// Term and vote.
    pub hard_state: HardState,
    /// The log; `log[i]` has index `i + 1`.
    pub log: Vec<Entry>,
}

impl PersistentState {
    /// Makes the writes of a `Ready` durable. Call it before sending the `Ready`'s messages.
    pub fn persist(&mut self, ready: &Ready) {
        if let Some(hard_state) = ready.hard_state {
            self.hard_state = hard_state;
        }
        if let Some(write) = &ready.log_write {
            assert!(write.first_index >= 1, "log indexes start at 1");
            self.log.truncate((write.first_index - 1) as usize);
            assert_eq!(
                self.log.len() as u64 + 1,
                write.first_index,
                "log write leaves a gap"
            );
            self.log.extend(write.entries.iter().cloned());
        }
    }
}

/// What a server asks its caller to do after an input, in this order: persist `hard_state` and
/// `log_write`, then send `messages`, then apply `committed` to the state machine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Ready {
    /// New term and vote to persist, if they changed.
    pub hard_state: Option<HardState>,
    /// Log change to persist, if the log changed.
    pub log_write: Option<LogWrite>,
    /// Messages to send once the writes above are durable.
    pub messages: Vec<Message>,
    /// Newly committed entries to apply, in index order.
    pub committed: Vec<Entry>,
}

impl Ready {
    /// True if there is nothing to persist, send or apply.
    pub fn is_empty(&self) -> bool {
        self.hard_state.is_none()
            && self.log_write.is_none()
            && self.messages.is_empty()
            && self.committed.is_empty()
    }
}
