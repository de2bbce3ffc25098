//! A key-value store with get / put (= set) / append / delete, checked one key at a time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Model, Partition};
use crate::operation::Operation;

/// An operation on one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvInput {
    /// The key operated on; operations on different keys are independent.
    pub key: String,
    /// What is done to it.
    pub op: KvOp,
}

/// What a [`KvInput`] does to its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KvOp {
    /// Reads the value.
    Get,
    /// Replaces the value.
    Put(String),
    /// Replaces the value (the simulator's name for [`KvOp::Put`]; same behaviour).
    Set(String),
    /// Appends to the value (an absent key is treated as empty).
    Append(String),
    /// Removes the key.
    Delete,
}

/// What a key-value operation returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KvOutput {
    /// A get's answer: the value, or `None` if the key is absent.
    Value(Option<String>),
    /// A put, set, append or delete took effect.
    Done,
}

/// The key-value model. The state of one partition is the value of its key (`None`: absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KvModel {
    /// If `true`, an absent key and an empty value are indistinguishable to a get (as in the
    /// MIT course's service, whose `Get` returns `""` for a missing key, and in the `kv`
    /// corpus). If `false`, a get of an absent key must return `None`.
    pub absent_reads_as_empty: bool,
}

impl KvModel {
    /// Absent and empty are different: a get of an absent key returns `None`.
    pub fn strict() -> Self {
        KvModel {
            absent_reads_as_empty: false,
        }
    }

    /// A get of an absent key may return `""` (and a get of `""` may see an absent key).
    pub fn absent_reads_as_empty() -> Self {
        KvModel {
            absent_reads_as_empty: true,
        }
    }

    fn read_matches(&self, state: &Option<String>, read: &Option<String>) -> bool {
        if self.absent_reads_as_empty {
            state.as_deref().unwrap_or("") == read.as_deref().unwrap_or("")
        } else {
            state == read
        }
    }
}

impl Model for KvModel {
    type State = Option<String>;
    type Input = KvInput;
    type Output = KvOutput;

    fn init(&self) -> Option<String> {
        None
    }

    fn step(
        &self,
        state: &Option<String>,
        input: &KvInput,
        output: Option<&KvOutput>,
    ) -> Option<Option<String>> {
        match (&input.op, output) {
            (KvOp::Get, None) => Some(state.clone()),
            (KvOp::Get, Some(KvOutput::Value(read))) => {
                self.read_matches(state, read).then(|| state.clone())
            }
            (KvOp::Put(value) | KvOp::Set(value), None | Some(KvOutput::Done)) => {
                Some(Some(value.clone()))
            }
            (KvOp::Append(suffix), None | Some(KvOutput::Done)) => {
                let mut value = state.clone().unwrap_or_default();
                value.push_str(suffix);
                Some(Some(value))
            }
            (KvOp::Delete, None | Some(KvOutput::Done)) => Some(None),
            _ => None,
        }
    }

    /// One partition per key, in key order.
    fn partition(&self, history: &[Operation<KvInput, KvOutput>]) -> Vec<Partition> {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, operation) in history.iter().enumerate() {
            by_key
                .entry(operation.input.key.as_str())
                .or_default()
                .push(index);
        }
        by_key
            .into_iter()
            .map(|(key, operations)| Partition {
                label: format!("key {key:?}"),
                operations,
            })
            .collect()
    }

    fn validate(&self, input: &KvInput, output: Option<&KvOutput>) -> Result<(), String> {
        match (&input.op, output) {
            (_, None) | (KvOp::Get, Some(KvOutput::Value(_))) => Ok(()),
            (KvOp::Get, Some(KvOutput::Done)) => Err("a get must return a value".to_string()),
            (_, Some(KvOutput::Value(_))) => Err(format!("{:?} cannot return a value", input.op)),
            (_, Some(KvOutput::Done)) => Ok(()),
        }
    }

    fn describe_operation(&self, input: &KvInput, output: Option<&KvOutput>) -> String {
        let key = &input.key;
        let call = match &input.op {
            KvOp::Get => format!("get({key:?})"),
            KvOp::Put(value) => format!("put({key:?}, {value:?})"),
            KvOp::Set(value) => format!("set({key:?}, {value:?})"),
            KvOp::Append(value) => format!("append({key:?}, {value:?})"),
            KvOp::Delete => format!("delete({key:?})"),
        };
        let result = match output {
            None => "?".to_string(),
            Some(KvOutput::Value(value)) => describe_value(value),
            Some(KvOutput::Done) => "ok".to_string(),
        };
        format!("{call} -> {result}")
    }

    fn describe_state(&self, state: &Option<String>) -> String {
        describe_value(state)
    }
}

fn describe_value(value: &Option<String>) -> String {
    match value {
        Some(value) => format!("{value:?}"),
        None => "(absent)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(op: KvOp) -> KvInput {
        KvInput {
            key: "k".to_string(),
            op,
        }
    }

    #[test]
    fn append_to_absent_starts_empty_and_delete_removes() {
        let model = KvModel::strict();
        let appended = model.step(
            &None,
            &input(KvOp::Append("ab".into())),
            Some(&KvOutput::Done),
        );
        assert_eq!(appended, Some(Some("ab".to_string())));
        let set = model.step(&appended.unwrap(), &input(KvOp::Set("x".into())), None);
        assert_eq!(set, Some(Some("x".to_string())));
        assert_eq!(
            model.step(&set.unwrap(), &input(KvOp::Delete), None),
            Some(None)
        );
    }

    #[test]
    fn strict_model_tells_absent_from_empty_and_lenient_does_not() {
        let empty = KvOutput::Value(Some(String::new()));
        assert_eq!(
            KvModel::strict().step(&None, &input(KvOp::Get), Some(&empty)),
            None
        );
        assert_eq!(
            KvModel::absent_reads_as_empty().step(&None, &input(KvOp::Get), Some(&empty)),
            Some(None)
        );
    }

    #[test]
    fn partitions_by_key() {
        let history = vec![
            Operation::pending(
                1,
                KvInput {
                    key: "b".into(),
                    op: KvOp::Get,
                },
                0,
            ),
            Operation::pending(
                1,
                KvInput {
                    key: "a".into(),
                    op: KvOp::Get,
                },
                1,
            ),
            Operation::pending(
                2,
                KvInput {
                    key: "b".into(),
                    op: KvOp::Delete,
                },
                2,
            ),
        ];
        let partitions = KvModel::strict().partition(&history);
        assert_eq!(partitions.len(), 2);
        assert_eq!(partitions[0].label, "key \"a\"");
        assert_eq!(partitions[1].operations, vec![0, 2]);
    }
}
