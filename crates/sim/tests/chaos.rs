//! Random crashes, restarts and forced timeouts over many seeds with the safety checker on
//! every event (§5.2, §5.3, §5.4), then a healed phase in which every client request must
//! complete and every server must converge (liveness).

mod common;

use common::{ms, run_checked, secs, SafetyChecker};
use raft_sim::{SimConfig, Simulation};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One chaos run: 300 client commands at random intervals of 5–150 ms; after each, with
/// `fault_percent` probability a random server crashes (or restarts, if crashed) and with 3%
/// one is told to time out now. Then everything restarts and the cluster gets 20 s to converge.
fn chaos(config: SimConfig, fault_percent: u32) {
    let servers = config.servers;
    let context = format!("{config:?}, faults {fault_percent}%");
    let mut sim = Simulation::new(config.clone()).unwrap();
    // The fault schedule has its own seeded RNG, so it does not disturb the simulation's.
    let mut faults = ChaCha8Rng::seed_from_u64(config.seed ^ 0x5eed_fa17);
    let mut checker = SafetyChecker::default();
    let mut time = 0;
    for tick in 0..300u64 {
        time += ms(faults.random_range(5..150));
        run_checked(&mut sim, &mut checker, time);
        let key = faults.random_range(0..5u32);
        let command = match faults.random_range(0..4u32) {
            0 => format!("get k{key}"),
            1 => format!("append k{key} {tick},"),
            _ => format!("set k{key} {tick}"),
        };
        sim.client_request(&command).unwrap();
        if faults.random_range(0..100u32) < fault_percent {
            let id = faults.random_range(1..=servers);
            if sim.server(id).is_some() {
                sim.crash(id).unwrap();
            } else {
                sim.restart(id).unwrap();
            }
        }
        if faults.random_range(0..100u32) < 3 {
            let _ = sim.timeout_now(faults.random_range(1..=servers)); // refused on leaders
        }
    }
    for id in 1..=servers {
        if sim.server(id).is_none() {
            sim.restart(id).unwrap();
        }
    }
    run_checked(&mut sim, &mut checker, time + secs(20));

    // Liveness needs broadcast time ≪ election timeout (§5.6); slower networks only get the
    // safety checks above.
    if config.latency_ms_max * 4 > config.election_timeout_ms_min {
        return;
    }
    for record in sim.requests() {
        assert!(
            record.return_time.is_some(),
            "{context}: request {} ({}) never completed",
            record.id,
            record.command
        );
    }
    let leader = sim
        .leader()
        .unwrap_or_else(|| panic!("{context}: no leader after healing"));
    let reference = sim.server(leader).unwrap();
    for id in 1..=servers {
        let server = sim.server(id).unwrap();
        assert_eq!(server.log(), reference.log(), "{context}: S{id}'s log");
        assert_eq!(
            server.commit_index(),
            reference.commit_index(),
            "{context}: S{id}"
        );
        assert_eq!(sim.kv(id), sim.kv(leader), "{context}: S{id}'s store");
    }
    assert_eq!(
        checker.committed().len() as u64,
        reference.commit_index(),
        "{context}"
    );
}

fn config(seed: u64, servers: u32, latency_ms: (u32, u32)) -> SimConfig {
    SimConfig {
        seed,
        servers,
        latency_ms_min: latency_ms.0,
        latency_ms_max: latency_ms.1,
        ..SimConfig::default()
    }
}

#[test]
fn random_crashes_and_restarts_never_break_safety_and_the_cluster_recovers() {
    for seed in 0..8 {
        chaos(config(seed, 5, (10, 15)), 10);
    }
    for seed in 100..103 {
        chaos(config(seed, 1, (10, 15)), 10);
        chaos(config(seed, 3, (0, 0)), 25);
        chaos(config(seed, 7, (1, 30)), 25);
        chaos(config(seed, 5, (20, 140)), 10); // elections churn: safety only
    }
}

/// The wide sweep (4,800 runs, about a minute in release mode):
/// `CHAOS_SEEDS=200 cargo test --release -p raft-sim --test chaos -- --ignored`.
#[test]
#[ignore]
fn chaos_sweep() {
    let seeds: u64 = std::env::var("CHAOS_SEEDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(50);
    for seed in 0..seeds {
        for servers in [3, 5, 7] {
            for latency in [(0, 0), (1, 30), (10, 15), (20, 140)] {
                for fault_percent in [5, 25] {
                    chaos(config(seed, servers, latency), fault_percent);
                }
            }
        }
    }
}
