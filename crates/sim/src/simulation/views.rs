//! What can be read from a `Simulation` without changing it: the cluster's state for the page
//! (whole, or cut to a window of the logs), and the single facts checkers, tests and the command
//! line ask for.

use super::Simulation;
use crate::client::RequestRecord;
use crate::config::us_to_ms;
use crate::kv::KvStore;
use crate::log_window::LogWindow;
use crate::network::InFlight;
use crate::node::Node;
use crate::state::{ClusterState, EntryState, MessageState, ServerState};
use crate::trace::Trace;
use raft_core::{Entry, EntryPayload, LogIndex, PersistentState, RaftServer, Role, ServerId};
use std::ops::Range;

/// Most key-value pairs per server in `state_tail`.
pub const KV_TAIL_PAIRS: usize = 40;

impl Simulation {
    /// A snapshot of the whole cluster, with every log in full.
    pub fn state(&self) -> ClusterState {
        self.snapshot(0..LogIndex::MAX, usize::MAX)
    }

    /// Like `state`, but each log holds only entries with index above
    /// `max(last index of any server) - log_tail` and each key-value store only its first
    /// [`KV_TAIL_PAIRS`] pairs: what one frame of the page draws. Its cost must not grow with the
    /// length of the run (`kv(id)` has the whole store).
    pub fn state_tail(&self, log_tail: usize) -> ClusterState {
        self.state_window(self.log_window(log_tail, None))
    }

    /// Like `state_tail`, but each log holds only the entries in `window` (see
    /// [`Simulation::log_window`]): a frame of a log grid scrolled back.
    pub fn state_window(&self, window: LogWindow) -> ClusterState {
        self.snapshot(window.first - 1..window.last, KV_TAIL_PAIRS)
    }

    /// The window of `columns` log indexes that ends at `end`, or at the end of the longest
    /// log when `end` is `None`, kept inside the logs (see [`LogWindow::new`]).
    pub fn log_window(&self, columns: usize, end: Option<LogIndex>) -> LogWindow {
        let longest = self.nodes.iter().map(last_log_index).max().unwrap_or(0);
        LogWindow::new(columns, end, longest)
    }

    /// Counters and the running hash of the trace.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Keeps only the `capacity` most recent events in the trace from now on (the default is
    /// [`crate::DEFAULT_RECENT_EVENTS`]), forgetting those kept so far; counts, hash and
    /// milestones are unchanged. Copies of the simulation (time travel's checkpoints) copy the
    /// recent events too.
    pub fn keep_recent_events(&mut self, capacity: usize) {
        self.trace.keep_recent(capacity);
    }

    // ---- further views, for checkers, tests and the command line ----

    /// Number of queue events processed so far (deliveries, timer wake-ups, client retries).
    pub fn events_processed(&self) -> u64 {
        self.events_processed
    }

    /// Number of events waiting in the queue.
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// The running server `id`; `None` if it is crashed or does not exist.
    pub fn server(&self, id: ServerId) -> Option<&RaftServer> {
        self.node(id)?.server.as_ref()
    }

    /// Index of server `id`'s last log entry (0 for an empty log); a crashed server's is its
    /// persisted log's. `None` if it does not exist.
    pub fn last_log_index(&self, id: ServerId) -> Option<LogIndex> {
        self.node(id).map(last_log_index)
    }

    /// What server `id` has persisted (its "disk"); `None` if it does not exist.
    pub fn persisted(&self, id: ServerId) -> Option<&PersistentState> {
        Some(&self.node(id)?.disk)
    }

    /// Server `id`'s key-value store; `None` if it is crashed or does not exist.
    pub fn kv(&self, id: ServerId) -> Option<&KvStore> {
        let node = self.node(id)?;
        node.server.as_ref().map(|_| &node.kv)
    }

    /// The running leader with the highest term, if any.
    pub fn leader(&self) -> Option<ServerId> {
        self.nodes
            .iter()
            .filter_map(|node| node.server.as_ref())
            .filter(|server| server.role() == Role::Leader)
            .max_by_key(|server| server.current_term())
            .map(RaftServer::id)
    }

    /// Every client request issued so far, answered or not, in id order: call and return times
    /// and results, for linearizability checking.
    pub fn requests(&self) -> &[RequestRecord] {
        self.client.history()
    }

    /// The cluster with the log entries at positions `log_positions` (index − 1) and the first
    /// `kv_pairs` pairs of each store.
    fn snapshot(&self, log_positions: Range<LogIndex>, kv_pairs: usize) -> ClusterState {
        let mut messages: Vec<MessageState> =
            self.queue.messages().map(InFlight::to_state).collect();
        messages.sort_unstable_by_key(|message| message.id);
        ClusterState {
            time_ms: us_to_ms(self.now),
            servers: self
                .nodes
                .iter()
                .map(|node| server_state(node, log_positions.clone(), kv_pairs))
                .collect(),
            messages,
            dropped: self.vanishing.states(self.now),
            requests: self.client.open_states(),
            violation: self
                .violation
                .as_ref()
                .map(|(violation, _)| violation.clone()),
            violation_broken_rules: self.violation.as_ref().map(|&(_, rules)| rules),
            network: self.network.settings(),
            partition: self.network.links.groups(),
            cut_links: self.network.links.cut_links(),
            extensions: self.extensions(),
            broken_rules: self.raft_config.unsafe_rules,
        }
    }
}

/// The node's last log index: the running server's, or its disk's while crashed.
fn last_log_index(node: &Node) -> LogIndex {
    match &node.server {
        Some(server) => server.last_log_index(),
        None => node.disk.log.len() as LogIndex,
    }
}

fn server_state(node: &Node, log_positions: Range<LogIndex>, kv_pairs: usize) -> ServerState {
    let tail = |log: &[Entry]| -> Vec<EntryState> {
        let end = log_positions.end.min(log.len() as LogIndex) as usize;
        log.get(log_positions.start as usize..end)
            .unwrap_or(&[])
            .iter()
            .map(|entry| EntryState {
                index: entry.index,
                term: entry.term,
                command: entry.command().map(str::to_string),
                request: match &entry.payload {
                    EntryPayload::Command(command) => command.request().map(|r| r.id),
                    EntryPayload::Noop => None,
                },
            })
            .collect()
    };
    match &node.server {
        Some(server) => ServerState {
            id: node.id,
            role: server.role(),
            crashed: false,
            term: server.current_term(),
            voted_for: server.voted_for(),
            votes_received: server.votes_received().to_vec(),
            leader_id: server.leader_id(),
            commit_index: server.commit_index(),
            last_applied: server.last_applied(),
            log: tail(server.log()),
            election_timer_ms: server
                .election_timer()
                .map(|(start, fire)| [us_to_ms(start), us_to_ms(fire)]),
            kv: node
                .kv
                .iter()
                .take(kv_pairs)
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
            progress: server.followers().collect(),
            transferring_to: server.leadership_transfer(),
        },
        None => ServerState {
            id: node.id,
            role: Role::Follower,
            crashed: true,
            term: node.disk.hard_state.current_term,
            voted_for: node.disk.hard_state.voted_for,
            votes_received: Vec::new(),
            leader_id: None,
            commit_index: 0,
            last_applied: 0,
            log: tail(&node.disk.log),
            election_timer_ms: None,
            kv: Vec::new(),
            progress: Vec::new(),
            transferring_to: None,
        },
    }
}
