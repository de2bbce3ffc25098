//! `BigInt`: the non-negative big integers that reading and writing `f64`s exactly needs —
//! 32-bit limbs, least significant first, and only the operations those two algorithms use.

use std::cmp::Ordering;

/// A non-negative big integer.
#[derive(Clone, Debug)]
pub(crate) struct BigInt(Vec<u32>);

impl BigInt {
    /// `value` as a big integer.
    pub(crate) fn from_u64(value: u64) -> BigInt {
        BigInt(vec![value as u32, (value >> 32) as u32])
    }

    /// The number written by ASCII decimal `digits`.
    pub(crate) fn from_digits(digits: &[u8]) -> BigInt {
        let mut big = BigInt(Vec::with_capacity(digits.len() / 9 + 1));
        for chunk in digits.chunks(9) {
            let value = chunk
                .iter()
                .fold(0u32, |value, &d| value * 10 + u32::from(d - b'0'));
            big.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        big
    }

    /// `self = self × factor + add`.
    pub(crate) fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self = self × 10^n`.
    pub(crate) fn mul_power_of_ten(&mut self, mut n: u32) {
        while n > 0 {
            let step = n.min(9);
            self.mul_add(10u32.pow(step), 0);
            n -= step;
        }
    }

    /// `self = self × 2^bits`.
    pub(crate) fn shift_left(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let shifted = (u64::from(*limb) << bits) | carry;
                *limb = shifted as u32;
                carry = shifted >> 32;
            }
            if carry > 0 {
                self.0.push(carry as u32);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    /// `self + other`.
    pub(crate) fn plus(&self, other: &BigInt) -> BigInt {
        let (long, short) = match self.0.len() >= other.0.len() {
            true => (self, other),
            false => (other, self),
        };
        let mut sum = long.clone();
        let mut carry = 0u64;
        for (at, limb) in sum.0.iter_mut().enumerate() {
            let total = u64::from(*limb) + u64::from(short.0.get(at).copied().unwrap_or(0)) + carry;
            *limb = total as u32;
            carry = total >> 32;
        }
        if carry > 0 {
            sum.0.push(carry as u32);
        }
        sum
    }

    /// `self = self - other`; `other` must not be larger.
    pub(crate) fn subtract(&mut self, other: &BigInt) {
        let mut borrow = 0i64;
        for (at, limb) in self.0.iter_mut().enumerate() {
            let difference =
                i64::from(*limb) - i64::from(other.0.get(at).copied().unwrap_or(0)) - borrow;
            *limb = difference.rem_euclid(1 << 32) as u32;
            borrow = i64::from(difference < 0);
        }
    }

    /// How `self` compares with `other`.
    pub(crate) fn compare(&self, other: &BigInt) -> Ordering {
        let significant = |big: &BigInt| {
            big.0
                .iter()
                .rposition(|&limb| limb != 0)
                .map_or(0, |at| at + 1)
        };
        let (mine, theirs) = (significant(self), significant(other));
        mine.cmp(&theirs).then_with(|| {
            self.0[..mine]
                .iter()
                .rev()
                .cmp(other.0[..theirs].iter().rev())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(big: &BigInt) -> u128 {
        big.0
            .iter()
            .rev()
            .fold(0u128, |value, &limb| (value << 32) | u128::from(limb))
    }

    #[test]
    fn arithmetic_agrees_with_u128() {
        let numbers = [
            0u64,
            1,
            9,
            4_294_967_295,
            4_294_967_296,
            123_456_789_012,
            u64::MAX,
        ];
        for &a in &numbers {
            for &b in &numbers {
                let (big_a, big_b) = (BigInt::from_u64(a), BigInt::from_u64(b));
                assert_eq!(value(&big_a.plus(&big_b)), u128::from(a) + u128::from(b));
                assert_eq!(big_a.compare(&big_b), a.cmp(&b));
                if a >= b {
                    let mut difference = big_a.clone();
                    difference.subtract(&big_b);
                    assert_eq!(value(&difference), u128::from(a - b));
                }
            }
            let mut shifted = BigInt::from_u64(a);
            shifted.shift_left(37);
            assert_eq!(value(&shifted), u128::from(a) << 37);
            let mut scaled = BigInt::from_u64(a);
            scaled.mul_power_of_ten(19);
            assert_eq!(value(&scaled), u128::from(a) * 10u128.pow(19));
        }
        assert_eq!(
            value(&BigInt::from_digits(
                b"340282366920938463463374607431768211455"
            )),
            u128::MAX
        );
    }
}
