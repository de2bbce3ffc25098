//! [`SortedMap`]: a map kept as one vector of `(key, value)` pairs sorted by key, with the part
//! of `BTreeMap`'s interface the simulator uses. Its maps are small (a few open requests, a few
//! pending proposals, an object's members) or filled in key order (terms, log positions): there
//! it is as fast as a B-tree, and it is one small piece of code, where every `BTreeMap<K, V>`
//! instantiation adds several kilobytes to the page's wasm.

use std::borrow::Borrow;

/// A map sorted by key, each key once.
#[derive(Clone, Debug, PartialEq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0
            .binary_search_by(|(probe, _)| probe.borrow().cmp(key))
    }

    /// Where `key` is, or goes; keys mostly arrive in increasing order, so the end is
    /// checked before searching.
    fn slot(&self, key: &K) -> Result<usize, usize> {
        match self.0.last() {
            Some((last, _)) if last < key => Err(self.0.len()),
            None => Err(0),
            Some(_) => self.position(key),
        }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| &self.0[at].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| &mut self.0[at].1)
    }

    /// Sets `key` to `value`, replacing its value if it has one.
    pub fn insert(&mut self, key: K, value: V) {
        match self.slot(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    /// The value of `key`, after setting it to `value` if `key` was absent.
    pub fn get_or_insert(&mut self, key: K, value: V) -> &V {
        let at = match self.slot(&key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, value));
                at
            }
        };
        &self.0[at].1
    }

    /// Removes `key` and returns its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.position(key).ok().map(|at| self.0.remove(at).1)
    }

    /// Removes every key up to and including `key`; returns the largest removed pair.
    pub fn remove_through(&mut self, key: &K) -> Option<(K, V)> {
        let end = self.0.partition_point(|(probe, _)| probe <= key);
        self.0.drain(..end).last()
    }

    /// The smallest key.
    pub fn first_key(&self) -> Option<&K> {
        self.0.first().map(|(key, _)| key)
    }

    /// The pairs, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The values, by key, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, value)| value)
    }

    /// The keys, in order.
    pub fn into_keys(self) -> impl Iterator<Item = K> {
        self.0.into_iter().map(|(key, _)| key)
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True without keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    /// The pairs, by key.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// The pairs; a repeated key keeps its last value.
    fn from_iter<T: IntoIterator<Item = (K, V)>>(pairs: T) -> Self {
        let mut map = SortedMap::new();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_an_inserted_key_takes_its_new_value() {
        let mut map = SortedMap::new();
        map.insert("b".to_string(), 1);
        map.insert("a".to_string(), 2);
        map.insert("c".to_string(), 3);
        map.insert("b".to_string(), 4);
        let pairs: Vec<(&str, i32)> = map.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        assert_eq!(pairs, [("a", 2), ("b", 4), ("c", 3)]);
        assert_eq!(map.get("b"), Some(&4));
        assert_eq!(map.first_key().map(String::as_str), Some("a"));
        assert_eq!(map.remove("a"), Some(2));
        assert_eq!(map.remove("a"), None);
        assert_eq!((map.len(), map.get("z")), (2, None));
        assert_eq!(map.into_keys().collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn get_or_insert_keeps_the_first_value_of_each_key() {
        let mut map = SortedMap::new();
        assert_eq!(*map.get_or_insert(5, 'a'), 'a');
        assert_eq!(*map.get_or_insert(9, 'b'), 'b');
        assert_eq!(*map.get_or_insert(2, 'c'), 'c');
        assert_eq!(*map.get_or_insert(7, 'd'), 'd');
        assert_eq!(*map.get_or_insert(5, 'e'), 'a', "the first value stays");
        assert_eq!(*map.get_or_insert(9, 'f'), 'b');
        assert_eq!(
            map.into_iter().collect::<Vec<_>>(),
            [(2, 'c'), (5, 'a'), (7, 'd'), (9, 'b')]
        );
    }

    #[test]
    fn remove_through_takes_every_key_up_to_one() {
        let mut map: SortedMap<u64, char> = [(3, 'a'), (5, 'b'), (8, 'c')].into_iter().collect();
        assert_eq!(map.remove_through(&2), None);
        assert_eq!(map.remove_through(&6), Some((5, 'b')));
        assert_eq!(map.iter().collect::<Vec<_>>(), [(&8, &'c')]);
        assert_eq!(map.remove_through(&8), Some((8, 'c')));
        assert!(map.is_empty());
    }
}
