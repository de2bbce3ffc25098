//! A small, fast, deterministic hasher for the search's hash tables.
//!
//! The "Fx" multiply-rotate hash (as used inside rustc). It needs no random seed, so tables
//! behave identically on every platform, and it is much faster than SipHash on the short keys
//! here. Keys come from the checker itself, so hash flooding is not a concern.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// Multiplier of the Fx hash (from the golden ratio).
const FX_SEED: u64 = 0x517c_c1b7_2722_0a95;

/// The Fx hasher state.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add_word(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add_word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add_word(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add_word(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add_word(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add_word(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add_word(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s for `HashMap`/`HashSet`.
pub(crate) type FxBuildHasher = BuildHasherDefault<FxHasher>;

/// The Fx hash of one value.
pub(crate) fn fx_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}
