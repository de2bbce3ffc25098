//! `raftplay run`: simulate a cluster headless and print its final state and trace statistics,
//! as a table for people or as JSON (the same shape as `state()` in the browser). A safety
//! violation found on the way is printed and makes the exit status 1.

use crate::args::Flags;
use crate::cluster_flags::{read_cluster_flags, CLUSTER_FLAGS_HELP};
use crate::scenario_input::read_scenario;
use crate::trace_stats::TraceStats;
use crate::workload::Workload;
use raft_core::Role;
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::scenario::ActionKind;
use raft_sim::{ClusterState, SimConfig, Simulation, Timeline};

/// Help for `raftplay run`.
pub const RUN_HELP: &str = "\
raftplay run: simulate a cluster and print its final state and trace statistics.

Usage: raftplay run [--servers N] [--seed N] [--until DURATION] [--request-every DURATION] [--json]
       raftplay run FILE|LINK [--until DURATION] [--json]

  FILE|LINK                   replay a scenario: a JSON file (as the page exports it) or a
                              share link, #s=... fragment or bare payload; it runs to the
                              scenario's endMs (or its last action) unless --until is given

  --until DURATION            virtual time to simulate, like 10s, 500ms, 2m (default 10s)
  --request-every DURATION    a client command (\"set xK N\") every DURATION of virtual time
                              (default: no commands)
  --json                      print JSON: { config, state, trace }
Exit status 1 if a safety checker found a violation (printed, and in state.violation).";

/// What `run` prints, and whether a guarantee was broken.
pub struct RunOutput {
    /// What to print.
    pub text: String,
    /// True if a safety checker reported a violation.
    pub violated: bool,
}

/// Everything `run --json` prints.
struct RunReport<'a> {
    config: &'a SimConfig,
    commands_issued: u64,
    state: ClusterState,
    trace: TraceStats,
}

/// `{ config, commandsIssued, state, trace }`, with the page's JSON for the settings and the
/// state (the same writer as `state()` in the browser).
impl ToJson for RunReport<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("config", self.config);
        out.field("commandsIssued", &self.commands_issued);
        out.field("state", &self.state);
        out.field("trace", &self.trace);
        out.end_object();
    }
}

/// Flags that set up a cluster, which a scenario brings itself.
const SETTING_FLAGS: [&str; 6] = [
    "--servers",
    "--seed",
    "--latency-ms",
    "--election-timeout-ms",
    "--heartbeat-ms",
    "--request-every",
];

/// Runs the subcommand; returns the text to print.
pub fn run(mut flags: Flags) -> Result<RunOutput, String> {
    let setting_flag = SETTING_FLAGS.into_iter().find(|name| flags.has(name));
    let config = read_cluster_flags(&mut flags, SimConfig::default())?;
    let until = flags.duration_us("--until")?;
    let workload = Workload {
        every_us: flags.duration_us("--request-every")?,
    };
    let json = flags.switch("--json");
    let scenario = flags.positional();
    flags.finish()?;
    if let Some(argument) = scenario {
        if let Some(name) = setting_flag {
            return Err(format!(
                "{name} cannot be combined with a scenario: the scenario has its own settings"
            ));
        }
        return run_scenario(&argument, until, json);
    }
    let until = until.unwrap_or(10_000_000);

    let mut sim = Simulation::new(config.clone()).map_err(|error| error.to_string())?;
    let commands_issued = workload.drive(&mut sim, until);
    let report = RunReport {
        config: &config,
        commands_issued,
        state: sim.state(),
        trace: TraceStats::of(sim.trace()),
    };
    output(&report, json, String::new())
}

/// The report as JSON or as text, and whether it holds a violation.
fn output(report: &RunReport, json: bool, heading: String) -> Result<RunOutput, String> {
    let violated = report.state.violation.is_some();
    let text = if json {
        let mut out = JsonWriter::pretty();
        report.write_json(&mut out);
        out.finish()
    } else {
        let mut text = heading;
        if let Some(violation) = &report.state.violation {
            text.push_str(&format!(
                "SAFETY VIOLATION at {} ms: {} is broken\n  {}\n\n",
                violation.time_us as f64 / 1_000.0,
                violation.property.name(),
                violation.explanation
            ));
        }
        text.push_str(&human_report(report));
        text
    };
    Ok(RunOutput { text, violated })
}

/// `run FILE|LINK`: replays the scenario to its end, or to `until`.
fn run_scenario(argument: &str, until: Option<u64>, json: bool) -> Result<RunOutput, String> {
    let scenario = read_scenario(argument)?;
    let mut timeline = Timeline::from_scenario(&scenario).map_err(|error| error.to_string())?;
    if let Some(until) = until {
        timeline.seek(until);
    }
    let sim = timeline.simulation();
    let commands_issued = scenario
        .actions
        .iter()
        .filter(|action| action.at_ms * 1000.0 <= sim.now() as f64)
        .filter(|action| matches!(action.kind, ActionKind::Request { .. }))
        .count() as u64;
    let report = RunReport {
        config: sim.config(),
        commands_issued,
        state: sim.state(),
        trace: TraceStats::of(sim.trace()),
    };
    let heading = format!(
        "scenario with {} actions, replayed\n",
        scenario.actions.len()
    );
    output(&report, json, heading)
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
    let extensions = config.extensions.ids();
    if !extensions.is_empty() {
        out.push_str(&format!("extensions on: {}\n\n", extensions.join(", ")));
    }
    out.push_str("server  role          term  voted  commit  applied  log  last entry\n");
    for server in &state.servers {
        let role = if server.crashed {
            "crashed".to_string()
        } else {
            match server.role {
                Role::PreCandidate => "pre-candidate".to_string(),
                role => format!("{role:?}").to_lowercase(),
            }
        };
        let voted = server
            .voted_for
            .map_or("-".to_string(), |id| format!("S{id}"));
        let last = server.log.last().map_or("-".to_string(), |entry| {
            let command = entry.command.as_deref().unwrap_or("no-op");
            format!("{}@t{} {command}", entry.index, entry.term)
        });
        out.push_str(&format!(
            "S{:<6} {:<13} {:>4}  {:>5}  {:>6}  {:>7}  {:>3}  {last}\n",
            server.id,
            role,
            server.term,
            voted,
            server.commit_index,
            server.last_applied,
            server.log.len(),
        ));
    }
    for leader in state
        .servers
        .iter()
        .filter(|server| !server.progress.is_empty())
    {
        let title = format!("followers of leader S{} (term {})", leader.id, leader.term);
        out.push_str(&format!(
            "\n{title:<32} {:>6} {:>6}  sending\n",
            "match", "next"
        ));
        for follower in &leader.progress {
            let sending = match (follower.probing, follower.inflight) {
                (true, _) => "probing".to_string(),
                (false, 0) => "streaming".to_string(),
                (false, n) => format!("{n} in flight"),
            };
            let name = format!("S{}", follower.id);
            out.push_str(&format!(
                "{name:<32} {:>6} {:>6}  {sending}\n",
                follower.match_index, follower.next_index
            ));
        }
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
