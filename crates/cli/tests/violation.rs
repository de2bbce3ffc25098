//! `raftplay run` on a scenario that breaks a rule: the violation is printed and the exit
//! status is 1; the same actions on plain Raft exit 0.

use raft_core::Role;
use raft_sim::{SimConfig, Timeline, UnsafeRule, UnsafeRules};
use std::process::{Command, Output};

/// A stale server (it missed a committed entry while crashed) times out at once after its
/// restart; with `rules`, the others vote for it without the up-to-date check.
fn stale_candidate_scenario(rules: UnsafeRules) -> String {
    let mut timeline = Timeline::new(SimConfig {
        seed: 7,
        servers: 3,
        broken_rules: rules,
        ..SimConfig::default()
    })
    .unwrap();
    timeline.run_until(1_000_000);
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
    timeline.client_request("set x 1").unwrap();
    timeline.run_until(1_300_000);
    timeline.restart(behind).unwrap();
    timeline.timeout_now(behind).unwrap();
    timeline.run_until(1_400_000);
    timeline.scenario().to_json()
}

fn run_file(name: &str, json: &str, extra: &[&str]) -> Output {
    let path = std::env::temp_dir().join(format!("raftplay-{name}-{}.json", std::process::id()));
    std::fs::write(&path, json).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_raftplay"))
        .arg("run")
        .arg(&path)
        .args(["--until", "3s"])
        .args(extra)
        .output()
        .expect("raftplay runs");
    std::fs::remove_file(&path).ok();
    output
}

#[test]
fn a_violation_is_printed_and_exits_1() {
    let broken = stale_candidate_scenario(UnsafeRules::only(UnsafeRule::VoteWithoutLogCheck));
    let output = run_file("broken", &broken, &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("SAFETY VIOLATION at ") && text.contains("Leader Completeness is broken"),
        "{text}"
    );

    let json = run_file("broken-json", &broken, &["--json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        report["state"]["violation"]["property"],
        "leaderCompleteness"
    );
}

#[test]
fn the_same_actions_on_plain_raft_exit_0() {
    let plain = stale_candidate_scenario(UnsafeRules::NONE);
    let output = run_file("plain", &plain, &[]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(!text.contains("VIOLATION"), "{text}");
}
