//! The lab's quick form and its query string, version 1 of the lab's links (`docs/url-format.md`;
//! a whole scenario is version 2, [`crate::query`]): every parameter lives in the URL, so a URL
//! reproduces the exact timeline. [`scenario`] turns the parameters into the scenario they run.
//!
//! | key | parameter | range | default |
//! |---|---|---|---|
//! | `c` | cores | 1–[`Limits::cores`] (16 in the page) | 2 |
//! | `py` | Python version | `PYTHON_VERSIONS`: 2.7, 3.1, 3.2…3.15, 3.13t…3.15t | 3.12 |
//! | `si` | switch interval | [`Limits::switch_interval`] (100us–100ms in the page) | 5ms |
//! | `t` | threads | 0–[`Limits::group`] (16) | 2 |
//! | `p` | processes | 0–[`Limits::group`] (16) | 0 |
//! | `a` | asyncio tasks | 0–[`Limits::task_group`] (64) | 0 |
//! | `i` | subinterpreters | 0–[`Limits::group`] (16) | 0 |
//! | `cpu` | CPU-bound share of each worker's work, % (the rest waits for I/O) | 0–100 | 100 |
//! | `work` | work per worker | 1ms–2s | 100ms |
//! | `io` | length of one I/O wait | 10us–100ms | 1ms |
//! | `native` | share of the CPU work in C code that releases the GIL, % | 0–100 | 0 |
//! | `sm` | process start method | fork, spawn, forkserver | fork |
//! | `seed` | seed of the simulator's random draws | 0–2^64-1 | 1 |
//!
//! [`parse`] never fails: a value out of range is clamped, a garbled one is replaced by its
//! default, an unknown key is ignored, and each gives a [`Notice`] that the page shows.
//! [`to_query`] writes every key, so that a URL stays exact even if the defaults change.

pub mod scenario;

use crate::percent::decode;
use crate::query::pairs;
use crate::{shown, Notice};
use gil_sim::python::{PythonVersion, StartMethod, PYTHON_VERSIONS};
use gil_sim::time::{
    exact_duration, one_two_five, parse_duration, short_duration, Nanos, MICROSECOND, MILLISECOND,
};

/// The work per worker the quick form offers: 1 ms to 2 s.
pub const WORKS: [Nanos; 11] = one_two_five(MILLISECOND);
/// The I/O waits the quick form offers: 10 µs to 100 ms.
pub const IO_WAITS: [Nanos; 13] = one_two_five(10 * MICROSECOND);
/// A link's work and I/O wait are kept within the choices the quick form offers.
pub const WORK_RANGE: (Nanos, Nanos) = ends(&WORKS);
const IO_RANGE: (Nanos, Nanos) = ends(&IO_WAITS);

/// The shortest and the longest of choices listed shortest first.
const fn ends<const N: usize>(choices: &[Nanos; N]) -> (Nanos, Nanos) {
    (choices[0], choices[N - 1])
}

/// The most cores and workers, and the switch intervals, a link may ask for: the page's limits
/// (`gil_lessons::limits`), which its reader is given, so that a link never asks for more than the
/// page runs or a switch interval it does not offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub cores: u32,
    /// Threads, processes or subinterpreters; the compare view's workers of each kind.
    pub group: u32,
    pub task_group: u32,
    /// The shortest and the longest switch interval the page offers.
    pub switch_interval: (Nanos, Nanos),
}

/// Everything the lab's controls set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabParams {
    pub cores: u32,
    pub python: String,
    pub switch_interval: Nanos,
    pub threads: u32,
    pub processes: u32,
    pub tasks: u32,
    pub interpreters: u32,
    /// The CPU-bound share of each worker's work, in percent; the rest is I/O.
    pub cpu_percent: u32,
    /// Each worker's total work (CPU and I/O), in nanoseconds.
    pub work: Nanos,
    /// How long one I/O wait lasts.
    pub io_wait: Nanos,
    /// The share of the CPU work spent in C code that releases the GIL, in percent.
    pub native_percent: u32,
    pub start_method: StartMethod,
    pub seed: u64,
}

impl Default for LabParams {
    fn default() -> LabParams {
        LabParams {
            cores: 2,
            python: "3.12".into(),
            switch_interval: 5 * MILLISECOND,
            threads: 2,
            processes: 0,
            tasks: 0,
            interpreters: 0,
            cpu_percent: 100,
            work: 100 * MILLISECOND,
            io_wait: MILLISECOND,
            native_percent: 0,
            start_method: StartMethod::Fork,
            seed: 1,
        }
    }
}

struct QueryReader {
    notices: Vec<Notice>,
    limits: Limits,
}

impl QueryReader {
    fn note(&mut self, text: String) {
        self.notices.push(Notice(text));
    }

    fn count(
        &mut self,
        key: &str,
        name: &str,
        value: &str,
        min: u32,
        max: u32,
        default: u32,
    ) -> u32 {
        match value.trim().parse::<i64>() {
            Ok(number) if number > max as i64 => {
                self.note(format!("{key}={number} is more than {max} {name}; using {max}"));
                max
            }
            Ok(number) if number < min as i64 => {
                self.note(format!("{key}={number} is less than {min} {name}; using {min}"));
                min
            }
            Ok(number) => number as u32,
            Err(_) => {
                self.note(format!(
                    "{key}={} is not a number of {name}; using the default, {default}",
                    shown(value)
                ));
                default
            }
        }
    }

    fn duration(
        &mut self,
        key: &str,
        name: &str,
        value: &str,
        (min, max): (Nanos, Nanos),
        default: Nanos,
    ) -> Nanos {
        // A bare number is taken as milliseconds.
        let value = value.trim();
        let bare_number =
            !value.is_empty() && value.chars().all(|c| c.is_ascii_digit() || c == '.');
        let parsed =
            if bare_number { parse_duration(&format!("{value}ms")) } else { parse_duration(value) };
        match parsed {
            Ok(nanos) if nanos > max => {
                self.note(format!(
                    "{key}={value} is longer than {}, the longest {name}; using {}",
                    exact_duration(max),
                    exact_duration(max)
                ));
                max
            }
            Ok(nanos) if nanos < min => {
                self.note(format!(
                    "{key}={value} is shorter than {}, the shortest {name}; using {}",
                    exact_duration(min),
                    exact_duration(min)
                ));
                min
            }
            Ok(nanos) => nanos,
            Err(_) => {
                self.note(format!(
                    "{key}={} is not a duration such as 5ms or 250us; using the default {name}, {}",
                    shown(value),
                    exact_duration(default)
                ));
                default
            }
        }
    }
}

/// Which page's query is read: the lab's, or the compare view's (whose `n` workers of each kind
/// replace the lab's four counts, kept in `threads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Lab,
    Compare,
}

/// The compare view's defaults: four CPU-bound workers on four cores.
pub fn compare_defaults() -> LabParams {
    LabParams { cores: 4, threads: 4, ..LabParams::default() }
}

/// Reads the lab's parameters from a query string (`c=2&py=3.12&…`, with or without a leading
/// `?`), starting from the defaults. Never fails; see the module documentation.
pub fn parse(query: &str, limits: &Limits) -> (LabParams, Vec<Notice>) {
    parse_for(query, Page::Lab, limits)
}

/// Reads the compare view's parameters: the lab's keys except the four counts, and `n`, the number
/// of workers of each kind (1–16, default 4), which is kept in `threads`.
pub fn parse_compare(query: &str, limits: &Limits) -> (LabParams, Vec<Notice>) {
    parse_for(query, Page::Compare, limits)
}

fn parse_for(query: &str, page: Page, limits: &Limits) -> (LabParams, Vec<Notice>) {
    let defaults = if page == Page::Compare { compare_defaults() } else { LabParams::default() };
    let mut params = defaults.clone();
    let mut parser = QueryReader { notices: Vec::new(), limits: *limits };
    for (key, value) in pairs(query) {
        let value = decode(value);
        let value = value.as_str();
        if key.is_empty() {
            continue;
        }
        match (page, key.as_str()) {
            (Page::Compare, "n") => {
                params.threads = parser.count("n", "workers of each kind", value, 1, parser.limits.group, defaults.threads)
            }
            (Page::Compare, count @ ("t" | "p" | "a" | "i")) => {
                parser.note(format!("'{count}' is not a compare setting (n sets how many workers of each kind); ignored"))
            }
            (Page::Compare, shared) if SHARED_KEYS.contains(&shared) => parse_shared(&mut parser, &mut params, &defaults, shared, value),
            (Page::Compare, other) => parser.note(format!("'{}' is not a compare setting; ignored", shown(other).trim_matches('\''))),
            (Page::Lab, other) => parse_lab_key(&mut parser, &mut params, &defaults, other, value),
        }
    }
    (params, parser.notices)
}

/// The keys the lab and the compare view share (`embed` is the page's, and is let through).
const SHARED_KEYS: [&str; 10] =
    ["c", "py", "si", "cpu", "native", "work", "io", "sm", "seed", "embed"];

/// A key of the lab's query.
fn parse_lab_key(
    parser: &mut QueryReader,
    params: &mut LabParams,
    defaults: &LabParams,
    key: &str,
    value: &str,
) {
    match key {
        "t" => {
            params.threads =
                parser.count("t", "threads", value, 0, parser.limits.group, defaults.threads)
        }
        "p" => {
            params.processes =
                parser.count("p", "processes", value, 0, parser.limits.group, defaults.processes)
        }
        "a" => {
            params.tasks = parser.count(
                "a",
                "asyncio tasks",
                value,
                0,
                parser.limits.task_group,
                defaults.tasks,
            )
        }
        "i" => {
            params.interpreters = parser.count(
                "i",
                "subinterpreters",
                value,
                0,
                parser.limits.group,
                defaults.interpreters,
            )
        }
        shared if SHARED_KEYS.contains(&shared) => {
            parse_shared(parser, params, defaults, shared, value)
        }
        // The quick form is version 1 of the lab's links (docs/url-format.md).
        "v" => {}
        other => parser
            .note(format!("'{}' is not a lab setting; ignored", shown(other).trim_matches('\''))),
    }
}

/// A key the lab and the compare view share.
fn parse_shared(
    parser: &mut QueryReader,
    params: &mut LabParams,
    defaults: &LabParams,
    key: &str,
    value: &str,
) {
    match key {
        "c" => {
            params.cores = parser.count("c", "cores", value, 1, parser.limits.cores, defaults.cores)
        }
        "cpu" => {
            params.cpu_percent = parser.count("cpu", "percent", value, 0, 100, defaults.cpu_percent)
        }
        "native" => {
            params.native_percent =
                parser.count("native", "percent", value, 0, 100, defaults.native_percent)
        }
        "si" => {
            params.switch_interval = parser.duration(
                "si",
                "switch interval",
                value,
                parser.limits.switch_interval,
                defaults.switch_interval,
            )
        }
        "work" => {
            params.work =
                parser.duration("work", "work per worker", value, WORK_RANGE, defaults.work)
        }
        "io" => {
            params.io_wait = parser.duration("io", "I/O wait", value, IO_RANGE, defaults.io_wait)
        }
        "py" => match PYTHON_VERSIONS.iter().find(|python| **python == value.trim()) {
            Some(python) => params.python = (*python).into(),
            None => parser.note(format!(
                "py={} is not a Python version the lab knows ({}); using {}",
                shown(value),
                PythonVersion::ALLOWED,
                defaults.python
            )),
        },
        "sm" => match StartMethod::parse(value.trim()) {
            Some(method) => params.start_method = method,
            None => parser.note(format!(
                "sm={} is not a start method (fork, spawn or forkserver); using {}",
                shown(value),
                defaults.start_method.name()
            )),
        },
        "seed" => match value.trim().parse::<u64>() {
            Ok(seed) => params.seed = seed,
            Err(_) => parser.note(format!(
                "seed={} is not a whole number from 0; using {}",
                shown(value),
                defaults.seed
            )),
        },
        // Embed mode belongs to the page around the view (the web crate's `embed`), not to its settings.
        _ => {}
    }
}

/// Writes the compare view's parameters (`n` from `threads`), so that [`parse_compare`] gives them back.
pub fn to_compare_query(params: &LabParams) -> String {
    format!(
        "c={}&py={}&si={}&n={}&cpu={}&work={}&io={}&native={}&sm={}&seed={}",
        params.cores,
        params.python,
        short_duration(params.switch_interval),
        params.threads,
        params.cpu_percent,
        short_duration(params.work),
        short_duration(params.io_wait),
        params.native_percent,
        params.start_method.name(),
        params.seed
    )
}

/// Writes every parameter, in a fixed order, so that [`parse`] gives them back exactly.
pub fn to_query(params: &LabParams) -> String {
    format!(
        "c={}&py={}&si={}&t={}&p={}&a={}&i={}&cpu={}&work={}&io={}&native={}&sm={}&seed={}",
        params.cores,
        params.python,
        short_duration(params.switch_interval),
        params.threads,
        params.processes,
        params.tasks,
        params.interpreters,
        params.cpu_percent,
        short_duration(params.work),
        short_duration(params.io_wait),
        params.native_percent,
        params.start_method.name(),
        params.seed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's limits.
    const LIMITS: Limits = Limits {
        cores: 16,
        group: 16,
        task_group: 64,
        switch_interval: (100 * MICROSECOND, 100 * MILLISECOND),
    };

    fn parse(query: &str) -> (LabParams, Vec<Notice>) {
        super::parse(query, &LIMITS)
    }

    fn parse_compare(query: &str) -> (LabParams, Vec<Notice>) {
        super::parse_compare(query, &LIMITS)
    }

    #[test]
    fn every_setting_survives_a_round_trip() {
        let params = LabParams {
            cores: 16,
            python: "3.13t".into(),
            switch_interval: 250 * MICROSECOND,
            threads: 3,
            processes: 4,
            tasks: 64,
            interpreters: 5,
            cpu_percent: 37,
            work: 1500 * MICROSECOND,
            io_wait: 20 * MICROSECOND,
            native_percent: 80,
            start_method: StartMethod::Forkserver,
            seed: u64::MAX,
        };
        let query = to_query(&params);
        assert_eq!(parse(&query), (params.clone(), vec![]), "{query}");
        assert_eq!(parse(&format!("?{query}")).0, params);
        assert_eq!(parse(&to_query(&LabParams::default())), (LabParams::default(), vec![]));
        for python in ["3.15", "3.15t"].into_iter().chain(PYTHON_VERSIONS) {
            assert_eq!(
                parse(&format!("py={python}")),
                (LabParams { python: python.into(), ..LabParams::default() }, vec![])
            );
        }
    }

    #[test]
    fn the_example_query_reads_as_written() {
        let (params, notices) = parse(
            "c=2&py=3.12&si=5ms&t=2&p=0&a=0&i=0&cpu=50&work=200ms&io=1ms&native=0&sm=fork&seed=1",
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(params.cpu_percent, 50);
        assert_eq!(params.work, 200 * MILLISECOND);
        assert_eq!(
            parse("si=0.5").0.switch_interval,
            500 * MICROSECOND,
            "a bare number is milliseconds"
        );
        assert_eq!(parse("").0, LabParams::default());
    }

    #[test]
    fn out_of_range_values_are_clamped_with_a_notice() {
        let (params, notices) = parse("c=99&t=-3&a=100&cpu=150&si=1s&work=1us&io=5s");
        assert_eq!(params.cores, 16);
        assert_eq!(params.threads, 0);
        assert_eq!(params.tasks, 64);
        assert_eq!(params.cpu_percent, 100);
        assert_eq!(params.switch_interval, 100 * MILLISECOND);
        assert_eq!(params.work, MILLISECOND);
        assert_eq!(params.io_wait, 100 * MILLISECOND);
        let texts: Vec<String> = notices.iter().map(|notice| notice.0.clone()).collect();
        assert_eq!(texts[0], "c=99 is more than 16 cores; using 16");
        assert_eq!(texts[1], "t=-3 is less than 0 threads; using 0");
        assert_eq!(notices.len(), 7, "{texts:?}");
        assert!(texts[4].starts_with("si=1s is longer than 100 ms"), "{}", texts[4]);
        assert_eq!(parse("c=0").1, vec![Notice("c=0 is less than 1 cores; using 1".into())]);
    }

    #[test]
    fn garbage_gives_defaults_and_names_each_bad_value() {
        let (params, notices) = parse("c=lots&py=4.0&si=fast&sm=teleport&seed=-1&zzz=1&&=&%ZZ&work=%32%30%30ms&t=%F0%9F%90%8D");
        let defaults = LabParams::default();
        assert_eq!(params, LabParams { work: 200 * MILLISECOND, ..defaults });
        let texts: Vec<String> = notices.iter().map(|notice| notice.0.clone()).collect();
        for expected in [
            "c='lots'",
            "py='4.0'",
            "si='fast'",
            "sm='teleport'",
            "seed='-1'",
            "'zzz' is not a lab setting",
            "t='🐍'",
        ] {
            assert!(
                texts.iter().any(|text| text.contains(expected)),
                "no notice with {expected}: {texts:?}"
            );
        }
        let long = "9".repeat(200);
        let (params, notices) = parse(&format!("seed={long}&c={long}"));
        assert_eq!(params.seed, defaults.seed);
        assert!(notices.iter().all(|notice| notice.0.len() < 120), "{notices:?}");
    }

    #[test]
    fn the_compare_query_has_n_instead_of_the_four_counts() {
        let params =
            LabParams { cores: 8, threads: 16, cpu_percent: 30, seed: 9, ..compare_defaults() };
        let query = to_compare_query(&params);
        assert_eq!(
            query,
            "c=8&py=3.12&si=5ms&n=16&cpu=30&work=100ms&io=1ms&native=0&sm=fork&seed=9"
        );
        assert_eq!(parse_compare(&query), (params, vec![]));
        assert_eq!(parse_compare(""), (compare_defaults(), vec![]));
        let (params, notices) = parse_compare("n=40&t=2&zz=1&embed=1&c=0");
        assert_eq!((params.threads, params.cores), (16, 1));
        let texts: Vec<&str> = notices.iter().map(|notice| notice.0.as_str()).collect();
        assert_eq!(
            texts,
            [
                "n=40 is more than 16 workers of each kind; using 16",
                "'t' is not a compare setting (n sets how many workers of each kind); ignored",
                "'zz' is not a compare setting; ignored",
                "c=0 is less than 1 cores; using 1",
            ]
        );
        assert_eq!(parse_compare("n=0").0.threads, 1);
        assert!(parse("embed=1").1.is_empty(), "embed=1 is not the lab's to complain about");
    }
}
