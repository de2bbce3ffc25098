//! `SeededRng`: the random number generator of the core and of the simulator around it —
//! ChaCha8 seeded with a `u64`, so a seed decides every draw. Its draws are ordinary functions
//! of this crate: the generator's code is compiled once for the whole program, where each crate
//! drawing from `rand` directly would carry its own copy (about 6 KB of wasm per copy).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded ChaCha8 generator.
#[derive(Clone, Debug)]
pub struct SeededRng(ChaCha8Rng);

impl SeededRng {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> SeededRng {
        SeededRng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A uniformly drawn `u64`.
    pub fn next_u64(&mut self) -> u64 {
        self.0.random()
    }

    /// A whole number drawn uniformly from `low..=high` (`low <= high`).
    pub fn in_range(&mut self, low: u64, high: u64) -> u64 {
        self.0.random_range(low..=high)
    }

    /// A number drawn uniformly from `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_those_of_chacha8_for_the_seed() {
        // The simulator's traces were pinned with `rand`'s ChaCha8 draws: this wrapper must
        // not change a single one.
        let mut wrapped = SeededRng::new(42);
        let mut plain = ChaCha8Rng::seed_from_u64(42);
        for round in 0..1_000u64 {
            assert_eq!(wrapped.next_u64(), plain.random::<u64>());
            let high = 10 + round * 997;
            assert_eq!(
                wrapped.in_range(round, high),
                plain.random_range(round..=high)
            );
            assert_eq!(wrapped.unit().to_bits(), plain.random::<f64>().to_bits());
        }
    }
}
