//! CheckQuorum in whole simulated clusters: a leader partitioned into a minority steps down
//! (the paper's stays on), and chaos runs with CheckQuorum on keep every guarantee and recover.

mod common;

use common::cluster_with;
use raft_core::Role;
use raft_sim::chaos::{run_chaos, ChaosOptions};
use raft_sim::{Extensions, SimConfig, Simulation, TraceEvent, TraceKind};

const CHECK_QUORUM: Extensions = Extensions {
    check_quorum: true,
    pre_vote: false,
};

/// Leaders that stepped down to follower without a newer term (only CheckQuorum does that),
/// read from the trace's milestones.
fn quorum_step_downs(sim: &Simulation) -> Vec<(u32, u64)> {
    let mut led_term = std::collections::BTreeMap::new();
    let mut step_downs = Vec::new();
    for (_, event) in sim.trace().milestones() {
        if let TraceEvent::RoleChange {
            server,
            from,
            to,
            term,
            ..
        } = *event
        {
            if to == Role::Leader {
                led_term.insert(server, term);
            } else if from == Role::Leader && led_term.get(&server) == Some(&term) {
                step_downs.push((server, term));
            }
        }
    }
    step_downs
}

#[test]
fn a_leader_partitioned_into_a_minority_steps_down_only_with_check_quorum() {
    for seed in 1..=20 {
        for extensions in [Extensions::NONE, CHECK_QUORUM] {
            let context = format!("seed {seed}, {extensions:?}");
            let mut sim = cluster_with(seed, extensions);
            sim.run_until(1_000_000);
            let leader = sim.leader().expect("a leader within 1 s");
            let term = sim.server(leader).unwrap().current_term();
            let others: Vec<u32> = (1..=5).filter(|&id| id != leader).collect();
            sim.partition(&[vec![leader, others[0]], others[1..].to_vec()])
                .unwrap();
            sim.run_until(2_000_000);
            let old = sim.server(leader).unwrap();
            if extensions.check_quorum {
                // Stepped down in its own term; cut off, it has campaigned since (in vain).
                assert_ne!(old.role(), Role::Leader, "{context}");
                assert_eq!(quorum_step_downs(&sim), [(leader, term)], "{context}");
                assert_eq!(sim.trace().count(TraceKind::QuorumLost), 1, "{context}");
            } else {
                assert_eq!(old.role(), Role::Leader, "{context}: the paper's stays");
                assert!(quorum_step_downs(&sim).is_empty(), "{context}");
            }
            // The majority side elects a leader of its own either way (split votes among
            // three servers that all must agree can take a few rounds).
            let majority_elects = (3..=10).any(|second| {
                sim.run_until(second * 1_000_000);
                others[1..]
                    .iter()
                    .any(|&id| sim.server(id).unwrap().role() == Role::Leader)
            });
            assert!(
                majority_elects,
                "{context}: no leader in the majority by 10 s"
            );
        }
    }
}

#[test]
fn a_healthy_cluster_runs_the_same_with_or_without_check_quorum() {
    // With every server reachable no leader loses its majority and no RequestVote of a
    // higher term meets a live lease: the switch changes nothing, event for event.
    let run = |extensions| {
        let mut sim = cluster_with(11, extensions);
        for second in 1..=20 {
            sim.client_request(&format!("set k {second}")).unwrap();
            sim.run_until(second * 1_000_000);
        }
        sim.trace().hash()
    };
    assert_eq!(run(Extensions::NONE), run(CHECK_QUORUM));
}

#[test]
fn chaos_seeds_with_check_quorum_keep_every_guarantee_and_recover() {
    let mut step_downs = 0;
    for seed in 1..=150 {
        let servers = 3 + (seed % 5) as u32;
        let outcome = run_chaos(&ChaosOptions::new(SimConfig {
            seed,
            servers,
            extensions: CHECK_QUORUM,
            ..SimConfig::default()
        }));
        if let Some(failure) = &outcome.failure {
            panic!(
                "seed {seed} ({servers} servers) failed in the {:?} phase at {} ms: {}: {}\n\
                 reproduce: raftplay check --seeds 1 --seed-start {seed} --servers {servers} \
                 --check-quorum",
                failure.phase, failure.time_ms, failure.property_name, failure.explanation
            );
        }
        assert!(!outcome.history_undecided, "seed {seed}");
        step_downs += outcome.quorum_step_downs;
    }
    // The partitions of the schedules really cut leaders off: CheckQuorum acted.
    assert!(step_downs > 50, "only {step_downs} CheckQuorum step-downs");
}
