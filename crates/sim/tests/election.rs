//! Leader election in the simulated cluster (§5.2), and recovery after the leader crashes.

mod common;

use common::{cluster, ms, role, run_checked_for, run_until_leader, secs, SafetyChecker};
use raft_core::Role;
use raft_sim::{TraceEvent, TraceKind};

// Reference: section 5.2 — with randomized election timeouts of 150–300 ms and a broadcast time
// of 10–15 ms, a healthy cluster elects a leader quickly (§5.6, §9.3).
#[test]
fn a_healthy_five_server_cluster_elects_a_leader_within_one_second_for_100_seeds() {
    let mut slowest = 0;
    for seed in 0..100 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let leader = run_until_leader(&mut sim, &mut checker, secs(1));
        assert!(
            leader.is_some(),
            "seed {seed}: no leader within 1 s of virtual time"
        );
        slowest = slowest.max(sim.now());
        // Everyone settles on it: run a little longer, with exactly one leader in one term.
        run_checked_for(&mut sim, &mut checker, ms(500));
        let leaders: Vec<_> = (1..=5)
            .filter(|&id| role(&sim, id) == Role::Leader)
            .collect();
        assert_eq!(leaders.len(), 1, "seed {seed}: leaders {leaders:?}");
        let term = sim.server(leaders[0]).unwrap().current_term();
        for id in 1..=5 {
            let server = sim.server(id).unwrap();
            assert_eq!(
                server.current_term(),
                term,
                "seed {seed}: S{id} on another term"
            );
            assert_eq!(
                server.leader_id(),
                Some(leaders[0]),
                "seed {seed}: S{id}'s leader"
            );
        }
    }
    println!(
        "slowest first election over 100 seeds: {} ms",
        slowest / 1000
    );
}

// Reference: section 5.2 — followers that stop hearing from the leader time out and elect a new
// one in a higher term; section 5.1 — the old leader, restarted, sees the higher term and
// becomes a follower.
#[test]
fn after_the_leader_crashes_a_new_leader_of_a_higher_term_takes_over() {
    for seed in [1, 2, 3, 42, 7777] {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let old = run_until_leader(&mut sim, &mut checker, secs(1)).expect("first leader");
        let old_term = sim.server(old).unwrap().current_term();
        run_checked_for(&mut sim, &mut checker, ms(200));
        sim.client_request("set x 1").unwrap();
        run_checked_for(&mut sim, &mut checker, ms(200));

        sim.crash(old).unwrap();
        let crashed_at = sim.now();
        let new = run_until_leader(&mut sim, &mut checker, crashed_at + secs(1))
            .unwrap_or_else(|| panic!("seed {seed}: no new leader within 1 s of the crash"));
        assert_ne!(new, old);
        let new_term = sim.server(new).unwrap().current_term();
        assert!(
            new_term > old_term,
            "seed {seed}: term {new_term} <= {old_term}"
        );

        sim.restart(old).unwrap();
        run_checked_for(&mut sim, &mut checker, secs(1));
        let restarted = sim.server(old).unwrap();
        let leader = sim.server(new).unwrap();
        assert_eq!(restarted.role(), Role::Follower, "seed {seed}");
        assert_eq!(
            restarted.current_term(),
            leader.current_term(),
            "seed {seed}"
        );
        assert_eq!(restarted.leader_id(), Some(new), "seed {seed}");
        assert_eq!(
            restarted.log(),
            leader.log(),
            "seed {seed}: the log caught up"
        );
        assert_eq!(
            restarted.commit_index(),
            leader.commit_index(),
            "seed {seed}"
        );
        assert_eq!(
            sim.kv(old).unwrap().get("x"),
            Some("1"),
            "seed {seed}: re-applied"
        );
    }
}

// Reference: section 5.2 — "time out now" starts an election at once; a follower with an
// up-to-date log wins it.
#[test]
fn timeout_now_makes_a_follower_start_and_win_an_election() {
    let mut sim = cluster(5);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(300));
    let term = sim.server(leader).unwrap().current_term();
    let follower = if leader == 1 { 2 } else { 1 };
    sim.timeout_now(follower).unwrap();
    assert_eq!(role(&sim, follower), Role::Candidate);
    assert_eq!(sim.server(follower).unwrap().current_term(), term + 1);
    assert!(matches!(
        sim.trace().recent().find(|e| matches!(e, TraceEvent::TimeoutNow { .. })),
        Some(TraceEvent::TimeoutNow { server, .. }) if *server == follower
    ));
    run_checked_for(&mut sim, &mut checker, ms(100));
    assert_eq!(sim.leader(), Some(follower));
    assert_eq!(role(&sim, leader), Role::Follower);
}

// Reference: section 5.2 — a timeout on a follower is traced with the election it starts.
#[test]
fn the_trace_records_timeouts_role_changes_and_messages() {
    let mut sim = cluster(11);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    let trace = sim.trace();
    assert!(trace.count(TraceKind::Timeout) >= 1);
    assert!(
        trace.count(TraceKind::RoleChange) >= 2,
        "candidate then leader"
    );
    assert!(trace.count(TraceKind::Send) >= 4);
    assert!(trace.count(TraceKind::Deliver) >= 2);
    let first_timeout = trace
        .recent()
        .find(|e| e.kind() == TraceKind::Timeout)
        .unwrap();
    assert!(
        first_timeout
            .describe()
            .contains("times out and starts an election for term 1"),
        "{}",
        first_timeout.describe()
    );
    let total: u64 = trace.counts().map(|(_, n)| n).sum();
    assert_eq!(total, trace.total());
}
