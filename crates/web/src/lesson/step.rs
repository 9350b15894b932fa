//! One step in the player: its text, its question or challenge, and the lab set to its scenario
//! with only the controls it opens. Keyed by the step, so every step starts from its own scenario.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::fetch::{use_fetched, Fetched};
use super::navigation::{explanation_url, step_address, StepQuery};
use super::step_state::{StepAction, StepState};
use super::storage::{self, use_stored_progress};
use super::text::step_text;
use super::verdict::{challenge_progress, verdict, Measurement, Verdict};
use crate::after_first_paint::{use_after_first_paint, waiting_for_paint};
use crate::form_controls::notices_view;
use crate::metric_cards::{outcome_view, Reference};
use crate::route::{scenario_lab_address, use_page_address, PageAddress, Route};
use crate::run::{run, Outcome};
use crate::share::SharePanel;
use crate::url_sync::use_url_written_at_rest;
use gil_lessons::cards::focus_of;
use gil_lessons::controls::Control;
use gil_lessons::figures::fill;
use gil_lessons::model::{Challenge, LessonDetails, LessonStep, Prediction};
use gil_sim::metrics::Metrics;
use gil_sim::ScenarioSpec;

#[derive(Properties, Clone, PartialEq)]
pub struct StepProps {
    pub slug: AttrValue,
    pub lesson_title: AttrValue,
    /// The step's number in its lesson, counted from 1; the player shows a step only when its
    /// lesson's details have it.
    pub number: usize,
    /// What the step's address says: the settings it starts from, embed mode, "this step only".
    pub query: StepQuery,
    /// The lesson's details, kept for the page's lifetime: shared, not a copy of the step.
    pub details: Rc<LessonDetails>,
    /// The step's text, which the player fetches together with the lesson's file, and its Retry.
    pub text: Fetched,
    pub retry_text: Callback<MouseEvent>,
}

impl StepProps {
    fn step(&self) -> &LessonStep {
        &self.details.steps[self.number - 1]
    }
}

type Dispatcher = UseReducerDispatcher<StepState>;

/// A control as a labelled drop-down list of the values it offers (and the current one, should the
/// scenario hold a value the control does not offer); disabled until the step's question is answered.
fn control_select(
    dispatcher: &Dispatcher,
    index: usize,
    control: &Control,
    state: &StepState,
) -> Html {
    let id = format!("step-control-{index}");
    let current = control.current(&state.spec);
    let mut values = control.values(&state.spec);
    if !values.contains(&current) {
        values.insert(0, current.clone());
    }
    let onchange = {
        let (dispatcher, control) = (dispatcher.clone(), control.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatcher.dispatch(StepAction::Set(control.clone(), select.value()));
        })
    };
    html! {
        <div class="control">
            <label for={id.clone()}>{ control.label(&state.spec) }</label>
            <select id={id} data-control={control.to_string()} disabled={!state.controls_open()} {onchange}>
                { for values.into_iter().map(|value| {
                    let chosen = value == current;
                    html! { <option selected={chosen} value={value.clone()}>{ control.shown(&value) }</option> }
                }) }
            </select>
        </div>
    }
}

fn metrics_of(outcome: &Outcome) -> Option<&Metrics> {
    outcome.trace().map(|trace| &trace.metrics)
}

/// Each measured metric of a verdict: "The speedup: 1.02×".
fn measured_list(measured: &[Measurement], label: &'static str) -> Html {
    html! {
        <ul class="verdict-measured" aria-label={label}>
            { for measured.iter().map(|measured| html! { <li>{ &measured.label }{ ": " }<strong>{ &measured.value }</strong></li> }) }
        </ul>
    }
}

/// What the simulation says about the learner's answer, in one sentence.
fn verdict_sentence(prediction: &Prediction, verdict: &Verdict) -> String {
    if verdict.agrees() {
        return "The simulation agrees with you.".into();
    }
    let right: Vec<&str> = verdict
        .holding
        .iter()
        .filter_map(|index| prediction.choices.get(*index))
        .map(|choice| choice.text.as_str())
        .collect();
    format!("The simulation disagrees. It says: {}", right.join("; "))
}

/// A choice as it reads once the answer is shown: ✓ on the right one, ✗ on a wrong pick.
fn choice_mark(index: usize, verdict: Option<&Verdict>) -> (&'static str, &'static str) {
    match verdict {
        Some(verdict) if verdict.holding.contains(&index) => {
            ("✓ ", "prediction-choice choice-right")
        }
        Some(verdict) if verdict.chosen == index => ("✗ ", "prediction-choice choice-wrong"),
        _ => ("", "prediction-choice"),
    }
}

fn prediction_view(
    prediction: &Prediction,
    explanation: Html,
    state: &StepState,
    dispatcher: &Dispatcher,
    on_answer: Callback<usize>,
) -> Html {
    // Judged on the step's own settings, whatever the controls show now.
    let judged = state
        .answer
        .zip(metrics_of(&state.base_outcome))
        .map(|(chosen, metrics)| verdict(prediction, chosen, metrics));
    let live = judged.as_ref().filter(|_| state.changed()).and_then(|judged| {
        let metrics = metrics_of(&state.outcome)?;
        Some(verdict(prediction, judged.chosen, metrics).measured)
    });
    let on_try_again = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(StepAction::TryAgain))
    };
    let verdict_view = match &judged {
        Some(verdict) => {
            let class = if verdict.agrees() {
                "verdict-line verdict-agrees"
            } else {
                "verdict-line verdict-disagrees"
            };
            html! {
                <>
                    <p class={class}>{ verdict_sentence(prediction, verdict) }</p>
                    { measured_list(&verdict.measured, "Measured at the step's settings") }
                    if let Some(live) = live {
                        <div class="verdict-live">
                            <p>{ "The verdict is about the step's settings. With the settings you chose:" }</p>
                            { measured_list(&live, "Measured at the settings you chose") }
                        </div>
                    }
                    // Our own build output: Markdown rendered with raw HTML escaped (see lessons::markdown).
                    <div class="verdict-explanation">{ explanation }</div>
                    <button type="button" class="button try-again" data-testid="try-again" onclick={on_try_again}>{ "Try again" }</button>
                </>
            }
        }
        None => Html::default(),
    };
    let answered = state.answer.is_some();
    html! {
        <section class="prediction" data-testid="prediction" aria-labelledby="prediction-heading">
            <h3 id="prediction-heading">{ "Predict" }</h3>
            <p class="prediction-question" id="prediction-question">{ &prediction.question }</p>
            <div class="prediction-choices" role="group" aria-labelledby="prediction-question">
                { for prediction.choices.iter().enumerate().map(|(index, choice)| {
                    let (mark, class) = choice_mark(index, judged.as_ref());
                    html! {
                        <button type="button" class={format!("button {class}")} data-testid="prediction-choice"
                            aria-pressed={(state.answer == Some(index)).to_string()} disabled={answered}
                            onclick={on_answer.reform(move |_: MouseEvent| index)}>
                            { mark }{ &choice.text }
                        </button>
                    }
                }) }
            </div>
            <div class="verdict" data-testid="verdict" aria-live="polite">{ verdict_view }</div>
        </section>
    }
}

/// The challenge, its progress on the learner's run, and once it is met its success, whose figures
/// are the learner's run's (and the compared step's).
fn challenge_view(challenge: &Challenge, outcome: &Outcome, compared: Option<&Metrics>) -> Html {
    let metrics = metrics_of(outcome);
    let clauses =
        metrics.map(|metrics| challenge_progress(&challenge.check, metrics)).unwrap_or_default();
    let met = !clauses.is_empty() && clauses.iter().all(|clause| clause.met);
    let success =
        metrics.map(|metrics| fill(&challenge.success, metrics, compared)).unwrap_or_default();
    html! {
        <section class="challenge" data-testid="challenge" aria-labelledby="challenge-heading">
            <h3 id="challenge-heading">{ "Challenge" }</h3>
            <p class="challenge-goal">{ &challenge.goal }</p>
            <ul class="challenge-clauses">
                { for clauses.iter().map(|clause| html! {
                    <li class={if clause.met { "challenge-clause met" } else { "challenge-clause" }}>
                        { if clause.met { "✓ " } else { "○ " } }{ &clause.goal }{ ": now " }<strong>{ &clause.now }</strong>{ if clause.met { " (met)" } else { " (not yet)" } }
                    </li>
                }) }
            </ul>
            <div class="challenge-status" aria-live="polite">
                if met {
                    <p class="celebration" data-testid="challenge-met">{ success }</p>
                }
            </div>
        </section>
    }
}

/// A link to the lab with this step's scenario as its settings stand, to play with freely; from an
/// embedded step it opens a new tab, so the course page stays.
fn open_in_lab(spec: &ScenarioSpec, title: String, embed: bool, address: &PageAddress) -> Html {
    let lab = scenario_lab_address(&ScenarioSpec { title, ..spec.clone() });
    html! {
        <p class="open-in-lab">
            if embed {
                <a href={address.url(&lab)} target="_blank" rel="noopener" data-testid="open-in-lab">{ "Open this scenario in the lab" }</a>
            } else {
                <a href={address.href(&lab)} data-testid="open-in-lab">{ "Open this scenario in the lab" }</a>
            }
            { " to change anything: the workers, their programs, the machine." }
        </p>
    }
}

/// The step's state, starting from its scenario, the settings its address gives and the answer
/// the learner gave on an earlier visit.
#[hook]
fn use_step_state(props: &StepProps) -> UseReducerHandle<StepState> {
    let progress = use_stored_progress();
    use_reducer({
        let props = props.clone();
        move || {
            let step = props.step();
            StepState::new(step, progress.answer(&props.slug, props.number))
                .with_settings(&step.controls, &props.query.settings)
        }
    })
}

/// The step's address with the settings the learner has chosen, so that a link reproduces them.
fn address_with_settings(props: &StepProps, state: &StepState, embed: bool, only: bool) -> String {
    let query = StepQuery { settings: state.settings(&props.step().controls), embed, only };
    step_address(&props.slug, props.number - 1, &query.to_query())
}

/// Whether a route is this step's, which the step may write its address over.
fn is_this_step(props: &StepProps) -> impl Fn(&Route) -> bool + 'static {
    let (slug, number) = (props.slug.clone(), props.number);
    move |route: &Route| match route {
        Route::Lesson { slug: shown, step, .. } => {
            *shown == *slug && (step.parse() == Ok(number) || (step.is_empty() && number == 1))
        }
        _ => false,
    }
}

/// The earlier step this one compares with, at its own settings: (its number from 1, its outcome).
#[hook]
fn use_earlier_step(props: &StepProps) -> Rc<Option<(usize, Outcome)>> {
    let details = props.details.clone();
    use_memo(props.step().compare_with, move |compared| {
        compared.and_then(|index| Some((index + 1, run(&details.steps.get(index)?.scenario))))
    })
}

/// The controls the step opens, closed until its question is answered, and the way back to its
/// own settings.
fn step_controls(dispatcher: &Dispatcher, step: &LessonStep, state: &StepState) -> Html {
    if step.controls.is_empty() {
        return Html::default();
    }
    let on_reset = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(StepAction::Reset))
    };
    html! {
        <form class="player-controls" aria-label="Settings this step opens" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
            { for step.controls.iter().enumerate().map(|(index, control)| control_select(dispatcher, index, control, state)) }
            if !state.controls_open() {
                <p class="controls-note">{ "Answer the question first: these settings open once you have." }</p>
            }
            if state.changed() {
                <button type="button" class="button" data-testid="reset-settings" onclick={on_reset}>{ "Reset to the lesson's settings" }</button>
            }
        </form>
    }
}

/// What the step's run shows once the page has painted: the cards and the timeline (after the
/// answer), the way into the lab, and Share (outside embed mode).
fn step_results(
    props: &StepProps,
    state: &StepState,
    earlier: Option<&(usize, Outcome)>,
    address: &PageAddress,
) -> Html {
    let step = props.step();
    let focus = focus_of(step.conditions());
    let reference =
        earlier.map(|(number, outcome)| Reference { name: format!("Step {number}"), outcome });
    html! {
        <>
            if state.controls_open() {
                { outcome_view(&state.outcome, state.previous.as_ref(), Some(&focus), reference, Vec::new()) }
                { open_in_lab(&state.spec, format!("{}, step {}", props.lesson_title, props.number), props.query.embed, address) }
            }
            if !props.query.embed {
                <SharePanel address={address_with_settings(props, state, false, false)} title={format!("GIL Lab: {}, step {}: {}", props.lesson_title, props.number, step.title)}
                    step_only_option=true />
            }
        </>
    }
}

#[function_component(StepView)]
pub fn step_view(props: &StepProps) -> Html {
    let step = props.step();
    let state = use_step_state(props);
    use_url_written_at_rest(
        address_with_settings(props, &state, props.query.embed, props.query.only),
        is_this_step(props),
    );
    let dispatcher = state.dispatcher();
    let on_answer = {
        let (dispatcher, slug, number) = (dispatcher.clone(), props.slug.clone(), props.number);
        Callback::from(move |choice: usize| {
            storage::update(|progress| progress.record_answer(&slug, number, choice));
            dispatcher.dispatch(StepAction::Answer(choice));
        })
    };
    let hidden_until_answered = !state.controls_open();
    let painted = use_after_first_paint();
    let earlier = use_earlier_step(props);
    let address = use_page_address();
    // The explanation is fetched once there is a verdict to explain.
    let explained = state.answer.is_some() && metrics_of(&state.base_outcome).is_some();
    let explanation = use_fetched(
        explained.then(|| AttrValue::from(explanation_url(&props.slug, props.number - 1))),
    );

    html! {
        <div class="player-layout">
            <article class="player-text" aria-labelledby="step-title">
                <h2 id="step-title">{ &step.title }</h2>
                { step_text((props.text.clone(), props.retry_text.clone())) }
                if let Some(prediction) = &step.prediction {
                    { prediction_view(prediction, step_text(explanation), &state, &dispatcher, on_answer) }
                }
            </article>
            <section class="player-lab" aria-labelledby="lab-heading">
                <h3 id="lab-heading">{ "The lab" }</h3>
                { notices_view(&state.notices, "The address had settings this step could not use:") }
                { step_controls(&dispatcher, step, &state) }
                if let Some(problem) = &state.problem {
                    <p class="error" role="alert">{ problem }</p>
                }
                // The challenge beside the controls that meet it, above the figures it is about; not
                // before the question is answered, since its progress line gives the answer away.
                if let Some(challenge) = step.challenge.as_ref().filter(|_| !hidden_until_answered) {
                    { challenge_view(challenge, &state.outcome, Option::as_ref(&*earlier).and_then(|(_, outcome)| metrics_of(outcome))) }
                }
                if hidden_until_answered {
                    <p class="prediction-placeholder">{ "Answer the question to see the timeline and the metrics." }</p>
                }
                if painted {
                    { step_results(props, &state, Option::as_ref(&*earlier), &address) }
                } else {
                    { waiting_for_paint() }
                }
            </section>
        </div>
    }
}
