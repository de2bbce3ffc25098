//! Carrying out one action on a simulation, and deciding when a recorded action is due while
//! a history is replayed.

use crate::links::check_link;
use crate::scenario::{parse_extensions, parse_rules, ActionKind};
use crate::{SimError, Simulation};
use raft_core::Time;

/// An action as the timeline keeps it: virtual time in microseconds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Recorded {
    /// When it happened (µs).
    pub at_us: Time,
    /// Queue events processed when it happened, if it was taken between two events at the
    /// same virtual time.
    pub after_event: Option<u64>,
    /// What it does.
    pub kind: ActionKind,
}

impl Recorded {
    /// Whether `sim` has reached the point where this action was taken: every event before it
    /// is processed. With `after_event`, that is after exactly that many events (or once the
    /// next event is later than the action); without it, once every event at or before
    /// `at_us` is processed.
    pub fn is_due(&self, sim: &Simulation) -> bool {
        let next_is_later = sim.next_event_time().is_none_or(|next| next > self.at_us);
        next_is_later
            || self
                .after_event
                .is_some_and(|events| sim.events_processed() >= events)
    }
}

/// True when carrying out `kind` would leave `sim` as it is: healing a healed network, cutting a
/// cut link, repairing an intact one, the network settings or broken rules it already has. Such
/// an action is not recorded (in the past it would discard the recorded future for nothing).
/// Only settings are judged; a crash, a request or anything refused is never "nothing".
pub(crate) fn changes_nothing(sim: &Simulation, kind: &ActionKind) -> bool {
    // Only settings actions ask for the cut links (a request, the common action, does not).
    let cut = |from: u32, to: u32| sim.cut_links().contains(&[from, to]);
    match kind {
        ActionKind::Heal => sim.partition_groups().is_empty() && sim.cut_links().is_empty(),
        ActionKind::Cut { from, to, one_way } => cut(*from, *to) && (*one_way || cut(*to, *from)),
        ActionKind::Repair { from, to, one_way } => {
            check_link(sim.config().servers, *from, *to).is_ok()
                && !cut(*from, *to)
                && (*one_way || !cut(*to, *from))
        }
        ActionKind::SetNetwork(settings) => sim.network() == *settings,
        ActionKind::SetBrokenRules { rules } => {
            parse_rules(rules, "setBrokenRules").is_ok_and(|rules| rules == sim.broken_rules())
        }
        ActionKind::SetExtensions { extensions } => parse_extensions(extensions, "setExtensions")
            .is_ok_and(|extensions| extensions == sim.extensions()),
        _ => false,
    }
}

/// Carries out `kind` on `sim` now; returns the request id of a client request.
pub(crate) fn apply(sim: &mut Simulation, kind: &ActionKind) -> Result<Option<u64>, SimError> {
    match kind {
        ActionKind::Crash { server } => sim.crash(*server)?,
        ActionKind::Restart { server } => sim.restart(*server)?,
        ActionKind::Timeout { server } => sim.timeout_now(*server)?,
        ActionKind::TransferLeadership { to } => sim.transfer_leadership(*to)?,
        ActionKind::Request { command, server } => {
            return sim.client_request_to(command, *server).map(Some)
        }
        ActionKind::Partition { groups } => sim.partition(groups)?,
        ActionKind::Heal => sim.heal(),
        ActionKind::Cut { from, to, one_way } => sim.cut(*from, *to, *one_way)?,
        ActionKind::Repair { from, to, one_way } => sim.repair(*from, *to, *one_way)?,
        ActionKind::SetNetwork(settings) => sim.set_network(*settings)?,
        ActionKind::Drop { message } => sim.drop_message(*message)?,
        ActionKind::SetBrokenRules { rules } => {
            let rules = parse_rules(rules, "setBrokenRules")
                .map_err(|error| SimError::InvalidAction(error.to_string()))?;
            sim.set_broken_rules(rules);
        }
        ActionKind::SetExtensions { extensions } => {
            let extensions = parse_extensions(extensions, "setExtensions")
                .map_err(|error| SimError::InvalidAction(error.to_string()))?;
            sim.set_extensions(extensions);
        }
    }
    Ok(None)
}
