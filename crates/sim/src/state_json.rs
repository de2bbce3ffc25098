//! The JSON form of the cluster's snapshot ([`ClusterState`] and its parts), of a broken
//! guarantee ([`Violation`]) and of a fork notice, as `state()` returns them in the browser and
//! `raftplay run --json` prints them: camelCase names in declaration order, `null` for an empty
//! option, message fields that do not apply left out.

use crate::checkers::Violation;
use crate::json::{JsonWriter, ToJson};
use crate::log_window::LogWindow;
use crate::state::{ClusterState, EntryState, MessageState, RequestState, ServerState};
use crate::timeline::ForkNotice;
use raft_core::{FollowerProgress, Role};

impl ToJson for ClusterState {
    fn write_json(&self, out: &mut JsonWriter) {
        self.write_json_with_sizes(out, None);
    }
}

/// What the page's frame view adds to a [`ClusterState`] whose logs and stores are cut short:
/// their full sizes, in server order.
#[derive(Clone, Copy, Debug)]
pub struct FullSizes<'a> {
    /// Number of keys in each store (`kvSizes`).
    pub kv_sizes: &'a [usize],
    /// Index of each log's last entry, 0 for an empty log (`lastLogIndexes`); a crashed
    /// server's is its persisted log's.
    pub last_log_indexes: &'a [u64],
    /// The log indexes the cut-short logs hold (`logWindow`: `{ first, last }`).
    pub log_window: LogWindow,
}

impl ClusterState {
    /// Writes the state with, when given, the full sizes of its cut-short stores and logs as
    /// `kvSizes` and `lastLogIndexes`, and the logs' `logWindow`, right after `requests` (the
    /// page's frame view).
    pub fn write_json_with_sizes(&self, out: &mut JsonWriter, sizes: Option<FullSizes>) {
        out.begin_object();
        out.field("timeMs", &self.time_ms);
        out.field("servers", &self.servers);
        out.field("messages", &self.messages);
        out.field("dropped", &self.dropped);
        out.field("requests", &self.requests);
        if let Some(sizes) = sizes {
            out.field("kvSizes", sizes.kv_sizes);
            out.field("lastLogIndexes", sizes.last_log_indexes);
            out.field("logWindow", &sizes.log_window);
        }
        out.field("network", &self.network);
        out.field("partition", &self.partition);
        out.field("cutLinks", &self.cut_links);
        out.field("violation", &self.violation);
        if let Some(rules) = &self.violation_broken_rules {
            out.field("violationBrokenRules", rules);
        }
        out.field("extensions", &self.extensions);
        out.field("brokenRules", &self.broken_rules);
        out.end_object();
    }
}

impl ToJson for LogWindow {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("first", &self.first);
        out.field("last", &self.last);
        out.end_object();
    }
}

impl ToJson for ServerState {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("id", &self.id);
        out.field("role", &self.role);
        out.field("crashed", &self.crashed);
        out.field("term", &self.term);
        out.field("votedFor", &self.voted_for);
        out.field("votesReceived", &self.votes_received);
        out.field("leaderId", &self.leader_id);
        out.field("commitIndex", &self.commit_index);
        out.field("lastApplied", &self.last_applied);
        out.field("log", &self.log);
        out.field("electionTimerMs", &self.election_timer_ms);
        out.key("kv");
        out.begin_array();
        for (key, value) in &self.kv {
            out.item(&[key, value]);
        }
        out.end_array();
        out.field("progress", &self.progress);
        out.optional_field("transferringTo", &self.transferring_to);
        out.end_object();
    }
}

/// `{ id, nextIndex, matchIndex, mode: "probe"|"replicate", inflight }`.
impl ToJson for FollowerProgress {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("id", &self.id);
        out.field("nextIndex", &self.next_index);
        out.field("matchIndex", &self.match_index);
        out.field("mode", if self.probing { "probe" } else { "replicate" });
        out.field("inflight", &self.inflight);
        out.end_object();
    }
}

/// "follower", "precandidate", "candidate" or "leader".
impl ToJson for Role {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(match self {
            Role::Follower => "follower",
            Role::PreCandidate => "precandidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        });
    }
}

impl ToJson for EntryState {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("index", &self.index);
        out.field("term", &self.term);
        out.field("command", &self.command);
        out.optional_field("request", &self.request);
        out.end_object();
    }
}

impl ToJson for MessageState {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("id", &self.id);
        out.field("from", &self.from);
        out.field("to", &self.to);
        out.field("type", self.kind);
        out.field("term", &self.term);
        out.field("entries", &self.entries);
        out.field("success", &self.success);
        out.field("sentMs", &self.sent_ms);
        out.field("deliverMs", &self.deliver_ms);
        out.optional_field("duplicateOf", &self.duplicate_of);
        out.optional_field("lastLogIndex", &self.last_log_index);
        out.optional_field("lastLogTerm", &self.last_log_term);
        out.optional_field("prevLogIndex", &self.prev_log_index);
        out.optional_field("prevLogTerm", &self.prev_log_term);
        out.optional_field("firstEntryIndex", &self.first_entry_index);
        out.optional_field("lastEntryIndex", &self.last_entry_index);
        out.optional_field("leaderCommit", &self.leader_commit);
        out.optional_field("matchIndex", &self.match_index);
        out.optional_field("conflictTerm", &self.conflict_term);
        out.optional_field("conflictIndex", &self.conflict_index);
        out.optional_field("request", &self.request);
        out.optional_field("attempt", &self.attempt);
        out.optional_field("leaderHint", &self.leader_hint);
        out.optional_field("leadershipTransfer", &self.leadership_transfer);
        out.optional_field("reason", &self.reason);
        out.end_object();
    }
}

impl ToJson for RequestState {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("id", &self.id);
        out.field("command", &self.command);
        out.field("sentMs", &self.sent_ms);
        out.field("target", &self.target);
        out.field("attempts", &self.attempts);
        out.field("status", &self.status);
        out.end_object();
    }
}

/// `{ property, propertyName, servers, index, term, timeUs, timeMs, explanation }`.
impl ToJson for Violation {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("property", self.property.id());
        out.field("propertyName", self.property.name());
        out.field("servers", &self.servers);
        out.field("index", &self.index);
        out.field("term", &self.term);
        out.field("timeUs", &self.time_us);
        out.field("timeMs", &(self.time_us as f64 / 1_000.0));
        out.field("explanation", &self.explanation);
        out.end_object();
    }
}

/// `{ atMs, discardedActions }`.
impl ToJson for ForkNotice {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("atMs", &self.at_ms);
        out.field("discardedActions", &self.discarded_actions);
        out.end_object();
    }
}
