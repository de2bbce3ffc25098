//! Reads the fields of one action (`{"do": "crash", "server": 1}`) into an [`ActionKind`] by
//! hand. serde can do this with an internally tagged enum, but that machinery (buffering every
//! field before it knows the variant) cost 48 KB of the 435 KB optimised wasm; this reader names
//! the same problems (a missing field, a wrong type, an unknown field) in about 8 KB.

use super::format::ActionKind;
use crate::config::NetworkSettings;
use serde_json::{Map, Value};

/// The action named `name` (one of `ACTION_NAMES`) from its fields (without `do`, `atMs` and
/// `afterEvent`). The error is a short phrase such as "missing field `server`".
pub(crate) fn read_kind(name: &str, mut fields: Map<String, Value>) -> Result<ActionKind, String> {
    let fields = &mut fields;
    let kind = match name {
        "crash" => ActionKind::Crash {
            server: take_u32(fields, "server")?,
        },
        "restart" => ActionKind::Restart {
            server: take_u32(fields, "server")?,
        },
        "timeout" => ActionKind::Timeout {
            server: take_u32(fields, "server")?,
        },
        "request" => ActionKind::Request {
            command: take_string(fields, "command")?,
        },
        "partition" => ActionKind::Partition {
            groups: take_groups(fields, "groups")?,
        },
        "heal" => ActionKind::Heal,
        "cut" => ActionKind::Cut {
            from: take_u32(fields, "from")?,
            to: take_u32(fields, "to")?,
            one_way: take_flag(fields, "oneWay")?,
        },
        "repair" => ActionKind::Repair {
            from: take_u32(fields, "from")?,
            to: take_u32(fields, "to")?,
            one_way: take_flag(fields, "oneWay")?,
        },
        "setNetwork" => {
            let settings: NetworkSettings =
                serde_json::from_value(Value::Object(std::mem::take(fields)))
                    .map_err(|error| error.to_string())?;
            ActionKind::SetNetwork(settings)
        }
        "drop" => ActionKind::Drop {
            message: take_whole(fields, "message")?,
        },
        "setBrokenRules" => ActionKind::SetBrokenRules {
            rules: take_strings(fields, "rules")?,
        },
        other => return Err(format!("unknown kind \"{other}\"")),
    };
    match fields.keys().next() {
        Some(unknown) => Err(format!("unknown field `{unknown}`")),
        None => Ok(kind),
    }
}

fn take(fields: &mut Map<String, Value>, field: &str) -> Result<Value, String> {
    fields
        .remove(field)
        .ok_or_else(|| format!("missing field `{field}`"))
}

fn take_whole(fields: &mut Map<String, Value>, field: &str) -> Result<u64, String> {
    let value = take(fields, field)?;
    value
        .as_u64()
        .ok_or_else(|| format!("`{field}` must be a whole number, got {value}"))
}

fn take_u32(fields: &mut Map<String, Value>, field: &str) -> Result<u32, String> {
    let whole = take_whole(fields, field)?;
    u32::try_from(whole).map_err(|_| format!("`{field}` is too large: {whole}"))
}

fn take_string(fields: &mut Map<String, Value>, field: &str) -> Result<String, String> {
    match take(fields, field)? {
        Value::String(text) => Ok(text),
        other => Err(format!("`{field}` must be a string, got {other}")),
    }
}

/// `oneWay`: optional, false when absent.
fn take_flag(fields: &mut Map<String, Value>, field: &str) -> Result<bool, String> {
    match fields.remove(field) {
        None => Ok(false),
        Some(Value::Bool(flag)) => Ok(flag),
        Some(other) => Err(format!("`{field}` must be true or false, got {other}")),
    }
}

fn take_strings(fields: &mut Map<String, Value>, field: &str) -> Result<Vec<String>, String> {
    let Value::Array(items) = take(fields, field)? else {
        return Err(format!("`{field}` must be a list of strings"));
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(text) => Ok(text),
            other => Err(format!("`{field}` must hold strings, got {other}")),
        })
        .collect()
}

fn take_groups(fields: &mut Map<String, Value>, field: &str) -> Result<Vec<Vec<u32>>, String> {
    let bad = || format!("`{field}` must be a list of lists of server ids, like [[1, 2], [3]]");
    let Value::Array(groups) = take(fields, field)? else {
        return Err(bad());
    };
    groups
        .into_iter()
        .map(|group| {
            let Value::Array(ids) = group else {
                return Err(bad());
            };
            ids.into_iter()
                .map(|id| {
                    id.as_u64()
                        .and_then(|id| u32::try_from(id).ok())
                        .ok_or_else(bad)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(name: &str, fields: Value) -> Result<ActionKind, String> {
        let Value::Object(map) = fields else {
            panic!("fields are an object")
        };
        read_kind(name, map)
    }

    #[test]
    fn reads_every_kind_like_the_serialised_form() {
        let kinds = [
            ActionKind::Crash { server: 2 },
            ActionKind::Restart { server: 2 },
            ActionKind::Timeout { server: 3 },
            ActionKind::Request {
                command: "set x 1".to_string(),
            },
            ActionKind::Partition {
                groups: vec![vec![1, 2], vec![3]],
            },
            ActionKind::Heal,
            ActionKind::Cut {
                from: 1,
                to: 2,
                one_way: true,
            },
            ActionKind::Repair {
                from: 2,
                to: 1,
                one_way: false,
            },
            ActionKind::SetNetwork(NetworkSettings {
                loss_rate: 0.25,
                ..NetworkSettings::default()
            }),
            ActionKind::Drop { message: 417 },
            ActionKind::SetBrokenRules {
                rules: vec!["commit-by-counting".to_string()],
            },
        ];
        for kind in kinds {
            let Value::Object(mut fields) = serde_json::to_value(&kind).unwrap() else {
                panic!("an action serialises to an object")
            };
            let Some(Value::String(name)) = fields.remove("do") else {
                panic!("with its \"do\"")
            };
            assert_eq!(read_kind(&name, fields), Ok(kind));
        }
    }

    #[test]
    fn names_missing_wrong_and_unknown_fields() {
        assert_eq!(
            read("crash", json!({})),
            Err("missing field `server`".to_string())
        );
        assert_eq!(
            read("crash", json!({"server": "one"})),
            Err("`server` must be a whole number, got \"one\"".to_string())
        );
        assert_eq!(
            read("crash", json!({"server": 1, "force": true})),
            Err("unknown field `force`".to_string())
        );
        assert_eq!(
            read("cut", json!({"from": 1, "to": 2, "oneWay": "yes"})),
            Err("`oneWay` must be true or false, got \"yes\"".to_string())
        );
        assert_eq!(
            read("crash", json!({"server": 5_000_000_000u64})),
            Err("`server` is too large: 5000000000".to_string())
        );
        assert!(read("partition", json!({"groups": [[1, -2]]})).is_err());
        assert!(read("setBrokenRules", json!({"rules": [1]})).is_err());
        assert!(read("setNetwork", json!({"lossRate": "high"})).is_err());
        assert_eq!(read("heal", json!({})), Ok(ActionKind::Heal));
    }
}
