//! Runs the determinism scenario natively through the same facade the browser uses and prints
//! its trace hash as JSON. `tests/wasm/determinism.test.js` runs the same scenario in wasm and
//! requires the same hash; keep the two scenarios identical.
//!
//! Scenario: seed 7, 5 servers, the client sends "set k{i} {i}" at every 500 ms, until 10 s.

use raft_sim::SimConfig;
use raft_wasm::Playground;

fn main() {
    let config = SimConfig {
        seed: 7,
        servers: 5,
        ..SimConfig::default()
    };
    let mut playground =
        Playground::from_config(config).expect("the scenario's settings are valid");
    for i in 1..=19 {
        advance(&mut playground, 500.0);
        if playground.request(&format!("set k{i} {i}"), None).is_err() {
            panic!("request {i} was refused");
        }
    }
    advance(&mut playground, 500.0);
    println!(
        "{{\"hash\":\"{}\",\"events\":{},\"timeMs\":{}}}",
        playground.trace_hash(),
        playground.event_count(),
        playground.time_ms()
    );
}

fn advance(playground: &mut Playground, ms: f64) {
    if playground.advance(ms).is_err() {
        panic!("advance({ms}) was refused");
    }
}
