//! Clients: requests go to the leader; a follower redirects (§8: "if the client contacts a
//! follower, the follower rejects its request and supplies information about the most recent
//! leader it has heard from"); with no leader the client waits and retries.

mod common;

use common::{cluster, ms, run_checked_for, run_until_leader, secs, SafetyChecker};
use raft_sim::{RetryReason, SimError, Simulation, TraceEvent, TraceKind, CLIENT};
use std::collections::BTreeMap;

/// Kind and receiver of the first message in flight from the client.
fn first_client_message(sim: &Simulation) -> (&'static str, u32) {
    let first = sim
        .state()
        .messages
        .into_iter()
        .find(|m| m.from == CLIENT)
        .expect("a message from the client is in flight");
    (first.kind, first.to)
}

// Reference: section 8 — a follower redirects the client to the leader.
#[test]
fn a_request_sent_to_a_follower_is_redirected_to_the_leader() {
    // The client first tries S1; pick seeds where another server leads.
    let mut tested = 0;
    for seed in 0..20 {
        let mut sim = cluster(seed);
        let mut checker = SafetyChecker::default();
        let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
        if leader == 1 {
            continue;
        }
        run_checked_for(&mut sim, &mut checker, ms(200)); // S1 hears of the leader
        let id = sim.client_request("set x 1").unwrap();
        assert_eq!(first_client_message(&sim), ("ClientRequest", 1));
        run_checked_for(&mut sim, &mut checker, ms(200));
        let record = &sim.requests()[(id - 1) as usize];
        assert_eq!(record.answered_by, Some(leader), "seed {seed}");
        assert!(sim.trace().recent().any(|event| matches!(
            event,
            TraceEvent::ClientRetry { to, reason: RetryReason::Redirected, .. } if *to == leader
        )));
        // The client now knows the leader and goes there directly.
        let second = sim.client_request("set y 2").unwrap();
        let retries = sim.trace().count(TraceKind::ClientRetry);
        run_checked_for(&mut sim, &mut checker, ms(200));
        assert_eq!(
            sim.requests()[(second - 1) as usize].answered_by,
            Some(leader)
        );
        assert_eq!(
            sim.trace().count(TraceKind::ClientRetry),
            retries,
            "no redirect"
        );
        tested += 1;
    }
    assert!(
        tested >= 5,
        "only {tested} seeds had a leader other than S1"
    );
}

// Reference: section 8 — a request the client sends to a chosen follower (the page's server
// menu) is redirected by it; one sent to a crashed server is lost and the client retries.
#[test]
fn a_request_sent_to_a_chosen_server_goes_there_first() {
    let mut sim = cluster(3);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200)); // the followers hear of the leader
                                                      // The client learns the leader, so untargeted requests would go straight there.
    let warm = sim.client_request("set w 0").unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    assert_eq!(
        sim.requests()[(warm - 1) as usize].answered_by,
        Some(leader)
    );

    let follower = (1..=5).find(|&id| id != leader).unwrap();
    let id = sim.client_request_to("set x 1", Some(follower)).unwrap();
    assert_eq!(first_client_message(&sim), ("ClientRequest", follower));
    run_checked_for(&mut sim, &mut checker, ms(200));
    assert_eq!(sim.requests()[(id - 1) as usize].answered_by, Some(leader));
    assert!(sim.trace().recent().any(|event| matches!(
        event,
        TraceEvent::ClientRetry { to, reason: RetryReason::Redirected, .. } if *to == leader
    )));

    let crashed = (1..=5).find(|&id| id != leader && id != follower).unwrap();
    sim.crash(crashed).unwrap();
    let lost = sim.client_request_to("set y 2", Some(crashed)).unwrap();
    run_checked_for(&mut sim, &mut checker, secs(1));
    assert_eq!(
        sim.requests()[(lost - 1) as usize].answered_by,
        Some(leader)
    );
    assert!(sim.trace().recent().any(|event| matches!(
        event,
        TraceEvent::ClientRetry {
            reason: RetryReason::NoAnswer,
            ..
        }
    )));

    assert!(matches!(
        sim.client_request_to("set z 3", Some(6)),
        Err(SimError::UnknownServer(6))
    ));
    assert!(matches!(
        sim.client_request_to("set z 3", Some(0)),
        Err(SimError::UnknownServer(0))
    ));
}

// Reference: section 5.2 and 8 — without a majority no leader can be elected and no command
// commits; the client keeps retrying visibly, and the command completes once a majority is
// back.
#[test]
fn a_request_waits_while_there_is_no_leader_and_completes_after_restart() {
    let mut sim = cluster(4);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    let others: Vec<u32> = (1..=5).filter(|&id| id != leader).collect();
    // Crash the leader and two followers: two of five remain, no majority.
    let crashed = [leader, others[0], others[1]];
    for id in crashed {
        sim.crash(id).unwrap();
    }
    let id = sim.client_request("set x 1").unwrap();
    run_checked_for(&mut sim, &mut checker, secs(2));
    assert_eq!(sim.leader(), None);
    let record = &sim.requests()[(id - 1) as usize];
    assert_eq!(
        record.return_time, None,
        "nothing commits without a majority"
    );
    let open = sim.state().requests;
    assert_eq!(open.len(), 1);
    assert!(open[0].attempts > 3, "the client keeps trying: {open:?}");
    assert!(
        ["sending", "waiting for leader"].contains(&open[0].status.as_str()),
        "{open:?}"
    );
    let trace = sim.trace();
    assert!(
        trace.count(TraceKind::Drop) > 0,
        "requests to crashed servers are lost"
    );
    assert!(trace.recent().any(|event| matches!(
        event,
        TraceEvent::ClientRetry {
            reason: RetryReason::NoAnswer,
            ..
        }
    )));

    let restarted_at = sim.now();
    for id in crashed {
        sim.restart(id).unwrap();
    }
    run_checked_for(&mut sim, &mut checker, secs(3));
    let record = &sim.requests()[(id - 1) as usize];
    assert!(record.return_time.unwrap() > restarted_at);
    assert!(sim.state().requests.is_empty());
    for server in 1..=5 {
        assert_eq!(sim.kv(server).unwrap().get("x"), Some("1"), "S{server}");
    }
}

// Reference: section 5.2 — a follower that has not yet heard from any leader redirects without a
// hint; the client waits and tries the next server.
#[test]
fn a_request_before_any_leader_exists_waits_for_one() {
    let mut sim = cluster(6);
    let id = sim.client_request("set early 1").unwrap();
    let mut checker = SafetyChecker::default();
    run_checked_for(&mut sim, &mut checker, secs(2));
    let record = &sim.requests()[(id - 1) as usize];
    assert_eq!(record.output, Some(raft_sim::KvOutput::Ok));
    assert!(sim.trace().count(TraceKind::ClientRetry) >= 1);
}

#[test]
fn client_messages_appear_in_flight_with_the_client_as_address_zero() {
    let mut sim = cluster(2);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    sim.client_request("set x 1").unwrap();
    let mut saw_reply = false;
    for _ in 0..200 {
        sim.step();
        for message in sim.state().messages {
            if message.kind == "ClientReply" && message.success == Some(true) {
                assert_eq!((message.from, message.to), (leader, CLIENT));
                assert_eq!(message.term, 0);
                saw_reply = true;
            }
        }
    }
    assert!(saw_reply);
}

#[test]
fn empty_and_garbage_commands_are_refused_with_a_clear_message() {
    let mut sim = cluster(1);
    for bad in ["", "   ", "hello", "set x", "get", "set x 1 2", "PUT x 1"] {
        match sim.client_request(bad) {
            Err(SimError::InvalidAction(why)) => {
                assert!(
                    why.contains("set KEY VALUE"),
                    "{bad:?}: the message says what is accepted: {why}"
                );
            }
            other => panic!("{bad:?} accepted: {other:?}"),
        }
    }
    assert!(sim.requests().is_empty());
    assert_eq!(sim.client_request("  set   x   1 ").unwrap(), 1);
    assert_eq!(
        sim.requests()[0].command,
        "set x 1",
        "stored in canonical form"
    );
}

// A retried request must not be appended again by the leader that already holds it: the client
// only timed out (the entry waits for a majority). Appending each retry would fill the log with
// copies, apply the command once per copy and, after long outages, outgrow what replication
// can catch up with.
#[test]
fn a_retry_to_the_leader_that_holds_the_request_is_not_appended_again() {
    let mut sim = cluster(4);
    let mut checker = SafetyChecker::default();
    let leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    let before = sim.server(leader).unwrap().last_log_index();
    // Three of five crashed: the leader keeps leading but cannot commit.
    let followers: Vec<u32> = (1..=5).filter(|&id| id != leader).take(3).collect();
    for &id in &followers {
        sim.crash(id).unwrap();
    }
    let id = sim.client_request_to("append k ,a", Some(leader)).unwrap();
    run_checked_for(&mut sim, &mut checker, secs(4));
    let delivered_to_leader = sim
        .trace()
        .recent()
        .filter(
            |event| matches!(event, TraceEvent::Deliver { from: CLIENT, to, .. } if *to == leader),
        )
        .count();
    assert!(
        delivered_to_leader >= 3,
        "the client tried the leader again ({delivered_to_leader} times)"
    );
    let log = sim.server(leader).unwrap().log();
    let copies = log[before as usize..]
        .iter()
        .filter(|entry| entry.command() == Some("append k ,a"))
        .count();
    assert_eq!(
        copies, 1,
        "one entry for the request, however often it came"
    );

    for &id in &followers {
        sim.restart(id).unwrap();
    }
    run_checked_for(&mut sim, &mut checker, secs(2));
    let record = &sim.requests()[(id - 1) as usize];
    assert!(record.return_time.is_some(), "answered once committed");
    for server in 1..=5 {
        assert_eq!(
            sim.kv(server).unwrap().get("k"),
            Some(",a"),
            "applied once on S{server}"
        );
    }
}

#[test]
fn a_retry_that_a_second_leader_appends_again_is_applied_once() {
    let mut sim = cluster(4);
    let mut checker = SafetyChecker::default();
    let old_leader = run_until_leader(&mut sim, &mut checker, secs(1)).unwrap();
    run_checked_for(&mut sim, &mut checker, ms(200));
    // Only the old leader and one follower (the keeper) run: the request reaches the keeper's
    // log but cannot commit.
    let others: Vec<u32> = (1..=5).filter(|&id| id != old_leader).collect();
    let down = &others[1..];
    for &id in down {
        sim.crash(id).unwrap();
    }
    let request = sim
        .client_request_to("append k ,a", Some(old_leader))
        .unwrap();
    run_checked_for(&mut sim, &mut checker, ms(100));
    // The old leader dies unanswered. With two of the others back, any new leader needs the
    // keeper's vote, so it holds the entry; the client's retry makes it append a second copy.
    sim.crash(old_leader).unwrap();
    for &id in &down[..2] {
        sim.restart(id).unwrap();
    }
    run_checked_for(&mut sim, &mut checker, secs(3));
    sim.restart(old_leader).unwrap();
    sim.restart(down[2]).unwrap();
    // The two restarted servers apply both copies; the trace says the second changed nothing.
    let mut applied = BTreeMap::new();
    for _ in 0..40 {
        run_checked_for(&mut sim, &mut checker, ms(50));
        for event in sim.trace().recent() {
            if let TraceEvent::Apply {
                server,
                index,
                repeat,
                ..
            } = *event
            {
                applied.insert((server, index), (repeat, event.describe()));
            }
        }
    }

    let leader = sim.leader().expect("a leader");
    let copies = sim
        .server(leader)
        .unwrap()
        .log()
        .iter()
        .filter(|entry| entry.command() == Some("append k ,a"))
        .count();
    assert_eq!(copies, 2, "the retry was appended again by the new leader");
    let indexes: Vec<u64> = sim
        .server(leader)
        .unwrap()
        .log()
        .iter()
        .filter(|entry| entry.command() == Some("append k ,a"))
        .map(|entry| entry.index)
        .collect();
    for server in [old_leader, down[2]] {
        assert!(!applied[&(server, indexes[0])].0, "S{server}: first copy");
        let (repeat, text) = &applied[&(server, indexes[1])];
        assert!(repeat, "S{server}: second copy");
        assert!(
            text.ends_with(": a request it applied already, so nothing changes"),
            "{text}"
        );
    }
    // The cluster state (the page's `state()`) names the request at both copies, so the page
    // can say that the second is a repeat; an entry of another request or a no-op names none.
    for server in sim.state().servers {
        let requests: Vec<Option<u64>> = server.log.iter().map(|entry| entry.request).collect();
        let copies: Vec<&raft_sim::EntryState> = server
            .log
            .iter()
            .filter(|entry| entry.command.as_deref() == Some("append k ,a"))
            .collect();
        assert_eq!(copies.len(), 2, "S{}: {requests:?}", server.id);
        assert!(copies.iter().all(|entry| entry.request == Some(request)));
        for entry in &server.log {
            assert_eq!(
                entry.request.is_some(),
                entry.command.is_some(),
                "S{}",
                server.id
            );
        }
    }
    let record = &sim.requests()[(request - 1) as usize];
    assert_eq!(record.output, Some(raft_sim::KvOutput::Ok), "answered");
    for server in 1..=5 {
        assert_eq!(
            sim.kv(server).unwrap().get("k"),
            Some(",a"),
            "S{server} executed the request once, not once per copy (client sessions, §6.3)"
        );
    }
}
