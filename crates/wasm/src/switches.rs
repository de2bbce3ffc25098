//! What the "Break Raft" rules and the Raft extensions share on the JavaScript side: an object
//! of on/off switches by key (`{ commitByCounting: true }`) and a description of each switch
//! for the page's panels.

use raft_sim::json::{JsonWriter, ToJson};
use wasm_bindgen::prelude::*;

/// One switch as a panel lists it.
#[derive(Clone, Debug)]
pub(crate) struct SwitchDescription {
    /// The key in JavaScript objects, e.g. "commitByCounting".
    pub key: &'static str,
    /// The command line's id, e.g. "commit-by-counting".
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    /// One or two sentences on what switching it does.
    pub explanation: &'static str,
}

/// `{ key, id, title, explanation }`.
impl ToJson for SwitchDescription {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("key", self.key);
        out.field("id", self.id);
        out.field("title", self.title);
        out.field("explanation", self.explanation);
        out.end_object();
    }
}

/// Reads an object of switches such as `{ commitByCounting: true }`: each key must be one of
/// `keys` (`what` names them in the error, e.g. "rule") and each value a boolean. Returns each
/// key's position in `keys` with its value, in the object's order.
pub(crate) fn read_switches(
    changes: &JsValue,
    keys: &[&str],
    what: &str,
) -> Result<Vec<(usize, bool)>, String> {
    let example = format!("{{ {}: true }}", keys[0]);
    if !changes.is_object() || js_sys::Array::is_array(changes) {
        return Err(format!("takes an object such as {example}"));
    }
    let given: &js_sys::Object = changes.unchecked_ref();
    let mut switches = Vec::new();
    for pair in js_sys::Object::entries(given).iter() {
        let pair: js_sys::Array = pair.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let known = keys.iter().position(|&k| k == key).ok_or_else(|| {
            format!(
                "unknown {what} `{key}`; the {what}s are {}",
                keys.join(", ")
            )
        })?;
        let on = pair
            .get(1)
            .as_bool()
            .ok_or_else(|| format!("`{key}` must be true or false"))?;
        switches.push((known, on));
    }
    Ok(switches)
}
