//! Cluster and network settings of a simulation, and the simulator's error type.

/// Settings of a simulated cluster. Every fault is off by default.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
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
        }
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

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::InvalidConfig(why) => write!(f, "sim: invalid configuration: {why}"),
            SimError::UnknownServer(id) => write!(f, "sim: there is no server S{id}"),
            SimError::InvalidAction(why) => write!(f, "sim: {why}"),
        }
    }
}

impl std::error::Error for SimError {}

/// Most servers a cluster may have.
pub const MAX_SERVERS: u32 = 9;

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
        if self.election_timeout_ms_min == 0 {
            return invalid("electionTimeoutMsMin must be at least 1 ms".to_string());
        }
        if self.election_timeout_ms_min > self.election_timeout_ms_max {
            return invalid(format!(
                "electionTimeoutMsMin ({}) must not exceed electionTimeoutMsMax ({})",
                self.election_timeout_ms_min, self.election_timeout_ms_max
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

    /// The settings handed to every Raft server: the same timing in microseconds, with the
    /// simulator's batching (64 entries per AppendEntries) and pipelining (8 in flight) limits.
    pub fn raft_config(&self) -> raft_core::Config {
        raft_core::Config {
            election_timeout_us_min: ms_to_us(self.election_timeout_ms_min),
            election_timeout_us_max: ms_to_us(self.election_timeout_ms_max),
            heartbeat_interval_us: ms_to_us(self.heartbeat_ms),
            max_entries_per_message: 64,
            max_inflight_messages: 8,
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
