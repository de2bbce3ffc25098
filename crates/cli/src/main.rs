//! `raftplay`: the playground's command line. Runs the same deterministic simulator as the
//! browser, headless: `run` prints a cluster's final state, `check` runs chaos seeds with
//! every safety checker on, `bench` measures the simulator.

mod args;
mod bench;
mod bench_timeline;
mod check;
mod cluster_flags;
mod duration;
mod run;
mod scenario_input;
mod trace_stats;
mod workload;

use args::Flags;

const HELP: &str = "\
raftplay: the Raft Playground simulator on the command line.

Usage: raftplay <command> [flags]

Commands:
  run     simulate a cluster and print its final state and trace statistics
  check   chaos runs over many seeds with every safety checker on
  bench   measure simulator throughput on the standard workload
  help    show this help, or `raftplay help <command>`

Examples:
  raftplay run --servers 5 --seed 7 --until 10s
  raftplay run --seed 7 --until 30s --request-every 100ms --json
  raftplay run scenario.json --until 20s
  raftplay run 'https://.../#s=...'
  raftplay check --seeds 200 --servers 3..7
  raftplay bench --runs 3";

fn main() {
    let mut arguments: Vec<String> = std::env::args().skip(1).collect();
    if arguments.is_empty() {
        eprintln!("{HELP}");
        std::process::exit(2);
    }
    let command = arguments.remove(0);
    let wants_help = arguments.iter().any(|a| a == "--help" || a == "-h");
    let result = match command.as_str() {
        "run" if wants_help => Ok(run::run_help()),
        "bench" if wants_help => Ok(bench::BENCH_HELP.to_string()),
        "check" if wants_help => Ok(check::CHECK_HELP.to_string()),
        "check" => match check::check(Flags::new(arguments)) {
            Ok(result) => {
                println!("{}", result.text.trim_end());
                std::process::exit(i32::from(result.failed));
            }
            Err(message) => Err(message),
        },
        "run" => match run::run(Flags::new(arguments)) {
            Ok(output) => {
                println!("{}", output.text.trim_end());
                std::process::exit(i32::from(output.violated));
            }
            Err(message) => Err(message),
        },
        "bench" => bench::bench(Flags::new(arguments)),
        "help" | "--help" | "-h" => Ok(match arguments.first().map(String::as_str) {
            Some("run") => run::run_help(),
            Some("bench") => bench::BENCH_HELP.to_string(),
            Some("check") => check::CHECK_HELP.to_string(),
            _ => HELP.to_string(),
        }),
        "--version" | "-V" => Ok(format!("raftplay {}", env!("CARGO_PKG_VERSION"))),
        other => Err(format!(
            "unknown command '{other}'; the commands are run, check, bench and help"
        )),
    };
    match result {
        Ok(text) => println!("{}", text.trim_end()),
        Err(message) => {
            eprintln!("raftplay: {message}");
            std::process::exit(2);
        }
    }
}
