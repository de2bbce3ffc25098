//! The order people expect for keys with numbers in them: `k2` before `k10`. Runs of digits
//! compare by their value, everything else byte by byte; keys that tie that way (`k01`, `k1`)
//! fall back to plain text order, so the order is total and agrees with equality.

use std::cmp::Ordering;

/// `a` and `b` in natural order.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let (run_x, next_i) = digit_run(x, i);
            let (run_y, next_j) = digit_run(y, j);
            // Without leading zeros, a longer run is a larger number; equal lengths compare
            // digit by digit.
            let order = run_x.len().cmp(&run_y.len()).then_with(|| run_x.cmp(run_y));
            if order != Ordering::Equal {
                return order;
            }
            (i, j) = (next_i, next_j);
        } else {
            let order = x[i].cmp(&y[j]);
            if order != Ordering::Equal {
                return order;
            }
            (i, j) = (i + 1, j + 1);
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| a.cmp(b))
}

/// The digits starting at `start`, without leading zeros, and the index after the run.
fn digit_run(bytes: &[u8], start: usize) -> (&[u8], usize) {
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let mut first = start;
    while first + 1 < end && bytes[first] == b'0' {
        first += 1;
    }
    (&bytes[first..end], end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_inside_keys_sort_by_value() {
        let mut keys = vec![
            "k10", "k2", "k100", "k1", "a", "k02", "k", "x9y", "x10y", "k2a", "é1",
        ];
        keys.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            keys,
            ["a", "k", "k1", "k02", "k2", "k2a", "k10", "k100", "x9y", "x10y", "é1"]
        );
    }

    #[test]
    fn the_order_is_total_and_agrees_with_equality() {
        let keys = [
            "k1", "k01", "k001", "k1a", "k", "1", "01", "", "a1b2", "a01b2",
        ];
        for a in keys {
            for b in keys {
                let order = natural_cmp(a, b);
                assert_eq!(order == Ordering::Equal, a == b, "{a:?} vs {b:?}");
                assert_eq!(order, natural_cmp(b, a).reverse(), "{a:?} vs {b:?}");
                for c in keys {
                    if order == Ordering::Less && natural_cmp(b, c) == Ordering::Less {
                        assert_eq!(natural_cmp(a, c), Ordering::Less, "{a:?} < {b:?} < {c:?}");
                    }
                }
            }
        }
    }
}
