//! The client load both `run` and `bench` put on a cluster: one command every fixed interval of
//! virtual time, cycling over ten keys ("set x3 13").

use raft_core::Time;
use raft_sim::Simulation;

/// A steady stream of client commands.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// Virtual time between two commands (microseconds); `None` sends nothing.
    pub every_us: Option<Time>,
}

impl Workload {
    /// Runs `sim` until `until` (virtual microseconds), issuing the commands due on the way.
    /// Returns how many commands were issued.
    pub fn drive(self, sim: &mut Simulation, until: Time) -> u64 {
        let Some(every) = self.every_us.filter(|&every| every > 0) else {
            sim.run_until(until);
            return 0;
        };
        let mut issued = 0;
        let mut next = every;
        while next <= until {
            sim.run_until(next);
            sim.client_request(&format!("set x{} {issued}", issued % 10))
                .expect("the workload's commands are valid");
            issued += 1;
            next += every;
        }
        sim.run_until(until);
        issued
    }
}
