//! The `raftplay` binary end to end: output shape, determinism and error messages.

use std::process::{Command, Output};

fn raftplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raftplay"))
        .args(args)
        .output()
        .expect("raftplay runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = raftplay(args);
    assert!(
        output.status.success(),
        "raftplay {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn run_json_has_the_state_shape_and_one_leader() {
    let report = json(&[
        "run",
        "--servers",
        "5",
        "--seed",
        "7",
        "--until",
        "10s",
        "--json",
    ]);
    let state = &report["state"];
    assert_eq!(state["timeMs"], 10_000.0);
    let servers = state["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 5);
    let leaders = servers.iter().filter(|s| s["role"] == "leader").count();
    assert_eq!(leaders, 1, "a healthy cluster has one leader after 10 s");
    for server in servers {
        for field in [
            "id",
            "role",
            "crashed",
            "term",
            "votedFor",
            "commitIndex",
            "lastApplied",
        ] {
            assert!(server.get(field).is_some(), "server has {field}");
        }
        // The new leader's no-op is committed everywhere.
        assert!(server["commitIndex"].as_u64().unwrap() >= 1);
        assert_eq!(server["log"][0]["command"], serde_json::Value::Null);
    }
    // The leader's view of its followers: a quiet cluster, every log matched.
    for server in servers {
        let progress = server["progress"].as_array().unwrap();
        if server["role"] == "leader" {
            let last = server["log"].as_array().unwrap().len() as u64;
            assert_eq!(progress.len(), 4);
            for follower in progress {
                assert_eq!(follower["matchIndex"], last, "{follower}");
                assert_eq!(follower["nextIndex"], last + 1, "{follower}");
                assert_eq!(follower["mode"], "replicate", "{follower}");
            }
        } else {
            assert!(progress.is_empty());
        }
    }
    assert!(report["trace"]["events"].as_u64().unwrap() > 100);
    assert!(report["trace"]["hash"].as_str().unwrap().starts_with("0x"));
    assert!(report["trace"]["counts"]["roleChange"].as_u64().unwrap() >= 2);
}

#[test]
fn run_prints_what_the_leader_knows_of_each_follower() {
    let output = raftplay(&["run", "--seed", "7", "--until", "10s"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let heading = text
        .lines()
        .position(|line| line.starts_with("followers of leader S"))
        .unwrap_or_else(|| panic!("no followers table:\n{text}"));
    let rows: Vec<&str> = text
        .lines()
        .skip(heading + 1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    for row in rows {
        let fields: Vec<&str> = row.split_whitespace().collect();
        let [_, matched, next, sending] = fields[..] else {
            panic!("row {row:?}");
        };
        let (matched, next): (u64, u64) = (matched.parse().unwrap(), next.parse().unwrap());
        assert_eq!(next, matched + 1, "{row}");
        assert_eq!(sending, "streaming", "{row}");
    }
}

#[test]
fn same_seed_same_trace_other_seed_other_trace() {
    let args = [
        "run",
        "--seed",
        "3",
        "--until",
        "5s",
        "--request-every",
        "50ms",
        "--json",
    ];
    let first = json(&args);
    let again = json(&args);
    assert_eq!(first["trace"]["hash"], again["trace"]["hash"]);
    assert_eq!(first["state"], again["state"]);
    let other = json(&[
        "run",
        "--seed",
        "4",
        "--until",
        "5s",
        "--request-every",
        "50ms",
        "--json",
    ]);
    assert_ne!(first["trace"]["hash"], other["trace"]["hash"]);
}

#[test]
fn commands_from_the_workload_are_applied_on_every_server() {
    let report = json(&[
        "run",
        "--seed",
        "9",
        "--until",
        "3s",
        "--request-every",
        "100ms",
        "--json",
    ]);
    assert_eq!(report["commandsIssued"], 30);
    for server in report["state"]["servers"].as_array().unwrap() {
        let commands = server["log"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["command"].is_string())
            .count();
        // The last command is issued at 3 s exactly and cannot have arrived yet.
        assert!(commands >= 28, "S{} has {commands} commands", server["id"]);
    }
}

#[test]
fn bad_input_names_the_problem_and_exits_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "--servers", "0"], "servers must be 1 to 9"),
        (&["run", "--servers", "1000"], "servers must be 1 to 9"),
        (&["run", "--until", "10"], "no unit"),
        (&["run", "--seed", "x"], "--seed expects a whole number"),
        (&["run", "--frobnicate"], "unknown argument '--frobnicate'"),
        (&["launch"], "unknown command 'launch'"),
        (&["bench", "--runs", "0"], "--runs must be at least 1"),
        (
            &["bench", "--with-history", "--no-check"],
            "drop --no-check",
        ),
    ];
    for (args, expected) in cases {
        let output = raftplay(args);
        assert_eq!(output.status.code(), Some(2), "raftplay {args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "raftplay {args:?}: {stderr}");
    }
}

#[test]
fn bench_reports_measured_figures() {
    let report = json(&["bench", "--runs", "1", "--virtual", "5s", "--json"]);
    let run = &report["runs"][0];
    assert!(run["virtualSecondsPerSecond"].as_f64().unwrap() > 0.0);
    assert_eq!(run["commandsIssued"], 500);
    assert!(run["commandsAnswered"].as_u64().unwrap() > 450);
}

#[test]
fn bench_with_history_runs_the_same_cluster_as_the_page() {
    let args = ["bench", "--runs", "1", "--virtual", "5s", "--json"];
    let bare = json(&args);
    let with_history = json(&[&args[..], &["--with-history"]].concat());
    assert_eq!(with_history["withHistory"], true);
    assert_eq!(bare["withHistory"], false);
    let (bare, with_history) = (&bare["runs"][0], &with_history["runs"][0]);
    // Recording actions and keeping checkpoints must not change what the cluster does.
    assert!(bare["traceEvents"].as_u64().unwrap() > 10_000);
    assert_eq!(with_history["traceEvents"], bare["traceEvents"]);
    assert_eq!(with_history["commandsAnswered"], bare["commandsAnswered"]);
}
