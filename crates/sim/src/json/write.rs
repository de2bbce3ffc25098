//! Writing JSON text: [`JsonWriter`] writes compact or indented text (2 spaces, `"key": value`,
//! `[]` and `{}` when empty) in the order the caller writes members, and [`ToJson`] is what a
//! type implements to be written. Numbers are written as serde_json writes them: whole numbers
//! as digits, `f64`s as their shortest round-trip digits with a `.0` on whole values, in plain
//! notation from 1e-5 up to 1e16 and as `1.5e+16` / `1e-7` outside it; NaN and infinities as
//! `null`.

use std::fmt::Write;

/// `value` as compact JSON text.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::compact();
    value.write_json(&mut out);
    out.finish()
}

/// `value` as indented JSON text (2 spaces).
pub fn to_string_pretty<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::pretty();
    value.write_json(&mut out);
    out.finish()
}

/// A value that can write itself as JSON.
pub trait ToJson {
    /// Writes the value at the writer's current position.
    fn write_json(&self, out: &mut JsonWriter);
}

/// Builds JSON text. Write a value with [`ToJson::write_json`] or the scalar methods; inside
/// an object name each member with [`field`](JsonWriter::field) (or [`key`](JsonWriter::key)
/// then the value), inside an array write each item with [`item`](JsonWriter::item) (or
/// [`next_item`](JsonWriter::next_item) then the value).
#[derive(Debug)]
pub struct JsonWriter {
    text: String,
    pretty: bool,
    /// One entry per open object or array: whether it has a member yet.
    open: Vec<bool>,
}

impl JsonWriter {
    /// A writer of text without spaces or line breaks.
    pub fn compact() -> JsonWriter {
        JsonWriter {
            text: String::new(),
            pretty: false,
            open: Vec::new(),
        }
    }

    /// A writer of indented text (2 spaces), as serde_json's `to_string_pretty`.
    pub fn pretty() -> JsonWriter {
        JsonWriter {
            pretty: true,
            ..JsonWriter::compact()
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.text
    }

    /// Opens an object: `{`.
    pub fn begin_object(&mut self) {
        self.text.push('{');
        self.open.push(false);
    }

    /// Closes the object opened last: `}`.
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// Opens an array: `[`.
    pub fn begin_array(&mut self) {
        self.text.push('[');
        self.open.push(false);
    }

    /// Closes the array opened last: `]`.
    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// Starts the next member of the open object or array: the comma and, when indenting, the
    /// line break and indentation.
    pub fn next_item(&mut self) {
        if let Some(has_members) = self.open.last_mut() {
            if *has_members {
                self.text.push(',');
            }
            *has_members = true;
            if self.pretty {
                self.new_line(self.open.len());
            }
        }
    }

    /// Starts the member `name` of the open object; write its value next.
    pub fn key(&mut self, name: &str) {
        self.next_item();
        self.string(name);
        self.text.push(':');
        if self.pretty {
            self.text.push(' ');
        }
    }

    /// Writes the member `name` of the open object.
    pub fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        value.write_json(self);
    }

    /// Writes the member `name` when `value` is `Some`; nothing when it is `None`.
    pub fn optional_field<T: ToJson>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Writes the next item of the open array.
    pub fn item<T: ToJson + ?Sized>(&mut self, value: &T) {
        self.next_item();
        value.write_json(self);
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.text.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, flag: bool) {
        self.text.push_str(if flag { "true" } else { "false" });
    }

    /// Writes a whole number.
    pub fn u64(&mut self, number: u64) {
        let _ = write!(self.text, "{number}");
    }

    /// Writes a whole number that may be negative.
    pub fn i64(&mut self, number: i64) {
        let _ = write!(self.text, "{number}");
    }

    /// Writes a number as serde_json does (see the module's documentation); `null` when it is
    /// not finite.
    pub fn f64(&mut self, number: f64) {
        push_f64(&mut self.text, number);
    }

    /// Writes a string in double quotes, escaping `"`, `\` and control characters.
    pub fn string(&mut self, text: &str) {
        self.text.push('"');
        let mut start = 0;
        for (at, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.text.push_str(&text[start..at]);
            if escape.is_empty() {
                let _ = write!(self.text, "\\u{byte:04x}");
            } else {
                self.text.push_str(escape);
            }
            start = at + 1;
        }
        self.text.push_str(&text[start..]);
        self.text.push('"');
    }

    fn close(&mut self, bracket: char) {
        let had_members = self.open.pop().unwrap_or(false);
        if had_members && self.pretty {
            self.new_line(self.open.len());
        }
        self.text.push(bracket);
    }

    fn new_line(&mut self, depth: usize) {
        self.text.push('\n');
        for _ in 0..depth {
            self.text.push_str("  ");
        }
    }
}

/// `number` as serde_json writes it: plain notation with at least one decimal for exponents
/// -5 to 15, scientific (`1.5e+16`, `1e-7`) otherwise.
fn push_f64(out: &mut String, number: f64) {
    if !number.is_finite() {
        out.push_str("null");
        return;
    }
    if number.is_sign_negative() {
        out.push('-');
    }
    if number == 0.0 {
        out.push_str("0.0");
        return;
    }
    let shortest = crate::decimal::shortest(number.abs(), crate::decimal::Ties::ToEven);
    let digits = shortest.ascii();
    let exponent = shortest.point - 1;
    let push = |out: &mut String, digits: &[u8]| out.extend(digits.iter().map(|&d| char::from(d)));
    if !(-5..16).contains(&exponent) {
        push(out, &digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            push(out, &digits[1..]);
        }
        out.push('e');
        if exponent > 0 {
            out.push('+');
        }
        let _ = write!(out, "{exponent}");
        return;
    }
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        push(out, digits);
        return;
    }
    let whole_digits = exponent as usize + 1;
    if digits.len() > whole_digits {
        push(out, &digits[..whole_digits]);
        out.push('.');
        push(out, &digits[whole_digits..]);
    } else {
        push(out, digits);
        for _ in digits.len()..whole_digits {
            out.push('0');
        }
        out.push_str(".0");
    }
}

impl ToJson for super::Value {
    fn write_json(&self, out: &mut JsonWriter) {
        use super::{Number, Value};
        match self {
            Value::Null => out.null(),
            Value::Bool(flag) => out.bool(*flag),
            Value::Number(Number::Unsigned(number)) => out.u64(*number),
            Value::Number(Number::Negative(number)) => out.i64(*number),
            Value::Number(Number::Float(number)) => out.f64(*number),
            Value::String(text) => out.string(text),
            Value::Array(items) => items.write_json(out),
            Value::Object(map) => {
                out.begin_object();
                for (key, value) in map.iter() {
                    out.field(key, value);
                }
                out.end_object();
            }
        }
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonWriter) {
        out.bool(*self);
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.f64(*self);
    }
}

macro_rules! whole_numbers {
    ($($unsigned:ty),*; $($signed:ty),*) => {
        $(impl ToJson for $unsigned {
            fn write_json(&self, out: &mut JsonWriter) {
                out.u64(*self as u64);
            }
        })*
        $(impl ToJson for $signed {
            fn write_json(&self, out: &mut JsonWriter) {
                out.i64(*self as i64);
            }
        })*
    };
}
whole_numbers!(u8, u16, u32, u64, usize; i32, i64);

impl ToJson for str {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }
}

/// `None` is `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(out),
            None => out.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_array();
        for item in self {
            out.item(item);
        }
        out.end_array();
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(number: f64) -> String {
        let mut text = String::new();
        push_f64(&mut text, number);
        text
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them() {
        for (number, text) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.5, "1.5"),
            (123456.0, "123456.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.234e21, "1.234e+21"),
            (0.1, "0.1"),
            (1e-5, "0.00001"),
            (1.5e-5, "0.000015"),
            (1e-6, "1e-6"),
            (-1.2345e-7, "-1.2345e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            // Exactly between two shortest candidates: the even one, as Ryū picks.
            // (1308548795726862.25; .2 and .3 both read back as it).
            (f64::from_bits(0x4312_9879_088f_f039), "1308548795726862.2"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            assert_eq!(float(number), text, "{number:?}");
        }
    }

    #[test]
    fn strings_escape_quotes_backslashes_and_control_characters() {
        let mut out = JsonWriter::compact();
        out.string("a\u{1}\u{7f}\t\"\\/é\u{2028}\n\r\u{8}\u{c}");
        assert_eq!(
            out.finish(),
            "\"a\\u0001\u{7f}\\t\\\"\\\\/é\u{2028}\\n\\r\\b\\f\""
        );
    }
}
