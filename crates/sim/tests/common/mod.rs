//! Helpers shared by the simulation tests: configurations, running with the safety checker on
//! every step, and small queries.
#![allow(dead_code)] // each test binary uses a different subset

pub mod check;

use raft_core::{Role, ServerId, Time};
use raft_sim::{Extensions, SimConfig, Simulation};

pub use check::SafetyChecker;

/// Milliseconds to virtual microseconds.
pub const fn ms(ms: u64) -> Time {
    ms * 1_000
}

/// Seconds to virtual microseconds.
pub const fn secs(secs: u64) -> Time {
    secs * 1_000_000
}

/// The default five-server cluster with `seed`.
pub fn cluster(seed: u64) -> Simulation {
    Simulation::new(SimConfig {
        seed,
        ..SimConfig::default()
    })
    .expect("the default configuration is valid")
}

/// A five-server cluster with `seed` and `extensions` on.
pub fn cluster_with(seed: u64, extensions: Extensions) -> Simulation {
    Simulation::new(SimConfig {
        seed,
        extensions,
        ..SimConfig::default()
    })
    .expect("the default configuration with extensions is valid")
}

/// Steps to `until`, running the safety checker after every event; panics on a violation with
/// the seed, the time and the recent trace.
pub fn run_checked(sim: &mut Simulation, checker: &mut SafetyChecker, until: Time) {
    while sim.next_event_time().is_some_and(|time| time <= until) {
        sim.step();
        if let Err(violation) = checker.check(sim) {
            panic!("{}", report(sim, &violation));
        }
    }
    sim.run_until(until);
}

/// Runs (checked) until some server is leader, or `limit`; returns the leader.
pub fn run_until_leader(
    sim: &mut Simulation,
    checker: &mut SafetyChecker,
    limit: Time,
) -> Option<ServerId> {
    while sim.leader().is_none() {
        match sim.next_event_time() {
            Some(time) if time <= limit => {
                sim.step();
                if let Err(violation) = checker.check(sim) {
                    panic!("{}", report(sim, &violation));
                }
            }
            _ => return None,
        }
    }
    sim.leader()
}

/// A failure message: the seed to reproduce with, the time and the last events.
pub fn report(sim: &Simulation, violation: &str) -> String {
    let recent: Vec<String> = sim
        .trace()
        .recent()
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .take(30)
        .rev()
        .map(|event| {
            format!(
                "  {:>10.3} ms  {}",
                event.time() as f64 / 1e3,
                event.describe()
            )
        })
        .collect();
    format!(
        "{violation}\n  seed {} at {} µs; last events:\n{}",
        sim.config().seed,
        sim.now(),
        recent.join("\n")
    )
}

/// Ids of the running servers.
pub fn running(sim: &Simulation) -> Vec<ServerId> {
    (1..=sim.config().servers)
        .filter(|&id| sim.server(id).is_some())
        .collect()
}

/// Role of a running server.
pub fn role(sim: &Simulation, id: ServerId) -> Role {
    sim.server(id).expect("server is running").role()
}

/// Like `run_checked`, for `duration` from now.
pub fn run_checked_for(sim: &mut Simulation, checker: &mut SafetyChecker, duration: Time) {
    let until = sim.now() + duration;
    run_checked(sim, checker, until);
}
