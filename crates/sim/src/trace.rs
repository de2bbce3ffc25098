//! The trace: every event the simulation records, counted per kind, folded into a running
//! 64-bit hash (the determinism fingerprint shared by native and wasm runs) and kept in a
//! bounded ring of the most recent events. Recording is cheap: events are small `Copy` values
//! and only `describe()` formats text.

use crate::network::{MessageKind, CLIENT};
use raft_core::{LogIndex, Role, ServerId, Term, Time};

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DropReason {
    /// The receiver was crashed when the message arrived, or crashed after it was sent.
    ReceiverCrashed,
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
}

impl TraceKind {
    /// Every kind, in counter order.
    pub const ALL: [TraceKind; 14] = [
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
            | TraceEvent::ClientReply { time, .. } => time,
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
            TraceEvent::Commit { server, index, .. } => {
                format!("S{server} learns that entries up to index {index} are committed")
            }
            TraceEvent::Apply {
                server,
                index,
                term,
                ..
            } => format!("S{server} applies entry {index} (term {term}) to its key-value store"),
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
                latency as f64 / 1_000.0
            ),
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

/// FNV-1a, fed the event's fields as little-endian bytes, one field at a time (no buffer).
struct Encoder {
    hash: u64,
}

impl Encoder {
    #[inline(always)]
    fn bytes<const N: usize>(&mut self, bytes: [u8; N]) {
        let mut hash = self.hash;
        for byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
        self.hash = hash;
    }
    #[inline(always)]
    fn u8(&mut self, value: u8) {
        self.bytes([value]);
    }
    #[inline(always)]
    fn u32(&mut self, value: u32) {
        self.bytes(value.to_le_bytes());
    }
    #[inline(always)]
    fn u64(&mut self, value: u64) {
        self.bytes(value.to_le_bytes());
    }
}

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Most recent events kept by default.
pub const DEFAULT_RECENT_EVENTS: usize = 1_000;

/// Counters, the running hash and the most recent events of a run.
#[derive(Clone, Debug)]
pub struct Trace {
    counts: [u64; TraceKind::ALL.len()],
    total: u64,
    hash: u64,
    /// Ring buffer; once full, `next_slot` is the oldest event.
    recent: Vec<TraceEvent>,
    recent_capacity: usize,
    next_slot: usize,
}

impl Default for Trace {
    fn default() -> Self {
        Trace::new(DEFAULT_RECENT_EVENTS)
    }
}

impl Trace {
    /// An empty trace keeping the `recent_capacity` most recent events.
    pub fn new(recent_capacity: usize) -> Trace {
        Trace {
            counts: [0; TraceKind::ALL.len()],
            total: 0,
            hash: FNV_OFFSET_BASIS,
            recent: Vec::with_capacity(recent_capacity),
            recent_capacity,
            next_slot: 0,
        }
    }

    /// Counts the event, folds it into the hash (FNV-1a over its little-endian encoding) and
    /// keeps it among the recent events.
    pub fn record(&mut self, event: TraceEvent) {
        self.counts[event.kind().code() as usize] += 1;
        self.total += 1;
        let mut encoder = Encoder { hash: self.hash };
        event.encode(&mut encoder);
        self.hash = encoder.hash;
        if self.recent_capacity == 0 {
            return;
        }
        if self.recent.len() < self.recent_capacity {
            self.recent.push(event);
        } else {
            self.recent[self.next_slot] = event;
        }
        self.next_slot += 1;
        if self.next_slot == self.recent_capacity {
            self.next_slot = 0;
        }
    }

    /// The running hash of every event so far: equal hashes mean (with overwhelming
    /// probability) identical traces.
    pub fn hash(&self) -> u64 {
        self.hash
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

    /// The most recent events, oldest first.
    pub fn recent(&self) -> impl Iterator<Item = &TraceEvent> {
        let (newer, older) = if self.recent.len() < self.recent_capacity {
            self.recent.split_at(self.recent.len())
        } else {
            self.recent.split_at(self.next_slot)
        };
        older.iter().chain(newer.iter())
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
    fn hash_is_fnv1a_over_the_little_endian_encoding() {
        let mut trace = Trace::new(4);
        trace.record(crash(0x0102, 3));
        let mut expected = FNV_OFFSET_BASIS;
        let bytes = [
            TraceKind::Crash as u8,
            0x02,
            0x01,
            0,
            0,
            0,
            0,
            0,
            0,
            3,
            0,
            0,
            0,
        ];
        for byte in bytes {
            expected = (expected ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
        assert_eq!(trace.hash(), expected);
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
