//! What the simulation says about a prediction or a challenge: which choices hold on its metrics,
//! and the measured value of every metric their conditions name. Pure, so it is tested natively.

use gil_lessons::condition::{show_value, Clause, Condition, Metric};
use gil_lessons::model::Prediction;
use gil_sim::metrics::Metrics;

/// A metric as measured: "The speedup", "1.02×".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The learner's choice, counted from 0.
    pub chosen: usize,
    /// The choices whose condition holds on these metrics (exactly one for the step's own scenario;
    /// after the learner changes the lab, possibly none or several).
    pub holding: Vec<usize>,
    pub measured: Vec<Measurement>,
}

impl Verdict {
    /// Whether the simulation agrees with the learner.
    pub fn agrees(&self) -> bool {
        self.holding.contains(&self.chosen)
    }
}

/// The labels are ASCII ("the speedup"); `char::to_uppercase` would bring Unicode's case tables into the page.
fn capitalized(label: &str) -> String {
    let mut text = label.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

fn measure(metric: Metric, metrics: &Metrics) -> Measurement {
    Measurement {
        label: capitalized(metric.label()),
        value: show_value(metric.unit(), metric.value(metrics)),
    }
}

/// Every metric the conditions name, once each, in the order they first appear.
fn named_metrics<'a>(conditions: impl Iterator<Item = &'a Condition>) -> Vec<Metric> {
    let mut metrics = Vec::new();
    for clause in conditions.flat_map(|condition| &condition.clauses) {
        if !metrics.contains(&clause.metric) {
            metrics.push(clause.metric);
        }
    }
    metrics
}

pub fn verdict(prediction: &Prediction, chosen: usize, metrics: &Metrics) -> Verdict {
    let holding = prediction
        .choices
        .iter()
        .enumerate()
        .filter(|(_, choice)| choice.check.holds(metrics))
        .map(|(index, _)| index)
        .collect();
    let measured = named_metrics(prediction.choices.iter().map(|choice| &choice.check))
        .into_iter()
        .map(|metric| measure(metric, metrics))
        .collect();
    Verdict { chosen, holding, measured }
}

/// One clause of a challenge's goal: what it asks, the value now, and whether it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseProgress {
    pub goal: String,
    pub now: String,
    pub met: bool,
}

pub fn challenge_progress(goal: &Condition, metrics: &Metrics) -> Vec<ClauseProgress> {
    goal.clauses
        .iter()
        .map(|clause: &Clause| {
            let value = clause.metric.value(metrics);
            ClauseProgress {
                goal: capitalized(&clause.to_string()),
                now: show_value(clause.metric.unit(), value),
                met: clause.comparison.holds(value, clause.value),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_lessons::model::Choice;
    use gil_sim::{simulate, Scenario, ScenarioSpec};

    /// Two threads of 50 ms of pure Python on two cores: the GIL lets one run at a time, so the
    /// wall time is about 100 ms and the speedup about 1.
    fn two_cpu_bound_threads() -> Metrics {
        let spec: ScenarioSpec =
            toml::from_str("python = \"3.12\"\ncores = 2\n[[workers]]\nkind = \"thread\"\ncount = 2\nprogram = \"cpu 50ms\"\n")
                .expect("valid TOML");
        simulate(&Scenario::from_spec(&spec).expect("valid")).expect("simulates").metrics
    }

    fn prediction(checks: &[&str]) -> Prediction {
        let choices = checks
            .iter()
            .map(|check| Choice {
                text: check.to_string(),
                check: Condition::parse(check).expect("valid"),
            })
            .collect();
        Prediction { question: "How fast?".into(), choices }
    }

    #[test]
    fn the_simulation_decides_which_choice_is_right() {
        let metrics = two_cpu_bound_threads();
        let question =
            prediction(&["speedup > 1.8", "speedup < 1.1 and wall_time >= 100ms", "speedup < 1.1"]);
        let wrong = verdict(&question, 0, &metrics);
        assert_eq!(wrong.holding, vec![1, 2]);
        assert!(!wrong.agrees());
        assert!(verdict(&question, 2, &metrics).agrees());
        assert_eq!(wrong.measured.len(), 2, "each named metric once: {:?}", wrong.measured);
        assert_eq!(wrong.measured[0].label, "The speedup");
        assert_eq!(wrong.measured[1].label, "The wall time");
        assert!(wrong.measured[0].value.ends_with('×'), "{:?}", wrong.measured[0]);
        assert!(wrong.measured[1].value.ends_with(" ms"), "{:?}", wrong.measured[1]);
        assert!(verdict(&prediction(&["speedup > 5", "speedup < 0.5"]), 0, &metrics)
            .holding
            .is_empty());
    }

    #[test]
    fn a_challenge_shows_each_clause_against_its_target() {
        let metrics = two_cpu_bound_threads();
        let goal = Condition::parse("speedup >= 1.8 and wall_time >= 100ms").expect("valid");
        let progress = challenge_progress(&goal, &metrics);
        assert_eq!(progress.len(), 2);
        assert_eq!(progress[0].goal, "The speedup ≥ 1.8×");
        assert!(!progress[0].met);
        assert_eq!(progress[1].goal, "The wall time ≥ 100 ms");
        assert!(progress[1].met, "{:?}", progress[1]);
        assert_eq!(progress[0].now, show_value(Metric::Speedup.unit(), metrics.speedup));
    }
}
