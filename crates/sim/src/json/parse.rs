//! Reading JSON text (RFC 8259) into a [`Value`]: one value with optional whitespace around
//! it, nesting at most [`MAX_DEPTH`] arrays and objects deep. Any input gives a value or a
//! [`ParseError`] naming what is wrong and where (line and column, both from 1); nothing
//! panics and nothing recurses deeper than the limit.

use super::float::decimal_to_f64;
use super::value::{Map, Number, Value};
use std::fmt;

/// Deepest nesting of arrays and objects accepted (as serde_json's default).
pub const MAX_DEPTH: usize = 128;

/// Why JSON text does not parse, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, e.g. "expected `:` after the key".
    pub problem: String,
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column (in characters) of the problem, from 1.
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.problem, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses JSON text into a [`Value`].
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("more text follows the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Byte offset of the next character.
    at: usize,
    /// Arrays and objects open around the current position.
    depth: usize,
}

impl Parser<'_> {
    /// An error at the current position.
    fn error(&self, problem: &str) -> ParseError {
        self.error_at(self.at, problem)
    }

    fn error_at(&self, at: usize, problem: &str) -> ParseError {
        let at = at.min(self.bytes.len());
        let before = &self.bytes[..at];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Characters, not bytes: count the bytes that start a UTF-8 character.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xc0 != 0x80)
            .count()
            + 1;
        ParseError {
            problem: problem.to_string(),
            line,
            column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error(
                "expected a value (a number, a string in double quotes, true, false, null, [ or {)",
            )),
        }
    }

    /// Parses an array or object one level deeper, refusing to go past [`MAX_DEPTH`].
    fn nested(
        &mut self,
        parse: fn(&mut Self) -> Result<Value, ParseError>,
    ) -> Result<Value, ParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(&format!(
                "arrays and objects are nested more than {MAX_DEPTH} levels deep"
            )));
        }
        self.depth += 1;
        let value = parse(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error(&format!("expected `{word}`")))
        }
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            if self.peek() == Some(b']') {
                return Err(self.error("a `]` follows a comma (trailing comma)"));
            }
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("the text ends inside an array (a `]` is missing)")),
                Some(_) => return Err(self.error("expected `,` or `]` after an array item")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.at += 1; // {
        let mut map = Map::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error("a `}` follows a comma (trailing comma)")),
                None => return Err(self.error("the text ends inside an object (a `}` is missing)")),
                Some(_) => return Err(self.error("expected a key in double quotes")),
            }
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("the text ends inside an object (a `}` is missing)")),
                Some(_) => return Err(self.error("expected `:` after the key")),
            }
            self.skip_whitespace();
            let value = self.value()?;
            map.insert(key, value);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.error("the text ends inside an object (a `}` is missing)")),
                Some(_) => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        let open = self.at;
        self.at += 1; // "
        let mut text = String::new();
        loop {
            // Copy the run of plain characters up to the next quote, backslash or control
            // character (all ASCII, so the run ends on a character boundary).
            let start = self.at;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            text.push_str(&self.text[start..self.at]);
            match self.peek() {
                None => return Err(self.error_at(open, "this string has no closing `\"`")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(text);
                }
                Some(b'\\') => text.push(self.escape()?),
                Some(_) => {
                    return Err(self.error(
                        "a control character (such as a line break) inside a string must be \
                         escaped, e.g. \\n",
                    ))
                }
            }
        }
    }

    /// The character an escape sequence starting at the backslash stands for.
    fn escape(&mut self) -> Result<char, ParseError> {
        let backslash = self.at;
        self.at += 1;
        let Some(letter) = self.peek() else {
            return Err(self.error_at(backslash, "this string has no closing `\"`"));
        };
        self.at += 1;
        Ok(match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4(backslash)?;
                if (0xdc00..0xe000).contains(&first) {
                    return Err(self.error_at(backslash, "a \\u escape is a lone low surrogate"));
                }
                if !(0xd800..0xdc00).contains(&first) {
                    return char::from_u32(first)
                        .ok_or_else(|| self.error_at(backslash, "invalid \\u escape"));
                }
                let low_at = self.at;
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error_at(
                        backslash,
                        "a \\u escape is a high surrogate without the low one after it",
                    ));
                }
                self.at += 2;
                let second = self.hex4(low_at)?;
                if !(0xdc00..0xe000).contains(&second) {
                    return Err(self.error_at(
                        low_at,
                        "a \\u escape after a high surrogate must be a low surrogate",
                    ));
                }
                let code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                char::from_u32(code)
                    .ok_or_else(|| self.error_at(backslash, "invalid \\u escape"))?
            }
            _ => {
                return Err(self.error_at(
                    backslash,
                    "invalid escape (the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                ))
            }
        })
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self, escape_at: usize) -> Result<u32, ParseError> {
        let digits = self.bytes.get(self.at..self.at + 4);
        let value = digits.and_then(|digits| {
            digits.iter().try_fold(0u32, |value, &digit| {
                Some(value * 16 + char::from(digit).to_digit(16)?)
            })
        });
        match value {
            Some(value) => {
                self.at += 4;
                Ok(value)
            }
            None => Err(self.error_at(escape_at, "a \\u escape needs four hex digits")),
        }
    }

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("a number cannot start with 0 (leading zero)"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit in the number")),
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            whole = false;
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            whole = false;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        let written = &self.text[start..self.at];
        if whole {
            if negative {
                match written.parse::<i64>() {
                    Ok(0) => return Ok(Value::Number(Number::Float(-0.0))),
                    Ok(number) => return Ok(Value::Number(Number::Negative(number))),
                    Err(_) => {}
                }
            } else if let Ok(number) = written.parse::<u64>() {
                return Ok(Value::Number(Number::Unsigned(number)));
            }
        }
        let unsigned = written.trim_start_matches('-');
        let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        // Saturates: 1e99999999999999999999 is too large like 1e999 is.
        let exponent_value = exponent
            .trim_start_matches(['+', '-'])
            .bytes()
            .fold(0i64, |value, d| {
                value.saturating_mul(10).saturating_add(i64::from(d - b'0'))
            });
        let exponent_value = if exponent.starts_with('-') {
            -exponent_value
        } else {
            exponent_value
        };
        match decimal_to_f64(
            &digits,
            exponent_value.saturating_sub(fraction.len() as i64),
        ) {
            Some(number) => Ok(Value::Number(Number::Float(if negative {
                -number
            } else {
                number
            }))),
            None => Err(self.error_at(start, "the number is too large for a 64-bit float")),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        parse(text).expect_err(text).to_string()
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value = parse(
            " {\"a\": [1, -2, 0.5, -0, 1e3, 18446744073709551615, 18446744073709551616],\n\
             \"b\": {\"c\": null, \"d\": true, \"e\": false}, \"s\": \"x\\u00e9\\ud83d\\ude00\\n\\/\"} ",
        )
        .unwrap();
        let numbers = value.get("a").and_then(Value::as_array).unwrap();
        assert_eq!(numbers[0], Value::Number(Number::Unsigned(1)));
        assert_eq!(numbers[1], Value::Number(Number::Negative(-2)));
        assert_eq!(numbers[2], Value::Number(Number::Float(0.5)));
        assert!(
            matches!(numbers[3], Value::Number(Number::Float(z)) if z == 0.0 && z.is_sign_negative())
        );
        assert_eq!(numbers[4].as_u64(), None);
        assert_eq!(numbers[4].as_f64(), Some(1000.0));
        assert_eq!(numbers[5].as_u64(), Some(u64::MAX));
        assert_eq!(numbers[6].as_f64(), Some(18446744073709551616.0));
        assert_eq!(
            value.get("b").and_then(|b| b.get("d")),
            Some(&Value::Bool(true))
        );
        assert_eq!(value.get("s").and_then(Value::as_str), Some("xé😀\n/"));
        assert_eq!(
            parse("{\"k\":1,\"k\":2}")
                .unwrap()
                .get("k")
                .unwrap()
                .as_u64(),
            Some(2)
        );
    }

    #[test]
    fn names_each_problem_with_its_line_and_column() {
        for (text, message) in [
            ("", "the text ends where a value should be at line 1 column 1"),
            ("{\"version\": 1, \"seed\": }", "expected a value (a number, a string in double quotes, true, false, null, [ or {) at line 1 column 24"),
            ("[1,", "the text ends where a value should be at line 1 column 4"),
            ("[1 2]", "expected `,` or `]` after an array item at line 1 column 4"),
            ("{\"a\":1,}", "a `}` follows a comma (trailing comma) at line 1 column 8"),
            ("{\n \"a\" 1}", "expected `:` after the key at line 2 column 6"),
            ("{a:1}", "expected a key in double quotes at line 1 column 2"),
            ("{\"a\":1", "the text ends inside an object (a `}` is missing) at line 1 column 7"),
            ("tru", "expected `true` at line 1 column 1"),
            ("\"é\\x\"", "invalid escape (the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) at line 1 column 3"),
            ("\"abc", "this string has no closing `\"` at line 1 column 1"),
            ("\"a\nb\"", "a control character (such as a line break) inside a string must be escaped, e.g. \\n at line 1 column 3"),
            ("\"\\ud800\"", "a \\u escape is a high surrogate without the low one after it at line 1 column 2"),
            ("\"\\udc00\"", "a \\u escape is a lone low surrogate at line 1 column 2"),
            ("\"\\u12\"", "a \\u escape needs four hex digits at line 1 column 2"),
            ("01", "a number cannot start with 0 (leading zero) at line 1 column 2"),
            ("-", "expected a digit in the number at line 1 column 2"),
            ("1.", "expected a digit after the decimal point at line 1 column 3"),
            ("1e+", "expected a digit in the exponent at line 1 column 4"),
            ("1e999", "the number is too large for a 64-bit float at line 1 column 1"),
            ("[1] x", "more text follows the JSON value at line 1 column 5"),
            ("NaN", "expected a value (a number, a string in double quotes, true, false, null, [ or {) at line 1 column 1"),
        ] {
            assert_eq!(problem(text), message, "{text:?}");
        }
    }

    #[test]
    fn nesting_is_limited_without_recursing_further() {
        let deep_enough = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&deep_enough).is_ok());
        let too_deep = "[".repeat(100_000);
        assert_eq!(
            problem(&too_deep),
            format!("arrays and objects are nested more than {MAX_DEPTH} levels deep at line 1 column 129")
        );
    }
}
