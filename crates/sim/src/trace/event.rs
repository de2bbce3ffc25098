//! What the trace records: one small `Copy` value per thing that happened in a run (a message
//! sent, delivered or lost, a timeout, a role change, a commit, a crash, an action...), and its
//! kind. How an event is told in words is in `describe.rs`, how it is hashed in `fingerprint.rs`.

use crate::checkers::Property;
use crate::extensions::Extensions;
use crate::links::PartitionGroups;
use crate::network::MessageKind;
use raft_core::{LogIndex, Role, ServerId, Term, Time, UnsafeRules};

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DropReason {
    /// The receiver was crashed when the message arrived, or crashed after it was sent.
    ReceiverCrashed,
    /// The network lost it (the loss rate).
    Lost,
    /// Sender and receiver were in different groups of a partition, when it was sent or when
    /// it arrived.
    Partitioned,
    /// The link was cut in the message's direction, when it was sent or when it arrived.
    LinkCut,
    /// A person dropped it while it was in flight.
    DroppedByUser,
}

impl DropReason {
    /// Name in camelCase, as in JSON ("lost", "linkCut", ...).
    pub fn name(self) -> &'static str {
        match self {
            DropReason::ReceiverCrashed => "receiverCrashed",
            DropReason::Lost => "lost",
            DropReason::Partitioned => "partitioned",
            DropReason::LinkCut => "linkCut",
            DropReason::DroppedByUser => "droppedByUser",
        }
    }
}

/// Why the client sent a request again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RetryReason {
    /// A server redirected it to the leader it knows.
    Redirected,
    /// A server knew no leader; the client waited and now tries the next server.
    NoLeaderKnown,
    /// No answer came within the client's timeout; it tries the next server.
    NoAnswer,
}

/// One recorded event. Every variant carries its virtual time (microseconds).
///
/// The variants are in [`TraceKind`]'s order, new ones last: `kind()` is then the discriminant
/// itself, which the wasm build inlines. Out of order it became a table lookup in a call on
/// every event, and cost 7% of V8's instructions per simulated second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TraceEvent {
    /// A message leaves its sender (0 is the client).
    Send {
        /// When.
        time: Time,
        /// Message id.
        message: u64,
        /// Sender.
        from: u32,
        /// Receiver.
        to: u32,
        /// Kind.
        kind: MessageKind,
        /// Sender's term (0 for client messages).
        term: Term,
        /// Log entries carried.
        entries: u32,
    },
    /// A message reaches its receiver.
    Deliver {
        /// When.
        time: Time,
        /// Message id.
        message: u64,
        /// Sender.
        from: u32,
        /// Receiver.
        to: u32,
        /// Kind.
        kind: MessageKind,
    },
    /// A message is lost.
    Drop {
        /// When.
        time: Time,
        /// Message id.
        message: u64,
        /// Sender.
        from: u32,
        /// Receiver.
        to: u32,
        /// Kind.
        kind: MessageKind,
        /// Why.
        reason: DropReason,
    },
    /// A server's timer fired: a leader sends heartbeats, anyone else starts an election.
    Timeout {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// Its role before the timer fired.
        role: Role,
        /// Its term afterwards.
        term: Term,
    },
    /// A person told a server to time out now.
    TimeoutNow {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// Its term afterwards.
        term: Term,
    },
    /// A server changed role.
    RoleChange {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// Old role.
        from: Role,
        /// New role.
        to: Role,
        /// Term of the new role.
        term: Term,
    },
    /// A server's commit index advanced.
    Commit {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// New commit index.
        index: LogIndex,
        /// The server is the leader, which decided it (a majority stores the entries); a
        /// follower learns it from the leader. Not hashed: it follows from the role changes.
        by_leader: bool,
    },
    /// A server applied an entry to its key-value store.
    Apply {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// Entry index.
        index: LogIndex,
        /// Entry term.
        term: Term,
        /// The entry repeats a client request this server has applied already (a retry that a
        /// new leader appended again), so it changed nothing. Not hashed: it follows from the
        /// log and the requests.
        repeat: bool,
    },
    /// A server crashed.
    Crash {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
    },
    /// A crashed server restarted from what it persisted.
    Restart {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
    },
    /// The client issued a new request.
    ClientRequest {
        /// When.
        time: Time,
        /// Request id.
        request: u64,
    },
    /// A leader appended a client request to its log.
    Propose {
        /// When.
        time: Time,
        /// The leader.
        server: ServerId,
        /// Request id.
        request: u64,
        /// Index of the new entry.
        index: LogIndex,
        /// Term of the new entry.
        term: Term,
    },
    /// The client sent a request again.
    ClientRetry {
        /// When.
        time: Time,
        /// Request id.
        request: u64,
        /// Server it now tries.
        to: ServerId,
        /// Attempt number (the first sending is 1).
        attempt: u32,
        /// Why.
        reason: RetryReason,
    },
    /// The client received the result of a request: the request is complete.
    ClientReply {
        /// When.
        time: Time,
        /// Request id.
        request: u64,
        /// The server that answered.
        from: ServerId,
        /// Time since the request was issued.
        latency: Time,
    },
    /// The network delivers a second copy of a message: the copy has its own id and latency.
    Duplicate {
        /// When (the original's sending).
        time: Time,
        /// Id of the copy.
        message: u64,
        /// Id of the original.
        original: u64,
        /// Sender.
        from: u32,
        /// Receiver.
        to: u32,
        /// Kind.
        kind: MessageKind,
    },
    /// The servers were split into groups that cannot reach each other.
    Partition {
        /// When.
        time: Time,
        /// The groups.
        groups: PartitionGroups,
    },
    /// Every partition and cut link was removed.
    Heal {
        /// When.
        time: Time,
    },
    /// A link was cut.
    Cut {
        /// When.
        time: Time,
        /// One end.
        from: ServerId,
        /// The other end.
        to: ServerId,
        /// True: only messages from `from` to `to` are dropped; false: both directions.
        one_way: bool,
    },
    /// A cut link was repaired.
    Repair {
        /// When.
        time: Time,
        /// One end.
        from: ServerId,
        /// The other end.
        to: ServerId,
        /// True: only the direction from `from` to `to`; false: both directions.
        one_way: bool,
    },
    /// The network's settings changed (rates in millionths).
    NetworkChange {
        /// When.
        time: Time,
        /// Loss probability × 10⁶.
        loss_rate_ppm: u32,
        /// Duplication probability × 10⁶.
        duplicate_rate_ppm: u32,
        /// Long-delay probability × 10⁶.
        long_delay_rate_ppm: u32,
        /// Longest extra delay (milliseconds).
        long_delay_ms_max: u32,
        /// Shortest latency (milliseconds).
        latency_ms_min: u32,
        /// Longest latency (milliseconds).
        latency_ms_max: u32,
    },
    /// A safety checker found a broken guarantee (the first one of the run; see
    /// `Simulation::violation` for the servers, index, term and explanation).
    Violation {
        /// When.
        time: Time,
        /// The guarantee that broke.
        property: Property,
        /// The server whose event exposed it.
        server: ServerId,
    },
    /// The set of broken safety rules changed (unsafe, for teaching; see `UnsafeRules`).
    BrokenRulesChange {
        /// When.
        time: Time,
        /// The rules broken from now on (all off: plain Raft).
        rules: UnsafeRules,
    },
    /// The set of Raft extensions switched on changed (see `Extensions`).
    ExtensionsChange {
        /// When.
        time: Time,
        /// The extensions on from now on (none: the paper's Raft).
        extensions: Extensions,
    },
    /// A leader heard from no majority for an election timeout and steps down (CheckQuorum);
    /// the `RoleChange` to follower follows.
    QuorumLost {
        /// When.
        time: Time,
        /// The leader.
        server: ServerId,
        /// The term it led and keeps.
        term: Term,
    },
    /// PreVote: a server's election timer fired (or it was told to time out now) and it asks
    /// the others whether they would vote for it in `term`, before starting an election.
    PreElection {
        /// When.
        time: Time,
        /// Which server.
        server: ServerId,
        /// The term it asks about (its own term + 1).
        term: Term,
        /// True if a person told it to time out now.
        told: bool,
    },
    /// A person asked the leader to hand leadership over to `to` (dissertation §3.10): it takes
    /// no commands until the transfer ends, catches `to` up and sends it a TimeoutNow.
    TransferLeadership {
        /// When.
        time: Time,
        /// The leader.
        leader: ServerId,
        /// The server it hands leadership to.
        to: ServerId,
        /// The leader's term.
        term: Term,
    },
    /// A leadership transfer did not end within an election timeout: the leader keeps leading
    /// and takes commands again.
    TransferGivenUp {
        /// When.
        time: Time,
        /// The leader.
        leader: ServerId,
        /// The server it meant to hand leadership to.
        to: ServerId,
        /// The leader's term.
        term: Term,
    },
}

/// The kind of a trace event, for counters. In [`TraceEvent`]'s order (see there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TraceKind {
    /// `TraceEvent::Send`.
    Send,
    /// `TraceEvent::Deliver`.
    Deliver,
    /// `TraceEvent::Drop`.
    Drop,
    /// `TraceEvent::Timeout`.
    Timeout,
    /// `TraceEvent::TimeoutNow`.
    TimeoutNow,
    /// `TraceEvent::RoleChange`.
    RoleChange,
    /// `TraceEvent::Commit`.
    Commit,
    /// `TraceEvent::Apply`.
    Apply,
    /// `TraceEvent::Crash`.
    Crash,
    /// `TraceEvent::Restart`.
    Restart,
    /// `TraceEvent::ClientRequest`.
    ClientRequest,
    /// `TraceEvent::Propose`.
    Propose,
    /// `TraceEvent::ClientRetry`.
    ClientRetry,
    /// `TraceEvent::ClientReply`.
    ClientReply,
    /// `TraceEvent::Duplicate`.
    Duplicate,
    /// `TraceEvent::Partition`.
    Partition,
    /// `TraceEvent::Heal`.
    Heal,
    /// `TraceEvent::Cut`.
    Cut,
    /// `TraceEvent::Repair`.
    Repair,
    /// `TraceEvent::NetworkChange`.
    NetworkChange,
    /// `TraceEvent::Violation`.
    Violation,
    /// `TraceEvent::BrokenRulesChange`.
    BrokenRulesChange,
    /// `TraceEvent::ExtensionsChange`.
    ExtensionsChange,
    /// `TraceEvent::QuorumLost`.
    QuorumLost,
    /// `TraceEvent::PreElection`.
    PreElection,
    /// `TraceEvent::TransferLeadership`.
    TransferLeadership,
    /// `TraceEvent::TransferGivenUp`.
    TransferGivenUp,
}

impl TraceKind {
    /// Every kind, in counter order.
    pub const ALL: [TraceKind; 27] = [
        TraceKind::Send,
        TraceKind::Deliver,
        TraceKind::Drop,
        TraceKind::Timeout,
        TraceKind::TimeoutNow,
        TraceKind::RoleChange,
        TraceKind::Commit,
        TraceKind::Apply,
        TraceKind::Crash,
        TraceKind::Restart,
        TraceKind::ClientRequest,
        TraceKind::Propose,
        TraceKind::ClientRetry,
        TraceKind::ClientReply,
        TraceKind::Duplicate,
        TraceKind::Partition,
        TraceKind::Heal,
        TraceKind::Cut,
        TraceKind::Repair,
        TraceKind::NetworkChange,
        TraceKind::Violation,
        TraceKind::BrokenRulesChange,
        TraceKind::ExtensionsChange,
        TraceKind::QuorumLost,
        TraceKind::PreElection,
        TraceKind::TransferLeadership,
        TraceKind::TransferGivenUp,
    ];

    /// Name in camelCase, as in JSON ("send", "roleChange", ...).
    pub fn name(self) -> &'static str {
        match self {
            TraceKind::Send => "send",
            TraceKind::Deliver => "deliver",
            TraceKind::Drop => "drop",
            TraceKind::Timeout => "timeout",
            TraceKind::TimeoutNow => "timeoutNow",
            TraceKind::RoleChange => "roleChange",
            TraceKind::Commit => "commit",
            TraceKind::Apply => "apply",
            TraceKind::Crash => "crash",
            TraceKind::Restart => "restart",
            TraceKind::ClientRequest => "clientRequest",
            TraceKind::Propose => "propose",
            TraceKind::ClientRetry => "clientRetry",
            TraceKind::ClientReply => "clientReply",
            TraceKind::Duplicate => "duplicate",
            TraceKind::Partition => "partition",
            TraceKind::Heal => "heal",
            TraceKind::Cut => "cut",
            TraceKind::Repair => "repair",
            TraceKind::NetworkChange => "networkChange",
            TraceKind::Violation => "violation",
            TraceKind::BrokenRulesChange => "brokenRulesChange",
            TraceKind::ExtensionsChange => "extensionsChange",
            TraceKind::QuorumLost => "quorumLost",
            TraceKind::PreElection => "preElection",
            TraceKind::TransferLeadership => "transferLeadership",
            TraceKind::TransferGivenUp => "transferGivenUp",
        }
    }

    /// Position in `ALL`; also the first byte of the event's hash encoding. Never reorder.
    pub(super) fn code(self) -> u8 {
        self as u8
    }
}

impl TraceEvent {
    /// The virtual time of the event (microseconds).
    pub fn time(&self) -> Time {
        match *self {
            TraceEvent::Send { time, .. }
            | TraceEvent::Deliver { time, .. }
            | TraceEvent::Drop { time, .. }
            | TraceEvent::Timeout { time, .. }
            | TraceEvent::TimeoutNow { time, .. }
            | TraceEvent::RoleChange { time, .. }
            | TraceEvent::QuorumLost { time, .. }
            | TraceEvent::PreElection { time, .. }
            | TraceEvent::Commit { time, .. }
            | TraceEvent::Apply { time, .. }
            | TraceEvent::Crash { time, .. }
            | TraceEvent::Restart { time, .. }
            | TraceEvent::ClientRequest { time, .. }
            | TraceEvent::Propose { time, .. }
            | TraceEvent::ClientRetry { time, .. }
            | TraceEvent::ClientReply { time, .. }
            | TraceEvent::Duplicate { time, .. }
            | TraceEvent::Partition { time, .. }
            | TraceEvent::Heal { time }
            | TraceEvent::Cut { time, .. }
            | TraceEvent::Repair { time, .. }
            | TraceEvent::NetworkChange { time, .. }
            | TraceEvent::Violation { time, .. }
            | TraceEvent::BrokenRulesChange { time, .. }
            | TraceEvent::ExtensionsChange { time, .. }
            | TraceEvent::TransferLeadership { time, .. }
            | TraceEvent::TransferGivenUp { time, .. } => time,
        }
    }

    /// Which kind of event this is.
    pub fn kind(&self) -> TraceKind {
        match self {
            TraceEvent::Send { .. } => TraceKind::Send,
            TraceEvent::Deliver { .. } => TraceKind::Deliver,
            TraceEvent::Drop { .. } => TraceKind::Drop,
            TraceEvent::Timeout { .. } => TraceKind::Timeout,
            TraceEvent::TimeoutNow { .. } => TraceKind::TimeoutNow,
            TraceEvent::RoleChange { .. } => TraceKind::RoleChange,
            TraceEvent::Commit { .. } => TraceKind::Commit,
            TraceEvent::Apply { .. } => TraceKind::Apply,
            TraceEvent::Crash { .. } => TraceKind::Crash,
            TraceEvent::Restart { .. } => TraceKind::Restart,
            TraceEvent::ClientRequest { .. } => TraceKind::ClientRequest,
            TraceEvent::Propose { .. } => TraceKind::Propose,
            TraceEvent::ClientRetry { .. } => TraceKind::ClientRetry,
            TraceEvent::ClientReply { .. } => TraceKind::ClientReply,
            TraceEvent::Duplicate { .. } => TraceKind::Duplicate,
            TraceEvent::Partition { .. } => TraceKind::Partition,
            TraceEvent::Heal { .. } => TraceKind::Heal,
            TraceEvent::Cut { .. } => TraceKind::Cut,
            TraceEvent::Repair { .. } => TraceKind::Repair,
            TraceEvent::NetworkChange { .. } => TraceKind::NetworkChange,
            TraceEvent::Violation { .. } => TraceKind::Violation,
            TraceEvent::BrokenRulesChange { .. } => TraceKind::BrokenRulesChange,
            TraceEvent::ExtensionsChange { .. } => TraceKind::ExtensionsChange,
            TraceEvent::QuorumLost { .. } => TraceKind::QuorumLost,
            TraceEvent::PreElection { .. } => TraceKind::PreElection,
            TraceEvent::TransferLeadership { .. } => TraceKind::TransferLeadership,
            TraceEvent::TransferGivenUp { .. } => TraceKind::TransferGivenUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_follow_all() {
        for (position, kind) in TraceKind::ALL.iter().enumerate() {
            assert_eq!(kind.code() as usize, position);
        }
    }

    #[test]
    fn drop_reasons_are_named_as_serde_writes_them() {
        for reason in [
            DropReason::ReceiverCrashed,
            DropReason::Lost,
            DropReason::Partitioned,
            DropReason::LinkCut,
            DropReason::DroppedByUser,
        ] {
            let serde = serde_json::to_string(&reason).unwrap();
            assert_eq!(serde, format!("\"{}\"", reason.name()));
        }
    }
}
