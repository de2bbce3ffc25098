//! Canonical Huffman codes (RFC 1951 §3.2.2): a code is given by the bit length of each
//! symbol's code alone. Codes of the same length are consecutive numbers, in symbol order,
//! and shorter codes come numerically first. This file decodes them, builds length-limited
//! code lengths from symbol counts, and turns lengths into the codes to write.

use super::bits::BitReader;
use super::InflateError;

/// Longest code DEFLATE allows.
pub(super) const MAX_BITS: usize = 15;

/// A decoding table: how many codes have each length, and the symbols in code order.
pub(super) struct Decoder {
    count_of_length: [u16; MAX_BITS + 1],
    symbols_in_code_order: Vec<u16>,
}

impl Decoder {
    /// The code for `lengths` (symbol `i` has a code of `lengths[i]` bits, 0 = unused, at
    /// most 15). An over-subscribed set is refused. An incomplete one is refused too, unless
    /// it has at most one code: a stream may have no distance codes, or a single one.
    pub(super) fn new(lengths: &[u8]) -> Result<Decoder, InflateError> {
        let mut count_of_length = [0u16; MAX_BITS + 1];
        for &length in lengths {
            count_of_length[usize::from(length)] += 1;
        }
        count_of_length[0] = 0;
        // Codes of each length still free, starting from the 2 of one bit.
        let mut free = 1i32;
        for &count in &count_of_length[1..] {
            free = 2 * free - i32::from(count);
            if free < 0 {
                return Err(InflateError::Malformed);
            }
        }
        let used = lengths.iter().filter(|&&length| length > 0).count();
        if free > 0 && used > 1 {
            return Err(InflateError::Malformed);
        }
        let mut symbols_in_code_order = Vec::with_capacity(used);
        for bits in 1..=MAX_BITS as u8 {
            for (symbol, &length) in lengths.iter().enumerate() {
                if length == bits {
                    symbols_in_code_order.push(symbol as u16);
                }
            }
        }
        Ok(Decoder {
            count_of_length,
            symbols_in_code_order,
        })
    }

    /// Reads one code bit by bit, most significant first; a code that is not in the table
    /// (possible only in an incomplete code) is an error.
    pub(super) fn decode(&self, reader: &mut BitReader) -> Result<usize, InflateError> {
        // `code` is the bits read so far; `first` the first code of the current length;
        // `index` the position of that code's symbol in `symbols_in_code_order`.
        let (mut code, mut first, mut index) = (0, 0, 0);
        for &count in &self.count_of_length[1..] {
            code |= reader.bits(1)? as usize;
            let count = usize::from(count);
            if code < first + count {
                return Ok(usize::from(
                    self.symbols_in_code_order[index + code - first],
                ));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Malformed)
    }
}

/// Code lengths for symbols seen `counts` times, none longer than `max_bits`: Huffman's
/// construction, with the counts halved until the longest code fits. At least two symbols
/// get a code (unused ones are added if needed), so the code is always complete, which every
/// decoder accepts.
pub(super) fn code_lengths(counts: &[u32], max_bits: u8) -> Vec<u8> {
    let mut counts = counts.to_vec();
    for symbol in 0..counts.len() {
        if counts.iter().filter(|&&count| count > 0).count() >= 2 {
            break;
        }
        counts[symbol] = counts[symbol].max(1);
    }
    loop {
        let mut lengths = vec![0u8; counts.len()];
        // Huffman's construction: merge the two lightest trees until one is left; each merge
        // puts the symbols of both one level deeper. A tree is named by one of its symbols,
        // and `tree_of` gives each symbol's tree.
        let mut tree_of: Vec<usize> = (0..counts.len()).collect();
        let mut trees: Vec<(u64, usize)> = (0..counts.len())
            .filter(|&symbol| counts[symbol] > 0)
            .map(|symbol| (u64::from(counts[symbol]), symbol))
            .collect();
        while let (Some((weight_a, a)), Some((weight_b, b))) =
            (take_lightest(&mut trees), take_lightest(&mut trees))
        {
            for symbol in 0..counts.len() {
                if tree_of[symbol] == a || tree_of[symbol] == b {
                    tree_of[symbol] = a;
                    lengths[symbol] += 1;
                }
            }
            trees.push((weight_a + weight_b, a));
        }
        if lengths.iter().all(|&length| length <= max_bits) {
            return lengths;
        }
        for count in &mut counts {
            *count = (*count).div_ceil(2);
        }
    }
}

/// Removes and returns the lightest tree (the first of equals, so the result is
/// deterministic).
fn take_lightest(trees: &mut Vec<(u64, usize)>) -> Option<(u64, usize)> {
    let lightest = (0..trees.len()).min_by_key(|&i| trees[i].0)?;
    Some(trees.swap_remove(lightest))
}

/// The codes for `lengths` (§3.2.2), each bit-reversed so that [`BitWriter::put`] writes it
/// most significant bit first.
///
/// [`BitWriter::put`]: super::bits::BitWriter::put
pub(super) fn codes(lengths: &[u8]) -> Vec<u16> {
    let mut next_code = [0u16; MAX_BITS + 2];
    for &length in lengths {
        next_code[usize::from(length) + 1] += 1;
    }
    next_code[1] = 0;
    for bits in 1..MAX_BITS {
        next_code[bits + 1] = (next_code[bits] + next_code[bits + 1]) << 1;
    }
    lengths
        .iter()
        .map(|&length| {
            let code = next_code[usize::from(length)];
            next_code[usize::from(length)] += 1;
            code.reverse_bits() >> (16 - u16::from(length)).min(15)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{code_lengths, codes};

    /// Kraft's sum in units of 2^-15: exactly 2^15 for a complete code.
    fn kraft(lengths: &[u8]) -> u32 {
        lengths
            .iter()
            .filter(|&&length| length > 0)
            .map(|&length| 1 << (15 - length))
            .sum()
    }

    #[test]
    fn lengths_are_limited_and_complete() {
        // Fibonacci counts make the deepest Huffman trees: 30 symbols would need 29 bits.
        let mut fibonacci = vec![1u32, 1];
        while fibonacci.len() < 30 {
            fibonacci.push(fibonacci[fibonacci.len() - 1] + fibonacci[fibonacci.len() - 2]);
        }
        for max_bits in [7, 15] {
            let lengths = code_lengths(&fibonacci, max_bits);
            assert_eq!(lengths.iter().max(), Some(&max_bits), "{lengths:?}");
            assert_eq!(kraft(&lengths), 1 << 15, "{lengths:?}");
        }
        let unlimited = code_lengths(&fibonacci[..10], 15);
        assert_eq!(unlimited, [9, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    }

    #[test]
    fn one_or_no_used_symbol_still_gets_a_complete_code() {
        assert_eq!(code_lengths(&[0, 0, 5, 0], 15), [1, 0, 1, 0]);
        assert_eq!(code_lengths(&[0, 0, 0], 15), [1, 1, 0]);
    }

    #[test]
    fn codes_follow_rfc_1951_example() {
        // §3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4) give 010, 011, 100, 101, 110, 00, 1110,
        // 1111; stored bit-reversed for writing.
        let reversed = codes(&[3, 3, 3, 3, 3, 2, 4, 4]);
        let expected: [u16; 8] = [0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111];
        let lengths = [3, 3, 3, 3, 3, 2, 4, 4];
        for i in 0..8 {
            assert_eq!(reversed[i], expected[i].reverse_bits() >> (16 - lengths[i]));
        }
    }
}
