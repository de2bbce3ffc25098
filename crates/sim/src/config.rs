//! Cluster and network settings of a simulation, and the simulator's error type.

use crate::extensions::Extensions;
use raft_core::UnsafeRules;
use serde::Serialize;

/// Settings of a simulated cluster. Every fault is off by default. Written as JSON by
/// `settings_json.rs` (the page, `raftplay run`); serde's form, the same text, is for the
/// reports of `raftplay bench`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimConfig {
    /// Seed of every random choice.
    pub seed: u64,
    /// Number of servers, 1 to 9; ids are 1..=servers.
    pub servers: u32,
    /// One-way network latency, drawn uniformly per message from min..=max (milliseconds).
    pub latency_ms_min: u32,
    /// See `latency_ms_min`.
    pub latency_ms_max: u32,
    /// Election timeout range (milliseconds).
    pub election_timeout_ms_min: u32,
    /// See `election_timeout_ms_min`.
    pub election_timeout_ms_max: u32,
    /// Leader heartbeat interval (milliseconds).
    pub heartbeat_ms: u32,
    /// Most log entries a leader puts in one AppendEntries, 1 to 1024 (default 64). Small
    /// batches show replication entry by entry.
    pub max_entries_per_message: u32,
    /// Initial network faults; see [`NetworkSettings`] (changeable later with
    /// `Simulation::set_network`).
    pub loss_rate: f64,
    /// See [`NetworkSettings::duplicate_rate`].
    pub duplicate_rate: f64,
    /// See [`NetworkSettings::long_delay_rate`].
    pub long_delay_rate: f64,
    /// See [`NetworkSettings::long_delay_ms_max`].
    pub long_delay_ms_max: u32,
    /// Raft extensions on from the start (all off by default: the paper's Raft); in JSON
    /// `extensions: { checkQuorum, preVote }`. Changeable later with `Simulation::set_extensions`.
    pub extensions: Extensions,
    /// **Unsafe, for teaching only.** Safety rules every server breaks from the start (all off
    /// by default); in JSON `brokenRules: { voteWithoutLogCheck, commitByCounting,
    /// forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }`. Changeable later
    /// with `Simulation::set_broken_rules`.
    pub broken_rules: UnsafeRules,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            servers: 5,
            latency_ms_min: 10,
            latency_ms_max: 15,
            election_timeout_ms_min: 150,
            election_timeout_ms_max: 300,
            heartbeat_ms: 50,
            max_entries_per_message: 64,
            loss_rate: 0.0,
            duplicate_rate: 0.0,
            long_delay_rate: 0.0,
            long_delay_ms_max: DEFAULT_LONG_DELAY_MS_MAX,
            extensions: Extensions::NONE,
            broken_rules: UnsafeRules::NONE,
        }
    }
}

/// How the network between servers behaves; changeable while the simulation runs
/// (`Simulation::set_network`, `setNetwork` in JavaScript). Every fault is off by default.
///
/// Faults apply to messages between servers only: the client's link to each server is reliable
/// (only a crash of the server loses its messages), because the playground's client keeps no
/// session table (§8) and would apply a duplicated or re-sent command twice. Random choices are
/// drawn from the simulation's one seeded RNG, and only for faults that are on, so a network
/// with every fault off behaves exactly as if this struct did not exist.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetworkSettings {
    /// Probability (0 to 1) that a message is lost on the way.
    pub loss_rate: f64,
    /// Probability (0 to 1) that a delivered message arrives twice: the copy gets a new message
    /// id and its own latency.
    pub duplicate_rate: f64,
    /// Probability (0 to 1) that a message is held back by an extra delay drawn uniformly from
    /// 1 µs to `long_delay_ms_max`, so it arrives after messages sent later (reordering, stale
    /// messages from old terms).
    pub long_delay_rate: f64,
    /// Longest extra delay of a held-back message (milliseconds, 1 to [`MAX_LATENCY_MS`]).
    pub long_delay_ms_max: u32,
    /// One-way latency `[min, max]`, drawn uniformly per message (milliseconds, at most
    /// [`MAX_LATENCY_MS`]). Messages sent close together may already arrive out of order.
    pub latency_ms: [u32; 2],
}

impl Default for NetworkSettings {
    fn default() -> Self {
        SimConfig::default().network()
    }
}

/// Longest one-way latency or extra delay a setting may ask for (milliseconds).
pub const MAX_LATENCY_MS: u32 = 10_000;

/// Default longest extra delay of a held-back message: longer than the default election
/// timeout, so a held-back message can arrive in a later term.
pub const DEFAULT_LONG_DELAY_MS_MAX: u32 = 1_000;

impl NetworkSettings {
    /// Checks every setting; the error names the setting (as in JavaScript) and its range.
    pub fn validate(&self) -> Result<(), SimError> {
        let invalid = |why: String| Err(SimError::InvalidConfig(why));
        for (name, rate) in [
            ("lossRate", self.loss_rate),
            ("duplicateRate", self.duplicate_rate),
            ("longDelayRate", self.long_delay_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return invalid(format!(
                    "{name} must be between 0 and 1, got {}",
                    crate::Decimal(rate)
                ));
            }
        }
        if self.long_delay_ms_max == 0 || self.long_delay_ms_max > MAX_LATENCY_MS {
            return invalid(format!(
                "longDelayMsMax must be 1 to {MAX_LATENCY_MS} ms, got {}",
                self.long_delay_ms_max
            ));
        }
        let [min, max] = self.latency_ms;
        if min > max {
            return invalid(format!(
                "latencyMs [{min}, {max}]: the minimum must not exceed the maximum"
            ));
        }
        if max > MAX_LATENCY_MS {
            return invalid(format!(
                "latencyMs [{min}, {max}]: the maximum must be at most {MAX_LATENCY_MS} ms"
            ));
        }
        Ok(())
    }
}

/// What the simulator refuses, with a message a person can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// A setting is out of range.
    InvalidConfig(String),
    /// No server has this id.
    UnknownServer(u32),
    /// The action makes no sense in the server's current state (e.g. crashing a crashed server).
    InvalidAction(String),
}

impl SimError {
    /// What went wrong, without the "sim: " that `Display` puts first: for a message that names
    /// its own context, such as a scenario's action.
    pub fn what(&self) -> String {
        match self {
            SimError::InvalidConfig(why) => format!("invalid configuration: {why}"),
            SimError::UnknownServer(id) => format!("there is no server S{id}"),
            SimError::InvalidAction(why) => why.clone(),
        }
    }
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sim: {}", self.what())
    }
}

impl std::error::Error for SimError {}

/// Most servers a cluster may have.
pub const MAX_SERVERS: u32 = 9;

/// Largest batch `SimConfig::max_entries_per_message` allows.
pub const MAX_ENTRIES_PER_MESSAGE: u32 = 1_024;

impl SimConfig {
    /// Checks every setting; the error names the setting and the allowed range.
    pub fn validate(&self) -> Result<(), SimError> {
        let invalid = |why: String| Err(SimError::InvalidConfig(why));
        if self.servers == 0 || self.servers > MAX_SERVERS {
            return invalid(format!(
                "servers must be 1 to {MAX_SERVERS}, got {}",
                self.servers
            ));
        }
        if self.latency_ms_min > self.latency_ms_max {
            return invalid(format!(
                "latencyMsMin ({}) must not exceed latencyMsMax ({})",
                self.latency_ms_min, self.latency_ms_max
            ));
        }
        if self.latency_ms_max > MAX_LATENCY_MS {
            return invalid(format!(
                "latencyMsMax must be at most {MAX_LATENCY_MS} ms, got {}",
                self.latency_ms_max
            ));
        }
        if self.election_timeout_ms_min == 0 {
            return invalid("electionTimeoutMsMin must be at least 1 ms".to_string());
        }
        if self.election_timeout_ms_min > self.election_timeout_ms_max {
            return invalid(format!(
                "electionTimeoutMsMin ({}) must not exceed electionTimeoutMsMax ({})",
                self.election_timeout_ms_min, self.election_timeout_ms_max
            ));
        }
        self.network().validate()?;
        if !(1..=MAX_ENTRIES_PER_MESSAGE).contains(&self.max_entries_per_message) {
            return invalid(format!(
                "maxEntriesPerMessage must be 1 to {MAX_ENTRIES_PER_MESSAGE}, got {}",
                self.max_entries_per_message
            ));
        }
        if self.heartbeat_ms == 0 {
            return invalid("heartbeatMs must be at least 1 ms".to_string());
        }
        if self.heartbeat_ms >= self.election_timeout_ms_min {
            return invalid(format!(
                "heartbeatMs ({}) must be below electionTimeoutMsMin ({}), or followers time out \
                 while the leader is healthy",
                self.heartbeat_ms, self.election_timeout_ms_min
            ));
        }
        Ok(())
    }

    /// The network settings the simulation starts with.
    pub fn network(&self) -> NetworkSettings {
        NetworkSettings {
            loss_rate: self.loss_rate,
            duplicate_rate: self.duplicate_rate,
            long_delay_rate: self.long_delay_rate,
            long_delay_ms_max: self.long_delay_ms_max,
            latency_ms: [self.latency_ms_min, self.latency_ms_max],
        }
    }

    /// The settings handed to every Raft server: the same timing in microseconds, with the
    /// configured batching (`max_entries_per_message`), 8 AppendEntries in flight per follower,
    /// the extensions and the broken rules.
    pub fn raft_config(&self) -> raft_core::Config {
        raft_core::Config {
            election_timeout_us_min: ms_to_us(self.election_timeout_ms_min),
            election_timeout_us_max: ms_to_us(self.election_timeout_ms_max),
            heartbeat_interval_us: ms_to_us(self.heartbeat_ms),
            max_entries_per_message: self.max_entries_per_message as usize,
            max_inflight_messages: 8,
            check_quorum: self.extensions.check_quorum,
            pre_vote: self.extensions.pre_vote,
            unsafe_rules: self.broken_rules,
        }
    }
}

/// Milliseconds to virtual microseconds.
pub(crate) fn ms_to_us(ms: u32) -> raft_core::Time {
    u64::from(ms) * 1_000
}

/// Virtual microseconds to the milliseconds shown in `state()`.
pub(crate) fn us_to_ms(us: raft_core::Time) -> f64 {
    us as f64 / 1_000.0
}
