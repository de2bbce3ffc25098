//! `raftplay run FILE|LINK`: reading a scenario from a file (JSON, or a link saved as text) or
//! from the argument itself (a share link, a `#s=...` fragment or a bare payload).

use raft_sim::scenario::{decode_scenario_text, Scenario, MAX_JSON_BYTES};
use std::path::Path;

/// Reads the scenario named by `argument`; the error is one sentence naming the problem.
pub fn read_scenario(argument: &str) -> Result<Scenario, String> {
    let path = Path::new(argument);
    let text = if path.is_file() {
        let size = path.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_JSON_BYTES as u64 {
            return Err(format!(
                "{argument}: the file is {size} bytes long; a scenario file holds at most \
                 {MAX_JSON_BYTES} bytes"
            ));
        }
        std::fs::read_to_string(path)
            .map_err(|error| format!("{argument}: cannot read the file: {error}"))?
    } else if looks_like_a_path(argument) {
        return Err(format!(
            "{argument}: no such file (give a scenario JSON file or a share link)"
        ));
    } else {
        argument.to_string()
    };
    decode_scenario_text(&text).map_err(|error| {
        if path.is_file() {
            format!("{argument}: {error}")
        } else {
            error.to_string()
        }
    })
}

/// A name that is meant as a file, not a link or payload.
fn looks_like_a_path(argument: &str) -> bool {
    let link = argument.contains("://") || argument.contains('#') || argument.starts_with('{');
    !link && (argument.ends_with(".json") || argument.contains('/') || argument.contains('\\'))
}
