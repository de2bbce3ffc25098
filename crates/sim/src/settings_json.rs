//! The JSON forms of the settings (camelCase, as in scenarios, in JavaScript and in `raftplay
//! run --json`): the network's settings, a whole [`SimConfig`], the extensions and the broken
//! rules, written in declaration order and read field by field (missing fields keep a base's
//! value, unknown ones are refused).

use crate::config::{NetworkSettings, SimConfig};
use crate::extensions::{Extension, Extensions};
use crate::json::{Fields, FromJson, JsonWriter, ToJson, Value};
use raft_core::{UnsafeRule, UnsafeRules};

/// The names of [`NetworkSettings`]' fields in JSON, in the order they are written.
pub const NETWORK_FIELDS: [&str; 5] = [
    "lossRate",
    "duplicateRate",
    "longDelayRate",
    "longDelayMsMax",
    "latencyMs",
];

impl NetworkSettings {
    /// Writes the fields (without braces), so an action can add them after its `do`.
    pub fn write_json_fields(&self, out: &mut JsonWriter) {
        out.field("lossRate", &self.loss_rate);
        out.field("duplicateRate", &self.duplicate_rate);
        out.field("longDelayRate", &self.long_delay_rate);
        out.field("longDelayMsMax", &self.long_delay_ms_max);
        out.field("latencyMs", &self.latency_ms);
    }

    /// Takes the network's fields from `fields`; the ones missing keep `base`'s values. Does not
    /// check ranges ([`NetworkSettings::validate`]) nor refuse other fields.
    pub fn read_json_fields(
        fields: &mut Fields,
        base: NetworkSettings,
    ) -> Result<NetworkSettings, String> {
        Ok(NetworkSettings {
            loss_rate: fields.or("lossRate", base.loss_rate)?,
            duplicate_rate: fields.or("duplicateRate", base.duplicate_rate)?,
            long_delay_rate: fields.or("longDelayRate", base.long_delay_rate)?,
            long_delay_ms_max: fields.or("longDelayMsMax", base.long_delay_ms_max)?,
            latency_ms: fields.or("latencyMs", base.latency_ms)?,
        })
    }
}

/// `{ lossRate, duplicateRate, longDelayRate, longDelayMsMax, latencyMs: [min, max] }`.
impl ToJson for NetworkSettings {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        self.write_json_fields(out);
        out.end_object();
    }
}

/// `{ seed, servers, latencyMsMin, ..., extensions: { checkQuorum, preVote }, brokenRules: {
/// voteWithoutLogCheck, ... } }`.
impl ToJson for SimConfig {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("seed", &self.seed);
        out.field("servers", &self.servers);
        out.field("latencyMsMin", &self.latency_ms_min);
        out.field("latencyMsMax", &self.latency_ms_max);
        out.field("electionTimeoutMsMin", &self.election_timeout_ms_min);
        out.field("electionTimeoutMsMax", &self.election_timeout_ms_max);
        out.field("heartbeatMs", &self.heartbeat_ms);
        out.field("maxEntriesPerMessage", &self.max_entries_per_message);
        out.field("lossRate", &self.loss_rate);
        out.field("duplicateRate", &self.duplicate_rate);
        out.field("longDelayRate", &self.long_delay_rate);
        out.field("longDelayMsMax", &self.long_delay_ms_max);
        out.field("extensions", &self.extensions);
        out.field("brokenRules", &self.broken_rules);
        out.end_object();
    }
}

impl SimConfig {
    /// Reads a settings object (camelCase, as [`SimConfig`] is written): missing fields take
    /// their defaults; an unknown field is refused as "unknown setting `x`", an unknown key in
    /// `brokenRules` as "unknown rule `x` in brokenRules; the rules are ...". Does not check
    /// ranges ([`SimConfig::validate`]).
    pub fn from_json(value: Value) -> Result<SimConfig, String> {
        let Value::Object(map) = value else {
            return Err(format!(
                "the settings are an object such as {{ seed: 7, servers: 5 }}, got {value}"
            ));
        };
        let mut fields = Fields::new(map);
        let base = SimConfig::default();
        let broken_rules = match fields.take("brokenRules") {
            None => base.broken_rules,
            Some(rules) => read_broken_rules(rules)?,
        };
        let extensions = match fields.take("extensions") {
            None => base.extensions,
            Some(extensions) => read_extensions(extensions)?,
        };
        let config = SimConfig {
            seed: fields.or("seed", base.seed)?,
            servers: fields.or("servers", base.servers)?,
            latency_ms_min: fields.or("latencyMsMin", base.latency_ms_min)?,
            latency_ms_max: fields.or("latencyMsMax", base.latency_ms_max)?,
            election_timeout_ms_min: fields
                .or("electionTimeoutMsMin", base.election_timeout_ms_min)?,
            election_timeout_ms_max: fields
                .or("electionTimeoutMsMax", base.election_timeout_ms_max)?,
            heartbeat_ms: fields.or("heartbeatMs", base.heartbeat_ms)?,
            max_entries_per_message: fields
                .or("maxEntriesPerMessage", base.max_entries_per_message)?,
            loss_rate: fields.or("lossRate", base.loss_rate)?,
            duplicate_rate: fields.or("duplicateRate", base.duplicate_rate)?,
            long_delay_rate: fields.or("longDelayRate", base.long_delay_rate)?,
            long_delay_ms_max: fields.or("longDelayMsMax", base.long_delay_ms_max)?,
            extensions,
            broken_rules,
        };
        fields.finish_as("setting")?;
        Ok(config)
    }
}

/// A settings object's `extensions`: switches by their JSON names (`{ checkQuorum: true }`),
/// the others off. An unknown key is refused with the list of the known ones.
pub(crate) fn read_extensions(value: Value) -> Result<Extensions, String> {
    let names = Extension::ALL.map(Extension::json_name);
    let mut extensions = Extensions::NONE;
    for (index, on) in read_switches(value, "extensions", "extension", &names)? {
        extensions.set(Extension::ALL[index], on);
    }
    Ok(extensions)
}

/// A settings object's `brokenRules`: switches by their JSON names (`{ commitByCounting: true
/// }`), the others off. An unknown key is refused with the list of the known ones.
fn read_broken_rules(value: Value) -> Result<UnsafeRules, String> {
    let names = UnsafeRule::ALL.map(UnsafeRule::json_name);
    let mut rules = UnsafeRules::NONE;
    for (index, broken) in read_switches(value, "brokenRules", "rule", &names)? {
        rules.set(UnsafeRule::ALL[index], broken);
    }
    Ok(rules)
}

/// Reads the object of switches in the setting `field` (`{ name: true, ... }`): each key must
/// be one of `names` (a `what`, in errors) and each value a boolean. Returns each key's
/// position in `names` with its value.
fn read_switches(
    value: Value,
    field: &str,
    what: &str,
    names: &[&str],
) -> Result<Vec<(usize, bool)>, String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "{field} is an object such as {{ {}: true }}, got {value}",
            names[0]
        ));
    };
    map.into_iter()
        .map(|(key, value)| {
            let index = names.iter().position(|&name| name == key).ok_or_else(|| {
                format!(
                    "unknown {what} `{key}` in {field}; the {what}s are {}",
                    names.join(", ")
                )
            })?;
            Ok((index, bool::from_json(&key, value)?))
        })
        .collect()
}

/// `{ voteWithoutLogCheck, commitByCounting, forgetVoteOnRestart, truncateWithoutConflict,
/// commitBeyondVerified }`, each `true` when broken.
impl ToJson for UnsafeRules {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        for rule in UnsafeRule::ALL {
            out.field(rule.json_name(), &self.is_broken(rule));
        }
        out.end_object();
    }
}
