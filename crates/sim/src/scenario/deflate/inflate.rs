//! The decompressor (RFC 1951 §3.2.3 to §3.2.7): bounded and strict, for data from outside.
//! Every malformed stream ends in [`InflateError::Malformed`] (bad code lengths,
//! over-subscribed or incomplete codes, symbols 286, 287, 30 and 31, distances before the
//! start, stored lengths that disagree), a stream cut short in [`InflateError::Truncated`] and
//! one with bytes after its final block in [`InflateError::TrailingData`]; the output never
//! grows past the limit.
//! Each symbol read takes at least one bit, so a finite input always ends.

use super::bits::BitReader;
use super::huffman::Decoder;
use super::{
    fixed_code_lengths, InflateError, CODE_LENGTH_ORDER, DISTANCE_BASE, DISTANCE_EXTRA,
    END_OF_BLOCK, LENGTH_BASE, LENGTH_EXTRA,
};

/// Inflates raw DEFLATE `data` (no zlib or gzip header) into at most `limit` bytes. The data
/// must end with the final block's last byte.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut reader = BitReader::new(data);
    let mut out = Output {
        bytes: Vec::new(),
        limit,
    };
    loop {
        // Block header (§3.2.3): BFINAL (1 bit), then BTYPE (2 bits).
        let is_final = reader.bits(1)? == 1;
        match reader.bits(2)? {
            0 => stored_block(&mut reader, &mut out)?,
            1 => {
                let (literal, distance) = fixed_code_lengths();
                huffman_block(&mut reader, &mut out, &literal, &distance)?;
            }
            2 => {
                let (lengths, literal_count) = dynamic_code_lengths(&mut reader)?;
                let (literal, distance) = lengths.split_at(literal_count);
                huffman_block(&mut reader, &mut out, literal, distance)?;
            }
            _ => return Err(InflateError::Malformed),
        }
        if is_final {
            if !reader.at_last_byte() {
                return Err(InflateError::TrailingData);
            }
            return Ok(out.bytes);
        }
    }
}

/// The output so far, which refuses to grow past its limit.
struct Output {
    bytes: Vec<u8>,
    limit: usize,
}

impl Output {
    fn push(&mut self, byte: u8) -> Result<(), InflateError> {
        if self.bytes.len() >= self.limit {
            return Err(InflateError::TooLarge);
        }
        if self.bytes.len() == self.bytes.capacity() {
            // Grow by doubling, but never reserve beyond the limit.
            let more = self
                .bytes
                .len()
                .max(1024)
                .min(self.limit - self.bytes.len());
            self.bytes.reserve_exact(more);
        }
        self.bytes.push(byte);
        Ok(())
    }
}

/// A stored block (§3.2.4): up to the next byte boundary, LEN and NLEN (its one's
/// complement), 16 bits each, then LEN bytes as they are.
fn stored_block(reader: &mut BitReader, out: &mut Output) -> Result<(), InflateError> {
    reader.align_to_byte();
    let length = reader.bits(16)?;
    if reader.bits(16)? != !length & 0xffff {
        return Err(InflateError::Malformed);
    }
    for _ in 0..length {
        out.push(reader.bits(8)? as u8)?;
    }
    Ok(())
}

/// The header of a dynamic block (§3.2.7): HLIT (5 bits, literal/length codes - 257), HDIST
/// (5 bits, distance codes - 1), HCLEN (4 bits, code-length codes - 4); HCLEN + 4 lengths of
/// 3 bits in [`CODE_LENGTH_ORDER`]; then the HLIT + 257 literal/length and HDIST + 1 distance
/// code lengths in that code, as one sequence where 16 repeats the previous length 3-6 times
/// (2 extra bits), 17 gives 3-10 zeros (3 bits) and 18 gives 11-138 zeros (7 bits).
///
/// Returns the lengths, literal/length codes first, and the number of those.
fn dynamic_code_lengths(reader: &mut BitReader) -> Result<(Vec<u8>, usize), InflateError> {
    let literal_count = reader.bits(5)? as usize + 257;
    let distance_count = reader.bits(5)? as usize + 1;
    let code_length_count = reader.bits(4)? as usize + 4;
    if literal_count > 286 || distance_count > 30 {
        return Err(InflateError::Malformed);
    }
    let mut code_length_lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..code_length_count] {
        code_length_lengths[usize::from(symbol)] = reader.bits(3)? as u8;
    }
    let code_length_code = Decoder::new(&code_length_lengths)?;
    let total = literal_count + distance_count;
    let mut lengths = Vec::with_capacity(total);
    while lengths.len() < total {
        let symbol = code_length_code.decode(reader)?;
        let (length, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *lengths.last().ok_or(InflateError::Malformed)?;
                (previous, 3 + reader.bits(2)?)
            }
            17 => (0, 3 + reader.bits(3)?),
            _ => (0, 11 + reader.bits(7)?),
        };
        if lengths.len() + repeat as usize > total {
            return Err(InflateError::Malformed);
        }
        lengths.extend(std::iter::repeat_n(length, repeat as usize));
    }
    Ok((lengths, literal_count))
}

/// A fixed or dynamic Huffman block (§3.2.5): literal/length symbols until 256; a length
/// symbol 257..=285 and its extra bits are followed by a distance symbol and its extra bits.
fn huffman_block(
    reader: &mut BitReader,
    out: &mut Output,
    literal_lengths: &[u8],
    distance_lengths: &[u8],
) -> Result<(), InflateError> {
    let literal_code = Decoder::new(literal_lengths)?;
    let distance_code = Decoder::new(distance_lengths)?;
    loop {
        let symbol = literal_code.decode(reader)?;
        if symbol < END_OF_BLOCK {
            out.push(symbol as u8)?;
            continue;
        }
        if symbol == END_OF_BLOCK {
            return Ok(());
        }
        let index = symbol - END_OF_BLOCK - 1;
        let (Some(&base), Some(&extra)) = (LENGTH_BASE.get(index), LENGTH_EXTRA.get(index)) else {
            return Err(InflateError::Malformed);
        };
        let length = usize::from(base) + reader.bits(u32::from(extra))? as usize;
        let index = distance_code.decode(reader)?;
        let (Some(&base), Some(&extra)) = (DISTANCE_BASE.get(index), DISTANCE_EXTRA.get(index))
        else {
            return Err(InflateError::Malformed);
        };
        let distance = usize::from(base) + reader.bits(u32::from(extra))? as usize;
        if distance > out.bytes.len() {
            return Err(InflateError::Malformed);
        }
        for _ in 0..length {
            out.push(out.bytes[out.bytes.len() - distance])?;
        }
    }
}
