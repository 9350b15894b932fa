//! Simulated time: integer nanoseconds, and the human spellings of durations and sizes.

/// A point or span of simulated time, in nanoseconds.
pub type Nanos = u64;

pub const MICROSECOND: Nanos = 1_000;
pub const MILLISECOND: Nanos = 1_000_000;
pub const SECOND: Nanos = 1_000_000_000;

/// A unit of a quantity: how the simulator's formats spell it, how the page shows it to people,
/// and how many of the smallest unit it holds.
struct Unit {
    spelled: &'static str,
    shown: &'static str,
    scale: u64,
}

const fn unit(spelled: &'static str, shown: &'static str, scale: u64) -> Unit {
    Unit { spelled, shown, scale }
}

/// The one table of units of time, smallest first: scenarios spell a microsecond `us`, people read `µs`.
const DURATION_UNITS: [Unit; 4] = [
    unit("ns", "ns", 1),
    unit("us", "µs", MICROSECOND),
    unit("ms", "ms", MILLISECOND),
    unit("s", "s", SECOND),
];
const SIZE_UNITS: [Unit; 7] = [
    unit("B", "B", 1),
    unit("KB", "KB", 1_000),
    unit("MB", "MB", 1_000_000),
    unit("GB", "GB", 1_000_000_000),
    unit("KiB", "KiB", 1 << 10),
    unit("MiB", "MiB", 1 << 20),
    unit("GiB", "GiB", 1 << 30),
];

/// Parses `5ms`, `1.5s`, `250us`, `40ns` into nanoseconds, exactly (no floating point).
pub fn parse_duration(text: &str) -> Result<Nanos, String> {
    parse_quantity(
        text,
        &DURATION_UNITS,
        "a duration such as 5ms, 250us or 1.5s (units: ns, us, ms, s)",
    )
}

/// Parses `1MB`, `64KiB`, `100B` into bytes (KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    parse_quantity(
        text,
        &SIZE_UNITS,
        "a size such as 100B, 64KB or 1MB (units: B, KB, MB, GB, KiB, MiB, GiB)",
    )
}

fn parse_quantity(text: &str, units: &[Unit], expected: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let complaint = || format!("'{text}' is not {expected}");
    let scale = units
        .iter()
        .find(|known| known.spelled == unit)
        .map(|known| known.scale)
        .ok_or_else(complaint)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(complaint());
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| complaint())? };
    let mut value = whole.checked_mul(scale).ok_or_else(|| format!("'{text}' is too large"))?;
    let mut place = scale;
    for digit in fraction.chars() {
        let digit = digit.to_digit(10).ok_or_else(complaint)? as u64;
        if place % 10 != 0 {
            return Err(format!("'{text}' is more precise than one {}", units[0].spelled));
        }
        place /= 10;
        value = value.checked_add(digit * place).ok_or_else(|| format!("'{text}' is too large"))?;
    }
    Ok(value)
}

/// `value` with `places` decimals (at most 9), rounded half away from zero. Written with integers
/// because Rust's floating-point formatting weighs several kilobytes in the web app.
pub fn fixed(value: f64, places: usize) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN".into()
        } else if value > 0.0 {
            "∞".into()
        } else {
            "-∞".into()
        };
    }
    let places = places.min(9);
    let scale = 10_u64.pow(places as u32);
    // `as` saturates, which is more than the page ever shows.
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    let whole = scaled / scale;
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{:0places$}", scaled % scale)
    }
}

/// The largest unit that measures `nanos` exactly (milliseconds for zero).
fn exact_unit(nanos: Nanos) -> &'static Unit {
    if nanos == 0 {
        return &DURATION_UNITS[2];
    }
    DURATION_UNITS
        .iter()
        .rev()
        .find(|unit| nanos.is_multiple_of(unit.scale))
        .unwrap_or(&DURATION_UNITS[0])
}

/// A duration in the shortest exact spelling the simulator reads: `5ms`, `250us`, `1500ns`, `2s`.
pub fn short_duration(nanos: Nanos) -> String {
    let unit = exact_unit(nanos);
    format!("{}{}", nanos / unit.scale, unit.spelled)
}

/// A duration for people, exactly: `5 ms`, `250 µs`, `1500 ns`, `2 s`.
pub fn exact_duration(nanos: Nanos) -> String {
    let unit = exact_unit(nanos);
    format!("{} {}", nanos / unit.scale, unit.shown)
}

/// The unit people read a duration in, the largest not longer than it, as its length and its
/// symbol: `(MILLISECOND, "ms")` for 4.2 ms, `(MICROSECOND, "µs")` for 20 µs.
pub fn reading_unit(nanos: Nanos) -> (Nanos, &'static str) {
    let unit =
        DURATION_UNITS.iter().rev().find(|unit| nanos >= unit.scale).unwrap_or(&DURATION_UNITS[0]);
    (unit.scale, unit.shown)
}

/// `N` durations from `shortest` (a power of ten of nanoseconds) in steps of 1, 2 and 5: the one
/// ladder of durations whose stretches the page's duration controls offer.
pub const fn one_two_five<const N: usize>(shortest: Nanos) -> [Nanos; N] {
    let mut ladder = [0; N];
    let mut decade = shortest;
    let mut index = 0;
    while index < N {
        ladder[index] = decade * [1, 2, 5][index % 3];
        if index % 3 == 2 {
            decade *= 10;
        }
        index += 1;
    }
    ladder
}

/// [`fixed`], without trailing zeros: at most `places` decimals.
pub fn trimmed(value: f64, places: usize) -> String {
    let text = fixed(value, places);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Formats a duration for people: `5.00 ms`, `20.0 µs`, `1.50 s`, with three significant digits.
pub fn format_duration(nanos: Nanos) -> String {
    let (scale, unit) = reading_unit(nanos);
    if scale == 1 {
        return format!("{nanos} ns");
    }
    let value = nanos as f64 / scale as f64;
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{} {unit}", fixed(value, decimals))
}

/// Formats a byte count for people: `1.00 MB`, `512 B`.
pub fn format_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{} GB", fixed(b as f64 / 1e9, 2)),
        b if b >= 1_000_000 => format!("{} MB", fixed(b as f64 / 1e6, 2)),
        b if b >= 1_000 => format!("{} KB", fixed(b as f64 / 1e3, 2)),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_short_and_exact_for_scenarios_and_for_people() {
        let cases = [
            (5 * MILLISECOND, "5ms", "5 ms"),
            (2 * SECOND, "2s", "2 s"),
            (250 * MICROSECOND, "250us", "250 µs"),
            (1_500, "1500ns", "1500 ns"),
            (0, "0ms", "0 ms"),
        ];
        for (nanos, spelled, shown) in cases {
            assert_eq!(short_duration(nanos), spelled);
            assert_eq!(exact_duration(nanos), shown);
        }
    }

    #[test]
    fn people_read_a_duration_in_the_largest_unit_not_longer_than_it() {
        assert_eq!(reading_unit(4_200 * MICROSECOND), (MILLISECOND, "ms"));
        assert_eq!(reading_unit(20 * MICROSECOND), (MICROSECOND, "µs"));
        assert_eq!(reading_unit(0), (1, "ns"));
    }

    #[test]
    fn the_ladder_steps_by_one_two_and_five_across_decades() {
        assert_eq!(
            one_two_five(100 * MICROSECOND),
            [100 * MICROSECOND, 200 * MICROSECOND, 500 * MICROSECOND, MILLISECOND, 2 * MILLISECOND]
        );
    }

    #[test]
    fn fixed_rounds_like_people_do() {
        assert_eq!(fixed(1.25, 1), "1.3");
        assert_eq!(fixed(2.0, 2), "2.00");
        assert_eq!(fixed(0.04, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-12.345, 1), "-12.3");
        assert_eq!(fixed(99.5, 0), "100");
        assert_eq!(fixed(1234.5678, 3), "1234.568");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(trimmed(0.25, 2), "0.25");
        assert_eq!(trimmed(2.0, 2), "2");
        assert_eq!(trimmed(1.50, 2), "1.5");
    }

    #[test]
    fn durations_parse_exactly() {
        assert_eq!(parse_duration("5ms"), Ok(5 * MILLISECOND));
        assert_eq!(parse_duration("1.5s"), Ok(1_500 * MILLISECOND));
        assert_eq!(parse_duration("0.1ms"), Ok(100 * MICROSECOND));
        assert_eq!(parse_duration(".5us"), Ok(500));
        assert_eq!(parse_duration("40ns"), Ok(40));
    }

    #[test]
    fn bad_durations_say_what_is_allowed() {
        for bad in ["5", "ms", "5 min", "1.5ns", "-3ms", "1..2ms", "99999999999999999999s"] {
            let message = parse_duration(bad).unwrap_err();
            assert!(message.contains(bad.trim()), "{message}");
        }
        assert!(parse_duration("5min").unwrap_err().contains("units: ns, us, ms, s"));
    }

    #[test]
    fn sizes_parse_in_both_bases() {
        assert_eq!(parse_size("1MB"), Ok(1_000_000));
        assert_eq!(parse_size("64KiB"), Ok(65_536));
        assert_eq!(parse_size("2.5KB"), Ok(2_500));
        assert!(parse_size("3 parsecs").is_err());
    }

    #[test]
    fn durations_format_with_three_significant_digits() {
        assert_eq!(format_duration(5 * MILLISECOND), "5.00 ms");
        assert_eq!(format_duration(20 * MICROSECOND), "20.0 µs");
        assert_eq!(format_duration(1_234 * MILLISECOND), "1.23 s");
        assert_eq!(format_duration(999), "999 ns");
        assert_eq!(format_duration(250 * MILLISECOND), "250 ms");
    }
}
