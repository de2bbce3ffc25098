//! PreVote in whole simulated clusters: a follower cut off and brought back does not depose the
//! leader (the paper's Raft does), and chaos runs with PreVote and CheckQuorum both on keep every
//! guarantee and recover.

use raft_core::Role;
use raft_sim::chaos::{run_chaos, ChaosOptions};
use raft_sim::{Extensions, SimConfig, Simulation, TraceKind};

#[test]
fn a_follower_cut_off_and_brought_back_does_not_depose_the_leader_with_pre_vote() {
    for seed in 1..=10 {
        for pre_vote in [false, true] {
            let context = format!("seed {seed}, pre_vote {pre_vote}");
            let mut sim = Simulation::new(SimConfig {
                seed,
                extensions: Extensions {
                    pre_vote,
                    ..Extensions::NONE
                },
                ..SimConfig::default()
            })
            .unwrap();
            sim.run_until(1_000_000);
            let leader = sim.leader().expect("a leader within 1 s");
            let term = sim.server(leader).unwrap().current_term();
            let cut_off = if leader == 1 { 2 } else { 1 };
            sim.partition(&[vec![cut_off]]).unwrap();
            sim.run_until(4_000_000);
            let alone = sim.server(cut_off).unwrap();
            if pre_vote {
                assert_eq!(
                    alone.current_term(),
                    term,
                    "{context}: no term without pre-votes"
                );
                assert_eq!(alone.role(), Role::PreCandidate, "{context}");
                assert!(sim.trace().count(TraceKind::PreElection) >= 10, "{context}");
            } else {
                assert!(
                    alone.current_term() > term + 5,
                    "{context}: it campaigns alone"
                );
            }
            sim.heal();
            sim.run_until(6_000_000);
            let now_leading = sim.server(leader).unwrap();
            if pre_vote {
                assert_eq!(sim.leader(), Some(leader), "{context}");
                assert_eq!(now_leading.current_term(), term, "{context}");
                assert_eq!(sim.server(cut_off).unwrap().leader_id(), Some(leader));
            } else {
                assert!(now_leading.current_term() > term, "{context}: deposed");
            }
        }
    }
}

#[test]
fn chaos_seeds_with_pre_vote_and_check_quorum_keep_every_guarantee_and_recover() {
    let (mut pre_elections, mut step_downs) = (0, 0);
    for seed in 1..=150 {
        let servers = 3 + (seed % 5) as u32;
        let outcome = run_chaos(&ChaosOptions::new(SimConfig {
            seed,
            servers,
            extensions: Extensions {
                check_quorum: true,
                pre_vote: true,
            },
            ..SimConfig::default()
        }));
        if let Some(failure) = &outcome.failure {
            panic!(
                "seed {seed} ({servers} servers) failed in the {:?} phase at {} ms: {}: {}\n\
                 reproduce: raftplay check --seeds 1 --seed-start {seed} --servers {servers} \
                 --check-quorum --pre-vote",
                failure.phase, failure.time_ms, failure.property_name, failure.explanation
            );
        }
        assert!(!outcome.history_undecided, "seed {seed}");
        pre_elections += outcome.pre_elections;
        step_downs += outcome.quorum_step_downs;
    }
    assert!(
        pre_elections > 1_000,
        "only {pre_elections} rounds of pre-votes"
    );
    assert!(step_downs > 50, "only {step_downs} CheckQuorum step-downs");
}

#[test]
fn time_out_now_with_pre_vote_asks_for_pre_votes_and_says_so() {
    let mut sim = Simulation::new(SimConfig {
        seed: 3,
        extensions: Extensions {
            pre_vote: true,
            ..Extensions::NONE
        },
        ..SimConfig::default()
    })
    .unwrap();
    sim.run_until(1_000_000);
    let leader = sim.leader().expect("a leader within 1 s");
    let follower = if leader == 1 { 2 } else { 1 };
    let term = sim.server(follower).unwrap().current_term();
    sim.timeout_now(follower).unwrap();
    assert_eq!(sim.server(follower).unwrap().role(), Role::PreCandidate);
    let asked = sim
        .trace()
        .recent()
        .rev()
        .find(|event| event.kind() == TraceKind::PreElection)
        .expect("a PreElection event");
    assert_eq!(
        asked.describe(),
        format!(
            "S{follower} is told to time out now and asks for pre-votes for term {}",
            term + 1
        )
    );
    assert_eq!(sim.trace().count(TraceKind::TimeoutNow), 0);
}
