//! The shortest decimal digits of an `f64` that read back as the same number — what Rust's
//! `{}` and serde_json print — without the standard library's float formatting, which brings
//! Grisu, Dragon and their tables (about 20 KB) into the wasm. [`Decimal`] displays a number
//! as `{}` does; the JSON writer lays out the same digits as serde_json does.
//!
//! Numbers that are whole thousandths (every time in ms the simulator reports) take a fast
//! path; others run Steele and White's free-format algorithm on exact big integers: digits
//! are produced until one of the two candidates at that length lies within the number's
//! rounding interval, and the nearer candidate is taken.

use std::cmp::Ordering;
use std::fmt;

use crate::big_int::BigInt;
use crate::json::float::decompose;

/// The shortest digits of a positive finite number: `0.d₁d₂…dₙ × 10^point`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Digits {
    digits: [u8; 17],
    len: usize,
    /// Where the decimal point goes, counted in digits from the first.
    pub(crate) point: i32,
}

impl Digits {
    /// The digits as ASCII, without trailing zeros.
    pub(crate) fn ascii(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

/// Which of two shortest candidates equally near the number is taken: serde_json (Ryū)
/// takes the one with an even last digit, Rust's `{}` the larger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ties {
    /// The candidate whose last digit is even.
    ToEven,
    /// The larger candidate.
    Up,
}

/// The shortest digits of `number` (positive and finite) that read back as `number`; of two
/// candidates equally near, the one `ties` picks.
pub(crate) fn shortest(number: f64, ties: Ties) -> Digits {
    whole_thousandths(number).unwrap_or_else(|| free_format(number, ties))
}

/// `number` as `{}` prints it, for messages: shortest digits, plain notation, no exponent.
/// Width and precision (`{:8}`, `{:.1}`) are not supported and are ignored.
#[derive(Clone, Copy, Debug)]
pub struct Decimal(pub f64);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.0;
        if number.is_nan() {
            return f.write_str("NaN");
        }
        if number.is_sign_negative() {
            f.write_str("-")?;
        }
        if number.is_infinite() {
            return f.write_str("inf");
        }
        if number == 0.0 {
            return f.write_str("0");
        }
        let shortest = shortest(number.abs(), Ties::Up);
        let digits = std::str::from_utf8(shortest.ascii()).map_err(|_| fmt::Error)?;
        let point = shortest.point;
        if point <= 0 {
            f.write_str("0.")?;
            zeros(f, point.unsigned_abs() as usize)?;
            f.write_str(digits)
        } else if point as usize >= digits.len() {
            f.write_str(digits)?;
            zeros(f, point as usize - digits.len())
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            f.write_str(whole)?;
            f.write_str(".")?;
            f.write_str(fraction)
        }
    }
}

fn zeros(f: &mut fmt::Formatter<'_>, count: usize) -> fmt::Result {
    (0..count).try_for_each(|_| f.write_str("0"))
}

/// The fast path: `number` is `n / 1000` rounded, for a whole `n` below 10^15. Any two
/// decimals of at most 15 significant digits read as different `f64`s, so those of `n / 1000`
/// are then the shortest.
fn whole_thousandths(number: f64) -> Option<Digits> {
    let thousandths = (number * 1000.0).round();
    if !(1.0..1e15).contains(&thousandths) || thousandths / 1000.0 != number {
        return None;
    }
    let mut whole = thousandths as u64;
    let mut digits = [b'0'; 17];
    let mut len = 0;
    while whole > 0 {
        digits[len] = b'0' + (whole % 10) as u8;
        whole /= 10;
        len += 1;
    }
    digits[..len].reverse();
    let point = len as i32 - 3;
    while digits[len - 1] == b'0' {
        len -= 1;
    }
    Some(Digits { digits, len, point })
}

/// Steele and White's free-format shortest digits, on exact big integers.
fn free_format(number: f64, ties: Ties) -> Digits {
    let bits = number.to_bits();
    let (mantissa, power) = decompose(bits);
    // Parsing rounds ties to even: an even mantissa owns the ends of its interval.
    let ends_included = mantissa % 2 == 0;
    // At the bottom of a binade the neighbour below is half as far as the one above.
    let binade_bottom = bits & ((1 << 52) - 1) == 0 && bits >> 52 > 1;
    // number = scaled / scale; its neighbours' midpoints are `gap_above` and `gap_below`
    // (over `scale`) away.
    let mut scaled = BigInt::from_u64(mantissa);
    let mut scale = BigInt::from_u64(1);
    let mut gap_above = BigInt::from_u64(1);
    let mut gap_below = BigInt::from_u64(1);
    let extra = if binade_bottom { 2 } else { 1 };
    scaled.shift_left(extra);
    if binade_bottom {
        gap_above.shift_left(1);
    }
    if power >= 0 {
        for big in [&mut scaled, &mut gap_above, &mut gap_below] {
            big.shift_left(power as u32);
        }
    } else {
        scale.shift_left(power.unsigned_abs());
    }
    scale.shift_left(extra);

    // The estimate of the decimal exponent is off by at most one either way; fix it so the
    // top of the interval lies in [10^(point-1), 10^point).
    let binary_exponent = power + 63 - mantissa.leading_zeros() as i32;
    let mut point = ((i64::from(binary_exponent) * 78_913) >> 18) as i32 + 1;
    if point >= 0 {
        scale.mul_power_of_ten(point as u32);
    } else {
        for big in [&mut scaled, &mut gap_above, &mut gap_below] {
            big.mul_power_of_ten(point.unsigned_abs());
        }
    }
    loop {
        let top = scaled.plus(&gap_above);
        if beyond(top.compare(&scale), ends_included) {
            scale.mul_add(10, 0);
            point += 1;
            continue;
        }
        let mut top_times_ten = top;
        top_times_ten.mul_add(10, 0);
        if !beyond(top_times_ten.compare(&scale), ends_included) {
            for big in [&mut scaled, &mut gap_above, &mut gap_below] {
                big.mul_add(10, 0);
            }
            point -= 1;
            continue;
        }
        break;
    }

    let mut digits = [b'0'; 17];
    let mut len = 0;
    loop {
        for big in [&mut scaled, &mut gap_above, &mut gap_below] {
            big.mul_add(10, 0);
        }
        let mut digit = 0u8;
        while scaled.compare(&scale) != Ordering::Less {
            scaled.subtract(&scale);
            digit += 1;
        }
        let low_fits = within(scaled.compare(&gap_below), ends_included);
        let high_fits = beyond(scaled.plus(&gap_above).compare(&scale), ends_included);
        if !low_fits && !high_fits && len + 1 < digits.len() {
            digits[len] = b'0' + digit;
            len += 1;
            continue;
        }
        let round_up = match (low_fits, high_fits) {
            (true, false) => false,
            (false, true) => true,
            _ => {
                let mut twice = scaled.clone();
                twice.mul_add(2, 0);
                match twice.compare(&scale) {
                    Ordering::Less => false,
                    Ordering::Greater => true,
                    Ordering::Equal => ties == Ties::Up || digit % 2 == 1,
                }
            }
        };
        digits[len] = b'0' + digit;
        len += 1;
        if round_up {
            round_last_digit_up(&mut digits, &mut len, &mut point);
        }
        break;
    }
    while len > 1 && digits[len - 1] == b'0' {
        len -= 1;
    }
    Digits { digits, len, point }
}

/// Whether a value that compares to a bound as `ordering` lies at or beyond it (on the bound
/// counts when the interval's ends are included).
fn beyond(ordering: Ordering, ends_included: bool) -> bool {
    ordering == Ordering::Greater || (ordering == Ordering::Equal && ends_included)
}

/// Whether a remainder that compares to the gap as `ordering` is within it.
fn within(ordering: Ordering, ends_included: bool) -> bool {
    ordering == Ordering::Less || (ordering == Ordering::Equal && ends_included)
}

/// Adds one to the last digit, carrying; a carry out of the first digit moves the point.
fn round_last_digit_up(digits: &mut [u8; 17], len: &mut usize, point: &mut i32) {
    let mut at = *len;
    while at > 0 {
        at -= 1;
        if digits[at] == b'9' {
            digits[at] = b'0';
        } else {
            digits[at] += 1;
            return;
        }
    }
    digits[0] = b'1';
    *len = 1;
    *point += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(number: f64) -> String {
        Decimal(number).to_string()
    }

    #[test]
    fn prints_as_the_standard_library_does() {
        let numbers = [
            0.0,
            -0.0,
            1.0,
            0.1,
            0.25,
            12.345,
            1e-7,
            1e21,
            1e23,
            123456.789,
            5e-324,
            2.2250738585072014e-308,
            f64::from_bits(0x000f_ffff_ffff_ffff), // the largest subnormal
            f64::MAX,
            f64::MIN_POSITIVE,
            9007199254740993.0,
            0.30000000000000004,
            1.5e16,
            1e15,
            999999999999999.9,
            0.001,
            0.0005,
            1e-5,
            4.35,
            2f64.powi(-1074 + 52),
            2f64.powi(60),
            2f64.powi(-60),
            0.3,
            2.0 / 3.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -7.5,
            // Exactly between two shortest candidates (…862.2 and …862.3): `{}` takes the larger.
            f64::from_bits(0x4312_9879_088f_f039),
        ];
        for number in numbers {
            assert_eq!(text(number), format!("{number}"), "{number:e}");
        }
    }
}
