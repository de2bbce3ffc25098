//! [`Map`]: the members of a JSON object, sorted by name. A sorted list rather than a
//! `BTreeMap`: objects here have a handful of members, and each B-tree instantiation is
//! several kilobytes of the page's wasm.

use super::value::Value;

/// The members of a JSON object, sorted by name, each name once (inserting a name again
/// replaces its value, so a repeated key keeps its last value).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An object without members.
    pub fn new() -> Map {
        Map(Vec::new())
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(name, _)| name.as_str().cmp(key))
    }

    /// Sets member `key` to `value`, replacing its value if it has one.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.position(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).ok().map(|at| &self.0[at].1)
    }

    /// Removes member `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.position(key).ok().map(|at| self.0.remove(at).1)
    }

    /// The members, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The names, in order.
    pub fn into_keys(self) -> impl Iterator<Item = String> {
        self.0.into_iter().map(|(key, _)| key)
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for `{}`.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    /// The members, by name.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, Value)> for Map {
    /// The members, a repeated key keeping its last value.
    fn from_iter<T: IntoIterator<Item = (String, Value)>>(members: T) -> Map {
        let mut map = Map::new();
        for (key, value) in members {
            map.insert(key, value);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_members_sorted_and_a_repeated_key_keeps_its_last_value() {
        let mut map = Map::new();
        map.insert("b".into(), Value::Bool(true));
        map.insert("a".into(), Value::Null);
        map.insert("c".into(), Value::Bool(false));
        map.insert("b".into(), Value::String("again".into()));
        let keys: Vec<&String> = map.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(map.get("b"), Some(&Value::String("again".into())));
        assert_eq!(map.remove("a"), Some(Value::Null));
        assert_eq!(map.remove("a"), None);
        assert_eq!((map.len(), map.get("z")), (2, None));
        assert_eq!(map.into_keys().collect::<Vec<_>>(), ["b", "c"]);
    }
}
