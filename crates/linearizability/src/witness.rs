//! Checking with a witness: a proposed linearization (say, the order in which a replicated log
//! applied the operations) is verified in linear time, and the search runs only if it does not
//! explain the history. A verified witness proves the history linearizable; a wrong one proves
//! nothing, so the search decides.

use crate::budget::Budget;
use crate::checker::{check, validate_history};
use crate::error::Error;
use crate::model::Model;
use crate::operation::Operation;
use crate::verdict::Verdict;

/// Like [`check`], but first tries `witness`: indices into `history`, each at most once, in
/// the order the operations are supposed to have taken effect. Operations left out are taken
/// never to have happened. The witness is accepted if every operation with a known return is in
/// it, no operation in it comes after one that was called only after it returned, and the
/// model, stepping through it one partition at a time, gives every output the clients saw.
pub fn check_with_witness<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    witness: &[usize],
    budget: Budget,
) -> Result<Verdict, Error> {
    validate_history(model, history)?;
    if explains(model, history, witness) {
        return Ok(Verdict::Linearizable);
    }
    check(model, history, budget)
}

/// Whether `witness` is a linearization of `history`.
fn explains<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    witness: &[usize],
) -> bool {
    let partitions = model.partition(history);
    let mut partition_of = vec![None; history.len()];
    for (number, partition) in partitions.iter().enumerate() {
        for &index in &partition.operations {
            if let Some(slot) = partition_of.get_mut(index) {
                *slot = Some(number);
            }
        }
    }
    let mut states: Vec<M::State> = partitions.iter().map(|_| model.init()).collect();
    let mut placed = vec![false; history.len()];
    let mut latest_call = 0;
    for &index in witness {
        let Some(operation) = history.get(index) else {
            return false;
        };
        if std::mem::replace(&mut placed[index], true) {
            return false;
        }
        if operation
            .known_return_time()
            .is_some_and(|returned| returned < latest_call)
        {
            return false;
        }
        latest_call = latest_call.max(operation.call_time);
        if let Some(number) = partition_of[index] {
            match model.step(&states[number], &operation.input, operation.output.as_ref()) {
                Some(next) => states[number] = next,
                None => return false,
            }
        }
    }
    history
        .iter()
        .zip(&placed)
        .all(|(operation, &placed)| placed || operation.known_return_time().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RegisterInput, RegisterModel, RegisterOutput};

    fn write(
        client: u64,
        value: i64,
        call: u64,
        ret: u64,
    ) -> Operation<RegisterInput, RegisterOutput> {
        Operation::returned(
            client,
            RegisterInput::Write(value),
            RegisterOutput::Write,
            call,
            ret,
        )
    }

    fn read(
        client: u64,
        value: Option<i64>,
        call: u64,
        ret: u64,
    ) -> Operation<RegisterInput, RegisterOutput> {
        Operation::returned(
            client,
            RegisterInput::Read,
            RegisterOutput::Read(value),
            call,
            ret,
        )
    }

    #[test]
    fn a_right_witness_is_accepted() {
        // Two concurrent writes; the read sees the one taken to be second.
        let history = vec![
            write(1, 1, 0, 10),
            write(2, 2, 0, 10),
            read(3, Some(1), 20, 30),
        ];
        assert!(explains(&RegisterModel, &history, &[1, 0, 2]));
        assert!(!explains(&RegisterModel, &history, &[0, 1, 2]));
    }

    #[test]
    fn a_witness_against_real_time_or_missing_an_operation_is_refused() {
        let history = vec![
            write(1, 1, 0, 10),
            write(2, 2, 20, 30),
            read(3, Some(1), 40, 50),
        ];
        // Write 1 returned before write 2 was called, so it cannot come after it.
        assert!(!explains(&RegisterModel, &history, &[1, 0, 2]));
        assert!(!explains(&RegisterModel, &history, &[0, 2]));
        assert!(!explains(&RegisterModel, &history, &[0, 0, 2]));
        assert!(!explains(&RegisterModel, &history, &[0, 1, 2, 7]));
        let pending = vec![
            write(1, 1, 0, 10),
            Operation::pending(2, RegisterInput::Write(2), 5),
            read(3, Some(1), 40, 50),
        ];
        // A pending write may be left out, or placed where it changes nothing that was read.
        assert!(explains(&RegisterModel, &pending, &[0, 2]));
        assert!(explains(&RegisterModel, &pending, &[1, 0, 2]));
    }

    #[test]
    fn a_wrong_witness_falls_back_to_the_search() {
        let linearizable = vec![
            write(1, 1, 0, 10),
            write(2, 2, 0, 10),
            read(3, Some(1), 20, 30),
        ];
        let verdict =
            check_with_witness(&RegisterModel, &linearizable, &[0, 1, 2], Budget::default())
                .unwrap();
        assert!(verdict.is_linearizable());
        let stale = vec![
            write(1, 1, 0, 10),
            write(2, 2, 20, 30),
            read(3, Some(1), 40, 50),
        ];
        let verdict =
            check_with_witness(&RegisterModel, &stale, &[0, 2], Budget::default()).unwrap();
        assert!(verdict.is_not_linearizable());
    }
}
