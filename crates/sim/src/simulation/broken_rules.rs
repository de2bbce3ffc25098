//! "Break a rule" (unsafe, for teaching): switching Raft's safety rules off and on while the
//! simulation runs, so the playground can show what each rule prevents and the checkers can
//! prove they notice.

use super::Simulation;
use crate::trace::TraceEvent;
use raft_core::UnsafeRules;

impl Simulation {
    /// **Unsafe, for teaching only.** Makes every server break `rules` from now on: running
    /// servers at their next input, crashed ones when they restart (`forget_vote_on_restart`
    /// acts only at a restart). A change is recorded in the trace; setting the rules already
    /// in effect does nothing.
    pub fn set_broken_rules(&mut self, rules: UnsafeRules) {
        if rules == self.raft_config.unsafe_rules {
            return;
        }
        self.raft_config.unsafe_rules = rules;
        for node in &mut self.nodes {
            if let Some(server) = node.server.as_mut() {
                server.set_unsafe_rules(rules);
            }
        }
        self.trace.record(TraceEvent::BrokenRulesChange {
            time: self.now,
            rules,
        });
    }

    /// The safety rules the servers break now (all off, plain Raft, unless someone broke
    /// one); `config().broken_rules` are those the simulation started with.
    pub fn broken_rules(&self) -> UnsafeRules {
        self.raft_config.unsafe_rules
    }
}

#[cfg(test)]
mod tests {
    use crate::config::SimConfig;
    use crate::simulation::Simulation;
    use crate::trace::{TraceEvent, TraceKind};
    use raft_core::{UnsafeRule, UnsafeRules};

    #[test]
    fn rules_reach_running_and_restarted_servers_and_are_traced_once_per_change() {
        let start = UnsafeRules::only(UnsafeRule::CommitByCounting);
        let mut sim = Simulation::new(SimConfig {
            broken_rules: start,
            ..SimConfig::default()
        })
        .unwrap();
        assert_eq!(sim.broken_rules(), start);
        assert_eq!(sim.server(1).unwrap().unsafe_rules(), start);
        sim.run_until(500_000);
        sim.crash(2).unwrap();

        let mut rules = start;
        rules.set(UnsafeRule::ForgetVoteOnRestart, true);
        sim.set_broken_rules(rules);
        sim.set_broken_rules(rules); // no change, no event
        assert_eq!(sim.trace().count(TraceKind::BrokenRulesChange), 1);
        let last = *sim.trace().recent().last().unwrap();
        assert_eq!(
            last,
            TraceEvent::BrokenRulesChange {
                time: sim.now(),
                rules
            }
        );
        assert_eq!(
            last.describe(),
            "UNSAFE: the servers now break commit-by-counting, forget-vote-on-restart"
        );
        for id in [1, 3, 4, 5] {
            assert_eq!(sim.server(id).unwrap().unsafe_rules(), rules, "S{id}");
        }
        sim.restart(2).unwrap();
        assert_eq!(sim.server(2).unwrap().unsafe_rules(), rules);
        assert_eq!(
            sim.config().broken_rules,
            start,
            "the starting settings stay"
        );

        sim.set_broken_rules(UnsafeRules::NONE);
        assert_eq!(
            sim.trace().recent().last().unwrap().describe(),
            "every safety rule is restored: the servers run plain Raft"
        );
        assert!((1..=5).all(|id| sim.server(id).unwrap().unsafe_rules().is_safe()));
    }

    #[test]
    fn a_change_changes_the_trace_hash() {
        let mut plain = Simulation::new(SimConfig::default()).unwrap();
        let mut broken = plain.clone();
        broken.set_broken_rules(UnsafeRules::only(UnsafeRule::VoteWithoutLogCheck));
        plain.run_until(1_000_000);
        broken.run_until(1_000_000);
        assert_ne!(plain.trace().hash(), broken.trace().hash());
    }
}
