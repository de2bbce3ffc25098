//! Insertion sort for the core's short lists — a cluster's members and their match indexes,
//! a handful of values. Faster than the standard library's sort at that length, and a few
//! dozen bytes of wasm where each of `sort_unstable`'s instantiations costs about 3 KB. (etcd
//! raft sorts its match indexes the same way for small clusters.)

/// Sorts `items` ascending; quadratic, so only for short lists.
pub(crate) fn sort_small<T: Ord + Copy>(items: &mut [T]) {
    for sorted in 1..items.len() {
        let item = items[sorted];
        let mut at = sorted;
        while at > 0 && items[at - 1] > item {
            items[at] = items[at - 1];
            at -= 1;
        }
        items[at] = item;
    }
}

#[cfg(test)]
mod tests {
    use super::sort_small;

    #[test]
    fn sorts_as_the_standard_library_does() {
        let mut state = 7u64;
        for len in 0..40 {
            let mut items: Vec<u64> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    (state >> 33) % 16
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            sort_small(&mut items);
            assert_eq!(items, expected);
        }
    }
}
