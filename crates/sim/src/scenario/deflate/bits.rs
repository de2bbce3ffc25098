//! Bit order of DEFLATE (RFC 1951 §3.1.1): bytes are filled from their least significant bit;
//! a value of n bits is written least significant bit first, except Huffman codes, which are
//! written most significant bit first (the writer takes them already bit-reversed).

use super::InflateError;

/// Reads bits from a byte slice; reading past its end is an error.
pub(super) struct BitReader<'a> {
    data: &'a [u8],
    /// Position of the next bit: byte `bit / 8`, bit `bit % 8` counted from the least
    /// significant.
    bit: usize,
}

impl<'a> BitReader<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        BitReader { data, bit: 0 }
    }

    /// The next `count` bits (at most 16) as a number, first bit least significant.
    pub(super) fn bits(&mut self, count: u32) -> Result<u32, InflateError> {
        let mut value = 0;
        for i in 0..count {
            let byte = self.data.get(self.bit / 8).ok_or(InflateError::Truncated)?;
            value |= u32::from(byte >> (self.bit % 8) & 1) << i;
            self.bit += 1;
        }
        Ok(value)
    }

    /// True when no whole byte is left unread (only the bits of the current byte, if any).
    pub(super) fn at_last_byte(&self) -> bool {
        self.bit.div_ceil(8) >= self.data.len()
    }

    /// Skips to the next byte boundary (before a stored block's length, §3.2.4).
    pub(super) fn align_to_byte(&mut self) {
        self.bit = self.bit.div_ceil(8) * 8;
    }
}

/// Collects bits into bytes.
#[derive(Default)]
pub(super) struct BitWriter {
    bytes: Vec<u8>,
    /// Bits not yet in `bytes`, the oldest least significant.
    pending: u32,
    pending_count: u32,
}

impl BitWriter {
    /// Appends the low `count` bits (at most 24) of `value`, least significant first.
    pub(super) fn put(&mut self, value: u32, count: u32) {
        self.pending |= value << self.pending_count;
        self.pending_count += count;
        while self.pending_count >= 8 {
            self.bytes.push(self.pending as u8);
            self.pending >>= 8;
            self.pending_count -= 8;
        }
    }

    /// The bytes, the last one padded with zero bits.
    pub(super) fn finish(mut self) -> Vec<u8> {
        if self.pending_count > 0 {
            self.bytes.push(self.pending as u8);
        }
        self.bytes
    }
}
