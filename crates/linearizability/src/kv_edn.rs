//! Parser for key-value histories written one EDN map per line (the `kv` corpus).
//!
//! Each non-blank line is a map such as
//! `{:process 3, :type :invoke, :f :append, :key "0", :value "x 3 1 y"}`, with
//! - `:process` — the client number;
//! - `:type` — `:invoke` (call), `:ok` (returned), `:fail` (did not happen: dropped) or `:info`
//!   (outcome unknown);
//! - `:f` — `:get`, `:put`, `:set`, `:append` or `:delete`;
//! - `:key` — a string (or integer) key;
//! - `:value` — the value written, or on a get's `:ok` the value read (`nil`: absent).
//!
//! Commas are whitespace, as in EDN. Strings may use the escapes `\"`, `\\`, `\n`, `\t`,
//! `\r`. An operation still open at the end has an unknown outcome. The line number is used as
//! the time of each event.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::kv::{KvInput, KvOp, KvOutput};
use crate::operation::Operation;

/// Parses an EDN key-value history into a history for [`KvModel`](crate::KvModel), in call
/// order.
pub fn parse_kv_edn(text: &str) -> Result<Vec<Operation<KvInput, KvOutput>>, Error> {
    let mut operations: Vec<Operation<KvInput, KvOutput>> = Vec::new();
    let mut dropped: Vec<bool> = Vec::new();
    let mut open: BTreeMap<u64, usize> = BTreeMap::new();

    for (line_index, line) in text.lines().enumerate() {
        let line_number = line_index + 1;
        let parse_error = |reason: String| Error::Parse {
            line: line_number,
            reason,
        };
        if line.trim().is_empty() {
            continue;
        }
        let event = parse_event(line).map_err(parse_error)?;
        let time = line_number as u64;
        match event.kind.as_str() {
            "invoke" => {
                if let Some(&index) = open.get(&event.process) {
                    return Err(parse_error(format!(
                        "process {} invokes while its call at line {} is still open",
                        event.process, operations[index].call_time
                    )));
                }
                let op = match event.function.as_str() {
                    "get" => KvOp::Get,
                    "delete" => KvOp::Delete,
                    "put" => KvOp::Put(required_value(&event).map_err(parse_error)?),
                    "set" => KvOp::Set(required_value(&event).map_err(parse_error)?),
                    "append" => KvOp::Append(required_value(&event).map_err(parse_error)?),
                    other => return Err(parse_error(format!("unknown :f :{other}"))),
                };
                let input = KvInput { key: event.key, op };
                open.insert(event.process, operations.len());
                operations.push(Operation::pending(event.process, input, time));
                dropped.push(false);
            }
            "ok" | "fail" | "info" => {
                let Some(index) = open.remove(&event.process) else {
                    return Err(parse_error(format!(
                        ":{} from process {}, which has no open call",
                        event.kind, event.process
                    )));
                };
                let operation = &mut operations[index];
                if operation.input.key != event.key
                    || function_name(&operation.input.op) != event.function
                {
                    return Err(parse_error(format!(
                        ":{} of :{} on key {:?} answers a different call (line {})",
                        event.kind, event.function, event.key, operation.call_time
                    )));
                }
                match event.kind.as_str() {
                    "ok" => {
                        operation.output = Some(match operation.input.op {
                            KvOp::Get => KvOutput::Value(event.value),
                            _ => KvOutput::Done,
                        });
                        operation.return_time = Some(time);
                    }
                    "fail" => dropped[index] = true,
                    _ => {} // :info — outcome unknown, stays pending.
                }
            }
            other => return Err(parse_error(format!("unknown :type :{other}"))),
        }
    }

    Ok(operations
        .into_iter()
        .zip(dropped)
        .filter_map(|(operation, dropped)| (!dropped).then_some(operation))
        .collect())
}

/// The fields of one line.
struct KvEvent {
    process: u64,
    kind: String,
    function: String,
    key: String,
    value: Option<String>,
}

fn required_value(event: &KvEvent) -> Result<String, String> {
    event
        .value
        .clone()
        .ok_or_else(|| format!(":{} needs a :value", event.function))
}

fn function_name(op: &KvOp) -> &'static str {
    match op {
        KvOp::Get => "get",
        KvOp::Put(_) => "put",
        KvOp::Set(_) => "set",
        KvOp::Append(_) => "append",
        KvOp::Delete => "delete",
    }
}

/// One EDN scalar.
#[derive(Debug, PartialEq)]
enum Scalar {
    Nil,
    Keyword(String),
    Str(String),
    Int(i64),
}

fn parse_event(line: &str) -> Result<KvEvent, String> {
    let fields = parse_map(line)?;
    let get = |name: &str| fields.get(name).ok_or_else(|| format!("missing :{name}"));
    let process = match get("process")? {
        Scalar::Int(n) if *n >= 0 => *n as u64,
        other => return Err(format!(":process must be a number, found {other:?}")),
    };
    let keyword = |name: &str| match get(name)? {
        Scalar::Keyword(word) => Ok(word.clone()),
        other => Err(format!(":{name} must be a keyword, found {other:?}")),
    };
    let kind = keyword("type")?;
    let function = keyword("f")?;
    let key = match get("key")? {
        Scalar::Str(text) => text.clone(),
        Scalar::Int(n) => n.to_string(),
        other => return Err(format!(":key must be a string, found {other:?}")),
    };
    let value = match fields.get("value") {
        None | Some(Scalar::Nil) => None,
        Some(Scalar::Str(text)) => Some(text.clone()),
        Some(Scalar::Int(n)) => Some(n.to_string()),
        Some(other) => return Err(format!(":value must be a string or nil, found {other:?}")),
    };
    Ok(KvEvent {
        process,
        kind,
        function,
        key,
        value,
    })
}

/// Parses `{:k1 v1, :k2 v2, ...}` with keyword keys and scalar values.
fn parse_map(line: &str) -> Result<BTreeMap<String, Scalar>, String> {
    let mut reader = Reader {
        chars: line.chars().peekable(),
    };
    reader.skip_space();
    if reader.chars.next() != Some('{') {
        return Err("expected a map starting with '{'".to_string());
    }
    let mut fields = BTreeMap::new();
    loop {
        reader.skip_space();
        if reader.chars.peek() == Some(&'}') {
            reader.chars.next();
            break;
        }
        let key = match reader.scalar()? {
            Scalar::Keyword(name) => name,
            other => return Err(format!("map keys must be keywords, found {other:?}")),
        };
        reader.skip_space();
        let value = reader.scalar()?;
        if fields.insert(key.clone(), value).is_some() {
            return Err(format!("duplicate key :{key}"));
        }
    }
    reader.skip_space();
    if reader.chars.next().is_some() {
        return Err("unexpected text after the map".to_string());
    }
    Ok(fields)
}

/// A cursor over one line of EDN.
struct Reader<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self
            .chars
            .next_if(|&c| c.is_whitespace() || c == ',')
            .is_some()
        {}
    }

    fn scalar(&mut self) -> Result<Scalar, String> {
        match self.chars.peek() {
            None => Err("unexpected end of line".to_string()),
            Some('"') => {
                self.chars.next();
                self.string().map(Scalar::Str)
            }
            Some(':') => {
                self.chars.next();
                let word = self.symbol();
                if word.is_empty() {
                    return Err("empty keyword".to_string());
                }
                Ok(Scalar::Keyword(word))
            }
            Some(_) => {
                let word = self.symbol();
                if word == "nil" {
                    Ok(Scalar::Nil)
                } else if let Ok(n) = word.parse() {
                    Ok(Scalar::Int(n))
                } else {
                    Err(format!("unexpected {word:?}"))
                }
            }
        }
    }

    /// Reads a bare word up to whitespace, a comma or a brace.
    fn symbol(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self
            .chars
            .next_if(|&c| !c.is_whitespace() && !matches!(c, ',' | '{' | '}' | '"'))
        {
            word.push(c);
        }
        word
    }

    /// Reads the rest of a string whose opening quote was consumed.
    fn string(&mut self) -> Result<String, String> {
        let mut text = String::new();
        loop {
            match self.chars.next() {
                None => return Err("unterminated string".to_string()),
                Some('"') => return Ok(text),
                Some('\\') => match self.chars.next() {
                    Some('"') => text.push('"'),
                    Some('\\') => text.push('\\'),
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('r') => text.push('\r'),
                    other => return Err(format!("unsupported escape \\{other:?}")),
                },
                Some(c) => text.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calls_and_returns() {
        let text = r#"{:process 1, :type :invoke, :f :get, :key "a", :value nil}
{:process 2, :type :invoke, :f :append, :key "a", :value "x \"1\""}
{:process 1, :type :ok, :f :get, :key "a", :value ""}
{:process 3, :type :invoke, :f :put, :key "b", :value "v"}
{:process 3, :type :fail, :f :put, :key "b", :value "v"}
"#;
        let history = parse_kv_edn(text).unwrap();
        assert_eq!(history.len(), 2, "the failed put is dropped");
        assert_eq!(
            history[0].output,
            Some(KvOutput::Value(Some(String::new())))
        );
        assert_eq!(history[0].return_time, Some(3));
        assert_eq!(history[1].input.op, KvOp::Append("x \"1\"".to_string()));
        assert!(history[1].is_pending());
    }

    #[test]
    fn rejects_malformed_lines() {
        for bad in [
            "{:process 1, :type :invoke, :f :get, :key \"a\"",
            "{:process 1, :type :invoke, :f :frob, :key \"a\", :value nil}",
            "{:process -1, :type :invoke, :f :get, :key \"a\", :value nil}",
            "{:process 1, :type :ok, :f :get, :key \"a\", :value nil}",
            "{:process 1, :type :invoke, :f :put, :key \"a\", :value nil}",
            "{:process 1 :process 2, :type :invoke, :f :get, :key \"a\"}",
            "[1 2]",
        ] {
            assert!(parse_kv_edn(bad).is_err(), "{bad}");
        }
    }
}
