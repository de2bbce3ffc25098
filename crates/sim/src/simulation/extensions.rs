//! Switching Raft's extensions (CheckQuorum, PreVote) on and off while the simulation runs, so
//! the playground can show what each one changes.

use super::Simulation;
use crate::extensions::Extensions;
use crate::trace::TraceEvent;

impl Simulation {
    /// Switches the extensions to `extensions` from now on: on running servers at once (a
    /// leader that gets CheckQuorum starts counting afresh, its first check one minimum
    /// election timeout away), on crashed ones when they restart. A change is recorded in the
    /// trace; asking for the extensions already on does nothing.
    pub fn set_extensions(&mut self, extensions: Extensions) {
        let before = self.extensions();
        if extensions == before {
            return;
        }
        self.raft_config.check_quorum = extensions.check_quorum;
        self.raft_config.pre_vote = extensions.pre_vote;
        let now = self.now;
        for index in 0..self.nodes.len() {
            if let Some(server) = self.nodes[index].server.as_mut() {
                if extensions.check_quorum != before.check_quorum {
                    server.set_check_quorum(extensions.check_quorum, now);
                }
                server.set_pre_vote(extensions.pre_vote);
                self.schedule_timer(index);
            }
        }
        self.trace.record(TraceEvent::ExtensionsChange {
            time: now,
            extensions,
        });
    }

    /// The extensions on now; `config().extensions` are those the simulation started with.
    pub fn extensions(&self) -> Extensions {
        Extensions {
            check_quorum: self.raft_config.check_quorum,
            pre_vote: self.raft_config.pre_vote,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::SimConfig;
    use crate::extensions::Extensions;
    use crate::simulation::Simulation;
    use crate::trace::{TraceEvent, TraceKind};
    use raft_core::Role;

    const ON: Extensions = Extensions {
        check_quorum: true,
        pre_vote: false,
    };

    #[test]
    fn extensions_reach_running_and_restarted_servers_and_are_traced_once_per_change() {
        let mut sim = Simulation::new(SimConfig::default()).unwrap();
        sim.run_until(500_000);
        sim.crash(2).unwrap();
        sim.set_extensions(ON);
        sim.set_extensions(ON); // no change, no event
        assert_eq!(sim.trace().count(TraceKind::ExtensionsChange), 1);
        let last = *sim.trace().recent().last().unwrap();
        assert_eq!(
            last,
            TraceEvent::ExtensionsChange {
                time: sim.now(),
                extensions: ON
            }
        );
        assert_eq!(last.describe(), "Raft extensions on: check-quorum");
        for id in [1, 3, 4, 5] {
            assert!(sim.server(id).unwrap().config().check_quorum, "S{id}");
        }
        sim.restart(2).unwrap();
        assert!(sim.server(2).unwrap().config().check_quorum);
        assert_eq!(sim.config().extensions, Extensions::NONE, "the start stays");
        sim.set_extensions(Extensions::NONE);
        assert_eq!(
            sim.trace().recent().last().unwrap().describe(),
            "every Raft extension is off: the servers run the paper's Raft"
        );
        assert!((1..=5).all(|id| !sim.server(id).unwrap().config().check_quorum));
    }

    #[test]
    fn switched_on_it_deposes_a_leader_cut_off_in_a_minority() {
        let mut sim = Simulation::new(SimConfig::default()).unwrap();
        sim.run_until(1_000_000);
        let leader = sim.leader().expect("a leader within 1 s");
        let others: Vec<u32> = (1..=5).filter(|&id| id != leader).collect();
        sim.partition(&[vec![leader, others[0]], others[1..].to_vec()])
            .unwrap();
        sim.run_until(2_000_000);
        let old = sim.server(leader).unwrap();
        assert_eq!(old.role(), Role::Leader, "the paper's leader stays on");
        let term = old.current_term();

        sim.set_extensions(ON);
        let min = sim.raft_config.election_timeout_us_min;
        sim.run_until(2_000_000 + min);
        let old = sim.server(leader).unwrap();
        assert_eq!(old.role(), Role::Follower, "the first check deposes it");
        assert_eq!(old.current_term(), term);
        let step_down = sim
            .trace()
            .recent()
            .rev()
            .find(
                |event| matches!(event, TraceEvent::QuorumLost { server, .. } if *server == leader),
            )
            .copied()
            .expect("the step-down is in the trace");
        assert!(step_down.time() > 2_000_000 && step_down.time() <= 2_000_000 + min);
    }
}
