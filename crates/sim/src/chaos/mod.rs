//! Chaos runs: one seed drives a random fault schedule (crashes, restarts, quick reboots, power
//! failures, partitions, one-way cuts, loss, duplication, long delays, forced elections, client
//! bursts) and a batch size through a safety phase with every checker on, then a liveness
//! phase that heals the network and restarts every crashed server, after which the cluster
//! must elect a leader and commit a new command within a bound (extended while a stable leader
//! is still bringing followers' logs up to date, see [`CatchUp`]). Then every key is read and the
//! client's whole history is checked for linearizability (the search budget may leave it
//! undecided, which the outcome says).
//! `raftplay check` and the chaos tests both run seeds through here.

mod schedule;

pub use schedule::{random_batch_size, random_schedule, Fault, ScheduledFault};

use crate::checkers::Violation;
use crate::config::{NetworkSettings, SimConfig};
use crate::linearizable::{check_history, HISTORY_CHECK_STEPS};
use crate::simulation::Simulation;
use crate::trace::TraceKind;
use raft_core::{Role, ServerId, Time};
use raft_linearizability::{Budget, Verdict};
use serde::Serialize;

/// What one chaos run does.
#[derive(Clone, Debug)]
pub struct ChaosOptions {
    /// Cluster settings; `seed` and `servers` are the run's.
    pub config: SimConfig,
    /// Length of the safety phase (virtual µs).
    pub safety_us: Time,
    /// Time the healed cluster has to elect a leader and commit a command (virtual µs),
    /// counted again from each step of catch-up progress, up to [`CATCH_UP_LIMIT`] times.
    pub liveness_us: Time,
}

impl ChaosOptions {
    /// 20 s of faults, then 10 s for liveness, on `config`.
    pub fn new(config: SimConfig) -> ChaosOptions {
        ChaosOptions {
            config,
            safety_us: 20_000_000,
            liveness_us: 10_000_000,
        }
    }
}

/// The phase of a chaos run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Faults are being injected; every safety checker is on.
    Safety,
    /// Everything is healed; the cluster must make progress.
    Liveness,
}

/// Why a chaos run failed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChaosFailure {
    /// The phase it failed in.
    pub phase: Phase,
    /// The guarantee, as a stable id ("electionSafety", ..., or "liveness").
    pub property: String,
    /// The same for people ("Election Safety", "Liveness").
    pub property_name: String,
    /// One sentence on what went wrong.
    pub explanation: String,
    /// When (virtual ms).
    pub time_ms: f64,
}

/// How one seed went.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChaosOutcome {
    /// The seed.
    pub seed: u64,
    /// Servers in the cluster.
    pub servers: u32,
    /// Most entries per AppendEntries in this run (drawn from the seed).
    pub max_entries_per_message: u32,
    /// `None` if every check held.
    pub failure: Option<ChaosFailure>,
    /// Faults applied in the safety phase (a restart with nothing crashed does not count).
    pub faults_applied: u32,
    /// Client commands issued.
    pub commands: u64,
    /// Leaders that stepped down because they heard from no majority (CheckQuorum on).
    pub quorum_step_downs: u64,
    /// Rounds of pre-votes (PreVote on).
    pub pre_elections: u64,
    /// Leadership transfers asked for.
    pub transfers: u64,
    /// Leadership transfers given up (the target did not win within an election timeout).
    pub transfers_given_up: u64,
    /// The linearizability search of the client history ran out of budget (no verdict).
    pub history_undecided: bool,
    /// Trace events of the whole run.
    pub events: u64,
    /// Virtual time at the end (ms).
    pub end_ms: f64,
    /// The trace hash at the end, `0x` and 16 hex digits.
    pub trace_hash: String,
    /// The last faults applied before the end, oldest first ("1234.5 ms: crash S3").
    pub last_faults: Vec<String>,
}

/// Keys the client workload uses: k0 to k4.
const KEYS: u32 = 5;

/// The liveness bound stretches to at most this many times itself while followers catch up.
pub const CATCH_UP_LIMIT: u64 = 6;

/// How many applied faults an outcome lists.
const LAST_FAULTS_KEPT: usize = 8;

/// The chaos schedule's seed for a run seed (independent of the simulation's own draws).
fn chaos_seed(seed: u64) -> u64 {
    seed ^ 0x6368_616f_735f_7631 // "chaos_v1"
}

/// Runs one seed. The seed also draws the batch size (entries per AppendEntries), overriding
/// the configured one.
pub fn run_chaos(options: &ChaosOptions) -> ChaosOutcome {
    let config = &SimConfig {
        max_entries_per_message: random_batch_size(chaos_seed(options.config.seed)),
        ..options.config.clone()
    };
    let mut run = ChaosRun {
        sim: Simulation::new(config.clone()).expect("chaos runs take a validated configuration"),
        commands: 0,
        faults_applied: 0,
        history_undecided: false,
        last_faults: Vec::new(),
    };
    let schedule = random_schedule(chaos_seed(config.seed), config.servers, options.safety_us);
    let failure = run
        .safety_phase(&schedule, options.safety_us)
        .or_else(|| run.liveness_phase(options.liveness_us));
    ChaosOutcome {
        seed: config.seed,
        servers: config.servers,
        max_entries_per_message: config.max_entries_per_message,
        failure,
        faults_applied: run.faults_applied,
        quorum_step_downs: run.sim.trace().count(TraceKind::QuorumLost),
        pre_elections: run.sim.trace().count(TraceKind::PreElection),
        transfers: run.sim.trace().count(TraceKind::TransferLeadership),
        transfers_given_up: run.sim.trace().count(TraceKind::TransferGivenUp),
        commands: run.commands,
        history_undecided: run.history_undecided,
        events: run.sim.trace().total(),
        end_ms: run.sim.now() as f64 / 1_000.0,
        trace_hash: format!("{:#018x}", run.sim.trace().hash()),
        last_faults: run.last_faults,
    }
}

struct ChaosRun {
    sim: Simulation,
    commands: u64,
    faults_applied: u32,
    history_undecided: bool,
    last_faults: Vec<String>,
}

impl ChaosRun {
    fn safety_phase(&mut self, schedule: &[ScheduledFault], until: Time) -> Option<ChaosFailure> {
        for scheduled in schedule {
            self.sim.run_until(scheduled.at);
            if let Some(failure) = self.violation(Phase::Safety) {
                return Some(failure);
            }
            self.apply(&scheduled.fault);
            if let Some(failure) = self.violation(Phase::Safety) {
                return Some(failure);
            }
        }
        self.sim.run_until(until);
        self.violation(Phase::Safety)
    }

    fn liveness_phase(&mut self, bound: Time) -> Option<ChaosFailure> {
        let started = self.sim.now();
        self.sim.heal();
        let calm = NetworkSettings {
            loss_rate: 0.0,
            duplicate_rate: 0.0,
            long_delay_rate: 0.0,
            ..self.sim.config().network()
        };
        self.sim
            .set_network(calm)
            .expect("the configured latency is valid");
        for id in 1..=self.sim.config().servers {
            if self.sim.server(id).is_none() {
                self.sim.restart(id).expect("a crashed server restarts");
            }
        }
        self.note("liveness phase: healed, calm network, every server running".to_string());
        let request = self
            .sim
            .client_request("set liveness check")
            .expect("a valid command");
        self.commands += 1;
        // A long fault phase can leave followers thousands of entries behind, and with one
        // entry per message catching up takes longer than the bound: while a stable leader is
        // still bringing them up to date, the bound counts from the latest progress.
        let limit = started + bound * CATCH_UP_LIMIT;
        let mut deadline = started + bound;
        let mut catch_up = CatchUp::observe(&self.sim);
        while self.sim.now() < deadline {
            self.sim.run_until((self.sim.now() + 10_000).min(deadline));
            if let Some(failure) = self.violation(Phase::Liveness) {
                return Some(failure);
            }
            if self.answered(request) {
                return self.final_reads(deadline);
            }
            let now = CatchUp::observe(&self.sim);
            if now.progressed_since(&catch_up) {
                deadline = deadline.max((self.sim.now() + bound).min(limit));
            }
            catch_up = now;
        }
        let after = crate::Decimal((self.sim.now() - started) as f64 / 1_000_000.0);
        let explanation = match self.sim.leader() {
            None => format!(
                "{after} s after healing and restarting every server there is still no leader."
            ),
            Some(leader) => format!(
                "{after} s after healing, S{leader} leads but the new command is not committed."
            ),
        };
        Some(ChaosFailure {
            phase: Phase::Liveness,
            property: "liveness".to_string(),
            property_name: "Liveness".to_string(),
            explanation,
            time_ms: self.sim.now() as f64 / 1_000.0,
        })
    }

    /// Reads every key the workload writes, once the cluster has made progress, and checks
    /// the whole client history for linearizability: a command applied twice, a lost write or
    /// a stale read shows up here even when no per-event checker saw it.
    fn final_reads(&mut self, deadline: Time) -> Option<ChaosFailure> {
        let reads: Vec<u64> = (0..KEYS)
            .map(|key| {
                self.commands += 1;
                self.sim
                    .client_request(&format!("get k{key}"))
                    .expect("a valid command")
            })
            .collect();
        while self.sim.now() < deadline && !reads.iter().all(|&read| self.answered(read)) {
            self.sim.run_until((self.sim.now() + 10_000).min(deadline));
            if let Some(failure) = self.violation(Phase::Liveness) {
                return Some(failure);
            }
        }
        match check_history(&self.sim, Budget::steps(HISTORY_CHECK_STEPS)) {
            Verdict::NotLinearizable(violation) => Some(ChaosFailure {
                phase: Phase::Liveness,
                property: "linearizability".to_string(),
                property_name: "Linearizability".to_string(),
                explanation: format!(
                    "the client's history is not linearizable ({}): {}",
                    violation.partition, violation.explanation
                ),
                time_ms: self.sim.now() as f64 / 1_000.0,
            }),
            Verdict::Linearizable => None,
            Verdict::Unknown { .. } => {
                self.history_undecided = true;
                None
            }
        }
    }

    fn answered(&self, request: u64) -> bool {
        // Requests are numbered from 1 in the order issued: request n is `requests()[n - 1]`.
        self.sim
            .requests()
            .get(request as usize - 1)
            .is_some_and(|record| record.return_time.is_some())
    }

    fn violation(&self, phase: Phase) -> Option<ChaosFailure> {
        self.sim
            .violation()
            .map(|violation| failure_from(violation, phase))
    }

    /// Applies one fault, picking its concrete target from the cluster as it is now.
    fn apply(&mut self, fault: &Fault) {
        let servers = self.sim.config().servers;
        let running: Vec<ServerId> = (1..=servers)
            .filter(|&id| self.sim.server(id).is_some())
            .collect();
        let crashed: Vec<ServerId> = (1..=servers)
            .filter(|&id| self.sim.server(id).is_none())
            .collect();
        let pick = |from: &[ServerId], pick: u32| from[pick as usize % from.len()];
        let done = match fault {
            Fault::Crash { pick: p } if !running.is_empty() => {
                let id = pick(&running, *p);
                self.sim.crash(id).expect("a running server crashes");
                format!("crash S{id}")
            }
            Fault::Bounce { pick: p, down_us } if !running.is_empty() => {
                let id = pick(&running, *p);
                self.sim.crash(id).expect("a running server crashes");
                self.sim.run_until(self.sim.now() + down_us);
                self.sim.restart(id).expect("a crashed server restarts");
                format!("bounce S{id} (down {} ms)", down_us / 1_000)
            }
            Fault::PowerFailure { down_us } if !running.is_empty() => {
                for &id in &running {
                    self.sim.crash(id).expect("a running server crashes");
                }
                self.sim.run_until(self.sim.now() + down_us);
                for &id in &running {
                    self.sim.restart(id).expect("a crashed server restarts");
                }
                format!("power failure: {running:?} down for {} ms", down_us / 1_000)
            }
            Fault::Restart { pick: p } if !crashed.is_empty() => {
                let id = pick(&crashed, *p);
                self.sim.restart(id).expect("a crashed server restarts");
                format!("restart S{id}")
            }
            Fault::Partition { groups, assignment } => {
                let mut split: Vec<Vec<u32>> = vec![Vec::new(); *groups as usize];
                for (index, to) in assignment.iter().enumerate() {
                    split[(*to % *groups) as usize].push(index as u32 + 1);
                }
                split.retain(|group| !group.is_empty());
                self.sim
                    .partition(&split)
                    .expect("every server is in exactly one group");
                format!("partition {split:?}")
            }
            Fault::Cut { from, to, one_way } => {
                self.sim
                    .cut(*from, *to, *one_way)
                    .expect("both servers exist");
                let arrow = if *one_way { "->" } else { "<->" };
                format!("cut S{from} {arrow} S{to}")
            }
            Fault::Heal => {
                self.sim.heal();
                "heal".to_string()
            }
            Fault::Network(settings) => {
                self.sim
                    .set_network(*settings)
                    .expect("chaos draws valid settings");
                format!(
                    "network loss {:.2} duplicate {:.2} long delay {:.2} (up to {} ms) \
                     latency {}-{} ms",
                    settings.loss_rate,
                    settings.duplicate_rate,
                    settings.long_delay_rate,
                    settings.long_delay_ms_max,
                    settings.latency_ms[0],
                    settings.latency_ms[1]
                )
            }
            Fault::Timeout { pick: p } => {
                let candidates: Vec<ServerId> = running
                    .iter()
                    .copied()
                    .filter(|&id| {
                        self.sim
                            .server(id)
                            .is_some_and(|server| server.role() != Role::Leader)
                    })
                    .collect();
                if candidates.is_empty() {
                    return;
                }
                let id = pick(&candidates, *p);
                self.sim
                    .timeout_now(id)
                    .expect("a running non-leader times out");
                format!("time out S{id}")
            }
            Fault::TransferLeadership { pick: p } => {
                // Any server but the leader of the highest term; it may be crashed or cut off.
                let servers = self.sim.config().servers;
                let Some(leader) = self.sim.leader() else {
                    return;
                };
                let others: Vec<ServerId> = (1..=servers).filter(|&id| id != leader).collect();
                let to = pick(&others, *p);
                self.sim
                    .transfer_leadership(to)
                    .expect("a leader hands over to another member");
                format!("S{leader} hands leadership to S{to}")
            }
            Fault::Requests { count, first_key } => {
                for n in 0..*count {
                    let key = (first_key + n) % KEYS;
                    let value = self.commands;
                    let command = match n % 3 {
                        0 => format!("set k{key} {value}"),
                        1 => format!("append k{key} ,{value}"),
                        _ => format!("get k{key}"),
                    };
                    self.sim.client_request(&command).expect("a valid command");
                    self.commands += 1;
                }
                format!("{count} client commands")
            }
            Fault::Crash { .. }
            | Fault::Restart { .. }
            | Fault::Bounce { .. }
            | Fault::PowerFailure { .. } => return,
        };
        self.faults_applied += 1;
        self.note(done);
    }

    fn note(&mut self, what: String) {
        if self.last_faults.len() == LAST_FAULTS_KEPT {
            self.last_faults.remove(0);
        }
        let at = self.sim.now() as f64 / 1_000.0;
        self.last_faults.push(format!("{at:.1} ms: {what}"));
    }
}

fn failure_from(violation: &Violation, phase: Phase) -> ChaosFailure {
    ChaosFailure {
        phase,
        property: violation.property.id().to_string(),
        property_name: violation.property.name().to_string(),
        explanation: violation.explanation.clone(),
        time_ms: violation.time_us as f64 / 1_000.0,
    }
}

/// What the liveness phase watches to tell slow catch-up from a stuck cluster: the leader (and
/// its term) and the total length of the other running servers' logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CatchUp {
    leader: Option<(ServerId, raft_core::Term)>,
    follower_entries: u64,
}

impl CatchUp {
    fn observe(sim: &Simulation) -> CatchUp {
        let leader = sim
            .leader()
            .and_then(|id| Some((id, sim.server(id)?.current_term())));
        let follower_entries = (1..=sim.config().servers)
            .filter(|&id| Some(id) != leader.map(|(id, _)| id))
            .filter_map(|id| sim.server(id))
            .map(|server| server.last_log_index())
            .sum();
        CatchUp {
            leader,
            follower_entries,
        }
    }

    /// True when the same leader, in the same term, got the followers' logs further: progress
    /// that an election storm or a stuck leader never shows.
    fn progressed_since(&self, before: &CatchUp) -> bool {
        self.leader.is_some()
            && self.leader == before.leader
            && self.follower_entries > before.follower_entries
    }
}
