//! Checks a simulation's client history for linearizability: every answered request must
//! have taken effect at one instant between its call and its answer, in an order that explains
//! every answer on a single key-value store. Unanswered requests may have taken effect at any
//! time after their call, or never. The check is raft-linearizability's, given the order in
//! which the cluster committed the requests as a witness: verifying it is linear, and the
//! (exponential) search runs only when the witness does not explain the history.

use crate::client::RequestRecord;
use crate::kv::{KvCommand, KvOutput};
use crate::simulation::Simulation;
use raft_linearizability::{
    check_with_witness, Budget, KvInput, KvModel, KvOp, Model, Operation, Verdict,
};
use std::collections::HashMap;

/// Model steps one history check may take when the witness fails (about a second of search in
/// a release build).
pub(crate) const HISTORY_CHECK_STEPS: u64 = 10_000_000;

/// Checks the history of every client request of `sim` (its
/// [`requests`](Simulation::requests)). Requests whose command does not parse are left out:
/// they apply as no-ops and change nothing.
pub(crate) fn check_history(sim: &Simulation, budget: Budget) -> Verdict {
    check_records(sim.requests(), &committed_requests(sim), budget)
}

/// Checks `requests`, trying first as the linearization the order `committed` (request ids in
/// log order, a request once per copy).
fn check_records(requests: &[RequestRecord], committed: &[u64], budget: Budget) -> Verdict {
    let mut position = HashMap::new();
    let history: Vec<Operation<KvInput, raft_linearizability::KvOutput>> = requests
        .iter()
        .filter_map(|record| {
            let operation = operation(record)?;
            position.insert(record.id, position.len());
            Some(operation)
        })
        .collect();
    let copies: Vec<usize> = committed
        .iter()
        .filter_map(|request| position.get(request).copied())
        .collect();
    let witness = witness(&history, &copies);
    check_with_witness(&KvModel::strict(), &history, &witness, budget)
        .expect("the simulated client's history is well formed")
}

/// Picks one copy of each operation from `copies` (history positions in log order): a write
/// takes effect at its first copy (later ones change nothing: client sessions); a read that a
/// retry put in the log twice was read at each copy, and the client kept one answer, so it is
/// placed at the first copy whose value is the one the client got (its last copy if none is).
fn witness(
    history: &[Operation<KvInput, raft_linearizability::KvOutput>],
    copies: &[usize],
) -> Vec<usize> {
    let model = KvModel::strict();
    let mut last_copy = HashMap::new();
    for (at, &operation) in copies.iter().enumerate() {
        last_copy.insert(operation, at);
    }
    let mut values: HashMap<&str, Option<String>> = HashMap::new();
    let mut placed = vec![false; history.len()];
    let mut order = Vec::with_capacity(history.len());
    for (at, &operation) in copies.iter().enumerate() {
        if placed[operation] {
            continue;
        }
        let op = &history[operation];
        let value = values.entry(op.input.key.as_str()).or_insert(None);
        let next = model.step(value, &op.input, op.output.as_ref());
        let is_read = op.input.op == KvOp::Get;
        if is_read && next.is_none() && last_copy[&operation] != at {
            continue;
        }
        if let Some(next) = next {
            *value = next;
        }
        placed[operation] = true;
        order.push(operation);
    }
    order
}

/// The requests in the order the cluster committed them, a request once per copy, read from
/// the running server that has committed the most.
fn committed_requests(sim: &Simulation) -> Vec<u64> {
    let furthest = (1..=sim.config().servers)
        .filter_map(|id| sim.server(id))
        .max_by_key(|server| server.commit_index());
    let Some(server) = furthest else {
        return Vec::new();
    };
    server
        .log()
        .iter()
        .take_while(|entry| entry.index <= server.commit_index())
        .filter_map(|entry| match &entry.payload {
            raft_core::EntryPayload::Command(command) => command.request(),
            raft_core::EntryPayload::Noop => None,
        })
        .map(|request| request.id)
        .collect()
}

fn operation(record: &RequestRecord) -> Option<Operation<KvInput, raft_linearizability::KvOutput>> {
    let input = input(KvCommand::parse(&record.command).ok()?);
    let answer = match (&record.output, record.return_time) {
        (Some(KvOutput::Error(_)), _) => return None,
        (Some(KvOutput::Ok), Some(at)) => Some((raft_linearizability::KvOutput::Done, at)),
        (Some(KvOutput::Value(value)), Some(at)) => {
            Some((raft_linearizability::KvOutput::Value(value.clone()), at))
        }
        _ => None,
    };
    Some(match answer {
        Some((output, at)) => Operation::returned(record.id, input, output, record.call_time, at),
        None => Operation::pending(record.id, input, record.call_time),
    })
}

fn input(command: KvCommand<'_>) -> KvInput {
    let (key, op) = match command {
        KvCommand::Set { key, value } => (key, KvOp::Set(value.to_string())),
        KvCommand::Get { key } => (key, KvOp::Get),
        KvCommand::Append { key, value } => (key, KvOp::Append(value.to_string())),
        KvCommand::Delete { key } => (key, KvOp::Delete),
    };
    KvInput {
        key: key.to_string(),
        op,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::SharedCommand;
    use raft_core::{ClientRequest, Command};

    fn record(
        id: u64,
        command: &str,
        output: Option<KvOutput>,
        call: u64,
        ret: u64,
    ) -> RequestRecord {
        let request = ClientRequest {
            id,
            answered_below: 1,
        };
        RequestRecord {
            id,
            command: SharedCommand(Command::for_request(command, request)),
            call_time: call,
            return_time: output.is_some().then_some(ret),
            output,
            answered_by: None,
        }
    }

    #[test]
    fn a_read_that_misses_an_earlier_append_is_not_linearizable() {
        let records = [
            record(1, "set k a", Some(KvOutput::Ok), 0, 10),
            record(2, "append k b", Some(KvOutput::Ok), 20, 30),
            record(3, "get k", Some(KvOutput::Value(Some("a".into()))), 40, 50),
        ];
        let budget = Budget::steps(HISTORY_CHECK_STEPS);
        assert!(check_records(&records, &[1, 2, 3], budget).is_not_linearizable());
        // An append read back once is fine; read back twice it was applied twice.
        let twice = [
            record(1, "append k ,a", Some(KvOutput::Ok), 0, 10),
            record(
                2,
                "get k",
                Some(KvOutput::Value(Some(",a,a".into()))),
                20,
                30,
            ),
        ];
        assert!(check_records(&twice, &[1, 2], budget).is_not_linearizable());
        let once = [
            record(1, "append k ,a", Some(KvOutput::Ok), 0, 10),
            record(2, "get k", Some(KvOutput::Value(Some(",a".into()))), 20, 30),
        ];
        assert!(check_records(&once, &[1, 2], budget).is_linearizable());
    }

    #[test]
    fn a_read_in_the_log_twice_is_placed_at_the_copy_whose_value_the_client_got() {
        let records = [
            record(1, "set k a", Some(KvOutput::Ok), 0, 10),
            record(2, "get k", Some(KvOutput::Value(Some("b".into()))), 20, 100),
            record(3, "set k b", Some(KvOutput::Ok), 30, 40),
        ];
        let history: Vec<_> = records.iter().filter_map(operation).collect();
        // The log: set a, get (read "a", answer lost), set b, get again (read "b", answered).
        assert_eq!(witness(&history, &[0, 1, 2, 1]), [0, 2, 1]);
        // A write repeated in the log counts at its first copy.
        assert_eq!(witness(&history, &[0, 2, 0, 1]), [0, 2, 1]);
        let budget = Budget::steps(HISTORY_CHECK_STEPS);
        assert!(check_records(&records, &[1, 2, 3, 2], budget).is_linearizable());
    }

    #[test]
    fn unanswered_and_unparsable_requests_may_never_have_happened() {
        let records = [
            record(1, "set k a", None, 0, 0),
            record(2, "jump", Some(KvOutput::Error("no".into())), 5, 10),
            record(3, "get k", Some(KvOutput::Value(None)), 20, 30),
        ];
        let budget = Budget::steps(HISTORY_CHECK_STEPS);
        // The committed order is no help (empty); the search decides.
        assert!(check_records(&records, &[], budget).is_linearizable());
    }
}
