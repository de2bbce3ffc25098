//! Reading a JSON object field by field: [`Fields`] hands out each field as the type asked for
//! ([`FromJson`]) and refuses the fields nobody asked for, with short phrases that name the
//! field: "missing field `server`", "`server` must be a whole number, got \"one\"",
//! "unknown field `force`".

use super::value::{Map, Value};

/// A JSON value read as a Rust value; the error is a phrase naming `field`.
pub trait FromJson: Sized {
    /// Reads `value`, the content of `field`.
    fn from_json(field: &str, value: Value) -> Result<Self, String>;
}

/// The fields of one JSON object, each taken at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    map: Map,
}

impl Fields {
    /// The fields of `map`.
    pub fn new(map: Map) -> Fields {
        Fields { map }
    }

    /// Removes and returns field `name` as it is.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name)
    }

    /// Removes field `name` and reads it; "missing field `name`" when absent.
    pub fn required<T: FromJson>(&mut self, name: &str) -> Result<T, String> {
        match self.map.remove(name) {
            Some(value) => T::from_json(name, value),
            None => Err(format!("missing field `{name}`")),
        }
    }

    /// Removes field `name` and reads it; `None` when absent.
    pub fn optional<T: FromJson>(&mut self, name: &str) -> Result<Option<T>, String> {
        self.map
            .remove(name)
            .map(|value| T::from_json(name, value))
            .transpose()
    }

    /// Removes field `name` and reads it; `default` when absent.
    pub fn or<T: FromJson>(&mut self, name: &str, default: T) -> Result<T, String> {
        Ok(self.optional(name)?.unwrap_or(default))
    }

    /// Done reading: "unknown field `x`" names the first field (by name) nobody took.
    pub fn finish(self) -> Result<(), String> {
        self.finish_as("field")
    }

    /// Done reading: "unknown `what` `x`" (e.g. "unknown setting `sever`") names the first
    /// field (by name) nobody took.
    pub fn finish_as(self, what: &str) -> Result<(), String> {
        match self.map.into_keys().next() {
            Some(unknown) => Err(format!("unknown {what} `{unknown}`")),
            None => Ok(()),
        }
    }

    /// Done reading: "unknown field `x`; the fields are a, b" names the first field (by name)
    /// nobody took and the `known` ones.
    pub fn finish_listing(self, known: &[&str]) -> Result<(), String> {
        self.finish()
            .map_err(|why| format!("{why}; the fields are {}", known.join(", ")))
    }
}

impl FromJson for Value {
    fn from_json(_field: &str, value: Value) -> Result<Self, String> {
        Ok(value)
    }
}

impl FromJson for u64 {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        value
            .as_u64()
            .ok_or_else(|| format!("`{field}` must be a whole number, got {value}"))
    }
}

impl FromJson for u32 {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        let whole = u64::from_json(field, value)?;
        u32::try_from(whole).map_err(|_| format!("`{field}` is too large: {whole}"))
    }
}

impl FromJson for f64 {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        value
            .as_f64()
            .ok_or_else(|| format!("`{field}` must be a number, got {value}"))
    }
}

impl FromJson for bool {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        value
            .as_bool()
            .ok_or_else(|| format!("`{field}` must be true or false, got {value}"))
    }
}

impl FromJson for String {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        match value {
            Value::String(text) => Ok(text),
            other => Err(format!("`{field}` must be a string, got {other}")),
        }
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(field, value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .map(|item| T::from_json(field, item))
                .collect(),
            other => Err(format!("`{field}` must be a list, got {other}")),
        }
    }
}

/// A pair such as `[10, 15]`.
impl<T: FromJson> FromJson for [T; 2] {
    fn from_json(field: &str, value: Value) -> Result<Self, String> {
        let shown = value.to_string();
        let items = Vec::<T>::from_json(field, value)?;
        <[T; 2]>::try_from(items)
            .map_err(|_| format!("`{field}` must be a pair like [10, 15], got {shown}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn fields(text: &str) -> Fields {
        match parse(text).unwrap() {
            Value::Object(map) => Fields::new(map),
            _ => panic!("an object"),
        }
    }

    #[test]
    fn names_missing_wrong_and_unknown_fields() {
        let mut given = fields(r#"{"a": 1, "b": "x", "c": [1, 2, 3], "z": 5000000000, "y": 0}"#);
        assert_eq!(given.required::<u32>("a"), Ok(1));
        assert_eq!(
            given.required::<u32>("a"),
            Err("missing field `a`".to_string())
        );
        assert_eq!(
            given.required::<u64>("b"),
            Err("`b` must be a whole number, got \"x\"".to_string())
        );
        assert_eq!(
            given.required::<[u32; 2]>("c"),
            Err("`c` must be a pair like [10, 15], got [1,2,3]".to_string())
        );
        assert_eq!(
            given.optional::<u32>("z"),
            Err("`z` is too large: 5000000000".to_string())
        );
        assert_eq!(given.or("w", 7u32), Ok(7));
        assert_eq!(given.finish(), Err("unknown field `y`".to_string()));
    }
}
