//! The cluster settings every subcommand accepts (`--servers`, `--seed`, latency, timing and
//! `--check-quorum`, `--pre-vote`), read into a `SimConfig` whose defaults are the simulator's.

use crate::args::Flags;
use raft_sim::SimConfig;

/// Reads the cluster flags, starting from `base` for anything not given.
pub fn read_cluster_flags(flags: &mut Flags, base: SimConfig) -> Result<SimConfig, String> {
    let mut config = base;
    if let Some(servers) = flags.number("--servers")? {
        config.servers = servers;
    }
    if let Some(seed) = flags.number("--seed")? {
        config.seed = seed;
    }
    if let Some((min, max)) = flags.range("--latency-ms")? {
        config.latency_ms_min = min;
        config.latency_ms_max = max;
    }
    if let Some((min, max)) = flags.range("--election-timeout-ms")? {
        config.election_timeout_ms_min = min;
        config.election_timeout_ms_max = max;
    }
    if let Some(heartbeat) = flags.number("--heartbeat-ms")? {
        config.heartbeat_ms = heartbeat;
    }
    if flags.switch("--check-quorum") {
        config.extensions.check_quorum = true;
    }
    if flags.switch("--pre-vote") {
        config.extensions.pre_vote = true;
    }
    config.validate().map_err(|error| error.to_string())?;
    Ok(config)
}

/// The help text for these flags.
pub const CLUSTER_FLAGS_HELP: &str = "\
  --servers N                 servers in the cluster, 1 to 9 (default 5)
  --seed N                    seed of every random choice (default 1)
  --latency-ms MIN-MAX        one-way network latency (default 10-15)
  --election-timeout-ms MIN-MAX  election timeout range (default 150-300)
  --heartbeat-ms N            leader heartbeat interval (default 50)
  --check-quorum              switch CheckQuorum on: a leader that hears from no majority for
                              an election timeout steps down (off by default)
  --pre-vote                  switch PreVote on: a server asks for pre-votes before raising its
                              term (off by default)";
