//! The JSON the page (`state()`, `view()`, `config()`) and `raftplay run --json` read is pinned:
//! snapshots taken through runs with every kind of message, crashes, partitions, cut links,
//! network faults, broken rules and a violation must give the text in `state_json/`, which
//! serde_json wrote from the same values before the playground had its own writer (same names,
//! same order, `null` and missing fields alike). Since then each log entry gained an optional
//! `request`, the state a `dropped` list of messages with a `reason`, and each server a leader's
//! `progress` of its followers and a candidate's `votesReceived`: each was added to the file by
//! the writer and checked to be the only difference.

use raft_core::Role;
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::{ForkNotice, NetworkSettings, SimConfig, Timeline, UnsafeRule, UnsafeRules};

fn compact<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::compact();
    value.write_json(&mut out);
    out.finish()
}

/// The snapshots of `timeline` now: the whole state, a state with 3-entry log tails, the
/// settings and the broken rules.
fn snapshots(timeline: &Timeline, lines: &mut Vec<String>) {
    let sim = timeline.simulation();
    lines.push(compact(&sim.state()));
    lines.push(compact(&sim.state_tail(3)));
    lines.push(compact(sim.config()));
    // `raftplay bench` still writes the settings with serde: the same text.
    assert_eq!(
        lines.last(),
        Some(&serde_json::to_string(sim.config()).unwrap())
    );
    lines.push(compact(&sim.broken_rules()));
}

/// A stale server (it missed a committed entry while crashed) becomes leader with the vote
/// check broken: Leader Completeness breaks.
fn violation_run(lines: &mut Vec<String>) {
    let mut timeline = Timeline::new(SimConfig {
        seed: 7,
        servers: 3,
        broken_rules: UnsafeRules::only(UnsafeRule::VoteWithoutLogCheck),
        ..SimConfig::default()
    })
    .unwrap();
    timeline.run_until(1_000_000);
    snapshots(&timeline, lines);
    let leader = (1..=3)
        .find(|&id| {
            timeline
                .simulation()
                .server(id)
                .is_some_and(|server| server.role() == Role::Leader)
        })
        .expect("a leader after 1 s");
    let behind = (1..=3).filter(|&id| id != leader).nth(1).unwrap();
    timeline.crash(behind).unwrap();
    timeline.client_request("set \"x\" 1").unwrap();
    timeline.run_until(1_300_000);
    snapshots(&timeline, lines);
    timeline.restart(behind).unwrap();
    timeline.timeout_now(behind).unwrap();
    for step in 0..60 {
        timeline.step();
        if step % 20 == 19 {
            snapshots(&timeline, lines);
        }
    }
    timeline.run_until(3_000_000);
    assert!(timeline.simulation().state().violation.is_some());
    snapshots(&timeline, lines);
}

/// Loss, duplicates, long delays, partitions, cut links, crashes and client commands.
fn faulty_run(lines: &mut Vec<String>) {
    let mut timeline = Timeline::new(SimConfig {
        seed: 11,
        ..SimConfig::default()
    })
    .unwrap();
    timeline
        .set_network(NetworkSettings {
            loss_rate: 0.1,
            duplicate_rate: 0.2,
            long_delay_rate: 0.15,
            long_delay_ms_max: 400,
            latency_ms: [3, 40],
        })
        .unwrap();
    for step in 0..120u64 {
        timeline.run_until(step * 50_000 + 7);
        match step % 20 {
            3 => timeline
                .client_request(&format!("set k{step} v"))
                .map(drop)
                .unwrap(),
            5 => timeline.partition(&[vec![1, 2], vec![3]]).unwrap(),
            7 => timeline.cut(4, 5, true).unwrap(),
            9 => timeline.heal(),
            11 => drop(timeline.crash(2)),
            15 => drop(timeline.restart(2)),
            _ => {}
        }
        if step % 20 == 6 {
            snapshots(&timeline, lines);
        }
    }
}

#[test]
fn snapshots_are_written_as_serde_json_wrote_them() {
    let mut lines = Vec::new();
    violation_run(&mut lines);
    faulty_run(&mut lines);
    let expected: Vec<&str> = include_str!("state_json/snapshots.jsonl").lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (index, (line, expected)) in lines.iter().zip(expected).enumerate() {
        assert_eq!(line, expected, "snapshot {index}");
    }
    // The pinned text covers every field a message may have, and a violation.
    let all = lines.join("\n");
    for name in [
        "\"violationBrokenRules\"",
        "\"duplicateOf\"",
        "\"lastLogIndex\"",
        "\"prevLogTerm\"",
        "\"firstEntryIndex\"",
        "\"leaderCommit\"",
        "\"matchIndex\"",
        "\"request\"",
        "\"attempt\"",
        "\"leaderHint\"",
        "\"reason\":\"partitioned\"",
        "\"propertyName\"",
        "\"electionTimerMs\":null",
        "\"type\":\"ClientReply\"",
        "\"mode\":\"probe\"",
        "\"mode\":\"replicate\"",
    ] {
        assert!(all.contains(name), "no snapshot has {name}");
    }
}

#[test]
fn a_fork_notice_is_written_with_its_two_fields() {
    let notice = ForkNotice {
        at_ms: 1234.5,
        discarded_actions: 3,
    };
    assert_eq!(compact(&notice), r#"{"atMs":1234.5,"discardedActions":3}"#);
}
