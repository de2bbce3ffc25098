//! A map kept as a vector of `(key, value)` pairs sorted by key, for the simulator's small or
//! mostly-appended maps: as fast as a B-tree at those sizes, and each B-tree instantiation it
//! replaces is several kilobytes of wasm.

/// The value of `key` in `pairs` (sorted by key), inserting `value` first if `key` is absent.
pub(crate) fn get_or_insert<K: Ord + Copy, V: Copy>(
    pairs: &mut Vec<(K, V)>,
    key: K,
    value: V,
) -> V {
    // Keys mostly arrive in increasing order: check the end before searching.
    if pairs.last().is_none_or(|&(last, _)| last < key) {
        pairs.push((key, value));
        return value;
    }
    match pairs.binary_search_by(|&(probe, _)| probe.cmp(&key)) {
        Ok(at) => pairs[at].1,
        Err(at) => {
            pairs.insert(at, (key, value));
            value
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_value_of_each_key_in_key_order() {
        let mut pairs = Vec::new();
        assert_eq!(get_or_insert(&mut pairs, 5, 'a'), 'a');
        assert_eq!(get_or_insert(&mut pairs, 9, 'b'), 'b');
        assert_eq!(get_or_insert(&mut pairs, 2, 'c'), 'c');
        assert_eq!(get_or_insert(&mut pairs, 7, 'd'), 'd');
        assert_eq!(
            get_or_insert(&mut pairs, 5, 'e'),
            'a',
            "the first value stays"
        );
        assert_eq!(get_or_insert(&mut pairs, 9, 'f'), 'b');
        assert_eq!(pairs, [(2, 'c'), (5, 'a'), (7, 'd'), (9, 'b')]);
    }
}
