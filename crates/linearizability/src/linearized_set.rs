//! The set of operations linearized so far, as a bitset with an incrementally kept hash.

/// A set of operation positions in `0..len`, one bit each, plus a Zobrist hash of its contents
/// (the XOR of a fixed pseudo-random key per member) that is updated in O(1) on each change.
#[derive(Clone, Debug)]
pub(crate) struct LinearizedSet {
    words: Box<[u64]>,
    hash: u64,
}

impl LinearizedSet {
    /// The empty set over `0..len`.
    pub(crate) fn new(len: usize) -> Self {
        LinearizedSet {
            words: vec![0; len.div_ceil(64)].into_boxed_slice(),
            hash: 0,
        }
    }

    /// Adds `member` (below the length given to [`LinearizedSet::new`], and not present).
    pub(crate) fn insert(&mut self, member: usize) {
        self.words[member / 64] |= 1 << (member % 64);
        self.hash ^= zobrist_key(member);
    }

    /// Removes `member` (which must be present).
    pub(crate) fn remove(&mut self, member: usize) {
        self.words[member / 64] &= !(1 << (member % 64));
        self.hash ^= zobrist_key(member);
    }

    /// The bits, 64 members per word.
    pub(crate) fn words(&self) -> &[u64] {
        &self.words
    }

    /// A hash of the contents: equal sets have equal hashes.
    pub(crate) fn hash(&self) -> u64 {
        self.hash
    }
}

/// The fixed pseudo-random key of one member (SplitMix64 of its position).
fn zobrist_key(member: usize) -> u64 {
    let mut z = (member as u64)
        .wrapping_add(1)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::LinearizedSet;

    #[test]
    fn hash_and_bits_depend_only_on_contents() {
        let mut a = LinearizedSet::new(130);
        let mut b = LinearizedSet::new(130);
        a.insert(129);
        a.insert(3);
        b.insert(3);
        assert_ne!(a.words(), b.words());
        assert_ne!(a.hash(), b.hash());
        b.insert(129);
        assert_eq!((a.words(), a.hash()), (b.words(), b.hash()));
        a.remove(129);
        a.remove(3);
        assert_eq!(a.words(), LinearizedSet::new(130).words());
        assert_eq!(a.hash(), 0);
    }
}
