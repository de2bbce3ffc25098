//! Cost of the safety checkers: the issue-2 workload (5 servers, latency 10–15 ms, election
//! timeout 100–200 ms, heartbeat 50 ms, a client command every 10 ms) run with the checkers on
//! and off, alternately, `rounds` times each; prints virtual seconds per wall second and the
//! overhead, best and median of the rounds. The two runs must give the same trace hash.
//!
//! `cargo run --release -p raft-sim --example checker_cost [virtual_seconds] [rounds] [on|off]`
//! (`on` or `off` runs only that mode once, for a profiler or `perf stat`).

use raft_sim::{SimConfig, Simulation};
use std::time::Instant;

/// One run of the workload; returns wall seconds, queue events and the trace hash.
fn run(virtual_seconds: u64, checking: bool) -> (f64, u64, u64) {
    let mut sim = Simulation::new(SimConfig {
        seed: 1,
        servers: 5,
        latency_ms_min: 10,
        latency_ms_max: 15,
        election_timeout_ms_min: 100,
        election_timeout_ms_max: 200,
        heartbeat_ms: 50,
        ..SimConfig::default()
    })
    .expect("valid configuration");
    sim.set_checking(checking);
    let commands = virtual_seconds * 100;
    let started = Instant::now();
    for i in 0..commands {
        sim.run_until(i * 10_000);
        sim.client_request(&format!("set k{} {i}", i % 100))
            .expect("valid command");
    }
    sim.run_until(virtual_seconds * 1_000_000);
    let wall = started.elapsed().as_secs_f64();
    assert!(sim.violation().is_none(), "{:?}", sim.violation());
    (wall, sim.events_processed(), sim.trace().hash())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let virtual_seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(600);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    if let Some(mode) = args.next() {
        let (wall, events, hash) = run(virtual_seconds, mode == "on");
        println!("checkers {mode}: {wall:.3} s wall, {events} queue events, hash {hash:#018x}");
        return;
    }
    let (mut on, mut off) = (Vec::new(), Vec::new());
    let (mut events, mut hashes) = (0, (0, 0));
    for _ in 0..rounds {
        let (wall, processed, hash) = run(virtual_seconds, false);
        off.push(virtual_seconds as f64 / wall);
        hashes.0 = hash;
        let (wall, processed_on, hash) = run(virtual_seconds, true);
        on.push(virtual_seconds as f64 / wall);
        hashes.1 = hash;
        assert_eq!(processed, processed_on);
        events = processed;
    }
    assert_eq!(hashes.0, hashes.1, "checking must not change the run");
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (best_off, best_on) = (best(&off), best(&on));
    let (median_off, median_on) = (median(off), median(on));
    println!(
        "workload          {virtual_seconds} virtual s, {events} queue events, {rounds} rounds"
    );
    println!("checkers off      {best_off:.0} virtual s/s best, {median_off:.0} median");
    println!("checkers on       {best_on:.0} virtual s/s best, {median_on:.0} median");
    println!(
        "overhead          {:.1}% (best), {:.1}% (median)",
        (best_off / best_on - 1.0) * 100.0,
        (median_off / median_on - 1.0) * 100.0
    );
    println!(
        "per queue event   {:.0} ns (median)",
        (virtual_seconds as f64 / median_on - virtual_seconds as f64 / median_off) / events as f64
            * 1e9
    );
}
