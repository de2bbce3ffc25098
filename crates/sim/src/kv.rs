//! The key-value state machine each server applies committed commands to, and the command
//! syntax clients may send: `set KEY VALUE`, `get KEY`, `append KEY VALUE`, `delete KEY`.

use crate::natural_order::natural_cmp;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Longest command text a client may send, in bytes.
pub const MAX_COMMAND_LEN: usize = 200;

/// A parsed key-value command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KvCommand<'a> {
    /// Sets `key` to `value`.
    Set {
        /// Key.
        key: &'a str,
        /// New value.
        value: &'a str,
    },
    /// Reads `key`.
    Get {
        /// Key.
        key: &'a str,
    },
    /// Appends `value` to the value of `key` (an unset key reads as empty).
    Append {
        /// Key.
        key: &'a str,
        /// Text to append.
        value: &'a str,
    },
    /// Removes `key`.
    Delete {
        /// Key.
        key: &'a str,
    },
}

/// What applying a command produced: the answer a client receives.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum KvOutput {
    /// `set`, `append` and `delete` succeeded.
    Ok,
    /// `get`: the value, or `None` if the key is not set.
    Value(Option<String>),
    /// The command could not be parsed; the entry applied as a no-op.
    Error(String),
}

impl std::fmt::Display for KvOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KvOutput::Ok => f.write_str("ok"),
            KvOutput::Value(Some(value)) => f.write_str(value),
            KvOutput::Value(None) => f.write_str("(not set)"),
            KvOutput::Error(why) => write!(f, "error: {why}"),
        }
    }
}

impl<'a> KvCommand<'a> {
    /// Whether it changes the store (`set`, `append`, `delete`; not `get`).
    pub fn writes(&self) -> bool {
        !matches!(self, KvCommand::Get { .. })
    }

    /// Parses a command; words are separated by ASCII whitespace. The error says what is wrong
    /// and what is accepted.
    pub fn parse(text: &'a str) -> Result<KvCommand<'a>, String> {
        const USAGE: &str = "use set KEY VALUE, get KEY, append KEY VALUE or delete KEY";
        if text.len() > MAX_COMMAND_LEN {
            return Err(format!(
                "command is {} bytes long, at most {MAX_COMMAND_LEN} are allowed",
                text.len()
            ));
        }
        let mut words = Words { rest: text };
        let verb = words.next();
        let key = words.next();
        let value = words.next();
        let extra = words.next();
        match (verb, key, value, extra) {
            (None, ..) => Err(format!("empty command: {USAGE}")),
            (Some("set"), Some(key), Some(value), None) => Ok(KvCommand::Set { key, value }),
            (Some("append"), Some(key), Some(value), None) => Ok(KvCommand::Append { key, value }),
            (Some("get"), Some(key), None, None) => Ok(KvCommand::Get { key }),
            (Some("delete"), Some(key), None, None) => Ok(KvCommand::Delete { key }),
            (Some(verb @ ("set" | "append" | "get" | "delete")), ..) => {
                Err(format!("wrong number of words for {verb}: {USAGE}"))
            }
            (Some(verb), ..) => Err(format!(
                "unknown command {}: {USAGE}",
                crate::json::to_string(verb)
            )),
        }
    }

    /// The command in canonical form: words separated by single spaces.
    pub fn canonical(&self) -> String {
        let (verb, key, value) = match *self {
            KvCommand::Set { key, value } => ("set", key, Some(value)),
            KvCommand::Get { key } => ("get", key, None),
            KvCommand::Append { key, value } => ("append", key, Some(value)),
            KvCommand::Delete { key } => ("delete", key, None),
        };
        let length = verb.len() + 1 + key.len() + value.map_or(0, |value| value.len() + 1);
        let mut text = String::with_capacity(length);
        text.push_str(verb);
        text.push(' ');
        text.push_str(key);
        if let Some(value) = value {
            text.push(' ');
            text.push_str(value);
        }
        text
    }
}

/// Which of the four commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Set,
    Get,
    Append,
    Delete,
}

// A command shape's offsets are bytes: a longer command limit needs wider offsets.
const _: () = assert!(MAX_COMMAND_LEN <= u8::MAX as usize);

/// A parsed command as byte ranges into its text (which is at most [`MAX_COMMAND_LEN`] bytes,
/// so a byte holds each offset): a parse that can be kept without borrowing the text, and
/// turned back into the `KvCommand` of that same text without reading it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CommandShape {
    verb: Verb,
    key: [u8; 2],
    /// Empty for `get` and `delete`.
    value: [u8; 2],
}

impl CommandShape {
    /// The shape of `command`, which was parsed from `text`.
    pub fn of(text: &str, command: &KvCommand) -> CommandShape {
        let range = |word: &str| {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            debug_assert!(start + word.len() <= MAX_COMMAND_LEN);
            [start as u8, (start + word.len()) as u8]
        };
        let (verb, key, value) = match *command {
            KvCommand::Set { key, value } => (Verb::Set, key, Some(value)),
            KvCommand::Get { key } => (Verb::Get, key, None),
            KvCommand::Append { key, value } => (Verb::Append, key, Some(value)),
            KvCommand::Delete { key } => (Verb::Delete, key, None),
        };
        CommandShape {
            verb,
            key: range(key),
            value: value.map_or([0, 0], range),
        }
    }

    /// The command again, borrowing from `text`: the text this shape was taken from.
    pub fn command<'a>(&self, text: &'a str) -> KvCommand<'a> {
        let word = |[start, end]: [u8; 2]| &text[start as usize..end as usize];
        let key = word(self.key);
        match self.verb {
            Verb::Set => KvCommand::Set {
                key,
                value: word(self.value),
            },
            Verb::Get => KvCommand::Get { key },
            Verb::Append => KvCommand::Append {
                key,
                value: word(self.value),
            },
            Verb::Delete => KvCommand::Delete { key },
        }
    }
}

/// The words of a command: runs of bytes between ASCII whitespace, like
/// `str::split_ascii_whitespace`, in one pass over the bytes (parsing runs at every apply).
struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.rest.as_bytes();
        let mut start = 0;
        while start < bytes.len() && is_ascii_space(bytes[start]) {
            start += 1;
        }
        if start == bytes.len() {
            self.rest = "";
            return None;
        }
        let mut end = start + 1;
        while end < bytes.len() && !is_ascii_space(bytes[end]) {
            end += 1;
        }
        // Both ends sit next to ASCII bytes (or at the ends), so they are char boundaries.
        let word = &self.rest[start..end];
        self.rest = &self.rest[end..];
        Some(word)
    }
}

/// `u8::is_ascii_whitespace` (space, tab, line feed, form feed, carriage return) as one
/// comparison and one bit test.
#[inline(always)]
fn is_ascii_space(byte: u8) -> bool {
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << 0x0c | 1 << b'\r';
    byte <= b' ' && SPACES >> byte & 1 == 1
}

/// One server's key-value store. Volatile: a crash loses it, and a restarted server rebuilds it
/// by applying the committed log again from index 1.
///
/// Values live in a hash map (every applied command looks one up); the sorted set of keys is
/// touched only when a key appears or disappears, and gives the listing its order (a sorted
/// list, not a B-tree: it spares the wasm a copy of the B-tree's code).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KvStore {
    values: HashMap<String, String, BuildHasherDefault<KeyHasher>>,
    /// Every key of `values`, in natural order (`k2` before `k10`).
    keys: Vec<String>,
}

impl KvStore {
    /// Applies one committed command and returns its answer. Text that does not parse applies
    /// as a no-op with an `Error` answer, so every server still agrees.
    pub fn apply(&mut self, text: &str) -> KvOutput {
        self.execute(KvCommand::parse(text))
    }

    /// Applies a command already parsed (or the error its parse gave): what `apply` does after
    /// parsing.
    pub(crate) fn execute(&mut self, parsed: Result<KvCommand, String>) -> KvOutput {
        match parsed {
            Ok(KvCommand::Set { key, value }) => {
                match self.values.get_mut(key) {
                    Some(slot) => {
                        slot.clear();
                        slot.push_str(value);
                    }
                    None => self.insert_new(key, value),
                }
                KvOutput::Ok
            }
            Ok(KvCommand::Get { key }) => KvOutput::Value(self.values.get(key).cloned()),
            Ok(KvCommand::Append { key, value }) => {
                match self.values.get_mut(key) {
                    Some(slot) => slot.push_str(value),
                    None => self.insert_new(key, value),
                }
                KvOutput::Ok
            }
            Ok(KvCommand::Delete { key }) => {
                if self.values.remove(key).is_some() {
                    if let Ok(at) = self.key_position(key) {
                        self.keys.remove(at);
                    }
                }
                KvOutput::Ok
            }
            Err(why) => KvOutput::Error(why),
        }
    }

    fn insert_new(&mut self, key: &str, value: &str) {
        self.values.insert(key.to_string(), value.to_string());
        if let Err(at) = self.key_position(key) {
            self.keys.insert(at, key.to_string());
        }
    }

    /// Where `key` is in `keys`, or where it would go.
    fn key_position(&self, key: &str) -> Result<usize, usize> {
        self.keys.binary_search_by(|probe| natural_cmp(probe, key))
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// Every key and value, keys in natural order (`k2` before `k10`).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.keys
            .iter()
            .map(|key| (key.as_str(), self.values[key].as_str()))
    }

    /// Number of keys set.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True if no key is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Forgets everything (a crash).
    pub fn clear(&mut self) {
        self.values.clear();
        self.keys.clear();
    }
}

/// `bytes` (at most 8) as a little-endian word, zero-padded: what copying them into a zeroed
/// `[u8; 8]` gives, but in at most three loads, without a call to `memcpy` (which a copy of a
/// variable length becomes; slow in wasm).
#[inline(always)]
pub(crate) fn short_le_word(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.len() <= 8);
    if let Ok(word) = <[u8; 8]>::try_from(bytes) {
        return u64::from_le_bytes(word);
    }
    let mut word = 0;
    let mut shift = 0;
    let mut rest = bytes;
    if let Some((four, after)) = rest.split_first_chunk::<4>() {
        word = u64::from(u32::from_le_bytes(*four));
        shift = 32;
        rest = after;
    }
    if let Some((two, after)) = rest.split_first_chunk::<2>() {
        word |= u64::from(u16::from_le_bytes(*two)) << shift;
        shift += 16;
        rest = after;
    }
    if let Some(&byte) = rest.first() {
        word |= u64::from(byte) << shift;
    }
    word
}

/// Hashes keys 8 bytes at a time with one multiply each (the Fx hash of rustc): fast for short
/// keys, and deterministic (the map is never iterated, so its order cannot leak into a run).
#[derive(Clone, Copy, Debug, Default)]
struct KeyHasher {
    hash: u64,
}

impl KeyHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in chunks.by_ref() {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(short_le_word(rest) ^ (rest.len() as u64) << 59);
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_le_word_is_the_zero_padded_copy() {
        let text = b"abcdefgh";
        for len in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..len].copy_from_slice(&text[..len]);
            assert_eq!(
                short_le_word(&text[..len]),
                u64::from_le_bytes(padded),
                "{len} bytes"
            );
        }
    }

    #[test]
    fn a_shape_gives_back_the_command_it_was_taken_from() {
        for text in ["set x 1", "  append   key  v ", "get k", "delete\tzz\n"] {
            let command = KvCommand::parse(text).unwrap();
            assert_eq!(CommandShape::of(text, &command).command(text), command);
        }
    }

    #[test]
    fn parses_the_four_commands_and_normalises_spacing() {
        assert_eq!(
            KvCommand::parse("  set   x  1 ").unwrap(),
            KvCommand::Set {
                key: "x",
                value: "1"
            }
        );
        assert_eq!(
            KvCommand::parse("get x").unwrap(),
            KvCommand::Get { key: "x" }
        );
        assert_eq!(
            KvCommand::parse("delete x").unwrap(),
            KvCommand::Delete { key: "x" }
        );
        assert_eq!(
            KvCommand::parse("append x\t2").unwrap().canonical(),
            "append x 2"
        );
    }

    #[test]
    fn splits_words_exactly_like_split_ascii_whitespace() {
        for text in [
            "",
            " ",
            "set x 1",
            "  set\t\tx \n 1  ",
            "\x0cget\rk",
            "é ü\u{a0}x  ß",
            "append a\u{2003}b c",
            "one two three four five",
        ] {
            let ours: Vec<&str> = Words { rest: text }.collect();
            let std: Vec<&str> = text.split_ascii_whitespace().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn rejects_empty_unknown_and_malformed_commands() {
        assert!(KvCommand::parse("").unwrap_err().contains("empty command"));
        assert!(KvCommand::parse("   ")
            .unwrap_err()
            .contains("empty command"));
        assert!(KvCommand::parse("put x 1")
            .unwrap_err()
            .contains("unknown command \"put\""));
        assert!(KvCommand::parse("set x")
            .unwrap_err()
            .contains("wrong number of words"));
        assert!(KvCommand::parse("get x y")
            .unwrap_err()
            .contains("wrong number of words"));
        let long = format!("set x {}", "v".repeat(MAX_COMMAND_LEN));
        assert!(KvCommand::parse(&long).unwrap_err().contains("at most"));
    }

    #[test]
    fn applies_commands_in_order() {
        let mut kv = KvStore::default();
        assert_eq!(kv.apply("get x"), KvOutput::Value(None));
        assert_eq!(kv.apply("set x 1"), KvOutput::Ok);
        assert_eq!(kv.apply("append x 2"), KvOutput::Ok);
        assert_eq!(kv.apply("append y 3"), KvOutput::Ok);
        assert_eq!(kv.apply("get x"), KvOutput::Value(Some("12".to_string())));
        assert_eq!(kv.apply("delete x"), KvOutput::Ok);
        assert_eq!(kv.get("x"), None);
        assert_eq!(kv.iter().collect::<Vec<_>>(), vec![("y", "3")]);
    }

    #[test]
    fn lists_keys_in_order_after_inserts_and_deletes() {
        let mut kv = KvStore::default();
        for key in ["m", "b", "zz", "a", "longer-than-eight-bytes", "c"] {
            kv.apply(&format!("set {key} v{key}"));
        }
        kv.apply("delete zz");
        kv.apply("delete nothing");
        kv.apply("set b again");
        let keys: Vec<&str> = kv.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, vec!["a", "b", "c", "longer-than-eight-bytes", "m"]);
        assert_eq!(kv.len(), 5);
        assert_eq!(kv.get("b"), Some("again"));
        assert_eq!(
            kv.get("longer-than-eight-bytes"),
            Some("vlonger-than-eight-bytes")
        );
        kv.clear();
        assert!(kv.is_empty() && kv.iter().next().is_none());
    }

    #[test]
    fn garbage_in_the_log_applies_as_a_noop_with_an_error() {
        let mut kv = KvStore::default();
        kv.apply("set a b");
        let output = kv.apply("frobnicate");
        assert!(matches!(output, KvOutput::Error(_)));
        assert!(output.to_string().starts_with("error: unknown command"));
        assert_eq!(kv.iter().collect::<Vec<_>>(), vec![("a", "b")]);
    }
}
