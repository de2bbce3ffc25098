//! The trace: every event the simulation records, counted per kind, folded into a running
//! 64-bit hash (the determinism fingerprint shared by native and wasm runs) and kept in a
//! bounded ring of the most recent events. Recording is cheap: events are small `Copy` values
//! and only `describe()` formats text.

use crate::checkers::Property;
use crate::decimal::Decimal;
use crate::links::PartitionGroups;
use crate::network::{MessageKind, CLIENT};
use crate::ring_buffer::RingBuffer;
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
}

/// The kind of a trace event, for counters.
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
}

impl TraceKind {
    /// Every kind, in counter order.
    pub const ALL: [TraceKind; 22] = [
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
        }
    }

    /// Position in `ALL`; also the first byte of the event's hash encoding. Never reorder.
    fn code(self) -> u8 {
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
            | TraceEvent::BrokenRulesChange { time, .. } => time,
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
        }
    }

    /// The event in plain English, e.g. "S3 times out and starts an election for term 4".
    pub fn describe(&self) -> String {
        match *self {
            TraceEvent::Send {
                message,
                from,
                to,
                kind,
                term,
                entries,
                ..
            } => {
                let what = match (kind, entries) {
                    (MessageKind::AppendEntries, 0) => "a heartbeat (AppendEntries)".to_string(),
                    (MessageKind::AppendEntries, 1) => "AppendEntries with 1 entry".to_string(),
                    (MessageKind::AppendEntries, n) => format!("AppendEntries with {n} entries"),
                    (kind, _) => kind.name().to_string(),
                };
                let in_term = if term > 0 {
                    format!(" in term {term}")
                } else {
                    String::new()
                };
                format!(
                    "{} sends {what} to {}{in_term} (message #{message})",
                    node(from),
                    node(to)
                )
            }
            TraceEvent::Deliver {
                message,
                from,
                to,
                kind,
                ..
            } => format!(
                "{} receives {} #{message} from {}",
                node(to),
                kind.name(),
                node(from)
            ),
            TraceEvent::Drop {
                message,
                from,
                to,
                kind,
                reason,
                ..
            } => {
                let why = match reason {
                    DropReason::ReceiverCrashed => format!("{} is crashed", node(to)),
                    DropReason::Lost => "the network lost it".to_string(),
                    DropReason::Partitioned => format!(
                        "{} and {} are in different partitions",
                        node(from),
                        node(to)
                    ),
                    DropReason::LinkCut => {
                        format!("the link from {} to {} is cut", node(from), node(to))
                    }
                    DropReason::DroppedByUser => "dropped by hand".to_string(),
                };
                format!(
                    "{} #{message} from {} to {} is lost: {why}",
                    kind.name(),
                    node(from),
                    node(to)
                )
            }
            TraceEvent::Timeout {
                server, role, term, ..
            } => match role {
                Role::Leader => format!("S{server} sends heartbeats (term {term})"),
                _ => format!("S{server} times out and starts an election for term {term}"),
            },
            TraceEvent::TimeoutNow { server, term, .. } => {
                format!("S{server} is told to time out now and starts an election for term {term}")
            }
            TraceEvent::RoleChange {
                server,
                from,
                to,
                term,
                ..
            } => match to {
                Role::Leader => format!("S{server} becomes leader of term {term}"),
                Role::Candidate => format!("S{server} becomes a candidate in term {term}"),
                Role::Follower => format!(
                    "S{server} steps down from {} to follower in term {term}",
                    role_name(from)
                ),
            },
            TraceEvent::Commit {
                server,
                index,
                by_leader,
                ..
            } => match by_leader {
                true => format!(
                    "S{server} commits the entries up to index {index}: a majority of the \
                     servers store them"
                ),
                false => format!("S{server} learns that entries up to index {index} are committed"),
            },
            TraceEvent::Apply {
                server,
                index,
                term,
                repeat,
                ..
            } => format!(
                "S{server} applies entry {index} (term {term}) to its key-value store{}",
                if repeat {
                    ": a request it applied already, so nothing changes"
                } else {
                    ""
                }
            ),
            TraceEvent::Crash { server, .. } => {
                format!("S{server} crashes and loses its volatile state")
            }
            TraceEvent::Restart { server, .. } => {
                format!("S{server} restarts from its persisted term, vote and log")
            }
            TraceEvent::ClientRequest { request, .. } => {
                format!("the client issues request #{request}")
            }
            TraceEvent::Propose {
                server,
                request,
                index,
                term,
                ..
            } => format!(
                "S{server} appends request #{request} to its log at index {index} (term {term})"
            ),
            TraceEvent::ClientRetry {
                request,
                to,
                attempt,
                reason,
                ..
            } => {
                let why = match reason {
                    RetryReason::Redirected => "redirected",
                    RetryReason::NoLeaderKnown => "no leader was known",
                    RetryReason::NoAnswer => "no answer in time",
                };
                format!(
                    "the client sends request #{request} again to S{to} ({why}, attempt {attempt})"
                )
            }
            TraceEvent::ClientReply {
                request,
                from,
                latency,
                ..
            } => format!(
                "request #{request} completes: S{from} answers after {} ms",
                Decimal(latency as f64 / 1_000.0)
            ),
            TraceEvent::Duplicate {
                message,
                original,
                from,
                to,
                kind,
                ..
            } => format!(
                "the network duplicates {} #{original} from {} to {}: the copy is #{message}",
                kind.name(),
                node(from),
                node(to)
            ),
            TraceEvent::Partition { groups, .. } => {
                format!("the network is partitioned into {groups}")
            }
            TraceEvent::Heal { .. } => {
                "the network heals: every partition and cut link is removed".to_string()
            }
            TraceEvent::Cut {
                from, to, one_way, ..
            } => match one_way {
                true => format!("the link from S{from} to S{to} is cut (one way)"),
                false => format!("the link between S{from} and S{to} is cut both ways"),
            },
            TraceEvent::Repair {
                from, to, one_way, ..
            } => match one_way {
                true => format!("the link from S{from} to S{to} is repaired (one way)"),
                false => format!("the link between S{from} and S{to} is repaired both ways"),
            },
            TraceEvent::NetworkChange {
                loss_rate_ppm,
                duplicate_rate_ppm,
                long_delay_rate_ppm,
                long_delay_ms_max,
                latency_ms_min,
                latency_ms_max,
                ..
            } => format!(
                "the network changes: latency {latency_ms_min}–{latency_ms_max} ms, loss {}%, \
                 duplication {}%, long delays {}% (up to {long_delay_ms_max} ms)",
                Decimal(loss_rate_ppm as f64 / 1e4),
                Decimal(duplicate_rate_ppm as f64 / 1e4),
                Decimal(long_delay_rate_ppm as f64 / 1e4)
            ),
            TraceEvent::Violation {
                property, server, ..
            } => format!("a safety checker finds {property} broken (exposed by S{server})"),
            TraceEvent::BrokenRulesChange { rules, .. } => {
                let broken: Vec<&str> = rules.broken().map(|rule| rule.id()).collect();
                if broken.is_empty() {
                    "every safety rule is restored: the servers run plain Raft".to_string()
                } else {
                    format!("UNSAFE: the servers now break {}", broken.join(", "))
                }
            }
        }
    }

    /// Writes the event's fields in a fixed little-endian layout for the trace hash.
    #[inline(always)]
    fn encode(&self, out: &mut Encoder) {
        out.u8(self.kind().code());
        out.u64(self.time());
        match *self {
            TraceEvent::Send {
                message,
                from,
                to,
                kind,
                term,
                entries,
                ..
            } => {
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
                out.u64(term);
                out.u32(entries);
            }
            TraceEvent::Deliver {
                message,
                from,
                to,
                kind,
                ..
            } => {
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
            }
            TraceEvent::Drop {
                message,
                from,
                to,
                kind,
                reason,
                ..
            } => {
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
                out.u8(match reason {
                    DropReason::ReceiverCrashed => 1,
                    DropReason::Lost => 2,
                    DropReason::Partitioned => 3,
                    DropReason::LinkCut => 4,
                    DropReason::DroppedByUser => 5,
                });
            }
            TraceEvent::Timeout {
                server, role, term, ..
            } => {
                out.u32(server);
                out.u8(role_code(role));
                out.u64(term);
            }
            TraceEvent::TimeoutNow { server, term, .. } => {
                out.u32(server);
                out.u64(term);
            }
            TraceEvent::RoleChange {
                server,
                from,
                to,
                term,
                ..
            } => {
                out.u32(server);
                out.u8(role_code(from));
                out.u8(role_code(to));
                out.u64(term);
            }
            TraceEvent::Commit { server, index, .. } => {
                out.u32(server);
                out.u64(index);
            }
            TraceEvent::Apply {
                server,
                index,
                term,
                ..
            } => {
                out.u32(server);
                out.u64(index);
                out.u64(term);
            }
            TraceEvent::Crash { server, .. } | TraceEvent::Restart { server, .. } => {
                out.u32(server);
            }
            TraceEvent::ClientRequest { request, .. } => out.u64(request),
            TraceEvent::Propose {
                server,
                request,
                index,
                term,
                ..
            } => {
                out.u32(server);
                out.u64(request);
                out.u64(index);
                out.u64(term);
            }
            TraceEvent::ClientRetry {
                request,
                to,
                attempt,
                reason,
                ..
            } => {
                out.u64(request);
                out.u32(to);
                out.u32(attempt);
                out.u8(match reason {
                    RetryReason::Redirected => 1,
                    RetryReason::NoLeaderKnown => 2,
                    RetryReason::NoAnswer => 3,
                });
            }
            TraceEvent::ClientReply {
                request,
                from,
                latency,
                ..
            } => {
                out.u64(request);
                out.u32(from);
                out.u64(latency);
            }
            TraceEvent::Duplicate {
                message,
                original,
                from,
                to,
                kind,
                ..
            } => {
                out.u64(message);
                out.u64(original);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
            }
            TraceEvent::Partition { groups, .. } => {
                for &group in groups.group_codes() {
                    out.u8(group);
                }
            }
            TraceEvent::Heal { .. } => {}
            TraceEvent::Cut {
                from, to, one_way, ..
            }
            | TraceEvent::Repair {
                from, to, one_way, ..
            } => {
                out.u32(from);
                out.u32(to);
                out.u8(u8::from(one_way));
            }
            TraceEvent::NetworkChange {
                loss_rate_ppm,
                duplicate_rate_ppm,
                long_delay_rate_ppm,
                long_delay_ms_max,
                latency_ms_min,
                latency_ms_max,
                ..
            } => {
                out.u32(loss_rate_ppm);
                out.u32(duplicate_rate_ppm);
                out.u32(long_delay_rate_ppm);
                out.u32(long_delay_ms_max);
                out.u32(latency_ms_min);
                out.u32(latency_ms_max);
            }
            TraceEvent::Violation {
                property, server, ..
            } => {
                out.u8(property as u8);
                out.u32(server);
            }
            TraceEvent::BrokenRulesChange { rules, .. } => {
                let mask = rules
                    .broken()
                    .fold(0u8, |mask, rule| mask | 1 << (rule as u8));
                out.u8(mask);
            }
        }
    }
}

fn node(id: u32) -> String {
    if id == CLIENT {
        "the client".to_string()
    } else {
        format!("S{id}")
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

fn role_code(role: Role) -> u8 {
    match role {
        Role::Follower => 1,
        Role::Candidate => 2,
        Role::Leader => 3,
    }
}

/// Folds an event into the running hash. The event's fields are laid out as little-endian bytes,
/// one after the other, and packed into 64-bit words; each full word is mixed into the state
/// with one multiply and one xor-shift (a bijection of the state for a given word, so distinct
/// histories never collapse). The last, partial word carries the event's length in bytes in
/// its top byte, so zero padding is never ambiguous. Field offsets are constants for each kind
/// of event, so after inlining the packing costs a few shifts.
struct Encoder {
    hash: u64,
    /// Bytes of the current, not yet mixed, word (the low `bits` bits are used).
    word: u64,
    bits: u32,
    /// Bytes of the event so far.
    bytes: u32,
}

impl Encoder {
    #[inline(always)]
    fn new(hash: u64) -> Encoder {
        Encoder {
            hash,
            word: 0,
            bits: 0,
            bytes: 0,
        }
    }

    /// Appends the low `width` bits of `value` (`width` is 8, 32 or 64 and `value < 2^width`).
    #[inline(always)]
    fn put(&mut self, value: u64, width: u32) {
        self.bytes += width / 8;
        self.word |= value << self.bits;
        let end = self.bits + width;
        if end < 64 {
            self.bits = end;
            return;
        }
        let word = self.word;
        self.mix(word);
        // The bits of `value` that did not fit (none if the word was empty before).
        self.word = if self.bits == 0 {
            0
        } else {
            value >> (64 - self.bits)
        };
        self.bits = end - 64;
    }

    #[inline(always)]
    fn mix(&mut self, word: u64) {
        let hash = (self.hash ^ word).wrapping_mul(MIX_MULTIPLIER);
        self.hash = hash ^ (hash >> 32);
    }

    #[inline(always)]
    fn u8(&mut self, value: u8) {
        self.put(u64::from(value), 8);
    }
    #[inline(always)]
    fn u32(&mut self, value: u32) {
        self.put(u64::from(value), 32);
    }
    #[inline(always)]
    fn u64(&mut self, value: u64) {
        self.put(value, 64);
    }

    /// Mixes the last word, with the event's length in its top byte, and returns the state.
    #[inline(always)]
    fn finish(mut self) -> u64 {
        if self.bits > 56 {
            let word = self.word;
            self.mix(word);
            self.word = 0;
        }
        let last = self.word | (u64::from(self.bytes & 0xff) << 56);
        self.mix(last);
        self.hash
    }
}

/// Starting state of the hash.
const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;
/// Odd, so multiplying by it is a bijection (2^64 / golden ratio).
const MIX_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The murmur3 64-bit finalizer: spreads every bit of the state over the reported hash.
fn finalize(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// Most recent events kept by default.
pub const DEFAULT_RECENT_EVENTS: usize = 1_000;

/// Most recent milestones kept (see [`TraceEvent::is_milestone`]): the page's event list.
pub const MILESTONES_KEPT: usize = 200;

/// Counters, the running hash, the most recent events and the most recent milestones of a run.
#[derive(Clone, Debug)]
pub struct Trace {
    counts: [u64; TraceKind::ALL.len()],
    total: u64,
    hash: u64,
    recent: RingBuffer<TraceEvent>,
    milestones: RingBuffer<TraceEvent>,
    milestone_total: u64,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::new(DEFAULT_RECENT_EVENTS)
    }
}

impl Trace {
    /// An empty trace keeping the `recent_capacity` most recent events (and the
    /// [`MILESTONES_KEPT`] most recent milestones).
    pub fn new(recent_capacity: usize) -> Trace {
        Trace {
            counts: [0; TraceKind::ALL.len()],
            total: 0,
            hash: HASH_SEED,
            recent: RingBuffer::new(recent_capacity),
            milestones: RingBuffer::new(MILESTONES_KEPT),
            milestone_total: 0,
        }
    }

    /// Counts the event, folds it into the hash (its little-endian encoding, mixed a 64-bit
    /// word at a time) and keeps it among the recent events. Inlined, so each call site's
    /// encoding folds to a few shifts for its one kind of event.
    #[inline(always)]
    pub fn record(&mut self, event: TraceEvent) {
        self.counts[event.kind().code() as usize] += 1;
        self.total += 1;
        let mut encoder = Encoder::new(self.hash);
        event.encode(&mut encoder);
        self.hash = encoder.finish();
        if event.is_milestone() {
            self.milestone_total += 1;
            self.milestones.push(event);
        }
        self.recent.push(event);
    }

    /// The running hash of every event so far: equal hashes mean (with overwhelming
    /// probability) identical traces.
    pub fn hash(&self) -> u64 {
        finalize(self.hash)
    }

    /// Number of events recorded.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Number of events of one kind.
    pub fn count(&self, kind: TraceKind) -> u64 {
        self.counts[kind.code() as usize]
    }

    /// Every kind with its count, in `TraceKind::ALL` order.
    pub fn counts(&self) -> impl Iterator<Item = (TraceKind, u64)> + '_ {
        TraceKind::ALL.iter().map(|&kind| (kind, self.count(kind)))
    }

    /// Keeps only the `capacity` most recent events from now on, forgetting those kept so far.
    pub fn keep_recent(&mut self, capacity: usize) {
        self.recent = RingBuffer::new(capacity);
    }

    /// The most recent events, oldest first.
    pub fn recent(&self) -> impl DoubleEndedIterator<Item = &TraceEvent> {
        self.recent.iter()
    }

    /// The most recent milestones (at most [`MILESTONES_KEPT`]), oldest first, each with its
    /// number: the first milestone of the run is 1, and [`Trace::milestone_total`] the last.
    pub fn milestones(&self) -> impl Iterator<Item = (u64, &TraceEvent)> {
        let first = self.milestone_total - self.milestones.len() as u64 + 1;
        (first..).zip(self.milestones.iter())
    }

    /// Number of milestones recorded since the run began.
    pub fn milestone_total(&self) -> u64 {
        self.milestone_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crash(time: Time, server: ServerId) -> TraceEvent {
        TraceEvent::Crash { time, server }
    }

    #[test]
    fn kind_codes_follow_all() {
        for (position, kind) in TraceKind::ALL.iter().enumerate() {
            assert_eq!(kind.code() as usize, position);
        }
    }

    #[test]
    fn hash_mixes_the_little_endian_encoding_a_word_at_a_time() {
        let mut trace = Trace::new(4);
        trace.record(crash(0x0102, 3));
        // Encoding: kind code, time (8 bytes), server (4 bytes): 13 bytes in two words; the
        // second word carries the length in its top byte.
        let code = TraceKind::Crash as u64;
        let first_word = code | (0x0102 << 8);
        let second_word = 3 << 8 | (13 << 56);
        let mix = |hash: u64, word: u64| {
            let hash = (hash ^ word).wrapping_mul(MIX_MULTIPLIER);
            hash ^ (hash >> 32)
        };
        let expected = finalize(mix(mix(HASH_SEED, first_word), second_word));
        assert_eq!(trace.hash(), expected);
    }

    #[test]
    fn a_field_straddling_two_words_is_split_between_them() {
        let mut encoder = Encoder::new(0);
        encoder.u32(0xaaaa_aaaa);
        encoder.u64(0x1122_3344_5566_7788);
        assert_eq!(
            encoder.word, 0x1122_3344,
            "the top half waits in the next word"
        );
        assert_eq!((encoder.bits, encoder.bytes), (32, 12));
        let mut reference = Encoder::new(0);
        reference.mix(0x5566_7788_aaaa_aaaa);
        assert_eq!(encoder.hash, reference.hash);
    }

    #[test]
    fn hash_depends_on_order_and_content() {
        let mut a = Trace::new(4);
        a.record(crash(1, 1));
        a.record(crash(2, 2));
        let mut b = Trace::new(4);
        b.record(crash(2, 2));
        b.record(crash(1, 1));
        let mut c = Trace::new(4);
        c.record(crash(1, 1));
        c.record(crash(2, 3));
        assert_ne!(a.hash(), b.hash());
        assert_ne!(a.hash(), c.hash());
    }

    #[test]
    fn ring_keeps_the_most_recent_events_oldest_first() {
        let mut trace = Trace::new(3);
        for time in 1..=5 {
            trace.record(crash(time, 1));
        }
        let times: Vec<Time> = trace.recent().map(TraceEvent::time).collect();
        assert_eq!(times, vec![3, 4, 5]);
        assert_eq!(trace.total(), 5);
        assert_eq!(trace.count(TraceKind::Crash), 5);
        assert_eq!(trace.count(TraceKind::Send), 0);
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

    #[test]
    fn describes_in_plain_english() {
        let timeout = TraceEvent::Timeout {
            time: 0,
            server: 3,
            role: Role::Follower,
            term: 4,
        };
        assert_eq!(
            timeout.describe(),
            "S3 times out and starts an election for term 4"
        );
        let send = TraceEvent::Send {
            time: 0,
            message: 9,
            from: 1,
            to: 2,
            kind: MessageKind::AppendEntries,
            term: 2,
            entries: 3,
        };
        assert_eq!(
            send.describe(),
            "S1 sends AppendEntries with 3 entries to S2 in term 2 (message #9)"
        );
        let client = TraceEvent::Send {
            time: 0,
            message: 10,
            from: CLIENT,
            to: 2,
            kind: MessageKind::ClientRequest,
            term: 0,
            entries: 0,
        };
        assert_eq!(
            client.describe(),
            "the client sends ClientRequest to S2 (message #10)"
        );
    }
}
