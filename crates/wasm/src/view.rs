//! What one frame of the page draws: the cluster with only the indexes of each log that the log
//! grid shows (its tail, or where the reader scrolled it), and only as much of the leader's
//! key-value store as the side panel lists. Followers' copies of the store and the rest of the
//! leader's would only cost time to cross into JavaScript every frame.

use raft_core::LogIndex;
use raft_core::Role;
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::{ClusterState, FullSizes, LogWindow, Simulation};

/// Most key-value pairs a frame carries (the first ones, by key): as many as `state_tail` copies.
pub const KV_ROWS: usize = raft_sim::KV_TAIL_PAIRS;

/// A [`ClusterState`] trimmed for drawing, plus the full size of each store and log.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameView {
    /// The cluster. Logs hold the indexes of `log_window`; `kv` is empty except on live
    /// leaders, where it holds at most [`KV_ROWS`] pairs.
    pub state: ClusterState,
    /// Number of keys in each server's store, in server order.
    pub kv_sizes: Vec<usize>,
    /// Index of each server's last log entry (0 for an empty log; a crashed server's persisted
    /// log), in server order: where a log ends when its tail is out of the window.
    pub last_log_indexes: Vec<u64>,
    /// The log indexes the logs hold.
    pub log_window: LogWindow,
}

impl FrameView {
    /// The view of `sim` now, with logs cut to `columns` indexes ending at `log_end`, or at the
    /// end of the longest log when `log_end` is `None` (kept inside the logs).
    pub fn new(sim: &Simulation, columns: usize, log_end: Option<LogIndex>) -> FrameView {
        let log_window = sim.log_window(columns, log_end);
        let mut state = sim.state_window(log_window);
        let kv_sizes = state
            .servers
            .iter()
            .map(|s| sim.kv(s.id).map_or(0, |kv| kv.len()))
            .collect();
        let last_log_indexes = state
            .servers
            .iter()
            .map(|s| sim.last_log_index(s.id).unwrap_or(0))
            .collect();
        for server in &mut state.servers {
            if server.role == Role::Leader && !server.crashed {
                server.kv.truncate(KV_ROWS);
            } else {
                server.kv.clear();
            }
        }
        FrameView {
            state,
            kv_sizes,
            last_log_indexes,
            log_window,
        }
    }
}

/// The same names as [`ClusterState`], with `kvSizes`, `lastLogIndexes` and `logWindow` after
/// `requests`.
impl ToJson for FrameView {
    fn write_json(&self, out: &mut JsonWriter) {
        self.state.write_json_with_sizes(
            out,
            Some(FullSizes {
                kv_sizes: &self.kv_sizes,
                last_log_indexes: &self.last_log_indexes,
                log_window: self.log_window,
            }),
        );
    }
}
