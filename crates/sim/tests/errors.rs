//! Invalid configurations and actions are refused with the documented errors.

mod common;

use common::{cluster, secs};
use raft_sim::{SimConfig, SimError, Simulation};

fn invalid(config: SimConfig) -> String {
    match Simulation::new(config) {
        Err(SimError::InvalidConfig(why)) => why,
        Err(other) => panic!("wrong error: {other:?}"),
        Ok(_) => panic!("accepted an invalid configuration"),
    }
}

#[test]
fn invalid_configurations_are_refused_with_the_setting_named() {
    let base = SimConfig::default();
    let cases: Vec<(SimConfig, &str)> = vec![
        (
            SimConfig {
                servers: 0,
                ..base.clone()
            },
            "servers must be 1 to 9, got 0",
        ),
        (
            SimConfig {
                servers: 10,
                ..base.clone()
            },
            "servers must be 1 to 9, got 10",
        ),
        (
            SimConfig {
                latency_ms_min: 20,
                latency_ms_max: 10,
                ..base.clone()
            },
            "latencyMsMin (20) must not exceed latencyMsMax (10)",
        ),
        (
            SimConfig {
                election_timeout_ms_min: 0,
                ..base.clone()
            },
            "electionTimeoutMsMin must be at least 1 ms",
        ),
        (
            SimConfig {
                election_timeout_ms_min: 300,
                election_timeout_ms_max: 150,
                ..base.clone()
            },
            "electionTimeoutMsMin (300) must not exceed electionTimeoutMsMax (150)",
        ),
        (
            SimConfig {
                heartbeat_ms: 0,
                ..base.clone()
            },
            "heartbeatMs must be at least 1 ms",
        ),
        (
            SimConfig {
                heartbeat_ms: 150,
                ..base.clone()
            },
            "heartbeatMs (150) must be below electionTimeoutMsMin (150)",
        ),
    ];
    for (config, expected) in cases {
        let why = invalid(config.clone());
        assert!(why.contains(expected), "{config:?}: {why}");
    }
    let error = Simulation::new(SimConfig { servers: 0, ..base })
        .err()
        .unwrap();
    assert!(error
        .to_string()
        .starts_with("sim: invalid configuration: "));
}

#[test]
fn edge_configurations_are_accepted_and_run() {
    for config in [
        SimConfig {
            servers: 1,
            ..SimConfig::default()
        },
        SimConfig {
            servers: 9,
            ..SimConfig::default()
        },
        SimConfig {
            latency_ms_min: 0,
            latency_ms_max: 0,
            ..SimConfig::default()
        },
    ] {
        let mut sim = Simulation::new(config.clone()).unwrap();
        sim.client_request("set x 1").unwrap();
        sim.run_until(secs(3));
        assert!(sim.leader().is_some(), "{config:?}");
        assert!(sim.requests()[0].return_time.is_some(), "{config:?}");
    }
    // Equal bounds are allowed (no randomisation: §5.2's split votes may repeat).
    let fixed = SimConfig {
        election_timeout_ms_min: 200,
        election_timeout_ms_max: 200,
        heartbeat_ms: 199,
        ..SimConfig::default()
    };
    let mut sim = Simulation::new(fixed).unwrap();
    sim.run_until(secs(3));
    assert!(sim.trace().total() > 0);
}

#[test]
fn invalid_actions_give_the_documented_errors() {
    let mut sim = cluster(1);
    sim.run_until(secs(1));
    assert_eq!(sim.crash(0), Err(SimError::UnknownServer(0)));
    assert_eq!(sim.crash(6), Err(SimError::UnknownServer(6)));
    assert_eq!(sim.restart(6), Err(SimError::UnknownServer(6)));
    assert_eq!(sim.timeout_now(42), Err(SimError::UnknownServer(42)));
    assert_eq!(
        SimError::UnknownServer(6).to_string(),
        "sim: there is no server S6"
    );

    assert!(matches!(sim.restart(2), Err(SimError::InvalidAction(why)) if why.contains("running")));
    sim.crash(2).unwrap();
    assert!(
        matches!(sim.crash(2), Err(SimError::InvalidAction(why)) if why.contains("already crashed"))
    );
    assert!(
        matches!(sim.timeout_now(2), Err(SimError::InvalidAction(why)) if why.contains("crashed"))
    );
    let leader = sim.leader().unwrap();
    assert!(
        matches!(sim.timeout_now(leader), Err(SimError::InvalidAction(why)) if why.contains("leader"))
    );
    sim.restart(2).unwrap();
    // A refused action leaves no trace.
    let hash = sim.trace().hash();
    let _ = sim.crash(9);
    let _ = sim.restart(2);
    assert_eq!(sim.trace().hash(), hash);
}
