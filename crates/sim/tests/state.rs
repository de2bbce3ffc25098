//! `state()` and `state_tail()`: the snapshot the browser draws and `raftplay run` prints.

mod common;

use common::{cluster, ms, run_checked_for, run_until_leader, secs, SafetyChecker};
use raft_core::Role;

#[test]
fn state_reports_servers_messages_and_times_in_milliseconds() {
    let mut sim = cluster(12);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(20));
    let state = sim.state();
    assert_eq!(state.time_ms, sim.now() as f64 / 1000.0);
    assert_eq!(
        state.servers.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    for server in &state.servers {
        assert!(!server.crashed);
        if server.id == leader {
            assert_eq!(server.role, Role::Leader);
            assert_eq!(server.election_timer_ms, None);
        } else {
            let [start, fire] = server.election_timer_ms.expect("followers have a timer");
            assert!(
                start <= state.time_ms && state.time_ms <= fire,
                "{start} {fire}"
            );
        }
    }
    // Messages: in send order, each with a delivery 10–15 ms after its sending.
    assert!(!state.messages.is_empty());
    assert!(state.messages.windows(2).all(|w| w[0].id < w[1].id));
    for message in &state.messages {
        let latency = message.deliver_ms - message.sent_ms;
        assert!((10.0..=15.0).contains(&latency), "{message:?}");
        assert!(message.deliver_ms >= state.time_ms);
    }
    let json =
        serde_json::from_str::<serde_json::Value>(&raft_sim::json::to_string(&state)).unwrap();
    assert!(
        json["servers"][0]["electionTimerMs"].is_array() || json["servers"][0]["role"] == "leader"
    );
    assert!(json["messages"][0]["type"].is_string());
    assert!(json["timeMs"].is_number());
}

#[test]
fn a_crashed_server_shows_what_it_persisted() {
    let mut sim = cluster(13);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    sim.client_request("set a 1").unwrap();
    run_checked_for(&mut sim, &mut checker, ms(300));
    let victim = if leader == 3 { 4 } else { 3 };
    let before = sim.state().servers[(victim - 1) as usize].clone();
    sim.crash(victim).unwrap();
    let after = sim.state().servers[(victim - 1) as usize].clone();
    assert!(after.crashed);
    assert_eq!(after.role, Role::Follower);
    assert_eq!(
        (after.term, after.voted_for),
        (before.term, before.voted_for)
    );
    assert_eq!(after.log, before.log);
    assert_eq!(
        after.log.last().unwrap().command.as_deref(),
        Some("set a 1")
    );
    assert_eq!(after.log[0].command, None, "the leader's no-op");
    assert_eq!(
        (after.commit_index, after.last_applied, after.leader_id),
        (0, 0, None)
    );
    assert!(after.kv.is_empty() && after.election_timer_ms.is_none());
    assert_eq!(before.kv, vec![("a".to_string(), "1".to_string())]);
}

#[test]
fn a_leader_shows_what_it_knows_of_each_follower() {
    let mut sim = cluster(14);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    let victim = if leader == 2 { 3 } else { 2 };
    sim.crash(victim).unwrap();
    for n in 0..5 {
        sim.client_request_to(&format!("set a {n}"), Some(leader))
            .unwrap();
        run_checked_for(&mut sim, &mut checker, ms(30));
    }
    run_checked_for(&mut sim, &mut checker, ms(200));
    let state = sim.state();
    let shown = &state.servers[(leader - 1) as usize].progress;
    let last = sim.last_log_index(leader).unwrap();
    let ids: Vec<u32> = shown.iter().map(|follower| follower.id).collect();
    assert_eq!(ids, (1..=5).filter(|&id| id != leader).collect::<Vec<_>>());
    for follower in shown {
        if follower.id == victim {
            // The crashed follower answers nothing: the leader probes for where its log
            // matches, one message at a time.
            assert!(follower.probing, "{follower:?}");
            assert!(
                follower.match_index < last && follower.inflight == 0,
                "{follower:?}"
            );
        } else {
            // A quiet cluster: every live follower holds the whole log, acknowledged.
            assert_eq!(
                (
                    follower.match_index,
                    follower.next_index,
                    follower.probing,
                    follower.inflight
                ),
                (last, last + 1, false, 0),
                "{follower:?}"
            );
        }
    }
    for server in &state.servers {
        if server.id != leader {
            assert!(server.progress.is_empty(), "only a leader has followers");
        }
    }
}

#[test]
fn state_tail_keeps_only_the_last_entries() {
    let mut sim = cluster(14);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    for i in 0..40 {
        sim.client_request(&format!("set k {i}")).unwrap();
        run_checked_for(&mut sim, &mut checker, ms(10));
    }
    run_checked_for(&mut sim, &mut checker, ms(300));
    let full = sim.state();
    let last = full.servers.iter().map(|s| s.log.len()).max().unwrap() as u64;
    assert!(last >= 41);
    let tail = sim.state_tail(5);
    for (full_server, tail_server) in full.servers.iter().zip(&tail.servers) {
        let indexes: Vec<u64> = tail_server.log.iter().map(|e| e.index).collect();
        let expected: Vec<u64> = full_server
            .log
            .iter()
            .map(|e| e.index)
            .filter(|&index| index > last - 5)
            .collect();
        assert_eq!(indexes, expected);
        assert_eq!(tail_server.commit_index, full_server.commit_index);
    }
    assert_eq!(sim.state_tail(usize::MAX), full);
    assert!(sim.state_tail(0).servers.iter().all(|s| s.log.is_empty()));
}

#[test]
fn state_tail_copies_only_the_first_pairs_of_each_store() {
    let mut sim = cluster(15);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    for i in 0..60 {
        sim.client_request(&format!("set key{i:02} {i}")).unwrap();
        run_checked_for(&mut sim, &mut checker, ms(10));
    }
    run_checked_for(&mut sim, &mut checker, ms(500));
    let full = sim.state();
    let tail = sim.state_tail(10);
    for (full_server, tail_server) in full.servers.iter().zip(&tail.servers) {
        assert_eq!(
            full_server.kv.len(),
            60,
            "S{} applied every set",
            full_server.id
        );
        assert_eq!(tail_server.kv.len(), raft_sim::KV_TAIL_PAIRS);
        assert_eq!(
            tail_server.kv[..],
            full_server.kv[..raft_sim::KV_TAIL_PAIRS]
        );
    }
}
