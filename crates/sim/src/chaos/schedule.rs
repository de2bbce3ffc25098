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
    /// A power failure: every running server crashes, and all of them restart `down_us` later.
    PowerFailure { down_us: Time },
    /// Crash a running server (the `pick`-th one) and restart it `down_us` later: a reboot
    /// in the middle of whatever it was doing, with only its persisted state left.
    Bounce { pick: u32, down_us: Time },
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
    /// Ask the leader to hand leadership over to a server (the `pick`-th of the others).
    TransferLeadership { pick: u32 },
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

/// Draws the safety phase's schedule for a cluster of `servers` servers until `duration`:
/// usually a fault every 50–800 ms of virtual time, but a quarter of the gaps are only 1–40 ms,
/// so faults also land in the narrow windows inside an election or a replication round.
pub fn random_schedule(chaos_seed: u64, servers: u32, duration: Time) -> Vec<ScheduledFault> {
    let mut rng = ChaCha8Rng::seed_from_u64(chaos_seed);
    let mut schedule = Vec::new();
    let mut at: Time = rng.random_range(50_000..=300_000);
    while at < duration {
        let fault = random_fault(&mut rng, servers);
        schedule.push(ScheduledFault { at, fault });
        at += if rng.random_bool(0.25) {
            rng.random_range(1_000..=40_000)
        } else {
            rng.random_range(50_000..=800_000)
        };
    }
    schedule
}

/// Entries per AppendEntries for a chaos run: a third of the runs use the default batch (64),
/// the others tiny batches (1, 2 or 4) that replicate entry by entry and so expose rules about
/// partial replication (Figure 8 needs an old entry on a majority before the new leader's no-op).
pub fn random_batch_size(chaos_seed: u64) -> u32 {
    let mut rng = ChaCha8Rng::seed_from_u64(chaos_seed.rotate_left(17) ^ 0x0062_6174_6368);
    [1, 1, 2, 4, 64, 64][rng.random_range(0..6usize)]
}

fn random_fault(rng: &mut ChaCha8Rng, servers: u32) -> Fault {
    let server = |rng: &mut ChaCha8Rng| rng.random_range(1..=servers);
    match rng.random_range(0..100u32) {
        0..=8 => Fault::Crash { pick: rng.random() },
        9..=11 => Fault::Bounce {
            pick: rng.random(),
            down_us: rng.random_range(0..=30_000),
        },
        12..=23 => Fault::Restart { pick: rng.random() },
        24..=26 => Fault::PowerFailure {
            down_us: rng.random_range(0..=300_000),
        },
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
        75..=77 => Fault::TransferLeadership { pick: rng.random() },
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
