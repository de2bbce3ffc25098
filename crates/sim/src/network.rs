//! Messages on the simulated network: what travels between servers and the client, with the
//! times it was sent and will be delivered.

use crate::config::us_to_ms;
use crate::kv::KvOutput;
use crate::state::MessageState;
use raft_core::{MessageBody, ServerId, Term, Time};

/// The address of the (single) client; servers are numbered from 1.
pub const CLIENT: u32 = 0;

/// The kind of a message, as named in the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum MessageKind {
    /// A candidate asks for a vote.
    RequestVote,
    /// The answer to a RequestVote.
    RequestVoteReply,
    /// A leader replicates entries or sends a heartbeat.
    AppendEntries,
    /// The answer to an AppendEntries.
    AppendEntriesReply,
    /// The client sends a command to a server.
    ClientRequest,
    /// A server answers the client: the command's result, or a redirect.
    ClientReply,
}

impl MessageKind {
    /// The name shown in the playground ("AppendEntries", "ClientReply", ...).
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::RequestVote => "RequestVote",
            MessageKind::RequestVoteReply => "RequestVoteReply",
            MessageKind::AppendEntries => "AppendEntries",
            MessageKind::AppendEntriesReply => "AppendEntriesReply",
            MessageKind::ClientRequest => "ClientRequest",
            MessageKind::ClientReply => "ClientReply",
        }
    }

    /// A stable number for the trace hash; never reorder.
    pub(crate) fn code(self) -> u8 {
        match self {
            MessageKind::RequestVote => 1,
            MessageKind::RequestVoteReply => 2,
            MessageKind::AppendEntries => 3,
            MessageKind::AppendEntriesReply => 4,
            MessageKind::ClientRequest => 5,
            MessageKind::ClientReply => 6,
        }
    }

    fn of_raft(body: &MessageBody) -> MessageKind {
        match body {
            MessageBody::RequestVote { .. } => MessageKind::RequestVote,
            MessageBody::RequestVoteReply { .. } => MessageKind::RequestVoteReply,
            MessageBody::AppendEntries { .. } => MessageKind::AppendEntries,
            MessageBody::AppendEntriesReply { .. } => MessageKind::AppendEntriesReply,
        }
    }
}

/// What a server tells the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClientAnswer {
    /// The command was committed and applied; this is its result.
    Done(KvOutput),
    /// "I am not the leader", with the leader this server believes in, if any.
    Redirect { leader_hint: Option<ServerId> },
}

/// What a message carries.
#[derive(Clone, Debug)]
pub(crate) enum Payload {
    /// A Raft message between servers.
    Raft(raft_core::Message),
    /// The client's `attempt`-th sending of request `request`.
    ClientRequest { request: u64, attempt: u32 },
    /// A server's answer to one sending of a request.
    ClientReply {
        request: u64,
        attempt: u32,
        answer: ClientAnswer,
    },
}

/// A message in flight.
#[derive(Clone, Debug)]
pub(crate) struct InFlight {
    /// Unique in the run, increasing in send order.
    pub id: u64,
    pub from: u32,
    pub to: u32,
    /// The receiver's incarnation when the message was sent: a receiver that crashed since
    /// then lost it.
    pub to_incarnation: u32,
    pub sent_at: Time,
    pub deliver_at: Time,
    pub payload: Payload,
}

impl InFlight {
    pub fn kind(&self) -> MessageKind {
        match &self.payload {
            Payload::Raft(message) => MessageKind::of_raft(&message.body),
            Payload::ClientRequest { .. } => MessageKind::ClientRequest,
            Payload::ClientReply { .. } => MessageKind::ClientReply,
        }
    }

    /// The sender's term; 0 for client messages.
    pub fn term(&self) -> Term {
        match &self.payload {
            Payload::Raft(message) => message.term,
            _ => 0,
        }
    }

    pub fn entry_count(&self) -> usize {
        match &self.payload {
            Payload::Raft(message) => message.body.entry_count(),
            _ => 0,
        }
    }

    /// For replies: vote granted, append succeeded, or command done (not redirected).
    pub fn success(&self) -> Option<bool> {
        match &self.payload {
            Payload::Raft(message) => match message.body {
                MessageBody::RequestVoteReply { vote_granted } => Some(vote_granted),
                MessageBody::AppendEntriesReply { success, .. } => Some(success),
                _ => None,
            },
            Payload::ClientRequest { .. } => None,
            Payload::ClientReply { answer, .. } => Some(matches!(answer, ClientAnswer::Done(_))),
        }
    }

    pub fn to_state(&self) -> MessageState {
        MessageState {
            id: self.id,
            from: self.from,
            to: self.to,
            kind: self.kind().name(),
            term: self.term(),
            entries: self.entry_count(),
            success: self.success(),
            sent_ms: us_to_ms(self.sent_at),
            deliver_ms: us_to_ms(self.deliver_at),
        }
    }
}
