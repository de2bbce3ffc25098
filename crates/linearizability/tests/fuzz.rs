//! Never a panic, whatever the input: mutated corpus logs through the parsers and the checker,
//! and random (often malformed) histories straight into the checker. Fixed seeds, so every run
//! tests the same inputs.

mod common;

use std::path::Path;

use common::XorShift;
use raft_linearizability::jepsen::parse_jepsen_log;
use raft_linearizability::kv_edn::parse_kv_edn;
use raft_linearizability::{
    check, Budget, KvInput, KvModel, KvOp, KvOutput, Operation, RegisterInput, RegisterModel,
    RegisterOutput,
};

/// Small, so a mutated history that happens to be hard still ends quickly.
const FUZZ_BUDGET: Budget = Budget { max_steps: 20_000 };

/// Characters that matter to the two formats, plus a non-ASCII one.
const INTERESTING: &[&str] = &[
    ":",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\\",
    " ",
    "\t",
    "\n",
    ",",
    "-",
    "0",
    "7",
    "nil",
    ":ok",
    ":invoke",
    ":info",
    ":fail",
    ":cas",
    ":read",
    ":write",
    ":get",
    ":append",
    ":delete",
    "99999999999999999999",
    "é",
];

fn corpus_file(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Applies one to four random edits: delete, insert, duplicate or swap lines, truncate.
fn mutate(text: &str, rng: &mut XorShift) -> String {
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let mut boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        if boundaries.len() < 2 {
            boundaries = vec![0, text.len()];
        }
        let at = boundaries[rng.below(boundaries.len() as u64) as usize];
        match rng.below(6) {
            0 => {
                let end = boundaries
                    .iter()
                    .copied()
                    .find(|&b| b > at)
                    .unwrap_or(text.len());
                text.replace_range(at..end, "");
            }
            1 | 2 => {
                let insert = INTERESTING[rng.below(INTERESTING.len() as u64) as usize];
                text.insert_str(at, insert);
            }
            3 => {
                let mut lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = lines[rng.below(lines.len() as u64) as usize];
                    lines.insert(rng.below(lines.len() as u64 + 1) as usize, line);
                }
                text = lines.join("\n");
            }
            4 => {
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() >= 2 {
                    let a = rng.below(lines.len() as u64) as usize;
                    let b = rng.below(lines.len() as u64) as usize;
                    lines.swap(a, b);
                }
                text = lines.join("\n");
            }
            _ => text.truncate(at),
        }
    }
    text
}

#[test]
fn mutated_jepsen_logs_never_panic() {
    let sources: Vec<String> = ["etcd_000.log", "etcd_002.log", "etcd_101.log"]
        .iter()
        .map(|f| corpus_file(&format!("jepsen-etcd/{f}")))
        .collect();
    let mut rng = XorShift::new(0x5eed_0001);
    let (mut parsed, mut rejected) = (0, 0);
    for round in 0..600 {
        let text = mutate(&sources[round % sources.len()], &mut rng);
        match parse_jepsen_log(&text) {
            Ok(history) => {
                parsed += 1;
                let _ = check(&RegisterModel, &history, FUZZ_BUDGET);
            }
            Err(error) => {
                rejected += 1;
                assert!(
                    error.to_string().starts_with("linearizability: line "),
                    "{error}"
                );
            }
        }
    }
    assert!(
        parsed > 20 && rejected > 20,
        "parsed {parsed}, rejected {rejected}"
    );
}

#[test]
fn mutated_kv_histories_never_panic() {
    let sources: Vec<String> = ["c01-ok.txt", "c01-bad.txt", "c10-ok.txt"]
        .iter()
        .map(|f| corpus_file(&format!("kv/{f}")))
        .collect();
    let mut rng = XorShift::new(0x5eed_0002);
    let (mut parsed, mut rejected) = (0, 0);
    for round in 0..600 {
        let text = mutate(&sources[round % sources.len()], &mut rng);
        match parse_kv_edn(&text) {
            Ok(history) => {
                parsed += 1;
                for model in [KvModel::strict(), KvModel::absent_reads_as_empty()] {
                    let _ = check(&model, &history, FUZZ_BUDGET);
                }
            }
            Err(error) => {
                rejected += 1;
                assert!(
                    error.to_string().starts_with("linearizability: line "),
                    "{error}"
                );
            }
        }
    }
    assert!(
        parsed > 20 && rejected > 20,
        "parsed {parsed}, rejected {rejected}"
    );
}

/// A time from a small range, or an extreme.
fn wild_time(rng: &mut XorShift) -> u64 {
    match rng.below(10) {
        0 => u64::MAX,
        1 => u64::MAX - 1,
        2 => 0,
        _ => rng.below(50),
    }
}

#[test]
fn random_malformed_histories_give_a_verdict_or_an_error_never_a_panic() {
    let mut rng = XorShift::new(0x5eed_0003);
    for _ in 0..2000 {
        let len = rng.below(12) as usize;
        let register: Vec<Operation<RegisterInput, RegisterOutput>> = (0..len)
            .map(|_| {
                let input = match rng.below(3) {
                    0 => RegisterInput::Read,
                    1 => RegisterInput::Write(rng.below(3) as i64),
                    _ => RegisterInput::Cas {
                        expected: rng.below(3) as i64,
                        new: rng.below(3) as i64,
                    },
                };
                let output = match rng.below(5) {
                    0 => None,
                    1 => Some(RegisterOutput::Read(Some(rng.below(3) as i64))),
                    2 => Some(RegisterOutput::Read(None)),
                    3 => Some(RegisterOutput::Write),
                    _ => Some(RegisterOutput::Cas {
                        succeeded: rng.chance(50),
                    }),
                };
                Operation {
                    client_id: rng.next_u64(),
                    input,
                    output,
                    call_time: wild_time(&mut rng),
                    return_time: if rng.chance(20) {
                        None
                    } else {
                        Some(wild_time(&mut rng))
                    },
                }
            })
            .collect();
        let _ = check(&RegisterModel, &register, FUZZ_BUDGET);

        let kv: Vec<Operation<KvInput, KvOutput>> = register
            .iter()
            .map(|op| Operation {
                client_id: op.client_id,
                input: KvInput {
                    key: ["", "a", "é"][rng.below(3) as usize].to_string(),
                    op: match rng.below(5) {
                        0 => KvOp::Get,
                        1 => KvOp::Put("p".into()),
                        2 => KvOp::Set(String::new()),
                        3 => KvOp::Append("x".into()),
                        _ => KvOp::Delete,
                    },
                },
                output: op.output.as_ref().map(|_| match rng.below(3) {
                    0 => KvOutput::Done,
                    1 => KvOutput::Value(None),
                    _ => KvOutput::Value(Some("x".into())),
                }),
                call_time: op.call_time,
                return_time: op.return_time,
            })
            .collect();
        let _ = check(&KvModel::strict(), &kv, FUZZ_BUDGET);
    }
}
