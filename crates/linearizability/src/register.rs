//! A single read/write/compare-and-set register (the model of Jepsen's etcd test).

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// An operation on the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterInput {
    /// Reads the value.
    Read,
    /// Sets the value.
    Write(i64),
    /// Sets the value to `new` if it is `expected`.
    Cas {
        /// The value the register must hold.
        expected: i64,
        /// The value it then takes.
        new: i64,
    },
}

/// What a register operation returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterOutput {
    /// The value read (`None`: never written).
    Read(Option<i64>),
    /// The write took effect.
    Write,
    /// Whether the compare matched and the value was set. A cas that reported a mismatch did
    /// take effect, as a read that saw another value.
    Cas {
        /// `true` if the value was swapped.
        succeeded: bool,
    },
}

/// A register holding an `i64`, initially empty (`None`, Jepsen's `nil`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegisterModel;

impl Model for RegisterModel {
    type State = Option<i64>;
    type Input = RegisterInput;
    type Output = RegisterOutput;

    fn init(&self) -> Option<i64> {
        None
    }

    fn step(
        &self,
        state: &Option<i64>,
        input: &RegisterInput,
        output: Option<&RegisterOutput>,
    ) -> Option<Option<i64>> {
        match (input, output) {
            (RegisterInput::Read, None) => Some(*state),
            (RegisterInput::Read, Some(RegisterOutput::Read(value))) => {
                (value == state).then_some(*state)
            }
            (RegisterInput::Write(value), None | Some(RegisterOutput::Write)) => Some(Some(*value)),
            (RegisterInput::Cas { expected, new }, output) => {
                let matches = *state == Some(*expected);
                let next = if matches { Some(*new) } else { *state };
                match output {
                    None => Some(next),
                    Some(RegisterOutput::Cas { succeeded }) => {
                        (*succeeded == matches).then_some(next)
                    }
                    Some(_) => None,
                }
            }
            _ => None,
        }
    }

    fn validate(
        &self,
        input: &RegisterInput,
        output: Option<&RegisterOutput>,
    ) -> Result<(), String> {
        match (input, output) {
            (_, None)
            | (RegisterInput::Read, Some(RegisterOutput::Read(_)))
            | (RegisterInput::Write(_), Some(RegisterOutput::Write))
            | (RegisterInput::Cas { .. }, Some(RegisterOutput::Cas { .. })) => Ok(()),
            _ => Err(format!("{input:?} cannot return {output:?}")),
        }
    }

    fn describe_operation(&self, input: &RegisterInput, output: Option<&RegisterOutput>) -> String {
        let call = match input {
            RegisterInput::Read => "read()".to_string(),
            RegisterInput::Write(value) => format!("write({value})"),
            RegisterInput::Cas { expected, new } => format!("cas({expected}, {new})"),
        };
        let result = match output {
            None => "?".to_string(),
            Some(RegisterOutput::Read(value)) => describe_value(value),
            Some(RegisterOutput::Write) => "ok".to_string(),
            Some(RegisterOutput::Cas { succeeded: true }) => "ok".to_string(),
            Some(RegisterOutput::Cas { succeeded: false }) => "mismatch".to_string(),
        };
        format!("{call} -> {result}")
    }

    fn describe_state(&self, state: &Option<i64>) -> String {
        describe_value(state)
    }
}

fn describe_value(value: &Option<i64>) -> String {
    match value {
        Some(value) => value.to_string(),
        None => "nil".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_succeeds_only_on_a_match_and_a_mismatch_leaves_the_value() {
        let model = RegisterModel;
        let cas = RegisterInput::Cas {
            expected: 1,
            new: 2,
        };
        let ok = RegisterOutput::Cas { succeeded: true };
        let mismatch = RegisterOutput::Cas { succeeded: false };
        assert_eq!(model.step(&Some(1), &cas, Some(&ok)), Some(Some(2)));
        assert_eq!(model.step(&Some(3), &cas, Some(&ok)), None);
        assert_eq!(model.step(&Some(3), &cas, Some(&mismatch)), Some(Some(3)));
        assert_eq!(model.step(&Some(1), &cas, Some(&mismatch)), None);
        assert_eq!(model.step(&None, &cas, None), Some(None));
    }

    #[test]
    fn reads_must_see_the_value_and_unknown_reads_see_anything() {
        let model = RegisterModel;
        let read = RegisterInput::Read;
        assert_eq!(
            model.step(&None, &read, Some(&RegisterOutput::Read(None))),
            Some(None)
        );
        assert_eq!(
            model.step(&Some(4), &read, Some(&RegisterOutput::Read(None))),
            None
        );
        assert_eq!(model.step(&Some(4), &read, None), Some(Some(4)));
        assert!(model.validate(&read, Some(&RegisterOutput::Write)).is_err());
    }
}
