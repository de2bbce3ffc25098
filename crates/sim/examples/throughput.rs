//! Quick throughput figure for the simulator (the real benchmark is `raftplay bench`): the
//! issue's workload — 5 servers, latency 10–15 ms, election timeout 100–200 ms, heartbeat
//! 50 ms, a client command every 10 ms — for 600 s of virtual time.
//!
//! `cargo run --release -p raft-sim --example throughput [virtual_seconds] [--no-checkers]`
//!
//! The safety checkers run by default, as in the playground; `--no-checkers` measures the
//! simulation alone.

use raft_sim::{SimConfig, Simulation};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let virtual_seconds: u64 = args.iter().find_map(|arg| arg.parse().ok()).unwrap_or(600);
    let checkers = !args.iter().any(|arg| arg == "--no-checkers");
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
    sim.set_checking(checkers);
    let commands = virtual_seconds * 100;
    let started = Instant::now();
    for i in 0..commands {
        sim.run_until(i * 10_000);
        sim.client_request(&format!("set k{} {i}", i % 100))
            .expect("valid command");
    }
    sim.run_until(virtual_seconds * 1_000_000);
    let wall = started.elapsed().as_secs_f64();
    let answered = sim
        .requests()
        .iter()
        .filter(|r| r.return_time.is_some())
        .count();
    println!(
        "virtual time      {virtual_seconds} s (checkers {})",
        if checkers { "on" } else { "off" }
    );
    println!("wall time         {wall:.3} s");
    println!("virtual s / s     {:.0}", virtual_seconds as f64 / wall);
    println!(
        "queue events      {} ({:.2} M/s)",
        sim.events_processed(),
        sim.events_processed() as f64 / wall / 1e6
    );
    println!(
        "trace events      {} ({:.2} M/s)",
        sim.trace().total(),
        sim.trace().total() as f64 / wall / 1e6
    );
    println!("requests answered {answered} / {commands}");
    println!("trace hash        {:#018x}", sim.trace().hash());
}
