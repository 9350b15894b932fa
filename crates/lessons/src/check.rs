//! The checks every lesson must pass (the tests and `gil-lab check` run them): each step's
//! scenario runs; exactly one choice of a prediction holds in the simulation; a challenge is not
//! met at the start but can be met with the controls its step opens; and the step's words agree
//! with its run and its page ([`wording`](crate::wording)).

use super::condition::{show_value, Condition};
use super::controls::Control;
use super::format::{LessonError, ParsedLesson};
use super::model::LessonStep;
use super::wording::{check_words, StepWords};
use crate::limits::{simulate_within, Refusal, MAX_SWITCH_INTERVALS, PAGE_ACTION_LIMIT};
use gil_sim::metrics::Metrics;
use gil_sim::spec::ScenarioSpec;
use gil_sim::time::format_duration;
use gil_sim::Scenario;

/// How many settings of a challenge's controls the search tries at most.
const SEARCH_LIMIT: usize = 4_096;

/// Simulates a step's scenario (as set by its controls) within the page's budget.
pub fn run(spec: &ScenarioSpec) -> Result<Metrics, String> {
    let scenario = Scenario::from_spec(spec)
        .map_err(|problem| format!("the scenario is not valid: {problem}"))?;
    match simulate_within(&scenario, PAGE_ACTION_LIMIT) {
        Ok(trace) => Ok(trace.metrics),
        Err(Refusal::TooLong { simulated, .. }) => Err(format!(
            "the scenario simulates {}, more than the page's {MAX_SWITCH_INTERVALS} switch intervals",
            format_duration(simulated)
        )),
        Err(Refusal::TooBig { simulated }) => Err(format!(
            "the scenario needs more than the page's {PAGE_ACTION_LIMIT} scheduling actions (it reached {} of simulated time)",
            format_duration(simulated)
        )),
        Err(Refusal::Failed(problem)) => Err(format!("the scenario does not finish: {problem}")),
    }
}

/// Every problem with the lesson's steps; empty when it passes.
pub fn check_lesson(parsed: &ParsedLesson) -> Vec<LessonError> {
    let runs: Vec<Result<Metrics, String>> =
        parsed.lesson.steps.iter().map(|step| run(&step.scenario)).collect();
    let mut problems = Vec::new();
    for (index, step) in parsed.lesson.steps.iter().enumerate() {
        let mut problem = |message: String| {
            problems.push(LessonError {
                file: parsed.file.clone(),
                line: None,
                step: Some((index + 1, step.title.clone())),
                message,
            })
        };
        let metrics = match &runs[index] {
            Ok(metrics) => metrics,
            Err(message) => {
                problem(message.clone());
                continue;
            }
        };
        let compared = step.compare_with.and_then(|earlier| runs[earlier].as_ref().ok());
        let words = StepWords {
            text: &parsed.text_markdown[index],
            explanation: parsed.explanation_markdown[index].as_deref(),
        };
        for message in check_words(step, &words, metrics, compared) {
            problem(message);
        }
        if let Some(prediction) = &step.prediction {
            let holding: Vec<&str> = prediction
                .choices
                .iter()
                .filter(|choice| choice.check.holds(metrics))
                .map(|choice| choice.text.as_str())
                .collect();
            if holding.len() != 1 {
                let checks: Vec<&Condition> =
                    prediction.choices.iter().map(|choice| &choice.check).collect();
                problem(format!(
                    "prediction: {} choices hold ({}), exactly one must; the simulation gives {}",
                    holding.len(),
                    if holding.is_empty() { "none".to_string() } else { holding.join("; ") },
                    measured(&checks, metrics)
                ));
            }
        }
        if let Some(challenge) = &step.challenge {
            if challenge.check.holds(metrics) {
                problem(format!(
                    "challenge: '{}' is already met before the learner changes anything ({})",
                    challenge.check,
                    measured(&[&challenge.check], metrics)
                ));
            } else if find_setting(step).is_none() {
                let opened: Vec<String> = step.controls.iter().map(Control::to_string).collect();
                problem(format!(
                    "challenge: no setting of the controls it opens ({}) meets '{}'",
                    opened.join(", "),
                    challenge.check
                ));
            }
        }
    }
    problems
}

/// The metrics a set of conditions names, with their simulated values: "speedup = 1.02×".
fn measured(conditions: &[&Condition], metrics: &Metrics) -> String {
    let mut seen = Vec::new();
    for clause in conditions.iter().flat_map(|condition| condition.clauses.iter()) {
        if !seen.contains(&clause.metric) {
            seen.push(clause.metric);
        }
    }
    let parts: Vec<String> = seen
        .iter()
        .map(|metric| {
            format!("{} = {}", metric.name(), show_value(metric.unit(), metric.value(metrics)))
        })
        .collect();
    parts.join(", ")
}

/// A setting of the step's controls (each control with its value) that meets its challenge.
pub fn find_setting(step: &LessonStep) -> Option<Vec<(Control, String)>> {
    let challenge = step.challenge.as_ref()?;
    let mut domains: Vec<Vec<String>> =
        step.controls.iter().map(|control| control.values(&step.scenario)).collect();
    while domains.iter().map(Vec::len).product::<usize>() > SEARCH_LIMIT {
        let widest = domains.iter_mut().max_by_key(|domain| domain.len())?;
        let last = widest.last().cloned();
        let mut thinned: Vec<String> = widest.iter().step_by(2).cloned().collect();
        thinned.extend(last.filter(|last| thinned.last() != Some(last)));
        *widest = thinned;
    }
    let mut choice = vec![0; domains.len()];
    loop {
        let mut spec = step.scenario.clone();
        let setting: Vec<(Control, String)> = step
            .controls
            .iter()
            .zip(&choice)
            .zip(&domains)
            .map(|((control, at), domain)| (control.clone(), domain[*at].clone()))
            .collect();
        let applied =
            setting.iter().all(|(control, value)| control.apply(&mut spec, value).is_ok());
        if applied && run(&spec).is_ok_and(|metrics| challenge.check.holds(&metrics)) {
            return Some(setting);
        }
        // The next setting, like an odometer.
        let mut position = 0;
        loop {
            if position == choice.len() {
                return None;
            }
            choice[position] += 1;
            if choice[position] < domains[position].len() {
                break;
            }
            choice[position] = 0;
            position += 1;
        }
    }
}
