//! Conditions on a simulation's metrics, as lesson authors write them: `speedup < 1.1`,
//! `io_p99 > 4ms`, `cpu_utilization >= 90% and wall_time < 150ms`.

use std::fmt;

use gil_sim::time::{parse_duration, reading_unit, trimmed, Nanos};

/// A metric a condition can name. Durations are compared in nanoseconds, shares in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    WallTime,
    Speedup,
    CpuUtilization,
    GilHandoffs,
    ForcedSwitches,
    FutileWakeups,
    IoMean,
    IoP50,
    IoP99,
    IoMax,
    LostUpdates,
    /// Threads left waiting forever on a lock, a queue or an event: 0 when the run did not deadlock.
    DeadlockedThreads,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Duration,
    Ratio,
    Percent,
    Count,
}

impl Metric {
    pub const ALL: [Metric; 12] = [
        Metric::WallTime,
        Metric::Speedup,
        Metric::CpuUtilization,
        Metric::GilHandoffs,
        Metric::ForcedSwitches,
        Metric::FutileWakeups,
        Metric::IoMean,
        Metric::IoP50,
        Metric::IoP99,
        Metric::IoMax,
        Metric::LostUpdates,
        Metric::DeadlockedThreads,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::WallTime => "wall_time",
            Metric::Speedup => "speedup",
            Metric::CpuUtilization => "cpu_utilization",
            Metric::GilHandoffs => "gil_handoffs",
            Metric::ForcedSwitches => "forced_switches",
            Metric::FutileWakeups => "futile_wakeups",
            Metric::IoMean => "io_mean",
            Metric::IoP50 => "io_p50",
            Metric::IoP99 => "io_p99",
            Metric::IoMax => "io_max",
            Metric::LostUpdates => "lost_updates",
            Metric::DeadlockedThreads => "deadlocked_threads",
        }
    }

    /// How the metric reads in a sentence: "the speedup", "the I/O resume latency (p99)".
    pub fn label(self) -> &'static str {
        match self {
            Metric::WallTime => "the wall time",
            Metric::Speedup => "the speedup",
            Metric::CpuUtilization => "the CPU utilization",
            Metric::GilHandoffs => "the GIL hand-offs",
            Metric::ForcedSwitches => "the forced switches",
            Metric::FutileWakeups => "the futile wake-ups",
            Metric::IoMean => "the mean I/O resume latency",
            Metric::IoP50 => "the median I/O resume latency",
            Metric::IoP99 => "the I/O resume latency (p99)",
            Metric::IoMax => "the longest I/O resume latency",
            Metric::LostUpdates => "the lost updates",
            Metric::DeadlockedThreads => "the deadlocked threads",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::WallTime | Metric::IoMean | Metric::IoP50 | Metric::IoP99 | Metric::IoMax => {
                Unit::Duration
            }
            Metric::Speedup => Unit::Ratio,
            Metric::CpuUtilization => Unit::Percent,
            Metric::GilHandoffs
            | Metric::ForcedSwitches
            | Metric::FutileWakeups
            | Metric::LostUpdates
            | Metric::DeadlockedThreads => Unit::Count,
        }
    }

    pub fn parse(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|metric| metric.name() == name)
    }

    /// The metric of that name, or a sentence naming every metric there is.
    pub fn parse_named(name: &str) -> Result<Metric, String> {
        Metric::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Metric::ALL.iter().map(|metric| metric.name()).collect();
            format!("'{name}' is not a metric; allowed: {}", known.join(", "))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    const ALL: [Comparison; 4] = [
        Comparison::LessOrEqual,
        Comparison::GreaterOrEqual,
        Comparison::Less,
        Comparison::Greater,
    ];

    pub fn parse(symbol: &str) -> Option<Comparison> {
        Comparison::ALL.into_iter().find(|comparison| comparison.symbol() == symbol)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
        }
    }

    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Less => left < right,
            Comparison::LessOrEqual => left <= right,
            Comparison::Greater => left > right,
            Comparison::GreaterOrEqual => left >= right,
        }
    }
}

/// `metric comparison value`, the value in the metric's unit (nanoseconds for durations).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clause {
    pub metric: Metric,
    pub comparison: Comparison,
    pub value: f64,
}

/// Clauses joined by `and`: the condition holds when every clause does.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub clauses: Vec<Clause>,
}

const ALLOWED_FORM: &str = "a condition such as 'speedup < 1.1', 'io_p99 > 4ms' or 'cpu_utilization >= 90% and wall_time < 150ms'";

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let clauses = text.split(" and ").map(parse_clause).collect::<Result<Vec<_>, _>>()?;
        Ok(Condition { clauses })
    }
}

fn parse_clause(text: &str) -> Result<Clause, String> {
    let text = text.trim();
    let (at, comparison) = Comparison::ALL
        .into_iter()
        .filter_map(|comparison| text.find(comparison.symbol()).map(|at| (at, comparison)))
        .min_by_key(|(at, comparison)| (*at, std::cmp::Reverse(comparison.symbol().len())))
        .ok_or_else(|| {
            format!("'{text}' has no comparison (<, <=, > or >=); write {ALLOWED_FORM}")
        })?;
    let name = text[..at].trim();
    let value = text[at + comparison.symbol().len()..].trim();
    let metric = Metric::parse_named(name)?;
    let value = parse_value(metric, value)?;
    Ok(Clause { metric, comparison, value })
}

fn parse_value(metric: Metric, text: &str) -> Result<f64, String> {
    let number = |text: &str, expected: &str| {
        text.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| format!("'{text}' is not {expected} for {}", metric.name()))
    };
    match metric.unit() {
        Unit::Duration => parse_duration(text)
            .map(|nanos| nanos as f64)
            .map_err(|problem| format!("{}: {problem}", metric.name())),
        Unit::Percent => match text.strip_suffix('%') {
            Some(percent) => number(percent.trim(), "a percentage such as 90%"),
            None => Err(format!("'{text}' is not a percentage such as 90% for {}", metric.name())),
        },
        Unit::Ratio => number(text, "a number such as 1.5"),
        Unit::Count => number(text, "a whole number such as 10"),
    }
}

/// A value of a metric as people read it: `4.2 ms`, `1.8×`, `93%`, `12`.
pub fn show_value(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Duration => show_duration(value),
        Unit::Ratio => format!("{}×", trimmed(value, 2)),
        Unit::Percent => format!("{}%", trimmed(value, 1)),
        Unit::Count => trimmed(value, 0),
    }
}

fn show_duration(nanos: f64) -> String {
    let (scale, unit) = reading_unit(nanos as Nanos);
    format!("{} {unit}", trimmed(nanos / scale as f64, 2))
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbol = match self.comparison {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "≤",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => "≥",
        };
        write!(f, "{} {symbol} {}", self.metric.label(), show_value(self.metric.unit(), self.value))
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, clause) in self.clauses.iter().enumerate() {
            if index > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{clause}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_written() {
        let condition =
            Condition::parse("cpu_utilization >= 90% and io_p99 < 4.5ms").expect("valid");
        assert_eq!(
            condition.clauses,
            vec![
                Clause {
                    metric: Metric::CpuUtilization,
                    comparison: Comparison::GreaterOrEqual,
                    value: 90.0
                },
                Clause { metric: Metric::IoP99, comparison: Comparison::Less, value: 4_500_000.0 },
            ]
        );
        assert_eq!(
            condition.to_string(),
            "the CPU utilization ≥ 90% and the I/O resume latency (p99) < 4.5 ms"
        );
        assert_eq!(
            Condition::parse("speedup>1.8").expect("valid").to_string(),
            "the speedup > 1.8×"
        );
        assert_eq!(
            Condition::parse("lost_updates >= 1000").expect("valid").to_string(),
            "the lost updates ≥ 1000"
        );
    }

    #[test]
    fn bad_conditions_say_what_is_allowed() {
        let problem = |text: &str| Condition::parse(text).expect_err(text);
        assert!(problem("speedup is big").contains("no comparison"));
        assert!(problem("throughput > 3").contains("allowed: wall_time, speedup"));
        assert!(problem("io_p99 > 4").contains("a duration such as 5ms"));
        assert!(problem("cpu_utilization > 0.9").contains("a percentage such as 90%"));
        assert!(problem("speedup > fast").contains("a number such as 1.5"));
    }
}
