//! The checks on a step's words, beside the checks on its run: the figures a text names can be
//! filled from the run; the answer an explanation leads with agrees with the choice that holds,
//! and a challenge's success with its goal; a text points only at the metric cards its step
//! shows; and no text tells a state by a colour, which the timeline does not promise.

use super::cards::{focus_of, CardKind};
use super::condition::{Condition, Metric, Unit};
use super::figures::{figures_in, Run};
use super::markdown::{plain_text, prose, Prose};
use super::model::LessonStep;
use gil_sim::metrics::Metrics;
use gil_sim::time::{MICROSECOND, MILLISECOND, SECOND};

/// A step's words as its author wrote them (Markdown for the text and explanation).
pub struct StepWords<'a> {
    pub text: &'a str,
    pub explanation: Option<&'a str>,
}

/// Colour words a text may not use for a state or a thread: the timeline tells states apart by
/// pattern, and a learner who cannot tell colours apart must be able to follow every sentence.
const COLOURS: [&str; 14] = [
    "red", "orange", "yellow", "green", "blue", "purple", "violet", "pink", "grey", "gray",
    "brown", "cyan", "magenta", "teal",
];

/// Every problem with a step's words, given its run (`own`) and its compared step's run.
pub fn check_words(
    step: &LessonStep,
    words: &StepWords,
    own: &Metrics,
    compared: Option<&Metrics>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let text = prose(words.text);
    let explanation = words.explanation.map(prose).unwrap_or_default();
    for (field, runs) in [("text", &text), ("explanation", &explanation)] {
        let plain = plain_text(runs);
        problems.extend(unfillable_figures(field, &plain, own, compared));
        problems.extend(cards_not_shown(field, &plain, step));
        problems.extend(colour_words(field, &plain));
    }
    for (field, markdown) in
        [("text", words.text), ("explanation", words.explanation.unwrap_or(""))]
    {
        problems.extend(old_addresses(field, markdown));
    }
    if let Some(prediction) = &step.prediction {
        let holding = prediction.choices.iter().find(|choice| choice.check.holds(own));
        if let Some(choice) = holding {
            for figure in headline_figures(&explanation) {
                if contradicts(&figure, &choice.check) {
                    problems.push(format!(
                        "explanation: its answer '{}' contradicts the choice that holds, '{}' ({}); write a figure of the run \
                         as a placeholder such as {{{{{}}}}}, and a figure measured elsewhere with its source",
                        figure.written,
                        choice.text,
                        choice.check,
                        placeholder_hint(&figure, &choice.check)
                    ));
                }
            }
        }
        let plain_fields = std::iter::once(prediction.question.as_str())
            .chain(prediction.choices.iter().map(|choice| choice.text.as_str()));
        for field in plain_fields {
            problems.extend(colour_words("prediction", field));
        }
    }
    if let Some(challenge) = &step.challenge {
        for figure in literal_figures(&challenge.success) {
            if contradicts(&figure, &challenge.check) {
                problems.push(format!(
                    "challenge.success: '{}' contradicts the goal's check ({}); write a figure of the run as a placeholder \
                     such as {{{{{}}}}}",
                    figure.written,
                    challenge.check,
                    placeholder_hint(&figure, &challenge.check)
                ));
            }
        }
        problems.extend(colour_words("challenge.goal", &challenge.goal));
        problems.extend(colour_words("challenge.success", &challenge.success));
    }
    problems
}

/// The figures of a text that its runs cannot give: an I/O latency of a run without I/O, or a
/// compared run's figure on a step that compares with none (which the file's reader refuses
/// already).
fn unfillable_figures(
    field: &str,
    text: &str,
    own: &Metrics,
    compared: Option<&Metrics>,
) -> Vec<String> {
    let Ok(figures) = figures_in(text) else { return Vec::new() };
    figures
        .into_iter()
        .filter_map(|figure| {
            let metrics = match figure.run {
                Run::Own => own,
                Run::Compared => compared?,
            };
            (!figure.metric.has_figure(metrics)).then(|| {
                format!(
                    "{field}: {{{{{}}}}} has no value: the run completes no I/O",
                    figure.metric.name()
                )
            })
        })
        .collect()
}

/// "the Forced switches card" in a step that folds that card under "All metrics".
fn cards_not_shown(field: &str, text: &str, step: &LessonStep) -> Vec<String> {
    let lower = text.to_lowercase();
    let shown = focus_of(step.conditions());
    CardKind::ALL
        .into_iter()
        .filter(|kind| !shown.contains(kind))
        .filter(|kind| [kind.label(), kind.short_label()].iter().any(|name| lower.contains(&format!("{} card", name.to_lowercase()))))
        .map(|kind| {
            let lead: Vec<&str> = shown.iter().map(|kind| kind.label()).collect();
            format!(
                "{field}: it points at the {} card, which this step folds under 'All metrics'; it leads with {} \
                 (a step leads with the cards its prediction's and challenge's checks name)",
                kind.label(),
                lead.join(", ")
            )
        })
        .collect()
}

/// Links to the page's old hash addresses (`[…](#/lesson/…)`), which a step's page would take for
/// a fragment of itself: its links are paths relative to it.
fn old_addresses(field: &str, markdown: &str) -> Vec<String> {
    let links = markdown.match_indices("](#/").map(|(at, _)| &markdown[at + 2..]);
    links
        .map(|link| {
            let link = link.split(')').next().unwrap_or_default();
            format!(
                "{field}: the link {link} is an old hash address; link the page relative to the step's own, \
                 ../../<slug>/<step>/ for a step, ../../../lab/ for the lab (docs/writing-lessons.md)"
            )
        })
        .collect()
}

/// Colour words, whole words, except "green threads" (a kind of thread, not a colour).
fn colour_words(field: &str, text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let mut found = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let next = words.get(index + 1).copied().unwrap_or_default();
        if COLOURS.contains(word)
            && !(*word == "green" && next.starts_with("thread"))
            && !found.contains(word)
        {
            found.push(*word);
        }
    }
    found
        .into_iter()
        .map(|colour| {
            format!(
                "{field}: it names a colour ('{colour}'); the timeline tells states apart by pattern (solid, diagonal \
                 stripes, horizontal stripes…) and threads by name, so name those instead"
            )
        })
        .collect()
}

/// A figure written out in a text: `15 ms`, `1.3×`, `48%`.
#[derive(Debug, Clone, PartialEq)]
struct Literal {
    written: String,
    unit: Unit,
    /// In the unit conditions use: nanoseconds, a ratio, a percentage.
    value: f64,
}

/// The figures the answer of an explanation leads with: those of its first sentence, and every
/// figure in bold.
fn headline_figures(runs: &[Prose]) -> Vec<Literal> {
    let text = plain_text(runs);
    let mut figures = literal_figures(first_sentence(&text));
    for run in runs.iter().filter(|run| run.strong) {
        for figure in literal_figures(&run.text) {
            if !figures.contains(&figure) {
                figures.push(figure);
            }
        }
    }
    figures
}

fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|(_, next)| *next);
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if ends {
            return &text[..at];
        }
    }
    text
}

/// Every number with a unit of a metric in `text`.
fn literal_figures(text: &str) -> Vec<Literal> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut figures = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        let after_word = index > 0 && chars[index - 1].1.is_alphanumeric();
        if !c.is_ascii_digit() || after_word {
            index += 1;
            continue;
        }
        let mut end = index;
        while end < chars.len()
            && (chars[end].1.is_ascii_digit()
                || (chars[end].1 == '.' && next_is_digit(&chars, end)))
        {
            end += 1;
        }
        let number: f64 = text[start..chars.get(end).map_or(text.len(), |(at, _)| *at)]
            .parse()
            .unwrap_or(f64::NAN);
        let mut unit_at = end;
        while unit_at < chars.len() && matches!(chars[unit_at].1, ' ' | '\u{a0}' | '\u{202f}') {
            unit_at += 1;
        }
        if let Some((unit, value, length)) = unit_of(&chars[unit_at.min(chars.len())..], number) {
            let stop = chars.get(unit_at + length).map_or(text.len(), |(at, _)| *at);
            figures.push(Literal { written: text[start..stop].to_string(), unit, value });
            index = unit_at + length;
        } else {
            index = end.max(index + 1);
        }
    }
    figures
}

fn next_is_digit(chars: &[(usize, char)], at: usize) -> bool {
    chars.get(at + 1).is_some_and(|(_, c)| c.is_ascii_digit())
}

/// The unit that starts `rest`, as a whole word: the figure's unit, its value in the units
/// conditions use, and how many characters the unit takes.
fn unit_of(rest: &[(usize, char)], number: f64) -> Option<(Unit, f64, usize)> {
    let word: String = rest
        .iter()
        .map(|(_, c)| *c)
        .take_while(|c| c.is_alphabetic() || matches!(c, '×' | '%'))
        .collect();
    let (unit, value, length) = match word.as_str() {
        "ns" => (Unit::Duration, number, 2),
        "µs" | "us" => (Unit::Duration, number * MICROSECOND as f64, 2),
        "ms" => (Unit::Duration, number * MILLISECOND as f64, 2),
        "s" => (Unit::Duration, number * SECOND as f64, 1),
        "×" | "x" => (Unit::Ratio, number, 1),
        "%" => (Unit::Percent, number, 1),
        _ => return None,
    };
    Some((unit, value, length))
}

/// Whether a figure cannot be a value of any metric of its unit that the condition names: for
/// each such metric it breaks one of that metric's clauses. A condition that names no metric of
/// its unit says nothing about it.
fn contradicts(figure: &Literal, condition: &Condition) -> bool {
    let metrics: Vec<Metric> = condition
        .clauses
        .iter()
        .map(|clause| clause.metric)
        .filter(|metric| metric.unit() == figure.unit)
        .collect();
    !metrics.is_empty()
        && metrics.iter().all(|metric| {
            let mut clauses = condition.clauses.iter().filter(|clause| clause.metric == *metric);
            clauses.any(|clause| !clause.comparison.holds(figure.value, clause.value))
        })
}

/// The name of the first metric of the figure's unit that the condition names.
fn placeholder_hint(figure: &Literal, condition: &Condition) -> &'static str {
    condition
        .clauses
        .iter()
        .map(|clause| clause.metric)
        .find(|metric| metric.unit() == figure.unit)
        .map_or("speedup", Metric::name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> Vec<(String, f64)> {
        literal_figures(text).into_iter().map(|figure| (figure.written, figure.value)).collect()
    }

    #[test]
    fn a_link_to_an_old_hash_address_is_named() {
        assert_eq!(
            old_addresses("text", "[the convoy](#/lesson/convoy-effect/1) and [it](../../convoy-effect/1/)"),
            ["text: the link #/lesson/convoy-effect/1 is an old hash address; link the page relative to the \
              step's own, ../../<slug>/<step>/ for a step, ../../../lab/ for the lab (docs/writing-lessons.md)"]
        );
        assert!(old_addresses("explanation", "[a fragment](#sources)").is_empty());
    }

    #[test]
    fn figures_are_found_with_their_units() {
        assert_eq!(
            literal("About 15 ms, 1.3× and 48%; 3.14t and 5–10% and 100 µs, x2 or 2 s."),
            vec![
                ("15 ms".to_string(), 15_000_000.0),
                ("1.3×".to_string(), 1.3),
                ("48%".to_string(), 48.0),
                ("10%".to_string(), 10.0),
                ("100 µs".to_string(), 100_000.0),
                ("2 s".to_string(), 2e9),
            ]
        );
        assert_eq!(literal("3 threads, PEP 703, 2.5 seconds"), vec![]);
    }

    #[test]
    fn an_answer_is_its_first_sentence_and_its_bold_figures() {
        let runs = prose(
            "About **15 ms**, three intervals. The interval is 5 ms.\n\nIn bold later: **82 ms**.",
        );
        let written: Vec<String> =
            headline_figures(&runs).into_iter().map(|figure| figure.written).collect();
        assert_eq!(written, ["15 ms", "82 ms"]);
        assert_eq!(first_sentence("It is 1.3× faster. Then"), "It is 1.3× faster");
    }

    #[test]
    fn a_figure_contradicts_a_condition_it_cannot_satisfy() {
        let figure = |text: &str| literal_figures(text).remove(0);
        let tail = Condition::parse("io_p99 > 50ms").unwrap();
        assert!(contradicts(&figure("15 ms"), &tail));
        assert!(!contradicts(&figure("55 ms"), &tail));
        assert!(!contradicts(&figure("1.3×"), &tail), "a ratio says nothing about a latency");
        let band =
            Condition::parse("io_p99 >= 4ms and io_p99 <= 7ms and wall_time < 500ms").unwrap();
        assert!(!contradicts(&figure("5 ms"), &band));
        assert!(!contradicts(&figure("400 ms"), &band), "it can be the wall time");
        assert!(contradicts(&figure("600 ms"), &band));
        assert!(contradicts(&figure("1.3×"), &Condition::parse("speedup < 1").unwrap()));
    }

    #[test]
    fn colours_are_found_as_whole_words_but_green_threads_are_threads() {
        assert_eq!(colour_words("text", "Orange stripes, then green.").len(), 2);
        assert!(colour_words("text", "green threads and colours, redundant, bluetooth").is_empty());
    }
}
