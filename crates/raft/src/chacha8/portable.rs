//! The ChaCha8 block function one quarter round at a time, as RFC 8439 describes it: small
//! code, which is what the wasm build runs.

use super::{initial_state, BLOCK_WORDS, DOUBLE_ROUNDS};

/// One double round: the quarter round on the four columns of the 4×4 state, then on its four
/// diagonals. The positions are constants, so the compiler keeps the state in registers (wasm
/// locals) instead of memory.
#[inline(always)]
fn double_round(state: &mut [u32; BLOCK_WORDS]) {
    quarter_round(state, [0, 4, 8, 12]);
    quarter_round(state, [1, 5, 9, 13]);
    quarter_round(state, [2, 6, 10, 14]);
    quarter_round(state, [3, 7, 11, 15]);
    quarter_round(state, [0, 5, 10, 15]);
    quarter_round(state, [1, 6, 11, 12]);
    quarter_round(state, [2, 7, 8, 13]);
    quarter_round(state, [3, 4, 9, 14]);
}

/// The ChaCha quarter round (RFC 8439, section 2.1) on state positions `a, b, c, d`.
#[inline(always)]
fn quarter_round(state: &mut [u32; BLOCK_WORDS], [a, b, c, d]: [usize; 4]) {
    state[a] = state[a].wrapping_add(state[b]);
    state[d] = (state[d] ^ state[a]).rotate_left(16);
    state[c] = state[c].wrapping_add(state[d]);
    state[b] = (state[b] ^ state[c]).rotate_left(12);
    state[a] = state[a].wrapping_add(state[b]);
    state[d] = (state[d] ^ state[a]).rotate_left(8);
    state[c] = state[c].wrapping_add(state[d]);
    state[b] = (state[b] ^ state[c]).rotate_left(7);
}

/// The ChaCha8 block for `key`, block `counter` and `stream`: the state after eight rounds, plus
/// the state it started from (RFC 8439, section 2.3, with 8 rounds and a 64-bit counter).
pub(super) fn chacha8_block(key: &[u32; 8], counter: u64, stream: u64) -> [u32; BLOCK_WORDS] {
    let initial = initial_state(key, counter, stream);
    let mut state = initial;
    for _ in 0..DOUBLE_ROUNDS {
        double_round(&mut state);
    }
    for (word, start) in state.iter_mut().zip(initial) {
        *word = word.wrapping_add(start);
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quarter_round_matches_rfc_8439() {
        // Section 2.1.1, on a column.
        let mut state = [0; BLOCK_WORDS];
        [state[1], state[5], state[9], state[13]] =
            [0x1111_1111, 0x0102_0304, 0x9b8d_6f43, 0x0123_4567];
        quarter_round(&mut state, [1, 5, 9, 13]);
        assert_eq!(
            [state[1], state[5], state[9], state[13]],
            [0xea2a_92f4, 0xcb1c_f8ce, 0x4581_472e, 0x5881_c4bb]
        );

        // Section 2.2.1: the quarter round on positions 2, 7, 8, 13 (a diagonal).
        let mut state = [
            0x879531e0, 0xc5ecf37d, 0x516461b1, 0xc9a62f8a, 0x44c20ef3, 0x3390af7f, 0xd9fc690b,
            0x2a5f714c, 0x53372767, 0xb00a5631, 0x974c541a, 0x359e9963, 0x5c971061, 0x3d631689,
            0x2098d9d6, 0x91dbd320,
        ];
        quarter_round(&mut state, [2, 7, 8, 13]);
        let expected = [
            0x879531e0, 0xc5ecf37d, 0xbdb886dc, 0xc9a62f8a, 0x44c20ef3, 0x3390af7f, 0xd9fc690b,
            0xcfacafd2, 0xe46bea80, 0xb00a5631, 0x974c541a, 0x359e9963, 0x5c971061, 0xccc07c79,
            0x2098d9d6, 0x91dbd320,
        ];
        assert_eq!(state, expected);
    }
}
