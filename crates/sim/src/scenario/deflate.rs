//! Raw DEFLATE (RFC 1951), small enough for the page: the compressor behind share links and
//! the bounded decompressor that opens them (including links made with `miniz_oxide`, which
//! earlier versions used).
//!
//! A DEFLATE stream is a sequence of blocks (§3.2.3), each stored, fixed-Huffman or
//! dynamic-Huffman. Blocks carry literals and back-references ("copy `length` bytes from
//! `distance` bytes back", §3.2.5), coded with canonical Huffman codes (§3.2.2) and written
//! least significant bit first (§3.1.1).
//!
//! ```
//! use raft_sim::scenario::deflate::{compress, inflate, InflateError};
//!
//! let text = b"abcabcabcabcabcabc, and again abcabcabc";
//! let packed = compress(text);
//! assert!(packed.len() < text.len());
//! assert_eq!(inflate(&packed, text.len()).unwrap(), text);
//! assert_eq!(inflate(&packed, text.len() - 1), Err(InflateError::TooLarge));
//! assert_eq!(inflate(&[0xff], 100), Err(InflateError::Malformed));
//! ```

mod bits;
mod compress;
mod huffman;
mod inflate;
mod lz77;

use std::fmt;

pub use compress::compress;
pub use inflate::inflate;

/// Why [`inflate`] gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The data would inflate to more bytes than the limit.
    TooLarge,
    /// The data is not a valid raw DEFLATE stream.
    Malformed,
    /// The data ends before its final block does (cut short).
    Truncated,
    /// More bytes follow the final block.
    TrailingData,
}

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InflateError::TooLarge => "the data inflates beyond the limit",
            InflateError::Malformed => "the data is not valid DEFLATE",
            InflateError::Truncated => "the data ends before its final block",
            InflateError::TrailingData => "bytes follow the final block",
        })
    }
}

/// Shortest and longest back-reference (§3.2.5).
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
/// How far back a back-reference may reach (§2).
const WINDOW: usize = 32 * 1024;
/// The literal/length symbol that ends a block (§3.2.5).
const END_OF_BLOCK: usize = 256;

/// Order in which a dynamic block gives the code lengths of the code-length alphabet
/// (§3.2.7).
const CODE_LENGTH_ORDER: [u8; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Smallest length of each length symbol 257..=285 (§3.2.5); the extra bits add to it.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
/// Number of extra bits after each length symbol 257..=285.
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Smallest distance of each distance symbol 0..=29 (§3.2.5).
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
/// Number of extra bits after each distance symbol 0..=29.
const DISTANCE_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Code lengths of the fixed Huffman codes (§3.2.6): 288 literal/length symbols, then 32
/// distance symbols of 5 bits. Symbols 286, 287, 30 and 31 complete the codes but never occur
/// in valid data.
fn fixed_code_lengths() -> ([u8; 288], [u8; 32]) {
    let mut literal = [8; 288];
    literal[144..256].fill(9);
    literal[256..280].fill(7);
    (literal, [5; 32])
}
