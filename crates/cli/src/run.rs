//! `raftplay run`: simulate a cluster headless and print its final state and trace statistics,
//! as a table for people or as JSON (the same shape as `state()` in the browser).

use crate::args::Flags;
use crate::cluster_flags::{read_cluster_flags, CLUSTER_FLAGS_HELP};
use crate::trace_stats::TraceStats;
use crate::workload::Workload;
use raft_sim::{ClusterState, SimConfig, Simulation};
use serde::Serialize;

/// Help for `raftplay run`.
pub const RUN_HELP: &str = "\
raftplay run: simulate a cluster and print its final state and trace statistics.

Usage: raftplay run [--servers N] [--seed N] [--until DURATION] [--request-every DURATION] [--json]

  --until DURATION            virtual time to simulate, like 10s, 500ms, 2m (default 10s)
  --request-every DURATION    a client command (\"set xK N\") every DURATION of virtual time
                              (default: no commands)
  --json                      print JSON: { config, state, trace }";

/// Everything `run --json` prints.
#[derive(Serialize)]
struct RunReport<'a> {
    config: &'a SimConfig,
    #[serde(rename = "commandsIssued")]
    commands_issued: u64,
    state: ClusterState,
    trace: TraceStats,
}

/// Runs the subcommand; returns the text to print.
pub fn run(mut flags: Flags) -> Result<String, String> {
    let config = read_cluster_flags(&mut flags, SimConfig::default())?;
    let until = flags.duration_us("--until")?.unwrap_or(10_000_000);
    let workload = Workload {
        every_us: flags.duration_us("--request-every")?,
    };
    let json = flags.switch("--json");
    flags.finish()?;

    let mut sim = Simulation::new(config.clone()).map_err(|error| error.to_string())?;
    let commands_issued = workload.drive(&mut sim, until);
    let report = RunReport {
        config: &config,
        commands_issued,
        state: sim.state(),
        trace: TraceStats::of(sim.trace()),
    };
    if json {
        return serde_json::to_string_pretty(&report).map_err(|error| error.to_string());
    }
    Ok(human_report(&report))
}

fn human_report(report: &RunReport) -> String {
    let config = report.config;
    let state = &report.state;
    let mut out = format!(
        "{} servers, seed {}, latency {}-{} ms, election timeout {}-{} ms, heartbeat {} ms\n\
         virtual time {} ms, {} client commands issued\n\n",
        config.servers,
        config.seed,
        config.latency_ms_min,
        config.latency_ms_max,
        config.election_timeout_ms_min,
        config.election_timeout_ms_max,
        config.heartbeat_ms,
        state.time_ms,
        report.commands_issued,
    );
    out.push_str("server  role       term  voted  commit  applied  log  last entry\n");
    for server in &state.servers {
        let role = if server.crashed {
            "crashed".to_string()
        } else {
            format!("{:?}", server.role).to_lowercase()
        };
        let voted = server
            .voted_for
            .map_or("-".to_string(), |id| format!("S{id}"));
        let last = server.log.last().map_or("-".to_string(), |entry| {
            let command = entry.command.as_deref().unwrap_or("no-op");
            format!("{}@t{} {command}", entry.index, entry.term)
        });
        out.push_str(&format!(
            "S{:<6} {:<10} {:>4}  {:>5}  {:>6}  {:>7}  {:>3}  {last}\n",
            server.id,
            role,
            server.term,
            voted,
            server.commit_index,
            server.last_applied,
            server.log.len(),
        ));
    }
    out.push_str(&format!(
        "\n{} messages in flight, {} client requests open\n\n",
        state.messages.len(),
        state.requests.len()
    ));
    out.push_str(&report.trace.to_text());
    out
}

/// The cluster flags' help, shown under every subcommand that takes them.
pub fn run_help() -> String {
    format!("{RUN_HELP}\n{CLUSTER_FLAGS_HELP}\n")
}
