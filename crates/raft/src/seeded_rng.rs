//! `SeededRng`: the random number generator of the core and of the simulator around it —
//! ChaCha8 seeded with a `u64`, so a seed decides every draw. Its draws are ordinary functions
//! of this crate: the generator's code is compiled once for the whole program.
//!
//! Every draw is exactly what `rand` 0.9 gives for `ChaCha8Rng::seed_from_u64(seed)` (the
//! simulator's traces were pinned with those): the seed is expanded as `rand_core` does, and
//! `next_u64`, `in_range` and `unit` are `random::<u64>()`, `random_range(low..=high)` and
//! `random::<f64>()`. Our own compact ChaCha8 ([`crate::chacha8`]) replaces `rand_chacha`'s
//! unrolled one, which was most of the generator's wasm.

use crate::chacha8::ChaCha8Words;

/// A seeded ChaCha8 generator.
#[derive(Clone, Debug)]
pub struct SeededRng(ChaCha8Words);

impl SeededRng {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> SeededRng {
        SeededRng(ChaCha8Words::from_seed(expand_seed(seed)))
    }

    /// A uniformly drawn `u64`.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A whole number drawn uniformly from `low..=high` (`low <= high`).
    ///
    /// `rand`'s method for a single draw from a range: the high half of the 128-bit product of
    /// a draw and the span; when the low half says the result may be biased, the high half of a
    /// second product decides whether to carry one into it. At most two draws, and a bias far
    /// too small to matter here (`rand` accepts it outside its `unbiased` feature).
    pub fn in_range(&mut self, low: u64, high: u64) -> u64 {
        assert!(low <= high, "SeededRng::in_range: empty range");
        let span = high.wrapping_sub(low).wrapping_add(1);
        if span == 0 {
            // low..=high is every u64.
            return self.next_u64();
        }
        let (mut offset, low_order) = widening_mul(self.next_u64(), span);
        if low_order > span.wrapping_neg() {
            let (next_high_order, _) = widening_mul(self.next_u64(), span);
            if low_order.checked_add(next_high_order).is_none() {
                offset += 1;
            }
        }
        low.wrapping_add(offset)
    }

    /// A number drawn uniformly from `[0, 1)`: the top 53 bits of a draw, times 2^-53.
    pub fn unit(&mut self) -> f64 {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        (self.next_u64() >> 11) as f64 * SCALE
    }
}

/// The 32-byte ChaCha8 key for `seed`, as `rand_core`'s `SeedableRng::seed_from_u64` makes it:
/// eight outputs of the PCG32 generator (state advanced first, then the XSH RR output), each
/// written little-endian.
fn expand_seed(mut state: u64) -> [u8; 32] {
    const MULTIPLIER: u64 = 6364136223846793005;
    const INCREMENT: u64 = 11634580027462260723;
    let mut seed = [0u8; 32];
    for chunk in seed.chunks_exact_mut(4) {
        state = state.wrapping_mul(MULTIPLIER).wrapping_add(INCREMENT);
        let xorshifted = (((state >> 18) ^ state) >> 27) as u32;
        let rotation = (state >> 59) as u32;
        chunk.copy_from_slice(&xorshifted.rotate_right(rotation).to_le_bytes());
    }
    seed
}

/// The high and low halves of the 128-bit product `a * b`.
fn widening_mul(a: u64, b: u64) -> (u64, u64) {
    let product = u128::from(a) * u128::from(b);
    ((product >> 64) as u64, product as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Seeds near the edges and a run of small ones.
    fn seeds() -> impl Iterator<Item = u64> {
        (0..200).chain([
            1 << 32,
            (1 << 63) - 1,
            1 << 63,
            0x0123_4567_89ab_cdef,
            u64::MAX - 1,
            u64::MAX,
        ])
    }

    /// `(low, high)` pairs: single values, the full range, small, odd and huge spans.
    const RANGES: [(u64, u64); 14] = [
        (0, 0),
        (7, 7),
        (u64::MAX, u64::MAX),
        (0, u64::MAX),
        (1, u64::MAX),
        (0, u64::MAX - 1),
        (0, 1),
        (150_000, 300_000),
        (1, 6),
        (0, 1 << 32),
        (1 << 63, u64::MAX),
        (0, (1 << 63) + 1),
        (3, u64::MAX / 3 * 2),
        (u64::MAX / 2, u64::MAX / 2 + 2),
    ];

    #[test]
    fn seeds_expand_as_in_rand_core() {
        for seed in seeds() {
            // Two generators agree on their first block only if their keys are equal.
            let mut ours = ChaCha8Words::from_seed(expand_seed(seed));
            let mut reference = ChaCha8Rng::seed_from_u64(seed);
            for _ in 0..8 {
                assert_eq!(ours.next_u64(), reference.random::<u64>(), "seed {seed}");
            }
        }
    }

    #[test]
    fn draws_are_those_of_chacha8_for_the_seed() {
        // The simulator's traces were pinned with `rand`'s ChaCha8 draws: not a single one may
        // change.
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

    #[test]
    fn long_mixed_runs_match_rand_for_many_seeds() {
        // Over 10,000 draws per seed, in an order that differs by seed, so buffer refills fall
        // between every kind of draw; in_range runs over every range in `RANGES`.
        for seed in seeds() {
            let mut ours = SeededRng::new(seed);
            let mut reference = ChaCha8Rng::seed_from_u64(seed);
            for step in 0..12_000u64 {
                let kind = (step ^ (seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7)) % 4;
                match kind {
                    0 => assert_eq!(
                        ours.next_u64(),
                        reference.random::<u64>(),
                        "seed {seed}, step {step}"
                    ),
                    1 => assert_eq!(
                        ours.unit().to_bits(),
                        reference.random::<f64>().to_bits(),
                        "seed {seed}, step {step}"
                    ),
                    _ => {
                        let (low, high) =
                            RANGES[(step.wrapping_add(seed) % RANGES.len() as u64) as usize];
                        assert_eq!(
                            ours.in_range(low, high),
                            reference.random_range(low..=high),
                            "seed {seed}, step {step}, range {low}..={high}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn ranges_whose_first_draw_may_be_biased_match_rand() {
        // For a span just over half of 2^64 about half of the first draws fall in the zone
        // where a second draw decides, so both branches of the carry run many times.
        let (low, high) = (5, (1 << 63) + 12_345);
        let mut ours = SeededRng::new(3);
        let mut reference = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..20_000 {
            assert_eq!(ours.in_range(low, high), reference.random_range(low..=high));
        }
    }

    #[test]
    fn clones_draw_the_same_sequence() {
        let mut original = SeededRng::new(11);
        for _ in 0..37 {
            original.next_u64();
        }
        let mut copy = original.clone();
        for _ in 0..100 {
            assert_eq!(original.in_range(0, 1_000), copy.in_range(0, 1_000));
        }
    }

    #[test]
    fn draws_stay_inside_their_range() {
        let mut rng = SeededRng::new(5);
        for &(low, high) in &RANGES {
            for _ in 0..1_000 {
                let value = rng.in_range(low, high);
                assert!(
                    low <= value && value <= high,
                    "{value} outside {low}..={high}"
                );
            }
        }
        for _ in 0..1_000 {
            let value = rng.unit();
            assert!((0.0..1.0).contains(&value));
        }
    }
}
