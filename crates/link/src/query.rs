//! A whole scenario as the query of a lab link, version 2 of the lab's links (`docs/url-format.md`):
//!
//! ```text
//! v=2&title=The+convoy+effect&py=3.12&c=2&si=5ms&seed=0&wake=random
//!    &w=thread,name=hog:cpu+2s
//!    &w=thread,name=io:repeat+100+%7B+io+1ms;+cpu+20us+%7D
//! ```
//!
//! One `w=` per group of workers: its kind, then `n=COUNT`, `name=NAME` and `sm=METHOD` when they
//! are not the default, a `:` and the program. `cost.NAME=VALUE` overrides a cost, and `ex=N` sets
//! the event loop's default executor's `max_workers`. Version 1 is the
//! quick form's keys, which the page reads itself.
//!
//! [`read()`] never fails: a value it cannot use is replaced by the scenario file's default, a group
//! it cannot use and an unknown key are ignored, and each gives a [`Notice`]. Whether what it read
//! can run (a program's syntax, a count over the limits) is the simulator's to say.

use gil_sim::python::{PythonVersion, StartMethod};
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::WorkerSpec;
use gil_sim::time::parse_duration;
use gil_sim::ScenarioSpec;

use super::percent::{decode, encode};
use super::{shown, Notice};

/// The version [`write()`] writes and [`read()`] reads.
pub const LINK_VERSION: u32 = 2;
/// The longest query [`read()`] reads: far more than any lesson's scenario needs (the longest is
/// under 1,000), little enough that a hostile link costs the page nothing.
pub const MAX_QUERY_CHARS: usize = 20_000;
/// The most groups [`read()`] keeps: the simulator allows 64 threads, processes and
/// subinterpreters, so more groups could not run anyway.
pub const MAX_GROUPS: usize = 64;

/// The query's `key=value` pairs in order, keys decoded, values as written; empty pairs skipped.
pub fn pairs(query: &str) -> impl Iterator<Item = (String, &str)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(key), value)
    })
}

/// Whether a lab query is a whole scenario (it has `v=2` or later, or a `w=`) rather than the
/// quick form.
pub fn is_scenario_query(query: &str) -> bool {
    pairs(query).any(|(key, value)| key == "w" || (key == "v" && decode(value).trim() != "1"))
}

/// The query of a lab link that opens exactly `spec`: every top-level field is written, so the
/// link keeps its meaning if the defaults change.
pub fn write(spec: &ScenarioSpec) -> String {
    let mut parts = vec![format!("v={LINK_VERSION}")];
    if !spec.title.is_empty() {
        parts.push(format!("title={}", encode(&spec.title, "")));
    }
    parts.push(format!("py={}", encode(&spec.python, "")));
    parts.push(format!("c={}", spec.cores));
    parts.push(format!("si={}", encode(&spec.switch_interval, "")));
    parts.push(format!("seed={}", spec.seed));
    parts.push(format!("wake={}", encode(&spec.wake_order, "")));
    if let Some(workers) = spec.executor_workers {
        parts.push(format!("ex={workers}"));
    }
    let mut costs = spec.costs.clone();
    for (name, value) in costs.fields_mut() {
        if let Some(value) = value {
            parts.push(format!("cost.{name}={}", encode(value, "")));
        }
    }
    for worker in &spec.workers {
        parts.push(format!("w={}", group(worker)));
    }
    parts.join("&")
}

fn group(worker: &WorkerSpec) -> String {
    let field = |text: &str| encode(text, ",:=");
    let mut header = field(&worker.kind);
    if worker.count != 1 {
        header.push_str(&format!(",n={}", worker.count));
    }
    if let Some(name) = &worker.name {
        header.push_str(&format!(",name={}", field(name)));
    }
    if let Some(method) = &worker.start_method {
        header.push_str(&format!(",sm={}", field(method)));
    }
    format!("{header}:{}", encode(&worker.program, ""))
}

/// Reads a scenario from a lab link's query (with or without a leading `?`). Never fails; see the
/// module documentation.
pub fn read(query: &str) -> (ScenarioSpec, Vec<Notice>) {
    let mut reader =
        Reader { spec: ScenarioSpec::default(), notices: Vec::new(), groups_over_limit: 0 };
    let mut length = 0;
    let mut skipped = 0;
    for (key, value) in pairs(query) {
        length += key.len() + value.len() + 2;
        if length > MAX_QUERY_CHARS {
            skipped += 1;
            continue;
        }
        reader.pair(&key, value);
    }
    if reader.groups_over_limit > 0 {
        let over = reader.groups_over_limit;
        reader.note(format!("The link has {over} more groups than the {MAX_GROUPS} a scenario may have; they were ignored"));
    }
    if skipped > 0 {
        reader.note(format!(
            "The link is {} characters long, more than the {MAX_QUERY_CHARS} the lab reads; the last {skipped} of its settings were ignored",
            query.len()
        ));
    }
    (reader.spec, reader.notices)
}

struct Reader {
    spec: ScenarioSpec,
    notices: Vec<Notice>,
    groups_over_limit: usize,
}

impl Reader {
    fn note(&mut self, text: String) {
        self.notices.push(Notice(text));
    }

    fn pair(&mut self, key: &str, raw: &str) {
        let value = decode(raw);
        let value = value.trim();
        let defaults = ScenarioSpec::default();
        match key {
            "v" => match value.parse::<u32>() {
                Ok(LINK_VERSION) => {}
                Ok(newer) if newer > LINK_VERSION => self.note(format!(
                    "v={newer} is a newer kind of link than this page reads; it was read as version {LINK_VERSION}, which may miss settings"
                )),
                _ => self.note(format!("v={} is not a link version this page knows ({LINK_VERSION}); ignored", shown(value))),
            },
            "title" => self.spec.title = value.chars().take(200).collect(),
            "py" => match PythonVersion::parse(value) {
                Some(_) => self.spec.python = value.into(),
                None => self.note(format!(
                    "py={} is not a Python version the lab knows ({}); using {}",
                    shown(value),
                    PythonVersion::ALLOWED,
                    defaults.python
                )),
            },
            "c" => match value.parse::<u32>() {
                Ok(cores) if cores >= 1 => self.spec.cores = cores,
                _ => self.note(format!("c={} is not a number of cores from 1; using {}", shown(value), defaults.cores)),
            },
            "si" => match parse_duration(value) {
                Ok(_) => self.spec.switch_interval = value.into(),
                Err(_) => {
                    self.note(format!("si={} is not a duration such as 5ms or 250us; using {}", shown(value), defaults.switch_interval))
                }
            },
            "seed" => match value.parse::<u64>() {
                Ok(seed) => self.spec.seed = seed,
                Err(_) => self.note(format!("seed={} is not a whole number from 0; using {}", shown(value), defaults.seed)),
            },
            "wake" => match value {
                "fifo" | "random" => self.spec.wake_order = value.into(),
                _ => self.note(format!("wake={} is not a wake order (fifo or random); using {}", shown(value), defaults.wake_order)),
            },
            "ex" => match value.parse::<u32>() {
                Ok(workers) if workers >= 1 => self.spec.executor_workers = Some(workers),
                _ => self.note(format!(
                    "ex={} is not a number of executor threads from 1; using Python's default, min(32, cores + 4)",
                    shown(value)
                )),
            },
            "w" => self.group(raw),
            // Embed mode belongs to the page around the lab (see the web app's `embed`), not to the scenario.
            "embed" => {}
            _ => match key.strip_prefix("cost.") {
                Some(name) => self.cost(name, value),
                None => self.note(format!("'{}' is not part of a scenario link; ignored", shown(key).trim_matches('\''))),
            },
        }
    }

    fn cost(&mut self, name: &str, value: &str) {
        let slot = self
            .spec
            .costs
            .fields_mut()
            .into_iter()
            .find(|(known, _)| *known == name)
            .map(|(_, slot)| slot);
        match slot {
            Some(slot) => *slot = Some(value.into()),
            None => self.note(format!(
                "cost.{} is not a cost the simulator knows; ignored",
                shown(name).trim_matches('\'')
            )),
        }
    }

    fn group(&mut self, raw: &str) {
        let number = self.spec.workers.len() + 1;
        if self.spec.workers.len() == MAX_GROUPS {
            self.groups_over_limit += 1;
            return;
        }
        let Some((header, program)) = raw.split_once(':') else {
            return self
                .note(format!("w={} has no ':' between the kind of worker and its program; group {number} ignored", shown(&decode(raw))));
        };
        let mut fields = header.split(',').map(decode);
        let kind = fields.next().unwrap_or_default();
        if WorkerKind::parse(kind.trim()).is_none() {
            return self.note(format!(
                "w={} starts with {}, not a kind of worker ({}); group {number} ignored",
                shown(&decode(raw)),
                shown(&kind),
                WorkerKind::ALLOWED
            ));
        }
        let mut worker = WorkerSpec {
            kind: kind.trim().into(),
            name: None,
            count: 1,
            program: decode(program),
            start_method: None,
        };
        for field in fields {
            let (key, value) = field.split_once('=').unwrap_or((&field, ""));
            match key.trim() {
                "n" => match value.trim().parse::<u32>() {
                    Ok(count) if count >= 1 => worker.count = count,
                    _ => self.note(format!("group {number}: n={} is not a count from 1; using 1", shown(value))),
                },
                "name" => worker.name = Some(value.chars().take(100).collect()),
                "sm" => match StartMethod::parse(value.trim()) {
                    Some(method) => worker.start_method = Some(method.name().into()),
                    None => self.note(format!(
                        "group {number}: sm={} is not a start method (fork, spawn or forkserver); using the version's default",
                        shown(value)
                    )),
                },
                other => self.note(format!("group {number}: '{}' is not a group setting (n, name, sm); ignored", other.trim())),
            }
        }
        self.spec.workers.push(worker);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::spec::CostsSpec;

    fn convoy() -> ScenarioSpec {
        ScenarioSpec {
            title: "The convoy effect".into(),
            python: "3.12".into(),
            cores: 2,
            switch_interval: "5ms".into(),
            seed: 0,
            wake_order: "fifo".into(),
            executor_workers: None,
            costs: CostsSpec::default(),
            workers: vec![
                WorkerSpec {
                    kind: "thread".into(),
                    name: Some("hog".into()),
                    count: 1,
                    program: "cpu 2s".into(),
                    start_method: None,
                },
                WorkerSpec {
                    kind: "thread".into(),
                    name: Some("io".into()),
                    count: 1,
                    program: "repeat 100 { io 1ms; cpu 20us }".into(),
                    start_method: None,
                },
            ],
        }
    }

    #[test]
    fn the_convoy_reads_as_the_documentation_writes_it() {
        let query = write(&convoy());
        assert_eq!(
            query,
            "v=2&title=The+convoy+effect&py=3.12&c=2&si=5ms&seed=0&wake=fifo&w=thread,name=hog:cpu+2s\
             &w=thread,name=io:repeat+100+%7B+io+1ms;+cpu+20us+%7D"
        );
        assert_eq!(read(&query), (convoy(), vec![]));
        assert!(is_scenario_query(&query));
    }

    #[test]
    fn every_field_survives_a_round_trip() {
        let mut spec = convoy();
        spec.python = "3.14t".into();
        spec.wake_order = "random".into();
        spec.seed = u64::MAX;
        spec.costs.wake_latency = Some("7us".into());
        spec.costs.free_threading_overhead = Some("40%".into());
        spec.executor_workers = Some(3);
        spec.workers.push(WorkerSpec {
            kind: "process".into(),
            name: Some("a,b:c=d & e+f#".into()),
            count: 3,
            program: "# fetch\nrepeat 2 {\n  io 20ms~30%\n}\nsend 2MB".into(),
            start_method: Some("spawn".into()),
        });
        let query = write(&spec);
        assert!(
            query.contains(
                "&wake=random&ex=3&cost.wake_latency=7us&cost.free_threading_overhead=40%25&"
            ),
            "{query}"
        );
        assert!(
            query.contains(
                "w=process,n=3,name=a%2Cb%3Ac%3Dd+%26+e%2Bf%23,sm=spawn:%23+fetch%0Arepeat"
            ),
            "{query}"
        );
        assert_eq!(read(&query), (spec, vec![]));
    }

    #[test]
    fn every_python_version_survives_a_round_trip() {
        for python in ["3.15", "3.15t"].into_iter().chain(gil_sim::python::PYTHON_VERSIONS) {
            let spec = ScenarioSpec { python: python.into(), ..convoy() };
            let query = write(&spec);
            assert!(query.contains(&format!("&py={python}&")), "{query}");
            assert_eq!(read(&query), (spec, vec![]), "{python}");
        }
    }

    #[test]
    fn the_quick_form_is_not_a_scenario_query() {
        assert!(!is_scenario_query("c=2&py=3.12&t=2"));
        assert!(!is_scenario_query("v=1&t=2"));
        assert!(is_scenario_query("w=thread:cpu+1ms"));
        assert!(is_scenario_query("?v=2"));
    }

    #[test]
    fn a_hand_written_link_gets_the_scenario_file_defaults() {
        let (spec, notices) = read("w=thread,n=2:cpu+100ms");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(
            (spec.python.as_str(), spec.cores, spec.switch_interval.as_str()),
            ("3.12", 4, "5ms")
        );
        assert_eq!(spec.workers[0].count, 2);
        assert_eq!(spec.workers[0].program, "cpu 100ms");
    }

    #[test]
    fn garbage_is_ignored_and_named() {
        let (spec, notices) = read(
            "v=3&py=4.0&c=0&si=fast&seed=-1&wake=lifo&ex=0&zz=1&cost.speed=1&w=robot:cpu+1ms&w=thread&w=thread,n=0,sm=teleport,x=1:cpu+1ms",
        );
        assert_eq!(spec.python, "3.12");
        assert_eq!(spec.workers.len(), 1);
        assert_eq!(spec.workers[0].count, 1);
        let texts: Vec<String> = notices.iter().map(|notice| notice.0.clone()).collect();
        for expected in [
            "v=3 is a newer kind of link",
            "py='4.0' is not a Python version",
            "c='0' is not a number of cores",
            "si='fast'",
            "seed='-1'",
            "wake='lifo'",
            "ex='0' is not a number of executor threads",
            "'zz' is not part of a scenario link",
            "cost.speed is not a cost",
            "starts with 'robot', not a kind of worker",
            "w='thread' has no ':'",
            "group 1: n='0' is not a count",
            "group 1: sm='teleport'",
            "group 1: 'x' is not a group setting",
        ] {
            assert!(
                texts.iter().any(|text| text.contains(expected)),
                "no notice with {expected}: {texts:#?}"
            );
        }
        assert_eq!(notices.len(), 14, "{texts:#?}");
    }

    #[test]
    fn an_oversized_link_is_cut_with_a_notice() {
        let group = "&w=thread:cpu+1ms";
        let query = format!("v=2{}", group.repeat(5_000));
        let (spec, notices) = read(&query);
        assert_eq!(spec.workers.len(), MAX_GROUPS);
        assert!(
            notices.iter().any(|notice| notice.0.contains("more than the 20000 the lab reads")),
            "{notices:?}"
        );
        assert_eq!(notices.len(), 2, "{notices:?}");
        let (_, notices) = read(&format!("v=2{}", group.repeat(70)));
        assert_eq!(
            notices,
            vec![Notice(
                "The link has 6 more groups than the 64 a scenario may have; they were ignored"
                    .into()
            )]
        );
    }
}
