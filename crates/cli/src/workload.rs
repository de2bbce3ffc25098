//! The client load both `run` and `bench` put on a cluster: one command every fixed interval of
//! virtual time, cycling over ten keys ("set x3 13").

use raft_core::Time;
use raft_sim::{Simulation, Timeline};

/// A steady stream of client commands.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// Virtual time between two commands (microseconds); `None` sends nothing.
    pub every_us: Option<Time>,
}

/// What a workload can drive: a bare simulation, or a timeline that also records every action
/// and keeps time-travel checkpoints, as the page does.
pub trait Driven {
    /// Processes every event due at or before `until`.
    fn run_until(&mut self, until: Time);
    /// A client sends `command`.
    fn request(&mut self, command: &str);
}

impl Driven for Simulation {
    fn run_until(&mut self, until: Time) {
        Simulation::run_until(self, until);
    }

    fn request(&mut self, command: &str) {
        self.client_request(command)
            .expect("the workload's commands are valid");
    }
}

impl Driven for Timeline {
    fn run_until(&mut self, until: Time) {
        // The page's advance: it stops where a guarantee first breaks.
        self.run_until_first_violation(until);
    }

    fn request(&mut self, command: &str) {
        self.client_request(command)
            .expect("the workload's commands are valid");
    }
}

impl Workload {
    /// Runs `sim` until `until` (virtual microseconds), issuing the commands due on the way.
    /// Returns how many commands were issued.
    pub fn drive(self, sim: &mut impl Driven, until: Time) -> u64 {
        let Some(every) = self.every_us.filter(|&every| every > 0) else {
            sim.run_until(until);
            return 0;
        };
        let mut issued = 0;
        let mut next = every;
        while next <= until {
            sim.run_until(next);
            sim.request(&format!("set x{} {issued}", issued % 10));
            issued += 1;
            next += every;
        }
        sim.run_until(until);
        issued
    }
}
