//! Small hand-made histories whose verdict is known by reasoning: each test states the
//! situation it models (Herlihy & Wing's definition: every operation takes effect at one
//! instant between its call and its return).

use raft_linearizability::{
    check, Budget, Error, KvInput, KvModel, KvOp, KvOutput, Model, Operation, Partition,
    RegisterInput as In, RegisterModel, RegisterOutput as Out, Verdict,
};

type RegisterOp = Operation<In, Out>;

fn ok(client: u64, input: In, output: Out, call: u64, ret: u64) -> RegisterOp {
    Operation::returned(client, input, output, call, ret)
}

fn read(client: u64, value: Option<i64>, call: u64, ret: u64) -> RegisterOp {
    ok(client, In::Read, Out::Read(value), call, ret)
}

fn write(client: u64, value: i64, call: u64, ret: u64) -> RegisterOp {
    ok(client, In::Write(value), Out::Write, call, ret)
}

fn cas(client: u64, expected: i64, new: i64, succeeded: bool, call: u64, ret: u64) -> RegisterOp {
    ok(
        client,
        In::Cas { expected, new },
        Out::Cas { succeeded },
        call,
        ret,
    )
}

fn verdict(history: &[RegisterOp]) -> Verdict {
    check(&RegisterModel, history, Budget::default()).expect("valid history")
}

#[test]
fn an_empty_history_is_linearizable() {
    assert!(verdict(&[]).is_linearizable());
}

#[test]
fn concurrent_writes_may_take_effect_in_either_order() {
    let writes = [write(1, 1, 0, 10), write(2, 2, 0, 10)];
    for seen in [1, 2] {
        let mut history = writes.to_vec();
        history.push(read(3, Some(seen), 20, 30));
        assert!(
            verdict(&history).is_linearizable(),
            "a later read of {seen}"
        );
    }
    let mut history = writes.to_vec();
    history.push(read(3, None, 20, 30));
    assert!(
        verdict(&history).is_not_linearizable(),
        "both writes finished before the read"
    );
    // Two reads after both writes must agree on which came last.
    let mut history = writes.to_vec();
    history.extend([read(3, Some(1), 20, 30), read(4, Some(2), 40, 50)]);
    assert!(verdict(&history).is_not_linearizable());
}

#[test]
fn a_stale_read_after_a_completed_write_is_not_linearizable_and_is_explained() {
    let history = [
        write(1, 1, 0, 10),
        write(1, 2, 20, 30),
        read(2, Some(1), 40, 50),
    ];
    let Verdict::NotLinearizable(violation) = verdict(&history) else {
        panic!("stale read accepted");
    };
    assert_eq!(violation.stuck_operation, 2, "the read cannot be placed");
    assert_eq!(violation.longest_prefix, vec![0, 1]);
    assert_eq!(violation.operations, vec![0, 1, 2]);
    assert!(
        violation.explanation.contains("read() -> 1"),
        "{}",
        violation.explanation
    );
    assert!(
        violation.explanation.contains("state at 2"),
        "{}",
        violation.explanation
    );
    // The same read overlapping the second write is fine: it may take effect before it.
    let history = [
        write(1, 1, 0, 10),
        write(1, 2, 20, 30),
        read(2, Some(1), 25, 50),
    ];
    assert!(verdict(&history).is_linearizable());
}

#[test]
fn a_call_at_the_instant_of_another_return_overlaps_it() {
    assert!(verdict(&[write(1, 1, 0, 10), read(2, None, 10, 20)]).is_linearizable());
    assert!(verdict(&[write(1, 1, 0, 10), read(2, None, 11, 20)]).is_not_linearizable());
}

#[test]
fn a_write_of_unknown_outcome_may_happen_late_or_never_but_only_once() {
    let unknown_write = Operation::pending(1, In::Write(1), 0);
    let with = |reads: &[RegisterOp]| {
        let mut history = vec![unknown_write.clone()];
        history.extend_from_slice(reads);
        verdict(&history)
    };
    assert!(with(&[read(2, None, 10, 20)]).is_linearizable(), "not yet");
    assert!(with(&[read(2, None, 10, 20), read(2, Some(1), 1000, 1010)]).is_linearizable());
    assert!(
        with(&[read(2, None, 1000, 1010)]).is_linearizable(),
        "never"
    );
    assert!(
        with(&[read(2, Some(1), 10, 20), read(2, None, 30, 40)]).is_not_linearizable(),
        "once visible, it cannot be undone"
    );
    // It cannot take effect before its call.
    let history = [
        read(2, Some(1), 0, 5),
        Operation::pending(1, In::Write(1), 10),
    ];
    assert!(verdict(&history).is_not_linearizable());
}

#[test]
fn timed_out_and_never_returned_forms_are_all_unknown_outcomes() {
    let timed_out = Operation {
        client_id: 1,
        input: In::Write(1),
        output: None,
        call_time: 0,
        return_time: Some(5),
    };
    let max_return = Operation {
        return_time: Some(u64::MAX),
        ..timed_out.clone()
    };
    for unknown in [timed_out, max_return] {
        assert!(unknown.is_pending());
        // Takes effect after its timeout, between the two reads.
        let history = [unknown, read(2, None, 10, 20), read(2, Some(1), 30, 40)];
        assert!(verdict(&history).is_linearizable());
    }
}

#[test]
fn cas_succeeds_only_against_the_current_value() {
    let base = [write(1, 1, 0, 10), cas(2, 1, 2, true, 20, 30)];
    let with = |tail: &[RegisterOp]| {
        let mut history = base.to_vec();
        history.extend_from_slice(tail);
        verdict(&history)
    };
    assert!(with(&[read(3, Some(2), 40, 50)]).is_linearizable());
    assert!(with(&[read(3, Some(1), 40, 50)]).is_not_linearizable());
    assert!(
        with(&[cas(3, 1, 3, false, 40, 50)]).is_linearizable(),
        "mismatch reported"
    );
    assert!(
        with(&[cas(3, 1, 3, true, 40, 50)]).is_not_linearizable(),
        "value is 2"
    );
    // Two concurrent cas(1, x) cannot both succeed.
    let history = [
        write(1, 1, 0, 10),
        cas(2, 1, 2, true, 20, 30),
        cas(3, 1, 3, true, 20, 30),
    ];
    assert!(verdict(&history).is_not_linearizable());
    // A cas of unknown outcome may have swapped the value.
    let history = [
        write(1, 1, 0, 10),
        Operation::pending(
            2,
            In::Cas {
                expected: 1,
                new: 5,
            },
            20,
        ),
        read(3, Some(5), 40, 50),
    ];
    assert!(verdict(&history).is_linearizable());
}

fn kv(
    client: u64,
    key: &str,
    op: KvOp,
    output: KvOutput,
    call: u64,
    ret: u64,
) -> Operation<KvInput, KvOutput> {
    Operation::returned(
        client,
        KvInput {
            key: key.to_string(),
            op,
        },
        output,
        call,
        ret,
    )
}

fn value(text: &str) -> KvOutput {
    KvOutput::Value(Some(text.to_string()))
}

#[test]
fn kv_appends_concatenate_in_linearization_order_per_key() {
    let model = KvModel::strict();
    let history = [
        kv(1, "a", KvOp::Append("x".into()), KvOutput::Done, 0, 10),
        kv(2, "a", KvOp::Append("y".into()), KvOutput::Done, 0, 10),
        kv(3, "b", KvOp::Set("z".into()), KvOutput::Done, 0, 10),
        kv(3, "a", KvOp::Get, value("yx"), 20, 30),
        kv(1, "b", KvOp::Get, value("z"), 20, 30),
    ];
    assert!(check(&model, &history, Budget::default())
        .unwrap()
        .is_linearizable());

    let mut bad = history.to_vec();
    bad.push(kv(2, "b", KvOp::Get, value("zz"), 40, 50));
    let Verdict::NotLinearizable(violation) = check(&model, &bad, Budget::default()).unwrap()
    else {
        panic!("get of a value never written accepted");
    };
    assert_eq!(violation.partition, "key \"b\"");
    assert_eq!(violation.stuck_operation, 5);
}

#[test]
fn kv_delete_put_and_absent_keys() {
    let history = [
        kv(1, "k", KvOp::Put("v".into()), KvOutput::Done, 0, 10),
        kv(1, "k", KvOp::Delete, KvOutput::Done, 20, 30),
        kv(2, "k", KvOp::Get, KvOutput::Value(None), 40, 50),
    ];
    assert!(check(&KvModel::strict(), &history, Budget::default())
        .unwrap()
        .is_linearizable());
    let mut empty_read = history.to_vec();
    empty_read[2].output = Some(value(""));
    assert!(check(&KvModel::strict(), &empty_read, Budget::default())
        .unwrap()
        .is_not_linearizable());
    assert!(check(
        &KvModel::absent_reads_as_empty(),
        &empty_read,
        Budget::default()
    )
    .unwrap()
    .is_linearizable());
}

#[test]
fn a_tiny_budget_gives_unknown_not_a_wrong_answer() {
    // Ten concurrent writes and a read: linearizable, but needs more than one step.
    let mut history: Vec<RegisterOp> = (0..10).map(|i| write(i, i as i64, 0, 100)).collect();
    history.push(read(99, Some(0), 200, 300));
    let verdict = check(&RegisterModel, &history, Budget::steps(3)).unwrap();
    assert!(verdict.is_unknown(), "{verdict}");
    assert!(check(&RegisterModel, &history, Budget::unlimited())
        .unwrap()
        .is_linearizable());
}

#[test]
fn malformed_histories_are_errors_with_the_operation() {
    let backwards = [write(1, 1, 10, 5)];
    assert!(matches!(
        check(&RegisterModel, &backwards, Budget::default()),
        Err(Error::InvalidOperation { index: 0, .. })
    ));
    let output_without_return = [Operation {
        client_id: 1,
        input: In::Read,
        output: Some(Out::Read(None)),
        call_time: 0,
        return_time: None,
    }];
    assert!(check(&RegisterModel, &output_without_return, Budget::default()).is_err());
    let mismatched = [ok(1, In::Write(1), Out::Read(Some(1)), 0, 1)];
    let error = check(&RegisterModel, &mismatched, Budget::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("linearizability: operation #0"),
        "{error}"
    );
}

/// A fetch-and-add counter whose `partition` is broken on purpose, to exercise the generic API.
struct Counter {
    bad_partition: bool,
}

impl Model for Counter {
    type State = i64;
    type Input = i64;
    type Output = i64;

    fn init(&self) -> i64 {
        0
    }

    fn step(&self, state: &i64, add: &i64, before: Option<&i64>) -> Option<i64> {
        match before {
            Some(before) if before != state => None,
            _ => Some(state + add),
        }
    }

    fn partition(&self, history: &[Operation<i64, i64>]) -> Vec<Partition> {
        let operations = if self.bad_partition {
            vec![0, history.len()]
        } else {
            (0..history.len()).collect()
        };
        vec![Partition {
            label: "counter".to_string(),
            operations,
        }]
    }
}

#[test]
fn a_custom_model_is_checked_and_a_bad_partition_is_an_error() {
    let history = [
        Operation::returned(1, 5, 0, 0, 10),
        Operation::returned(2, 1, 5, 0, 10),
        Operation::returned(3, 1, 7, 20, 30),
    ];
    let verdict = check(
        &Counter {
            bad_partition: false,
        },
        &history,
        Budget::default(),
    )
    .unwrap();
    assert!(verdict.is_not_linearizable(), "5 + 1 is 6, not 7");
    assert!(verdict.to_string().contains("counter"), "{verdict}");
    assert!(matches!(
        check(
            &Counter {
                bad_partition: true
            },
            &history,
            Budget::default()
        ),
        Err(Error::InvalidPartition { .. })
    ));
}
