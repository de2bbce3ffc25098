//! A snapshot of the cluster: what `state()` returns in the browser and what
//! `raftplay run` prints. Field names are camelCase in JSON (`state_json.rs`); times are milliseconds.

use crate::checkers::Violation;
use crate::config::NetworkSettings;

/// The whole cluster at one virtual moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterState {
    /// Virtual time in milliseconds.
    pub time_ms: f64,
    /// Every server, in id order.
    pub servers: Vec<ServerState>,
    /// Messages in flight, in send order.
    pub messages: Vec<MessageState>,
    /// Messages dropped as they were sent (the network lost them, or their link was cut or
    /// partitioned), in send order, until the moment they would have arrived: the page draws
    /// them fading out. Each has its `reason`: "lost", "linkCut" or "partitioned".
    pub dropped: Vec<MessageState>,
    /// Client requests not yet answered, oldest first.
    pub requests: Vec<RequestState>,
    /// The network's current settings (`{ lossRate, duplicateRate, longDelayRate,
    /// longDelayMsMax, latencyMs: [min, max] }`).
    pub network: NetworkSettings,
    /// The groups of the current partition, each a list of server ids; empty when the servers
    /// are not partitioned. Servers not listed in `partition()` form the last group.
    pub partition: Vec<Vec<u32>>,
    /// Cut links as one-way `[from, to]` pairs (a link cut both ways gives both pairs), ordered
    /// by `from`, then `to`. The client's links are never cut.
    pub cut_links: Vec<[u32; 2]>,
    /// The first broken guarantee the checkers found, if any (`null` in JSON otherwise).
    pub violation: Option<Violation>,
    /// The safety rules the servers broke when that violation was found (they may have been
    /// restored since); `None` without a violation. Not in JSON when `None`.
    pub violation_broken_rules: Option<raft_core::UnsafeRules>,
    /// The Raft extensions on now: `{ checkQuorum, preVote }`, all `false` for the paper's Raft.
    pub extensions: crate::extensions::Extensions,
    /// The safety rules the servers break now (unsafe, for teaching): `{ voteWithoutLogCheck,
    /// commitByCounting, forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }`,
    /// all `false` for plain Raft.
    pub broken_rules: raft_core::UnsafeRules,
}

/// One server. A crashed server shows what it persisted (term, vote, log); its volatile state
/// (commit index, last applied) reads 0.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerState {
    /// 1-based id.
    pub id: u32,
    /// "follower", "candidate" or "leader".
    pub role: raft_core::Role,
    /// True while crashed.
    pub crashed: bool,
    /// Current term.
    pub term: u64,
    /// Vote in the current term.
    pub voted_for: Option<u32>,
    /// A candidate's votes so far in its term, itself included, in the order they arrived (a
    /// majority of the servers elects it), or a pre-candidate's pre-votes for the next term;
    /// empty for the others.
    pub votes_received: Vec<u32>,
    /// The leader this server believes in, if any.
    pub leader_id: Option<u32>,
    /// Commit index.
    pub commit_index: u64,
    /// Last applied index.
    pub last_applied: u64,
    /// The log.
    pub log: Vec<EntryState>,
    /// Election timer as `[startMs, fireMs]`, absent on leaders and crashed servers.
    pub election_timer_ms: Option<[f64; 2]>,
    /// The key-value state machine's contents, sorted by key.
    pub kv: Vec<(String, String)>,
    /// A leader's view of each follower, in id order (Figure 2's `nextIndex` and `matchIndex`,
    /// and whether it probes or streams); empty for the others. JSON: `[{ id, nextIndex,
    /// matchIndex, mode: "probe"|"replicate", inflight }]`.
    pub progress: Vec<raft_core::FollowerProgress>,
    /// A leader handing leadership over: the server it hands it to (JSON `transferringTo`,
    /// absent otherwise).
    pub transferring_to: Option<u32>,
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryState {
    /// Index, from 1.
    pub index: u64,
    /// Term.
    pub term: u64,
    /// The client command, or `None` for a leader's no-op entry.
    pub command: Option<String>,
    /// The client request the command answers (its number), or `None` for a no-op entry or a
    /// command no client sent. Two entries with the same request are one request appended
    /// twice (a retry): the state machine executes it at the first and changes nothing at the
    /// second.
    pub request: Option<u64>,
}

/// One message in flight, with the fields a person may click to see. Fields that do not apply
/// to the message's type are absent in JSON.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageState {
    /// Unique id of this message in the run.
    pub id: u64,
    /// Sender; 0 is the client.
    pub from: u32,
    /// Receiver; 0 is the client.
    pub to: u32,
    /// "RequestVote", "RequestVoteReply", "AppendEntries", "AppendEntriesReply",
    /// "ClientRequest" or "ClientReply".
    pub kind: &'static str,
    /// Sender's term (0 for client messages).
    pub term: u64,
    /// Number of log entries carried.
    pub entries: usize,
    /// For replies: granted (votes) or success (appends); `None` for requests.
    pub success: Option<bool>,
    /// Virtual send time.
    pub sent_ms: f64,
    /// Virtual delivery time.
    pub deliver_ms: f64,
    /// For a copy the network made: the id of the original message.
    pub duplicate_of: Option<u64>,
    /// RequestVote: index of the candidate's last log entry.
    pub last_log_index: Option<u64>,
    /// RequestVote: term of the candidate's last log entry.
    pub last_log_term: Option<u64>,
    /// AppendEntries: index of the entry just before the carried ones.
    pub prev_log_index: Option<u64>,
    /// AppendEntries: term of the entry at `prev_log_index`.
    pub prev_log_term: Option<u64>,
    /// AppendEntries: index of the first entry carried (absent for a heartbeat).
    pub first_entry_index: Option<u64>,
    /// AppendEntries: index of the last entry carried (absent for a heartbeat).
    pub last_entry_index: Option<u64>,
    /// AppendEntries: the leader's commit index.
    pub leader_commit: Option<u64>,
    /// AppendEntriesReply: on success the highest index known to match the leader's log; on
    /// failure the request's `prevLogIndex`.
    pub match_index: Option<u64>,
    /// Failed AppendEntriesReply: term of the follower's conflicting entry (fast backup hint;
    /// absent if the follower's log is too short).
    pub conflict_term: Option<u64>,
    /// Failed AppendEntriesReply: first index of `conflictTerm` in the follower's log, or one
    /// past its last entry.
    pub conflict_index: Option<u64>,
    /// ClientRequest and ClientReply: the request id.
    pub request: Option<u64>,
    /// ClientRequest and ClientReply: which sending of the request (from 1).
    pub attempt: Option<u32>,
    /// A redirecting ClientReply: the leader the server believes in, if it knows one.
    pub leader_hint: Option<u32>,
    /// A RequestVote of a leadership transfer (the candidate got a TimeoutNow): `Some(true)`;
    /// absent otherwise.
    pub leadership_transfer: Option<bool>,
    /// Only in `dropped`: why the message never arrives ("lost", "linkCut", "partitioned").
    pub reason: Option<&'static str>,
}

/// A client request not yet answered.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestState {
    /// Request id, from 1.
    pub id: u64,
    /// The command text, e.g. "set x 1".
    pub command: String,
    /// When the client first sent it.
    pub sent_ms: f64,
    /// Server the client is currently trying, if any.
    pub target: Option<u32>,
    /// How many times the client has sent it.
    pub attempts: u32,
    /// What the client is doing: "sending", "waiting for leader", "awaiting commit".
    pub status: String,
}
