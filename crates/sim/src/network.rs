//! The simulated network: the messages that travel between servers and the client (with the
//! times they were sent and will be delivered), and what the network does to them — latency,
//! loss, duplication, long delays and broken links.

use crate::config::{ms_to_us, us_to_ms, NetworkSettings};
use crate::kv::KvOutput;
use crate::links::Links;
use crate::state::MessageState;
use raft_core::{MessageBody, SeededRng, ServerId, Term, Time};

/// The address of the (single) client; servers are numbered from 1.
pub const CLIENT: u32 = 0;

/// The kind of a message, as named in the playground.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum MessageKind {
    /// A candidate asks for a vote.
    RequestVote,
    /// The answer to a RequestVote.
    RequestVoteReply,
    /// A pre-candidate asks whether it could win the next term (PreVote).
    PreVote,
    /// The answer to a PreVote.
    PreVoteReply,
    /// A leader replicates entries or sends a heartbeat.
    AppendEntries,
    /// The answer to an AppendEntries.
    AppendEntriesReply,
    /// A leader handing leadership over tells its chosen follower to start an election now.
    TimeoutNow,
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
            MessageKind::PreVote => "PreVote",
            MessageKind::PreVoteReply => "PreVoteReply",
            MessageKind::AppendEntries => "AppendEntries",
            MessageKind::AppendEntriesReply => "AppendEntriesReply",
            MessageKind::TimeoutNow => "TimeoutNow",
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
            MessageKind::PreVote => 7,
            MessageKind::PreVoteReply => 8,
            MessageKind::TimeoutNow => 9,
        }
    }

    fn of_raft(body: &MessageBody) -> MessageKind {
        match body {
            MessageBody::RequestVote { .. } => MessageKind::RequestVote,
            MessageBody::RequestVoteReply { .. } => MessageKind::RequestVoteReply,
            MessageBody::PreVote { .. } => MessageKind::PreVote,
            MessageBody::PreVoteReply { .. } => MessageKind::PreVoteReply,
            MessageBody::AppendEntries { .. } => MessageKind::AppendEntries,
            MessageBody::AppendEntriesReply { .. } => MessageKind::AppendEntriesReply,
            MessageBody::TimeoutNow => MessageKind::TimeoutNow,
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
    /// For a copy made by the network: the id of the original.
    pub duplicate_of: Option<u64>,
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
                MessageBody::RequestVoteReply { vote_granted }
                | MessageBody::PreVoteReply { vote_granted } => Some(vote_granted),
                MessageBody::AppendEntriesReply { success, .. } => Some(success),
                _ => None,
            },
            Payload::ClientRequest { .. } => None,
            Payload::ClientReply { answer, .. } => Some(matches!(answer, ClientAnswer::Done(_))),
        }
    }

    /// What the page shows of the message. Not inlined: the frame view builds it in two places
    /// (messages in flight and vanishing ones), and one copy keeps the wasm small.
    #[inline(never)]
    pub fn to_state(&self) -> MessageState {
        let mut state = MessageState {
            id: self.id,
            from: self.from,
            to: self.to,
            kind: self.kind().name(),
            term: self.term(),
            entries: self.entry_count(),
            success: self.success(),
            sent_ms: us_to_ms(self.sent_at),
            deliver_ms: us_to_ms(self.deliver_at),
            duplicate_of: self.duplicate_of,
            ..MessageState::default()
        };
        match &self.payload {
            Payload::Raft(message) => match &message.body {
                MessageBody::RequestVote {
                    last_log_index,
                    last_log_term,
                    leadership_transfer,
                } => {
                    state.last_log_index = Some(*last_log_index);
                    state.last_log_term = Some(*last_log_term);
                    state.leadership_transfer = leadership_transfer.then_some(true);
                }
                MessageBody::PreVote {
                    last_log_index,
                    last_log_term,
                } => {
                    state.last_log_index = Some(*last_log_index);
                    state.last_log_term = Some(*last_log_term);
                }
                MessageBody::RequestVoteReply { .. }
                | MessageBody::PreVoteReply { .. }
                | MessageBody::TimeoutNow => {}
                MessageBody::AppendEntries {
                    prev_log_index,
                    prev_log_term,
                    entries,
                    leader_commit,
                } => {
                    state.prev_log_index = Some(*prev_log_index);
                    state.prev_log_term = Some(*prev_log_term);
                    state.leader_commit = Some(*leader_commit);
                    if let (Some(first), Some(last)) = (entries.first(), entries.last()) {
                        state.first_entry_index = Some(first.index);
                        state.last_entry_index = Some(last.index);
                    }
                }
                MessageBody::AppendEntriesReply {
                    success,
                    match_index,
                    conflict_term,
                    conflict_index,
                } => {
                    state.match_index = Some(*match_index);
                    if !success {
                        state.conflict_term = *conflict_term;
                        state.conflict_index = Some(*conflict_index);
                    }
                }
            },
            Payload::ClientRequest { request, attempt } => {
                state.request = Some(*request);
                state.attempt = Some(*attempt);
            }
            Payload::ClientReply {
                request,
                attempt,
                answer,
            } => {
                state.request = Some(*request);
                state.attempt = Some(*attempt);
                if let ClientAnswer::Redirect { leader_hint } = answer {
                    state.leader_hint = *leader_hint;
                }
            }
        }
        state
    }
}

/// The network's behaviour: its settings, its links, and the random choices it makes for each
/// message. A fault that is off draws no random number, so with every fault off the RNG is used
/// exactly as by a network without faults (one latency draw per message).
#[derive(Clone, Debug)]
pub(crate) struct Network {
    settings: NetworkSettings,
    latency_us_min: Time,
    latency_us_max: Time,
    long_delay_us_max: Time,
    /// Partitions and cut links.
    pub links: Links,
}

impl Network {
    /// A network with valid `settings` and every link up.
    pub fn new(settings: NetworkSettings) -> Network {
        let mut network = Network {
            settings,
            latency_us_min: 0,
            latency_us_max: 0,
            long_delay_us_max: 0,
            links: Links::default(),
        };
        network.set_settings(settings);
        network
    }

    pub fn settings(&self) -> NetworkSettings {
        self.settings
    }

    /// Replaces the settings (already validated); messages in flight keep their delivery times.
    pub fn set_settings(&mut self, settings: NetworkSettings) {
        self.settings = settings;
        self.latency_us_min = ms_to_us(settings.latency_ms[0]);
        self.latency_us_max = ms_to_us(settings.latency_ms[1]);
        self.long_delay_us_max = ms_to_us(settings.long_delay_ms_max);
    }

    /// A one-way latency, drawn uniformly from the latency range: exactly one draw.
    pub fn latency(&self, rng: &mut SeededRng) -> Time {
        rng.in_range(self.latency_us_min, self.latency_us_max)
    }

    /// Whether the network loses a message from `from` to `to`.
    pub fn should_lose(&self, rng: &mut SeededRng, from: u32, to: u32) -> bool {
        between_servers(from, to) && chance(rng, self.settings.loss_rate)
    }

    /// Whether the network delivers a second copy of a message from `from` to `to`.
    pub fn should_duplicate(&self, rng: &mut SeededRng, from: u32, to: u32) -> bool {
        between_servers(from, to) && chance(rng, self.settings.duplicate_rate)
    }

    /// The extra delay of a message from `from` to `to`: 0, or with the long-delay rate a delay
    /// drawn uniformly from 1 µs to the longest extra delay.
    pub fn long_delay(&self, rng: &mut SeededRng, from: u32, to: u32) -> Time {
        if between_servers(from, to) && chance(rng, self.settings.long_delay_rate) {
            rng.in_range(1, self.long_delay_us_max)
        } else {
            0
        }
    }
}

/// Faults apply only between servers: the client's links are reliable (see `NetworkSettings`).
fn between_servers(from: u32, to: u32) -> bool {
    from != CLIENT && to != CLIENT
}

/// True with probability `rate`; draws a number only when `rate` is strictly between 0 and 1.
fn chance(rng: &mut SeededRng, rate: f64) -> bool {
    if rate <= 0.0 {
        false
    } else if rate >= 1.0 {
        true
    } else {
        rng.unit() < rate
    }
}
