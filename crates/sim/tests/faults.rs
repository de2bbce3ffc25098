//! Network faults: partitions, one-way and two-way cuts, heal, loss, duplication, long delays,
//! dropping one message; Raft stays safe under all of them (the safety checker runs after
//! every event) and live once the network heals.

mod common;

use common::{cluster, ms, role, run_checked_for, run_until_leader, secs, SafetyChecker};
use raft_core::{Role, ServerId, Time};
use raft_sim::{
    DropReason, MessageKind, NetworkSettings, SimConfig, SimError, Simulation, TraceEvent,
    TraceKind, CLIENT,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

// ---- helpers ----

/// Hands out the trace events recorded since the last call.
struct Tally {
    seen: u64,
}

impl Tally {
    fn new(sim: &Simulation) -> Tally {
        Tally {
            seen: sim.trace().total(),
        }
    }

    fn take(&mut self, sim: &Simulation) -> Vec<TraceEvent> {
        let total = sim.trace().total();
        let new = (total - self.seen) as usize;
        self.seen = total;
        let recent: Vec<TraceEvent> = sim.trace().recent().copied().collect();
        assert!(new <= recent.len(), "the trace ring lost events");
        recent[recent.len() - new..].to_vec()
    }
}

/// Steps (checked) for `duration`, returning every event recorded on the way.
fn run_collecting(
    sim: &mut Simulation,
    checker: &mut SafetyChecker,
    duration: Time,
) -> Vec<TraceEvent> {
    let until = sim.now() + duration;
    let mut tally = Tally::new(sim);
    let mut events = Vec::new();
    while sim.next_event_time().is_some_and(|time| time <= until) {
        sim.step();
        if let Err(violation) = checker.check(sim) {
            panic!("{}", common::report(sim, &violation));
        }
        events.extend(tally.take(sim));
    }
    sim.run_until(until);
    events
}

fn config(seed: u64) -> SimConfig {
    SimConfig {
        seed,
        ..SimConfig::default()
    }
}

fn term(sim: &Simulation, id: ServerId) -> u64 {
    sim.server(id).expect("server is running").current_term()
}

fn commit(sim: &Simulation, id: ServerId) -> u64 {
    sim.server(id).expect("server is running").commit_index()
}

fn others(sim: &Simulation, but: &[ServerId]) -> Vec<ServerId> {
    (1..=sim.config().servers)
        .filter(|id| !but.contains(id))
        .collect()
}

/// Sends `command` and runs (checked) until it is answered; panics after `limit`.
fn request_and_wait(
    sim: &mut Simulation,
    checker: &mut SafetyChecker,
    command: &str,
    limit: Time,
) -> ServerId {
    let id = sim.client_request(command).unwrap();
    let deadline = sim.now() + limit;
    while sim.requests()[(id - 1) as usize].return_time.is_none() {
        assert!(
            sim.now() < deadline,
            "request {command:?} not answered in time"
        );
        run_checked_for(sim, checker, ms(10));
    }
    sim.requests()[(id - 1) as usize].answered_by.unwrap()
}

fn assert_logs_identical(sim: &Simulation) {
    let first = sim.server(1).unwrap().log().to_vec();
    for id in 2..=sim.config().servers {
        assert_eq!(
            sim.server(id).unwrap().log(),
            &first[..],
            "S{id}'s log differs"
        );
        assert_eq!(
            commit(sim, id),
            commit(sim, 1),
            "S{id}'s commit index differs"
        );
    }
}

fn became_leader(events: &[TraceEvent], server: ServerId) -> bool {
    events.iter().any(|event| {
        matches!(event, TraceEvent::RoleChange { server: s, to: Role::Leader, .. } if *s == server)
    })
}

// ---- partitions ----

// Reference: section 5.2 — a candidate needs votes from a majority of the full cluster.
#[test]
fn a_minority_without_the_leader_never_elects_a_leader() {
    let mut sim = cluster(11);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    let minority: Vec<ServerId> = others(&sim, &[leader])[..2].to_vec();
    let terms_before: Vec<u64> = minority.iter().map(|&id| term(&sim, id)).collect();
    sim.partition(std::slice::from_ref(&minority)).unwrap();

    let events = run_collecting(&mut sim, &mut checker, secs(5));
    for (&id, before) in minority.iter().zip(terms_before) {
        assert!(
            !became_leader(&events, id),
            "S{id} won an election in a minority"
        );
        assert!(term(&sim, id) > before, "S{id} kept campaigning");
    }
    // Messages across the partition are dropped as they are sent, never put in flight.
    let sent_at: std::collections::BTreeMap<u64, Time> = events
        .iter()
        .filter_map(|event| match *event {
            TraceEvent::Send { message, time, .. } => Some((message, time)),
            _ => None,
        })
        .collect();
    let partitioned: Vec<(u64, Time)> = events
        .iter()
        .filter_map(|event| match *event {
            TraceEvent::Drop {
                message,
                time,
                reason: DropReason::Partitioned,
                ..
            } => Some((message, time)),
            _ => None,
        })
        .collect();
    // (Those in flight when the partition began are dropped on arrival.)
    let sent_since: Vec<(u64, Time)> = partitioned
        .into_iter()
        .filter(|(message, _)| sent_at.contains_key(message))
        .collect();
    assert!(sent_since.len() > 10);
    for (message, time) in sent_since {
        assert_eq!(sent_at[&message], time, "#{message} dropped late");
    }
    // The majority side (the leader and two followers) carries on, and the client reaches it.
    assert_eq!(sim.leader(), Some(leader));
    let answered_by = request_and_wait(&mut sim, &mut checker, "set x 1", secs(3));
    assert_eq!(answered_by, leader);
}

// Reference: sections 5.2–5.4 — an isolated leader cannot commit; the majority elects a new
// leader; after healing, the old leader steps down and its uncommitted entries are replaced.
#[test]
fn an_isolated_leader_commits_nothing_and_rejoins_without_disruption() {
    let mut sim = cluster(12);
    let mut checker = SafetyChecker::default();
    let old_leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    request_and_wait(&mut sim, &mut checker, "set x 1", secs(1));
    // Its companion is not the server after it: the client tries that one next, and a follower
    // of the isolated leader would only redirect it back there.
    let companion = others(&sim, &[old_leader, old_leader % 5 + 1])[0];
    let old_term = term(&sim, old_leader);
    let old_commit = commit(&sim, old_leader);
    sim.partition(&[vec![old_leader, companion]]).unwrap();
    assert_eq!(sim.state().partition.len(), 2);

    let answered_by = request_and_wait(&mut sim, &mut checker, "set x 2", secs(5));
    let new_leader = sim.leader().unwrap();
    assert_ne!(new_leader, old_leader);
    assert_eq!(answered_by, new_leader);
    assert!(term(&sim, new_leader) > old_term);
    assert_eq!(
        role(&sim, old_leader),
        Role::Leader,
        "no CheckQuorum: it still believes"
    );
    assert_eq!(
        commit(&sim, old_leader),
        old_commit,
        "a minority leader cannot commit"
    );
    assert!(
        sim.server(old_leader).unwrap().last_log_index() > old_commit,
        "the old leader appended the client's first attempt"
    );

    sim.heal();
    assert!(sim.state().partition.is_empty());
    let new_term = term(&sim, new_leader);
    let events = run_collecting(&mut sim, &mut checker, secs(2));
    assert_eq!(role(&sim, old_leader), Role::Follower);
    assert_eq!(term(&sim, old_leader), new_term);
    assert_eq!(
        sim.leader(),
        Some(new_leader),
        "the rejoining leader did not disrupt"
    );
    assert_eq!(term(&sim, new_leader), new_term);
    assert!(!events.iter().any(|event| matches!(
        event,
        TraceEvent::Timeout {
            role: Role::Follower | Role::Candidate,
            ..
        }
    )));
    assert_logs_identical(&sim);
    let commands: Vec<&str> = sim
        .server(1)
        .unwrap()
        .log()
        .iter()
        .filter_map(|entry| entry.command())
        .collect();
    assert_eq!(
        commands,
        vec!["set x 1", "set x 2"],
        "each command committed once"
    );
}

// ---- one-way cuts ----

// A leader that can send but not receive: its heartbeats keep every follower from timing out,
// but no acknowledgement comes back, so nothing commits until the links are repaired. (Without
// CheckQuorum the leader never notices; the cluster waits.)
#[test]
fn a_leader_that_cannot_hear_its_followers_keeps_them_quiet_but_commits_nothing() {
    let mut sim = cluster(13);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    request_and_wait(&mut sim, &mut checker, "set x 1", secs(1));
    let leader_term = term(&sim, leader);
    let leader_commit = commit(&sim, leader);
    for follower in others(&sim, &[leader]) {
        sim.cut(follower, leader, true).unwrap();
    }
    assert_eq!(sim.cut_links().len(), 4);
    let request = sim.client_request("set x 2").unwrap();

    let events = run_collecting(&mut sim, &mut checker, secs(3));
    assert!(!events.iter().any(|e| e.kind() == TraceKind::RoleChange));
    assert!(!events.iter().any(|e| matches!(
        e,
        TraceEvent::Timeout {
            role: Role::Follower,
            ..
        }
    )));
    for id in 1..=5 {
        assert_eq!(term(&sim, id), leader_term);
    }
    assert_eq!(commit(&sim, leader), leader_commit);
    assert!(sim.requests()[(request - 1) as usize].return_time.is_none());
    assert!(events.iter().any(|event| matches!(
        event,
        TraceEvent::Drop {
            reason: DropReason::LinkCut,
            kind: MessageKind::AppendEntriesReply,
            ..
        }
    )));

    for follower in others(&sim, &[leader]) {
        sim.repair(follower, leader, true).unwrap();
    }
    assert!(sim.cut_links().is_empty());
    run_checked_for(&mut sim, &mut checker, secs(1));
    assert!(sim.requests()[(request - 1) as usize].return_time.is_some());
}

// A leader that can receive but not send: the followers hear nothing, elect a new leader, and
// the old one steps down on the first message of the higher term (§5.1).
#[test]
fn a_leader_that_cannot_reach_its_followers_is_replaced_and_steps_down() {
    let mut sim = cluster(14);
    let mut checker = SafetyChecker::default();
    let old_leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    let old_term = term(&sim, old_leader);
    for follower in others(&sim, &[old_leader]) {
        sim.cut(old_leader, follower, true).unwrap();
    }
    run_checked_for(&mut sim, &mut checker, secs(3));
    let new_leader = sim.leader().unwrap();
    assert_ne!(new_leader, old_leader);
    assert!(term(&sim, new_leader) > old_term);
    assert_eq!(role(&sim, old_leader), Role::Follower);
    assert_eq!(term(&sim, old_leader), term(&sim, new_leader));
    request_and_wait(&mut sim, &mut checker, "set y 1", secs(1));
}

#[test]
fn a_two_way_cut_blocks_both_directions_and_repair_restores_them() {
    let mut sim = cluster(15);
    sim.cut(2, 4, false).unwrap();
    assert_eq!(sim.cut_links(), vec![[2, 4], [4, 2]]);
    sim.repair(4, 2, true).unwrap();
    assert_eq!(sim.cut_links(), vec![[2, 4]]);
    sim.cut(1, 3, false).unwrap();
    sim.partition(&[vec![5]]).unwrap();
    sim.heal();
    assert!(sim.cut_links().is_empty());
    assert!(sim.partition_groups().is_empty());
    let kinds: Vec<TraceKind> = sim.trace().recent().map(TraceEvent::kind).collect();
    assert_eq!(
        kinds[kinds.len() - 5..],
        [
            TraceKind::Cut,
            TraceKind::Repair,
            TraceKind::Cut,
            TraceKind::Partition,
            TraceKind::Heal
        ]
    );
}

// A message is checked when it arrives, too: cutting a link or partitioning while it is in
// flight loses it.
#[test]
fn a_cut_or_partition_made_while_a_message_is_in_flight_drops_it_on_arrival() {
    let mut sim = cluster(16);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    // Step until the leader's heartbeats are in flight to every follower.
    let mut in_flight = Vec::new();
    for _ in 0..1000 {
        sim.step();
        in_flight = sim
            .state()
            .messages
            .into_iter()
            .filter(|m| m.from == leader && m.kind == "AppendEntries")
            .collect();
        if in_flight.len() == 4 {
            break;
        }
    }
    assert_eq!(in_flight.len(), 4);
    let (cut_one, partitioned_one) = (&in_flight[0], &in_flight[1]);
    sim.cut(leader, cut_one.to, true).unwrap();
    sim.partition(&[vec![partitioned_one.to]]).unwrap();

    let events = run_collecting(&mut sim, &mut checker, ms(20));
    let fate = |id: u64| {
        events
            .iter()
            .find(|event| match event {
                TraceEvent::Deliver { message, .. } | TraceEvent::Drop { message, .. } => {
                    *message == id
                }
                _ => false,
            })
            .copied()
            .expect("the message arrived or was dropped")
    };
    assert!(matches!(
        fate(cut_one.id),
        TraceEvent::Drop { reason: DropReason::LinkCut, time, .. }
            if time as f64 == cut_one.deliver_ms * 1000.0
    ));
    assert!(matches!(
        fate(partitioned_one.id),
        TraceEvent::Drop {
            reason: DropReason::Partitioned,
            ..
        }
    ));
    for other in &in_flight[2..] {
        assert!(matches!(fate(other.id), TraceEvent::Deliver { .. }));
    }
}

// ---- loss, duplication, long delays ----

#[test]
fn with_loss_rate_one_nothing_crosses_between_servers_but_the_client_still_talks() {
    let mut sim = Simulation::new(SimConfig {
        loss_rate: 1.0,
        ..config(17)
    })
    .unwrap();
    let mut checker = SafetyChecker::default();
    let events = run_collecting(&mut sim, &mut checker, secs(3));
    let sends = events
        .iter()
        .filter(|e| e.kind() == TraceKind::Send)
        .count();
    let lost = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                TraceEvent::Drop {
                    reason: DropReason::Lost,
                    ..
                }
            )
        })
        .count();
    assert!(sends > 10);
    assert_eq!(lost, sends, "every message was lost");
    assert_eq!(sim.trace().count(TraceKind::Deliver), 0);
    assert_eq!(sim.leader(), None);

    sim.client_request("set x 1").unwrap();
    let events = run_collecting(&mut sim, &mut checker, ms(100));
    assert!(events
        .iter()
        .any(|e| matches!(e, TraceEvent::Deliver { from: CLIENT, .. })));
    assert!(events
        .iter()
        .any(|e| matches!(e, TraceEvent::Deliver { to: CLIENT, .. })));

    sim.set_network(NetworkSettings::default()).unwrap();
    let limit = sim.now() + secs(2);
    assert!(run_until_leader(&mut sim, &mut checker, limit).is_some());
    run_checked_for(&mut sim, &mut checker, secs(2));
    assert!(sim.requests()[0].return_time.is_some());
}

// Raft's messages are idempotent: a duplicated RequestVote cannot count twice (votes are a set
// of voters, §5.2), a duplicated AppendEntries re-appends nothing (§5.3).
#[test]
fn with_duplicate_rate_one_every_message_arrives_twice_and_raft_stays_safe() {
    let mut sim = Simulation::new(SimConfig {
        duplicate_rate: 1.0,
        ..config(18)
    })
    .unwrap();
    let mut checker = SafetyChecker::default();
    let mut events = Vec::new();
    for i in 0..10 {
        events.extend(run_collecting(&mut sim, &mut checker, ms(300)));
        sim.client_request(&format!("append k {i}")).unwrap();
    }
    events.extend(run_collecting(&mut sim, &mut checker, secs(2)));

    let mut originals = std::collections::BTreeSet::new();
    let mut copies = std::collections::BTreeMap::new();
    let mut delivered = std::collections::BTreeMap::<u64, u32>::new();
    for event in &events {
        match *event {
            TraceEvent::Send {
                message, from, to, ..
            } if from != CLIENT && to != CLIENT => {
                originals.insert(message);
            }
            TraceEvent::Duplicate {
                message,
                original,
                from,
                to,
                ..
            } => {
                assert!(
                    from != CLIENT && to != CLIENT,
                    "client messages are never copied"
                );
                assert_ne!(message, original, "a copy has its own id");
                copies.insert(original, message);
            }
            TraceEvent::Deliver { message, .. } => *delivered.entry(message).or_default() += 1,
            _ => {}
        }
    }
    assert!(originals.len() > 100);
    assert_eq!(
        copies
            .keys()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        originals
    );
    let delivered_twice = copies
        .iter()
        .filter(|(original, copy)| delivered.contains_key(original) && delivered.contains_key(copy))
        .count();
    assert!(delivered_twice > 100, "originals and copies both arrive");
    assert!(delivered.values().all(|&count| count == 1));

    assert!(sim.requests().iter().all(|r| r.return_time.is_some()));
    let expected = "0123456789";
    for id in 1..=5 {
        assert_eq!(
            sim.kv(id).unwrap().get("k"),
            Some(expected),
            "S{id}'s store"
        );
    }
}

#[test]
fn long_delays_reorder_messages_and_raft_stays_safe() {
    let mut sim = Simulation::new(SimConfig {
        long_delay_rate: 0.2,
        long_delay_ms_max: 500,
        ..config(19)
    })
    .unwrap();
    let mut checker = SafetyChecker::default();
    let mut events = Vec::new();
    for i in 0..20 {
        events.extend(run_collecting(&mut sim, &mut checker, ms(200)));
        sim.client_request(&format!("set k{i} {i}")).unwrap();
    }
    events.extend(run_collecting(&mut sim, &mut checker, secs(3)));
    // On some link, a message arrives after one sent later.
    let mut last_on_link = std::collections::BTreeMap::new();
    let mut reordered = 0;
    for event in &events {
        if let TraceEvent::Deliver {
            message, from, to, ..
        } = *event
        {
            let last = last_on_link.entry((from, to)).or_insert(0);
            if message < *last {
                reordered += 1;
            }
            *last = (*last).max(message);
        }
    }
    assert!(reordered > 10, "only {reordered} reordered deliveries");
    sim.set_network(NetworkSettings::default()).unwrap();
    run_checked_for(&mut sim, &mut checker, secs(3));
    assert!(sim.requests().iter().all(|r| r.return_time.is_some()));
}

// ---- dropping one message ----

#[test]
fn drop_message_removes_exactly_that_message() {
    let mut sim = cluster(20);
    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    sim.client_request("set x 1").unwrap();
    let target = loop {
        sim.step();
        let found = sim
            .state()
            .messages
            .into_iter()
            .find(|m| m.kind == "AppendEntries" && m.entries > 0);
        if let Some(message) = found {
            break message;
        }
    };
    let mut kept = sim.clone();
    let before: Vec<u64> = sim.state().messages.iter().map(|m| m.id).collect();
    sim.drop_message(target.id).unwrap();
    let after: Vec<u64> = sim.state().messages.iter().map(|m| m.id).collect();
    let expected: Vec<u64> = before
        .iter()
        .copied()
        .filter(|&id| id != target.id)
        .collect();
    assert_eq!(after, expected);
    assert!(matches!(
        sim.trace().recent().last(),
        Some(TraceEvent::Drop { message, reason: DropReason::DroppedByUser, .. })
            if *message == target.id
    ));
    assert_eq!(
        sim.drop_message(target.id),
        Err(SimError::InvalidAction(format!(
            "message #{} is not in flight: it was delivered or dropped, or never sent",
            target.id
        )))
    );

    let delivered = |events: &[TraceEvent]| {
        events
            .iter()
            .any(|e| matches!(e, TraceEvent::Deliver { message, .. } if *message == target.id))
    };
    let events = run_collecting(&mut sim, &mut checker, ms(50));
    assert!(!delivered(&events));
    let kept_events = run_collecting(&mut kept, &mut SafetyChecker::default(), ms(50));
    assert!(delivered(&kept_events));
    // The leader sends the entry again; the request still completes.
    run_checked_for(&mut sim, &mut checker, secs(1));
    assert!(sim.requests()[0].return_time.is_some());
}

// ---- determinism ----

fn faulty_scenario(seed: u64) -> Simulation {
    let mut sim = Simulation::new(SimConfig {
        loss_rate: 0.1,
        duplicate_rate: 0.1,
        long_delay_rate: 0.05,
        ..config(seed)
    })
    .unwrap();
    for i in 0..16u64 {
        sim.run_until(ms(250) * i);
        sim.client_request(&format!("set k{i} {i}")).unwrap();
        match i {
            3 => sim.partition(&[vec![1, 2]]).unwrap(),
            5 => sim.cut(3, 4, true).unwrap(),
            7 => {
                if let Some(first) = sim.state().messages.first() {
                    sim.drop_message(first.id).unwrap();
                }
            }
            9 => sim.heal(),
            11 => sim
                .set_network(NetworkSettings {
                    latency_ms: [5, 40],
                    duplicate_rate: 0.3,
                    ..NetworkSettings::default()
                })
                .unwrap(),
            _ => {}
        }
    }
    sim.run_until(secs(8));
    sim
}

#[test]
fn the_same_seed_and_faults_give_the_same_trace() {
    for seed in [1, 2, 3] {
        let a = faulty_scenario(seed);
        let b = faulty_scenario(seed);
        assert_eq!(a.trace().hash(), b.trace().hash());
        assert_eq!(a.state(), b.state());
        assert_eq!(a.requests(), b.requests());
        for kind in [TraceKind::Duplicate, TraceKind::Drop] {
            assert!(a.trace().count(kind) > 0, "{kind:?}");
        }
    }
    let hashes: std::collections::BTreeSet<u64> = (0..10)
        .map(|seed| faulty_scenario(seed).trace().hash())
        .collect();
    assert_eq!(hashes.len(), 10);
}

/// The events of a run to 4 s, as text, leaving out what `act` records at `act_at`.
fn run_events(mut sim: Simulation, act_at: Time, act: impl FnOnce(&mut Simulation)) -> Vec<String> {
    let mut act = Some(act);
    let mut events = Vec::new();
    let mut tally = Tally::new(&sim);
    loop {
        let next = sim.next_event_time().filter(|&time| time <= secs(4));
        if next.is_none_or(|time| time > act_at) {
            if let Some(act) = act.take() {
                sim.run_until(act_at);
                act(&mut sim);
                tally.take(&sim); // leave out the action's own events
                continue;
            }
        }
        if next.is_none() {
            break;
        }
        sim.step();
        events.extend(tally.take(&sim));
    }
    events
        .iter()
        .map(|e| format!("{} {}", e.time(), e.describe()))
        .collect()
}

// With every fault off, the network draws nothing from the RNG beyond the one latency per
// message: changing the settings to the same values and healing an intact network changes no
// event. A rate above 0, however tiny, draws numbers and changes the run.
#[test]
fn faults_that_are_off_draw_no_random_numbers() {
    let plain = run_events(cluster(7), secs(1), |_| {});
    let touched = run_events(cluster(7), secs(1), |sim| {
        sim.set_network(NetworkSettings::default()).unwrap();
        sim.heal();
        sim.cut(1, 2, false).unwrap();
        sim.repair(1, 2, false).unwrap();
    });
    assert!(plain.len() > 500);
    assert_eq!(plain, touched);
    let tiny_loss = run_events(cluster(7), secs(1), |sim| {
        sim.set_network(NetworkSettings {
            loss_rate: 1e-12,
            ..NetworkSettings::default()
        })
        .unwrap();
    });
    assert_ne!(plain, tiny_loss);
}

// ---- chaos, small ----

// Random partitions, one-way cuts, loss, duplication and long delays for 8 s, with the safety
// checker after every event; then heal and reset the network: a leader must be elected and a
// new command committed within 3 s.
#[test]
fn random_faults_keep_raft_safe_and_healing_restores_liveness() {
    for seed in 0..20 {
        let mut sim = Simulation::new(SimConfig {
            loss_rate: 0.05,
            duplicate_rate: 0.05,
            long_delay_rate: 0.02,
            ..config(seed)
        })
        .unwrap();
        let mut checker = SafetyChecker::default();
        let mut chaos = ChaCha8Rng::seed_from_u64(1_000 + seed);
        for step in 0..40 {
            run_checked_for(&mut sim, &mut checker, ms(200));
            match chaos.random_range(0..6) {
                0 => {
                    let mut group: Vec<ServerId> =
                        (1..=5).filter(|_| chaos.random_bool(0.4)).collect();
                    if group.is_empty() {
                        group.push(chaos.random_range(1..=5));
                    }
                    sim.partition(&[group]).unwrap();
                }
                1 => {
                    let from = chaos.random_range(1..=5);
                    let to = from % 5 + 1;
                    sim.cut(from, to, chaos.random_bool(0.5)).unwrap();
                }
                2 => sim.heal(),
                _ => {
                    sim.client_request(&format!("set k{step} {seed}")).unwrap();
                }
            }
        }
        let trace = sim.trace();
        assert!(
            trace.count(TraceKind::Drop) > 50,
            "seed {seed}: faults dropped little"
        );
        assert!(trace.count(TraceKind::Duplicate) > 10, "seed {seed}");
        assert!(
            trace.count(TraceKind::Commit) > 0,
            "seed {seed}: nothing committed"
        );
        sim.heal();
        sim.set_network(NetworkSettings::default()).unwrap();
        let limit = sim.now() + secs(3);
        let leader = run_until_leader(&mut sim, &mut checker, limit);
        assert!(leader.is_some(), "seed {seed}: no leader 3 s after healing");
        let id = sim.client_request("set final 1").unwrap();
        run_checked_for(&mut sim, &mut checker, secs(3));
        assert!(
            sim.requests()[(id - 1) as usize].return_time.is_some(),
            "seed {seed}: nothing committed 3 s after healing"
        );
    }
}

// ---- errors and state ----

#[test]
fn invalid_fault_inputs_are_refused_with_clear_errors() {
    let mut sim = cluster(21);
    let network = |change: fn(&mut NetworkSettings)| {
        let mut settings = NetworkSettings::default();
        change(&mut settings);
        settings
    };
    let cases: Vec<(NetworkSettings, &str)> = vec![
        (
            network(|s| s.loss_rate = 1.5),
            "lossRate must be between 0 and 1, got 1.5",
        ),
        (
            network(|s| s.loss_rate = f64::NAN),
            "lossRate must be between 0 and 1, got NaN",
        ),
        (
            network(|s| s.duplicate_rate = -0.1),
            "duplicateRate must be between 0 and 1, got -0.1",
        ),
        (
            network(|s| s.long_delay_rate = 2.0),
            "longDelayRate must be between 0 and 1, got 2",
        ),
        (
            network(|s| s.long_delay_ms_max = 0),
            "longDelayMsMax must be 1 to 10000 ms, got 0",
        ),
        (
            network(|s| s.latency_ms = [20, 10]),
            "latencyMs [20, 10]: the minimum must not exceed the maximum",
        ),
        (
            network(|s| s.latency_ms = [0, 10_001]),
            "latencyMs [0, 10001]: the maximum must be at most 10000 ms",
        ),
    ];
    let hash = sim.trace().hash();
    for (settings, why) in cases {
        assert_eq!(
            sim.set_network(settings),
            Err(SimError::InvalidConfig(why.to_string()))
        );
    }
    assert_eq!(sim.network(), NetworkSettings::default(), "nothing changed");
    assert_eq!(sim.trace().hash(), hash, "nothing was recorded");

    assert_eq!(
        sim.partition(&[vec![1, 9]]),
        Err(SimError::UnknownServer(9))
    );
    let message = |result: Result<(), SimError>| result.unwrap_err().to_string();
    assert_eq!(
        message(sim.partition(&[vec![1, 2], vec![2, 3]])),
        "sim: S2 is listed twice in the partition; each server belongs to one group"
    );
    assert_eq!(
        message(sim.partition(&[vec![1], vec![]])),
        "sim: group 2 of the partition is empty; list at least one server in each group"
    );
    assert_eq!(
        message(sim.partition(&[vec![0, 1]])),
        "sim: the client (0) belongs to no group: it reaches every server"
    );
    assert_eq!(
        message(sim.cut(1, 1, true)),
        "sim: S1 has no link to itself"
    );
    assert_eq!(
        message(sim.cut(0, 2, false)),
        "sim: the client's links cannot be cut: the client reaches every server"
    );
    assert_eq!(sim.cut(1, 6, true), Err(SimError::UnknownServer(6)));
    assert_eq!(sim.repair(7, 1, true), Err(SimError::UnknownServer(7)));
    assert!(sim.drop_message(123_456).is_err());
    assert_eq!(sim.trace().hash(), hash, "refused actions record nothing");

    for (config, why) in [
        (
            SimConfig {
                loss_rate: -1.0,
                ..config(1)
            },
            "lossRate must be between 0 and 1, got -1",
        ),
        (
            SimConfig {
                latency_ms_max: 20_000,
                ..config(1)
            },
            "latencyMsMax must be at most 10000 ms, got 20000",
        ),
    ] {
        assert_eq!(
            Simulation::new(config).err(),
            Some(SimError::InvalidConfig(why.to_string()))
        );
    }
}

#[test]
fn state_shows_the_network_the_links_and_each_messages_fields() {
    let mut sim = cluster(22);
    // The first election: RequestVotes in flight.
    while !sim.state().messages.iter().any(|m| m.kind == "RequestVote") {
        sim.step();
    }
    let json = serde_json::from_str::<serde_json::Value>(&raft_sim::json::to_string(&sim.state()))
        .unwrap();
    let vote = json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["type"] == "RequestVote")
        .unwrap();
    assert_eq!(vote["lastLogIndex"], 0);
    assert_eq!(vote["lastLogTerm"], 0);
    assert!(vote.get("prevLogIndex").is_none());

    let mut checker = SafetyChecker::default();
    run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200)); // the leader's no-op is replicated
    sim.client_request("set x 1").unwrap();
    let append = loop {
        sim.step();
        if let Some(m) = sim
            .state()
            .messages
            .into_iter()
            .find(|m| m.kind == "AppendEntries" && m.entries > 0)
        {
            break m;
        }
    };
    assert_eq!(
        append.prev_log_index,
        Some(1),
        "after the leader's no-op at index 1"
    );
    assert_eq!(append.prev_log_term, Some(append.term));
    assert_eq!(append.first_entry_index, Some(2));
    assert_eq!(append.last_entry_index, Some(2));
    assert!(append.leader_commit.is_some());
    let request = sim
        .state()
        .messages
        .into_iter()
        .find(|m| m.kind == "ClientRequest");
    if let Some(request) = request {
        assert_eq!(request.request, Some(1));
    }

    sim.partition(&[vec![1, 2]]).unwrap();
    sim.cut(3, 4, false).unwrap();
    sim.set_network(NetworkSettings {
        loss_rate: 0.25,
        latency_ms: [5, 30],
        ..NetworkSettings::default()
    })
    .unwrap();
    let json = serde_json::from_str::<serde_json::Value>(&raft_sim::json::to_string(&sim.state()))
        .unwrap();
    assert_eq!(json["partition"], serde_json::json!([[1, 2], [3, 4, 5]]));
    assert_eq!(json["cutLinks"], serde_json::json!([[3, 4], [4, 3]]));
    assert_eq!(
        json["network"],
        serde_json::json!({
            "lossRate": 0.25,
            "duplicateRate": 0.0,
            "longDelayRate": 0.0,
            "longDelayMsMax": 1000,
            "latencyMs": [5, 30],
        })
    );
    let recent: Vec<String> = sim.trace().recent().map(TraceEvent::describe).collect();
    assert_eq!(
        recent[recent.len() - 3..],
        [
            "the network is partitioned into {S1, S2} | {S3, S4, S5}",
            "the link between S3 and S4 is cut both ways",
            "the network changes: latency 5–30 ms, loss 25%, duplication 0%, long delays 0% \
             (up to 1000 ms)",
        ]
    );
}
