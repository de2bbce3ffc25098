//! Scenarios, share links and time travel for the page: build a playground from a scenario
//! (JSON or link), export the recorded run, move to any virtual moment, and learn when acting
//! in the past discarded later actions. Encoding and decoding live in `raft_sim::scenario`,
//! shared with the command line.

use crate::{to_js, Playground};
use raft_sim::scenario::{decode_scenario_text, MAX_TIME_MS};
use raft_sim::{Decimal, Timeline};
use wasm_bindgen::prelude::*;

/// Scenarios and time travel. Times are virtual milliseconds.
#[wasm_bindgen]
impl Playground {
    /// Builds a playground from a scenario: a whole link, a `#s=...` fragment, the bare
    /// payload, or the JSON text. It replays the scenario up to its `endMs` (or its last
    /// action) and stays there. Throws an `Error` whose message names the problem.
    #[wasm_bindgen(js_name = fromScenario)]
    pub fn from_scenario(text: &str) -> Result<Playground, JsError> {
        crate::panic_hook::install();
        let scenario = decode_scenario_text(text).map_err(|e| JsError::new(&e.to_string()))?;
        let timeline =
            Timeline::from_scenario(&scenario).map_err(|e| JsError::new(&e.to_string()))?;
        let advanced_to_us = timeline.now() as f64;
        Ok(Playground {
            timeline,
            advanced_to_us,
        })
    }

    /// The recorded run as a plain object (scenario format version 1): settings, every
    /// recorded action, and `endMs` = the current virtual time.
    pub fn scenario(&self) -> Result<JsValue, JsError> {
        to_js(&self.timeline.scenario())
    }

    /// The share link's payload (base64url of the compressed scenario), without `#s=`.
    /// Throws when the run is too long for a link.
    #[wasm_bindgen(js_name = sharePayload)]
    pub fn share_payload(&self) -> Result<String, JsError> {
        self.timeline
            .share_payload()
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Moves to virtual time `ms`, backwards or forwards, replaying recorded actions on the
    /// way. Past the end of the history it simulates forward (with no new actions).
    pub fn seek(&mut self, ms: f64) -> Result<(), JsError> {
        if !ms.is_finite() || !(0.0..=MAX_TIME_MS).contains(&ms) {
            return Err(JsError::new(&format!(
                "sim: seek needs a time from 0 to {} ms (2 h), got {}",
                Decimal(MAX_TIME_MS),
                Decimal(ms)
            )));
        }
        let to: raft_core::Time = (ms * 1000.0).round() as raft_core::Time;
        self.timeline.seek(to);
        self.advanced_to_us = self.timeline.now() as f64;
        Ok(())
    }

    /// Number of actions recorded so far (a scenario holds at most 10,000).
    #[wasm_bindgen(js_name = recordedActions)]
    pub fn recorded_actions(&self) -> u32 {
        self.timeline.recorded_actions() as u32
    }

    /// The furthest virtual time recorded (ms): the timeline's right end.
    #[wasm_bindgen(js_name = historyEndMs)]
    pub fn history_end_ms(&self) -> f64 {
        self.timeline.history_end() as f64 / 1000.0
    }

    /// `null`, or `{ atMs, discardedActions }` once after an action taken in the past
    /// discarded later recorded actions.
    #[wasm_bindgen(js_name = takeForkNotice)]
    pub fn take_fork_notice(&mut self) -> Result<JsValue, JsError> {
        match self.timeline.take_fork_notice() {
            None => Ok(JsValue::NULL),
            Some(notice) => to_js(&notice),
        }
    }
}
