//! The match finder (RFC 1951 §4): turns the input into literals and back-references to the
//! last 32 KB. Positions are chained by a hash of their first three bytes; the search follows
//! a bounded number of links and takes the longest match, and a match is put off by one byte
//! when the next position has a longer one ("lazy matching"). Deterministic.

use super::{MAX_MATCH, MIN_MATCH, WINDOW};

/// Chain links followed per search: more finds longer matches, slower.
const MAX_CHAIN: usize = 128;
/// A match this long is taken without looking further.
const GOOD_ENOUGH: usize = 128;
/// A 3-byte match further back than this costs more bits than 3 literals.
const FAR_FOR_SHORT_MATCH: usize = 4096;
const HASH_BITS: u32 = 15;
/// Marks "no earlier position" in the chains.
const NONE: usize = usize::MAX;

/// A piece of the input: one byte as it is, or a copy of earlier bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// One byte.
    Literal(u8),
    /// `length` (3..=258) bytes copied from `distance` (1..=32768) bytes back.
    Match { length: u16, distance: u16 },
}

/// Splits `data` into tokens.
pub(super) fn tokens(data: &[u8]) -> Vec<Token> {
    let mut finder = MatchFinder {
        data,
        newest_with_hash: vec![NONE; 1 << HASH_BITS],
        previous_with_hash: vec![NONE; WINDOW.min(data.len())],
        inserted: 0,
    };
    let mut tokens = Vec::new();
    let mut position = 0;
    let mut found_ahead = None;
    while position < data.len() {
        let (length, distance) = found_ahead
            .take()
            .unwrap_or_else(|| finder.longest_match(position));
        if (MIN_MATCH..GOOD_ENOUGH).contains(&length) {
            let next = finder.longest_match(position + 1);
            if next.0 > length {
                tokens.push(Token::Literal(data[position]));
                position += 1;
                found_ahead = Some(next);
                continue;
            }
        }
        if length >= MIN_MATCH {
            tokens.push(Token::Match {
                length: length as u16,
                distance: distance as u16,
            });
            position += length;
        } else {
            tokens.push(Token::Literal(data[position]));
            position += 1;
        }
    }
    tokens
}

/// Hash chains over the input: for each 3-byte hash the newest position, and for each
/// position the previous one with the same hash.
struct MatchFinder<'a> {
    data: &'a [u8],
    newest_with_hash: Vec<usize>,
    /// The link of position `p` is at `p % WINDOW` (a ring, not one entry per input byte):
    /// a search at `position` only follows links of positions at most `WINDOW` back, whose
    /// slots no later position has taken yet (position `p + WINDOW` is inserted only when
    /// the search has moved past it).
    previous_with_hash: Vec<usize>,
    /// Positions before this one are in the chains.
    inserted: usize,
}

impl MatchFinder<'_> {
    fn hash(&self, position: usize) -> usize {
        let bytes = &self.data[position..position + MIN_MATCH];
        let word = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        // Multiplicative hashing, the top bits (u32 so that wasm32 and 64-bit agree).
        (word.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
    }

    /// The longest earlier match for the bytes at `position` within the window, as (length,
    /// distance); length 0 when there is none worth taking.
    fn longest_match(&mut self, position: usize) -> (usize, usize) {
        if position + MIN_MATCH > self.data.len() {
            return (0, 0);
        }
        while self.inserted < position {
            if self.inserted + MIN_MATCH <= self.data.len() {
                let hash = self.hash(self.inserted);
                let slot = self.inserted % WINDOW;
                self.previous_with_hash[slot] = self.newest_with_hash[hash];
                self.newest_with_hash[hash] = self.inserted;
            }
            self.inserted += 1;
        }
        let longest_possible = MAX_MATCH.min(self.data.len() - position);
        let (mut best_length, mut best_distance) = (0, 0);
        let mut candidate = self.newest_with_hash[self.hash(position)];
        for _ in 0..MAX_CHAIN {
            if candidate == NONE || position - candidate > WINDOW {
                break;
            }
            let length = self.data[position..position + longest_possible]
                .iter()
                .zip(&self.data[candidate..])
                .take_while(|(a, b)| a == b)
                .count();
            if length > best_length {
                (best_length, best_distance) = (length, position - candidate);
                if length >= GOOD_ENOUGH.min(longest_possible) {
                    break;
                }
            }
            candidate = self.previous_with_hash[candidate % WINDOW];
        }
        if best_length == MIN_MATCH && best_distance > FAR_FOR_SHORT_MATCH {
            return (0, 0);
        }
        (best_length, best_distance)
    }
}
