//! Scenarios and share links: JSON and link round trips, and a clear message for every kind of
//! bad input (malformed, newer, out of range, oversized).

use raft_sim::scenario::{
    base64url_encode, decode_scenario_text, encode_link_payload, Scenario, ScenarioError,
    MAX_JSON_BYTES,
};
use raft_sim::{SimConfig, Timeline};

/// A run with one action of every kind, recorded through a timeline.
fn every_action() -> Scenario {
    let mut t = Timeline::new(SimConfig {
        seed: 7,
        ..SimConfig::default()
    })
    .unwrap();
    t.run_until(1_000_000);
    t.crash(3).unwrap();
    t.run_until(1_300_000);
    t.restart(3).unwrap();
    t.run_until(1_400_000);
    let _ = t.timeout_now(2);
    t.client_request("set x 1").unwrap();
    t.partition(&[vec![1, 2], vec![3, 4, 5]]).unwrap();
    t.run_until(1_700_000);
    t.heal();
    let handed_over = (1..=5).find(|&id| t.transfer_leadership(id).is_ok());
    assert!(handed_over.is_some(), "a leader to hand over from");
    t.cut(1, 2, true).unwrap();
    t.repair(1, 2, false).unwrap();
    let mut network = t.simulation().network();
    network.loss_rate = 0.1;
    t.set_network(network).unwrap();
    t.step();
    let message = t.simulation().state().messages[0].id;
    t.drop_message(message).unwrap();
    t.set_broken_rules(raft_sim::UnsafeRules::only(
        raft_sim::UnsafeRule::CommitByCounting,
    ));
    t.set_extensions(raft_sim::Extensions {
        check_quorum: true,
        pre_vote: false,
    });
    t.run_until(2_500_000);
    t.scenario()
}

#[test]
fn json_and_link_round_trip() {
    let scenario = every_action();
    let kinds: Vec<&str> = scenario
        .actions
        .iter()
        .map(|action| action.kind.name())
        .collect();
    for name in raft_sim::scenario::ACTION_NAMES {
        assert!(kinds.contains(&name), "{name} missing from {kinds:?}");
    }
    let json = scenario.to_json();
    assert!(json.contains(r#""do":"setNetwork""#), "{json}");
    assert!(json.contains(r#""oneWay":true"#), "{json}");
    assert!(json.contains(r#""brokenRules":[]"#), "{json}");
    assert!(json.contains(r#""rules":["commit-by-counting"]"#), "{json}");
    assert!(json.contains(r#""extensions":["check-quorum"]"#), "{json}");
    assert!(
        !json.contains(r#""extensions":[]"#),
        "none at the start: {json}"
    );
    assert_eq!(decode_scenario_text(&json).unwrap(), scenario);
    assert_eq!(
        decode_scenario_text(&scenario.to_json_pretty()).unwrap(),
        scenario
    );

    let payload = encode_link_payload(&scenario);
    assert!(payload
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    for text in [
        payload.clone(),
        format!("#s={payload}"),
        format!("s={payload}"),
        format!("https://example.org/raft/?seed=3#s={payload}"),
        format!("http://localhost:5173/index.html#embed=1&s={payload}\n"),
    ] {
        assert_eq!(decode_scenario_text(&text).unwrap(), scenario, "{text}");
    }
}

#[test]
fn the_contract_example_reads() {
    let json = r#"{
      "version": 1, "seed": 7,
      "cluster": { "servers": 5, "electionTimeoutMs": [150, 300], "heartbeatMs": 50 },
      "network": { "latencyMs": [10, 15], "lossRate": 0, "duplicateRate": 0, "longDelayRate": 0, "longDelayMsMax": 1000 },
      "brokenRules": [],
      "actions": [
        { "atMs": 1234.5, "afterEvent": 812, "do": "crash", "server": 3 },
        { "atMs": 1300, "do": "restart", "server": 3 },
        { "atMs": 1500, "do": "request", "command": "set x 1" },
        { "atMs": 1600, "do": "partition", "groups": [[1, 2], [3, 4, 5]] },
        { "atMs": 1700, "do": "heal" },
        { "atMs": 1800, "do": "cut", "from": 1, "to": 2, "oneWay": true },
        { "atMs": 1900, "do": "repair", "from": 1, "to": 2, "oneWay": false },
        { "atMs": 2000, "do": "setNetwork", "lossRate": 0.1, "duplicateRate": 0, "longDelayRate": 0, "longDelayMsMax": 1000, "latencyMs": [10, 15] },
        { "atMs": 2200, "do": "setBrokenRules", "rules": ["commit-by-counting"] }
      ],
      "endMs": 5000
    }"#;
    let scenario = decode_scenario_text(json).unwrap();
    assert_eq!(scenario.actions.len(), 9);
    assert_eq!(scenario.actions[0].after_event, Some(812));
    assert_eq!(scenario.end_ms, Some(5000.0));
    let timeline = Timeline::from_scenario(&scenario).unwrap();
    assert_eq!(timeline.now(), 5_000_000);
    // Minimal JSON: everything but the version has a default.
    let minimal = decode_scenario_text(r#"{"version":1}"#).unwrap();
    assert_eq!(minimal, Scenario::from_config(&SimConfig::default()));
}

fn error(text: &str) -> String {
    let result = decode_scenario_text(text).and_then(|s| Timeline::from_scenario(&s).map(drop));
    result.expect_err(text).to_string()
}

fn with_actions(actions: &str) -> String {
    format!(r#"{{"version":1,"cluster":{{"servers":5}},"actions":[{actions}]}}"#)
}

#[test]
fn every_kind_of_bad_input_names_its_problem() {
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "the scenario is empty"),
        (
            "#s=abc$def".into(),
            "the link's data is not valid base64url at character 4",
        ),
        ("#s=a".into(), "the link's data stops too early"),
        (
            "hello world".into(),
            "this is neither a scenario's JSON (which starts with {) nor a share link (the text \
             is not valid base64url at character 6)",
        ),
        (
            "s=abc$def".into(),
            "the link's data is not valid base64url at character 4",
        ),
        (
            "https://example.org/raft/".into(),
            "the link carries no scenario",
        ),
        (
            "#s=aGVsbG8gd29ybGQ".into(),
            "the link's data is not valid compressed data",
        ),
        (
            r#"{"version": 1, "seed": }"#.into(),
            "the scenario is not valid JSON: ",
        ),
        (
            r#"{"version": 2, "anything": true}"#.into(),
            "made by a newer version of the playground (format version 2",
        ),
        (r#"{"seed": 1}"#.into(), "has no \"version\""),
        ("[1, 2]".into(), "the scenario must be a JSON object"),
        (
            r#"{"version":1,"cluster":{"servers":0}}"#.into(),
            "the scenario has 0 servers; the playground allows 1 to 9",
        ),
        (
            r#"{"version":1,"cluster":{"servers":1000}}"#.into(),
            "the scenario has 1000 servers; the playground allows 1 to 9",
        ),
        (
            r#"{"version":1,"cluster":{"heartbeatMs":500}}"#.into(),
            "the scenario's settings are invalid: heartbeatMs (500)",
        ),
        (r#"{"version":1,"sever":3}"#.into(), "unknown field `sever`"),
        (
            r#"{"version":1,"sever":3}"#.into(),
            "the scenario: unknown field `sever`; the fields are version, seed, cluster",
        ),
        (
            "{\n  \"version\": 1,\n  \"seed\": 1,,\n}".into(),
            "the scenario is not valid JSON: expected a key in double quotes at line 3 column 13",
        ),
        (
            r#"{"version":1,"seed":1.5}"#.into(),
            "the scenario: `seed` must be a whole number, got 1.5",
        ),
        (
            r#"{"version":1,"cluster":{"servers":"5"}}"#.into(),
            "the scenario's \"cluster\": `servers` must be a whole number, got \"5\"",
        ),
        (
            r#"{"version":1,"cluster":{"electionTimeoutMs":[150]}}"#.into(),
            "`electionTimeoutMs` must be a pair like [10, 15], got [150]",
        ),
        (
            r#"{"version":1,"network":[]}"#.into(),
            "the scenario's \"network\": must be an object like",
        ),
        (
            r#"{"version":1,"network":{"lossrate":0.5}}"#.into(),
            "the scenario's \"network\": unknown field `lossrate`; the fields are lossRate",
        ),
        (
            with_actions(r#"{"atMs":-5,"do":"heal"}"#),
            "action 0 happens at -5 ms; times must be between 0 and",
        ),
        (
            with_actions(r#"{"atMs":5,"do":"heal"},{"atMs":4,"do":"heal"}"#),
            "action 1 happens at 4 ms, before the action ahead of it",
        ),
        (
            with_actions(r#"{"atMs":1e12,"do":"heal"}"#),
            "times must be between 0 and 7200000 ms (2 h)",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"heal"},{"atMs":2,"do":"explode","server":1}"#),
            "action 1 has an unknown kind \"explode\"; the kinds are crash, restart",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"crash","server":7}"#),
            "action 0 names server 7, but the scenario's servers are 1 to 5",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"request","command":"set x 1","server":6}"#),
            "action 0 names server 6, but the scenario's servers are 1 to 5",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"request","command":"set x 1","server":"S2"}"#),
            "action 0: (request) `server` must be a whole number",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"partition","groups":[[1],[0]]}"#),
            "action 0 names server 0",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"crash"}"#),
            "action 0: (crash) missing field `server`",
        ),
        (
            with_actions(r#"{"do":"heal"}"#),
            "action 0: has no \"atMs\"",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"crash","server":1,"boom":1}"#),
            "unknown field `boom`",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"setBrokenRules","rules":["be-evil"]}"#),
            "action 0 (setBrokenRules) names an unknown rule \"be-evil\"",
        ),
        (
            with_actions(r#"{"atMs":1,"do":"setNetwork","lossRate":2}"#),
            "action 0: lossRate must be between 0 and 1, got 2",
        ),
        (
            with_actions(&format!(
                r#"{{"atMs":1,"do":"request","command":"set x {}"}}"#,
                "y".repeat(300)
            )),
            "the command is 306 bytes long; the playground allows at most 200",
        ),
        (
            with_actions(
                r#"{"atMs":100,"do":"crash","server":1},{"atMs":200,"do":"crash","server":1}"#,
            ),
            "action 1 cannot be replayed: S1 is already crashed",
        ),
        (
            with_actions(r#"{"atMs":100,"do":"request","command":"fly away"}"#),
            "action 0 cannot be replayed",
        ),
        (
            with_actions(&vec![r#"{"atMs":1,"do":"heal"}"#; 10_001].join(",")),
            "the scenario has 10001 actions; the playground allows at most 10000",
        ),
        (
            format!("#s={}", "A".repeat(70_000)),
            "the link is 70003 bytes long; the playground accepts at most 65536 bytes",
        ),
        (
            format!(r#"{{"version":1,"seed":1{}}}"#, " ".repeat(MAX_JSON_BYTES)),
            "the scenario's JSON is 1048598 bytes long; the playground accepts at most 1048576",
        ),
    ];
    for (input, expected) in cases {
        let message = error(&input);
        let shown: String = input.chars().take(80).collect();
        assert!(
            message.contains(expected),
            "input {shown:?}\n  gave {message:?}\n  expected it to contain {expected:?}"
        );
    }
}

#[test]
fn a_link_cut_short_or_lengthened_says_so() {
    let payload = encode_link_payload(&every_action());
    // Cut anywhere past its first few characters: either the base64 stops inside a byte or the
    // compressed data stops before its final block; both read as a link cut short.
    for keep in (8..payload.len()).step_by(7) {
        assert_eq!(
            decode_scenario_text(&format!("#s={}", &payload[..keep])),
            Err(ScenarioError::Incomplete),
            "cut to {keep} of {} characters",
            payload.len()
        );
    }
    // Data after the end: another link's payload, or a few characters typed by hand.
    for extra in ["AAAA", "abcd", &payload[..16]] {
        assert_eq!(
            decode_scenario_text(&format!("#s={payload}{extra}")),
            Err(ScenarioError::ExtraData),
            "with {extra:?} appended"
        );
    }
    assert!(ScenarioError::Incomplete
        .to_string()
        .contains("the link was probably cut short"));
}

#[test]
fn a_compression_bomb_is_refused_without_inflating_it_all() {
    // 20 MB of spaces compress to ~20 KB: over the 1 MiB limit once decompressed.
    let json = format!(r#"{{"version":1,"seed":1{}}}"#, " ".repeat(20 << 20));
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    assert!(compressed.len() < 64 * 1024);
    let payload = base64url_encode(&compressed);
    let message = decode_scenario_text(&payload).unwrap_err();
    assert!(
        matches!(message, ScenarioError::TooLarge { .. }),
        "{message}"
    );
    assert!(
        message.to_string().contains("once decompressed"),
        "{message}"
    );
}

#[test]
fn non_text_after_inflating_is_refused() {
    let compressed = miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 6);
    let message = decode_scenario_text(&base64url_encode(&compressed)).unwrap_err();
    assert_eq!(message, ScenarioError::NotText);
}
