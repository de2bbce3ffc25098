//! The search agrees with the definition of linearizability, checked by brute force on many
//! small random histories: try every order of the operations that respects real time (an
//! operation that returned before another was called comes first), with each operation of
//! unknown outcome either placed anywhere after its call or left out.

mod common;

use std::collections::BTreeMap;

use common::XorShift;
use raft_linearizability::{
    check, Budget, KvInput, KvModel, KvOp, KvOutput, Model, Operation, RegisterInput,
    RegisterModel, RegisterOutput,
};

/// Whether `history` has a legal linearization, by exhaustive search. `step` applies one
/// operation to the whole state (for the key-value store: the map of every key), so this
/// also checks that splitting by key is sound.
fn brute_force<I, O, S, F>(
    history: &[Operation<I, O>],
    state: &S,
    placed: &mut [bool],
    step: &F,
) -> bool
where
    F: Fn(&S, &Operation<I, O>) -> Option<S>,
{
    let all_known_placed = history
        .iter()
        .zip(placed.iter())
        .all(|(op, &placed)| placed || op.is_pending());
    if all_known_placed {
        return true;
    }
    for next in 0..history.len() {
        if placed[next] {
            continue;
        }
        // `next` may go now only if no unplaced operation returned before it was called.
        let blocked = (0..history.len()).any(|other| {
            other != next
                && !placed[other]
                && history[other]
                    .known_return_time()
                    .is_some_and(|returned| returned < history[next].call_time)
        });
        if blocked {
            continue;
        }
        if let Some(after) = step(state, &history[next]) {
            placed[next] = true;
            if brute_force(history, &after, placed, step) {
                placed[next] = false;
                return true;
            }
            placed[next] = false;
        }
    }
    false
}

/// Call and return times in a small window, so operations overlap often; some outcomes
/// unknown.
fn random_timing(rng: &mut XorShift) -> (u64, Option<u64>, bool) {
    let call = rng.below(20);
    let unknown = rng.chance(15);
    let ret = if unknown && rng.chance(50) {
        None
    } else {
        Some(call + rng.below(8))
    };
    (call, ret, unknown)
}

#[test]
fn register_search_matches_brute_force() {
    let mut rng = XorShift::new(0xbeef_0001);
    let mut counts = [0usize; 2];
    for case in 0..3000 {
        let len = 1 + rng.below(7) as usize;
        let history: Vec<Operation<RegisterInput, RegisterOutput>> = (0..len)
            .map(|client| {
                let (call_time, return_time, unknown) = random_timing(&mut rng);
                let value = |rng: &mut XorShift| rng.below(3) as i64;
                let (input, output) = match rng.below(3) {
                    0 => {
                        let seen = if rng.chance(25) {
                            None
                        } else {
                            Some(value(&mut rng))
                        };
                        (RegisterInput::Read, RegisterOutput::Read(seen))
                    }
                    1 => (RegisterInput::Write(value(&mut rng)), RegisterOutput::Write),
                    _ => (
                        RegisterInput::Cas {
                            expected: value(&mut rng),
                            new: value(&mut rng),
                        },
                        RegisterOutput::Cas {
                            succeeded: rng.chance(50),
                        },
                    ),
                };
                Operation {
                    client_id: client as u64,
                    input,
                    output: (!unknown).then_some(output),
                    call_time,
                    return_time,
                }
            })
            .collect();
        let step = |state: &Option<i64>, op: &Operation<RegisterInput, RegisterOutput>| {
            RegisterModel.step(state, &op.input, op.output.as_ref())
        };
        let expected = brute_force(&history, &None, &mut vec![false; len], &step);
        let verdict = check(&RegisterModel, &history, Budget::unlimited()).unwrap();
        assert_eq!(
            verdict.is_linearizable(),
            expected,
            "case {case}: {history:#?}\n{verdict}"
        );
        assert!(!verdict.is_unknown());
        counts[usize::from(expected)] += 1;
    }
    assert!(
        counts[0] > 300 && counts[1] > 300,
        "{counts:?} (not linearizable, linearizable)"
    );
}

#[test]
fn kv_search_with_key_partitions_matches_whole_history_brute_force() {
    let mut rng = XorShift::new(0xbeef_0002);
    let mut counts = [0usize; 2];
    let model = KvModel::strict();
    for case in 0..3000 {
        let len = 1 + rng.below(7) as usize;
        let history: Vec<Operation<KvInput, KvOutput>> = (0..len)
            .map(|client| {
                let (call_time, return_time, unknown) = random_timing(&mut rng);
                let key = ["a", "b"][rng.below(2) as usize].to_string();
                let text = ["x", "y"][rng.below(2) as usize].to_string();
                let (op, output) = match rng.below(5) {
                    0 | 1 => {
                        let seen = match rng.below(5) {
                            0 => None,
                            1 => Some("x".to_string()),
                            2 => Some("xy".to_string()),
                            3 => Some("y".to_string()),
                            _ => Some("yx".to_string()),
                        };
                        (KvOp::Get, KvOutput::Value(seen))
                    }
                    2 => (KvOp::Put(text), KvOutput::Done),
                    3 => (KvOp::Append(text), KvOutput::Done),
                    _ => (KvOp::Delete, KvOutput::Done),
                };
                Operation {
                    client_id: client as u64,
                    input: KvInput { key, op },
                    output: (!unknown).then_some(output),
                    call_time,
                    return_time,
                }
            })
            .collect();
        let step = |store: &BTreeMap<String, String>, op: &Operation<KvInput, KvOutput>| {
            let before = store.get(&op.input.key).cloned();
            let after = model.step(&before, &op.input, op.output.as_ref())?;
            let mut store = store.clone();
            match after {
                Some(value) => store.insert(op.input.key.clone(), value),
                None => store.remove(&op.input.key),
            };
            Some(store)
        };
        let expected = brute_force(&history, &BTreeMap::new(), &mut vec![false; len], &step);
        let verdict = check(&model, &history, Budget::unlimited()).unwrap();
        assert_eq!(
            verdict.is_linearizable(),
            expected,
            "case {case}: {history:#?}\n{verdict}"
        );
        counts[usize::from(expected)] += 1;
    }
    assert!(
        counts[0] > 300 && counts[1] > 300,
        "{counts:?} (not linearizable, linearizable)"
    );
}
