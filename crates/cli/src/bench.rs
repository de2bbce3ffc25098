//! `raftplay bench`: the simulator's speed on the issue-2 workload — 5 servers, latency 10–15 ms,
//! election timeout 100–200 ms, heartbeat 50 ms, a client command every 10 ms of virtual time,
//! 600 s of virtual time — in virtual seconds per wall-clock second and events per second.

use crate::args::Flags;
use crate::cluster_flags::read_cluster_flags;
use crate::workload::{Driven, Workload};
use raft_sim::{SimConfig, Simulation, Timeline};
use serde::Serialize;
use std::time::Instant;

/// Help for `raftplay bench`.
pub const BENCH_HELP: &str = "\
raftplay bench: measure the simulator on the standard workload.

Usage: raftplay bench [--runs N] [--virtual DURATION] [--seed N] [--no-check] [--with-history]
                      [--timeline] [--json]

  --runs N            repetitions; the median is reported (default 3)
  --virtual DURATION  virtual time per run (default 600s)
  --seed N            seed of the first run; run i uses seed + i (default 1)
  --no-check          switch the safety checkers off (they are on by default, as in the page)
  --with-history      run the cluster as the page does: record every action and keep
                      time-travel checkpoints, and stop at a violation (a Timeline)
  --timeline          measure time travel instead: seeks in a 10-minute run, and what the
                      timeline holds after 1 hour (5 servers, a command every 100 ms)
  --json              print JSON
The workload: 5 servers, latency 10-15 ms, election timeout 100-200 ms, heartbeat 50 ms,
a client command every 10 ms of virtual time. Cluster flags (--servers, --latency-ms, ...)
override it.";

/// The benchmark's cluster.
pub fn bench_config() -> SimConfig {
    // The defaults already are 5 servers, latency 10-15 ms and a 50 ms heartbeat.
    SimConfig {
        election_timeout_ms_min: 100,
        election_timeout_ms_max: 200,
        ..SimConfig::default()
    }
}

/// The benchmark's client load.
pub const BENCH_WORKLOAD: Workload = Workload {
    every_us: Some(10_000),
};

/// One measured run.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunFigures {
    seed: u64,
    wall_seconds: f64,
    virtual_seconds_per_second: f64,
    queue_events_per_second: f64,
    trace_events_per_second: f64,
    trace_events: u64,
    commands_issued: u64,
    commands_answered: usize,
}

/// The whole benchmark.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BenchReport {
    config: SimConfig,
    checking: bool,
    with_history: bool,
    virtual_seconds: f64,
    runs: Vec<RunFigures>,
    median_virtual_seconds_per_second: f64,
    median_trace_events_per_second: f64,
    median_queue_events_per_second: f64,
}

/// Runs the subcommand; returns the text to print.
pub fn bench(mut flags: Flags) -> Result<String, String> {
    if flags.switch("--timeline") {
        return crate::bench_timeline::bench_timeline(flags);
    }
    let config = read_cluster_flags(&mut flags, bench_config())?;
    let runs: u32 = flags.number("--runs")?.unwrap_or(3);
    if runs == 0 {
        return Err("--runs must be at least 1".to_string());
    }
    let until = flags.duration_us("--virtual")?.unwrap_or(600_000_000);
    if until == 0 {
        return Err("--virtual must be longer than 0".to_string());
    }
    let checking = !flags.switch("--no-check");
    let with_history = flags.switch("--with-history");
    if with_history && !checking {
        return Err(
            "--with-history runs the page's path, where the checkers are always on: \
                    drop --no-check"
                .to_string(),
        );
    }
    let json = flags.switch("--json");
    flags.finish()?;

    let figures: Vec<RunFigures> = (0..u64::from(runs))
        .map(|run| {
            measure(
                config.clone(),
                config.seed + run,
                until,
                checking,
                with_history,
            )
        })
        .collect::<Result<_, _>>()?;
    let median = |value: fn(&RunFigures) -> f64| {
        let mut values: Vec<f64> = figures.iter().map(value).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let report = BenchReport {
        median_virtual_seconds_per_second: median(|run| run.virtual_seconds_per_second),
        median_trace_events_per_second: median(|run| run.trace_events_per_second),
        median_queue_events_per_second: median(|run| run.queue_events_per_second),
        config,
        checking,
        with_history,
        virtual_seconds: until as f64 / 1e6,
        runs: figures,
    };
    if json {
        return serde_json::to_string_pretty(&report).map_err(|error| error.to_string());
    }
    let mut out = format!(
        "workload: {} servers, latency {}-{} ms, election timeout {}-{} ms, heartbeat {} ms, \
         a command every 10 ms, {} s virtual, safety checkers {}{}\n",
        report.config.servers,
        report.config.latency_ms_min,
        report.config.latency_ms_max,
        report.config.election_timeout_ms_min,
        report.config.election_timeout_ms_max,
        report.config.heartbeat_ms,
        report.virtual_seconds,
        if report.checking { "on" } else { "off" },
        if report.with_history {
            ", with history (actions recorded, checkpoints kept)"
        } else {
            ""
        },
    );
    for run in &report.runs {
        out.push_str(&format!(
            "seed {:>3}: {:>7.3} s wall, {:>8.0} virtual s/s, {:>6.2} M trace events/s, \
             {:>6.2} M queue events/s, {} / {} commands answered\n",
            run.seed,
            run.wall_seconds,
            run.virtual_seconds_per_second,
            run.trace_events_per_second / 1e6,
            run.queue_events_per_second / 1e6,
            run.commands_answered,
            run.commands_issued,
        ));
    }
    out.push_str(&format!(
        "median: {:.0} virtual s/s, {:.2} M trace events/s\n",
        report.median_virtual_seconds_per_second,
        report.median_trace_events_per_second / 1e6
    ));
    Ok(out)
}

/// One run with `seed`: the bare simulation, or (`with_history`) a `Timeline` as the page runs it.
fn measure(
    mut config: SimConfig,
    seed: u64,
    until: u64,
    checking: bool,
    with_history: bool,
) -> Result<RunFigures, String> {
    config.seed = seed;
    if with_history {
        let timeline = Timeline::new(config).map_err(|error| error.to_string())?;
        return Ok(timed_run(timeline, seed, until));
    }
    let mut sim = Simulation::new(config).map_err(|error| error.to_string())?;
    sim.set_checking(checking);
    Ok(timed_run(sim, seed, until))
}

/// Drives the workload on `driven` until `until` and measures it.
fn timed_run(mut driven: impl Driven, seed: u64, until: u64) -> RunFigures {
    let started = Instant::now();
    let commands_issued = BENCH_WORKLOAD.drive(&mut driven, until);
    let wall_seconds = started.elapsed().as_secs_f64().max(1e-9);
    let sim = driven.simulation();
    RunFigures {
        seed,
        wall_seconds,
        virtual_seconds_per_second: until as f64 / 1e6 / wall_seconds,
        queue_events_per_second: sim.events_processed() as f64 / wall_seconds,
        trace_events_per_second: sim.trace().total() as f64 / wall_seconds,
        trace_events: sim.trace().total(),
        commands_issued,
        commands_answered: sim
            .requests()
            .iter()
            .filter(|request| request.return_time.is_some())
            .count(),
    }
}
