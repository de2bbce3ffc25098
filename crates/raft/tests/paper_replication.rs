//! Paper §5.3: log replication — the AppendEntries consistency check, conflict repair, the
//! follower's commit index, heartbeats, and batching and pipelining of AppendEntries.

mod harness;

use harness::{append_entries, disk_with, entry, is_append, log_with_terms, only, Network};
use raft_core::{
    Config, Entry, LogIndex, Message, MessageBody, ProposeError, Role, ServerId, Term,
};

/// Server 1 of a three-server cluster, a follower in term 3 whose log has `terms`.
fn follower_with_log(terms: &[Term]) -> Network {
    let disks = vec![disk_with(3, terms), disk_with(3, &[]), disk_with(3, &[])];
    Network::from_disks(Config::default(), disks, 0)
}

/// Delivers an AppendEntries of term 3 from S2 to S1 and returns S1's only reply's fields
/// `(success, match_index, conflict_term, conflict_index)`.
fn append_to_follower(
    network: &mut Network,
    prev: (LogIndex, Term),
    entries: Vec<Entry>,
    leader_commit: LogIndex,
) -> (bool, LogIndex, Option<Term>, LogIndex) {
    network.deliver(append_entries(2, 1, 3, prev, entries, leader_commit));
    let reply = only(network.take_in_flight());
    assert_eq!((reply.from, reply.to, reply.term), (1, 2, 3));
    match reply.body {
        MessageBody::AppendEntriesReply {
            success,
            match_index,
            conflict_term,
            conflict_index,
        } => (success, match_index, conflict_term, conflict_index),
        other => panic!("expected an AppendEntriesReply, got {other:?}"),
    }
}

// Reference: §5.3 "When sending an AppendEntries RPC, the leader includes the index and term of
// the entry in its log that immediately precedes the new entries. If the follower does not find
// an entry in its log with the same index and term, then it refuses the new entries." The
// rejection carries the fast-backup hint of `MessageBody::AppendEntriesReply`.
#[test]
fn append_entries_is_refused_when_the_previous_entry_is_missing_or_differs() {
    // (prev index, prev term, conflict_term, conflict_index); the follower's log is 1,1,2,2.
    let cases: [(LogIndex, Term, Option<Term>, LogIndex); 5] = [
        (6, 3, None, 5),    // missing: the log is shorter
        (5, 2, None, 5),    // missing, right after the last entry
        (4, 3, Some(2), 3), // term differs: hint the first index of term 2
        (3, 3, Some(2), 3),
        (2, 2, Some(1), 1), // term differs: hint the first index of term 1
    ];
    for (prev_index, prev_term, conflict_term, conflict_index) in cases {
        let mut network = follower_with_log(&[1, 1, 2, 2]);
        let reply = append_to_follower(
            &mut network,
            (prev_index, prev_term),
            vec![entry(prev_index + 1, 3)],
            0,
        );
        assert_eq!(
            reply,
            (false, prev_index, conflict_term, conflict_index),
            "prev ({prev_index}, {prev_term})"
        );
        assert_eq!(
            network.log_terms(1),
            vec![1, 1, 2, 2],
            "a refused request changes nothing"
        );
        assert_eq!(network.disk(1).log, network.server(1).log());
        assert_eq!(
            network.server(1).leader_id(),
            Some(2),
            "it is still the legitimate leader"
        );
    }
}

// Reference: §5.3 / Figure 2 AppendEntries receiver: "Append any new entries not already in the
// log"; a heartbeat (no entries) whose previous entry matches succeeds and changes nothing.
#[test]
fn append_entries_is_accepted_when_the_previous_entry_matches() {
    // (follower's log, prev, entries' terms, match_index, log after)
    type Case = (
        &'static [Term],
        (LogIndex, Term),
        &'static [Term],
        LogIndex,
        &'static [Term],
    );
    let cases: [Case; 5] = [
        (&[], (0, 0), &[1, 1, 3], 3, &[1, 1, 3]),
        (&[1, 1, 2], (3, 2), &[3, 3], 5, &[1, 1, 2, 3, 3]),
        (&[1, 1, 2], (3, 2), &[], 3, &[1, 1, 2]),
        (&[1, 1, 2], (2, 1), &[], 2, &[1, 1, 2]), // a heartbeat never truncates
        (&[1, 1, 2], (0, 0), &[], 0, &[1, 1, 2]),
    ];
    for (log, prev, new_terms, match_index, after) in cases {
        let mut network = follower_with_log(log);
        let entries: Vec<Entry> = new_terms
            .iter()
            .enumerate()
            .map(|(i, &term)| entry(prev.0 + 1 + i as LogIndex, term))
            .collect();
        let (success, matched, _, _) = append_to_follower(&mut network, prev, entries, 0);
        let case = format!("log {log:?}, prev {prev:?}, entries {new_terms:?}");
        assert!(success, "{case}");
        assert_eq!(matched, match_index, "{case}");
        assert_eq!(network.log_terms(1), after, "{case}");
        assert_eq!(
            network.disk(1).log,
            network.server(1).log(),
            "{case}: persisted"
        );
    }
}

// Reference: §5.3 "If an existing entry conflicts with a new one (same index but different
// terms), delete the existing entry and all that follow it" (Figure 2, step 3) — but only then.
#[test]
fn a_conflicting_entry_and_all_that_follow_it_are_deleted() {
    // (prev, entries' terms, log after); the follower's log is 1,1,2,2,2.
    type Case = ((LogIndex, Term), &'static [Term], &'static [Term]);
    let cases: [Case; 4] = [
        ((2, 1), &[3], &[1, 1, 3]),
        ((1, 1), &[1, 2, 3], &[1, 1, 2, 3]), // matches up to index 3, conflicts at 4
        ((0, 0), &[3], &[3]),
        ((1, 1), &[1, 2], &[1, 1, 2, 2, 2]), // no conflict: nothing is deleted
    ];
    for (prev, new_terms, after) in cases {
        let mut network = follower_with_log(&[1, 1, 2, 2, 2]);
        let entries: Vec<Entry> = new_terms
            .iter()
            .enumerate()
            .map(|(i, &term)| entry(prev.0 + 1 + i as LogIndex, term))
            .collect();
        let (success, matched, _, _) = append_to_follower(&mut network, prev, entries, 0);
        let case = format!("prev {prev:?}, entries {new_terms:?}");
        assert!(success, "{case}");
        assert_eq!(matched, prev.0 + new_terms.len() as LogIndex, "{case}");
        assert_eq!(network.log_terms(1), after, "{case}");
        assert_eq!(
            network.disk(1).log,
            network.server(1).log(),
            "{case}: persisted"
        );
    }
}

// Reference: §5.3 Log Matching and Figure 2 step 3 (truncate only at a real conflict): a stale,
// duplicated or reordered AppendEntries must never remove entries that match — they may already
// be committed.
#[test]
fn a_stale_or_reordered_append_entries_never_removes_matching_entries() {
    // By hand: the newer request arrives first, then the older one.
    let mut network = follower_with_log(&[]);
    let newer = append_entries(2, 1, 3, (0, 0), log_with_terms(&[3, 3, 3]), 0);
    let older = append_entries(2, 1, 3, (0, 0), log_with_terms(&[3]), 0);
    network.deliver(newer);
    network.take_in_flight();
    network.deliver(older.clone());
    let reply = only(network.take_in_flight());
    assert!(
        matches!(
            reply.body,
            MessageBody::AppendEntriesReply {
                success: true,
                match_index: 1,
                ..
            }
        ),
        "the older request matches: {reply:?}"
    );
    assert_eq!(
        network.log_terms(1),
        vec![3, 3, 3],
        "the older request truncated the log"
    );
    assert_eq!(
        network.disk(1).log.len(),
        3,
        "the older request truncated the disk"
    );
    network.deliver(append_entries(
        2,
        1,
        3,
        (1, 3),
        log_with_terms(&[3, 3])[1..].to_vec(),
        0,
    ));
    network.deliver(older);
    assert_eq!(network.log_terms(1), vec![3, 3, 3]);

    // With a real leader: its pipelined requests to S2, delivered, then the first one again.
    let mut network = Network::new(3);
    network.elect(1);
    network.deliver_all();
    for command in ["a", "b", "c"] {
        network.propose(1, command).unwrap();
    }
    let to_s2: Vec<Message> = network
        .take_in_flight()
        .into_iter()
        .filter(|m| m.to == 2 && m.body.entry_count() > 0)
        .collect();
    assert!(!to_s2.is_empty());
    for message in &to_s2 {
        network.deliver(message.clone());
    }
    assert_eq!(network.server(2).log(), network.server(1).log());
    network.deliver(to_s2[0].clone());
    assert_eq!(
        network.server(2).log(),
        network.server(1).log(),
        "a duplicate truncated S2's log"
    );
    assert_eq!(network.disk(2).log, network.server(1).log());
}

// Reference: §5.3 "The leader keeps track of the highest index it knows to be committed, and it
// includes that index in future AppendEntries RPCs ... Once a follower learns that a log entry
// is committed, it applies the entry"; Figure 2: commitIndex = min(leaderCommit, index of last
// new entry) — and never past the last entry this request verified to match the leader's log.
#[test]
fn follower_commit_index_never_passes_what_the_message_verified() {
    // The follower's log is 1,1,2,2; its entries 3 and 4 may not be the leader's.
    // (prev, entries' terms, leader_commit, commit index after)
    type Case = ((LogIndex, Term), &'static [Term], LogIndex, LogIndex);
    let cases: [Case; 7] = [
        ((1, 1), &[], 4, 1),  // only index 1 verified
        ((2, 1), &[], 1, 1),  // leader commit below what was verified
        ((2, 1), &[3], 4, 3), // index 3 replaced and verified; index 4 deleted
        ((4, 2), &[], 3, 3),
        ((4, 2), &[], 9, 4),
        ((4, 2), &[3], 9, 5),
        ((4, 3), &[], 4, 0), // refused: nothing verified
    ];
    for (prev, new_terms, leader_commit, commit) in cases {
        let mut network = follower_with_log(&[1, 1, 2, 2]);
        let entries: Vec<Entry> = new_terms
            .iter()
            .enumerate()
            .map(|(i, &term)| entry(prev.0 + 1 + i as LogIndex, term))
            .collect();
        append_to_follower(&mut network, prev, entries, leader_commit);
        let case = format!("prev {prev:?}, entries {new_terms:?}, leader commit {leader_commit}");
        assert_eq!(network.server(1).commit_index(), commit, "{case}");
        let applied: Vec<LogIndex> = network.applied(1).iter().map(|e| e.index).collect();
        assert_eq!(
            applied,
            (1..=commit).collect::<Vec<_>>(),
            "{case}: applied in order"
        );
    }

    // The commit index never goes back, even when a stale request carries a lower one.
    let mut network = follower_with_log(&[1, 1, 2, 2]);
    append_to_follower(&mut network, (4, 2), vec![], 4);
    append_to_follower(&mut network, (1, 1), vec![], 1);
    assert_eq!(network.server(1).commit_index(), 4);
    assert_eq!(network.server(1).last_applied(), 4);
}

// Reference: §5.3 "Once the entry has been safely replicated ... the leader applies the entry to
// its state machine"; "A log entry is committed once the leader that created the entry has
// replicated it on a majority of the servers"; followers learn the commit index from later
// AppendEntries. Clients talk to the leader (§8): a follower refuses and names it.
#[test]
fn leader_commits_once_a_majority_stores_an_entry_and_followers_follow() {
    let mut network = Network::new(5);
    network.elect(1);
    network.deliver_all();
    assert_eq!(network.server(1).commit_index(), 1, "the no-op commits");

    assert_eq!(
        network.propose(2, "set x 1"),
        Err(ProposeError::NotLeader {
            leader_hint: Some(1)
        })
    );
    assert!(
        network.in_flight().is_empty(),
        "a refused proposal sends nothing"
    );

    network.cut(1, 4);
    network.cut(1, 5);
    assert_eq!(network.propose(1, "set x 1"), Ok(2));
    network.deliver_all();
    assert_eq!(
        network.server(1).commit_index(),
        2,
        "S1, S2, S3 are a majority"
    );
    assert_eq!(
        network.applied(1).last().unwrap().command(),
        Some("set x 1")
    );

    network.tick_server(1); // a heartbeat carries the new commit index
    network.deliver_all();
    for id in [2, 3] {
        assert_eq!(network.server(id).commit_index(), 2, "S{id}");
        assert_eq!(network.applied(id).len(), 2, "S{id}");
    }

    network.cut(1, 3);
    assert_eq!(network.propose(1, "set y 2"), Ok(3));
    network.deliver_all();
    assert_eq!(
        network.server(1).commit_index(),
        2,
        "S1 and S2 alone are not a majority"
    );
    assert_eq!(network.applied(1).len(), 2);

    network.heal();
    let caught_up = network.run_until(network.now() + 1_000_000, |n| {
        (1..=5).all(|id| n.server(id).commit_index() == 3 && n.applied(id).len() == 3)
    });
    assert!(caught_up, "S3..S5 did not catch up once healed");
    assert_eq!(network.leaders(), vec![1]);
}

// Reference: §5.2 "Leaders send periodic heartbeats (AppendEntries RPCs that carry no log
// entries) to all followers"; §5.3 / Figure 2 Rules for Leaders: "repeat during idle periods to
// prevent election timeouts".
#[test]
fn idle_leader_sends_heartbeats_every_heartbeat_interval() {
    let mut network = Network::new(3);
    network.elect(1);
    network.deliver_all();
    let interval = network.config().heartbeat_interval_us;
    let mut last_heartbeat = network.now();
    for round in 0..10 {
        let fired = network.tick();
        assert_eq!(
            fired,
            vec![1],
            "round {round}: only the leader's heartbeat timer is due"
        );
        let heartbeats = network.take_in_flight();
        let mut receivers: Vec<ServerId> = heartbeats.iter().map(|m| m.to).collect();
        receivers.sort_unstable();
        assert_eq!(
            receivers,
            vec![2, 3],
            "round {round}: one heartbeat per follower"
        );
        for heartbeat in &heartbeats {
            let MessageBody::AppendEntries {
                entries,
                leader_commit,
                ..
            } = &heartbeat.body
            else {
                panic!("round {round}: a heartbeat is an AppendEntries, got {heartbeat:?}");
            };
            assert!(
                entries.is_empty(),
                "round {round}: an idle leader sends no entries"
            );
            assert_eq!(*leader_commit, 1, "round {round}");
        }
        if round == 0 {
            assert!(
                network.now() - last_heartbeat <= interval,
                "first heartbeat too late"
            );
        } else {
            assert_eq!(network.now() - last_heartbeat, interval, "round {round}");
        }
        last_heartbeat = network.now();
        for heartbeat in heartbeats {
            network.deliver(heartbeat);
        }
        network.deliver_all();
    }
    assert_eq!(network.server(1).role(), Role::Leader);
}

// Reference: §5.3 ("the leader ... issues AppendEntries RPCs in parallel") and the production
// flow control of RAFT-NOTES.md: when many proposals come quickly, the leader keeps several
// AppendEntries in flight per follower (up to `max_inflight_messages`) and carries several
// entries per message (up to `max_entries_per_message`).
#[test]
fn many_quick_proposals_are_batched_and_pipelined() {
    let config = Config {
        max_entries_per_message: 4,
        max_inflight_messages: 3,
        ..Config::default()
    };
    let mut network = Network::with_config(3, config);
    network.elect(1);
    network.deliver_all();
    let proposals: u64 = 40;
    for i in 0..proposals {
        network.propose(1, &format!("set k{i} {i}")).unwrap();
    }
    let in_flight_to_s2 = network
        .in_flight()
        .iter()
        .filter(|m| m.to == 2 && m.body.entry_count() > 0)
        .count();
    assert!(
        (2..=3).contains(&in_flight_to_s2),
        "expected 2..=3 AppendEntries with entries in flight to S2, found {in_flight_to_s2}"
    );

    let mut sizes_to_s2 = Vec::new();
    network.deliver_all_with(|m| {
        if m.to == 2 && is_append(&m) && m.body.entry_count() > 0 {
            sizes_to_s2.push(m.body.entry_count());
        }
        Some(m)
    });
    let total = proposals + 1;
    for id in [1, 2, 3] {
        assert_eq!(network.server(id).last_log_index(), total, "S{id}");
    }
    assert_eq!(network.server(1).commit_index(), total);
    assert!(
        sizes_to_s2.iter().all(|&n| n <= 4),
        "a message exceeded the batch size: {sizes_to_s2:?}"
    );
    assert!(
        sizes_to_s2.iter().any(|&n| n > 1),
        "entries were never batched: {sizes_to_s2:?}"
    );
    assert!(
        (sizes_to_s2.len() as u64) < proposals,
        "{} messages for {proposals} entries: no batching",
        sizes_to_s2.len()
    );
}
