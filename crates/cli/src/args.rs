//! A small command-line flag reader: `--name value` pairs and `--switch` flags, with errors that
//! name the flag.

use crate::duration::parse_duration_us;

/// The flags of one subcommand, consumed as they are read; whatever is left is an error.
pub struct Flags {
    items: Vec<String>,
}

impl Flags {
    /// Wraps the arguments that follow the subcommand.
    pub fn new(items: Vec<String>) -> Flags {
        Flags { items }
    }

    /// Removes `--name` and reports whether it was there.
    pub fn switch(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|item| item != name);
        self.items.len() != before
    }

    /// Removes `--name VALUE` (or `--name=VALUE`) and returns the value.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        let prefix = format!("{name}=");
        if let Some(at) = self.items.iter().position(|item| item.starts_with(&prefix)) {
            let item = self.items.remove(at);
            return Ok(Some(item[prefix.len()..].to_string()));
        }
        let Some(at) = self.items.iter().position(|item| item == name) else {
            return Ok(None);
        };
        if at + 1 >= self.items.len() || self.items[at + 1].starts_with("--") {
            return Err(format!("{name} needs a value"));
        }
        let value = self.items.remove(at + 1);
        self.items.remove(at);
        Ok(Some(value))
    }

    /// Reads `--name N` as a number of type `T`.
    pub fn number<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>, String> {
        match self.value(name)? {
            None => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| format!("{name} expects a whole number, not '{text}'")),
        }
    }

    /// Reads `--name MIN-MAX` (or a single `N` meaning `N-N`) as two numbers.
    pub fn range(&mut self, name: &str) -> Result<Option<(u32, u32)>, String> {
        let Some(text) = self.value(name)? else {
            return Ok(None);
        };
        let bad =
            || format!("{name} expects MIN-MAX in whole milliseconds, like 10-15, not '{text}'");
        let (min, max) = match text.split_once('-') {
            Some((min, max)) => (
                min.parse().map_err(|_| bad())?,
                max.parse().map_err(|_| bad())?,
            ),
            None => {
                let both = text.parse().map_err(|_| bad())?;
                (both, both)
            }
        };
        Ok(Some((min, max)))
    }

    /// Reads `--name DURATION` ("10s", "500ms") in microseconds.
    pub fn duration_us(&mut self, name: &str) -> Result<Option<u64>, String> {
        match self.value(name)? {
            None => Ok(None),
            Some(text) => parse_duration_us(&text)
                .map(Some)
                .map_err(|why| format!("{name}: {why}")),
        }
    }

    /// Whether `--name` (or `--name=...`) is among the arguments, without consuming it.
    pub fn has(&self, name: &str) -> bool {
        let prefix = format!("{name}=");
        self.items
            .iter()
            .any(|item| item == name || item.starts_with(&prefix))
    }

    /// Removes and returns the first argument that is not a flag. Call it after every flag
    /// with a value has been read, so values are not mistaken for it.
    pub fn positional(&mut self) -> Option<String> {
        let at = self.items.iter().position(|item| !item.starts_with("--"))?;
        Some(self.items.remove(at))
    }

    /// Fails if any argument was not consumed.
    pub fn finish(self) -> Result<(), String> {
        match self.items.first() {
            None => Ok(()),
            Some(item) => Err(format!("unknown argument '{item}' (see raftplay --help)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Flags;

    fn flags(text: &str) -> Flags {
        Flags::new(text.split_whitespace().map(String::from).collect())
    }

    #[test]
    fn reads_values_switches_and_ranges() {
        let mut f = flags("--seed 7 --json --latency-ms 10-15 --until=2s");
        assert!(f.switch("--json"));
        assert_eq!(f.number::<u64>("--seed"), Ok(Some(7)));
        assert_eq!(f.range("--latency-ms"), Ok(Some((10, 15))));
        assert_eq!(f.duration_us("--until"), Ok(Some(2_000_000)));
        assert!(f.finish().is_ok());
    }

    #[test]
    fn names_the_flag_in_errors() {
        assert_eq!(
            flags("--seed").value("--seed"),
            Err("--seed needs a value".into())
        );
        assert!(flags("--seed x")
            .number::<u64>("--seed")
            .unwrap_err()
            .contains("--seed"));
        assert!(flags("--latency-ms a-b")
            .range("--latency-ms")
            .unwrap_err()
            .contains("10-15"));
        assert!(flags("--bogus").finish().unwrap_err().contains("--bogus"));
    }
}
