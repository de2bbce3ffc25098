//! `raftplay check` end to end: plain Raft passes, a broken rule fails with a seed and a
//! reproduce command that really reproduces it, and bad flags are refused.

use std::process::{Command, Output};

fn raftplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raftplay"))
        .args(args)
        .output()
        .expect("raftplay runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn plain_raft_passes_every_seed_and_exits_0() {
    let output = raftplay(&["check", "--seeds", "20", "--servers", "3..5"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("checked 20 seeds (3..5 servers): 0 failed"),
        "{text}"
    );
}

#[test]
fn the_json_report_counts_the_leadership_transfers_the_schedules_asked_for() {
    let output = raftplay(&["check", "--seeds", "20", "--servers", "3..5", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["seedsFailed"], 0, "{report}");
    let transfers = report["leadershipTransfers"].as_u64().expect("a count");
    let given_up = report["transfersGivenUp"].as_u64().expect("a count");
    assert!(transfers > 0, "{report}");
    assert!(given_up <= transfers, "{report}");
}

#[test]
fn a_broken_rule_fails_with_a_seed_and_a_command_that_reproduces_it() {
    let output = raftplay(&[
        "check",
        "--seeds",
        "50",
        "--break",
        "vote-without-log-check",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL seed "), "{text}");
    assert!(
        text.contains("UNSAFE: broken vote-without-log-check"),
        "{text}"
    );
    let reproduce = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("reproduce: raftplay "))
        .expect("a reproduce line");
    assert!(
        reproduce.contains("--break vote-without-log-check"),
        "{reproduce}"
    );

    let again = raftplay(&reproduce.split_whitespace().collect::<Vec<_>>());
    let again_text = stdout(&again);
    assert_eq!(again.status.code(), Some(1), "{again_text}");
    let first_failure = |text: &str| text.lines().next().unwrap_or_default().to_string();
    assert_eq!(first_failure(&again_text), first_failure(&text));
}

#[test]
fn extensions_are_reported_and_carried_into_the_reproduce_command() {
    let output = raftplay(&[
        "check",
        "--seeds",
        "30",
        "--servers",
        "3..5",
        "--check-quorum",
        "--pre-vote",
    ]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("checked 30 seeds (3..5 servers, with check-quorum, pre-vote): 0 failed"),
        "{text}"
    );
    // A failure with the extensions on reproduces with them on.
    let output = raftplay(&[
        "check",
        "--seeds",
        "50",
        "--pre-vote",
        "--break",
        "vote-without-log-check",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(report["extensions"], serde_json::json!(["pre-vote"]));
    let reproduce = report["failures"][0]["reproduce"].as_str().unwrap();
    assert!(
        reproduce.ends_with("--pre-vote --break vote-without-log-check"),
        "{reproduce}"
    );
}

#[test]
fn json_output_names_the_property_and_the_phase() {
    let output = raftplay(&[
        "check",
        "--seeds",
        "50",
        "--break",
        "commit-beyond-verified",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(report["seedsFailed"], 1);
    assert_eq!(report["brokenRules"][0], "commit-beyond-verified");
    let failure = &report["failures"][0]["failure"];
    assert_eq!(failure["phase"], "safety");
    assert_ne!(failure["property"], "liveness");
}

#[test]
fn an_unknown_rule_is_refused_with_the_list_of_rules() {
    let output = raftplay(&["check", "--break", "skip-elections"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown rule `skip-elections`"), "{stderr}");
    assert!(stderr.contains("commit-by-counting"), "{stderr}");
}
