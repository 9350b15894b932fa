//! Reading a lesson file (`content/NN-slug.md`; the format is in `docs/writing-lessons.md`):
//! TOML front matter between `+++` lines, then one step per `## ` heading, each with an optional
//! fenced `step` block of TOML settings.

use std::fmt;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::condition::Condition;
use super::controls::Control;
use super::figures::{figures_in, Run};
use super::markdown;
use super::model::{Challenge, Choice, Lesson, LessonStep, Prediction, Reading};
use gil_sim::spec::{CostsSpec, ScenarioSpec, WorkerSpec};

/// The prefixes of the ids of a step's glossary popovers: its text's, and its explanation's, which
/// the page shows on the same screen.
pub const TEXT_TERM_PREFIX: &str = "term-";
pub const EXPLANATION_TERM_PREFIX: &str = "why-term-";

/// A lesson file read, with the Python snippets its steps show (for the checks).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedLesson {
    /// The file as named when it was read, for messages.
    pub file: String,
    pub lesson: Lesson,
    /// Each step's text, rendered to HTML (raw HTML in the Markdown shown as text).
    pub texts: Vec<String>,
    /// Each step's prediction's explanation, rendered to HTML, if it has a prediction.
    pub explanations: Vec<Option<String>>,
    /// The glossary terms each step's text links, and its explanation's.
    pub text_terms: Vec<Vec<String>>,
    pub explanation_terms: Vec<Vec<String>>,
    /// `(step index, code)` for every fenced `python` block.
    pub python: Vec<(usize, String)>,
    /// Each step's text and explanation as written (Markdown), for the checks on its words.
    pub text_markdown: Vec<String>,
    pub explanation_markdown: Vec<Option<String>>,
}

/// What is wrong with a lesson file, and where: the file, the line, and the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    pub file: String,
    pub line: Option<usize>,
    /// The step's number (from 1) and title, when the problem is in a step.
    pub step: Option<(usize, String)>,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some((number, title)) = &self.step {
            write!(f, ": step {number} \"{title}\"")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LessonError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: String,
    scenario: ScenarioSpec,
    #[serde(default)]
    reading: Vec<ReadingSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadingSpec {
    title: String,
    url: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct StepSettings {
    #[serde(default)]
    controls: Vec<String>,
    #[serde(default)]
    scenario: ScenarioOverride,
    prediction: Option<PredictionSpec>,
    challenge: Option<ChallengeSpec>,
    /// An earlier step (counted from 1) whose figures the cards show beside this step's.
    compare_with: Option<usize>,
}

/// Changes to the lesson's base scenario: the fields given replace the base's; a worker whose
/// `name` matches a base worker changes only the fields given (`count = 0` removes it), any other
/// worker is added.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ScenarioOverride {
    title: Option<String>,
    python: Option<String>,
    cores: Option<u32>,
    switch_interval: Option<String>,
    seed: Option<u64>,
    wake_order: Option<String>,
    costs: Option<CostsSpec>,
    #[serde(default)]
    workers: Vec<WorkerOverride>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkerOverride {
    name: String,
    kind: Option<String>,
    count: Option<u32>,
    program: Option<String>,
    start_method: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PredictionSpec {
    question: String,
    choices: Vec<ChoiceSpec>,
    explanation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceSpec {
    text: String,
    check: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChallengeSpec {
    goal: String,
    check: String,
    success: String,
}

/// The slug of a lesson file name: `04-convoy-effect.md` → `convoy-effect`.
pub fn slug_of(file_name: &str) -> Result<String, String> {
    let allowed = "a name such as 04-convoy-effect.md: digits, a dash, then lowercase letters, digits and dashes, ending in .md";
    let stem =
        file_name.strip_suffix(".md").ok_or_else(|| format!("'{file_name}' is not {allowed}"))?;
    let (order, slug) =
        stem.split_once('-').ok_or_else(|| format!("'{file_name}' is not {allowed}"))?;
    let good_order = !order.is_empty() && order.chars().all(|c| c.is_ascii_digit());
    let good_slug = !slug.is_empty()
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if good_order && good_slug {
        Ok(slug.to_string())
    } else {
        Err(format!("'{file_name}' is not {allowed}"))
    }
}

/// 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Reads one lesson file; `file` is the name used in messages and for the slug.
pub fn parse(file: &str, text: &str) -> Result<ParsedLesson, LessonError> {
    parse_with_glossary(file, text, &[])
}

/// [`parse`], linking the first use in each step of every term of `glossary_terms`, the names of
/// the glossary's terms.
pub fn parse_with_glossary(
    file: &str,
    text: &str,
    glossary_terms: &[String],
) -> Result<ParsedLesson, LessonError> {
    let file_name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let problem = |line: Option<usize>, message: String| LessonError {
        file: file.to_string(),
        line,
        step: None,
        message,
    };
    let slug = slug_of(file_name).map_err(|message| problem(None, message))?;

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after_open =
        text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")).ok_or_else(|| {
            problem(
                Some(1),
                "a lesson starts with a line '+++', then its TOML front matter, then '+++'".into(),
            )
        })?;
    let front_start = text.len() - after_open.len();
    let close = after_open
        .match_indices("+++")
        .find(|(at, _)| {
            (*at == 0 || after_open[..*at].ends_with('\n'))
                && after_open[at + 3..].trim_start_matches('\r').starts_with(['\n'])
        })
        .map(|(at, _)| at)
        .ok_or_else(|| problem(Some(1), "the front matter has no closing '+++' line".into()))?;
    let front_text = &after_open[..close];
    let body_start = front_start + close + 3;
    let body = &text[body_start..];

    let front: FrontMatter = toml::from_str(front_text).map_err(|error| {
        let line = error.span().map(|span| line_at(text, front_start + span.start));
        problem(line, format!("front matter: {}", error.message()))
    })?;
    for (index, reading) in front.reading.iter().enumerate() {
        if !reading.url.starts_with("https://") {
            return Err(problem(
                None,
                format!("reading[{index}].url '{}' must start with https://", reading.url),
            ));
        }
    }

    let sections = split_steps(body);
    let before_first: &str = match sections.first() {
        Some(section) => &body[..section.heading.start],
        None => body,
    };
    if !before_first.trim().is_empty() {
        let line =
            line_at(text, body_start + (before_first.len() - before_first.trim_start().len()));
        return Err(problem(
            Some(line),
            "text before the first step: every step starts with a '## ' heading, its title".into(),
        ));
    }
    if sections.is_empty() {
        return Err(problem(
            None,
            "the lesson has no steps: start each step with a '## ' heading".into(),
        ));
    }

    let mut steps = Vec::new();
    let mut python = Vec::new();
    let mut texts = Vec::new();
    let mut explanations = Vec::new();
    let mut text_terms = Vec::new();
    let mut explanation_terms = Vec::new();
    let mut text_markdown = Vec::new();
    let mut explanation_markdown = Vec::new();
    for (index, section) in sections.iter().enumerate() {
        let step_problem = |line: usize, message: String| LessonError {
            file: file.to_string(),
            line: Some(line),
            step: Some((index + 1, section.title.clone())),
            message,
        };
        let heading_line = line_at(text, body_start + section.heading.start);
        if section.settings_blocks > 1 {
            return Err(step_problem(
                heading_line,
                format!(
                    "the step has {} `step` blocks; allowed: at most one",
                    section.settings_blocks
                ),
            ));
        }
        let settings: StepSettings = match &section.settings {
            None => StepSettings::default(),
            Some((range, toml_text)) => toml::from_str(toml_text).map_err(|error| {
                let settings_line = line_at(text, body_start + range.start);
                let line = error
                    .span()
                    .map_or(settings_line, |span| settings_line + line_at(toml_text, span.start));
                step_problem(line, error.message().to_string())
            })?,
        };
        let markdown_text: String =
            section.text_ranges.iter().map(|range| &body[range.clone()]).collect();
        let explanation_source =
            settings.prediction.as_ref().map(|prediction| prediction.explanation.clone());
        let explanation = explanation_source
            .as_ref()
            .map(|source| markdown::render(source, EXPLANATION_TERM_PREFIX, glossary_terms));
        explanation_terms
            .push(explanation.as_ref().map(|rendered| rendered.terms.clone()).unwrap_or_default());
        explanations.push(explanation.map(|rendered| rendered.html));
        let step = build_step(&front.scenario, section.title.clone(), settings, index)
            .map_err(|message| step_problem(heading_line, message))?;
        check_figures(&step, &markdown_text, explanation_source.as_deref())
            .map_err(|message| step_problem(heading_line, message))?;
        python.extend(
            markdown::python_snippets(&markdown_text).into_iter().map(|code| (index, code)),
        );
        let text = markdown::render(&markdown_text, TEXT_TERM_PREFIX, glossary_terms);
        text_terms.push(text.terms);
        texts.push(text.html);
        steps.push(step);
        text_markdown.push(markdown_text);
        explanation_markdown.push(explanation_source);
    }

    let lesson = Lesson {
        slug,
        title: front.title,
        summary: front.summary,
        reading: front
            .reading
            .into_iter()
            .map(|reading| Reading { title: reading.title, url: reading.url })
            .collect(),
        steps,
    };
    Ok(ParsedLesson {
        file: file.to_string(),
        lesson,
        texts,
        explanations,
        text_terms,
        explanation_terms,
        python,
        text_markdown,
        explanation_markdown,
    })
}

/// The figures (`{{io_p99}}`) of a step's text, explanation and success name metrics, and a
/// compared run's only where the step compares with one.
fn check_figures(step: &LessonStep, text: &str, explanation: Option<&str>) -> Result<(), String> {
    let prose_of = |markdown: &str| markdown::plain_text(&markdown::prose(markdown));
    let fields = [
        ("the text", Some(prose_of(text))),
        ("prediction.explanation", explanation.map(prose_of)),
        ("challenge.success", step.challenge.as_ref().map(|challenge| challenge.success.clone())),
    ];
    for (field, words) in fields {
        let Some(words) = words else { continue };
        let figures = figures_in(&words).map_err(|problem| format!("{field}: {problem}"))?;
        if step.compare_with.is_none() && figures.iter().any(|figure| figure.run == Run::Compared) {
            return Err(format!(
                "{field} names a figure of compare_with's run, but the step sets no compare_with"
            ));
        }
    }
    Ok(())
}

/// One step's place in the body: its heading, its title, the Markdown that is its text (the body
/// after the heading less the `step` block), and its `step` block's TOML.
struct Section {
    heading: Range<usize>,
    title: String,
    text_ranges: Vec<Range<usize>>,
    settings: Option<(Range<usize>, String)>,
    /// How many `step` blocks the step has; more than one is a mistake.
    settings_blocks: usize,
}

fn split_steps(body: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut in_title = false;
    let mut in_step_block = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                if let Some(section) = sections.last_mut() {
                    close_text(section, range.start);
                }
                sections.push(Section {
                    heading: range.clone(),
                    title: String::new(),
                    text_ranges: std::iter::once(range.end..body.len()).collect(),
                    settings: None,
                    settings_blocks: 0,
                });
                in_title = true;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => in_title = false,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "step" => {
                if let Some(section) = sections.last_mut() {
                    // A start event's range covers the whole block, closing fence included.
                    close_text(section, range.start);
                    section.text_ranges.push(range.end..body.len());
                    section.settings_blocks += 1;
                    section.settings.get_or_insert((range, String::new()));
                    in_step_block = section.settings_blocks == 1;
                }
            }
            Event::End(TagEnd::CodeBlock) => in_step_block = false,
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) => {
                if let Some(section) = sections.last_mut() {
                    if in_title {
                        section.title.push_str(&text);
                    } else if let (true, Some((_, settings))) =
                        (in_step_block, section.settings.as_mut())
                    {
                        settings.push_str(&text);
                    }
                }
            }
            _ => {}
        }
    }
    sections
}

/// Ends the section's last text range at `end`.
fn close_text(section: &mut Section, end: usize) {
    if let Some(last) = section.text_ranges.last_mut() {
        last.end = end.max(last.start);
    }
}

/// The step at `index` (counted from 0) of its lesson.
fn build_step(
    base: &ScenarioSpec,
    title: String,
    settings: StepSettings,
    index: usize,
) -> Result<LessonStep, String> {
    if title.is_empty() {
        return Err("the step's heading is empty; it is the step's title".into());
    }
    let compare_with = match settings.compare_with {
        None => None,
        Some(step) if (1..=index).contains(&step) => Some(step - 1),
        Some(step) => {
            let allowed = if index == 0 {
                "the first step has none".to_string()
            } else {
                format!("allowed: 1 to {index}")
            };
            return Err(format!(
                "compare_with = {step} is not an earlier step of the lesson; {allowed}"
            ));
        }
    };
    let scenario = apply_override(base, settings.scenario)?;
    let controls =
        settings.controls.iter().map(|name| Control::parse(name)).collect::<Result<Vec<_>, _>>()?;
    for control in &controls {
        if let Some(worker) = control.worker() {
            if !scenario.workers.iter().any(|spec| spec.name.as_deref() == Some(worker)) {
                let names: Vec<&str> =
                    scenario.workers.iter().filter_map(|spec| spec.name.as_deref()).collect();
                return Err(format!(
                    "control '{control}' names no worker of this step; the named workers are: {}",
                    names.join(", ")
                ));
            }
        }
    }
    let condition = |field: String, text: &str| {
        Condition::parse(text).map_err(|message| format!("{field}: {message}"))
    };
    // The page shows these fields as written, where Markdown's marks would show.
    let plain = |field: String, text: String| {
        if text.contains('`') {
            Err(format!(
                "{field} is plain text, shown as written: write it without Markdown's backquotes"
            ))
        } else {
            Ok(text)
        }
    };
    let prediction = match settings.prediction {
        None => None,
        Some(spec) => {
            if spec.choices.len() < 2 {
                return Err(format!(
                    "prediction has {} choice(s); allowed: at least 2",
                    spec.choices.len()
                ));
            }
            let choices = spec
                .choices
                .iter()
                .enumerate()
                .map(|(index, choice)| {
                    Ok(Choice {
                        text: plain(
                            format!("prediction.choices[{index}].text"),
                            choice.text.clone(),
                        )?,
                        check: condition(
                            format!("prediction.choices[{index}].check"),
                            &choice.check,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Some(Prediction {
                question: plain("prediction.question".into(), spec.question)?,
                choices,
            })
        }
    };
    let challenge = match settings.challenge {
        None => None,
        Some(spec) => {
            if controls.is_empty() {
                return Err(
                    "the step has a challenge but opens no controls; list them in 'controls'"
                        .into(),
                );
            }
            Some(Challenge {
                check: condition("challenge.check".into(), &spec.check)?,
                goal: plain("challenge.goal".into(), spec.goal)?,
                success: plain("challenge.success".into(), spec.success)?,
            })
        }
    };
    Ok(LessonStep { title, scenario, controls, prediction, challenge, compare_with })
}

fn apply_override(base: &ScenarioSpec, changes: ScenarioOverride) -> Result<ScenarioSpec, String> {
    let mut spec = base.clone();
    if let Some(title) = changes.title {
        spec.title = title;
    }
    if let Some(python) = changes.python {
        spec.python = python;
    }
    if let Some(cores) = changes.cores {
        spec.cores = cores;
    }
    if let Some(interval) = changes.switch_interval {
        spec.switch_interval = interval;
    }
    if let Some(seed) = changes.seed {
        spec.seed = seed;
    }
    if let Some(order) = changes.wake_order {
        spec.wake_order = order;
    }
    if let Some(costs) = changes.costs {
        spec.costs = costs;
    }
    for change in changes.workers {
        let position = spec
            .workers
            .iter()
            .position(|worker| worker.name.as_deref() == Some(change.name.as_str()));
        match position.map(|at| (at, &mut spec.workers[at])) {
            Some((at, _)) if change.count == Some(0) => {
                spec.workers.remove(at);
            }
            Some((_, worker)) => {
                if let Some(kind) = change.kind {
                    worker.kind = kind;
                }
                if let Some(count) = change.count {
                    worker.count = count;
                }
                if let Some(program) = change.program {
                    worker.program = program;
                }
                if change.start_method.is_some() {
                    worker.start_method = change.start_method;
                }
            }
            None => {
                let missing = |field: &str| {
                    format!("scenario.workers: '{}' is not a worker of the base scenario, so it needs a {field}", change.name)
                };
                spec.workers.push(WorkerSpec {
                    kind: change.kind.ok_or_else(|| missing("kind"))?,
                    program: change.program.ok_or_else(|| missing("program"))?,
                    count: change.count.unwrap_or(1),
                    start_method: change.start_method,
                    name: Some(change.name),
                });
            }
        }
    }
    Ok(spec)
}
