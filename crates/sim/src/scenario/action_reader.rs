//! Reads the fields of one action (`{"do": "crash", "server": 1}`) into an [`ActionKind`] by
//! hand, with [`Fields`]: each problem (a missing field, a wrong type, an unknown field) is
//! named in a short phrase. (serde's internally tagged enums cost 48 KB of wasm for the same.)

use super::format::ActionKind;
use crate::config::NetworkSettings;
use crate::json::{Fields, Value};
use crate::settings_json::NETWORK_FIELDS;

/// The action named `name` (one of `ACTION_NAMES`) from its fields (without `do`, `atMs` and
/// `afterEvent`). The error is a short phrase such as "missing field `server`".
pub(crate) fn read_kind(name: &str, mut fields: Fields) -> Result<ActionKind, String> {
    let kind = match name {
        "crash" => ActionKind::Crash {
            server: fields.required("server")?,
        },
        "restart" => ActionKind::Restart {
            server: fields.required("server")?,
        },
        "timeout" => ActionKind::Timeout {
            server: fields.required("server")?,
        },
        "request" => ActionKind::Request {
            command: fields.required("command")?,
            server: fields.optional("server")?,
        },
        "partition" => ActionKind::Partition {
            groups: take_groups(&mut fields, "groups")?,
        },
        "heal" => ActionKind::Heal,
        "cut" => ActionKind::Cut {
            from: fields.required("from")?,
            to: fields.required("to")?,
            one_way: fields.or("oneWay", false)?,
        },
        "repair" => ActionKind::Repair {
            from: fields.required("from")?,
            to: fields.required("to")?,
            one_way: fields.or("oneWay", false)?,
        },
        "setNetwork" => {
            let settings =
                NetworkSettings::read_json_fields(&mut fields, NetworkSettings::default())?;
            return fields
                .finish_listing(&NETWORK_FIELDS)
                .map(|()| ActionKind::SetNetwork(settings));
        }
        "drop" => ActionKind::Drop {
            message: fields.required("message")?,
        },
        "setBrokenRules" => ActionKind::SetBrokenRules {
            rules: take_strings(&mut fields, "rules")?,
        },
        "setExtensions" => ActionKind::SetExtensions {
            extensions: take_strings(&mut fields, "extensions")?,
        },
        "transferLeadership" => ActionKind::TransferLeadership {
            to: fields.required("to")?,
        },
        other => return Err(format!("unknown kind \"{other}\"")),
    };
    fields.finish().map(|()| kind)
}

fn take_strings(fields: &mut Fields, field: &str) -> Result<Vec<String>, String> {
    let Value::Array(items) = fields.required::<Value>(field)? else {
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

fn take_groups(fields: &mut Fields, field: &str) -> Result<Vec<Vec<u32>>, String> {
    let bad = || format!("`{field}` must be a list of lists of server ids, like [[1, 2], [3]]");
    let Value::Array(groups) = fields.required::<Value>(field)? else {
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
    use crate::json::{parse, ToJson};

    fn read(name: &str, fields: &str) -> Result<ActionKind, String> {
        let Ok(Value::Object(map)) = parse(fields) else {
            panic!("fields are an object")
        };
        read_kind(name, Fields::new(map))
    }

    #[test]
    fn reads_every_kind_like_the_serialised_form() {
        let kinds = [
            ActionKind::Crash { server: 2 },
            ActionKind::Restart { server: 2 },
            ActionKind::Timeout { server: 3 },
            ActionKind::Request {
                command: "set x 1".to_string(),
                server: None,
            },
            ActionKind::Request {
                command: "set x 2".to_string(),
                server: Some(3),
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
            ActionKind::SetExtensions {
                extensions: vec!["check-quorum".to_string()],
            },
        ];
        for kind in kinds {
            let mut out = crate::json::JsonWriter::compact();
            kind.write_json(&mut out);
            let Ok(Value::Object(map)) = parse(&out.finish()) else {
                panic!("an action is written as an object")
            };
            let mut fields = Fields::new(map);
            let Some(Value::String(name)) = fields.take("do") else {
                panic!("with its \"do\"")
            };
            assert_eq!(name, kind.name());
            assert_eq!(read_kind(&name, fields), Ok(kind));
        }
    }

    #[test]
    fn names_missing_wrong_and_unknown_fields() {
        assert_eq!(
            read("crash", r#"{}"#),
            Err("missing field `server`".to_string())
        );
        assert_eq!(
            read("crash", r#"{"server": "one"}"#),
            Err("`server` must be a whole number, got \"one\"".to_string())
        );
        assert_eq!(
            read("crash", r#"{"server": 1, "force": true}"#),
            Err("unknown field `force`".to_string())
        );
        assert_eq!(
            read("cut", r#"{"from": 1, "to": 2, "oneWay": "yes"}"#),
            Err("`oneWay` must be true or false, got \"yes\"".to_string())
        );
        assert_eq!(
            read("crash", r#"{"server": 5000000000}"#),
            Err("`server` is too large: 5000000000".to_string())
        );
        assert!(read("partition", r#"{"groups": [[1, -2]]}"#).is_err());
        assert!(read("setBrokenRules", r#"{"rules": [1]}"#).is_err());
        assert_eq!(
            read("setNetwork", r#"{"lossRate": "high"}"#),
            Err("`lossRate` must be a number, got \"high\"".to_string())
        );
        assert_eq!(
            read("setNetwork", r#"{"lossrate": 0.5}"#),
            Err(
                "unknown field `lossrate`; the fields are lossRate, duplicateRate, \
                 longDelayRate, longDelayMsMax, latencyMs"
                    .to_string()
            )
        );
        assert_eq!(read("heal", r#"{}"#), Ok(ActionKind::Heal));
    }
}
