//! The network-fault part of the facade: partitions, cut links, heal, the network's settings and
//! dropping one message in flight. Each method checks the shape of what JavaScript passed, then
//! calls the simulator, whose own checks give the error messages.

use crate::{from_js, server_id, to_js, to_js_error, Playground};
use raft_sim::json::{Fields, FromJson, Value};
use raft_sim::{Decimal, NetworkSettings};
use wasm_bindgen::prelude::*;

/// Options of `cut` and `repair`.
#[derive(Clone, Copy, Debug, Default)]
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
        let groups = from_js(&groups)
            .and_then(|groups| Vec::<Vec<u32>>::from_json("groups", groups))
            .map_err(|why| {
                JsError::new(&format!(
                    "sim: partition takes a list of groups of server ids, like [[1, 2], [3, 4, 5]] \
                     ({why})"
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
        let mut fields = object_fields(&changes).map_err(invalid)?;
        let current = self.timeline.simulation().network();
        let settings = NetworkSettings::read_json_fields(&mut fields, current)
            .and_then(|settings| fields.finish_as("setting").map(|()| settings))
            .map_err(invalid)?;
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
                "sim: a message id is a whole number like 12, got {}",
                Decimal(id)
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
    let mut fields = object_fields(&options).map_err(invalid)?;
    let one_way = fields.or("oneWay", false).map_err(invalid)?;
    fields.finish_as("option").map_err(invalid)?;
    Ok(LinkOptions { one_way })
}

/// The fields of a JavaScript object; keys nobody reads are refused at the end (a typo such as
/// `lossrate` must not silently do nothing).
fn object_fields(value: &JsValue) -> Result<Fields, String> {
    match from_js(value)? {
        Value::Object(map) => Ok(Fields::new(map)),
        _ => Err("expected an object".to_string()),
    }
}
