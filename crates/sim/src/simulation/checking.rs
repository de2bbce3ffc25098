//! Switching the safety checkers on and off, and keeping the first violation they find: the
//! simulation goes on after it (the page pauses, the command line exits non-zero).

use super::Simulation;
use crate::checkers::{Checkers, Violation};
use crate::trace::{Trace, TraceEvent};
use raft_core::UnsafeRules;

impl Simulation {
    /// True if the safety checkers run after every event (the default).
    pub fn checking(&self) -> bool {
        self.checkers.is_some()
    }

    /// Turns the safety checkers on or off (benchmarks measure the cost). Turning them on in
    /// the middle of a run starts from the cluster as it is now: logs, terms, leaders and
    /// commit indexes are taken as the first thing seen, at a cost of one step per log entry.
    pub fn set_checking(&mut self, on: bool) {
        if !on {
            self.checkers = None;
            return;
        }
        if self.checkers.is_some() {
            return;
        }
        let mut checkers = Checkers::new(self.config.servers);
        for node in &self.nodes {
            let found = match &node.server {
                Some(server) => checkers.adopt(
                    node.id,
                    server.current_term(),
                    server.log(),
                    Some((server.role(), server.commit_index(), server.last_applied())),
                    self.now,
                ),
                None => checkers.adopt(
                    node.id,
                    node.disk.hard_state.current_term,
                    &node.disk.log,
                    None,
                    self.now,
                ),
            };
            if let Some(violation) = found {
                let rules = self.raft_config.unsafe_rules;
                keep_first(&mut self.trace, &mut self.violation, violation, rules);
            }
        }
        self.checkers = Some(checkers);
    }

    /// The first broken guarantee found so far, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref().map(|(violation, _)| violation)
    }
}

/// Keeps `violation`, with the safety rules broken when it was found, and records it in the
/// trace if it is the first one of the run.
pub(super) fn keep_first(
    trace: &mut Trace,
    first: &mut Option<(Violation, UnsafeRules)>,
    violation: Violation,
    rules: UnsafeRules,
) {
    if first.is_some() {
        return;
    }
    trace.record(TraceEvent::Violation {
        time: violation.time_us,
        property: violation.property,
        server: violation.servers.first().copied().unwrap_or(0),
    });
    *first = Some((violation, rules));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkers::{Observation, Property};
    use crate::config::SimConfig;
    use crate::trace::TraceKind;
    use raft_core::Role;

    /// Feeds the checkers what a broken core would report: `server` claiming to lead `term`.
    fn claim_leadership(sim: &mut Simulation, server: u32, term: u64) {
        let running = sim.server(server).unwrap();
        let observation = Observation {
            server,
            role: Role::Leader,
            term,
            commit_index: running.commit_index(),
            last_applied: running.last_applied(),
            log_write: None,
            applied: &[],
        };
        let now = sim.now;
        let found = sim.checkers.as_mut().unwrap().observe(&observation, now);
        keep_first(
            &mut sim.trace,
            &mut sim.violation,
            found.unwrap(),
            UnsafeRules::NONE,
        );
    }

    #[test]
    fn the_first_violation_is_kept_traced_and_reported_and_the_run_goes_on() {
        let mut sim = Simulation::new(SimConfig::default()).unwrap();
        sim.run_until(1_000_000);
        assert_eq!(sim.violation(), None);
        let leader = sim.leader().unwrap();
        let term = sim.server(leader).unwrap().current_term();
        let other = if leader == 1 { 2 } else { 1 };
        claim_leadership(&mut sim, other, term);

        let violation = sim.violation().unwrap().clone();
        assert_eq!(violation.property, Property::ElectionSafety);
        assert_eq!(violation.servers, vec![other, leader]);
        assert_eq!(violation.time_us, sim.now());
        let last = *sim.trace().recent().last().unwrap();
        assert_eq!(
            last,
            TraceEvent::Violation {
                time: sim.now(),
                property: Property::ElectionSafety,
                server: other,
            }
        );
        let mut out = crate::json::JsonWriter::compact();
        crate::json::ToJson::write_json(&sim.state(), &mut out);
        let json = crate::json::parse(&out.finish()).unwrap();
        let written = json.get("violation").unwrap();
        assert_eq!(
            written.get("property").and_then(|p| p.as_str()),
            Some("electionSafety")
        );
        assert_eq!(written.get("term").and_then(|t| t.as_u64()), Some(term));

        // A second violation is not recorded again; the run goes on.
        let third = (1..=5).find(|&id| id != leader && id != other).unwrap();
        claim_leadership(&mut sim, third, term);
        assert_eq!(sim.violation(), Some(&violation));
        assert_eq!(sim.trace().count(TraceKind::Violation), 1);
        assert!(sim.step().is_some());
        sim.run_until(2_000_000);
    }

    #[test]
    fn switching_off_and_on_keeps_the_violation_found() {
        let mut sim = Simulation::new(SimConfig::default()).unwrap();
        sim.run_until(1_000_000);
        let leader = sim.leader().unwrap();
        let term = sim.server(leader).unwrap().current_term();
        claim_leadership(&mut sim, if leader == 1 { 2 } else { 1 }, term);
        sim.set_checking(false);
        assert!(!sim.checking());
        assert!(sim.violation().is_some());
        sim.set_checking(true);
        assert!(sim.checking());
        assert_eq!(sim.trace().count(TraceKind::Violation), 1);
    }
}
