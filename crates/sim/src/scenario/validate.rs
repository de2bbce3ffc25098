//! The limits a scenario must respect, checked before anything is simulated, each with a
//! message that names the value and the allowed range.

use super::error::ScenarioError;
use super::format::{parse_extensions, parse_rules, ActionKind, Scenario};
use crate::config::{SimError, MAX_SERVERS};
use crate::decimal::Decimal;
use crate::kv::MAX_COMMAND_LEN;

/// Most actions a scenario may hold.
pub const MAX_ACTIONS: usize = 10_000;
/// Latest virtual time an action or `endMs` may name: 2 hours (ms). Opening a link replays
/// up to `endMs`, which takes about a second for 2 hours of an idle cluster in wasm.
pub const MAX_TIME_MS: f64 = 2.0 * 3_600_000.0;
/// Longest client command in a scenario (bytes).
pub const MAX_SCENARIO_COMMAND_BYTES: usize = MAX_COMMAND_LEN;
/// Longest link or payload accepted (characters): 64 KiB.
pub const MAX_LINK_BYTES: usize = 64 * 1024;
/// Largest scenario JSON accepted, given directly or once decompressed: 1 MiB.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Checks every limit and every reference (server ids, rule ids, settings' ranges).
pub fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
    let servers = scenario.cluster.servers;
    if servers == 0 || servers > MAX_SERVERS {
        return Err(ScenarioError::Invalid(format!(
            "the scenario has {servers} servers; the playground allows 1 to {MAX_SERVERS}"
        )));
    }
    let config = scenario.sim_config()?;
    config.validate().map_err(|error| {
        ScenarioError::Invalid(format!(
            "the scenario's settings are invalid: {}",
            settings_problem(error)
        ))
    })?;
    if scenario.actions.len() > MAX_ACTIONS {
        return Err(ScenarioError::Invalid(format!(
            "the scenario has {} actions; the playground allows at most {MAX_ACTIONS}",
            scenario.actions.len()
        )));
    }
    let mut previous = 0.0;
    for (index, action) in scenario.actions.iter().enumerate() {
        let at = action.at_ms;
        check_time(at, &format!("action {index}"))?;
        if at < previous {
            return Err(ScenarioError::Invalid(format!(
                "action {index} happens at {} ms, before the action ahead of it ({} ms); \
                 actions must be in time order",
                Decimal(at),
                Decimal(previous)
            )));
        }
        previous = at;
        check_action(index, &action.kind, servers)?;
    }
    if let Some(end) = scenario.end_ms {
        check_time(end, "endMs")?;
    }
    if let Some(end) = scenario.history_end_ms {
        check_time(end, "historyEndMs")?;
    }
    Ok(())
}

/// What is wrong with a setting, for a message that says itself which settings it checked.
fn settings_problem(error: SimError) -> String {
    match error {
        SimError::InvalidConfig(why) => why,
        other => other.what(),
    }
}

fn check_time(at: f64, what: &str) -> Result<(), ScenarioError> {
    if !at.is_finite() || !(0.0..=MAX_TIME_MS).contains(&at) {
        return Err(ScenarioError::Invalid(format!(
            "{what} happens at {} ms; times must be between 0 and {} ms (2 h)",
            Decimal(at),
            Decimal(MAX_TIME_MS)
        )));
    }
    Ok(())
}

fn check_action(index: usize, kind: &ActionKind, servers: u32) -> Result<(), ScenarioError> {
    let server = |id: u32| {
        if id == 0 || id > servers {
            Err(ScenarioError::UnknownServer { index, id, servers })
        } else {
            Ok(())
        }
    };
    let invalid = |why: String| Err(ScenarioError::Invalid(format!("action {index}: {why}")));
    match kind {
        ActionKind::Crash { server: id }
        | ActionKind::Restart { server: id }
        | ActionKind::Timeout { server: id }
        | ActionKind::TransferLeadership { to: id } => server(*id),
        ActionKind::Request {
            command,
            server: to,
        } => {
            if let Some(id) = to {
                server(*id)?;
            }
            if command.len() > MAX_SCENARIO_COMMAND_BYTES {
                return invalid(format!(
                    "the command is {} bytes long; the playground allows at most \
                     {MAX_SCENARIO_COMMAND_BYTES}",
                    command.len()
                ));
            }
            Ok(())
        }
        ActionKind::Partition { groups } => {
            if groups.len() > servers as usize {
                return invalid(format!(
                    "the partition has {} groups but there are only {servers} servers",
                    groups.len()
                ));
            }
            for group in groups {
                if group.len() > servers as usize {
                    return invalid(format!(
                        "a partition group lists {} servers but there are only {servers}",
                        group.len()
                    ));
                }
                group.iter().try_for_each(|&id| server(id))?;
            }
            Ok(())
        }
        ActionKind::Cut { from, to, .. } | ActionKind::Repair { from, to, .. } => {
            server(*from)?;
            server(*to)
        }
        ActionKind::SetNetwork(settings) => settings
            .validate()
            .or_else(|error| invalid(settings_problem(error))),
        ActionKind::Heal | ActionKind::Drop { .. } => Ok(()),
        ActionKind::SetBrokenRules { rules } => {
            parse_rules(rules, &format!("action {index} (setBrokenRules)")).map(|_| ())
        }
        ActionKind::SetExtensions { extensions } => {
            parse_extensions(extensions, &format!("action {index} (setExtensions)")).map(|_| ())
        }
    }
}
