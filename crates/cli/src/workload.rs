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
    /// The cluster being driven.
    fn simulation(&self) -> &Simulation;
}

impl Driven for Simulation {
    fn run_until(&mut self, until: Time) {
        Simulation::run_until(self, until);
    }

    fn request(&mut self, command: &str) {
        self.client_request(command)
            .expect("the workload's commands are valid");
    }

    fn simulation(&self) -> &Simulation {
        self
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

    fn simulation(&self) -> &Simulation {
        Timeline::simulation(self)
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
        let mut command = String::new();
        while next <= until {
            sim.run_until(next);
            write_command(&mut command, issued);
            sim.request(&command);
            issued += 1;
            next += every;
        }
        sim.run_until(until);
        issued
    }
}

/// Writes the `issued`-th command, "set x{issued % 10} {issued}", into `out` (replacing what it
/// held) without the formatting machinery: the bench issues one every 10 ms of virtual time.
fn write_command(out: &mut String, issued: u64) {
    out.clear();
    out.push_str("set x");
    push_decimal(out, issued % 10);
    out.push(' ');
    push_decimal(out, issued);
}

/// Appends `value` in decimal.
fn push_decimal(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_read_as_format_would_write_them() {
        let mut command = String::new();
        for issued in [0, 1, 9, 10, 13, 99, 100, 12_345, u64::MAX] {
            write_command(&mut command, issued);
            assert_eq!(command, format!("set x{} {issued}", issued % 10));
        }
    }
}
