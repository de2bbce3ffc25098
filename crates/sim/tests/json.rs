//! The JSON module against serde_json (proptest, fixed seed): the same text for numbers,
//! strings and whole documents, compact and indented; the same documents accepted and
//! refused; and no panic on any input. Also the float formatting behind the writer:
//! `raft_sim::Decimal` against Rust's `{}`.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use raft_sim::json::{parse, JsonWriter, Number, ToJson, Value};
use raft_sim::Decimal;

fn config() -> Config {
    Config {
        cases: 2_000,
        rng_seed: RngSeed::Fixed(8),
        failure_persistence: None,
        ..Config::default()
    }
}

fn compact<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::compact();
    value.write_json(&mut out);
    out.finish()
}

fn pretty<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::pretty();
    value.write_json(&mut out);
    out.finish()
}

/// The same document as serde_json's value.
fn to_serde(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(Number::Unsigned(number)) => (*number).into(),
        Value::Number(Number::Negative(number)) => (*number).into(),
        Value::Number(Number::Float(number)) => (*number).into(),
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
        Value::Object(map) => serde_json::Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), to_serde(value)))
                .collect(),
        ),
    }
}

/// Equal documents, except that fractions may differ in the last bit: serde_json's default
/// parser is not always correctly rounded (1.0671e163 reads as 1.0670999999999999e163); ours
/// is (Rust's `str::parse`).
fn same(ours: &serde_json::Value, serde: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (ours, serde) {
        (V::Number(a), V::Number(b)) if a.is_f64() && b.is_f64() => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            a == b || (a - b).abs() <= a.abs().max(b.abs()) * 1e-15
        }
        (V::Array(a), V::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (V::Object(a), V::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        (a, b) => a == b,
    }
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        (-1e6..1e6f64),
        (0.0..1.0f64),
        (-400i32..400, 1u32..100_000).prop_map(|(exponent, digits)| {
            format!("{digits}e{exponent}").parse::<f64>().unwrap()
        }),
    ]
    .prop_filter("finite", |number| number.is_finite())
}

fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(|n| Value::Number(Number::Unsigned(n))),
        (i64::MIN..0).prop_map(|n| Value::Number(Number::Negative(n))),
        finite().prop_map(|n| Value::Number(Number::Float(n))),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// 200,000 numbers from a fixed splitmix64 sequence: raw bit patterns (all exponents,
/// subnormals), bit patterns with trailing mantissa bits cleared (few significant bits,
/// binade bottoms) and whole thousandths (the simulator's times in ms). Finite ones only.
fn many_numbers() -> impl Iterator<Item = f64> {
    let mut state = 8u64;
    (0..200_000u64)
        .map(move |round| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut bits = state;
            bits = (bits ^ (bits >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            bits = (bits ^ (bits >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            bits ^= bits >> 31;
            match round % 4 {
                0 => f64::from_bits(bits & !(((1u64 << 52) - 1) >> (bits % 53))),
                1 => (bits % 100_000_000_000) as f64 / 1000.0,
                _ => f64::from_bits(bits),
            }
        })
        .filter(|number| number.is_finite())
}

#[test]
fn many_numbers_are_written_as_serde_json_writes_them() {
    for number in many_numbers() {
        assert_eq!(
            compact(&number),
            serde_json::to_string(&number).unwrap(),
            "bits {:#x}",
            number.to_bits()
        );
    }
}

/// The same digits in messages: `Decimal` prints as Rust's `{}` does.
#[test]
fn many_numbers_are_displayed_as_the_standard_library_displays_them() {
    for number in many_numbers() {
        assert_eq!(
            Decimal(number).to_string(),
            format!("{number}"),
            "bits {:#x}",
            number.to_bits()
        );
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn numbers_are_written_as_serde_json_writes_them(number in finite(), whole in any::<u64>(), negative in any::<i64>()) {
        prop_assert_eq!(compact(&number), serde_json::to_string(&number).unwrap());
        prop_assert_eq!(compact(&whole), serde_json::to_string(&whole).unwrap());
        prop_assert_eq!(compact(&negative), serde_json::to_string(&negative).unwrap());
        // And read back to the same bits.
        let read = parse(&compact(&number)).unwrap().as_f64().unwrap();
        prop_assert_eq!(read.to_bits(), number.to_bits());
    }

    #[test]
    fn numbers_are_read_as_the_standard_library_reads_them(digits in "[0-9]{1,40}", fraction in "[0-9]{0,30}", exponent in -400i32..400) {
        let text = format!("{digits}.{fraction}e{exponent}").replace(".e", "e");
        let text = text.trim_start_matches('0');
        let text = if text.is_empty() || text.starts_with(['.', 'e']) { format!("0{text}") } else { text.to_string() };
        let expected = text.parse::<f64>().unwrap();
        match parse(&text) {
            Ok(value) => prop_assert_eq!(value.as_f64().map(f64::to_bits), Some(expected.to_bits()), "{}", text),
            Err(_) => prop_assert!(expected.is_infinite(), "{}", text),
        }
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them(text in any::<String>(), controls in "[\u{0}-\u{1f}\"\\\\/a\u{7f}\u{2028}]{0,12}") {
        for text in [&text, &controls] {
            prop_assert_eq!(compact(text.as_str()), serde_json::to_string(text).unwrap());
            prop_assert_eq!(parse(&compact(text.as_str())).unwrap(), Value::String(text.clone()));
        }
    }

    #[test]
    fn documents_are_written_and_read_as_serde_json_does(value in document()) {
        let serde = to_serde(&value);
        prop_assert_eq!(compact(&value), serde_json::to_string(&serde).unwrap());
        prop_assert_eq!(pretty(&value), serde_json::to_string_pretty(&serde).unwrap());
        prop_assert_eq!(value.to_string(), serde.to_string());
        prop_assert_eq!(parse(&compact(&value)).unwrap(), value.clone());
        prop_assert_eq!(parse(&pretty(&value)).unwrap(), value);
    }

    #[test]
    fn edited_documents_are_accepted_and_refused_as_serde_json_does(value in document(), edits in proptest::collection::vec((any::<usize>(), 0u8..3, proptest::sample::select(b" \n\t,:[]{}\"\\0123456789.eE+-truefalsn".to_vec())), 1..4)) {
        let mut bytes = compact(&value).into_bytes();
        for (at, kind, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = at % bytes.len();
            match kind {
                0 => bytes[at] = byte,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, byte),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let ours = parse(&text);
        let serde = serde_json::from_str::<serde_json::Value>(&text);
        prop_assert_eq!(ours.is_ok(), serde.is_ok(), "{:?}: ours {:?}, serde_json {:?}", text, ours, serde.map_err(|e| e.to_string()));
        if let (Ok(ours), Ok(serde)) = (ours, serde) {
            prop_assert!(same(&to_serde(&ours), &serde), "{:?}: ours {:?}, serde_json {:?}", text, ours, serde);
        }
    }

    #[test]
    fn any_text_gives_a_value_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Err(error) = parse(&String::from_utf8_lossy(&bytes)) {
            prop_assert!(error.line >= 1 && error.column >= 1);
        }
    }
}

#[test]
fn deep_nesting_is_refused() {
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // serde_json takes 127 levels, this parser one more.
    assert!(serde_json::from_str::<serde_json::Value>(&nested(127)).is_ok());
    assert!(parse(&nested(127)).is_ok());
    assert!(parse(&nested(raft_sim::json::MAX_DEPTH)).is_ok());
    for depth in [raft_sim::json::MAX_DEPTH + 1, 5_000, 1_000_000] {
        assert!(parse(&nested(depth)).is_err(), "depth {depth}");
    }
}
