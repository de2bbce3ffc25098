//! Decoding untrusted links and files never panics: random bytes and text, and valid links and
//! JSON with random bytes changed, inserted or removed, all give `Ok` or a clear `Err`
//! (proptest, fixed seed, 2,000 cases each). Whatever decodes also replays without panicking.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use raft_sim::scenario::{base64url_encode, decode_scenario_text, encode_link_payload, Scenario};
use raft_sim::{SimConfig, Timeline};
use std::sync::OnceLock;

fn config() -> Config {
    Config {
        cases: 2_000,
        rng_seed: RngSeed::Fixed(4),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A short run with several kinds of action, as a scenario.
fn valid() -> &'static Scenario {
    static VALID: OnceLock<Scenario> = OnceLock::new();
    VALID.get_or_init(|| {
        let mut t = Timeline::new(SimConfig::default()).unwrap();
        t.run_until(400_000);
        t.crash(2).unwrap();
        t.client_request("set x 1").unwrap();
        t.run_until(600_000);
        t.partition(&[vec![1], vec![3, 4]]).unwrap();
        t.restart(2).unwrap();
        t.run_until(800_000);
        t.heal();
        t.scenario()
    })
}

/// Decodes, and replays what decodes (a short way: the valid scenario ends before 1 s).
fn decode_and_replay(text: &str) {
    match decode_scenario_text(text) {
        Ok(scenario) => {
            if scenario.end_ms.unwrap_or(0.0) <= 2_000.0
                && scenario.actions.last().is_none_or(|a| a.at_ms <= 2_000.0)
            {
                if let Err(error) = Timeline::from_scenario(&scenario) {
                    assert!(!error.to_string().is_empty());
                }
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
}

/// Applies byte edits to `text`: (position, replacement or deletion or insertion).
fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, kind, byte) in edits {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        match kind % 3 {
            0 => bytes[at] = byte,
            1 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, byte),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        decode_and_replay(&String::from_utf8_lossy(&bytes));
        // The same bytes as a link payload and as compressed data.
        let text: String = bytes.iter().map(|&b| (b % 94 + 33) as char).collect();
        decode_and_replay(&format!("#s={text}"));
    }

    #[test]
    fn mutated_links_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        let payload = encode_link_payload(valid());
        decode_and_replay(&mutate(&format!("https://x.test/#s={payload}"), &edits));
        // Mutate the compressed bytes themselves, then re-encode them validly.
        let mut compressed = miniz_oxide::deflate::compress_to_vec(valid().to_json().as_bytes(), 9);
        for &(at, _, byte) in &edits {
            let at = at % compressed.len();
            compressed[at] ^= byte | 1;
        }
        decode_and_replay(&base64url_encode(&compressed));
    }

    #[test]
    fn mutated_json_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)) {
        decode_and_replay(&mutate(&valid().to_json(), &edits));
    }
}

#[test]
fn the_unmutated_inputs_decode() {
    let payload = encode_link_payload(valid());
    assert_eq!(&decode_scenario_text(&payload).unwrap(), valid());
    assert_eq!(&decode_scenario_text(&valid().to_json()).unwrap(), valid());
}
