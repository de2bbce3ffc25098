//! What one frame of the page draws: the cluster with only the tail of each log, and only as
//! much of the leader's key-value store as the side panel lists. Followers' copies of the store
//! and the rest of the leader's would only cost time to cross into JavaScript every frame.

use raft_core::Role;
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::{
    ClusterState, MessageState, NetworkSettings, RequestState, ServerState, Simulation,
    UnsafeRules, Violation,
};

/// Most key-value pairs a frame carries (the first ones, by key).
pub const KV_ROWS: usize = 40;

/// A [`ClusterState`] trimmed for drawing (same fields, same JSON names), plus the full size of
/// each store.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameView {
    /// Virtual time in milliseconds.
    pub time_ms: f64,
    /// Every server, in id order. Logs hold the last `log_tail` indexes; `kv` is empty except
    /// on live leaders, where it holds at most [`KV_ROWS`] pairs.
    pub servers: Vec<ServerState>,
    /// Messages in flight, in send order.
    pub messages: Vec<MessageState>,
    /// Client requests not yet answered, oldest first.
    pub requests: Vec<RequestState>,
    /// Number of keys in each server's store, in server order.
    pub kv_sizes: Vec<usize>,
    /// The network's settings, as in [`ClusterState`].
    pub network: NetworkSettings,
    /// Partition groups (empty when not partitioned), as in [`ClusterState`].
    pub partition: Vec<Vec<u32>>,
    /// Cut links as one-way `[from, to]` pairs, as in [`ClusterState`].
    pub cut_links: Vec<[u32; 2]>,
    /// The first broken guarantee, as in [`ClusterState`].
    pub violation: Option<Violation>,
    /// The safety rules the servers break now (unsafe), as in [`ClusterState`].
    pub broken_rules: UnsafeRules,
}

impl FrameView {
    /// The view of `sim` now, with logs cut to their last `log_tail` indexes.
    pub fn new(sim: &Simulation, log_tail: usize) -> FrameView {
        let ClusterState {
            time_ms,
            mut servers,
            messages,
            requests,
            network,
            partition,
            cut_links,
            violation,
            broken_rules,
        } = sim.state_tail(log_tail);
        let kv_sizes = servers
            .iter()
            .map(|s| sim.kv(s.id).map_or(0, |kv| kv.len()))
            .collect();
        for server in &mut servers {
            if server.role == Role::Leader && !server.crashed {
                server.kv.truncate(KV_ROWS);
            } else {
                server.kv.clear();
            }
        }
        FrameView {
            time_ms,
            servers,
            messages,
            requests,
            kv_sizes,
            network,
            partition,
            cut_links,
            violation,
            broken_rules,
        }
    }
}

/// The same names as [`ClusterState`], with `kvSizes` after `requests`.
impl ToJson for FrameView {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("timeMs", &self.time_ms);
        out.field("servers", &self.servers);
        out.field("messages", &self.messages);
        out.field("requests", &self.requests);
        out.field("kvSizes", &self.kv_sizes);
        out.field("network", &self.network);
        out.field("partition", &self.partition);
        out.field("cutLinks", &self.cut_links);
        out.field("violation", &self.violation);
        out.field("brokenRules", &self.broken_rules);
        out.end_object();
    }
}
