//! The entry point: validate a history, split it into partitions, search each one.

use crate::budget::Budget;
use crate::error::Error;
use crate::explain::explain_violation;
use crate::model::{Model, Partition};
use crate::operation::Operation;
use crate::search::{search_partition, SearchOutcome};
use crate::verdict::Verdict;

/// Checks whether `history` is linearizable with respect to `model`.
///
/// The history is validated first (a return before its call, an output without a return, or a
/// pair the model's [`Model::validate`] rejects gives an [`Error`]), then split with
/// [`Model::partition`]. Partitions are searched smallest first with one shared [`Budget`]:
/// the first partition found not linearizable decides the verdict; otherwise, if any
/// partition ran out of budget, the verdict is [`Verdict::Unknown`].
///
/// The result is deterministic: the same inputs always give the same verdict and explanation.
pub fn check<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    budget: Budget,
) -> Result<Verdict, Error> {
    validate_history(model, history)?;
    let mut partitions = model.partition(history);
    validate_partitions(&partitions, history.len())?;
    // Smallest first, so a hard partition cannot use up the budget of the easy ones.
    partitions.sort_by_key(|partition| partition.operations.len());

    let mut steps_left = budget.max_steps;
    let mut first_unknown: Option<String> = None;
    for partition in &partitions {
        match search_partition(model, history, &partition.operations, &mut steps_left) {
            SearchOutcome::Linearizable => {}
            SearchOutcome::NotLinearizable {
                longest_prefix,
                state_after_prefix,
            } => {
                return Ok(Verdict::NotLinearizable(explain_violation(
                    model,
                    history,
                    partition,
                    &longest_prefix,
                    &state_after_prefix,
                )));
            }
            SearchOutcome::OutOfBudget => {
                first_unknown.get_or_insert_with(|| partition.label.clone());
            }
        }
    }
    Ok(match first_unknown {
        None => Verdict::Linearizable,
        Some(partition) => Verdict::Unknown {
            partition,
            max_steps: budget.max_steps,
        },
    })
}

pub(crate) fn validate_history<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
) -> Result<(), Error> {
    for (index, operation) in history.iter().enumerate() {
        let invalid = |reason: String| Error::InvalidOperation { index, reason };
        let never_returned = matches!(operation.return_time, None | Some(u64::MAX));
        if let Some(return_time) = operation.return_time {
            if return_time < operation.call_time {
                return Err(invalid(format!(
                    "returns at {return_time}, before its call at {}",
                    operation.call_time
                )));
            }
        }
        if never_returned && operation.output.is_some() {
            return Err(invalid(
                "has an output but never returned (give it a return time, or no output)"
                    .to_string(),
            ));
        }
        model
            .validate(&operation.input, operation.output.as_ref())
            .map_err(invalid)?;
    }
    Ok(())
}

fn validate_partitions(partitions: &[Partition], history_len: usize) -> Result<(), Error> {
    let mut used = vec![false; history_len];
    for partition in partitions {
        for &index in &partition.operations {
            match used.get_mut(index) {
                None => {
                    return Err(Error::InvalidPartition {
                        reason: format!(
                            "{} names operation #{index}, but the history has {history_len}",
                            partition.label
                        ),
                    })
                }
                Some(true) => {
                    return Err(Error::InvalidPartition {
                        reason: format!("operation #{index} is in more than one partition"),
                    })
                }
                Some(slot) => *slot = true,
            }
        }
    }
    Ok(())
}
