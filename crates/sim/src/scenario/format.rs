//! The scenario format, version 1 (JSON, camelCase): the cluster and network a run starts
//! with, the Raft extensions on and the safety rules broken from the start, and every action
//! with the virtual time it happened at. Reading goes through [`Scenario::from_json_value`], which checks the version
//! before anything else and names the index of a bad action.

use super::action_reader::read_kind;
use super::error::ScenarioError;
use super::validate::MAX_ACTIONS;
use crate::config::{NetworkSettings, SimConfig};
use crate::extensions::Extensions;
use crate::json::{Fields, Value};
use crate::settings_json::NETWORK_FIELDS;
use raft_core::UnsafeRules;

/// The format version this playground writes and reads.
pub const SCENARIO_VERSION: u64 = 1;

/// The names `do` may take, in the order the error message lists them.
pub const ACTION_NAMES: [&str; 13] = [
    "crash",
    "restart",
    "timeout",
    "request",
    "partition",
    "heal",
    "cut",
    "repair",
    "setNetwork",
    "drop",
    "setBrokenRules",
    "setExtensions",
    "transferLeadership",
];

/// A whole run: where it starts and what people did during it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Format version ([`SCENARIO_VERSION`]).
    pub version: u64,
    /// Seed of every random choice.
    pub seed: u64,
    /// Cluster size and timing.
    pub cluster: ClusterSettings,
    /// The network's settings at the start.
    pub network: NetworkSettings,
    /// Ids of the Raft extensions on from the start (`"check-quorum"`, `"pre-vote"`); written
    /// only when there are some.
    pub extensions: Vec<String>,
    /// Ids of the safety rules broken from the start (`"commit-by-counting"`, ...).
    pub broken_rules: Vec<String>,
    /// Every action, in the order it happened (times non-decreasing).
    pub actions: Vec<Action>,
    /// Where the author was when sharing (virtual ms); an opened link goes there.
    pub end_ms: Option<f64>,
    /// How far the author's run had gone (virtual ms), when that is later than `end_ms` (they
    /// went back in time before sharing): an opened link simulates that far first, so its
    /// timeline reaches as far as the author's did.
    pub history_end_ms: Option<f64>,
}

/// The names of a scenario's top-level fields, in the order they are written.
pub(crate) const SCENARIO_FIELDS: [&str; 9] = [
    "version",
    "seed",
    "cluster",
    "network",
    "extensions",
    "brokenRules",
    "actions",
    "endMs",
    "historyEndMs",
];

/// The names of [`ClusterSettings`]' fields in JSON, in the order they are written.
pub(crate) const CLUSTER_FIELDS: [&str; 4] = [
    "servers",
    "electionTimeoutMs",
    "heartbeatMs",
    "maxEntriesPerMessage",
];

/// Cluster size and timing of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterSettings {
    /// Number of servers, 1 to 9.
    pub servers: u32,
    /// Election timeout `[min, max]` (ms).
    pub election_timeout_ms: [u32; 2],
    /// Leader heartbeat interval (ms).
    pub heartbeat_ms: u32,
    /// Most entries per AppendEntries, 1 to 1024.
    pub max_entries_per_message: u32,
}

impl ClusterSettings {
    /// The cluster part of a simulation's settings.
    pub fn of(config: &SimConfig) -> ClusterSettings {
        ClusterSettings {
            servers: config.servers,
            election_timeout_ms: [
                config.election_timeout_ms_min,
                config.election_timeout_ms_max,
            ],
            heartbeat_ms: config.heartbeat_ms,
            max_entries_per_message: config.max_entries_per_message,
        }
    }
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings::of(&SimConfig::default())
    }
}

/// One recorded action.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Virtual time it happened at (ms).
    pub at_ms: f64,
    /// Number of queue events processed when it was taken
    /// ([`Simulation::events_processed`](crate::Simulation::events_processed)); present only
    /// when it was taken between two events at the same virtual time (after a step). Without
    /// it the action applies after every event at time `<= at_ms`.
    pub after_event: Option<u64>,
    /// What it did.
    pub kind: ActionKind,
}

/// What an action does (`"do"` in JSON). Server ids are 1-based. Written by `writer.rs`, read
/// by `action_reader.rs`.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionKind {
    /// Crash a server.
    Crash {
        /// The server.
        server: u32,
    },
    /// Restart a crashed server.
    Restart {
        /// The server.
        server: u32,
    },
    /// Make a server's election timer fire now.
    Timeout {
        /// The server.
        server: u32,
    },
    /// The client sends a command.
    Request {
        /// E.g. "set x 1".
        command: String,
        /// The server it goes to first; `None` (no `server` field): the one the client
        /// believes leads.
        server: Option<u32>,
    },
    /// Split the servers into groups.
    Partition {
        /// Groups of server ids; unlisted servers form one more group.
        groups: Vec<Vec<u32>>,
    },
    /// Remove the partition and repair every cut link.
    Heal,
    /// Cut a link.
    Cut {
        /// One end.
        from: u32,
        /// The other end.
        to: u32,
        /// Only `from` → `to` (false when absent).
        one_way: bool,
    },
    /// Repair a link.
    Repair {
        /// One end.
        from: u32,
        /// The other end.
        to: u32,
        /// Only `from` → `to` (false when absent).
        one_way: bool,
    },
    /// Change the network's settings (all of them; missing ones take their defaults).
    SetNetwork(NetworkSettings),
    /// Drop a message in flight.
    Drop {
        /// The message id.
        message: u64,
    },
    /// Break exactly these safety rules from now on (ids).
    SetBrokenRules {
        /// Rule ids, e.g. "commit-by-counting".
        rules: Vec<String>,
    },
    /// Switch on exactly these Raft extensions from now on (ids).
    SetExtensions {
        /// Extension ids, e.g. "check-quorum".
        extensions: Vec<String>,
    },
    /// Ask the leader (the running one of the highest term) to hand leadership over.
    TransferLeadership {
        /// The server it goes to.
        to: u32,
    },
}

fn default_seed() -> u64 {
    SimConfig::default().seed
}

impl Scenario {
    /// A scenario with no actions for a simulation's settings.
    pub fn from_config(config: &SimConfig) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            seed: config.seed,
            cluster: ClusterSettings::of(config),
            network: config.network(),
            extensions: config.extensions.ids(),
            broken_rules: config
                .broken_rules
                .broken()
                .map(|rule| rule.id().to_string())
                .collect(),
            actions: Vec::new(),
            end_ms: None,
            history_end_ms: None,
        }
    }

    /// The simulator settings the scenario starts from (not yet validated).
    pub fn sim_config(&self) -> Result<SimConfig, ScenarioError> {
        let [election_min, election_max] = self.cluster.election_timeout_ms;
        let [latency_min, latency_max] = self.network.latency_ms;
        Ok(SimConfig {
            seed: self.seed,
            servers: self.cluster.servers,
            latency_ms_min: latency_min,
            latency_ms_max: latency_max,
            election_timeout_ms_min: election_min,
            election_timeout_ms_max: election_max,
            heartbeat_ms: self.cluster.heartbeat_ms,
            max_entries_per_message: self.cluster.max_entries_per_message,
            loss_rate: self.network.loss_rate,
            duplicate_rate: self.network.duplicate_rate,
            long_delay_rate: self.network.long_delay_rate,
            long_delay_ms_max: self.network.long_delay_ms_max,
            extensions: parse_extensions(&self.extensions, "extensions")?,
            broken_rules: parse_rules(&self.broken_rules, "brokenRules")?,
        })
    }

    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }

    /// Indented JSON text, for files.
    pub fn to_json_pretty(&self) -> String {
        crate::json::to_string_pretty(self)
    }

    /// Reads a parsed JSON document: the version first (a newer one is refused before its
    /// fields are looked at), then the fields, then each action, naming its index on error.
    /// Does not check ranges; see [`validate`](super::validate::validate).
    pub fn from_json_value(value: Value) -> Result<Scenario, ScenarioError> {
        let Value::Object(map) = &value else {
            return Err(ScenarioError::Invalid(
                "the scenario must be a JSON object like {\"version\": 1, ...}".to_string(),
            ));
        };
        let version = match map.get("version") {
            None => {
                return Err(ScenarioError::Invalid(
                    "the scenario has no \"version\" (this playground writes version 1)"
                        .to_string(),
                ))
            }
            Some(version) => version.as_u64().ok_or_else(|| {
                ScenarioError::Invalid(format!(
                    "the scenario's \"version\" must be a whole number like 1, got {version}"
                ))
            })?,
        };
        if version > SCENARIO_VERSION {
            return Err(ScenarioError::NewerVersion(version));
        }
        if version == 0 {
            return Err(ScenarioError::Invalid(
                "the scenario's \"version\" 0 does not exist; the first version is 1".to_string(),
            ));
        }
        if let Some(Value::Array(actions)) = map.get("actions") {
            if actions.len() > MAX_ACTIONS {
                return Err(ScenarioError::Invalid(format!(
                    "the scenario has {} actions; the playground allows at most {MAX_ACTIONS}",
                    actions.len()
                )));
            }
        }
        let Value::Object(map) = value else {
            unreachable!("checked above")
        };
        let in_scenario = |why: String| ScenarioError::Invalid(format!("the scenario: {why}"));
        let mut fields = Fields::new(map);
        fields.take("version");
        let seed = fields.or("seed", default_seed()).map_err(in_scenario)?;
        let cluster = match fields.take("cluster") {
            None => ClusterSettings::default(),
            Some(cluster) => read_cluster(cluster).map_err(|why| {
                ScenarioError::Invalid(format!("the scenario's \"cluster\": {why}"))
            })?,
        };
        let network = match fields.take("network") {
            None => NetworkSettings::default(),
            Some(network) => read_network(network).map_err(|why| {
                ScenarioError::Invalid(format!("the scenario's \"network\": {why}"))
            })?,
        };
        let extensions: Vec<String> = fields.or("extensions", Vec::new()).map_err(in_scenario)?;
        let broken_rules: Vec<String> =
            fields.or("brokenRules", Vec::new()).map_err(in_scenario)?;
        let actions: Vec<Value> = fields.or("actions", Vec::new()).map_err(in_scenario)?;
        let end_ms: Option<f64> = fields
            .optional::<Option<f64>>("endMs")
            .map_err(in_scenario)?
            .flatten();
        let history_end_ms: Option<f64> = fields
            .optional::<Option<f64>>("historyEndMs")
            .map_err(in_scenario)?
            .flatten();
        fields
            .finish_listing(&SCENARIO_FIELDS)
            .map_err(in_scenario)?;
        let actions = actions
            .into_iter()
            .enumerate()
            .map(|(index, value)| read_action(index, value))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Scenario {
            version,
            seed,
            cluster,
            network,
            extensions,
            broken_rules,
            actions,
            end_ms,
            history_end_ms,
        })
    }
}

/// Reads `actions[index]`: `atMs`, optional `afterEvent`, and the rest by its `do`.
fn read_action(index: usize, value: Value) -> Result<Action, ScenarioError> {
    let invalid = |why: String| ScenarioError::Invalid(format!("action {index}: {why}"));
    let Value::Object(mut map) = value else {
        return Err(invalid(
            "must be an object like {\"atMs\": 100, \"do\": \"crash\", \"server\": 1}".to_string(),
        ));
    };
    let name = match map.get("do") {
        Some(Value::String(name)) => name.clone(),
        Some(other) => return Err(invalid(format!("\"do\" must be a string, got {other}"))),
        None => return Err(invalid("has no \"do\" (what the action does)".to_string())),
    };
    if !ACTION_NAMES.contains(&name.as_str()) {
        return Err(ScenarioError::UnknownAction { index, name });
    }
    let at_ms = match map.remove("atMs") {
        Some(Value::Number(number)) => number.as_f64(),
        Some(other) => {
            return Err(invalid(format!(
                "\"atMs\" must be a number of milliseconds, got {other}"
            )))
        }
        None => return Err(invalid("has no \"atMs\" (when it happens)".to_string())),
    };
    let after_event = match map.remove("afterEvent") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(|| {
            invalid(format!(
                "\"afterEvent\" must be a whole number of events, got {value}"
            ))
        })?),
    };
    map.remove("do");
    let kind = read_kind(&name, Fields::new(map)).map_err(|e| invalid(format!("({name}) {e}")))?;
    Ok(Action {
        at_ms,
        after_event,
        kind,
    })
}

/// `cluster`: an object whose missing fields take their defaults.
fn read_cluster(value: Value) -> Result<ClusterSettings, String> {
    let mut fields = object_fields(value, "{\"servers\": 5, \"heartbeatMs\": 50}")?;
    let base = ClusterSettings::default();
    let cluster = ClusterSettings {
        servers: fields.or("servers", base.servers)?,
        election_timeout_ms: fields.or("electionTimeoutMs", base.election_timeout_ms)?,
        heartbeat_ms: fields.or("heartbeatMs", base.heartbeat_ms)?,
        max_entries_per_message: fields.or("maxEntriesPerMessage", base.max_entries_per_message)?,
    };
    fields.finish_listing(&CLUSTER_FIELDS)?;
    Ok(cluster)
}

/// `network`: an object whose missing fields take their defaults.
fn read_network(value: Value) -> Result<NetworkSettings, String> {
    let mut fields = object_fields(value, "{\"lossRate\": 0.1, \"latencyMs\": [10, 15]}")?;
    let network = NetworkSettings::read_json_fields(&mut fields, NetworkSettings::default())?;
    fields.finish_listing(&NETWORK_FIELDS)?;
    Ok(network)
}

/// The fields of an object; otherwise "must be an object like `example`, got ...".
fn object_fields(value: Value, example: &str) -> Result<Fields, String> {
    match value {
        Value::Object(map) => Ok(Fields::new(map)),
        other => Err(format!("must be an object like {example}, got {other}")),
    }
}

/// Rule ids to the switches; the error names `what` and the known ids.
pub(crate) fn parse_rules(ids: &[String], what: &str) -> Result<UnsafeRules, ScenarioError> {
    let mut rules = UnsafeRules::NONE;
    for id in ids {
        let rule = id.parse::<raft_core::UnsafeRule>().map_err(|_| {
            ScenarioError::Invalid(format!(
                "{what} names an unknown rule \"{id}\"; the rules are {}",
                raft_core::UnsafeRule::ALL
                    .iter()
                    .map(|rule| rule.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        rules.set(rule, true);
    }
    Ok(rules)
}

/// Reads extension ids (`"check-quorum"`); `what` names where they came from in an error.
pub(crate) fn parse_extensions(ids: &[String], what: &str) -> Result<Extensions, ScenarioError> {
    Extensions::from_ids(ids).map_err(|why| ScenarioError::Invalid(format!("{what}: {why}")))
}
