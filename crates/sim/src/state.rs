//! A serialisable snapshot of the cluster: what `state()` returns in the browser and what
//! `raftplay run` prints. Field names are camelCase in JSON; times are milliseconds.

use serde::Serialize;

/// The whole cluster at one virtual moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterState {
    /// Virtual time in milliseconds.
    pub time_ms: f64,
    /// Every server, in id order.
    pub servers: Vec<ServerState>,
    /// Messages in flight, in send order.
    pub messages: Vec<MessageState>,
    /// Client requests not yet answered, oldest first.
    pub requests: Vec<RequestState>,
}

/// One server. A crashed server shows what it persisted (term, vote, log); its volatile state
/// (commit index, last applied) reads 0.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntryState {
    /// Index, from 1.
    pub index: u64,
    /// Term.
    pub term: u64,
    /// The client command, or `None` for a leader's no-op entry.
    pub command: Option<String>,
}

/// One message in flight.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageState {
    /// Unique id of this message in the run.
    pub id: u64,
    /// Sender; 0 is the client.
    pub from: u32,
    /// Receiver; 0 is the client.
    pub to: u32,
    /// "RequestVote", "RequestVoteReply", "AppendEntries", "AppendEntriesReply",
    /// "ClientRequest" or "ClientReply".
    #[serde(rename = "type")]
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
}

/// A client request not yet answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
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
