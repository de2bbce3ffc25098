//! Durations on the command line ("10s", "500ms", "2m"): parsed into virtual microseconds, and
//! written back the same way in the commands that reproduce a run.

/// Parses a duration with a unit suffix: `us`, `ms`, `s` or `m`. Fractions are allowed ("1.5s").
pub fn parse_duration_us(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| format!("'{text}' has no unit: write it like 10s, 500ms or 2m"))?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration: write it like 10s, 500ms or 2m"))?;
    let scale = match unit {
        "us" => 1.0,
        "ms" => 1_000.0,
        "s" => 1_000_000.0,
        "m" | "min" => 60_000_000.0,
        "h" => 3_600_000_000.0,
        _ => {
            return Err(format!(
                "'{text}': unknown unit '{unit}' (use us, ms, s, m or h)"
            ))
        }
    };
    let micros = value * scale;
    if !micros.is_finite() || micros > 1e15 {
        return Err(format!("'{text}' is too long"));
    }
    Ok(micros.round() as u64)
}

/// Writes `us` microseconds in the largest unit that keeps it whole: "120s", "1500ms", "7us".
pub fn format_duration_us(us: u64) -> String {
    match us {
        0 => "0s".to_string(),
        _ if us.is_multiple_of(1_000_000) => format!("{}s", us / 1_000_000),
        _ if us.is_multiple_of(1_000) => format!("{}ms", us / 1_000),
        _ => format!("{us}us"),
    }
}

#[cfg(test)]
mod tests {
    use super::{format_duration_us, parse_duration_us};

    #[test]
    fn writes_the_largest_whole_unit_and_reads_back_the_same() {
        for (us, text) in [
            (120_000_000, "120s"),
            (1_500_000, "1500ms"),
            (7, "7us"),
            (0, "0s"),
        ] {
            assert_eq!(format_duration_us(us), text);
            assert_eq!(parse_duration_us(text), Ok(us));
        }
    }

    #[test]
    fn parses_each_unit() {
        assert_eq!(parse_duration_us("10s"), Ok(10_000_000));
        assert_eq!(parse_duration_us("500ms"), Ok(500_000));
        assert_eq!(parse_duration_us("1.5s"), Ok(1_500_000));
        assert_eq!(parse_duration_us("2m"), Ok(120_000_000));
        assert_eq!(parse_duration_us("7us"), Ok(7));
    }

    #[test]
    fn rejects_missing_or_unknown_units() {
        assert!(parse_duration_us("10").unwrap_err().contains("no unit"));
        assert!(parse_duration_us("10parsecs")
            .unwrap_err()
            .contains("unknown unit"));
        assert!(parse_duration_us("s")
            .unwrap_err()
            .contains("not a duration"));
        assert!(parse_duration_us("1.2.3s")
            .unwrap_err()
            .contains("not a duration"));
    }
}
