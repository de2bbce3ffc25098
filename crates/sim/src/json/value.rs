//! The parsed form of a JSON document: [`Value`], with numbers kept as written ([`Number`]:
//! whole numbers exact, fractions as `f64`) and objects as maps sorted by key (a repeated key
//! keeps its last value).

use crate::sorted_map::SortedMap;
use std::fmt;

/// The members of a JSON object, sorted by key.
pub type Map = SortedMap<String, Value>;

/// A JSON number as it was written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A whole number from 0 to `u64::MAX`, written without fraction or exponent.
    Unsigned(u64),
    /// A negative whole number that fits an `i64`, written without fraction or exponent.
    Negative(i64),
    /// Any other number (a fraction, an exponent, `-0`, or a whole number too large for the
    /// integer types); always finite.
    Float(f64),
}

impl Number {
    /// The number as a `u64` when it was written as a whole number from 0 to `u64::MAX`.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(whole) => Some(whole),
            Number::Negative(_) | Number::Float(_) => None,
        }
    }

    /// The number as an `f64` (whole numbers above 2^53 are rounded).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Unsigned(whole) => whole as f64,
            Number::Negative(whole) => whole as f64,
            Number::Float(float) => float,
        }
    }
}

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

impl Value {
    /// The member `key` of an object; `None` for a missing key or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// A whole number from 0 to `u64::MAX` (as written: `1.0` is not one).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(number) => number.as_u64(),
            _ => None,
        }
    }

    /// Any number, as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(number) => Some(number.as_f64()),
            _ => None,
        }
    }

    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// A string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// An array's items.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// Compact JSON text, as in error messages ("got \"one\"").
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut writer = super::JsonWriter::compact();
        super::ToJson::write_json(self, &mut writer);
        f.write_str(&writer.finish())
    }
}
