//! Writing a scenario as JSON text, field by field in the format's order (the same text
//! serde_json wrote from the structs' declarations): the top level, the cluster, and each
//! action as `atMs`, `afterEvent` when present, `do`, then the kind's own fields.

use super::format::{Action, ActionKind, ClusterSettings, Scenario};
use crate::json::{JsonWriter, ToJson};

impl ToJson for Scenario {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("version", &self.version);
        out.field("seed", &self.seed);
        out.field("cluster", &self.cluster);
        out.field("network", &self.network);
        if !self.extensions.is_empty() {
            out.field("extensions", &self.extensions);
        }
        out.field("brokenRules", &self.broken_rules);
        out.field("actions", &self.actions);
        out.optional_field("endMs", &self.end_ms);
        out.optional_field("historyEndMs", &self.history_end_ms);
        out.end_object();
    }
}

impl ToJson for ClusterSettings {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("servers", &self.servers);
        out.field("electionTimeoutMs", &self.election_timeout_ms);
        out.field("heartbeatMs", &self.heartbeat_ms);
        out.field("maxEntriesPerMessage", &self.max_entries_per_message);
        out.end_object();
    }
}

impl ToJson for Action {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("atMs", &self.at_ms);
        out.optional_field("afterEvent", &self.after_event);
        self.kind.write_json_fields(out);
        out.end_object();
    }
}

impl ActionKind {
    /// The name `do` takes for this kind (one of `ACTION_NAMES`).
    pub fn name(&self) -> &'static str {
        match self {
            ActionKind::Crash { .. } => "crash",
            ActionKind::Restart { .. } => "restart",
            ActionKind::Timeout { .. } => "timeout",
            ActionKind::Request { .. } => "request",
            ActionKind::Partition { .. } => "partition",
            ActionKind::Heal => "heal",
            ActionKind::Cut { .. } => "cut",
            ActionKind::Repair { .. } => "repair",
            ActionKind::SetNetwork(_) => "setNetwork",
            ActionKind::Drop { .. } => "drop",
            ActionKind::SetBrokenRules { .. } => "setBrokenRules",
            ActionKind::SetExtensions { .. } => "setExtensions",
            ActionKind::TransferLeadership { .. } => "transferLeadership",
        }
    }

    /// Writes `do` and the kind's fields into the open object.
    pub fn write_json_fields(&self, out: &mut JsonWriter) {
        out.field("do", self.name());
        match self {
            ActionKind::Crash { server }
            | ActionKind::Restart { server }
            | ActionKind::Timeout { server } => out.field("server", server),
            ActionKind::Request { command, server } => {
                out.field("command", command);
                if let Some(server) = server {
                    out.field("server", server);
                }
            }
            ActionKind::Partition { groups } => out.field("groups", groups),
            ActionKind::Heal => {}
            ActionKind::Cut { from, to, one_way } | ActionKind::Repair { from, to, one_way } => {
                out.field("from", from);
                out.field("to", to);
                out.field("oneWay", one_way);
            }
            ActionKind::SetNetwork(settings) => settings.write_json_fields(out),
            ActionKind::Drop { message } => out.field("message", message),
            ActionKind::SetBrokenRules { rules } => out.field("rules", rules),
            ActionKind::SetExtensions { extensions } => out.field("extensions", extensions),
            ActionKind::TransferLeadership { to } => out.field("to", to),
        }
    }
}

/// `{ "do": ..., fields }`: the kind alone, as an object.
impl ToJson for ActionKind {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        self.write_json_fields(out);
        out.end_object();
    }
}
