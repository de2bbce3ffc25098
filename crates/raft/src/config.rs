//! Settings of one server: timing, replication flow control, CheckQuorum, PreVote and (unsafe,
//! for teaching) the safety rules it breaks.

use crate::types::Time;
use crate::unsafe_rules::UnsafeRules;

/// Settings of one Raft server. Times are virtual microseconds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Config {
    /// Smallest election timeout; each timeout is drawn uniformly from
    /// `election_timeout_us_min..=election_timeout_us_max` with the server's seeded RNG (§5.2).
    pub election_timeout_us_min: Time,
    /// Largest election timeout.
    pub election_timeout_us_max: Time,
    /// How often an idle leader sends heartbeats (empty AppendEntries).
    pub heartbeat_interval_us: Time,
    /// Most entries one AppendEntries carries (batching).
    pub max_entries_per_message: usize,
    /// Most AppendEntries with entries a leader keeps in flight to one follower (pipelining).
    pub max_inflight_messages: usize,
    /// CheckQuorum (etcd raft; dissertation §6.2 and §4.2.3): a leader that has not heard from
    /// a majority within `election_timeout_us_min` steps down, and a server that has heard from
    /// its leader within that time ignores a RequestVote of a higher term (the leader lease).
    /// Off by default (the paper's Raft).
    #[serde(default)]
    pub check_quorum: bool,
    /// PreVote (dissertation §9.6; etcd raft's `preVote`): a server whose election timer fires
    /// first asks the others whether they would vote for it in the next term, and raises its
    /// term only if a majority would. A server that cannot win (cut off, or with a stale log)
    /// then never raises the others' terms. Off by default (the paper's Raft).
    #[serde(default)]
    pub pre_vote: bool,
    /// **Unsafe, for teaching only.** Safety rules this server breaks; all off (plain Raft) by
    /// default. See [`UnsafeRules`].
    #[serde(default)]
    pub unsafe_rules: UnsafeRules,
}

impl Default for Config {
    /// The paper's timing: election timeout 150–300 ms, heartbeat 50 ms.
    fn default() -> Self {
        Config {
            election_timeout_us_min: 150_000,
            election_timeout_us_max: 300_000,
            heartbeat_interval_us: 50_000,
            max_entries_per_message: 64,
            max_inflight_messages: 8,
            check_quorum: false,
            pre_vote: false,
            unsafe_rules: UnsafeRules::NONE,
        }
    }
}
