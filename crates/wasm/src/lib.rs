//! raft-wasm: the browser's handle on a simulated Raft cluster.
//!
//! A thin wasm-bindgen facade over [`raft_sim::Simulation`] (rustpad-style: a newtype over the
//! pure crate). The simulation stays in wasm memory behind the opaque [`Playground`] handle;
//! JavaScript gets small results: strings, numbers and the JSON-compatible [`ClusterState`]
//! snapshot. JavaScript owns the frame loop and all drawing; this crate owns all state.
//!
//! Every error crosses as a `JsError` whose message is the simulator's own (`sim: ...`). A panic
//! logs to `console.error` and leaves its message for [`last_panic`], so the page can show it.

#[cfg(target_family = "wasm")]
mod allocator;
mod broken_rules;
mod events;
mod extensions;
mod faults;
mod panic_hook;
mod scenario;
mod switches;
mod view;

pub use broken_rules::broken_rule_descriptions;
pub use events::Milestones;
pub use extensions::extension_descriptions;
pub use panic_hook::{debug_panic, last_panic};
pub use view::{FrameView, KV_ROWS};

use raft_core::{LogIndex, Time};
use raft_sim::json::{ToJson, Value};
use raft_sim::scenario::MAX_TIME_MS;
use raft_sim::{Decimal, SimConfig, Simulation, Timeline};
use wasm_bindgen::prelude::*;

/// A simulated Raft cluster, driven from JavaScript.
#[wasm_bindgen]
pub struct Playground {
    /// The simulation with its recorded history (every action goes through it, so share
    /// links and `seek` replay it).
    timeline: Timeline,
    /// Virtual time, in (fractional) microseconds, that `advance` has reached so far. Keeps the
    /// fractions of a microsecond that small frame steps at slow speeds would otherwise lose.
    advanced_to_us: f64,
}

/// Methods JavaScript cannot call.
impl Playground {
    /// Builds a playground from settings already parsed.
    pub fn from_config(config: SimConfig) -> Result<Playground, raft_sim::SimError> {
        Ok(Playground {
            timeline: Timeline::new(config)?,
            advanced_to_us: 0.0,
        })
    }

    /// The simulation behind the handle.
    pub fn simulation(&self) -> &Simulation {
        self.timeline.simulation()
    }

    /// The simulation and its recorded history.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
}

/// The playground as JavaScript sees it. Times are virtual milliseconds.
#[wasm_bindgen]
impl Playground {
    /// Builds a cluster from an optional settings object (`SimConfig` in camelCase, e.g.
    /// `{ seed: 7, servers: 5 }`); missing fields take their defaults, unknown ones are refused.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Playground, JsError> {
        panic_hook::install();
        let config = if config.is_undefined() || config.is_null() {
            SimConfig::default()
        } else {
            parse_config(&config)?
        };
        Playground::from_config(config).map_err(to_js_error)
    }

    /// The settings the cluster was built with (camelCase, as the constructor takes them).
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.timeline.simulation().config())
    }

    /// Advances virtual time by `ms` milliseconds, processing every event due on the way; if a
    /// safety checker finds its first violation on the way, stops at that moment instead.
    pub fn advance(&mut self, ms: f64) -> Result<(), JsError> {
        if !ms.is_finite() || ms < 0.0 {
            return Err(JsError::new(&format!(
                "sim: advance needs a finite, non-negative number of milliseconds, got {}",
                Decimal(ms)
            )));
        }
        let now_us = self.timeline.now() as f64;
        let wanted_us = self.advanced_to_us.max(now_us) + ms * 1000.0;
        self.advanced_to_us = wanted_us.min(LAST_MOMENT_US);
        // The epsilon absorbs floating-point error from summing many small steps.
        let until: Time = (self.advanced_to_us + 1e-6).floor() as Time;
        if until > self.timeline.now() && self.timeline.run_until_first_violation(until) {
            // Stopped where a guarantee first broke: the next advance starts from there.
            self.advanced_to_us = self.timeline.now() as f64;
        }
        if wanted_us > LAST_MOMENT_US {
            return Err(time_limit_error());
        }
        Ok(())
    }

    /// Processes the next event alone and describes it; `undefined` when nothing is pending.
    /// Throws when the next event lies past the 2 h limit.
    pub fn step(&mut self) -> Result<Option<String>, JsError> {
        let next = self.timeline.simulation().next_event_time();
        if next.is_some_and(|time| time as f64 > LAST_MOMENT_US) {
            return Err(time_limit_error());
        }
        Ok(self.timeline.step().map(|event| event.describe()))
    }

    /// Crashes server `id`: its volatile state is lost and messages to it are dropped.
    pub fn crash(&mut self, id: f64) -> Result<(), JsError> {
        self.timeline.crash(server_id(id)?).map_err(to_js_error)
    }

    /// Restarts crashed server `id` from what it persisted.
    pub fn restart(&mut self, id: f64) -> Result<(), JsError> {
        self.timeline.restart(server_id(id)?).map_err(to_js_error)
    }

    /// Makes server `id`'s election timer fire now.
    pub fn timeout(&mut self, id: f64) -> Result<(), JsError> {
        self.timeline
            .timeout_now(server_id(id)?)
            .map_err(to_js_error)
    }

    /// Asks the leader (the running one of the highest term) to hand leadership over to server
    /// `id`: it takes no commands until `id` leads, or gives up after an election timeout.
    #[wasm_bindgen(js_name = transferLeadership)]
    pub fn transfer_leadership(&mut self, id: f64) -> Result<(), JsError> {
        self.timeline
            .transfer_leadership(server_id(id)?)
            .map_err(to_js_error)
    }

    /// The client sends `command` (e.g. `"set x 1"`) to the cluster; returns the request id.
    /// It goes first to `server` if given (a follower redirects it), else to the server the
    /// client believes leads.
    /// Refused at the 2 h limit: time cannot move on to deliver it.
    pub fn request(&mut self, command: &str, server: Option<f64>) -> Result<f64, JsError> {
        let to = server.map(server_id).transpose()?;
        if self.timeline.now() as f64 >= LAST_MOMENT_US {
            return Err(JsError::new(&format!(
                "{}; a request sent now would never arrive",
                time_limit_message()
            )));
        }
        let id = self
            .timeline
            .client_request_to(command, to)
            .map_err(to_js_error)?;
        Ok(id as f64)
    }

    /// The running leader with the highest term (its id), or `undefined` when no server leads.
    pub fn leader(&self) -> Option<u32> {
        self.timeline.simulation().leader()
    }

    /// The whole cluster, every log in full: `{ timeMs, servers, messages, requests }`.
    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&self.timeline.simulation().state())
    }

    /// What one frame draws: like `state()`, but logs hold only `logTail` indexes ending at
    /// `logEnd` (the end of the longest log when absent; kept inside the logs) and `logWindow`
    /// says which, the key-value store only the live leader's first pairs, and `kvSizes` the
    /// size of each store.
    pub fn view(&self, log_tail: u32, log_end: Option<u32>) -> Result<JsValue, JsError> {
        to_js(&FrameView::new(
            self.timeline.simulation(),
            log_tail as usize,
            log_end.map(LogIndex::from),
        ))
    }

    /// Current virtual time in milliseconds.
    #[wasm_bindgen(js_name = timeMs)]
    pub fn time_ms(&self) -> f64 {
        self.timeline.now() as f64 / 1000.0
    }

    /// The running hash of the trace, as 16 hex digits: equal runs give equal hashes, natively
    /// and in wasm.
    #[wasm_bindgen(js_name = traceHash)]
    pub fn trace_hash(&self) -> String {
        format!("{:016x}", self.timeline.simulation().trace().hash())
    }

    /// Number of events in the trace so far.
    #[wasm_bindgen(js_name = eventCount)]
    pub fn event_count(&self) -> f64 {
        self.timeline.simulation().trace().total() as f64
    }
}

/// The last virtual moment (µs) the playground runs to: the longest a scenario, and so a share
/// link, may be (`MAX_TIME_MS`).
const LAST_MOMENT_US: f64 = MAX_TIME_MS * 1000.0;

fn time_limit_message() -> String {
    format!(
        "sim: the playground stops at 2 h of virtual time ({} ms), the most a link can replay",
        Decimal(MAX_TIME_MS)
    )
}

fn time_limit_error() -> JsError {
    JsError::new(&time_limit_message())
}

/// A server id from JavaScript: a whole number that fits a `u32`.
fn server_id(id: f64) -> Result<u32, JsError> {
    if id.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&id) {
        Ok(id as u32)
    } else {
        Err(JsError::new(&format!(
            "sim: a server id is a whole number like 1, got {}",
            Decimal(id)
        )))
    }
}

/// Reads a settings object, refusing fields `SimConfig` does not have (a typo such as `sever`
/// must not silently give the defaults) and unknown keys in its `brokenRules`.
fn parse_config(value: &JsValue) -> Result<SimConfig, JsError> {
    let invalid = |why: String| JsError::new(&format!("sim: invalid configuration: {why}"));
    SimConfig::from_json(from_js(value).map_err(invalid)?).map_err(invalid)
}

fn to_js_error(error: raft_sim::SimError) -> JsError {
    JsError::new(&error.to_string())
}

/// Hands a value to JavaScript as a plain object: written as JSON text here, built by
/// `JSON.parse` there in one call (maps become objects, integers numbers, `None` `null`).
fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&raft_sim::json::to_string(value))
        .map_err(|_| JsError::new("raft-wasm: cannot convert to JavaScript"))
}

/// Reads a JavaScript value through its JSON text (`JSON.stringify`: keys whose value is
/// `undefined` are left out, as if absent); the error is a phrase for a message.
fn from_js(value: &JsValue) -> Result<Value, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "the value cannot be written as JSON".to_string())?;
    raft_sim::json::parse(&text).map_err(|error| error.to_string())
}
