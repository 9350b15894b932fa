//! Figures of a run in a lesson's words: `{{io_p99}}` in a step's text, explanation or success
//! stands for that metric of the step's own run, `{{compare_with:io_p99}}` for the run of the step
//! it compares with. The build fills the texts and explanations; the page fills a challenge's
//! success with the learner's run. A figure reads as the metric cards write it, so the words and
//! the cards beside them never disagree.

use super::condition::Metric;
use gil_sim::metrics::Metrics;
use gil_sim::time::{fixed, format_duration};

const OPEN: &str = "{{";
const CLOSE: &str = "}}";
const COMPARED_PREFIX: &str = "compare_with:";

/// Whose run a figure is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// The step's own run: as the step opens in its text and explanation, the learner's in a
    /// challenge's success.
    Own,
    /// The run of the step named by the step's `compare_with`.
    Compared,
}

/// One `{{…}}` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub metric: Metric,
    pub run: Run,
}

impl Figure {
    /// A figure's name as written between the braces: `io_p99`, `compare_with:speedup`.
    pub fn parse(name: &str) -> Result<Figure, String> {
        let name = name.trim();
        let (run, metric) = match name.strip_prefix(COMPARED_PREFIX) {
            Some(metric) => (Run::Compared, metric.trim()),
            None => (Run::Own, name),
        };
        let metric =
            Metric::parse_named(metric).map_err(|problem| format!("{{{{{name}}}}}: {problem}"))?;
        Ok(Figure { metric, run })
    }
}

/// A text cut at its figures.
enum Piece<'a> {
    /// Text between figures, as written.
    Text(&'a str),
    /// A `{{…}}`: the whole of it, and the name between the braces.
    Figure { whole: &'a str, name: &'a str },
    /// A `{{` without its `}}`, and the rest of the text after it.
    Unclosed(&'a str),
}

/// The pieces of `text`, in order: the one place that finds its figures.
fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (piece, taken) = match rest.find(OPEN) {
            None => (Piece::Text(rest), rest.len()),
            Some(0) => match rest[OPEN.len()..].find(CLOSE) {
                Some(end) => {
                    let whole = &rest[..OPEN.len() + end + CLOSE.len()];
                    (
                        Piece::Figure { whole, name: &rest[OPEN.len()..OPEN.len() + end] },
                        whole.len(),
                    )
                }
                None => (Piece::Unclosed(rest), rest.len()),
            },
            Some(start) => (Piece::Text(&rest[..start]), start),
        };
        rest = &rest[taken..];
        Some(piece)
    })
}

/// The figures a text names, in order; an error names a `{{` without its `}}` or an unknown
/// metric.
pub fn figures_in(text: &str) -> Result<Vec<Figure>, String> {
    let unclosed = "'{{' without its '}}': write a figure as {{metric}} or {{compare_with:metric}}";
    pieces(text)
        .filter_map(|piece| match piece {
            Piece::Text(_) => None,
            Piece::Figure { name, .. } => Some(Figure::parse(name)),
            Piece::Unclosed(_) => Some(Err(unclosed.to_string())),
        })
        .collect()
}

/// `text` with every figure written out from `own` and, for `compare_with:` figures, `compared`.
/// A figure that cannot be filled (no compared run, an unknown name) stays as written; the lesson
/// checks make sure none is left.
pub fn fill(text: &str, own: &Metrics, compared: Option<&Metrics>) -> String {
    let written = |whole: &str, name: &str| {
        let figure = Figure::parse(name).ok();
        let metrics = figure.and_then(|figure| match figure.run {
            Run::Own => Some(own),
            Run::Compared => compared,
        });
        match (figure, metrics) {
            (Some(figure), Some(metrics)) => figure.metric.figure(metrics),
            _ => whole.to_string(),
        }
    };
    pieces(text)
        .map(|piece| match piece {
            Piece::Text(text) | Piece::Unclosed(text) => text.to_string(),
            Piece::Figure { whole, name } => written(whole, name),
        })
        .collect()
}

impl Metric {
    /// The metric's value as its card writes it: `5.02 ms`, `1.93×`, `48%`, `1,234`, or `–` for
    /// an I/O latency of a run without I/O.
    pub fn figure(self, metrics: &Metrics) -> String {
        let io = &metrics.io_resume;
        let latency =
            |nanos| if io.count == 0 { "–".to_string() } else { format_duration(nanos) };
        match self {
            Metric::WallTime => format_duration(metrics.makespan),
            Metric::Speedup => format!("{}×", fixed(metrics.speedup, 2)),
            Metric::CpuUtilization => format!("{}%", fixed(metrics.cpu_utilization * 100.0, 0)),
            Metric::GilHandoffs => metrics.gil_handoffs.to_string(),
            Metric::ForcedSwitches => metrics.forced_switches.to_string(),
            Metric::FutileWakeups => metrics.futile_wakeups.to_string(),
            Metric::IoMean => latency(io.mean),
            Metric::IoP50 => latency(io.p50),
            Metric::IoP99 => latency(io.p99),
            Metric::IoMax => latency(io.max),
            Metric::LostUpdates => thousands(metrics.lost_updates),
            Metric::DeadlockedThreads => {
                metrics.deadlock.as_ref().map_or(0, |deadlock| deadlock.waits.len()).to_string()
            }
        }
    }

    /// Whether the run has this figure to give: an I/O latency needs an I/O.
    pub fn has_figure(self, metrics: &Metrics) -> bool {
        let io_latency =
            matches!(self, Metric::IoMean | Metric::IoP50 | Metric::IoP99 | Metric::IoMax);
        !io_latency || metrics.io_resume.count > 0
    }
}

/// `12345678` as `12,345,678`.
pub fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::{simulate, Scenario, ScenarioSpec};

    fn metrics_of(toml_workers: &[(&str, &str)]) -> Metrics {
        let mut spec = ScenarioSpec::default();
        spec.workers = toml_workers
            .iter()
            .map(|(kind, program)| gil_sim::spec::WorkerSpec {
                kind: kind.to_string(),
                program: program.to_string(),
                count: 1,
                start_method: None,
                name: None,
            })
            .collect();
        simulate(&Scenario::from_spec(&spec).expect("valid")).expect("runs").metrics
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
    }

    #[test]
    fn figures_are_read_with_their_run() {
        assert_eq!(
            figures_in("p99 {{io_p99}} against {{ compare_with:io_p99 }}").expect("valid"),
            vec![
                Figure { metric: Metric::IoP99, run: Run::Own },
                Figure { metric: Metric::IoP99, run: Run::Compared }
            ]
        );
        assert!(figures_in("{{throughput}}")
            .expect_err("unknown")
            .contains("allowed: wall_time, speedup"));
        assert!(figures_in("a {{speedup").expect_err("unclosed").contains("without its"));
        assert_eq!(figures_in("no figures, {single} braces").expect("valid"), vec![]);
    }

    #[test]
    fn a_filled_figure_reads_as_its_card() {
        let io = metrics_of(&[("thread", "cpu 30ms"), ("thread", "repeat 5 { io 1ms; cpu 10us }")]);
        let cpu = metrics_of(&[("thread", "cpu 10ms")]);
        let text = fill(
            "p99 {{io_p99}}, {{speedup}}, was {{compare_with:speedup}}; {{wall_time}}",
            &io,
            Some(&cpu),
        );
        let expected = format!(
            "p99 {}, {}×, was {}×; {}",
            format_duration(io.io_resume.p99),
            fixed(io.speedup, 2),
            fixed(cpu.speedup, 2),
            format_duration(io.makespan)
        );
        assert_eq!(text, expected);
        assert_eq!(
            fill("{{compare_with:speedup}} {{oops}}", &io, None),
            "{{compare_with:speedup}} {{oops}}"
        );
        assert_eq!(Metric::IoP99.figure(&cpu), "–");
        assert!(!Metric::IoP99.has_figure(&cpu) && Metric::IoP99.has_figure(&io));
    }
}
