//! Basic identifiers and the unit of virtual time shared by the whole crate.

/// A server's identifier. Servers are numbered from 1 (S1..S5, as in the paper); 0 is never a
/// server.
pub type ServerId = u32;

/// A Raft term. Term 0 is the term before any election; the first leader is elected in term 1
/// or later.
pub type Term = u64;

/// A position in the log. The first entry has index 1; index 0 means "before the first entry".
pub type LogIndex = u64;

/// Virtual time in microseconds. The core never reads a clock: every call passes `now` in.
pub type Time = u64;

/// The role a server plays in its current term (§5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Passive: answers leaders and candidates.
    Follower,
    /// PreVote only: asking whether the others would vote for it, before raising its term
    /// (dissertation §9.6). Serialised as `"precandidate"`.
    PreCandidate,
    /// Asking for votes to become leader.
    Candidate,
    /// Handles client commands and replicates the log.
    Leader,
}
