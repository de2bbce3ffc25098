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
