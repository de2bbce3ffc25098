//! The text `Scenario::to_json` and `to_json_pretty` write is pinned: the same bytes serde_json
//! wrote before the playground had its own JSON writer (the expected strings were produced by
//! serde_json 1.0.154 from the same scenarios), so links made by older pages and newer ones
//! agree. Covers every action kind, `afterEvent` and `endMs` present and absent, a `u64` seed
//! above 2^53, fractions written in plain and in scientific notation, and escaped text.

use raft_sim::scenario::{decode_scenario_text, Action, ActionKind, ClusterSettings, Scenario};
use raft_sim::{NetworkSettings, SimConfig};

/// A hand-built scenario (not simulated, so it pins only the text) with every action kind.
fn every_kind() -> Scenario {
    let at = |at_ms: f64, kind: ActionKind| Action {
        at_ms,
        after_event: None,
        kind,
    };
    let mut first = at(0.0, ActionKind::Crash { server: 3 });
    first.after_event = Some(812);
    Scenario {
        version: 1,
        seed: u64::MAX,
        cluster: ClusterSettings {
            servers: 3,
            election_timeout_ms: [150, 300],
            heartbeat_ms: 50,
            max_entries_per_message: 7,
        },
        network: NetworkSettings {
            loss_rate: 0.25,
            duplicate_rate: 0.00001,
            long_delay_rate: 0.000001,
            long_delay_ms_max: 1000,
            latency_ms: [10, 15],
        },
        extensions: vec!["check-quorum".to_string()],
        broken_rules: vec![
            "commit-by-counting".to_string(),
            "vote-without-log-check".to_string(),
        ],
        actions: vec![
            first,
            at(1234.5, ActionKind::Restart { server: 3 }),
            at(1300.125, ActionKind::Timeout { server: 1 }),
            at(
                1400.0,
                ActionKind::Request {
                    command: "set \"x\" é\\\n\u{1}".to_string(),
                    server: None,
                },
            ),
            at(
                1450.0,
                ActionKind::Request {
                    command: "set y 2".to_string(),
                    server: Some(2),
                },
            ),
            at(
                1500.0,
                ActionKind::Partition {
                    groups: vec![vec![1, 2], vec![3], vec![]],
                },
            ),
            at(1600.0, ActionKind::Heal),
            at(
                1700.0,
                ActionKind::Cut {
                    from: 1,
                    to: 2,
                    one_way: true,
                },
            ),
            at(
                1800.0,
                ActionKind::Repair {
                    from: 2,
                    to: 1,
                    one_way: false,
                },
            ),
            at(
                1900.0,
                ActionKind::SetNetwork(NetworkSettings {
                    loss_rate: 0.1,
                    duplicate_rate: 1.0,
                    long_delay_rate: 0.0,
                    long_delay_ms_max: 10_000,
                    latency_ms: [0, 10_000],
                }),
            ),
            at(2000.0, ActionKind::Drop { message: 1 << 60 }),
            at(2100.0, ActionKind::SetBrokenRules { rules: vec![] }),
            at(2200.0, ActionKind::SetExtensions { extensions: vec![] }),
            at(
                7_199_999.999,
                ActionKind::SetBrokenRules {
                    rules: vec!["commit-by-counting".to_string()],
                },
            ),
        ],
        end_ms: Some(7_200_000.0),
        history_end_ms: None,
    }
}

#[test]
fn the_text_is_what_serde_json_wrote() {
    let scenario = every_kind();
    assert_eq!(
        scenario.to_json(),
        include_str!("scenario_text/every_kind.json")
    );
    assert_eq!(
        scenario.to_json_pretty(),
        include_str!("scenario_text/every_kind.pretty.json")
    );
    let default = Scenario::from_config(&SimConfig::default());
    assert_eq!(
        default.to_json(),
        include_str!("scenario_text/default.json")
    );
    assert_eq!(
        default.to_json_pretty(),
        include_str!("scenario_text/default.pretty.json")
    );
}

#[test]
fn the_text_reads_back_exactly() {
    let scenario = every_kind();
    for text in [scenario.to_json(), scenario.to_json_pretty()] {
        assert_eq!(decode_scenario_text(&text).unwrap(), scenario);
    }
}
