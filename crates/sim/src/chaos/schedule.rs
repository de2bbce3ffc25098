//! Random fault schedules for chaos runs: what happens, and when, during a run's safety phase.
//! Drawn from the chaos seed alone; the concrete target of each fault (which running server to
//! crash, which crashed one to restart) is picked when it is applied, from the same draws.

use crate::config::NetworkSettings;
use raft_core::Time;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One kind of fault or client burst, with the random numbers that pick its details.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Crash a running server (the `pick`-th one).
    Crash { pick: u32 },
    /// Restart a crashed server (the `pick`-th one), if any is crashed.
    Restart { pick: u32 },
    /// Partition the servers: server `i` goes to group `assignment[i] % groups`.
    Partition { groups: u32, assignment: Vec<u32> },
    /// Cut the link between two servers, one way or both.
    Cut { from: u32, to: u32, one_way: bool },
    /// Remove every partition and cut.
    Heal,
    /// Change loss, duplication, long delays and latency.
    Network(NetworkSettings),
    /// Make a running non-leader (the `pick`-th one) time out now.
    Timeout { pick: u32 },
    /// A burst of client commands.
    Requests { count: u32, first_key: u32 },
}

/// A fault and the virtual time it happens at.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledFault {
    /// Virtual time (microseconds).
    pub at: Time,
    /// What happens.
    pub fault: Fault,
}

/// Draws the safety phase's schedule: a fault every 50–800 ms of virtual time until
/// `duration`, for a cluster of `servers` servers.
pub fn random_schedule(chaos_seed: u64, servers: u32, duration: Time) -> Vec<ScheduledFault> {
    let mut rng = ChaCha8Rng::seed_from_u64(chaos_seed);
    let mut schedule = Vec::new();
    let mut at: Time = rng.random_range(50_000..=300_000);
    while at < duration {
        let fault = random_fault(&mut rng, servers);
        schedule.push(ScheduledFault { at, fault });
        at += rng.random_range(50_000..=800_000);
    }
    schedule
}

fn random_fault(rng: &mut ChaCha8Rng, servers: u32) -> Fault {
    let server = |rng: &mut ChaCha8Rng| rng.random_range(1..=servers);
    match rng.random_range(0..100u32) {
        0..=11 => Fault::Crash { pick: rng.random() },
        12..=26 => Fault::Restart { pick: rng.random() },
        27..=36 => {
            let groups = rng.random_range(2..=3);
            Fault::Partition {
                groups,
                assignment: (0..servers).map(|_| rng.random()).collect(),
            }
        }
        37..=48 if servers >= 2 => {
            let from = server(rng);
            let mut to = server(rng);
            if to == from {
                to = from % servers + 1;
            }
            Fault::Cut {
                from,
                to,
                one_way: rng.random_bool(0.5),
            }
        }
        37..=57 => Fault::Heal,
        58..=67 => Fault::Network(random_network(rng)),
        68..=74 => Fault::Timeout { pick: rng.random() },
        _ => Fault::Requests {
            count: rng.random_range(1..=8),
            first_key: rng.random_range(0..5),
        },
    }
}

/// Lossy, duplicating, reordering settings — sometimes calm, sometimes harsh.
fn random_network(rng: &mut ChaCha8Rng) -> NetworkSettings {
    let calm = rng.random_bool(0.3);
    let latency_min = rng.random_range(1..=20);
    let latency_max = latency_min + rng.random_range(0..=80);
    NetworkSettings {
        loss_rate: if calm {
            0.0
        } else {
            rng.random_range(0.0..0.3)
        },
        duplicate_rate: if calm {
            0.0
        } else {
            rng.random_range(0.0..0.2)
        },
        long_delay_rate: if calm {
            0.0
        } else {
            rng.random_range(0.0..0.1)
        },
        long_delay_ms_max: rng.random_range(100..=2_000),
        latency_ms: [latency_min, latency_max],
    }
}
