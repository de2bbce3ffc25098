//! `raftplay bench --timeline`: the cost of time travel. A 10-minute run (5 servers, a client
//! command every 100 ms, all recorded) is built through a `Timeline`; then the time to seek to
//! 20 moments of it (a fixed pseudo-random order, backwards and forwards), and what the
//! timeline holds after 1 hour of virtual time under the same load: checkpoints, recorded
//! actions and log entries (the bulk of a checkpoint's memory).

use crate::args::Flags;
use raft_core::{Entry, Time};
use raft_sim::{SimConfig, Timeline};
use serde::Serialize;
use std::time::Instant;

/// Virtual time between client commands (µs).
const EVERY_US: Time = 100_000;
/// The seek benchmark's run (µs): 10 minutes.
const SEEK_RUN_US: Time = 600_000_000;
/// The memory benchmark's run (µs): 1 hour.
const MEMORY_RUN_US: Time = 3_600_000_000;
/// Moments sought.
const SEEKS: usize = 20;

/// What `bench --timeline` measures.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimelineReport {
    seeks: usize,
    seek_mean_ms: f64,
    seek_max_ms: f64,
    build_10_min_seconds: f64,
    checkpoints_10_min: usize,
    build_1_h_seconds: f64,
    checkpoints_1_h: usize,
    recorded_actions_1_h: usize,
    log_entries_held_1_h: usize,
    /// The checkpoints' estimated size (MB).
    checkpoint_megabytes_estimate_1_h: f64,
    /// Log entries times the size of an entry plus its command's bytes: a lower bound of the
    /// memory the logs take (MB).
    log_megabytes_estimate_1_h: f64,
}

/// Runs `raftplay bench --timeline [--json]`.
pub fn bench_timeline(mut flags: Flags) -> Result<String, String> {
    let json = flags.switch("--json");
    flags.finish()?;

    let started = Instant::now();
    let mut timeline = loaded_run(SEEK_RUN_US)?;
    let build_10_min_seconds = started.elapsed().as_secs_f64();
    let checkpoints_10_min = timeline.checkpoint_count();
    let mut times_ms = Vec::with_capacity(SEEKS);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..SEEKS {
        // xorshift64*: a fixed, portable sequence of moments.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let to = state.wrapping_mul(0x2545_f491_4f6c_dd1d) % SEEK_RUN_US;
        let started = Instant::now();
        timeline.seek(to);
        times_ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    let seek_mean_ms = times_ms.iter().sum::<f64>() / SEEKS as f64;
    let seek_max_ms = times_ms.iter().copied().fold(0.0, f64::max);

    let started = Instant::now();
    let long = loaded_run(MEMORY_RUN_US)?;
    let build_1_h_seconds = started.elapsed().as_secs_f64();
    let entries = long.log_entries_held();
    let report = TimelineReport {
        seeks: SEEKS,
        seek_mean_ms,
        seek_max_ms,
        build_10_min_seconds,
        checkpoints_10_min,
        build_1_h_seconds,
        checkpoints_1_h: long.checkpoint_count(),
        recorded_actions_1_h: long.recorded_actions(),
        log_entries_held_1_h: entries,
        checkpoint_megabytes_estimate_1_h: long.checkpoint_bytes() as f64 / 1e6,
        log_megabytes_estimate_1_h: entries as f64 * (std::mem::size_of::<Entry>() + 16) as f64
            / 1e6,
    };
    if json {
        return serde_json::to_string_pretty(&report).map_err(|error| error.to_string());
    }
    Ok(format!(
        "time travel: 5 servers, a client command every 100 ms\n\
         10 min run: built in {:.2} s, {} checkpoints; seek to {} moments: mean {:.1} ms, \
         max {:.1} ms\n\
         1 h run: built in {:.2} s, {} checkpoints (~{:.0} MB estimated), {} recorded actions, \
         {} log entries held (~{:.1} MB of log)\n",
        report.build_10_min_seconds,
        report.checkpoints_10_min,
        report.seeks,
        report.seek_mean_ms,
        report.seek_max_ms,
        report.build_1_h_seconds,
        report.checkpoints_1_h,
        report.checkpoint_megabytes_estimate_1_h,
        report.recorded_actions_1_h,
        report.log_entries_held_1_h,
        report.log_megabytes_estimate_1_h,
    ))
}

/// A timeline run to `until` with a recorded client command every 100 ms.
fn loaded_run(until: Time) -> Result<Timeline, String> {
    let mut timeline = Timeline::new(SimConfig::default()).map_err(|error| error.to_string())?;
    let mut issued = 0u64;
    let mut next = EVERY_US;
    while next <= until {
        timeline.run_until(next);
        timeline
            .client_request(&format!("set x{} {issued}", issued % 10))
            .map_err(|error| error.to_string())?;
        issued += 1;
        next += EVERY_US;
    }
    timeline.run_until(until);
    Ok(timeline)
}
