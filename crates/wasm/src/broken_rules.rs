//! The "Break Raft" part of the facade (unsafe, for teaching): switch Raft's safety rules off
//! and on, read which are broken, and list every rule with its one-sentence explanation for the
//! page's panel. Keys are the camelCase names of `UnsafeRules` (`commitByCounting`, ...).

use crate::{to_js, Playground};
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::UnsafeRule;
use wasm_bindgen::prelude::*;

/// One rule as the "Break Raft" panel lists it.
#[derive(Clone, Debug)]
struct RuleDescription {
    /// The key in `setBrokenRules` / `brokenRules()`, e.g. "commitByCounting".
    key: &'static str,
    /// The command line's id, e.g. "commit-by-counting".
    id: &'static str,
    /// A short title.
    title: &'static str,
    /// One sentence on what breaking it does.
    explanation: &'static str,
}

/// `{ key, id, title, explanation }`.
impl ToJson for RuleDescription {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("key", self.key);
        out.field("id", self.id);
        out.field("title", self.title);
        out.field("explanation", self.explanation);
        out.end_object();
    }
}

/// Breaking safety rules (unsafe, for teaching).
#[wasm_bindgen]
impl Playground {
    /// Breaks or restores safety rules from now on, on every server (crashed ones when they
    /// restart), e.g. `setBrokenRules({ commitByCounting: true })`. Rules not given keep their
    /// state. Returns every rule's state: `{ voteWithoutLogCheck, commitByCounting,
    /// forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }`.
    #[wasm_bindgen(js_name = setBrokenRules)]
    pub fn set_broken_rules(&mut self, changes: JsValue) -> Result<JsValue, JsError> {
        let invalid = |why: String| JsError::new(&format!("sim: setBrokenRules: {why}"));
        if !changes.is_object() || js_sys::Array::is_array(&changes) {
            return Err(invalid(
                "takes an object such as { commitByCounting: true }".to_string(),
            ));
        }
        let mut rules = self.timeline.simulation().broken_rules();
        let given: &js_sys::Object = changes.unchecked_ref();
        for pair in js_sys::Object::entries(given).iter() {
            let pair: js_sys::Array = pair.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let rule = UnsafeRule::ALL
                .into_iter()
                .find(|rule| rule.json_name() == key)
                .ok_or_else(|| {
                    invalid(format!("unknown rule `{key}`; the rules are {}", keys()))
                })?;
            let broken = pair
                .get(1)
                .as_bool()
                .ok_or_else(|| invalid(format!("`{key}` must be true or false")))?;
            rules.set(rule, broken);
        }
        self.timeline.set_broken_rules(rules);
        to_js(&rules)
    }

    /// Which safety rules are broken now: `{ voteWithoutLogCheck, commitByCounting,
    /// forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }` (all `false`:
    /// plain Raft).
    #[wasm_bindgen(js_name = brokenRules)]
    pub fn broken_rules(&self) -> Result<JsValue, JsError> {
        to_js(&self.timeline.simulation().broken_rules())
    }
}

/// Every rule that can be broken, in the panel's order: `[{ key, id, title, explanation }]`.
#[wasm_bindgen(js_name = brokenRuleDescriptions)]
pub fn broken_rule_descriptions() -> Result<JsValue, JsError> {
    let rules: Vec<RuleDescription> = UnsafeRule::ALL
        .into_iter()
        .map(|rule| RuleDescription {
            key: rule.json_name(),
            id: rule.id(),
            title: rule.title(),
            explanation: rule.explanation(),
        })
        .collect();
    to_js(&rules)
}

/// The keys `setBrokenRules` takes (the fields of `UnsafeRules`), for error messages.
fn keys() -> String {
    UnsafeRule::ALL
        .into_iter()
        .map(UnsafeRule::json_name)
        .collect::<Vec<_>>()
        .join(", ")
}
