//! Log replication, persistence across crashes, and the key-value state machine (§5.3, §5.4).

mod common;

use common::{cluster, ms, run_checked_for, run_until_leader, running, secs, SafetyChecker};
use raft_core::ServerId;
use raft_sim::{KvOutput, Simulation};

fn follower_of(sim: &Simulation, leader: ServerId) -> ServerId {
    (1..=sim.config().servers).find(|&id| id != leader).unwrap()
}

// Reference: Figure 2, "Persistent state on all servers" — currentTerm, votedFor and log[]
// survive a crash; §5.3 — the leader's AppendEntries consistency check brings the restarted
// follower's log up to date; commitIndex is volatile and relearned from the leader.
#[test]
fn a_restarted_server_keeps_term_vote_and_log_and_catches_up() {
    let mut sim = cluster(3);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    for i in 0..5 {
        sim.client_request(&format!("set a{i} {i}")).unwrap();
        run_checked_for(&mut sim, &mut checker, ms(50));
    }
    run_checked_for(&mut sim, &mut checker, ms(300));
    let follower = follower_of(&sim, leader);
    let before = sim.server(follower).unwrap().clone();
    assert!(before.log().len() >= 6, "no-op plus five commands");
    sim.crash(follower).unwrap();

    // While it is down the cluster moves on.
    for i in 5..15 {
        sim.client_request(&format!("set a{i} {i}")).unwrap();
        run_checked_for(&mut sim, &mut checker, ms(40));
    }
    run_checked_for(&mut sim, &mut checker, ms(300));
    let down = sim.state().servers[(follower - 1) as usize].clone();
    assert!(down.crashed);
    assert_eq!((down.commit_index, down.last_applied), (0, 0));
    assert!(down.kv.is_empty() && down.election_timer_ms.is_none());

    sim.restart(follower).unwrap();
    let restarted = sim.server(follower).unwrap();
    assert_eq!(restarted.current_term(), before.current_term());
    assert_eq!(restarted.voted_for(), before.voted_for());
    assert_eq!(restarted.log(), before.log());
    assert_eq!(restarted.commit_index(), 0, "the commit index is volatile");
    assert!(
        sim.kv(follower).unwrap().is_empty(),
        "the store is rebuilt from the log"
    );

    run_checked_for(&mut sim, &mut checker, secs(1));
    let leader_now = sim.server(leader).unwrap();
    let restarted = sim.server(follower).unwrap();
    assert_eq!(restarted.log(), leader_now.log());
    assert_eq!(restarted.commit_index(), leader_now.commit_index());
    assert_eq!(restarted.last_applied(), leader_now.commit_index());
    assert_eq!(sim.kv(follower), sim.kv(leader));
    assert_eq!(sim.kv(follower).unwrap().len(), 15);
}

// Reference: §5.3 and §5.4.3 (State Machine Safety) — every server applies the same commands in
// the same order, so live servers end with identical key-value stores, even with a follower and
// the leader crashing and restarting along the way.
#[test]
fn commands_are_applied_in_the_same_order_everywhere_across_crashes() {
    for seed in [1, 9, 23, 2024] {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
        let mut crashed_follower = None;
        let mut crashed_leader = None;
        for i in 0..50u32 {
            sim.client_request(&format!("set k{} {i}", i % 7)).unwrap();
            sim.client_request(&format!("append log {i},")).unwrap();
            run_checked_for(&mut sim, &mut checker, ms(100));
            match i {
                10 => {
                    let leader = sim.leader().unwrap();
                    let follower = follower_of(&sim, leader);
                    sim.crash(follower).unwrap();
                    crashed_follower = Some(follower);
                }
                20 => {
                    let leader = sim.leader().expect("a leader while one follower is down");
                    sim.crash(leader).unwrap();
                    crashed_leader = Some(leader);
                }
                30 => sim.restart(crashed_follower.unwrap()).unwrap(),
                40 => sim.restart(crashed_leader.unwrap()).unwrap(),
                _ => {}
            }
        }
        run_checked_for(&mut sim, &mut checker, secs(3));

        let records = sim.requests();
        assert_eq!(records.len(), 100);
        for record in records {
            assert!(
                record.return_time.is_some(),
                "seed {seed}: request {} ({}) never answered",
                record.id,
                record.command
            );
            assert!(record.return_time.unwrap() >= record.call_time);
        }
        assert!(sim.state().requests.is_empty());

        // Every live server holds and applied the same committed log.
        let live = running(&sim);
        assert_eq!(live.len(), 5);
        let reference = sim.server(live[0]).unwrap();
        for &id in &live {
            let server = sim.server(id).unwrap();
            assert_eq!(
                server.commit_index(),
                reference.commit_index(),
                "seed {seed} S{id}"
            );
            assert_eq!(
                server.last_applied(),
                server.commit_index(),
                "seed {seed} S{id}"
            );
            let n = server.commit_index() as usize;
            assert_eq!(server.log()[..n], reference.log()[..n], "seed {seed} S{id}");
            assert_eq!(
                sim.kv(id),
                sim.kv(live[0]),
                "seed {seed}: S{id}'s store differs"
            );
        }
        // The checker saw the same committed log grow, and it holds every command.
        let committed: Vec<&str> = checker
            .committed()
            .iter()
            .filter_map(|e| e.command())
            .collect();
        for record in records {
            assert!(committed.contains(&record.command.as_str()), "seed {seed}");
        }
        // The store is what applying the committed log in order gives.
        let mut replay = raft_sim::KvStore::default();
        for command in &committed {
            replay.apply(command);
        }
        assert_eq!(Some(&replay), sim.kv(live[0]));
        for i in 43..50u32 {
            assert_eq!(
                replay.get(&format!("k{}", i % 7)),
                Some(i.to_string().as_str())
            );
        }
    }
}

// The client receives the result the leader's state machine produced.
#[test]
fn a_get_returns_the_value_its_position_in_the_log_sees() {
    let mut sim = cluster(8);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    let set = sim.client_request("set x 1").unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    let get = sim.client_request("get x").unwrap();
    let missing = sim.client_request("get nothing").unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    let output = |id: u64| sim.requests()[(id - 1) as usize].output.clone();
    assert_eq!(output(set), Some(KvOutput::Ok));
    assert_eq!(output(get), Some(KvOutput::Value(Some("1".to_string()))));
    assert_eq!(output(missing), Some(KvOutput::Value(None)));
}
