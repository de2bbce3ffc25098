//! Parser for Jepsen register logs (the etcd corpus) into register histories.
//!
//! One event per line, fields separated by tabs or spaces:
//! `INFO  jepsen.util - PROCESS TYPE F VALUE`, where
//! - `PROCESS` is the client number (lines of the `:nemesis` process are skipped);
//! - `TYPE` is `:invoke` (call), `:ok` (returned), `:fail` or `:info` (outcome unknown: the
//!   operation may take effect at any time after its call, or never);
//! - `F VALUE` is `:read nil` on invoke and `:read N` / `:read nil` on ok, `:write N`, or
//!   `:cas [OLD NEW]`.
//!
//! A `:fail` of a cas means the compare did not match: the cas happened, as a read of some
//! other value, so it becomes a cas that returned [`RegisterOutput::Cas`] `{ succeeded: false }`.
//! Any other `:fail` (such as `:fail :read :timed-out`) did not happen and is dropped. An
//! operation still open at the end of the log has an unknown outcome. Lines without
//! `jepsen.util` (other loggers) and blank lines are ignored; a `jepsen.util` line that cannot
//! be understood is an error. The line number is used as the time of each event.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::operation::Operation;
use crate::register::{RegisterInput, RegisterOutput};

/// Parses a Jepsen register log into a history for [`RegisterModel`](crate::RegisterModel),
/// in call order.
pub fn parse_jepsen_log(
    text: &str,
) -> Result<Vec<Operation<RegisterInput, RegisterOutput>>, Error> {
    let mut operations: Vec<Operation<RegisterInput, RegisterOutput>> = Vec::new();
    let mut dropped: Vec<bool> = Vec::new();
    // Process -> index of its open operation.
    let mut open: BTreeMap<u64, usize> = BTreeMap::new();

    for (line_index, line) in text.lines().enumerate() {
        let line_number = line_index + 1;
        let parse_error = |reason: String| Error::Parse {
            line: line_number,
            reason,
        };
        let Some(event) = split_event(line).map_err(parse_error)? else {
            continue;
        };
        if event.process == ":nemesis" {
            continue;
        }
        let process: u64 = event
            .process
            .parse()
            .map_err(|_| parse_error(format!("bad process {:?}", event.process)))?;
        let time = line_number as u64;

        if event.kind == ":invoke" {
            if let Some(&index) = open.get(&process) {
                return Err(parse_error(format!(
                    "process {process} invokes while its call at line {} is still open",
                    operations[index].call_time
                )));
            }
            let input = parse_input(event.function, &event.value).map_err(parse_error)?;
            open.insert(process, operations.len());
            operations.push(Operation::pending(process, input, time));
            dropped.push(false);
            continue;
        }

        let Some(index) = open.remove(&process) else {
            return Err(parse_error(format!(
                "{} from process {process}, which has no open call",
                event.kind
            )));
        };
        let operation = &mut operations[index];
        if function_name(&operation.input) != event.function {
            return Err(parse_error(format!(
                "{} {} answers a {} call",
                event.kind,
                event.function,
                function_name(&operation.input)
            )));
        }
        match event.kind {
            ":ok" => {
                let output =
                    parse_ok_output(&operation.input, &event.value).map_err(parse_error)?;
                operation.output = Some(output);
                operation.return_time = Some(time);
            }
            ":fail" => match operation.input {
                RegisterInput::Cas { expected, new } => {
                    check_cas_echo(expected, new, &event.value).map_err(parse_error)?;
                    operation.output = Some(RegisterOutput::Cas { succeeded: false });
                    operation.return_time = Some(time);
                }
                _ => dropped[index] = true,
            },
            ":info" => {} // Outcome unknown: stays pending.
            other => return Err(parse_error(format!("unknown event type {other:?}"))),
        }
    }

    Ok(operations
        .into_iter()
        .zip(dropped)
        .filter_map(|(operation, dropped)| (!dropped).then_some(operation))
        .collect())
}

/// The fields of one `jepsen.util` line.
struct RawEvent<'a> {
    process: &'a str,
    kind: &'a str,
    function: &'a str,
    /// The rest of the line, tokens joined by single spaces (a cas value has a space inside).
    value: String,
}

/// Splits a line into its fields; `Ok(None)` for a line to ignore.
fn split_event(line: &str) -> Result<Option<RawEvent<'_>>, String> {
    let Some(marker) = line.find("jepsen.util") else {
        return Ok(None);
    };
    let rest = line[marker + "jepsen.util".len()..].trim_start();
    let Some(rest) = rest.strip_prefix('-') else {
        return Err("expected '-' after jepsen.util".to_string());
    };
    let mut tokens = rest.split_whitespace();
    let (Some(process), Some(kind), Some(function)) = (tokens.next(), tokens.next(), tokens.next())
    else {
        return Err("expected PROCESS TYPE F VALUE".to_string());
    };
    let value = tokens.collect::<Vec<_>>().join(" ");
    Ok(Some(RawEvent {
        process,
        kind,
        function,
        value,
    }))
}

fn function_name(input: &RegisterInput) -> &'static str {
    match input {
        RegisterInput::Read => ":read",
        RegisterInput::Write(_) => ":write",
        RegisterInput::Cas { .. } => ":cas",
    }
}

fn parse_input(function: &str, value: &str) -> Result<RegisterInput, String> {
    match function {
        ":read" => Ok(RegisterInput::Read),
        ":write" => Ok(RegisterInput::Write(parse_int(value)?)),
        ":cas" => {
            let (expected, new) = parse_pair(value)?;
            Ok(RegisterInput::Cas { expected, new })
        }
        other => Err(format!("unknown operation {other:?}")),
    }
}

fn parse_ok_output(input: &RegisterInput, value: &str) -> Result<RegisterOutput, String> {
    match *input {
        RegisterInput::Read if value == "nil" => Ok(RegisterOutput::Read(None)),
        RegisterInput::Read => Ok(RegisterOutput::Read(Some(parse_int(value)?))),
        RegisterInput::Write(written) => {
            let echoed = parse_int(value)?;
            if echoed != written {
                return Err(format!("ok of write({written}) echoes {echoed}"));
            }
            Ok(RegisterOutput::Write)
        }
        RegisterInput::Cas { expected, new } => {
            check_cas_echo(expected, new, value)?;
            Ok(RegisterOutput::Cas { succeeded: true })
        }
    }
}

fn check_cas_echo(expected: i64, new: i64, value: &str) -> Result<(), String> {
    let echoed = parse_pair(value)?;
    if echoed != (expected, new) {
        return Err(format!(
            "answer of cas [{expected} {new}] echoes [{} {}]",
            echoed.0, echoed.1
        ));
    }
    Ok(())
}

fn parse_int(text: &str) -> Result<i64, String> {
    text.parse()
        .map_err(|_| format!("expected an integer, found {text:?}"))
}

/// Parses `[A B]`.
fn parse_pair(text: &str) -> Result<(i64, i64), String> {
    let inner = text
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(|| format!("expected [OLD NEW], found {text:?}"))?;
    let mut numbers = inner.split_whitespace();
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(a), Some(b), None) => Ok((parse_int(a)?, parse_int(b)?)),
        _ => Err(format!("expected [OLD NEW], found {text:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_event_type() {
        let log = "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n\
                   INFO  jepsen.util - 1\t:invoke\t:cas\t[3 0]\n\
                   INFO  jepsen.util - 2 :invoke :write 4\n\
                   INFO  jepsen.core - something else\n\
                   INFO  jepsen.util - 0\t:ok\t:read\t5\n\
                   INFO  jepsen.util - 1\t:fail\t:cas\t[3 0]\n\
                   INFO  jepsen.util - 2\t:info\t:write\t:timed-out\n\
                   INFO  jepsen.util - 0\t:invoke\t:read\tnil\n\
                   INFO  jepsen.util - 0\t:fail\t:read\t:timed-out\n\
                   INFO  jepsen.util - 3\t:invoke\t:write\t1\n";
        let history = parse_jepsen_log(log).unwrap();
        assert_eq!(history.len(), 4, "the timed-out read is dropped");
        assert_eq!(history[0].output, Some(RegisterOutput::Read(Some(5))));
        assert_eq!((history[0].call_time, history[0].return_time), (1, Some(5)));
        assert_eq!(
            history[1].output,
            Some(RegisterOutput::Cas { succeeded: false })
        );
        assert!(history[2].is_pending(), "info");
        assert!(history[3].is_pending(), "open at the end");
        assert_eq!(history[3].client_id, 3);
    }

    #[test]
    fn rejects_inconsistent_logs_with_the_line() {
        let double_invoke =
            "INFO jepsen.util - 0 :invoke :read nil\nINFO jepsen.util - 0 :invoke :read nil";
        assert!(matches!(
            parse_jepsen_log(double_invoke),
            Err(Error::Parse { line: 2, .. })
        ));
        let orphan = "INFO jepsen.util - 0 :ok :read 1";
        assert!(parse_jepsen_log(orphan).is_err());
        let wrong_echo = "INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :ok :write 2";
        assert!(parse_jepsen_log(wrong_echo).is_err());
        let bad_pair = "INFO jepsen.util - 0 :invoke :cas [1 2 3]";
        assert!(parse_jepsen_log(bad_pair).is_err());
    }
}
