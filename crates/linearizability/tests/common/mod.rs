//! Helpers shared by the integration tests: a fixed-seed PRNG and history builders.

#![allow(dead_code)]

/// Marsaglia's xorshift64: tiny, deterministic, good enough to shake inputs.
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a fixed, non-zero seed.
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// `true` with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}
