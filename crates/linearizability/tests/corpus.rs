//! The published verdicts of the real histories in `tests/data/` (102 Jepsen etcd register
//! histories, 6 key-value histories from Porcupine's test data) are reproduced exactly.
//!
//! Run `cargo test --release -p raft-linearizability -- --nocapture` to see the timings.

use std::path::{Path, PathBuf};
use std::time::Instant;

use raft_linearizability::jepsen::parse_jepsen_log;
use raft_linearizability::kv_edn::parse_kv_edn;
use raft_linearizability::{check, Budget, KvModel, RegisterModel, Verdict};

/// Far more than any corpus history needs; a verdict of Unknown fails the test.
const GENEROUS_BUDGET: Budget = Budget {
    max_steps: 200_000_000,
};

fn data_dir(corpus: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(corpus)
}

/// `(file name, expected linearizable)` from a corpus's VERDICTS.tsv.
fn published_verdicts(corpus: &str) -> Vec<(String, bool)> {
    let path = data_dir(corpus).join("VERDICTS.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (file, verdict) = line.split_once('\t').expect("FILE<TAB>VERDICT");
            let linearizable = match verdict.trim() {
                "linearizable" => true,
                "not-linearizable" => false,
                other => panic!("unknown verdict {other:?}"),
            };
            (file.to_string(), linearizable)
        })
        .collect()
}

fn read(corpus: &str, file: &str) -> String {
    let path = data_dir(corpus).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn assert_published(file: &str, expected_linearizable: bool, verdict: &Verdict) {
    assert!(!verdict.is_unknown(), "{file}: {verdict}");
    assert_eq!(
        verdict.is_linearizable(),
        expected_linearizable,
        "{file}: published {}, got: {verdict}",
        if expected_linearizable {
            "linearizable"
        } else {
            "not linearizable"
        }
    );
}

#[test]
fn jepsen_etcd_histories_get_their_published_verdicts() {
    let verdicts = published_verdicts("jepsen-etcd");
    assert_eq!(verdicts.len(), 102);
    assert_eq!(verdicts.iter().filter(|(_, ok)| *ok).count(), 23);

    let started = Instant::now();
    let mut slowest = (String::new(), 0.0);
    for (file, expected) in &verdicts {
        let history =
            parse_jepsen_log(&read("jepsen-etcd", file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!history.is_empty(), "{file}");
        let one = Instant::now();
        let verdict = check(&RegisterModel, &history, GENEROUS_BUDGET).unwrap();
        let seconds = one.elapsed().as_secs_f64();
        if seconds > slowest.1 {
            slowest = (file.clone(), seconds);
        }
        assert_published(file, *expected, &verdict);
    }
    println!(
        "jepsen-etcd: 102 histories checked in {:.3} s (slowest {} in {:.3} s)",
        started.elapsed().as_secs_f64(),
        slowest.0,
        slowest.1
    );
}

#[test]
fn the_empty_etcd_run_parses_to_an_empty_linearizable_history() {
    // etcd_095.log is empty (the cluster never started) and has no published verdict.
    let history = parse_jepsen_log(&read("jepsen-etcd", "etcd_095.log")).unwrap();
    assert!(history.is_empty());
    let verdict = check(&RegisterModel, &history, Budget::default()).unwrap();
    assert!(verdict.is_linearizable());
}

#[test]
fn kv_histories_get_their_published_verdicts() {
    let verdicts = published_verdicts("kv");
    assert_eq!(verdicts.len(), 6);

    let started = Instant::now();
    for (file, expected) in &verdicts {
        let history = parse_kv_edn(&read("kv", file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let one = Instant::now();
        let verdict = check(&KvModel::absent_reads_as_empty(), &history, GENEROUS_BUDGET).unwrap();
        println!(
            "kv/{file}: {} operations, {} in {:.3} s",
            history.len(),
            if verdict.is_linearizable() {
                "linearizable"
            } else {
                "not linearizable"
            },
            one.elapsed().as_secs_f64()
        );
        assert_published(file, *expected, &verdict);
    }
    println!(
        "kv: 6 histories checked in {:.3} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_violation_in_the_corpus_names_its_key_and_operations() {
    let history = parse_kv_edn(&read("kv", "c10-bad.txt")).unwrap();
    let verdict = check(&KvModel::absent_reads_as_empty(), &history, GENEROUS_BUDGET).unwrap();
    let Verdict::NotLinearizable(violation) = verdict else {
        panic!("c10-bad.txt must not be linearizable, got {verdict}");
    };
    println!("c10-bad.txt: {}", violation.explanation);
    assert!(violation.partition.starts_with("key \""));
    assert!(violation.operations.contains(&violation.stuck_operation));
    let stuck_key = &history[violation.stuck_operation].input.key;
    assert!(violation.partition.contains(stuck_key.as_str()));
    for &index in &violation.longest_prefix {
        assert_eq!(
            &history[index].input.key, stuck_key,
            "one partition = one key"
        );
    }
}
