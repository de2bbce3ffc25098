//! What goes wrong when reading a scenario or a share link: one variant per kind of problem,
//! each displayed as one sentence a person can act on.

use std::fmt;

/// Why a scenario, a share link or a scenario file was refused. Decoding never panics; every
/// problem ends here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// Nothing was given.
    Empty,
    /// A URL without a `#s=...` fragment.
    NoScenarioInLink,
    /// The link's payload has a character outside base64url (position counted from 1 within
    /// the payload), or a length base64 cannot have.
    Base64 {
        /// 1-based position of the first bad character in the payload.
        position: usize,
    },
    /// Text that is neither JSON (it does not start with `{`) nor a link (no `#s=`, and not
    /// base64url either: a bad character at `position`, counted from 1).
    NotScenario {
        /// 1-based position of the first character base64url does not allow.
        position: usize,
    },
    /// The payload is not raw DEFLATE data.
    Compression,
    /// The payload stops early: a base64url length no data can have, or compressed data that
    /// ends before its final block (a link cut short when it was copied).
    Incomplete,
    /// The compressed data goes on after its final block (a link changed, or two pasted
    /// together).
    ExtraData,
    /// The input is larger than a limit.
    TooLarge {
        /// What is too large ("the link", "the scenario's JSON").
        what: &'static str,
        /// Its size in bytes, when known.
        size: Option<usize>,
        /// The limit in bytes.
        limit: usize,
    },
    /// The text is not UTF-8 once decompressed.
    NotText,
    /// The JSON does not parse (the parser's message, with line and column).
    Json(String),
    /// The scenario's format version is newer than this playground reads.
    NewerVersion(u64),
    /// A value is out of range or inconsistent; the message names it.
    Invalid(String),
    /// An action's `do` is not a known action.
    UnknownAction {
        /// 0-based index in `actions`.
        index: usize,
        /// What `do` said.
        name: String,
    },
    /// An action names a server the cluster does not have.
    UnknownServer {
        /// 0-based index in `actions`.
        index: usize,
        /// The id it named.
        id: u32,
        /// Number of servers in the scenario.
        servers: u32,
    },
    /// An action could not be carried out when the scenario was replayed (e.g. crashing a
    /// server that is already crashed).
    ActionFailed {
        /// 0-based index in `actions`.
        index: usize,
        /// The simulator's explanation (`SimError::what`).
        why: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Empty => write!(f, "the scenario is empty: give a link or JSON text"),
            ScenarioError::NoScenarioInLink => write!(
                f,
                "the link carries no scenario: it needs a fragment like #s=..."
            ),
            ScenarioError::Base64 { position } => write!(
                f,
                "the link's data is not valid base64url at character {position}"
            ),
            ScenarioError::NotScenario { position } => write!(
                f,
                "this is neither a scenario's JSON (which starts with {{) nor a share link (the \
                 text is not valid base64url at character {position})"
            ),
            ScenarioError::Compression => {
                write!(f, "the link's data is not valid compressed data")
            }
            ScenarioError::Incomplete => write!(
                f,
                "the link's data stops too early: the link was probably cut short when it was \
                 copied; copy all of it"
            ),
            ScenarioError::ExtraData => write!(
                f,
                "the link's data goes on after its scenario ends: the link was changed, or more \
                 was pasted after it"
            ),
            ScenarioError::TooLarge { what, size, limit } => match size {
                Some(size) => write!(
                    f,
                    "{what} is {size} bytes long; the playground accepts at most {limit} bytes"
                ),
                None => write!(
                    f,
                    "{what} is larger than the playground accepts ({limit} bytes at most)"
                ),
            },
            ScenarioError::NotText => {
                write!(f, "the link's data does not decompress to UTF-8 text")
            }
            ScenarioError::Json(why) => write!(f, "the scenario is not valid JSON: {why}"),
            ScenarioError::NewerVersion(version) => write!(
                f,
                "the scenario was made by a newer version of the playground (format version \
                 {version}; this one reads version {})",
                super::SCENARIO_VERSION
            ),
            ScenarioError::Invalid(why) => write!(f, "{why}"),
            ScenarioError::UnknownAction { index, name } => write!(
                f,
                "action {index} has an unknown kind \"{name}\"; the kinds are {}",
                super::format::ACTION_NAMES.join(", ")
            ),
            ScenarioError::UnknownServer { index, id, servers } => write!(
                f,
                "action {index} names server {id}, but the scenario's servers are 1 to {servers}"
            ),
            ScenarioError::ActionFailed { index, why } => {
                write!(f, "action {index} cannot be replayed: {why}")
            }
        }
    }
}

impl std::error::Error for ScenarioError {}
