//! A small JSON library for scenarios and for what crosses into JavaScript: a [`Value`] tree
//! that keeps whole numbers exact (a seed is a `u64`) and reads fractions, a [`parse`]r
//! (RFC 8259, nesting at most [`MAX_DEPTH`] levels, errors with line and column, never
//! panics), a [`JsonWriter`] that writes compact or indented text in the field order the
//! caller chooses, and [`Fields`] for reading an object field by field with errors that name
//! the field. It replaces serde_json in the wasm, where serde_json and the serde code it
//! instantiates cost tens of KB.
//!
//! ```
//! use raft_sim::json::{parse, JsonWriter, Value};
//!
//! let value = parse(r#"{"seed": 18446744073709551615, "lossRate": 0.25}"#).unwrap();
//! assert_eq!(value.get("seed").and_then(Value::as_u64), Some(u64::MAX));
//! assert_eq!(value.get("lossRate").and_then(Value::as_f64), Some(0.25));
//! assert_eq!(value.to_string(), r#"{"lossRate":0.25,"seed":18446744073709551615}"#);
//! let error = parse("[1,\n  2,]").unwrap_err();
//! assert_eq!(error.to_string(), "a `]` follows a comma (trailing comma) at line 2 column 5");
//!
//! let mut writer = JsonWriter::pretty();
//! writer.begin_object();
//! writer.field("groups", &vec![vec![1u32, 2], vec![3]]);
//! writer.end_object();
//! assert_eq!(writer.finish(), "{\n  \"groups\": [\n    [\n      1,\n      2\n    ],\n    [\n      3\n    ]\n  ]\n}");
//! ```

mod fields;
pub(crate) mod float;
mod parse;
mod value;
mod write;

pub use fields::{Fields, FromJson};
pub use parse::{parse, ParseError, MAX_DEPTH};
pub use value::{Map, Number, Value};
pub use write::{to_string, to_string_pretty, JsonWriter, ToJson};
