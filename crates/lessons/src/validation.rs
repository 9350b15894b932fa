//! The validation suite (`validation/`): cases that set a figure the simulator gives against the
//! same figure measured on real CPython, or published.
//!
//! `validation/cases.toml` lists the cases. Each names a scenario file in `validation/scenarios/`
//! with what it changes (`python`, `cores`, `switch_interval`, the `count` of named groups), what
//! to read from the simulation ([`Measure`]), and the real figure: a path into the measurements in
//! `validation/cpython/<version>.json` (a path such as `echo_server/requests_per_second/0.1ms/1`) (written by `tools/measure_all_cpythons.py`), taken as the
//! median over the versions the case names, or a published value with its reference. A case is
//! within its band when the simulated figure is within `tolerance` of the real one; the band widens
//! to the spread between the versions measured when that is wider. A case the model is known to
//! miss says why (`known_miss`); a published figure from another system is `context`, shown and
//! not held to a band.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;

use super::markdown::escaped;
use gil_sim::metrics::Metrics;
use gil_sim::python::PythonVersion;
use gil_sim::spec::ScenarioSpec;
use gil_sim::time::parse_duration;
use gil_sim::{simulate, Scenario};

/// What a case reads from a simulation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// `count` requests over the time the worker took, per second.
    Rate {
        worker: String,
        count: u64,
    },
    /// The median, or the 99th percentile, of the I/O resume latency, in milliseconds.
    IoP50Ms,
    IoP99Ms,
    /// The wall time over the same programs run one after another (1 / speedup).
    Slowdown,
    Speedup,
    /// Lost increments over all increments.
    LostShare,
    WallTimeMs,
    /// When the worker finished, over the time its program takes alone (`alone`, a duration).
    FinishOverAlone {
        worker: String,
        alone: String,
    },
}

impl Measure {
    fn of(&self, metrics: &Metrics) -> Result<f64, String> {
        let finished = |name: &str| {
            metrics
                .workers
                .iter()
                .find(|worker| worker.name == name)
                .map(|worker| worker.finished_at as f64)
                .ok_or_else(|| format!("no worker named '{name}'"))
        };
        Ok(match self {
            Measure::Rate { worker, count } => *count as f64 / (finished(worker)? / 1e9),
            Measure::IoP50Ms => metrics.io_resume.p50 as f64 / 1e6,
            Measure::IoP99Ms => metrics.io_resume.p99 as f64 / 1e6,
            Measure::Slowdown => 1.0 / metrics.speedup,
            Measure::Speedup => metrics.speedup,
            Measure::LostShare => {
                let expected: u64 = metrics.shared.iter().map(|shared| shared.expected).sum();
                metrics.lost_updates as f64 / expected.max(1) as f64
            }
            Measure::WallTimeMs => metrics.makespan as f64 / 1e6,
            Measure::FinishOverAlone { worker, alone } => {
                finished(worker)? / parse_duration(alone)? as f64
            }
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasesFile {
    #[serde(rename = "case")]
    cases: Vec<CaseEntry>,
    #[serde(default, rename = "about")]
    abouts: Vec<About>,
}

/// What the model leaves out of a group of cases, in a sentence or two for the page and the table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    pub group: String,
    pub leaves_out: String,
}

/// The whole suite: its cases, and a word about each group.
#[derive(Debug, Clone, PartialEq)]
pub struct Suite {
    pub cases: Vec<Case>,
    pub abouts: Vec<About>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseEntry {
    id: String,
    group: String,
    title: String,
    figure: String,
    scenario: String,
    #[serde(default)]
    set: Overrides,
    measure: Measure,
    real: RealEntry,
    #[serde(default = "default_tolerance")]
    tolerance: String,
    #[serde(default)]
    known_miss: Option<String>,
    #[serde(default)]
    context: bool,
}

fn default_tolerance() -> String {
    "20%".into()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    python: Option<String>,
    cores: Option<u32>,
    switch_interval: Option<String>,
    #[serde(default)]
    counts: BTreeMap<String, u32>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RealEntry {
    Measured {
        path: String,
        versions: Vec<String>,
        #[serde(default)]
        one_core: bool,
    },
    Published {
        value: f64,
        reference: String,
    },
}

/// Where a real figure comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Measured here: the file of each version and the value in it.
    Measured {
        path: String,
        one_core: bool,
        values: Vec<(String, f64)>,
    },
    Published {
        reference: String,
    },
}

/// A case, read and with its real figure found.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    pub group: String,
    pub title: String,
    pub figure: String,
    pub scenario: ScenarioSpec,
    pub measure: Measure,
    pub real: f64,
    pub source: Source,
    /// The band as a fraction of the real figure: the tolerance, or the spread between versions.
    pub band: f64,
    pub tolerance: f64,
    pub known_miss: Option<String>,
    pub context: bool,
}

/// A case and what the simulator gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub case: Case,
    pub simulated: f64,
}

/// Below this share, a real figure of none lost is matched: half a percent of the increments.
const NONE_LOST: f64 = 0.005;

impl Evaluated {
    /// Simulated over real; `None` when the real figure is zero.
    pub fn ratio(&self) -> Option<f64> {
        (self.case.real != 0.0).then(|| self.simulated / self.case.real)
    }

    pub fn within(&self) -> bool {
        match self.ratio() {
            Some(ratio) => (ratio - 1.0).abs() <= self.case.band,
            None => self.simulated.abs() < NONE_LOST,
        }
    }
}

fn percent(text: &str) -> Result<f64, String> {
    text.strip_suffix('%')
        .and_then(|number| number.trim().parse::<f64>().ok())
        .map(|number| number / 100.0)
        .ok_or_else(|| format!("'{text}' is not a percentage such as \"20%\""))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// The number at a path (`echo_server/requests_per_second/0.1ms/1`) under `figures`.
fn figure_at(document: &serde_json::Value, path: &str) -> Option<f64> {
    path.split('/').try_fold(document.get("figures")?, |node, key| node.get(key))?.as_f64()
}

fn measured(
    folder: &Path,
    path: &str,
    versions: &[String],
    one_core: bool,
) -> Result<Vec<(String, f64)>, String> {
    let mut values = Vec::new();
    for version in versions {
        let file = folder
            .join("cpython")
            .join(format!("{version}{}.json", if one_core { "-one-core" } else { "" }));
        let text = std::fs::read_to_string(&file)
            .map_err(|error| format!("{}: {error}", file.display()))?;
        let document: serde_json::Value =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
        let value = figure_at(&document, path)
            .ok_or_else(|| format!("{} has no figure at {path}", file.display()))?;
        values.push((version.clone(), value));
    }
    if values.is_empty() {
        return Err(format!("{path}: no versions named"));
    }
    Ok(values)
}

fn scenario(folder: &Path, name: &str, set: &Overrides) -> Result<ScenarioSpec, String> {
    let file = folder.join("scenarios").join(name);
    let text =
        std::fs::read_to_string(&file).map_err(|error| format!("{}: {error}", file.display()))?;
    let mut spec: ScenarioSpec =
        toml::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
    if let Some(python) = &set.python {
        spec.python = python.clone();
    }
    if let Some(cores) = set.cores {
        spec.cores = cores;
    }
    if let Some(interval) = &set.switch_interval {
        spec.switch_interval = interval.clone();
    }
    for (name, count) in &set.counts {
        let worker = spec
            .workers
            .iter_mut()
            .find(|worker| worker.name.as_deref() == Some(name))
            .ok_or_else(|| format!("{}: no group named '{name}' to count", file.display()))?;
        worker.count = *count;
    }
    Ok(spec)
}

fn read_case(folder: &Path, entry: CaseEntry) -> Result<Case, String> {
    let at = |problem: String| format!("case {}: {problem}", entry.id);
    let spec = scenario(folder, &entry.scenario, &entry.set).map_err(at)?;
    let tolerance = percent(&entry.tolerance).map_err(at)?;
    let (real, source, band) = match entry.real {
        RealEntry::Measured { path, versions, one_core } => {
            for version in &versions {
                if PythonVersion::parse(version).is_none() {
                    return Err(at(format!("'{version}' is not a Python version")));
                }
            }
            let values = measured(folder, &path, &versions, one_core).map_err(at)?;
            let mut numbers: Vec<f64> = values.iter().map(|(_, value)| *value).collect();
            let real = median(&mut numbers);
            let spread = numbers
                .iter()
                .map(|value| (value - real).abs() / real.abs().max(f64::MIN_POSITIVE))
                .fold(0.0, f64::max);
            (real, Source::Measured { path, one_core, values }, tolerance.max(spread))
        }
        RealEntry::Published { value, reference } => {
            (value, Source::Published { reference }, tolerance)
        }
    };
    Ok(Case {
        id: entry.id,
        group: entry.group,
        title: entry.title,
        figure: entry.figure,
        scenario: spec,
        measure: entry.measure,
        real,
        source,
        band,
        tolerance,
        known_miss: entry.known_miss,
        context: entry.context,
    })
}

/// Every case of `folder` (`validation/`), in the file's order, with its real figure found, and
/// what each group's note says.
pub fn load(folder: &Path) -> Result<Suite, String> {
    let file = folder.join("cases.toml");
    let text =
        std::fs::read_to_string(&file).map_err(|error| format!("{}: {error}", file.display()))?;
    let cases: CasesFile =
        toml::from_str(&text).map_err(|error| format!("{}: {error}", file.display()))?;
    let mut seen = Vec::new();
    let mut read = Vec::new();
    for entry in cases.cases {
        if seen.contains(&entry.id) {
            return Err(format!("two cases have the id '{}'", entry.id));
        }
        seen.push(entry.id.clone());
        read.push(read_case(folder, entry)?);
    }
    for about in &cases.abouts {
        if !read.iter().any(|case| case.group == about.group) {
            return Err(format!("the note about '{}' names a group no case is in", about.group));
        }
    }
    Ok(Suite { cases: read, abouts: cases.abouts })
}

/// Simulates a case and reads its figure.
pub fn evaluate(case: &Case) -> Result<Evaluated, String> {
    let at = |problem: String| format!("case {}: {problem}", case.id);
    let scenario = Scenario::from_spec(&case.scenario).map_err(|error| at(error.to_string()))?;
    let trace = simulate(&scenario).map_err(|error| at(error.to_string()))?;
    let simulated = case.measure.of(&trace.metrics).map_err(at)?;
    Ok(Evaluated { case: case.clone(), simulated })
}

/// A figure as the table writes it: three significant digits, at most.
pub fn shown(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let digits = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    format!("{value:.digits$}")
}

/// The verdict of a case in a few words.
pub fn verdict(evaluated: &Evaluated) -> &'static str {
    match (evaluated.case.context, evaluated.within(), evaluated.case.known_miss.is_some()) {
        (true, _, _) => "context",
        (false, true, _) => "within",
        (false, false, true) => "known miss",
        (false, false, false) => "MISS",
    }
}

/// The table of `docs/validation.md`: one row per case, by group, each group with its note.
pub fn markdown_table(evaluated: &[Evaluated], abouts: &[About]) -> String {
    let mut out = String::new();
    let mut group = "";
    for row in evaluated {
        if row.case.group != group {
            group = &row.case.group;
            let _ = write!(out, "\n### {group}\n\n");
            if let Some(about) = abouts.iter().find(|about| about.group == group) {
                let _ = write!(out, "{}\n\n", about.leaves_out);
            }
            out.push_str("| case | figure | real | simulated | sim / real | band | verdict | source |\n| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        }
        let source = source_text(&row.case);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | ±{:.0}% | {} | {} |",
            row.case.title,
            row.case.figure,
            shown(row.case.real),
            shown(row.simulated),
            row.ratio().map_or("—".into(), |ratio| format!("{ratio:.2}")),
            row.case.band * 100.0,
            verdict(row),
            source
        );
    }
    out
}

/// The chart's scale: simulated over real from a quarter to four times, on a log scale.
const CHART_CENTRE: f64 = 80.0;
const CHART_HALF_WIDTH: f64 = 70.0;

fn chart_x(ratio: f64) -> f64 {
    CHART_CENTRE + CHART_HALF_WIDTH * (ratio.log2() / 2.0).clamp(-1.0, 1.0)
}

/// Where simulated over real falls against the band around 1, as an inline SVG with its reading in
/// words for screen readers.
fn ratio_chart(row: &Evaluated) -> String {
    let band = row.case.band;
    let (low, high) = (chart_x(1.0 - band.min(0.99)), chart_x(1.0 + band));
    let (x, label) = match row.ratio() {
        Some(ratio) => (
            chart_x(ratio),
            format!("simulated is {ratio:.2} times real; the band is ±{:.0}%", band * 100.0),
        ),
        None => (
            if row.within() { CHART_CENTRE } else { CHART_CENTRE + CHART_HALF_WIDTH },
            format!("real 0, simulated {}", shown(row.simulated)),
        ),
    };
    format!(
        "<svg class=\"validation-chart\" viewBox=\"0 0 160 18\" width=\"160\" height=\"18\" role=\"img\" aria-label=\"{label}\">\
         <rect class=\"validation-band\" x=\"{low:.1}\" y=\"2\" width=\"{:.1}\" height=\"14\"/>\
         <line class=\"validation-axis\" x1=\"10\" y1=\"9\" x2=\"150\" y2=\"9\"/>\
         <line class=\"validation-one\" x1=\"80\" y1=\"1\" x2=\"80\" y2=\"17\"/>\
         <circle class=\"validation-dot\" cx=\"{x:.1}\" cy=\"9\" r=\"4\"/></svg>",
        high - low
    )
}

fn source_text(case: &Case) -> String {
    match &case.source {
        Source::Measured { values, one_core, .. } => {
            let versions: Vec<&str> = values.iter().map(|(version, _)| version.as_str()).collect();
            format!(
                "measured here, CPython {}{}",
                versions.join(", "),
                if *one_core { ", pinned to one core" } else { "" }
            )
        }
        Source::Published { reference } => reference.clone(),
    }
}

/// The page `fidelity/` shows, as an HTML fragment the build writes beside the app (the page
/// fetches it when it is opened, so the first load does not carry the suite): a summary, then each
/// group's note and a table of its cases with a chart of simulated over real.
pub fn html_fragment(evaluated: &[Evaluated], abouts: &[About]) -> String {
    let count = |name: &str| evaluated.iter().filter(|row| verdict(row) == name).count();
    let mut out = format!(
        "<p class=\"lede\">The simulator against real CPython, case by case: {} of {} cases within their band, {} known misses \
         explained below, and {} figures published on other machines shown for context.</p>\
         <p>Each figure was measured on CPython 2.7 and 3.6 to 3.13 on this project's machine (Linux, 2 cores) by \
         tools/measure_cpython.py, or taken from the publication named. A dot on the line at 1 means the simulator gives the real \
         figure; the shaded band is how far it may be and still count (20% unless the spread between Python versions is wider). \
         The scale runs from a quarter to four times the real figure.</p>",
        count("within"),
        evaluated.len() - count("context"),
        count("known miss"),
        count("context")
    );
    let mut groups: Vec<&str> = Vec::new();
    for row in evaluated {
        if !groups.contains(&row.case.group.as_str()) {
            groups.push(&row.case.group);
        }
    }
    for group in groups {
        let _ = write!(out, "<section class=\"validation-group\"><h2>{}</h2>", escaped(group));
        if let Some(about) = abouts.iter().find(|about| about.group == group) {
            let _ = write!(out, "<p class=\"validation-note\">{}</p>", escaped(&about.leaves_out));
        }
        let _ = write!(
            out,
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Cases: {}\"><table class=\"validation-table\">\
             <thead><tr><th scope=\"col\">Case</th><th scope=\"col\">Real</th><th scope=\"col\">Simulated</th>\
             <th scope=\"col\">Simulated / real</th><th scope=\"col\">Verdict</th><th scope=\"col\">Source</th></tr></thead><tbody>",
            escaped(group)
        );
        for row in evaluated.iter().filter(|row| row.case.group == group) {
            let verdict = verdict(row);
            let why = row
                .case
                .known_miss
                .as_deref()
                .map(|why| format!("<span class=\"validation-why\">{}</span>", escaped(why)));
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}<span class=\"validation-figure\">{}</span></th><td class=\"number\">{}</td>\
                 <td class=\"number\">{}</td><td>{}</td><td class=\"verdict-{}\">{verdict}{}</td><td class=\"validation-source\">{}</td></tr>",
                escaped(&row.case.title),
                escaped(&row.case.figure),
                shown(row.case.real),
                shown(row.simulated),
                ratio_chart(row),
                verdict.replace(' ', "-").to_lowercase(),
                why.unwrap_or_default(),
                escaped(&source_text(&row.case)),
            );
        }
        out.push_str("</tbody></table></div></section>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_puts_one_in_the_middle_and_clamps_at_four_times() {
        assert_eq!(chart_x(1.0), CHART_CENTRE);
        assert_eq!(chart_x(2.0), CHART_CENTRE + CHART_HALF_WIDTH / 2.0);
        assert_eq!(chart_x(0.25), CHART_CENTRE - CHART_HALF_WIDTH);
        assert_eq!(chart_x(100.0), CHART_CENTRE + CHART_HALF_WIDTH);
    }

    #[test]
    fn figures_are_shown_to_three_digits() {
        assert_eq!(shown(104.0), "104");
        assert_eq!(shown(3.8181), "3.82");
        assert_eq!(shown(0.0647), "0.0647");
        assert_eq!(shown(3459.2), "3459");
        assert_eq!(shown(0.0), "0");
    }

    #[test]
    fn a_figure_is_found_by_its_path() {
        let document: serde_json::Value = serde_json::from_str(
            r#"{"figures": {"echo_server": {"requests_per_second": {"5ms": {"1": 104.5}}}}}"#,
        )
        .unwrap();
        assert_eq!(figure_at(&document, "echo_server/requests_per_second/5ms/1"), Some(104.5));
        assert_eq!(figure_at(&document, "echo_server/requests_per_second/1ms/1"), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(percent("20%"), Ok(0.2));
        assert!(percent("20").is_err());
    }
}
