//! The built-in safety checkers on healthy runs: five servers, 60 virtual seconds of client
//! load with crashes, restarts and forced elections, over several seeds, must produce no
//! violation, also on a lossy, duplicating, reordering network with partitions (the checkers'
//! failing cases are unit tests in `src/checkers/tests.rs`).

mod common;

use common::{ms, secs};
use raft_sim::{NetworkSettings, SimConfig, Simulation, TraceKind};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// 60 s of virtual time: a command every 5–60 ms; every 300 ms on average a random server
/// crashes or restarts (at most two down at once); now and then one is told to time out.
/// With `faulty_network`, messages are also lost, duplicated and held back (5% each), and
/// every 2 s on average the servers are split into two random groups or healed.
fn healthy_run(seed: u64, faulty_network: bool) -> Simulation {
    let mut sim = Simulation::new(SimConfig {
        seed,
        servers: 5,
        ..SimConfig::default()
    })
    .unwrap();
    assert!(sim.checking(), "the checkers are on by default");
    let mut schedule = ChaCha8Rng::seed_from_u64(seed ^ 0xc4ec_4e55);
    if faulty_network {
        sim.set_network(NetworkSettings {
            loss_rate: 0.05,
            duplicate_rate: 0.05,
            long_delay_rate: 0.05,
            ..sim.network()
        })
        .unwrap();
    }
    let mut time = 0;
    let mut tick = 0u64;
    while time < secs(60) {
        time += ms(schedule.random_range(5..60));
        sim.run_until(time);
        tick += 1;
        let key = schedule.random_range(0..8u32);
        let command = match schedule.random_range(0..3u32) {
            0 => format!("get k{key}"),
            1 => format!("append k{key} {tick},"),
            _ => format!("set k{key} {tick}"),
        };
        sim.client_request(&command).unwrap();
        if schedule.random_range(0..10u32) == 0 {
            let id = schedule.random_range(1..=5u32);
            let down = (1..=5u32).filter(|&s| sim.server(s).is_none()).count();
            if sim.server(id).is_none() {
                sim.restart(id).unwrap();
            } else if down < 2 {
                sim.crash(id).unwrap();
            }
        }
        if schedule.random_range(0..50u32) == 0 {
            let _ = sim.timeout_now(schedule.random_range(1..=5u32)); // refused on leaders
        }
        if faulty_network && schedule.random_range(0..60u32) == 0 {
            if sim.partition_groups().is_empty() {
                let size = schedule.random_range(1..=2usize);
                let mut group: Vec<u32> = Vec::new();
                while group.len() < size {
                    let id = schedule.random_range(1..=5u32);
                    if !group.contains(&id) {
                        group.push(id);
                    }
                }
                sim.partition(&[group]).unwrap();
            } else {
                sim.heal();
            }
        }
    }
    sim.heal();
    sim.set_network(NetworkSettings::default()).unwrap();
    for id in 1..=5 {
        if sim.server(id).is_none() {
            sim.restart(id).unwrap();
        }
    }
    sim.run_until(time + secs(5));
    sim
}

#[test]
fn healthy_runs_with_crashes_and_load_have_no_violation() {
    for seed in [1, 2, 3, 4, 5] {
        let sim = healthy_run(seed, false);
        assert_eq!(sim.violation(), None, "seed {seed}");
        assert_eq!(sim.trace().count(TraceKind::Violation), 0, "seed {seed}");
        assert!(sim.state().violation.is_none());
        // The run did exercise the checkers: many leaders, crashes and commits.
        assert!(sim.trace().count(TraceKind::Crash) >= 20, "seed {seed}");
        assert!(
            sim.trace().count(TraceKind::RoleChange) >= 10,
            "seed {seed}"
        );
        let leader = sim.leader().expect("a leader after healing");
        assert!(
            sim.server(leader).unwrap().commit_index() > 500,
            "seed {seed}"
        );
    }
}

#[test]
fn healthy_runs_on_a_faulty_network_have_no_violation() {
    for seed in [11, 12, 13, 14, 15] {
        let sim = healthy_run(seed, true);
        assert_eq!(sim.violation(), None, "seed {seed}");
        assert!(sim.trace().count(TraceKind::Duplicate) > 100, "seed {seed}");
        assert!(sim.trace().count(TraceKind::Partition) >= 3, "seed {seed}");
    }
}

#[test]
fn checking_does_not_change_the_run() {
    let config = SimConfig {
        seed: 9,
        ..SimConfig::default()
    };
    let mut checked = Simulation::new(config.clone()).unwrap();
    let mut unchecked = Simulation::new(config).unwrap();
    unchecked.set_checking(false);
    assert!(!unchecked.checking());
    for sim in [&mut checked, &mut unchecked] {
        for i in 0..200u64 {
            sim.run_until(ms(20 * i));
            sim.client_request(&format!("set k {i}")).unwrap();
            if i == 100 {
                let leader = sim.leader().unwrap();
                sim.crash(leader).unwrap();
            }
        }
        sim.run_until(secs(6));
    }
    assert_eq!(checked.trace().hash(), unchecked.trace().hash());
}

#[test]
fn checkers_switched_on_mid_run_adopt_the_cluster() {
    let mut sim = Simulation::new(SimConfig {
        seed: 4,
        ..SimConfig::default()
    })
    .unwrap();
    sim.set_checking(false);
    for i in 0..100u64 {
        sim.run_until(ms(20 * i));
        sim.client_request(&format!("set k {i}")).unwrap();
    }
    let leader = sim.leader().unwrap();
    sim.crash(leader).unwrap();
    sim.set_checking(true);
    assert!(sim.checking());
    for i in 100..300u64 {
        sim.run_until(ms(20 * i));
        sim.client_request(&format!("set k {i}")).unwrap();
        if i == 200 {
            sim.restart(leader).unwrap();
        }
    }
    sim.run_until(secs(8));
    assert_eq!(sim.violation(), None);
}
