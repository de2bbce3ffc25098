//! The network-fault part of the facade: partitions, cut links, heal, the network's settings and
//! dropping one message in flight. Each method checks the shape of what JavaScript passed, then
//! calls the simulator, whose own checks give the error messages.

use crate::{server_id, to_js, to_js_error, Playground};
use raft_sim::NetworkSettings;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Options of `cut` and `repair`.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct LinkOptions {
    /// Only the direction `from` → `to`; both directions when false or absent.
    one_way: bool,
}

/// Network faults. Server ids are 1-based; the client (0) reaches every server.
#[wasm_bindgen]
impl Playground {
    /// Splits the servers into groups that cannot reach each other, e.g.
    /// `partition([[1, 2], [3, 4, 5]])`. Servers not listed form one more group, so
    /// `partition([[1]])` isolates S1. Replaces an earlier partition; cut links stay cut.
    pub fn partition(&mut self, groups: JsValue) -> Result<(), JsError> {
        let groups: Vec<Vec<u32>> = serde_wasm_bindgen::from_value(groups).map_err(|e| {
            JsError::new(&format!(
                "sim: partition takes a list of groups of server ids, like [[1, 2], [3, 4, 5]] \
                 ({})",
                plain(&e)
            ))
        })?;
        self.timeline.partition(&groups).map_err(to_js_error)
    }

    /// Removes the partition and repairs every cut link (loss, duplication and latency stay).
    pub fn heal(&mut self) {
        self.timeline.heal();
    }

    /// Cuts the link between servers `from` and `to` both ways, or only from `from` to `to`
    /// with `{ oneWay: true }`.
    pub fn cut(&mut self, from: f64, to: f64, options: JsValue) -> Result<(), JsError> {
        let one_way = link_options(options, "cut")?.one_way;
        self.timeline
            .cut(server_id(from)?, server_id(to)?, one_way)
            .map_err(to_js_error)
    }

    /// Repairs a cut link both ways, or only from `from` to `to` with `{ oneWay: true }`.
    pub fn repair(&mut self, from: f64, to: f64, options: JsValue) -> Result<(), JsError> {
        let one_way = link_options(options, "repair")?.one_way;
        self.timeline
            .repair(server_id(from)?, server_id(to)?, one_way)
            .map_err(to_js_error)
    }

    /// Changes the network for messages sent from now on, e.g.
    /// `setNetwork({ lossRate: 0.1, duplicateRate: 0.05, latencyMs: [10, 50] })`. Settings not
    /// given keep their current values; also `longDelayRate` and `longDelayMsMax` (messages
    /// held back, so they arrive out of order). Returns the settings now in effect.
    #[wasm_bindgen(js_name = setNetwork)]
    pub fn set_network(&mut self, changes: JsValue) -> Result<JsValue, JsError> {
        let invalid = |why: String| JsError::new(&format!("sim: invalid configuration: {why}"));
        if !changes.is_object() || js_sys::Array::is_array(&changes) {
            return Err(invalid(
                "setNetwork takes an object such as { lossRate: 0.1, latencyMs: [10, 50] }"
                    .to_string(),
            ));
        }
        let merged = to_js(&self.timeline.simulation().network())?;
        refuse_unknown_keys(&changes, &merged, "setting", invalid)?;
        let merged_object: &js_sys::Object = merged.unchecked_ref();
        js_sys::Object::assign(merged_object, changes.unchecked_ref());
        let settings: NetworkSettings =
            serde_wasm_bindgen::from_value(merged).map_err(|e| invalid(plain(&e)))?;
        self.timeline.set_network(settings).map_err(to_js_error)?;
        to_js(&settings)
    }

    /// The network's current settings: `{ lossRate, duplicateRate, longDelayRate,
    /// longDelayMsMax, latencyMs: [min, max] }`.
    pub fn network(&self) -> Result<JsValue, JsError> {
        to_js(&self.timeline.simulation().network())
    }

    /// Drops message `id` (from `state().messages`) while it is in flight.
    #[wasm_bindgen(js_name = drop)]
    pub fn drop_message(&mut self, id: f64) -> Result<(), JsError> {
        if id.fract() != 0.0 || !(0.0..=9_007_199_254_740_991.0).contains(&id) {
            return Err(JsError::new(&format!(
                "sim: a message id is a whole number like 12, got {id}"
            )));
        }
        self.timeline.drop_message(id as u64).map_err(to_js_error)
    }
}

/// Reads `cut`/`repair` options: `undefined`, `null` or `{ oneWay: boolean }`.
fn link_options(options: JsValue, action: &str) -> Result<LinkOptions, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(LinkOptions::default());
    }
    let invalid = |why: String| JsError::new(&format!("sim: {action}: {why}"));
    if !options.is_object() {
        return Err(invalid(
            "the options are an object such as { oneWay: true }".to_string(),
        ));
    }
    let known = to_js(&LinkOptions::default())?;
    refuse_unknown_keys(&options, &known, "option", invalid)?;
    serde_wasm_bindgen::from_value(options).map_err(|e| invalid(plain(&e)))
}

/// Refuses keys of `given` that `known` does not have (serde-wasm-bindgen ignores them, and a
/// typo such as `lossrate` must not silently do nothing).
fn refuse_unknown_keys(
    given: &JsValue,
    known: &JsValue,
    what: &str,
    invalid: impl Fn(String) -> JsError,
) -> Result<(), JsError> {
    let given: &js_sys::Object = given.unchecked_ref();
    for key in js_sys::Object::keys(given).iter() {
        if !js_sys::Reflect::has(known, &key).unwrap_or(false) {
            let name = key.as_string().unwrap_or_default();
            return Err(invalid(format!("unknown {what} `{name}`")));
        }
    }
    Ok(())
}

/// A serde-wasm-bindgen error's text without its "Error: " prefix.
fn plain(error: &serde_wasm_bindgen::Error) -> String {
    error.to_string().trim_start_matches("Error: ").to_string()
}
