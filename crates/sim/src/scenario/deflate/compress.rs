//! The compressor: the whole input as one final block (§3.2.3), coded with the fixed Huffman
//! codes (§3.2.6) or with codes fitted to it (§3.2.7), whichever is shorter. Short inputs
//! favour the fixed codes, which need no header; longer ones the fitted codes.

use super::bits::BitWriter;
use super::huffman::{code_lengths, codes, MAX_BITS};
use super::lz77::{tokens, Token};
use super::{
    fixed_code_lengths, CODE_LENGTH_ORDER, DISTANCE_BASE, DISTANCE_EXTRA, END_OF_BLOCK,
    LENGTH_BASE, LENGTH_EXTRA,
};

/// Longest code of the code-length alphabet (its lengths are written in 3 bits).
const MAX_CODE_LENGTH_BITS: u8 = 7;

/// Compresses `data` to raw DEFLATE (no zlib or gzip header); the same input always gives
/// the same bytes.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let tokens = tokens(data);

    let (fixed_literal, fixed_distance) = fixed_code_lengths();
    let mut fixed = BitWriter::default();
    fixed.put(0b01 << 1 | 1, 3); // BFINAL = 1, BTYPE = 01
    write_tokens(&mut fixed, &tokens, &fixed_literal, &fixed_distance);

    let (mut literal_counts, mut distance_counts) = (vec![0u32; 286], vec![0u32; 30]);
    literal_counts[END_OF_BLOCK] = 1;
    for &token in &tokens {
        let (literal, distance) = symbols(token);
        literal_counts[literal.0] += 1;
        if let Some(distance) = distance {
            distance_counts[distance.0] += 1;
        }
    }
    let literal_lengths = code_lengths(&literal_counts, MAX_BITS as u8);
    let distance_lengths = code_lengths(&distance_counts, MAX_BITS as u8);
    let mut dynamic = BitWriter::default();
    dynamic.put(0b10 << 1 | 1, 3); // BFINAL = 1, BTYPE = 10
    write_code_lengths(&mut dynamic, &literal_lengths, &distance_lengths);
    write_tokens(&mut dynamic, &tokens, &literal_lengths, &distance_lengths);

    let (fixed, dynamic) = (fixed.finish(), dynamic.finish());
    if dynamic.len() < fixed.len() {
        dynamic
    } else {
        fixed
    }
}

/// A symbol with the value and bit count of its extra bits.
type Symbol = (usize, u32, u32);

/// The literal/length symbol of a token, and for a match its distance symbol (§3.2.5).
fn symbols(token: Token) -> (Symbol, Option<Symbol>) {
    match token {
        Token::Literal(byte) => ((usize::from(byte), 0, 0), None),
        Token::Match { length, distance } => {
            let l = LENGTH_BASE.partition_point(|&base| base <= length) - 1;
            let d = DISTANCE_BASE.partition_point(|&base| base <= distance) - 1;
            (
                (
                    END_OF_BLOCK + 1 + l,
                    u32::from(length - LENGTH_BASE[l]),
                    u32::from(LENGTH_EXTRA[l]),
                ),
                Some((
                    d,
                    u32::from(distance - DISTANCE_BASE[d]),
                    u32::from(DISTANCE_EXTRA[d]),
                )),
            )
        }
    }
}

/// The tokens and the end-of-block symbol, in the codes given by their lengths.
fn write_tokens(
    writer: &mut BitWriter,
    tokens: &[Token],
    literal_lengths: &[u8],
    distance_lengths: &[u8],
) {
    let (literal_codes, distance_codes) = (codes(literal_lengths), codes(distance_lengths));
    let mut write = |(symbol, extra, extra_bits): Symbol, codes: &[u16], lengths: &[u8]| {
        writer.put(u32::from(codes[symbol]), u32::from(lengths[symbol]));
        writer.put(extra, extra_bits);
    };
    for &token in tokens {
        let (literal, distance) = symbols(token);
        write(literal, &literal_codes, literal_lengths);
        if let Some(distance) = distance {
            write(distance, &distance_codes, distance_lengths);
        }
    }
    write((END_OF_BLOCK, 0, 0), &literal_codes, literal_lengths);
}

/// The header of a dynamic block after BTYPE (§3.2.7; the layout is described on
/// `inflate::dynamic_code_lengths`). Trailing unused codes are left out, and runs of
/// lengths become the repeat symbols 16, 17 and 18.
fn write_code_lengths(writer: &mut BitWriter, literal_lengths: &[u8], distance_lengths: &[u8]) {
    let used = |lengths: &[u8], at_least: usize| {
        at_least.max(
            lengths
                .iter()
                .rposition(|&length| length > 0)
                .map_or(0, |last| last + 1),
        )
    };
    let literal_count = used(literal_lengths, 257);
    let distance_count = used(distance_lengths, 1);
    let mut lengths = literal_lengths[..literal_count].to_vec();
    lengths.extend_from_slice(&distance_lengths[..distance_count]);

    // Runs: (symbol, extra bits value, extra bit count).
    let mut runs: Vec<Symbol> = Vec::new();
    let mut at = 0;
    while at < lengths.len() {
        let length = lengths[at];
        let run = lengths[at..].iter().take_while(|&&l| l == length).count();
        let step = if length == 0 && run >= 11 {
            let step = run.min(138);
            runs.push((18, step as u32 - 11, 7));
            step
        } else if length == 0 && run >= 3 {
            runs.push((17, run as u32 - 3, 3));
            run
        } else if at > 0 && lengths[at - 1] == length && run >= 3 {
            let step = run.min(6);
            runs.push((16, step as u32 - 3, 2));
            step
        } else {
            runs.push((usize::from(length), 0, 0));
            1
        };
        at += step;
    }

    let mut counts = [0u32; 19];
    for &(symbol, _, _) in &runs {
        counts[symbol] += 1;
    }
    let code_length_lengths = code_lengths(&counts, MAX_CODE_LENGTH_BITS);
    let mut code_length_lengths_in_order = [0; 19];
    for (i, &symbol) in CODE_LENGTH_ORDER.iter().enumerate() {
        code_length_lengths_in_order[i] = code_length_lengths[usize::from(symbol)];
    }
    let code_length_count = used(&code_length_lengths_in_order, 4);
    writer.put(literal_count as u32 - 257, 5);
    writer.put(distance_count as u32 - 1, 5);
    writer.put(code_length_count as u32 - 4, 4);
    for &length in &code_length_lengths_in_order[..code_length_count] {
        writer.put(u32::from(length), 3);
    }
    let code_length_codes = codes(&code_length_lengths);
    for (symbol, extra, extra_bits) in runs {
        writer.put(
            u32::from(code_length_codes[symbol]),
            u32::from(code_length_lengths[symbol]),
        );
        writer.put(extra, extra_bits);
    }
}
