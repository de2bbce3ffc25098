//! `Simulation`: the cluster, its network and its clients, advanced event by event.

use crate::config::{SimConfig, SimError};
use crate::state::ClusterState;
use raft_core::Time;

/// One event the simulation processed, as recorded in the trace.
pub use crate::trace::{Trace, TraceEvent};

/// A deterministic simulated Raft cluster. Cheap to clone (time travel keeps checkpoints).
#[derive(Clone)]
pub struct Simulation {
    _todo: (),
}

impl Simulation {
    /// Builds a cluster of `config.servers` followers at virtual time 0.
    pub fn new(config: SimConfig) -> Result<Simulation, SimError> {
        let _ = config;
        todo!()
    }
    /// The settings the simulation was built with.
    pub fn config(&self) -> &SimConfig {
        todo!()
    }
    /// Current virtual time (microseconds).
    pub fn now(&self) -> Time {
        todo!()
    }
    /// Time of the next pending event, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        todo!()
    }
    /// Processes the next event (moving `now` to its time) and returns what happened.
    pub fn step(&mut self) -> Option<TraceEvent> {
        todo!()
    }
    /// Processes every event due at or before `until`, then sets `now` to `until`.
    pub fn run_until(&mut self, until: Time) {
        let _ = until;
        todo!()
    }
    /// Crashes a server: its volatile state is lost and messages to it are dropped.
    pub fn crash(&mut self, id: u32) -> Result<(), SimError> {
        let _ = id;
        todo!()
    }
    /// Restarts a crashed server from what it persisted.
    pub fn restart(&mut self, id: u32) -> Result<(), SimError> {
        let _ = id;
        todo!()
    }
    /// Makes a server's election timer fire now.
    pub fn timeout_now(&mut self, id: u32) -> Result<(), SimError> {
        let _ = id;
        todo!()
    }
    /// A client sends a command (e.g. "set x 1"); returns the request id.
    pub fn client_request(&mut self, command: &str) -> Result<u64, SimError> {
        let _ = command;
        todo!()
    }
    /// A snapshot of the whole cluster, with every log in full.
    pub fn state(&self) -> ClusterState {
        todo!()
    }
    /// Like `state`, but each log holds only entries with index above
    /// `max(last index of any server) - log_tail`: what one frame of the page draws. Its cost must
    /// not grow with the length of the run.
    pub fn state_tail(&self, log_tail: usize) -> ClusterState {
        let _ = log_tail;
        todo!()
    }
    /// Counters and the running hash of the trace.
    pub fn trace(&self) -> &Trace {
        todo!()
    }
}
