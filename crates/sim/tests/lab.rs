//! Scenarios in the tradition of the classic Raft labs: elections without a quorum, many
//! elections while servers come and go, divergent logs that must catch up fast after a
//! partition heals, persistence across crashes of leaders, followers and everyone, and churn
//! under concurrent client load. Every test also bounds the messages it may cost, and the
//! simulator's own checkers must report no violation.

mod common;

use common::{cluster, ms, run_checked_for, run_until_leader, secs, SafetyChecker};
use raft_core::{Role, ServerId, Time};
use raft_sim::{SimConfig, Simulation, TraceKind};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn cluster_of(servers: u32, seed: u64) -> Simulation {
    Simulation::new(SimConfig {
        seed,
        servers,
        ..SimConfig::default()
    })
    .expect("valid configuration")
}

/// Leaders among the running servers, as (id, term).
fn leaders(sim: &Simulation) -> Vec<(ServerId, u64)> {
    (1..=sim.config().servers)
        .filter_map(|id| sim.server(id).map(|server| (id, server)))
        .filter(|(_, server)| server.role() == Role::Leader)
        .map(|(id, server)| (id, server.current_term()))
        .collect()
}

/// The one leader of the highest term among `among`, if exactly one server there leads in it.
fn leader_among(sim: &Simulation, among: &[ServerId]) -> Option<ServerId> {
    let found: Vec<(ServerId, u64)> = leaders(sim)
        .into_iter()
        .filter(|(id, _)| among.contains(id))
        .collect();
    let top = found.iter().map(|&(_, term)| term).max()?;
    let at_top: Vec<ServerId> = found
        .iter()
        .filter(|&&(_, term)| term == top)
        .map(|&(id, _)| id)
        .collect();
    assert!(at_top.len() <= 1, "two leaders in term {top}: {at_top:?}");
    at_top.first().copied()
}

fn assert_no_violation(sim: &Simulation) {
    if let Some(violation) = sim.violation() {
        panic!("seed {}: {violation}", sim.config().seed);
    }
}

/// Sends `command` and runs until the client has its answer, or panics after `limit`.
fn request_and_wait(sim: &mut Simulation, checker: &mut SafetyChecker, command: &str, limit: Time) {
    let id = sim.client_request(command).unwrap();
    let deadline = sim.now() + limit;
    while sim.requests()[(id - 1) as usize].return_time.is_none() {
        assert!(
            sim.now() < deadline,
            "seed {}: {command:?} not committed within {} ms",
            sim.config().seed,
            limit / 1_000
        );
        run_checked_for(sim, checker, ms(10));
    }
}

fn log_terms(sim: &Simulation, id: ServerId) -> Vec<(u64, u64)> {
    sim.server(id)
        .unwrap()
        .log()
        .iter()
        .map(|entry| (entry.index, entry.term))
        .collect()
}

// ---- elections ----

// Reference: section 5.2 — a candidate needs a majority of the whole cluster.
#[test]
fn no_leader_is_elected_without_a_quorum() {
    for seed in 1..=20 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let leader = run_until_leader(&mut sim, &mut checker, secs(2)).expect("a first leader");
        // Leave the leader with one follower: two of five is no quorum.
        let others: Vec<ServerId> = (1..=5).filter(|&id| id != leader).collect();
        for &id in &others[1..] {
            sim.crash(id).unwrap();
        }
        let leader_term = sim.server(leader).unwrap().current_term();
        run_checked_for(&mut sim, &mut checker, secs(5));
        // The old leader may still believe it leads (there is no CheckQuorum), but nobody new
        // is elected.
        for (id, term) in leaders(&sim) {
            assert!(
                id == leader && term == leader_term,
                "seed {seed}: S{id} leads in term {term} without a quorum"
            );
        }
        // Crash the old leader too: the lone survivor must never become leader.
        sim.crash(leader).unwrap();
        run_checked_for(&mut sim, &mut checker, secs(5));
        assert!(
            leaders(&sim).is_empty(),
            "seed {seed}: a leader without a quorum"
        );
        // One server back gives two of five: still nothing. Two back: a quorum again.
        sim.restart(others[1]).unwrap();
        run_checked_for(&mut sim, &mut checker, secs(3));
        assert!(
            leaders(&sim).is_empty(),
            "seed {seed}: a leader with two of five"
        );
        sim.restart(others[2]).unwrap();
        run_checked_for(&mut sim, &mut checker, secs(3));
        assert!(
            leader_among(&sim, &[others[0], others[1], others[2]]).is_some(),
            "seed {seed}: no leader once three of five run"
        );
        assert_no_violation(&sim);
    }
}

// The labs' "many elections": seven servers, three random ones disconnected again and again.
#[test]
fn many_elections_with_seven_servers_and_three_disconnected() {
    for seed in 1..=10 {
        let mut sim = cluster_of(7, seed);
        let mut checker = SafetyChecker::default();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        run_until_leader(&mut sim, &mut checker, secs(2)).expect("a first leader");
        for round in 0..10 {
            let mut cut: Vec<ServerId> = Vec::new();
            while cut.len() < 3 {
                let id = rng.random_range(1..=7);
                if !cut.contains(&id) {
                    cut.push(id);
                }
            }
            // Each disconnected server alone; the other four together.
            let mut groups: Vec<Vec<u32>> = cut.iter().map(|&id| vec![id]).collect();
            let connected: Vec<ServerId> = (1..=7).filter(|id| !cut.contains(id)).collect();
            groups.push(connected.clone());
            sim.partition(&groups).unwrap();
            run_checked_for(&mut sim, &mut checker, secs(2));
            assert!(
                leader_among(&sim, &connected).is_some(),
                "seed {seed} round {round}: the four connected servers {connected:?} have no leader"
            );
            sim.heal();
            run_checked_for(&mut sim, &mut checker, secs(1));
            assert!(
                leader_among(&sim, &(1..=7).collect::<Vec<_>>()).is_some(),
                "seed {seed} round {round}: no leader after healing"
            );
        }
        assert_no_violation(&sim);
    }
}

// A healthy cluster elects quickly: rarely a second round, never many.
#[test]
fn a_healthy_cluster_elects_a_leader_in_few_rounds_and_few_messages() {
    let mut worst_term = 0;
    for seed in 1..=100 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        run_until_leader(&mut sim, &mut checker, secs(1)).expect("a leader within 1 s");
        let (_, term) = leaders(&sim)[0];
        worst_term = worst_term.max(term);
        // One round costs 4 RequestVotes and 4 replies per candidate; allow a few rounds.
        let sends = sim.trace().count(TraceKind::Send);
        assert!(term <= 4, "seed {seed}: leader only in term {term}");
        assert!(
            sends <= 60,
            "seed {seed}: {sends} messages to elect a leader"
        );
    }
    assert!(
        worst_term >= 2,
        "split votes happen in 100 seeds; the test would see them"
    );
}

// An idle leader sends heartbeats, not a flood.
#[test]
fn an_idle_leader_sends_only_heartbeats() {
    let mut sim = cluster(3);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, secs(1));
    let before = sim.trace().count(TraceKind::Send);
    run_checked_for(&mut sim, &mut checker, secs(10));
    let sent = sim.trace().count(TraceKind::Send) - before;
    // 4 followers x 20 heartbeats a second x 10 s = 800 AppendEntries, and as many replies.
    assert!(
        (1_500..=1_700).contains(&sent),
        "{sent} messages in 10 idle seconds (expected about 1,600)"
    );
    assert_eq!(leaders(&sim).len(), 1, "no elections while idle");
}

// ---- log replication and backup ----

// The labs' "backup": logs that diverge by many entries in two partitions converge quickly once
// healed, because nextIndex backs up a term at a time (conflict hints), not an entry at a time.
#[test]
fn divergent_logs_catch_up_quickly_after_healing() {
    for seed in 1..=10 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let old = run_until_leader(&mut sim, &mut checker, secs(2)).unwrap();
        request_and_wait(&mut sim, &mut checker, "set start 0", secs(2));
        // The old leader and one follower in a minority: their 60 entries never commit.
        let partner = old % 5 + 1;
        let majority: Vec<ServerId> = (1..=5).filter(|&id| id != old && id != partner).collect();
        sim.partition(&[vec![old, partner], majority.clone()])
            .unwrap();
        for i in 0..60 {
            // Straight into the old leader's log (the client may be redirected elsewhere).
            let _ = sim.client_request(&format!("set lost {i}"));
        }
        run_checked_for(&mut sim, &mut checker, secs(1));
        // The majority elects a new leader and commits 60 other entries.
        let new = leader_among(&sim, &majority).expect("the majority elects a leader");
        for i in 0..60 {
            sim.client_request(&format!("set kept {i}")).unwrap();
            run_checked_for(&mut sim, &mut checker, ms(5));
        }
        run_checked_for(&mut sim, &mut checker, secs(2));
        let leader_log = log_terms(&sim, new);
        let stale_log = log_terms(&sim, partner);
        let shared = leader_log
            .iter()
            .zip(&stale_log)
            .take_while(|(a, b)| a == b)
            .count();
        assert!(
            leader_log.len() - shared >= 50,
            "seed {seed}: the logs should diverge by many entries ({} vs {}, shared {shared})",
            leader_log.len(),
            stale_log.len()
        );
        // Heal: every log equals the leader's within a few round trips (one entry per round
        // trip would take 60 x 25 ms = 1.5 s).
        sim.heal();
        let healed_at = sim.now();
        let leader_now = |sim: &Simulation| leader_among(sim, &(1..=5).collect::<Vec<_>>());
        loop {
            run_checked_for(&mut sim, &mut checker, ms(5));
            let leader = leader_now(&sim);
            let converged = leader.is_some_and(|leader| {
                let reference = log_terms(&sim, leader);
                (1..=5).all(|id| log_terms(&sim, id) == reference)
            });
            if converged {
                break;
            }
            assert!(
                sim.now() - healed_at < ms(400),
                "seed {seed}: logs not converged 400 ms after healing"
            );
        }
        assert_no_violation(&sim);
    }
}

// ---- persistence ----

// The labs' persistence tests: crash the leader, followers, and everyone; what was committed
// survives, and the cluster goes on.
#[test]
fn committed_entries_survive_crashes_of_leaders_followers_and_everyone() {
    for seed in 1..=10 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let mut committed = Vec::new();
        let mut next = 0;
        let mut commit_one = |sim: &mut Simulation, checker: &mut SafetyChecker| {
            let command = format!("set p {next}");
            next += 1;
            request_and_wait(sim, checker, &command, secs(5));
            committed.push(command);
        };
        run_until_leader(&mut sim, &mut checker, secs(2)).unwrap();
        commit_one(&mut sim, &mut checker);
        // The leader.
        let leader = sim.leader().unwrap();
        sim.crash(leader).unwrap();
        commit_one(&mut sim, &mut checker);
        sim.restart(leader).unwrap();
        commit_one(&mut sim, &mut checker);
        // Two followers.
        let leader = sim.leader().unwrap();
        let followers: Vec<ServerId> = (1..=5).filter(|&id| id != leader).take(2).collect();
        for &id in &followers {
            sim.crash(id).unwrap();
        }
        commit_one(&mut sim, &mut checker);
        for &id in &followers {
            sim.restart(id).unwrap();
        }
        commit_one(&mut sim, &mut checker);
        // Everyone at once.
        for id in 1..=5 {
            sim.crash(id).unwrap();
        }
        run_checked_for(&mut sim, &mut checker, ms(100));
        for id in 1..=5 {
            sim.restart(id).unwrap();
        }
        commit_one(&mut sim, &mut checker);
        run_checked_for(&mut sim, &mut checker, secs(1));
        for id in 1..=5 {
            let log: Vec<String> = sim
                .server(id)
                .unwrap()
                .log()
                .iter()
                .filter_map(|entry| entry.command().map(str::to_string))
                .collect();
            for command in &committed {
                assert!(log.contains(command), "seed {seed}: S{id} lost {command:?}");
            }
        }
        assert_no_violation(&sim);
    }
}

// ---- churn ----

// The labs' "churn": servers crash, restart and get cut off while requests keep coming; every
// command the client saw committed is in the final log of every server.
#[test]
fn under_churn_every_acknowledged_command_is_in_every_final_log() {
    for seed in 1..=10 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xc4);
        let mut sent = 0;
        for _ in 0..100 {
            // Several requests in flight at once, then a random change to the cluster.
            for _ in 0..rng.random_range(1..=4) {
                sim.client_request(&format!("append churn ,{sent}"))
                    .unwrap();
                sent += 1;
            }
            let id = rng.random_range(1..=5);
            match rng.random_range(0..4) {
                0 if sim.server(id).is_some() => sim.crash(id).unwrap(),
                1 if sim.server(id).is_none() => sim.restart(id).unwrap(),
                2 => {
                    let other = id % 5 + 1;
                    sim.partition(&[vec![id, other]]).unwrap();
                }
                _ => sim.heal(),
            }
            run_checked_for(&mut sim, &mut checker, ms(rng.random_range(20..=300)));
        }
        sim.heal();
        for id in 1..=5 {
            if sim.server(id).is_none() {
                sim.restart(id).unwrap();
            }
        }
        request_and_wait(&mut sim, &mut checker, "set churn done", secs(10));
        run_checked_for(&mut sim, &mut checker, secs(1));
        let acknowledged: Vec<&str> = sim
            .requests()
            .iter()
            .filter(|request| request.return_time.is_some())
            .map(|request| request.command.as_str())
            .collect();
        assert!(
            acknowledged.len() > 50,
            "seed {seed}: only {} of {sent} requests answered",
            acknowledged.len()
        );
        for id in 1..=5 {
            let log: std::collections::HashSet<&str> = sim
                .server(id)
                .unwrap()
                .log()
                .iter()
                .filter_map(|entry| entry.command())
                .collect();
            for command in &acknowledged {
                assert!(
                    log.contains(command),
                    "seed {seed}: S{id} lacks acknowledged {command:?}"
                );
            }
        }
        assert_no_violation(&sim);
    }
}
