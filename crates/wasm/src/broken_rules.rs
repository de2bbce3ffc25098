//! The "Break Raft" part of the facade (unsafe, for teaching): switch Raft's safety rules off
//! and on, read which are broken, and list every rule with its one-sentence explanation for the
//! page's panel. Keys are the camelCase names of `UnsafeRules` (`commitByCounting`, ...).

use crate::switches::{read_switches, SwitchDescription};
use crate::{to_js, Playground};
use raft_sim::UnsafeRule;
use wasm_bindgen::prelude::*;

/// Breaking safety rules (unsafe, for teaching).
#[wasm_bindgen]
impl Playground {
    /// Breaks or restores safety rules from now on, on every server (crashed ones when they
    /// restart), e.g. `setBrokenRules({ commitByCounting: true })`. Rules not given keep their
    /// state. Returns every rule's state: `{ voteWithoutLogCheck, commitByCounting,
    /// forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }`.
    #[wasm_bindgen(js_name = setBrokenRules)]
    pub fn set_broken_rules(&mut self, changes: JsValue) -> Result<JsValue, JsError> {
        let keys = UnsafeRule::ALL.map(UnsafeRule::json_name);
        let switches = read_switches(&changes, &keys, "rule")
            .map_err(|why| JsError::new(&format!("sim: setBrokenRules: {why}")))?;
        let mut rules = self.timeline.simulation().broken_rules();
        for (index, broken) in switches {
            rules.set(UnsafeRule::ALL[index], broken);
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
    let rules: Vec<SwitchDescription> = UnsafeRule::ALL
        .into_iter()
        .map(|rule| SwitchDescription {
            key: rule.json_name(),
            id: rule.id(),
            title: rule.title(),
            explanation: rule.explanation(),
        })
        .collect();
    to_js(&rules)
}
