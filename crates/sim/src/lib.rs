//! raft-sim: a deterministic, discrete-event simulation of a Raft cluster.
//!
//! One seed decides every random choice (latencies, election timeouts); the same configuration
//! and the same actions give the same trace, bit for bit, natively and on wasm32.

mod config;
mod state;
mod simulation;

pub use config::{SimConfig, SimError};
pub use simulation::Simulation;
pub use state::{ClusterState, EntryState, MessageState, RequestState, ServerState};
