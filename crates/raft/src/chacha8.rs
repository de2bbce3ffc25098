//! ChaCha8: the ChaCha block function of RFC 8439 with 8 rounds instead of 20, and a buffer that
//! hands out its keystream one 32-bit word at a time.
//!
//! The layout is the one `rand_chacha` uses (Bernstein's original): the 16-word state holds the
//! four constant words, the 256-bit key, a 64-bit block counter (words 12 and 13, low word first)
//! and a 64-bit stream number (words 14 and 15), which is always 0 here. The keystream is the
//! blocks for counter 0, 1, 2, ... one after the other, each block's words in order.

// The portable block function is what wasm runs; on x86_64 only the tests run it.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
mod portable;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2;

/// Words in one ChaCha block.
const BLOCK_WORDS: usize = 16;

/// "expand 32-byte k", the first four words of every ChaCha state.
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// Double rounds of ChaCha8 (8 rounds, alternately over columns and diagonals).
const DOUBLE_ROUNDS: usize = 4;

/// The state ChaCha starts from for `key`, block `counter` and `stream`.
fn initial_state(key: &[u32; 8], counter: u64, stream: u64) -> [u32; BLOCK_WORDS] {
    let mut state = [0; BLOCK_WORDS];
    state[..4].copy_from_slice(&CONSTANTS);
    state[4..12].copy_from_slice(key);
    state[12] = counter as u32;
    state[13] = (counter >> 32) as u32;
    state[14] = stream as u32;
    state[15] = (stream >> 32) as u32;
    state
}

// The ChaCha8 block function this target runs: on x86_64 the SSE2 one (the compiler does not
// vectorize the portable one, which would make native runs slower than with `rand_chacha`),
// elsewhere the portable one. Both give the same blocks.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use portable::chacha8_block;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::chacha8_block;

/// The ChaCha8 keystream of stream 0 for a 256-bit key, read as 32-bit words; one block is
/// buffered at a time.
#[derive(Clone, Debug)]
pub(crate) struct ChaCha8Words {
    /// The key, as eight little-endian words of the 32-byte seed.
    key: [u32; 8],
    /// The counter of the block to compute next.
    next_block: u64,
    /// The current block.
    block: [u32; BLOCK_WORDS],
    /// The position of the next word to hand out in `block` (`BLOCK_WORDS`: none left).
    index: usize,
}

impl ChaCha8Words {
    /// The keystream for a 32-byte `seed`, read as the key, from block 0 on.
    pub(crate) fn from_seed(seed: [u8; 32]) -> ChaCha8Words {
        let mut key = [0u32; 8];
        for (word, bytes) in key.iter_mut().zip(seed.chunks_exact(4)) {
            *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        ChaCha8Words {
            key,
            next_block: 0,
            block: [0; BLOCK_WORDS],
            index: BLOCK_WORDS,
        }
    }

    /// The next word of the keystream.
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= BLOCK_WORDS {
            self.next_block();
        }
        let word = self.block[self.index];
        self.index += 1;
        word
    }

    /// The next two words of the keystream, the first as the low half — also when they lie in
    /// two blocks.
    pub(crate) fn next_u64(&mut self) -> u64 {
        if self.index < BLOCK_WORDS - 1 {
            let (low, high) = (self.block[self.index], self.block[self.index + 1]);
            self.index += 2;
            (u64::from(high) << 32) | u64::from(low)
        } else {
            self.next_u64_slowly()
        }
    }

    /// [`Self::next_u64`] when the current block holds fewer than two words.
    #[cold]
    #[inline(never)]
    fn next_u64_slowly(&mut self) -> u64 {
        let low = self.next_u32();
        let high = self.next_u32();
        (u64::from(high) << 32) | u64::from(low)
    }

    /// Computes the next block and starts reading it from its first word.
    #[inline(never)]
    fn next_block(&mut self) {
        self.block = chacha8_block(&self.key, self.next_block, 0);
        self.next_block = self.next_block.wrapping_add(1);
        self.index = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A seed with every byte different, so a word read in the wrong order shows.
    fn counting_seed(first: u8) -> [u8; 32] {
        std::array::from_fn(|i| first.wrapping_add(i as u8).wrapping_mul(37))
    }

    /// The key words of a 32-byte seed, little-endian.
    fn key_of(seed: [u8; 32]) -> [u32; 8] {
        std::array::from_fn(|i| u32::from_le_bytes(seed[i * 4..i * 4 + 4].try_into().unwrap()))
    }

    /// A ChaCha8 block function.
    type BlockFunction = fn(&[u32; 8], u64, u64) -> [u32; BLOCK_WORDS];

    /// Every block function compiled for this target, by name: the portable one (what wasm
    /// runs, so tested here too) and the one this target runs, when that is another.
    fn block_functions() -> Vec<(&'static str, BlockFunction)> {
        let mut functions: Vec<(&'static str, BlockFunction)> =
            vec![("portable", portable::chacha8_block)];
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        functions.push(("sse2", sse2::chacha8_block));
        functions
    }

    #[test]
    fn blocks_are_those_of_rand_chacha() {
        // rand_chacha's keystream for a seed is the blocks for counter 0, 1, 2, ... of stream 0;
        // `set_word_pos` jumps to any block, including those whose counter uses the high word.
        for (name, block_function) in block_functions() {
            for seed in [[0u8; 32], [0xff; 32], counting_seed(1), counting_seed(200)] {
                for counter in [0, 1, 2, 3, 4, 5, 63, 1 << 32, (1 << 32) + 3, u64::MAX - 4] {
                    let mut reference = ChaCha8Rng::from_seed(seed);
                    reference.set_word_pos(u128::from(counter) * 16);
                    let expected: [u32; 16] = std::array::from_fn(|_| reference.next_u32());
                    assert_eq!(
                        block_function(&key_of(seed), counter, 0),
                        expected,
                        "{name}: seed {seed:?}, block {counter}"
                    );
                }
            }
            // And with another stream than 0.
            let seed = counting_seed(9);
            let stream = 0x0123_4567_89ab_cdef;
            let mut reference = ChaCha8Rng::from_seed(seed);
            reference.set_stream(stream);
            reference.set_word_pos(7 * 16);
            let expected: [u32; 16] = std::array::from_fn(|_| reference.next_u32());
            assert_eq!(block_function(&key_of(seed), 7, stream), expected, "{name}");
        }
    }

    #[test]
    fn block_functions_agree_on_many_keys() {
        // Beyond rand's blocks above: the portable and the target's block function on
        // 2,000 keys and counters (wasm's draws must be the native ones).
        let functions = block_functions();
        let mut words = ChaCha8Words::from_seed(counting_seed(77));
        for _ in 0..2_000 {
            let key: [u32; 8] = std::array::from_fn(|_| words.next_u32());
            let (counter, stream) = (words.next_u64(), words.next_u64() >> 60);
            let blocks: Vec<_> = functions
                .iter()
                .map(|(_, block_function)| block_function(&key, counter, stream))
                .collect();
            assert!(
                blocks.windows(2).all(|pair| pair[0] == pair[1]),
                "key {key:?}"
            );
        }
    }

    #[test]
    fn words_are_those_of_rand_chacha_in_any_mix_of_reads() {
        // Odd runs of 32-bit reads move 64-bit reads across block (and rand's buffer)
        // boundaries, where the low half comes from one block and the high half from the next.
        for first in 0..20u8 {
            let seed = counting_seed(first);
            let mut words = ChaCha8Words::from_seed(seed);
            let mut reference = ChaCha8Rng::from_seed(seed);
            for step in 0..5_000usize {
                if (step * 7 + usize::from(first)) % 5 < 2 {
                    assert_eq!(words.next_u32(), reference.next_u32(), "step {step}");
                } else {
                    assert_eq!(words.next_u64(), reference.next_u64(), "step {step}");
                }
            }
        }
    }
}
