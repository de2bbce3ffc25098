//! Recording and time travel: a run replayed from its scenario (JSON or link) gives the same
//! trace hash and the same `state()` at the same virtual times; seeking backwards and forwards
//! lands on the states a straight run has; acting in the past forks the history.

use raft_sim::scenario::{decode_scenario_text, encode_link_payload};
use raft_sim::{ClusterState, SimConfig, Timeline, MAX_CHECKPOINTS};

const MS: u64 = 1_000;
const S: u64 = 1_000_000;

/// What a run looked like at one moment.
#[derive(PartialEq)]
struct Sample {
    time: u64,
    hash: u64,
    state: ClusterState,
}

impl std::fmt::Debug for Sample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The whole state is long; its time, hash and a digest of the logs say enough.
        let logs: Vec<usize> = self.state.servers.iter().map(|s| s.log.len()).collect();
        write!(
            f,
            "at {} µs hash {:016x} logs {logs:?}",
            self.time, self.hash
        )
    }
}

fn sample(timeline: &Timeline) -> Sample {
    Sample {
        time: timeline.now(),
        hash: timeline.simulation().trace().hash(),
        state: timeline.simulation().state(),
    }
}

/// A 100 s run with client commands, a crash and restart, a partition, a dropped message and
/// actions taken between two events at the same virtual time (after `step()`). Returns the
/// timeline and samples taken at moments where no action happens.
fn original_run() -> (Timeline, Vec<Sample>) {
    let mut t = Timeline::new(SimConfig {
        seed: 11,
        // A fixed latency: a leader's messages to every follower arrive at the same moment.
        latency_ms_min: 10,
        latency_ms_max: 10,
        ..SimConfig::default()
    })
    .unwrap();
    let mut samples = Vec::new();
    let mut acted_between_events = 0;
    for second in 0..100u64 {
        let base = second * S;
        t.run_until(base + 100 * MS);
        t.client_request(&format!("set k{} {second}", second % 7))
            .unwrap();
        match second {
            10 => t.crash(t.simulation().leader().unwrap()).unwrap(),
            14 => {
                let crashed = (1..=5).find(|&id| t.simulation().server(id).is_none());
                t.restart(crashed.unwrap()).unwrap();
            }
            30 => t.partition(&[vec![1, 2], vec![3, 4, 5]]).unwrap(),
            38 => t.heal(),
            45 => {
                let id = t.simulation().state().messages.first().map(|m| m.id);
                if let Some(id) = id {
                    t.drop_message(id).unwrap();
                }
            }
            _ => {}
        }
        // Step until the next event is at the same virtual time, then act in between.
        if second % 5 == 2 {
            for _ in 0..200 {
                t.step();
                if t.simulation().next_event_time() == Some(t.now()) {
                    t.client_request(&format!("append between {second}"))
                        .unwrap();
                    acted_between_events += 1;
                    break;
                }
            }
        }
        t.run_until(base + 700 * MS + 3 * second);
        samples.push(sample(&t));
    }
    assert!(acted_between_events >= 5, "{acted_between_events}");
    assert!(t
        .scenario()
        .actions
        .iter()
        .any(|action| action.after_event.is_some()));
    (t, samples)
}

#[test]
fn replay_from_json_and_link_gives_the_same_run() {
    let (original, samples) = original_run();
    let scenario = original.scenario();
    assert_eq!(scenario.end_ms, Some(original.now() as f64 / 1000.0));
    let end = sample(&original);

    for text in [
        scenario.to_json(),
        format!("https://x.test/#s={}", encode_link_payload(&scenario)),
    ] {
        let decoded = decode_scenario_text(&text).unwrap();
        let mut replay = Timeline::from_scenario(&decoded).unwrap();
        assert_eq!(sample(&replay), end, "at the end");
        for expected in samples.iter().rev().step_by(9) {
            replay.seek(expected.time);
            assert_eq!(&sample(&replay), expected, "at {} µs", expected.time);
        }
    }
}

#[test]
fn seeking_backwards_and_forwards_equals_a_straight_run() {
    let (mut t, samples) = original_run();
    assert!(t.checkpoint_count() <= MAX_CHECKPOINTS);
    assert!(t.checkpoint_count() >= MAX_CHECKPOINTS / 3);
    let end = sample(&t);
    let history_end = t.history_end();
    // A fixed, shuffled order of moments: back, forward, same spot twice, the start.
    for index in [80, 3, 55, 55, 99, 0, 42, 13, 97, 61, 1] {
        let expected = &samples[index];
        t.seek(expected.time);
        assert_eq!(&sample(&t), expected, "seek to sample {index}");
        assert_eq!(
            t.history_end(),
            history_end,
            "seeking does not change history"
        );
    }
    t.seek(end.time);
    assert_eq!(sample(&t), end);
    assert!(t.take_fork_notice().is_none());

    // Advancing and stepping from the past replay the recorded actions too.
    t.seek(samples[20].time);
    t.run_until(samples[30].time);
    assert_eq!(sample(&t), samples[30]);
    while t.now() < samples[40].time - 50 * MS {
        t.step();
    }
    t.run_until(samples[40].time);
    assert_eq!(sample(&t), samples[40]);
}

#[test]
fn acting_in_the_past_discards_later_actions() {
    let (mut t, samples) = original_run();
    let before = t.recorded_actions();
    t.seek(samples[60].time);
    let kept = t
        .scenario()
        .actions
        .iter()
        .filter(|a| a.at_ms * 1000.0 <= samples[60].time as f64)
        .count();
    t.crash(2).unwrap();
    let notice = t.take_fork_notice().expect("later actions were discarded");
    assert_eq!(notice.at_ms, samples[60].time as f64 / 1000.0);
    assert_eq!(notice.discarded_actions, before - kept);
    assert!(t.take_fork_notice().is_none(), "read once");
    assert_eq!(t.recorded_actions(), kept + 1);
    assert_eq!(t.history_end(), samples[60].time);

    // The new history: earlier moments unchanged, later ones follow the new action.
    t.run_until(samples[70].time);
    let forked_70 = sample(&t);
    assert_ne!(forked_70, samples[70]);
    assert!(forked_70.state.servers[1].crashed);
    t.seek(samples[50].time);
    assert_eq!(sample(&t), samples[50]);
    t.seek(samples[70].time);
    assert_eq!(sample(&t), forked_70);

    // A replay of the forked scenario agrees.
    let mut replay = Timeline::from_scenario(&t.scenario()).unwrap();
    assert_eq!(sample(&replay), forked_70);
    replay.seek(samples[50].time);
    assert_eq!(sample(&replay), samples[50]);

    // Acting at the end of history, or in the past with nothing recorded after, is no fork.
    t.client_request("set z 1").unwrap();
    assert!(t.take_fork_notice().is_none());
    t.seek(samples[65].time);
    t.client_request("set z 2").unwrap();
    assert_eq!(t.take_fork_notice().unwrap().discarded_actions, 1);
    t.run_until(samples[66].time);
    t.seek(samples[65].time + 1);
    t.client_request("set z 3").unwrap();
    assert!(t.take_fork_notice().is_none());
    assert_eq!(t.history_end(), samples[65].time + 1);
}

#[test]
fn a_refused_action_records_nothing_and_forks_nothing() {
    let (mut t, samples) = original_run();
    let before = t.recorded_actions();
    t.seek(samples[5].time);
    assert!(t.restart(1).is_err(), "S1 is running");
    assert!(t.crash(9).is_err());
    assert_eq!(t.recorded_actions(), before);
    assert!(t.take_fork_notice().is_none());
    t.seek(samples[99].time);
    assert_eq!(sample(&t), samples[99]);
}

#[test]
fn an_action_that_changes_nothing_records_nothing_and_forks_nothing() {
    let (mut t, samples) = original_run();
    let before = t.recorded_actions();
    t.seek(samples[5].time);
    let (network, rules) = (t.simulation().network(), t.simulation().broken_rules());
    assert!(t.simulation().partition_groups().is_empty() && t.simulation().cut_links().is_empty());
    let events = t.simulation().trace().total();
    t.heal();
    t.set_network(network).unwrap();
    t.set_broken_rules(rules);
    t.repair(1, 2, false).unwrap();
    assert_eq!(
        t.recorded_actions(),
        before,
        "nothing recorded, nothing discarded"
    );
    assert!(t.take_fork_notice().is_none());
    assert_eq!(t.simulation().trace().total(), events, "nothing traced");
    t.seek(samples[99].time);
    assert_eq!(sample(&t), samples[99]);
    // Cutting a cut link again is nothing too; the first cut is something.
    t.cut(1, 2, true).unwrap();
    let after_cut = t.recorded_actions();
    t.cut(1, 2, true).unwrap();
    assert_eq!(t.recorded_actions(), after_cut);
    t.cut(1, 2, false).unwrap(); // the other direction is new
    assert_eq!(t.recorded_actions(), after_cut + 1);
    t.heal();
    assert_eq!(t.recorded_actions(), after_cut + 2);
    // A refused action is still refused, not taken for nothing.
    assert!(t.repair(1, 1, true).is_err());
    assert!(t.cut(0, 2, true).is_err());
}

#[test]
fn long_runs_keep_a_bounded_number_of_checkpoints() {
    let mut t = Timeline::new(SimConfig::default()).unwrap();
    for step in 1..=600u64 {
        t.run_until(step * S);
    }
    assert!(
        t.checkpoint_count() <= MAX_CHECKPOINTS,
        "{}",
        t.checkpoint_count()
    );
    assert!(t.checkpoint_count() >= MAX_CHECKPOINTS / 2);
    let end = t.simulation().trace().hash();
    t.seek(1);
    t.seek(600 * S);
    assert_eq!(t.simulation().trace().hash(), end);
}

#[test]
fn a_loaded_run_keeps_its_checkpoints_within_the_budget() {
    // Ten minutes with a command every 100 ms: the checkpoints' estimated size stays within
    // the budget, a few remain, and seeking still lands on the recorded moments.
    let mut t = Timeline::new(SimConfig::default()).unwrap();
    let mut samples = Vec::new();
    for n in 1..=6_000u64 {
        t.run_until(n * 100 * MS);
        t.client_request(&format!("set x{} {n}", n % 10)).unwrap();
        if n % 600 == 300 {
            t.run_until(n * 100 * MS + 50 * MS);
            samples.push(sample(&t));
        }
    }
    assert!(t.checkpoint_bytes() <= raft_sim::CHECKPOINT_BUDGET_BYTES);
    assert!(t.checkpoint_count() >= 2, "{}", t.checkpoint_count());
    for index in [9, 0, 5, 2, 8] {
        t.seek(samples[index].time);
        assert_eq!(sample(&t), samples[index], "sample {index}");
    }
}

#[test]
fn a_scenario_shared_from_the_past_opens_there_with_its_whole_history() {
    let (mut t, samples) = original_run();
    t.seek(samples[40].time);
    let scenario = t.scenario();
    assert_eq!(scenario.end_ms, Some(samples[40].time as f64 / 1000.0));
    let mut opened = Timeline::from_scenario(&scenario).unwrap();
    assert_eq!(sample(&opened), samples[40]);
    // The author's run went on to the last sample: so does the opened one's history.
    let furthest = samples.last().unwrap().time;
    assert!(scenario.actions.last().unwrap().at_ms < furthest as f64 / 1000.0);
    assert_eq!(scenario.history_end_ms, Some(furthest as f64 / 1000.0));
    assert_eq!(opened.history_end(), furthest);
    opened.seek(samples[90].time);
    assert_eq!(sample(&opened), samples[90]);
    // A run shared from its furthest moment needs no `historyEndMs`.
    opened.seek(furthest);
    assert_eq!(opened.scenario().history_end_ms, None);
}

#[test]
fn extensions_on_from_the_start_and_switched_during_the_run_replay_exactly() {
    let mut t = Timeline::new(SimConfig {
        seed: 11,
        extensions: raft_sim::Extensions {
            check_quorum: false,
            pre_vote: true,
        },
        ..SimConfig::default()
    })
    .unwrap();
    t.run_until(S);
    let leader = t.simulation().leader().expect("a leader within 1 s");
    let other = if leader == 1 { 2 } else { 1 };
    t.partition(&[vec![leader, other]]).unwrap();
    t.run_until(1_200 * MS);
    t.set_extensions(raft_sim::Extensions {
        check_quorum: true,
        pre_vote: true,
    });
    t.run_until(2 * S);
    t.heal();
    t.run_until(3 * S);
    let scenario = t.scenario();
    assert_eq!(scenario.extensions, ["pre-vote"]);
    let decoded = decode_scenario_text(&scenario.to_json()).unwrap();
    let replay = Timeline::from_scenario(&decoded).unwrap();
    assert_eq!(sample(&replay), sample(&t));
    assert_eq!(
        replay.simulation().extensions(),
        t.simulation().extensions()
    );
    // The switch mattered: the old leader stepped down during the partition.
    assert_eq!(
        replay
            .simulation()
            .trace()
            .count(raft_sim::TraceKind::QuorumLost),
        1
    );
}
