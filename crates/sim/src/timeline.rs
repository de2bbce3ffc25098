//! `Timeline`: a simulation with its recorded history, for share links and time travel.
//!
//! Every action goes through the timeline, which records it with its virtual time (and, when it
//! is taken between two events at the same time, the number of events processed before it).
//! Sparse checkpoints (see `timeline/checkpoints.rs`) make any moment reachable: seeking back
//! restores the nearest earlier checkpoint and re-simulates forward, replaying the recorded
//! actions on the way; moving forward while behind the end of the history replays them too.
//! Acting in the past forks the history: later actions are discarded, and a [`ForkNotice`]
//! says how many.
//!
//! ```
//! use raft_sim::{SimConfig, Timeline};
//!
//! let mut timeline = Timeline::new(SimConfig::default()).unwrap();
//! timeline.run_until(1_000_000);
//! timeline.crash(1).unwrap();
//! timeline.run_until(3_000_000);
//! let hash = timeline.simulation().trace().hash();
//! timeline.seek(500_000); // before the crash
//! assert!(timeline.simulation().server(1).is_some());
//! timeline.seek(3_000_000); // the crash is replayed
//! assert_eq!(timeline.simulation().trace().hash(), hash);
//! ```

mod checkpoints;
mod replay;

pub use checkpoints::{CHECKPOINT_BUDGET_BYTES, FIRST_INTERVAL_US, MAX_CHECKPOINTS};

use crate::scenario::{
    encode_link_payload, validate, Action, ActionKind, Scenario, ScenarioError, MAX_ACTIONS,
    MAX_LINK_BYTES,
};
use crate::trace::TraceEvent;
use crate::{Extensions, NetworkSettings, SimConfig, SimError, Simulation};
use checkpoints::Checkpoints;
use raft_core::{Time, UnsafeRules};
use replay::{apply, changes_nothing, Recorded};

/// Recent trace events a timeline's simulation keeps: each checkpoint copies them (40 bytes
/// each), and the page reads none of them (Step describes the event it processed). The
/// default 1,000 cost 3.6 MB of wasm memory after an hour of `npm run bench`'s time travel.
pub const TIMELINE_RECENT_EVENTS: usize = 64;

/// Said once after an action taken in the past discarded later recorded actions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForkNotice {
    /// Virtual time of the action that forked the history (ms).
    pub at_ms: f64,
    /// How many recorded actions after it were discarded.
    pub discarded_actions: usize,
}

/// A simulation plus everything needed to replay it: the recorded actions and checkpoints.
#[derive(Clone)]
pub struct Timeline {
    sim: Simulation,
    /// Every recorded action, in the order taken.
    actions: Vec<Recorded>,
    /// `actions[..next_action]` are applied to `sim`.
    next_action: usize,
    /// The furthest virtual time the history reaches (µs).
    history_end: Time,
    checkpoints: Checkpoints,
    fork: Option<ForkNotice>,
}

impl Timeline {
    /// A new run from `config`, with nothing recorded.
    pub fn new(config: SimConfig) -> Result<Timeline, SimError> {
        let mut sim = Simulation::new(config)?;
        // Every checkpoint copies the trace's recent events; the page only ever needs the last.
        sim.keep_recent_events(TIMELINE_RECENT_EVENTS);
        Ok(Timeline {
            checkpoints: Checkpoints::new(&sim),
            sim,
            actions: Vec::new(),
            next_action: 0,
            history_end: 0,
            fork: None,
        })
    }

    /// Replays `scenario` (after checking it) to its last action, its `endMs` or its
    /// `historyEndMs`, whichever is latest (the end of its history), then goes to `endMs` if
    /// given. An action that cannot be carried out (crashing a crashed server, dropping a
    /// message not in flight) is an error naming its index.
    pub fn from_scenario(scenario: &Scenario) -> Result<Timeline, ScenarioError> {
        validate(scenario)?;
        let config = scenario.sim_config()?;
        let mut timeline =
            Timeline::new(config).map_err(|error| ScenarioError::Invalid(error.to_string()))?;
        timeline.actions = scenario
            .actions
            .iter()
            .map(|action| Recorded {
                at_us: ms_to_us(action.at_ms),
                after_event: action.after_event,
                kind: action.kind.clone(),
            })
            .collect();
        let last = timeline.actions.last().map_or(0, |action| action.at_us);
        let end = scenario.end_ms.map(ms_to_us);
        let history_end = scenario.history_end_ms.map_or(0, ms_to_us);
        timeline
            .forward_to(end.unwrap_or(0).max(last).max(history_end))
            .map_err(|(index, error)| ScenarioError::ActionFailed {
                index,
                why: error.what(),
            })?;
        if let Some(end) = end.filter(|&end| end < timeline.now()) {
            timeline.seek(end); // the author was back in time when sharing
        }
        Ok(timeline)
    }

    // ---- where the run is ----

    /// The simulation at the current moment.
    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    /// Current virtual time (µs).
    pub fn now(&self) -> Time {
        self.sim.now()
    }

    /// The furthest virtual time recorded (µs): the right end of the timeline.
    pub fn history_end(&self) -> Time {
        self.history_end
    }

    /// Number of recorded actions (including any ahead of the current moment).
    pub fn recorded_actions(&self) -> usize {
        self.actions.len()
    }

    /// Number of checkpoints kept.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Log entries held by the checkpoints and by the current simulation, a measure of memory.
    pub fn log_entries_held(&self) -> usize {
        self.checkpoints.log_entries() + checkpoints::log_entries(&self.sim)
    }

    /// Estimated size of the checkpoints (bytes), at most [`CHECKPOINT_BUDGET_BYTES`].
    pub fn checkpoint_bytes(&self) -> usize {
        self.checkpoints.bytes()
    }

    /// The fork notice of the last action that discarded later actions, once; then `None`.
    pub fn take_fork_notice(&mut self) -> Option<ForkNotice> {
        self.fork.take()
    }

    // ---- moving in time ----

    /// Processes every event up to `until` (µs), replaying recorded actions on the way; time
    /// never goes backwards here (see [`seek`](Self::seek)).
    pub fn run_until(&mut self, until: Time) {
        let replayed = self.forward_to(until);
        debug_assert!(replayed.is_ok(), "a recorded action failed on replay");
    }

    /// Processes the next event alone, first carrying out any recorded action due before it,
    /// and then any due right after it.
    pub fn step(&mut self) -> Option<TraceEvent> {
        self.apply_due(Time::MAX);
        let event = self.sim.step();
        self.apply_due(self.sim.now());
        self.checkpoints.maybe_save(&self.sim, self.next_action);
        self.history_end = self.history_end.max(self.sim.now());
        event
    }

    /// Like [`run_until`](Self::run_until), but if a safety checker finds its first violation
    /// on the way, ends at that moment instead (after every event of that instant), so the
    /// cluster can be shown as it was when the guarantee broke. Returns true if it stopped
    /// there. Once a violation is known it runs on like `run_until`.
    pub fn run_until_first_violation(&mut self, until: Time) -> bool {
        let clean = self.sim.violation().is_none();
        self.run_until(until);
        let broke_at = clean
            .then(|| self.sim.violation())
            .flatten()
            .map(|violation| violation.time_us);
        match broke_at {
            Some(time) => {
                self.seek(time);
                true
            }
            None => false,
        }
    }

    /// Goes to virtual time `time` (µs), backwards or forwards: the state is the one a
    /// straight run with the same recorded actions has at `time`.
    pub fn seek(&mut self, time: Time) {
        let checkpoint = self.checkpoints.latest_at_or_before(time);
        // Back in time, or forward past a checkpoint: start from the nearest one.
        if time < self.sim.now() || checkpoint.sim.now() > self.sim.now() {
            self.sim = checkpoint.sim.clone();
            self.next_action = checkpoint.next_action;
        }
        self.run_until(time);
    }

    // ---- actions (each is recorded) ----

    /// Carries out `kind` now and records it. In the past, the recorded future is discarded
    /// first (see [`take_fork_notice`](Self::take_fork_notice)). Returns the request id of a
    /// client request. A refused action changes nothing; an action that would change nothing
    /// (healing a healed network, the settings already in effect) is neither carried out nor
    /// recorded.
    pub fn act(&mut self, kind: ActionKind) -> Result<Option<u64>, SimError> {
        if changes_nothing(&self.sim, &kind) {
            return Ok(None);
        }
        let (now, events) = (self.sim.now(), self.sim.events_processed());
        let after_event = self
            .sim
            .next_event_time()
            .is_some_and(|next| next <= now)
            .then_some(events);
        let result = apply(&mut self.sim, &kind)?;
        let discarded = self.actions.len() - self.next_action;
        if discarded > 0 || now < self.history_end {
            self.actions.truncate(self.next_action);
            self.checkpoints
                .truncate_after(now, events, self.next_action);
            self.history_end = now;
            if discarded > 0 {
                self.fork = Some(ForkNotice {
                    at_ms: us_to_ms(now),
                    discarded_actions: discarded,
                });
            }
        }
        self.actions.push(Recorded {
            at_us: now,
            after_event,
            kind,
        });
        self.next_action += 1;
        Ok(result)
    }

    /// Crashes server `id` (recorded).
    pub fn crash(&mut self, id: u32) -> Result<(), SimError> {
        self.act(ActionKind::Crash { server: id }).map(drop)
    }

    /// Restarts crashed server `id` (recorded).
    pub fn restart(&mut self, id: u32) -> Result<(), SimError> {
        self.act(ActionKind::Restart { server: id }).map(drop)
    }

    /// Makes server `id`'s election timer fire now (recorded).
    pub fn timeout_now(&mut self, id: u32) -> Result<(), SimError> {
        self.act(ActionKind::Timeout { server: id }).map(drop)
    }

    /// Asks the leader to hand leadership over to server `to` (recorded).
    pub fn transfer_leadership(&mut self, to: u32) -> Result<(), SimError> {
        self.act(ActionKind::TransferLeadership { to }).map(drop)
    }

    /// The client sends `command` (recorded); returns the request id.
    pub fn client_request(&mut self, command: &str) -> Result<u64, SimError> {
        self.client_request_to(command, None)
    }

    /// The client sends `command` first to server `to`, or with `None` to the server it
    /// believes leads (recorded); returns the request id.
    pub fn client_request_to(&mut self, command: &str, to: Option<u32>) -> Result<u64, SimError> {
        let kind = ActionKind::Request {
            command: command.to_string(),
            server: to,
        };
        Ok(self.act(kind)?.unwrap_or_default())
    }

    /// Partitions the servers into `groups` (recorded).
    pub fn partition(&mut self, groups: &[Vec<u32>]) -> Result<(), SimError> {
        self.act(ActionKind::Partition {
            groups: groups.to_vec(),
        })
        .map(drop)
    }

    /// Removes the partition and repairs every cut link (recorded).
    pub fn heal(&mut self) {
        let healed = self.act(ActionKind::Heal);
        debug_assert!(healed.is_ok(), "heal always succeeds");
    }

    /// Cuts a link (recorded).
    pub fn cut(&mut self, from: u32, to: u32, one_way: bool) -> Result<(), SimError> {
        self.act(ActionKind::Cut { from, to, one_way }).map(drop)
    }

    /// Repairs a link (recorded).
    pub fn repair(&mut self, from: u32, to: u32, one_way: bool) -> Result<(), SimError> {
        self.act(ActionKind::Repair { from, to, one_way }).map(drop)
    }

    /// Changes the network's settings (recorded).
    pub fn set_network(&mut self, settings: NetworkSettings) -> Result<(), SimError> {
        self.act(ActionKind::SetNetwork(settings)).map(drop)
    }

    /// Drops message `id` in flight (recorded).
    pub fn drop_message(&mut self, id: u64) -> Result<(), SimError> {
        self.act(ActionKind::Drop { message: id }).map(drop)
    }

    /// Makes the servers break exactly `rules` from now on (recorded when it changes them).
    pub fn set_broken_rules(&mut self, rules: UnsafeRules) {
        if rules == self.sim.broken_rules() {
            return;
        }
        let rules = rules.broken().map(|rule| rule.id().to_string()).collect();
        let changed = self.act(ActionKind::SetBrokenRules { rules });
        debug_assert!(changed.is_ok(), "rule ids written here are known");
    }

    /// Switches on exactly `extensions` from now on (recorded when it changes them).
    pub fn set_extensions(&mut self, extensions: Extensions) {
        if extensions == self.sim.extensions() {
            return;
        }
        let extensions = extensions.ids();
        let changed = self.act(ActionKind::SetExtensions { extensions });
        debug_assert!(changed.is_ok(), "extension ids written here are known");
    }

    // ---- the scenario ----

    /// The run as a scenario: its settings, every recorded action, `endMs` = now and, when the
    /// run had gone further than now, `historyEndMs`.
    pub fn scenario(&self) -> Scenario {
        let mut scenario = Scenario::from_config(self.sim.config());
        scenario.actions = self
            .actions
            .iter()
            .map(|action| Action {
                at_ms: us_to_ms(action.at_us),
                after_event: action.after_event,
                kind: action.kind.clone(),
            })
            .collect();
        scenario.end_ms = Some(us_to_ms(self.sim.now()));
        scenario.history_end_ms =
            (self.history_end > self.sim.now()).then(|| us_to_ms(self.history_end));
        scenario
    }

    /// The share-link payload of [`scenario`](Self::scenario); refused when the run is too
    /// long for a link (more than [`MAX_ACTIONS`] actions, or a payload over
    /// [`MAX_LINK_BYTES`]).
    pub fn share_payload(&self) -> Result<String, ScenarioError> {
        if self.actions.len() > MAX_ACTIONS {
            return Err(ScenarioError::Invalid(format!(
                "the run has {} actions; a link holds at most {MAX_ACTIONS}",
                self.actions.len()
            )));
        }
        let payload = encode_link_payload(&self.scenario());
        if payload.len() > MAX_LINK_BYTES {
            return Err(ScenarioError::TooLarge {
                what: "the link",
                size: Some(payload.len()),
                limit: MAX_LINK_BYTES,
            });
        }
        Ok(payload)
    }

    // ---- replay ----

    /// Moves forward to `until`, applying every recorded action at or before it when it is
    /// due and saving checkpoints on the way. The error names the action that failed.
    fn forward_to(&mut self, until: Time) -> Result<(), (usize, SimError)> {
        while let Some(action) = self.actions.get(self.next_action) {
            if action.at_us > until {
                break;
            }
            while !action.is_due(&self.sim) {
                self.sim.step();
                self.checkpoints.maybe_save(&self.sim, self.next_action);
            }
            let at = action.at_us;
            if self.sim.now() < at {
                // Taken after time moved on with no event: nothing is due before `at`.
                self.run_events_until(at);
            }
            apply(&mut self.sim, &self.actions[self.next_action].kind)
                .map_err(|error| (self.next_action, error))?;
            self.next_action += 1;
        }
        self.run_events_until(until);
        self.history_end = self.history_end.max(self.sim.now());
        Ok(())
    }

    /// Processes events up to `until`, saving checkpoints on the way.
    fn run_events_until(&mut self, until: Time) {
        loop {
            let due = self.checkpoints.next_due();
            if due > until {
                break;
            }
            self.sim.run_until(due);
            if !self.checkpoints.maybe_save(&self.sim, self.next_action) {
                break;
            }
        }
        self.sim.run_until(until);
    }

    /// Carries out the recorded actions at or before `limit` that are due now.
    fn apply_due(&mut self, limit: Time) {
        while let Some(action) = self.actions.get(self.next_action) {
            if action.at_us > limit || !action.is_due(&self.sim) {
                return;
            }
            if self.sim.now() < action.at_us {
                self.sim.run_until(action.at_us);
            }
            let applied = apply(&mut self.sim, &action.kind);
            debug_assert!(applied.is_ok(), "a recorded action failed on replay");
            self.next_action += 1;
        }
    }
}

fn ms_to_us(ms: f64) -> Time {
    (ms * 1000.0).round() as Time
}

fn us_to_ms(us: Time) -> f64 {
    us as f64 / 1000.0
}
