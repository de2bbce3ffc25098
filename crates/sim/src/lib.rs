//! raft-sim: a deterministic, discrete-event simulation of a Raft cluster.
//!
//! One seed decides every random choice (latencies, election timeouts); the same configuration
//! and the same actions give the same trace, bit for bit, natively and on wasm32.
//!
//! ```
//! use raft_sim::{SimConfig, Simulation};
//!
//! let mut sim = Simulation::new(SimConfig { seed: 7, ..SimConfig::default() }).unwrap();
//! sim.run_until(1_000_000); // one second of virtual time (microseconds)
//! let leader = sim.leader().expect("a healthy cluster elects a leader");
//! let request = sim.client_request("set x 1").unwrap();
//! sim.run_until(1_500_000);
//! assert!(sim.requests()[(request - 1) as usize].return_time.is_some());
//! sim.crash(leader).unwrap();
//! sim.run_until(3_000_000);
//! assert_ne!(sim.leader(), Some(leader));
//! for event in sim.trace().recent().take(3) {
//!     println!("{:>8} µs  {}", event.time(), event.describe());
//! }
//! println!("trace hash {:#018x}", sim.trace().hash());
//! ```

mod big_int;
pub mod chaos;
mod checkers;
mod client;
mod config;
mod decimal;
mod extensions;
pub mod json;
mod kv;
mod linearizable;
mod links;
mod log_window;
mod milestones;
mod natural_order;
mod network;
mod node;
mod queue;
mod ring_buffer;
pub mod scenario;
mod sessions;
mod settings_json;
mod simulation;
mod sorted_map;
mod state;
mod state_json;
mod timeline;
mod trace;
mod vanishing;

pub use checkers::{Checkers, Observation, Property, Violation};
pub use client::{RequestRecord, SharedCommand, CLIENT_TIMEOUT_US, NO_LEADER_WAIT_US};
pub use config::{
    NetworkSettings, SimConfig, SimError, DEFAULT_LONG_DELAY_MS_MAX, MAX_LATENCY_MS, MAX_SERVERS,
};
pub use decimal::Decimal;
pub use extensions::{Extension, Extensions};
pub use kv::{KvCommand, KvOutput, KvStore, MAX_COMMAND_LEN};
pub use links::PartitionGroups;
pub use log_window::LogWindow;
pub use network::{MessageKind, CLIENT};
/// The "break a rule" switches (unsafe, for teaching): `SimConfig::broken_rules`,
/// `Simulation::set_broken_rules`.
pub use raft_core::{UnknownRule, UnsafeRule, UnsafeRules};
pub use simulation::{Simulation, KV_TAIL_PAIRS};
pub use sorted_map::SortedMap;
pub use state::{ClusterState, EntryState, MessageState, RequestState, ServerState};
pub use state_json::FullSizes;
pub use timeline::{
    ForkNotice, Timeline, CHECKPOINT_BUDGET_BYTES, FIRST_INTERVAL_US, MAX_CHECKPOINTS,
};
pub use trace::{
    DropReason, RetryReason, Trace, TraceEvent, TraceKind, DEFAULT_RECENT_EVENTS, MILESTONES_KEPT,
};
