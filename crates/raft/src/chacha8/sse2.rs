//! The ChaCha8 block function with SSE2 vectors, for x86_64 (whose baseline includes SSE2; the
//! module is only compiled when the target has it, which makes every `unsafe` block here sound:
//! the intrinsics are unsafe only for the target feature they require).
//!
//! The 4×4 state is held as four rows of four lanes, so a round's four quarter rounds run at
//! once, lane by lane; turning the diagonals into columns is a lane rotation of rows 1 to 3.

use super::{initial_state, BLOCK_WORDS, DOUBLE_ROUNDS};
use std::arch::x86_64::{
    __m128i, _mm_add_epi32, _mm_cvtsi128_si64, _mm_cvtsi32_si128, _mm_or_si128, _mm_set_epi32,
    _mm_shuffle_epi32, _mm_sll_epi32, _mm_srl_epi32, _mm_unpackhi_epi64, _mm_xor_si128,
};

/// The row holding `words`, lane `i` holding `words[i]`.
fn row(words: &[u32]) -> __m128i {
    let [w0, w1, w2, w3] = [0, 1, 2, 3].map(|lane| words[lane] as i32);
    // SAFETY: SSE2 is available (see the module's header).
    unsafe { _mm_set_epi32(w3, w2, w1, w0) }
}

/// The four words of `row`.
fn words(row: __m128i) -> [u32; 4] {
    // SAFETY: SSE2 is available (see the module's header).
    let (low, high) = unsafe {
        let high_half = _mm_unpackhi_epi64(row, row);
        (
            _mm_cvtsi128_si64(row) as u64,
            _mm_cvtsi128_si64(high_half) as u64,
        )
    };
    [
        low as u32,
        (low >> 32) as u32,
        high as u32,
        (high >> 32) as u32,
    ]
}

/// Lane by lane `x + y`.
fn add(x: __m128i, y: __m128i) -> __m128i {
    // SAFETY: SSE2 is available (see the module's header).
    unsafe { _mm_add_epi32(x, y) }
}

/// Lane by lane `(x ^ y) <<< bits`.
fn xor_rotate(x: __m128i, y: __m128i, bits: i32) -> __m128i {
    // SAFETY: SSE2 is available (see the module's header).
    unsafe {
        let x = _mm_xor_si128(x, y);
        let left = _mm_sll_epi32(x, _mm_cvtsi32_si128(bits));
        let right = _mm_srl_epi32(x, _mm_cvtsi32_si128(32 - bits));
        _mm_or_si128(left, right)
    }
}

/// The quarter round on the four columns at once, the rows being `a`, `b`, `c` and `d`.
fn quarter_round_columns([a, b, c, d]: &mut [__m128i; 4]) {
    *a = add(*a, *b);
    *d = xor_rotate(*d, *a, 16);
    *c = add(*c, *d);
    *b = xor_rotate(*b, *c, 12);
    *a = add(*a, *b);
    *d = xor_rotate(*d, *a, 8);
    *c = add(*c, *d);
    *b = xor_rotate(*b, *c, 7);
}

/// Rotates rows 1, 2 and 3 left by 1, 2 and 3 lanes (`forward`), so the diagonals become the
/// columns (diagonal 0 is state positions 0, 5, 10 and 15), or back (`!forward`). A shuffle's
/// immediate names the source lane of each lane, two bits per lane.
fn turn_diagonals([_, b, c, d]: &mut [__m128i; 4], forward: bool) {
    // SAFETY: SSE2 is available (see the module's header).
    unsafe {
        let by_one = |row| _mm_shuffle_epi32::<0b00_11_10_01>(row);
        let by_three = |row| _mm_shuffle_epi32::<0b10_01_00_11>(row);
        (*b, *d) = if forward {
            (by_one(*b), by_three(*d))
        } else {
            (by_three(*b), by_one(*d))
        };
        *c = _mm_shuffle_epi32::<0b01_00_11_10>(*c);
    }
}

/// The ChaCha8 block for `key`, block `counter` and `stream`, as
/// [`super::portable::chacha8_block`] computes it.
pub(super) fn chacha8_block(key: &[u32; 8], counter: u64, stream: u64) -> [u32; BLOCK_WORDS] {
    let start = initial_state(key, counter, stream);
    let initial = [0, 4, 8, 12].map(|first| row(&start[first..first + 4]));
    let mut rows = initial;
    for _ in 0..DOUBLE_ROUNDS {
        quarter_round_columns(&mut rows);
        turn_diagonals(&mut rows, true);
        quarter_round_columns(&mut rows);
        turn_diagonals(&mut rows, false);
    }
    let mut block = [0; BLOCK_WORDS];
    for (out, (row, initial_row)) in block.chunks_exact_mut(4).zip(rows.into_iter().zip(initial)) {
        out.copy_from_slice(&words(add(row, initial_row)));
    }
    block
}
