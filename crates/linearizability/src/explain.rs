//! Turns a failed search into a [`Violation`] a person can read.

use std::fmt::Write;

use crate::model::{Model, Partition};
use crate::operation::Operation;
use crate::verdict::Violation;

/// How many operations at the end of the longest prefix are shown.
const PREFIX_TAIL_SHOWN: usize = 3;

/// How many operations concurrent with the stuck one are shown.
const CONCURRENT_SHOWN: usize = 8;

/// Describes why `partition` is not linearizable, from the longest prefix the search found
/// (`longest_prefix` holds positions in `partition.operations`) and the state after it.
pub(crate) fn explain_violation<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    partition: &Partition,
    longest_prefix: &[usize],
    state_after_prefix: &M::State,
) -> Violation {
    let ops = &partition.operations;
    let global = |position: usize| ops[position];
    let mut in_prefix = vec![false; ops.len()];
    for &position in longest_prefix {
        in_prefix[position] = true;
    }
    let remaining: Vec<usize> = (0..ops.len()).filter(|&p| !in_prefix[p]).collect();

    // The operation whose return the search could not get past: the earliest known return
    // among the operations left after the prefix (ties in list order: by position).
    let stuck = remaining
        .iter()
        .filter_map(|&p| history[global(p)].known_return_time().map(|t| (t, p)))
        .min()
        .map(|(_, p)| p)
        .or_else(|| remaining.first().copied());
    let Some(stuck) = stuck else {
        // Unreachable for a real failure (something must be left); stay total anyway.
        return Violation {
            partition: partition.label.clone(),
            operations: Vec::new(),
            longest_prefix: longest_prefix.iter().map(|&p| global(p)).collect(),
            stuck_operation: ops.first().copied().unwrap_or(0),
            explanation: format!("{}: not linearizable", partition.label),
        };
    };
    let deadline = history[global(stuck)]
        .known_return_time()
        .unwrap_or(u64::MAX);
    let mut concurrent: Vec<usize> = remaining
        .iter()
        .copied()
        .filter(|&p| p != stuck && history[global(p)].call_time <= deadline)
        .collect();
    concurrent.sort_by_key(|&p| (history[global(p)].call_time, p));
    let prefix_tail = &longest_prefix[longest_prefix.len().saturating_sub(PREFIX_TAIL_SHOWN)..];

    let describe = |position: usize| describe_operation(model, history, global(position));
    let mut text = String::new();
    let _ = write!(
        text,
        "{}: the longest linearizable prefix found has {} of its {} operations and leaves the \
         state at {}. After it, no order lets this operation take effect before it returns:\n  {}",
        partition.label,
        longest_prefix.len(),
        ops.len(),
        model.describe_state(state_after_prefix),
        describe(stuck),
    );
    if concurrent.is_empty() {
        text.push_str("\nno other operation left was called before it returned.");
    } else {
        text.push_str("\neven after any of the operations concurrent with it:");
        for &position in concurrent.iter().take(CONCURRENT_SHOWN) {
            let _ = write!(text, "\n  {}", describe(position));
        }
        if concurrent.len() > CONCURRENT_SHOWN {
            let _ = write!(
                text,
                "\n  ... and {} more",
                concurrent.len() - CONCURRENT_SHOWN
            );
        }
    }
    if !prefix_tail.is_empty() {
        text.push_str("\nThe prefix ends with:");
        for &position in prefix_tail {
            let _ = write!(text, "\n  {}", describe(position));
        }
    }

    let mut involved: Vec<usize> = prefix_tail.iter().map(|&p| global(p)).collect();
    involved.push(global(stuck));
    involved.extend(concurrent.iter().take(CONCURRENT_SHOWN).map(|&p| global(p)));
    Violation {
        partition: partition.label.clone(),
        operations: involved,
        longest_prefix: longest_prefix.iter().map(|&p| global(p)).collect(),
        stuck_operation: global(stuck),
        explanation: text,
    }
}

/// `#INDEX client C: DESCRIPTION (called at T, returned at T')`.
fn describe_operation<M: Model>(
    model: &M,
    history: &[Operation<M::Input, M::Output>],
    index: usize,
) -> String {
    let operation = &history[index];
    let timing = match operation.known_return_time() {
        Some(return_time) => format!(
            "called at {}, returned at {return_time}",
            operation.call_time
        ),
        None => format!("called at {}, outcome unknown", operation.call_time),
    };
    format!(
        "#{index} client {}: {} ({timing})",
        operation.client_id,
        model.describe_operation(&operation.input, operation.output.as_ref()),
    )
}
