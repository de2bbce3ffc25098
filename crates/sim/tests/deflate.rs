//! The share links' DEFLATE: round trips, compatibility with `miniz_oxide` both ways (links
//! made by earlier versions still open), hand-made valid and malformed streams, the output
//! limit, and proptest (fixed seed) for round trips and for random or damaged input, which
//! must give an error and never panic.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use raft_sim::scenario::deflate::{compress, inflate, InflateError};
use raft_sim::{SimConfig, Timeline};
use std::sync::OnceLock;

const LIMIT: usize = 1 << 24;

fn round_trip(data: &[u8]) {
    let packed = compress(data);
    assert_eq!(inflate(&packed, data.len()).unwrap(), data, "our inflate");
    let theirs = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
    assert_eq!(theirs, data, "miniz_oxide's inflate");
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// A scenario's JSON with about `actions` actions of every common kind, as the page records
/// them.
fn scenario_json(actions: usize) -> String {
    let mut timeline = Timeline::new(SimConfig::default()).unwrap();
    let mut rng = noise(actions * 2 + 2, 99);
    let mut now = 300_000;
    for i in 0..actions {
        now += 20_000 + u64::from(rng[2 * i]) * 1_000;
        timeline.run_until(now);
        let server = u32::from(rng[2 * i + 1] % 5) + 1;
        let _ = match rng[2 * i + 1] % 8 {
            0 => timeline.crash(server),
            1 => timeline.restart(server),
            2 => timeline.partition(&[vec![server], vec![server % 5 + 1]]),
            3 => {
                timeline.heal();
                Ok(())
            }
            4 => timeline.timeout_now(server),
            _ => timeline
                .client_request(&format!("set key{} {}", rng[2 * i] % 20, i))
                .map(|_| ()),
        };
    }
    rng.clear();
    timeline.scenario().to_json()
}

#[test]
fn round_trips() {
    round_trip(b"");
    round_trip(b"x");
    round_trip(b"abcabcabcabcabcabcabc");
    round_trip(&[7; 1000]);
    round_trip(&noise(100_000, 1));
    round_trip(&b"to be or not to be, ".repeat(5000)); // more than the 32 KB window
    let mut mixed = noise(40_000, 2);
    mixed.extend_from_within(..); // matches 40 KB back are out of reach
    mixed.extend(std::iter::repeat_n(b'z', 70_000)); // runs far longer than 258
    round_trip(&mixed);
    round_trip(scenario_json(200).as_bytes());
}

#[test]
fn output_is_deterministic_and_small_for_repetition() {
    let data = b"abc".repeat(10_000);
    assert_eq!(compress(&data), compress(&data));
    assert!(compress(&data).len() < 200);
    assert!(compress(&[0; 100_000]).len() < 200);
    assert_eq!(compress(b""), [0x03, 0x00]); // a fixed block holding only end-of-block
}

#[test]
fn inflates_what_miniz_oxide_compresses_at_every_level() {
    let inputs = [
        Vec::new(),
        b"a".to_vec(),
        scenario_json(10).into_bytes(),
        scenario_json(300).into_bytes(),
        noise(70_000, 3),
        b"0123456789".repeat(10_000),
    ];
    for input in &inputs {
        for level in [0, 1, 6, 9, 10] {
            let packed = miniz_oxide::deflate::compress_to_vec(input, level);
            assert_eq!(
                inflate(&packed, input.len()).as_ref(),
                Ok(input),
                "level {level}, {} bytes",
                input.len()
            );
        }
    }
}

#[test]
fn the_limit_is_exact() {
    let data = b"limits, limits, limits".repeat(100);
    for packed in [
        compress(&data),
        miniz_oxide::deflate::compress_to_vec(&data, 0), // stored blocks
    ] {
        assert_eq!(inflate(&packed, data.len()), Ok(data.clone()));
        assert_eq!(
            inflate(&packed, data.len() - 1),
            Err(InflateError::TooLarge)
        );
        assert_eq!(inflate(&packed, 0), Err(InflateError::TooLarge));
    }
    assert_eq!(inflate(&compress(b""), 0), Ok(Vec::new()));
    // A bomb: 10 MB of zeros in ~10 KB, refused after a megabyte.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0; 10 << 20], 9);
    assert_eq!(inflate(&bomb, 1 << 20), Err(InflateError::TooLarge));
}

/// Compressed size against miniz_oxide's best level, on scenarios with 10, 200 and 2,000
/// actions (run with `--nocapture` to see the figures).
#[test]
fn compresses_scenarios_about_as_well_as_miniz_oxide_level_9() {
    for actions in [10, 200, 2_000] {
        let json = scenario_json(actions);
        let ours = compress(json.as_bytes()).len();
        let theirs = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9).len();
        let ratio = ours as f64 / theirs as f64;
        println!(
            "{actions} actions: JSON {} bytes, ours {ours}, miniz_oxide level 9 {theirs}, ratio {ratio:.3}",
            json.len()
        );
        assert!(ratio < 1.10, "{actions} actions: {ours} vs {theirs}");
    }
}

/// Builds streams bit by bit, as RFC 1951 §3.1.1 lays them out.
#[derive(Default)]
struct Stream {
    bytes: Vec<u8>,
    bits: usize,
}

impl Stream {
    /// A number, least significant bit first.
    fn put(&mut self, value: u32, count: u32) -> &mut Self {
        for i in 0..count {
            if self.bits == self.bytes.len() * 8 {
                self.bytes.push(0);
            }
            *self.bytes.last_mut().unwrap() |= ((value >> i & 1) as u8) << (self.bits % 8);
            self.bits += 1;
        }
        self
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, count: u32) -> &mut Self {
        for i in (0..count).rev() {
            self.put(code >> i & 1, 1);
        }
        self
    }

    /// A fixed-Huffman literal/length symbol (§3.2.6).
    fn fixed(&mut self, symbol: u32) -> &mut Self {
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xc0 + symbol - 280, 8),
        }
    }

    /// A dynamic block header (BFINAL = 1) giving `literal` and `distance` code lengths
    /// plainly: the code-length code gives symbols 0-15 four bits each, so each length is
    /// written as its own value in 4 bits.
    fn dynamic_header(&mut self, literal: &[u8], distance: &[u8]) -> &mut Self {
        self.put(1, 1).put(2, 2);
        self.put(literal.len() as u32 - 257, 5);
        self.put(distance.len() as u32 - 1, 5);
        self.put(19 - 4, 4);
        for symbol in [
            16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
        ] {
            self.put(if symbol < 16 { 4 } else { 0 }, 3);
        }
        for &length in literal.iter().chain(distance) {
            self.code(u32::from(length), 4);
        }
        self
    }
}

fn decode(stream: &Stream) -> Result<Vec<u8>, InflateError> {
    inflate(&stream.bytes, 1000)
}

#[test]
fn hand_made_streams_decode() {
    // Stored block: BFINAL 1, BTYPE 00, then LEN 3, NLEN !3, "abc".
    assert_eq!(
        inflate(&[1, 3, 0, 0xfc, 0xff, b'a', b'b', b'c'], 10).unwrap(),
        b"abc"
    );
    // A non-final empty stored block, then a fixed one; a byte after the final block is an
    // error (a changed link), but the final block's own padding bits are not.
    assert_eq!(
        inflate(&[0, 0, 0, 0xff, 0xff, 0x4b, 0x04, 0x00], 10).unwrap(),
        b"a"
    );
    assert_eq!(
        inflate(&[0, 0, 0, 0xff, 0xff, 0x4b, 0x04, 0x00, 0xaa], 10),
        Err(InflateError::TrailingData)
    );
    // Fixed block, from zlib: "abcabcabcabc".
    let zlib_fixed = [0x4b, 0x4c, 0x4a, 0x4e, 0x84, 0x21, 0x00];
    assert_eq!(inflate(&zlib_fixed, 100).unwrap(), b"abcabcabcabc");
    // Dynamic block, from zlib (Huffman only).
    let zlib_dynamic =
        "05c1a10180400c04b0551ecf062f98256d1d604e323d898a362acea5a28d8a6379dc3eef5e2adaa8b87e";
    let bytes: Vec<u8> = (0..zlib_dynamic.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&zlib_dynamic[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(
        inflate(&bytes, 100).unwrap(),
        b"abracadabra, abracadabra! alakazam; abracadabra?"
    );
    // Fixed block by hand: 'a', then length 3 (257) at distance 1 (0), then 256.
    let mut s = Stream::default();
    s.put(1, 1)
        .put(1, 2)
        .fixed(u32::from(b'a'))
        .fixed(257)
        .code(0, 5)
        .fixed(256);
    assert_eq!(decode(&s).unwrap(), b"aaaa");
    // Length 258 (symbol 285) with distance 1.
    let mut s = Stream::default();
    s.put(1, 1)
        .put(1, 2)
        .fixed(u32::from(b'z'))
        .fixed(285)
        .code(0, 5)
        .fixed(256);
    assert_eq!(decode(&s).unwrap(), vec![b'z'; 259]);
}

/// Literal/length lengths: 'a' and 256 two bits, 257 one bit (complete).
fn three_literal_codes() -> Vec<u8> {
    let mut literal = vec![0u8; 258];
    literal[usize::from(b'a')] = 2;
    literal[256] = 2;
    literal[257] = 1;
    literal
}

#[test]
fn a_single_distance_code_or_none_is_legal() {
    // Codes: 257 -> 0, 'a' -> 10, 256 -> 11; the only distance code, 0 -> 0.
    let mut s = Stream::default();
    s.dynamic_header(&three_literal_codes(), &[1]);
    s.code(0b10, 2).code(0, 1).code(0, 1).code(0b11, 2);
    assert_eq!(decode(&s).unwrap(), b"aaaa");
    // No distance code at all, literals only.
    let mut s = Stream::default();
    s.dynamic_header(&three_literal_codes(), &[0]);
    s.code(0b10, 2).code(0b11, 2);
    assert_eq!(decode(&s).unwrap(), b"a");
    // ...but a match then has no distance to read.
    let mut s = Stream::default();
    s.dynamic_header(&three_literal_codes(), &[0]);
    s.code(0b10, 2).code(0, 1).code(0, 8).code(0b11, 2);
    assert_eq!(decode(&s), Err(InflateError::Malformed));
}

#[test]
fn malformed_streams_are_errors() {
    let malformed = |stream: &Stream, what: &str| {
        assert_eq!(decode(stream), Err(InflateError::Malformed), "{what}");
    };
    let truncated = |stream: &Stream, what: &str| {
        assert_eq!(decode(stream), Err(InflateError::Truncated), "{what}");
    };
    let bytes = |bytes: &[u8]| Stream {
        bytes: bytes.to_vec(),
        bits: bytes.len() * 8,
    };
    truncated(&bytes(&[]), "nothing");
    malformed(&bytes(&[0x07]), "block type 3");
    malformed(
        &bytes(&[1, 3, 0, 0xfc, 0xfe, b'a', b'b', b'c']),
        "NLEN != !LEN",
    );
    truncated(
        &bytes(&[1, 3, 0, 0xfc, 0xff, b'a', b'b']),
        "stored block cut short",
    );
    truncated(&bytes(&[0, 0, 0, 0xff, 0xff]), "no final block");
    truncated(
        &bytes(&[0x4b, 0x4c, 0x4a, 0x4e, 0x84]),
        "fixed block cut short",
    );

    let fixed = || {
        let mut s = Stream::default();
        s.put(1, 1).put(1, 2);
        s
    };
    let mut s = fixed();
    s.fixed(257).code(0, 5).fixed(256);
    malformed(&s, "distance before the start");
    let mut s = fixed();
    s.fixed(u32::from(b'a')).fixed(257).code(1, 5).fixed(256);
    malformed(&s, "distance 2 after one byte");
    for symbol in [286, 287] {
        let mut s = fixed();
        s.fixed(u32::from(b'a')).fixed(symbol).code(0, 5).fixed(256);
        malformed(&s, "length symbol 286 or 287");
    }
    for symbol in [30, 31] {
        let mut s = fixed();
        s.fixed(u32::from(b'a'))
            .fixed(257)
            .code(symbol, 5)
            .fixed(256);
        malformed(&s, "distance symbol 30 or 31");
    }

    let mut literal = three_literal_codes();
    literal.resize(287, 0);
    let mut s = Stream::default();
    s.dynamic_header(&literal, &[1]).code(0b11, 2);
    malformed(&s, "287 literal/length codes");
    let mut s = Stream::default();
    s.dynamic_header(&three_literal_codes(), &[1; 31])
        .code(0b11, 2);
    malformed(&s, "31 distance codes");
    // Three one-bit codes: code 1 would be 256 if this were read as a code.
    let mut literal = three_literal_codes();
    literal[usize::from(b'a')] = 1;
    literal[256] = 1;
    let mut s = Stream::default();
    s.dynamic_header(&literal, &[1]).code(1, 1);
    malformed(&s, "over-subscribed literal/length code");
    let mut literal = three_literal_codes();
    literal[257] = 3;
    let mut s = Stream::default();
    s.dynamic_header(&literal, &[1]).code(0b11, 2);
    malformed(&s, "incomplete literal/length code");
    let mut s = Stream::default();
    s.dynamic_header(&three_literal_codes(), &[2, 2, 2])
        .code(0b11, 2);
    malformed(&s, "incomplete distance code");

    // Code-length code: every one of the 19 symbols one bit long is over-subscribed. Read
    // anyway, bit 0 would be length 0 and bit 1 length 1, giving the literal/length symbols
    // 0 and 256 and the distance symbol 0 one bit each, then an empty block.
    let mut s = Stream::default();
    s.put(1, 1).put(2, 2).put(0, 5).put(0, 5).put(15, 4);
    for _ in 0..19 {
        s.put(1, 3);
    }
    for symbol in 0..257 {
        s.code(u32::from(symbol == 0 || symbol == 256), 1);
    }
    s.code(1, 1).code(1, 1);
    malformed(&s, "over-subscribed code-length code");
    // Code-length code with symbols 16, 17, 18 (2 bits) and 0 (2 bits): 16 comes first.
    let header = || {
        let mut s = Stream::default();
        s.put(1, 1).put(2, 2).put(0, 5).put(0, 5).put(0, 4);
        s.put(2, 3).put(2, 3).put(2, 3).put(2, 3); // 16, 17, 18, 0
        s
    };
    // Codes: 0 -> 00, 16 -> 01, 17 -> 10, 18 -> 11.
    let mut s = header();
    s.code(0b01, 2).put(0, 2).put(0, 32);
    malformed(&s, "repeat with no previous length");
    let mut s = header();
    s.code(0b11, 2)
        .put(127, 7)
        .code(0b11, 2)
        .put(127, 7)
        .put(0, 32);
    malformed(&s, "zeros beyond the 258 lengths");
}

fn config() -> Config {
    Config {
        cases: 1_000,
        rng_seed: RngSeed::Fixed(11),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_round_trip(data in proptest::collection::vec(any::<u8>(), 0..3_000)) {
        round_trip(&data);
    }

    #[test]
    fn repetitive_bytes_round_trip(
        data in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), any::<u8>()], 0..1_000),
        repeats in 1usize..10,
    ) {
        round_trip(&data.repeat(repeats));
    }

    #[test]
    fn random_input_is_refused_or_bounded(data in proptest::collection::vec(any::<u8>(), 0..500)) {
        if let Ok(out) = inflate(&data, 10_000) {
            prop_assert!(out.len() <= 10_000);
        }
    }

    #[test]
    fn damaged_streams_never_panic_and_agree_with_miniz_oxide(
        level in prop_oneof![Just(0u8), Just(1), Just(6), Just(9), Just(10)],
        ours in any::<bool>(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4),
    ) {
        static JSON: OnceLock<String> = OnceLock::new();
        let json = JSON.get_or_init(|| scenario_json(10));
        let mut packed = if ours {
            compress(json.as_bytes())
        } else {
            miniz_oxide::deflate::compress_to_vec(json.as_bytes(), level)
        };
        for (at, kind, byte) in edits {
            let at = at % packed.len();
            match kind % 4 {
                0 => packed[at] = byte,
                1 => packed[at] ^= 1 << (byte % 8),
                2 => {
                    packed.remove(at);
                }
                _ => packed.truncate(at),
            }
            if packed.is_empty() {
                break;
            }
        }
        let result = inflate(&packed, LIMIT);
        if let Ok(theirs) = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, LIMIT) {
            if let Ok(out) = &result {
                prop_assert_eq!(out, &theirs);
            }
        }
    }
}
