//! One simulated machine: its disk (what survives a crash), the Raft server running on it
//! (absent while crashed), its key-value store and client sessions, and what the simulator remembers about it to
//! trace changes and answer clients.

use crate::kv::KvStore;
use crate::sessions::ClientSessions;
use crate::sorted_map::SortedMap;
use raft_core::{LogIndex, PersistentState, RaftServer, Ready, Role, ServerId, Term, Time};

/// A client request a leader appended to its log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Proposal {
    /// Term of the appended entry: the request is answered only if the entry applied at that
    /// index still has this term.
    pub term: Term,
    pub request: u64,
    /// Which sending of the request reached this leader.
    pub attempt: u32,
}

/// One machine of the cluster.
#[derive(Clone)]
pub(crate) struct Node {
    pub id: ServerId,
    /// Survives crashes: term, vote and log as last persisted.
    pub disk: PersistentState,
    /// The running server; `None` while crashed.
    pub server: Option<RaftServer>,
    /// Volatile: rebuilt from index 1 after a restart.
    pub kv: KvStore,
    /// Volatile: results of the client requests applied to `kv`, to execute each only once.
    pub sessions: ClientSessions,
    /// Volatile: client requests this server appended as leader, by log index.
    pub proposals: SortedMap<LogIndex, Proposal>,
    /// Bumped at every crash; a message addressed to an older incarnation is lost.
    pub incarnation: u32,
    /// Time of the timer event that counts for this server. Events at other times are stale.
    pub timer_at: Option<Time>,
    /// Role and commit index after the last input, to trace what changed; the term the server
    /// had when it took `seen_role` (a leader's term), to tell a CheckQuorum step-down.
    pub seen_role: Role,
    pub seen_role_term: Term,
    pub seen_commit: LogIndex,
    /// The target of the leadership transfer a person started on this leader, until it ends,
    /// to tell a transfer given up.
    pub seen_transfer: Option<ServerId>,
    /// What the server hands out after an input, emptied in between.
    pub ready_buffer: ReadyBuffer,
}

/// Scratch space for what a server hands out after an input. Its vectors keep their capacity
/// and trade places with the server's own (the log write's entries, the outbox), so after the
/// first inputs none is allocated. Boxed, so taking it and putting it back moves a pointer, not
/// the whole `Ready`. A copy of the simulation (a time-travel checkpoint) starts without one:
/// checkpoints do not hold scratch space.
#[derive(Default)]
pub(crate) struct ReadyBuffer(Option<Box<Ready>>);

impl Clone for ReadyBuffer {
    fn clone(&self) -> Self {
        ReadyBuffer(None)
    }
}

impl ReadyBuffer {
    /// The buffer, empty; a new one if a copy of the simulation has none yet.
    pub fn take(&mut self) -> Box<Ready> {
        self.0.take().unwrap_or_default()
    }

    /// Puts the buffer back after use: its vectors drained, kept for their capacity (the next
    /// `ready_into` overwrites every field).
    pub fn put_back(&mut self, ready: Box<Ready>) {
        self.0 = Some(ready);
    }
}

impl Node {
    pub fn new(id: ServerId, server: RaftServer) -> Node {
        Node {
            id,
            disk: PersistentState::default(),
            seen_role: server.role(),
            seen_role_term: server.current_term(),
            seen_commit: server.commit_index(),
            seen_transfer: None,
            server: Some(server),
            kv: KvStore::default(),
            sessions: ClientSessions::default(),
            proposals: SortedMap::new(),
            incarnation: 0,
            timer_at: None,
            ready_buffer: ReadyBuffer::default(),
        }
    }

    /// Loses everything volatile.
    pub fn crash(&mut self) {
        self.server = None;
        self.kv.clear();
        self.sessions.clear();
        self.proposals.clear();
        self.incarnation += 1;
        self.timer_at = None;
        self.seen_role = Role::Follower;
        self.seen_role_term = 0;
        self.seen_commit = 0;
        self.seen_transfer = None;
    }

    /// Runs `server`, built from this node's disk.
    pub fn restart(&mut self, server: RaftServer) {
        self.seen_role = server.role();
        self.seen_role_term = server.current_term();
        self.seen_commit = server.commit_index();
        self.server = Some(server);
    }
}
