//! Leadership transfer in whole simulated clusters: under a steady load the chosen follower
//! leads within a few message delays and no command is lost; a transfer to a crashed server is
//! given up after an election timeout; bad requests get clear errors; a run with transfers
//! replays exactly from its scenario; chaos runs with transfers keep every guarantee.

mod common;

use common::cluster_with;
use raft_core::Role;
use raft_sim::chaos::{run_chaos, ChaosOptions};
use raft_sim::{Extensions, SimConfig, SimError, Simulation, Timeline, TraceEvent, TraceKind};

/// A five-server cluster with `extensions` on, run for 1 s (a leader is elected).
fn cluster(seed: u64, extensions: Extensions) -> Simulation {
    let mut sim = cluster_with(seed, extensions);
    sim.run_until(1_000_000);
    sim
}

/// Runs to `until` with a client command every 10 ms.
fn run_with_load(sim: &mut Simulation, until: u64) {
    while sim.now() + 10_000 <= until {
        let at = sim.now() + 10_000;
        sim.run_until(at);
        sim.client_request(&format!("set k{} {at}", at % 7))
            .unwrap();
    }
    sim.run_until(until);
}

#[test]
fn under_load_the_chosen_follower_leads_within_100_ms_and_every_command_is_answered() {
    let both = Extensions {
        check_quorum: true,
        pre_vote: true,
    };
    for seed in 1..=10 {
        for extensions in [Extensions::NONE, both] {
            let context = format!("seed {seed}, {extensions:?}");
            let mut sim = cluster(seed, extensions);
            let leader = sim.leader().expect("a leader within 1 s");
            let term = sim.server(leader).unwrap().current_term();
            run_with_load(&mut sim, 1_200_000);
            let to = leader % 5 + 1;
            let asked_at = sim.now();
            sim.transfer_leadership(to).unwrap();
            assert_eq!(
                sim.server(leader).unwrap().leadership_transfer(),
                Some(to),
                "{context}"
            );
            run_with_load(&mut sim, asked_at + 100_000);
            assert_eq!(sim.leader(), Some(to), "{context}");
            let new_term = sim.server(to).unwrap().current_term();
            assert_eq!(new_term, term + 1, "{context}: one election, no split vote");
            assert_eq!(
                sim.server(leader).unwrap().role(),
                Role::Follower,
                "{context}"
            );
            assert_eq!(sim.trace().count(TraceKind::TransferLeadership), 1);
            assert_eq!(sim.trace().count(TraceKind::TransferGivenUp), 0);
            // Commands refused during the handover were retried: all are answered.
            run_with_load(&mut sim, asked_at + 400_000);
            sim.run_until(asked_at + 1_400_000);
            let unanswered = sim
                .requests()
                .iter()
                .filter(|request| request.return_time.is_none())
                .count();
            assert_eq!(unanswered, 0, "{context}");
            assert!(sim.violation().is_none(), "{context}");
        }
    }
}

#[test]
fn a_transfer_to_a_crashed_server_is_given_up_and_the_leader_takes_commands_again() {
    let mut sim = cluster(3, Extensions::NONE);
    let leader = sim.leader().unwrap();
    let term = sim.server(leader).unwrap().current_term();
    let to = leader % 5 + 1;
    sim.crash(to).unwrap();
    let asked_at = sim.now();
    sim.transfer_leadership(to).unwrap();
    let request = sim.client_request("set x 1").unwrap();
    let give_up = asked_at + u64::from(sim.config().election_timeout_ms_max) * 1_000;
    sim.run_until(give_up - 1);
    assert_eq!(sim.trace().count(TraceKind::TransferGivenUp), 0, "not yet");
    assert_eq!(sim.server(leader).unwrap().leadership_transfer(), Some(to));
    sim.run_until(give_up);
    let given_up: Vec<_> = sim
        .trace()
        .milestones()
        .filter_map(|(_, event)| match *event {
            TraceEvent::TransferGivenUp {
                leader, to, term, ..
            } => Some((leader, to, term)),
            _ => None,
        })
        .collect();
    assert_eq!(given_up, [(leader, to, term)]);
    assert_eq!(sim.leader(), Some(leader));
    sim.run_until(give_up + 500_000);
    let record = &sim.requests()[request as usize - 1];
    assert!(
        record.return_time.is_some_and(|at| at > give_up),
        "the command waited out the transfer and then committed"
    );
}

#[test]
fn bad_requests_get_clear_errors_and_change_nothing() {
    let mut sim = Simulation::new(SimConfig::default()).unwrap();
    let message = |error: SimError| error.to_string();
    let no_leader = sim.transfer_leadership(2).unwrap_err();
    assert!(message(no_leader).contains("no leader"), "at time 0");
    sim.run_until(1_000_000);
    let leader = sim.leader().unwrap();
    let to_itself = sim.transfer_leadership(leader).unwrap_err();
    assert!(
        message(to_itself).contains(&format!("S{leader} is already the leader")),
        "to itself"
    );
    assert!(sim.transfer_leadership(9).is_err(), "no S9 in 5 servers");
    assert!(sim.transfer_leadership(0).is_err());
    assert_eq!(sim.trace().count(TraceKind::TransferLeadership), 0);
    assert_eq!(sim.server(leader).unwrap().leadership_transfer(), None);
}

#[test]
fn a_run_with_transfers_replays_exactly_from_its_scenario() {
    let mut timeline = Timeline::new(SimConfig {
        seed: 5,
        ..SimConfig::default()
    })
    .unwrap();
    timeline.run_until(1_000_000);
    let first = timeline.simulation().leader().unwrap();
    timeline.transfer_leadership(first % 5 + 1).unwrap();
    timeline.client_request("set a 1").unwrap();
    timeline.run_until(1_500_000);
    let second = timeline.simulation().leader().unwrap();
    assert_eq!(second, first % 5 + 1);
    timeline.crash(first).unwrap();
    timeline.transfer_leadership(first).unwrap(); // to a crashed server: given up
    timeline.run_until(2_500_000);
    let trace = timeline.simulation().trace();
    assert_eq!(trace.count(TraceKind::TransferLeadership), 2);
    assert_eq!(trace.count(TraceKind::TransferGivenUp), 1);

    let scenario = timeline.scenario();
    assert!(scenario
        .to_json()
        .contains(r#""do":"transferLeadership","to":"#));
    let replayed = Timeline::from_scenario(&scenario).unwrap();
    assert_eq!(
        replayed.simulation().trace().hash(),
        timeline.simulation().trace().hash()
    );
    assert_eq!(replayed.simulation().state(), timeline.simulation().state());
}

#[test]
fn chaos_seeds_with_transfers_keep_every_guarantee_and_recover() {
    let (mut transfers, mut given_up) = (0, 0);
    for seed in 1..=150 {
        let servers = 3 + (seed % 5) as u32;
        let extensions = match seed % 2 {
            0 => Extensions::NONE,
            _ => Extensions {
                check_quorum: true,
                pre_vote: true,
            },
        };
        let outcome = run_chaos(&ChaosOptions::new(SimConfig {
            seed,
            servers,
            extensions,
            ..SimConfig::default()
        }));
        if let Some(failure) = &outcome.failure {
            panic!(
                "seed {seed} ({servers} servers, {extensions:?}) failed in the {:?} phase at {} \
                 ms: {}: {}\nreproduce: raftplay check --seeds 1 --seed-start {seed} --servers \
                 {servers}{}",
                failure.phase,
                failure.time_ms,
                failure.property_name,
                failure.explanation,
                if extensions.pre_vote {
                    " --check-quorum --pre-vote"
                } else {
                    ""
                }
            );
        }
        transfers += outcome.transfers;
        given_up += outcome.transfers_given_up;
    }
    // The schedules asked for transfers, and some met crashed or cut-off targets.
    assert!(transfers > 100, "only {transfers} transfers");
    assert!(given_up > 10, "only {given_up} transfers given up");
    assert!(given_up < transfers);
}
