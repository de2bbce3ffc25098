//! The Raft extensions part of the facade: switch CheckQuorum on and off while the cluster
//! runs, read which extensions are on, and list each with its explanation for the page's
//! panel. Keys are the camelCase names of `Extensions` (`checkQuorum`).

use crate::switches::{read_switches, SwitchDescription};
use crate::{to_js, Playground};
use raft_sim::Extension;
use wasm_bindgen::prelude::*;

/// Raft's optional extensions.
#[wasm_bindgen]
impl Playground {
    /// Switches extensions on or off from now on, on every server (crashed ones when they
    /// restart), e.g. `setExtensions({ checkQuorum: true })`. Extensions not given keep their
    /// state. Returns every extension's state: `{ checkQuorum }`.
    #[wasm_bindgen(js_name = setExtensions)]
    pub fn set_extensions(&mut self, changes: JsValue) -> Result<JsValue, JsError> {
        let keys = Extension::ALL.map(Extension::json_name);
        let switches = read_switches(&changes, &keys, "extension")
            .map_err(|why| JsError::new(&format!("sim: setExtensions: {why}")))?;
        let mut extensions = self.timeline.simulation().extensions();
        for (index, on) in switches {
            extensions.set(Extension::ALL[index], on);
        }
        self.timeline.set_extensions(extensions);
        to_js(&extensions)
    }

    /// Which extensions are on now: `{ checkQuorum }` (all `false`: the paper's Raft).
    pub fn extensions(&self) -> Result<JsValue, JsError> {
        to_js(&self.timeline.simulation().extensions())
    }
}

/// Every extension, in the panel's order: `[{ key, id, title, explanation }]`.
#[wasm_bindgen(js_name = extensionDescriptions)]
pub fn extension_descriptions() -> Result<JsValue, JsError> {
    let extensions: Vec<SwitchDescription> = Extension::ALL
        .into_iter()
        .map(|extension| SwitchDescription {
            key: extension.json_name(),
            id: extension.id(),
            title: extension.title(),
            explanation: extension.explanation(),
        })
        .collect();
    to_js(&extensions)
}
