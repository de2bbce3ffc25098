//! `raftplay run FILE|LINK`: a scenario file and its share link replay to the same run as the
//! simulator in-process, and bad scenarios exit with status 2 and a message naming the problem.

use raft_sim::scenario::{decode_scenario_text, encode_link_payload};
use raft_sim::Timeline;
use std::process::{Command, Output};

const SCENARIO: &str = r#"{
  "version": 1, "seed": 3,
  "cluster": { "servers": 3, "electionTimeoutMs": [150, 300], "heartbeatMs": 50 },
  "actions": [
    { "atMs": 1000, "do": "crash", "server": 1 },
    { "atMs": 1500, "do": "request", "command": "set a 1" },
    { "atMs": 2500, "do": "restart", "server": 1 },
    { "atMs": 2600, "do": "request", "command": "set b 2" }
  ],
  "endMs": 4000
}"#;

fn raftplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raftplay"))
        .args(args)
        .output()
        .expect("raftplay runs")
}

fn report(args: &[&str]) -> serde_json::Value {
    let output = raftplay(args);
    assert!(
        output.status.success(),
        "raftplay {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn a_file_and_its_link_replay_the_same_run() {
    let dir = std::env::temp_dir().join(format!("raftplay-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.json");
    std::fs::write(&file, SCENARIO).unwrap();
    let file = file.to_str().unwrap();

    let scenario = decode_scenario_text(SCENARIO).unwrap();
    let expected = Timeline::from_scenario(&scenario).unwrap();
    let hash = format!("{:#018x}", expected.simulation().trace().hash());

    let from_file = report(&["run", file, "--json"]);
    assert_eq!(from_file["state"]["timeMs"], 4000.0);
    assert_eq!(from_file["trace"]["hash"], hash.as_str());
    assert_eq!(from_file["commandsIssued"], 2);
    assert_eq!(from_file["state"]["servers"].as_array().unwrap().len(), 3);

    let link = format!("https://x.test/#s={}", encode_link_payload(&scenario));
    let from_link = report(&["run", &link, "--json"]);
    assert_eq!(from_link["trace"]["hash"], hash.as_str());
    assert_eq!(from_link["state"], from_file["state"]);

    // --until goes elsewhere in the run; the people's table says what was replayed.
    let early = report(&["run", file, "--until", "1200ms", "--json"]);
    assert_eq!(early["state"]["timeMs"], 1200.0);
    assert_eq!(early["state"]["servers"][0]["crashed"], true);
    let text = raftplay(&["run", file]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("scenario with 4 actions, replayed"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_scenarios_exit_2_with_a_message() {
    for (args, expected) in [
        (vec!["run", "#s=ab$c"], "not valid base64url at character 3"),
        (vec!["run", "#s=aGVsbG8"], "not valid compressed data"),
        (vec!["run", "missing.json"], "missing.json: no such file"),
        (vec!["run", r#"{"version":9}"#], "made by a newer version"),
        (
            vec!["run", r#"{"version":1,"cluster":{"servers":1000}}"#],
            "the scenario has 1000 servers; the playground allows 1 to 9",
        ),
        (
            vec!["run", SCENARIO, "--servers", "3"],
            "--servers cannot be combined with a scenario",
        ),
    ] {
        let output = raftplay(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
