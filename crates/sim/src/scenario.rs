//! Scenarios and share links: a versioned JSON record of a run (settings plus
//! every action with its virtual time), its link encoding, and the limits a scenario from
//! outside must respect. [`Timeline`](crate::Timeline) records and replays them.
//!
//! ```
//! use raft_sim::scenario::{decode_scenario_text, encode_link_payload, Scenario};
//! use raft_sim::SimConfig;
//!
//! let scenario = Scenario::from_config(&SimConfig::default());
//! let link = format!("https://example.org/#s={}", encode_link_payload(&scenario));
//! assert_eq!(decode_scenario_text(&link).unwrap(), scenario);
//! let error = decode_scenario_text("#s=ab$c").unwrap_err();
//! assert_eq!(error.to_string(), "the link's data is not valid base64url at character 3");
//! ```

mod action_reader;
pub mod deflate;
mod error;
mod format;
mod link;
mod validate;
mod writer;

pub use error::ScenarioError;
pub(crate) use format::{parse_extensions, parse_rules};
pub use format::{Action, ActionKind, ClusterSettings, Scenario, ACTION_NAMES, SCENARIO_VERSION};
pub use link::{base64url_encode, decode_scenario_text, encode_link_payload};
pub use validate::{
    validate, MAX_ACTIONS, MAX_JSON_BYTES, MAX_LINK_BYTES, MAX_SCENARIO_COMMAND_BYTES, MAX_TIME_MS,
};
