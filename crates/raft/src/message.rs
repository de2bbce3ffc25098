//! The messages servers exchange: RequestVote and AppendEntries with their replies (Figure 2),
//! PreVote with its reply, and the TimeoutNow of a leadership transfer.

use crate::entry::Entry;
use crate::types::{LogIndex, ServerId, Term};

/// A message from one server to another. Every message carries the sender's current term; a
/// receiver that sees a higher term steps down to follower first (§5.1).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    /// Sender.
    pub from: ServerId,
    /// Receiver.
    pub to: ServerId,
    /// The sender's current term when it sent the message.
    pub term: Term,
    /// What kind of message it is, with its fields.
    pub body: MessageBody,
}

/// The fields of each kind of message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type")]
pub enum MessageBody {
    /// A candidate asks for a vote (§5.2). The receiver grants it only if its own log is not more
    /// up to date than the candidate's (§5.4.1).
    RequestVote {
        /// Index of the candidate's last log entry.
        last_log_index: LogIndex,
        /// Term of the candidate's last log entry.
        last_log_term: Term,
        /// True if the candidate campaigns because its leader handed leadership over (it got a
        /// TimeoutNow): CheckQuorum's lease does not make the others ignore it.
        #[serde(default)]
        leadership_transfer: bool,
    },
    /// The answer to a RequestVote.
    RequestVoteReply {
        /// True if the sender voted for the candidate in this term.
        vote_granted: bool,
    },
    /// PreVote: a server asks whether the receiver would vote for it in the message's term (its
    /// own term + 1) without either of them changing term or vote (dissertation §9.6).
    PreVote {
        /// Index of the sender's last log entry.
        last_log_index: LogIndex,
        /// Term of the sender's last log entry.
        last_log_term: Term,
    },
    /// The answer to a PreVote. Granted: the message carries the asked-for term. Refused: the
    /// replier's own term, which makes a pre-candidate of a lower term step down to it.
    PreVoteReply {
        /// True if the sender would vote for the pre-candidate.
        vote_granted: bool,
    },
    /// A leader replicates entries, or sends a heartbeat when `entries` is empty (§5.3).
    AppendEntries {
        /// Index of the entry just before `entries`.
        prev_log_index: LogIndex,
        /// Term of the entry at `prev_log_index` (0 when `prev_log_index` is 0).
        prev_log_term: Term,
        /// Entries to store, in index order, starting at `prev_log_index + 1`.
        entries: Vec<Entry>,
        /// The leader's commit index.
        leader_commit: LogIndex,
    },
    /// The answer to an AppendEntries.
    AppendEntriesReply {
        /// True if the follower's log matched at `prev_log_index` and it now holds the entries.
        success: bool,
        /// On success: the highest index the follower now knows to match the leader's log
        /// (`prev_log_index + entries.len()` of the request). On failure: the request's
        /// `prev_log_index`, so the leader can ignore stale rejections.
        match_index: LogIndex,
        /// On failure, a hint for fast backup: the term of the follower's conflicting entry at
        /// `prev_log_index`, or `None` if the follower's log is shorter than that.
        conflict_term: Option<Term>,
        /// On failure, a hint for fast backup: the first index of `conflict_term` in the
        /// follower's log, or one past its last entry when `conflict_term` is `None`.
        conflict_index: LogIndex,
    },
    /// A leader handing leadership over tells the follower it chose, whose log now matches its
    /// own, to start an election at once (dissertation §3.10). Last, so that the simulator's
    /// message kinds stay in this order.
    TimeoutNow,
}

impl MessageBody {
    /// The message kind's name as shown in the playground ("RequestVote", "AppendEntriesReply", ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            MessageBody::RequestVote { .. } => "RequestVote",
            MessageBody::RequestVoteReply { .. } => "RequestVoteReply",
            MessageBody::PreVote { .. } => "PreVote",
            MessageBody::PreVoteReply { .. } => "PreVoteReply",
            MessageBody::AppendEntries { .. } => "AppendEntries",
            MessageBody::AppendEntriesReply { .. } => "AppendEntriesReply",
            MessageBody::TimeoutNow => "TimeoutNow",
        }
    }

    /// Number of log entries the message carries (0 for everything but AppendEntries).
    pub fn entry_count(&self) -> usize {
        match self {
            MessageBody::AppendEntries { entries, .. } => entries.len(),
            _ => 0,
        }
    }
}
