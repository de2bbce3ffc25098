//! Log entries: what a leader replicates and what every server eventually applies.

use crate::types::{LogIndex, Term};
use std::fmt;
use std::sync::Arc;

/// What an entry asks the state machine to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EntryPayload {
    /// Appended by a new leader to commit entries of earlier terms (§5.4.2, §8). Applies nothing.
    Noop,
    /// A client command, opaque to Raft (the simulator's key-value store parses it). Shared,
    /// not copied, when the entry is cloned into messages, other logs and storage.
    Command(Command),
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
    /// The client command's text, or `None` for a no-op entry.
    pub fn command(&self) -> Option<&str> {
        match &self.payload {
            EntryPayload::Noop => None,
            EntryPayload::Command(command) => Some(command.text()),
        }
    }
}

/// A client command: its text and, when a client sent it, which of the client's requests it
/// is. Raft only carries it; the state machine uses the request to execute each request once
/// even when a retry puts it in the log twice (client sessions, dissertation §6.3). Cloning
/// shares it (one reference count), so a command is never copied between logs and messages.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Command(Arc<CommandData>);

#[derive(PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
struct CommandData {
    text: Box<str>,
    request: Option<ClientRequest>,
}

/// Which client request a command carries, for exactly-once execution (§6.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ClientRequest {
    /// The request's number, unique for the client, from 1.
    pub id: u64,
    /// Every request of the client numbered below this had its answer when this one was sent:
    /// the client will not retry them, so the state machine may forget them.
    pub answered_below: u64,
}

impl Command {
    /// A command that belongs to no client request: executed every time it is applied.
    pub fn new(text: impl Into<Box<str>>) -> Command {
        Command(Arc::new(CommandData {
            text: text.into(),
            request: None,
        }))
    }

    /// A command sent as client request `request`: executed at most once however many times
    /// it is appended.
    pub fn for_request(text: impl Into<Box<str>>, request: ClientRequest) -> Command {
        Command(Arc::new(CommandData {
            text: text.into(),
            request: Some(request),
        }))
    }

    /// The command's text, e.g. `set x 1`.
    pub fn text(&self) -> &str {
        &self.0.text
    }

    /// The client request it carries, if any.
    pub fn request(&self) -> Option<ClientRequest> {
        self.0.request
    }

    /// Whether both are clones of one command (the same allocation), not just equal.
    pub fn same_as(&self, other: &Command) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl From<String> for Command {
    fn from(text: String) -> Command {
        Command::new(text)
    }
}

impl From<&str> for Command {
    fn from(text: &str) -> Command {
        Command::new(text)
    }
}

impl fmt::Debug for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.text(), f)?;
        if let Some(request) = self.request() {
            write!(f, " (request {})", request.id)?;
        }
        Ok(())
    }
}
