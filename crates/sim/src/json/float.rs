//! Decimal text to `f64`, correctly rounded (ties to even), without the standard library's
//! `str::parse::<f64>`, whose 10 KB table of powers of five made up most of the parser's cost
//! in the wasm. Short numbers (up to 15 digits, exponent within ±22) take Clinger's exact fast
//! path; others start from an estimate and move one ulp at a time until exact big-integer
//! comparisons with the midpoints to both neighbours show it is the nearest (Clinger's
//! Algorithm R).

use std::cmp::Ordering;

use crate::big_int::BigInt;

/// Most significant digits kept; any number needs at most 768 to round correctly, and the
/// digits dropped beyond are replaced by one nonzero digit so the value stays strictly inside
/// the same interval.
const MAX_DIGITS: usize = 780;

/// The value of `digits × 10^exponent` (`digits` are ASCII decimal digits), or `None` when it
/// is too large for an `f64`.
pub(crate) fn decimal_to_f64(digits: &[u8], exponent: i64) -> Option<f64> {
    let first = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    let last = digits
        .iter()
        .rposition(|&d| d != b'0')
        .map_or(first, |at| at + 1);
    let mut significant = digits[first..last].to_vec();
    let mut exponent = exponent.saturating_add((digits.len() - last) as i64);
    if significant.is_empty() {
        return Some(0.0);
    }
    if significant.len() > MAX_DIGITS {
        let dropped = significant.len() - (MAX_DIGITS - 1);
        significant.truncate(MAX_DIGITS - 1);
        significant.push(b'1');
        exponent = exponent.saturating_add(dropped as i64 - 1);
    }
    // The value lies in [10^(point - 1), 10^point).
    let point = exponent.saturating_add(significant.len() as i64);
    if point > 310 {
        return None;
    }
    if point < -324 {
        return Some(0.0);
    }
    let exponent = exponent as i32;
    let leading = &significant[..significant.len().min(19)];
    let leading_value = leading
        .iter()
        .fold(0u64, |value, &d| value * 10 + u64::from(d - b'0'));
    let rest = (significant.len() - leading.len()) as i32;
    if rest == 0 && leading_value < 1 << 53 && (-22..=22).contains(&exponent) {
        let scale = exact_power_of_ten(exponent.unsigned_abs());
        return Some(if exponent >= 0 {
            leading_value as f64 * scale
        } else {
            leading_value as f64 / scale
        });
    }
    let mut estimate = scale_by_ten(leading_value as f64, exponent + rest);
    if estimate.is_infinite() {
        estimate = f64::MAX;
    }
    let value = BigDecimal {
        digits: &significant,
        exponent,
    };
    for _ in 0..200 {
        let bits = estimate.to_bits();
        let (mantissa, power) = decompose(bits);
        let odd = mantissa & 1 == 1;
        let above = value.compare(2 * mantissa + 1, power - 1);
        if above == Ordering::Greater || (above == Ordering::Equal && odd) {
            estimate = f64::from_bits(bits + 1);
            if estimate.is_infinite() {
                return None;
            }
            continue;
        }
        if mantissa > 0 {
            // At the bottom of a binade the neighbour below is half as far.
            let below = if bits & ((1 << 52) - 1) == 0 && bits >> 52 > 1 {
                value.compare(4 * mantissa - 1, power - 2)
            } else {
                value.compare(2 * mantissa - 1, power - 1)
            };
            if below == Ordering::Less || (below == Ordering::Equal && odd) {
                estimate = f64::from_bits(bits - 1);
                continue;
            }
        }
        break;
    }
    Some(estimate)
}

/// 10^n for n ≤ 22, exact in an `f64`.
fn exact_power_of_ten(n: u32) -> f64 {
    (0..n).fold(1.0, |power, _| power * 10.0)
}

/// An estimate of `value × 10^exponent`, a few ulps off at most.
fn scale_by_ten(mut value: f64, mut exponent: i32) -> f64 {
    while exponent > 22 {
        value *= 1e22;
        exponent -= 22;
    }
    while exponent < -22 {
        value /= 1e22;
        exponent += 22;
    }
    if exponent >= 0 {
        value * exact_power_of_ten(exponent as u32)
    } else {
        value / exact_power_of_ten(exponent.unsigned_abs())
    }
}

/// A positive finite `f64`'s bits as `mantissa × 2^power`.
pub(crate) fn decompose(bits: u64) -> (u64, i32) {
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    }
}

/// `digits × 10^exponent`, exactly.
struct BigDecimal<'a> {
    digits: &'a [u8],
    exponent: i32,
}

impl BigDecimal<'_> {
    /// How this value compares with `mantissa × 2^power`.
    fn compare(&self, mantissa: u64, power: i32) -> Ordering {
        let mut left = BigInt::from_digits(self.digits);
        let mut right = BigInt::from_u64(mantissa);
        if self.exponent >= 0 {
            left.mul_power_of_ten(self.exponent as u32);
        } else {
            right.mul_power_of_ten(self.exponent.unsigned_abs());
        }
        if power >= 0 {
            right.shift_left(power as u32);
        } else {
            left.shift_left(power.unsigned_abs());
        }
        left.compare(&right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<f64> {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{whole}{fraction}");
        decimal_to_f64(
            digits.as_bytes(),
            exponent.parse::<i64>().unwrap() - fraction.len() as i64,
        )
    }

    #[test]
    fn reads_as_the_standard_library_does() {
        for text in [
            "0", "1", "0.1", "0.25", "1234.5", "7199999.999", "0.30000000000000004",
            "9007199254740993", "1.7976931348623157e308", "1.7976931348623158e308", "5e-324",
            "2e-324", "3e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
            "2.2250738585072014e-308", "1e-400", "123456789012345678901234567890", "1.0671e163",
            "4.9406564584124654e-324", "8.98846567431158e307", "1e23", "1e22", "1e-22",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        ] {
            assert_eq!(read(text), text.parse::<f64>().ok().filter(|x| x.is_finite()), "{text}");
        }
        assert_eq!(read("1.8e308"), None);
        assert_eq!(read(&format!("0.{}1", "0".repeat(2000))), Some(0.0));
        assert_eq!(read(&format!("1{}", "0".repeat(300))), Some(1e300));
        let long = format!("1.{}1", "0".repeat(1000));
        assert_eq!(read(&long), Some(1.0));
    }
}
