//! `raftplay check`: chaos runs over many seeds. Each seed injects a random fault schedule with
//! every safety checker on, then heals everything and demands progress. A failure prints the
//! seed, the phase, the broken guarantee and the command that reproduces it; the exit status
//! is 1.

use crate::args::Flags;
use crate::cluster_flags::read_cluster_flags;
use crate::duration::format_duration_us;
use raft_sim::chaos::{run_chaos, ChaosOptions, ChaosOutcome};
use raft_sim::{SimConfig, UnsafeRule, UnsafeRules};
use serde::Serialize;
use std::time::Instant;

/// Help for `raftplay check`.
pub const CHECK_HELP: &str = "\
raftplay check: chaos runs with every safety checker on.

Usage: raftplay check [--seeds N] [--seed-start S] [--servers 3..7] [--break RULE[,RULE]]
                      [--check-quorum] [--pre-vote] [--json] [--all]

  --seeds N            number of seeds to run (default 100)
  --seed-start S       first seed (default 1)
  --servers A..B       servers per seed, drawn from the seed within A..B, or a single N
                       (default 3..7)
  --safety DURATION    length of the fault phase per seed (default 20s)
  --liveness DURATION  time the healed cluster has to elect a leader and commit (default 10s);
                       counted again from each step of a stable leader's catch-up of its
                       followers, up to 6 times in all
  --break RULE[,RULE]  unsafe: run with these Raft rules removed, to watch the checkers catch
                       it (vote-without-log-check, commit-by-counting, forget-vote-on-restart,
                       truncate-without-conflict, commit-beyond-verified)
  --check-quorum       run with CheckQuorum on (leaders without a majority step down)
  --pre-vote           run with PreVote on (pre-votes before a new term)
  --all                keep going after a failure and report every failing seed
  --json               print JSON
Each seed: a random schedule of crashes, restarts, partitions, one-way and two-way cuts, loss,
duplication, long delays (reordering), election timeouts, leadership transfers and bursts of
client commands (set, append, get), with every safety checker on; then everything is healed and
restarted, and the cluster must elect a leader and commit a new command. Last, every key is read
and the client's whole history is checked for linearizability. Exit status 1 if any seed fails.";

/// What `check` found.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckReport {
    extensions: Vec<String>,
    broken_rules: Vec<&'static str>,
    seeds_run: u64,
    seeds_failed: u64,
    /// Seeds whose client history the linearizability search could not decide in its budget.
    histories_undecided: u64,
    /// Leadership transfers the schedules asked for, and those given up (target down or cut off).
    leadership_transfers: u64,
    transfers_given_up: u64,
    virtual_seconds: f64,
    wall_seconds: f64,
    seeds_per_second: f64,
    virtual_seconds_per_second: f64,
    failures: Vec<FailedSeed>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FailedSeed {
    reproduce: String,
    #[serde(flatten)]
    outcome: ChaosOutcome,
}

/// The subcommand's printed text and exit status.
pub struct CheckResult {
    /// What to print.
    pub text: String,
    /// True if some seed failed.
    pub failed: bool,
}

/// Runs the subcommand.
pub fn check(mut flags: Flags) -> Result<CheckResult, String> {
    let seeds: u64 = flags.number("--seeds")?.unwrap_or(100);
    let seed_start: u64 = flags.number("--seed-start")?.unwrap_or(1);
    let (servers_min, servers_max) = servers_range(flags.value("--servers")?)?;
    let safety_us = flags.duration_us("--safety")?.unwrap_or(20_000_000);
    let liveness_us = flags.duration_us("--liveness")?.unwrap_or(10_000_000);
    if liveness_us == 0 {
        return Err("--liveness must be longer than 0".to_string());
    }
    let keep_going = flags.switch("--all");
    let json = flags.switch("--json");
    let broken_rules = broken_rules(flags.value("--break")?)?;
    let base = SimConfig {
        broken_rules,
        ..read_cluster_flags(&mut flags, SimConfig::default())?
    };
    flags.finish()?;

    let started = Instant::now();
    let mut report = CheckReport {
        extensions: base.extensions.ids(),
        broken_rules: broken_rules.broken().map(UnsafeRule::id).collect(),
        seeds_run: 0,
        seeds_failed: 0,
        histories_undecided: 0,
        leadership_transfers: 0,
        transfers_given_up: 0,
        virtual_seconds: 0.0,
        wall_seconds: 0.0,
        seeds_per_second: 0.0,
        virtual_seconds_per_second: 0.0,
        failures: Vec::new(),
    };
    for seed in seed_start..seed_start.saturating_add(seeds) {
        let servers = servers_min + (seed % u64::from(servers_max - servers_min + 1)) as u32;
        let config = SimConfig {
            seed,
            servers,
            ..base.clone()
        };
        let options = ChaosOptions {
            safety_us,
            liveness_us,
            ..ChaosOptions::new(config)
        };
        let outcome = run_chaos(&options);
        report.seeds_run += 1;
        report.virtual_seconds += outcome.end_ms / 1_000.0;
        report.histories_undecided += u64::from(outcome.history_undecided);
        report.leadership_transfers += outcome.transfers;
        report.transfers_given_up += outcome.transfers_given_up;
        if outcome.failure.is_some() {
            report.seeds_failed += 1;
            report.failures.push(FailedSeed {
                reproduce: reproduce_command(&options),
                outcome,
            });
            if !keep_going {
                break;
            }
        }
    }
    report.wall_seconds = started.elapsed().as_secs_f64().max(1e-9);
    report.seeds_per_second = report.seeds_run as f64 / report.wall_seconds;
    report.virtual_seconds_per_second = report.virtual_seconds / report.wall_seconds;
    let failed = report.seeds_failed > 0;
    let text = if json {
        serde_json::to_string_pretty(&report).map_err(|error| error.to_string())?
    } else {
        human_report(&report, servers_min, servers_max)
    };
    Ok(CheckResult { text, failed })
}

/// Reads `--servers` as `A..B`, `A-B` or `N`.
fn servers_range(text: Option<String>) -> Result<(u32, u32), String> {
    let Some(text) = text else {
        return Ok((3, 7));
    };
    let bad = || format!("--servers expects A..B (like 3..7) or one number, not '{text}'");
    let (min, max) = match text.split_once("..").or_else(|| text.split_once('-')) {
        Some((min, max)) => (
            min.parse::<u32>().map_err(|_| bad())?,
            max.trim_start_matches('=')
                .parse::<u32>()
                .map_err(|_| bad())?,
        ),
        None => {
            let both = text.parse().map_err(|_| bad())?;
            (both, both)
        }
    };
    if min == 0 || max > raft_sim::MAX_SERVERS || min > max {
        return Err(format!(
            "--servers must lie within 1..{} with the smaller number first, got '{text}'",
            raft_sim::MAX_SERVERS
        ));
    }
    Ok((min, max))
}

/// Reads `--break` as a comma-separated list of rule ids.
fn broken_rules(text: Option<String>) -> Result<UnsafeRules, String> {
    let mut rules = UnsafeRules::NONE;
    for name in text.iter().flat_map(|text| text.split(',')) {
        let rule: UnsafeRule = name.parse().map_err(|error| format!("--break: {error}"))?;
        rules.set(rule, true);
    }
    Ok(rules)
}

/// The command that runs exactly this seed again: every setting that differs from the
/// defaults is spelled out.
fn reproduce_command(options: &ChaosOptions) -> String {
    let config = &options.config;
    let defaults = SimConfig::default();
    let mut command = format!(
        "raftplay check --seeds 1 --seed-start {} --servers {}",
        config.seed, config.servers
    );
    if options.safety_us != 20_000_000 {
        command.push_str(&format!(
            " --safety {}",
            format_duration_us(options.safety_us)
        ));
    }
    if options.liveness_us != 10_000_000 {
        command.push_str(&format!(
            " --liveness {}",
            format_duration_us(options.liveness_us)
        ));
    }
    if (config.latency_ms_min, config.latency_ms_max)
        != (defaults.latency_ms_min, defaults.latency_ms_max)
    {
        command.push_str(&format!(
            " --latency-ms {}-{}",
            config.latency_ms_min, config.latency_ms_max
        ));
    }
    if (
        config.election_timeout_ms_min,
        config.election_timeout_ms_max,
    ) != (
        defaults.election_timeout_ms_min,
        defaults.election_timeout_ms_max,
    ) {
        command.push_str(&format!(
            " --election-timeout-ms {}-{}",
            config.election_timeout_ms_min, config.election_timeout_ms_max
        ));
    }
    if config.heartbeat_ms != defaults.heartbeat_ms {
        command.push_str(&format!(" --heartbeat-ms {}", config.heartbeat_ms));
    }
    if config.extensions.check_quorum {
        command.push_str(" --check-quorum");
    }
    if config.extensions.pre_vote {
        command.push_str(" --pre-vote");
    }
    let broken: Vec<&str> = config.broken_rules.broken().map(UnsafeRule::id).collect();
    if !broken.is_empty() {
        command.push_str(&format!(" --break {}", broken.join(",")));
    }
    command
}

fn human_report(report: &CheckReport, servers_min: u32, servers_max: u32) -> String {
    let mut out = String::new();
    for failed in &report.failures {
        let outcome = &failed.outcome;
        let failure = outcome
            .failure
            .as_ref()
            .expect("failed seeds have a failure");
        out.push_str(&format!(
            "FAIL seed {} ({} servers, {} entries per message), {:?} phase, at {} ms: {}\n  {}\n  \
             last faults:\n",
            outcome.seed,
            outcome.servers,
            outcome.max_entries_per_message,
            failure.phase,
            failure.time_ms,
            failure.property_name,
            failure.explanation,
        ));
        for fault in &outcome.last_faults {
            out.push_str(&format!("    {fault}\n"));
        }
        out.push_str(&format!("  reproduce: {}\n\n", failed.reproduce));
    }
    let servers = if servers_min == servers_max {
        format!("{servers_min}")
    } else {
        format!("{servers_min}..{servers_max}")
    };
    let mut broken = if report.broken_rules.is_empty() {
        String::new()
    } else {
        format!(", UNSAFE: broken {}", report.broken_rules.join(", "))
    };
    if !report.extensions.is_empty() {
        broken.push_str(&format!(", with {}", report.extensions.join(", ")));
    }
    let undecided = match report.histories_undecided {
        0 => String::new(),
        n => format!(
            " ({n} left undecided: the linearizability search of the client history ran out of \
             budget)"
        ),
    };
    out.push_str(&format!(
        "checked {} seeds ({servers} servers{broken}): {} failed{undecided}; {:.1} s wall, \
         {:.1} seeds/s, {:.0} virtual s/s\n",
        report.seeds_run,
        report.seeds_failed,
        report.wall_seconds,
        report.seeds_per_second,
        report.virtual_seconds_per_second
    ));
    out
}
