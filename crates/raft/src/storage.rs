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
            self.truncate_before_write(write.first_index);
            self.log.extend(write.entries.iter().cloned());
        }
    }

    /// Like [`persist`](Self::persist), but moves the log entries out of `ready.log_write`
    /// instead of cloning them, and leaves it holding the emptied vector, whose capacity
    /// `RaftServer::ready_into` reuses when handed the same `Ready` again. The rest of `ready`
    /// is left as it was.
    pub fn persist_draining(&mut self, ready: &mut Ready) {
        if let Some(hard_state) = ready.hard_state {
            self.hard_state = hard_state;
        }
        if let Some(write) = ready.log_write.as_mut() {
            self.truncate_before_write(write.first_index);
            self.log.append(&mut write.entries);
        }
    }

    /// Drops every entry from `first_index` on; the write's entries then follow without a gap.
    fn truncate_before_write(&mut self, first_index: LogIndex) {
        assert!(first_index >= 1, "log indexes start at 1");
        self.log.truncate((first_index - 1) as usize);
        assert_eq!(
            self.log.len() as u64 + 1,
            first_index,
            "log write leaves a gap"
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::EntryPayload;

    fn entry(index: LogIndex, term: Term) -> Entry {
        Entry {
            index,
            term,
            payload: EntryPayload::Command(format!("c{index}").into()),
        }
    }

    fn ready_writing(first_index: LogIndex, entries: Vec<Entry>) -> Ready {
        Ready {
            hard_state: Some(HardState {
                current_term: 3,
                voted_for: Some(2),
            }),
            log_write: Some(LogWrite {
                first_index,
                entries,
            }),
            ..Ready::default()
        }
    }

    #[test]
    fn persist_draining_stores_what_persist_stores_and_empties_the_write() {
        let start = PersistentState {
            hard_state: HardState::default(),
            log: vec![entry(1, 1), entry(2, 1), entry(3, 1)],
        };
        // A truncation at 2 followed by two new entries, then a plain append.
        for ready in [
            ready_writing(2, vec![entry(2, 3), entry(3, 3)]),
            ready_writing(4, vec![entry(4, 1)]),
            ready_writing(2, Vec::new()),
        ] {
            let mut cloned = start.clone();
            cloned.persist(&ready);
            let mut drained = start.clone();
            let mut emptied = ready.clone();
            drained.persist_draining(&mut emptied);
            assert_eq!(drained, cloned);
            let write = emptied.log_write.expect("the write stays, emptied");
            assert!(write.entries.is_empty(), "the entries were moved out");
            assert_eq!(
                emptied.hard_state, ready.hard_state,
                "the rest is untouched"
            );
        }
    }

    #[test]
    #[should_panic(expected = "gap")]
    fn persist_draining_refuses_a_gap() {
        let mut disk = PersistentState::default();
        disk.persist_draining(&mut ready_writing(2, vec![entry(2, 1)]));
    }
}
