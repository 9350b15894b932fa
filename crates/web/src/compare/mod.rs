//! The compare view (`compare/?…`): one workload run as threads, processes, asyncio tasks and
//! free-threaded threads ([`runs`]), with a bar chart of wall time and speedup and the four
//! timelines stacked on one time scale. Its settings are the lab's, `n` replacing the four counts.

pub mod runs;

use yew::prelude::*;

use self::runs::{bars, Bar, CompareRun, CompareState, FREE_THREADED};
use super::after_first_paint::{use_after_first_paint, waiting_for_paint};
use super::embed::with_embed;
use super::form_controls::{machine_fieldset, notices_view, work_fieldset, Editor, Slider};
use super::params::{Param, ParamsAction};
use super::route::{compare_address, lab_address, use_page_address, PageAddress, Route};
use super::run::Outcome;
use super::share::SharePanel;
use super::timeline::{legend, present_states, CompactTimeline};
use super::url_sync::{use_reload_on_url_change, use_url_written_at_rest};
use gil_lessons::limits::PAGE_MAX_GROUP;
use gil_link::quick_form::LabParams;
use gil_sim::time::{exact_duration, fixed, format_duration, Nanos};

#[derive(Properties, PartialEq, Clone)]
pub struct CompareProps {
    /// The query string of the URL (`c=4&n=4…`).
    pub query: AttrValue,
    /// How many times the hash has changed: a new count loads `query` again even when it is the same.
    #[prop_or_default]
    pub changes: u32,
    #[prop_or_default]
    pub embed: bool,
}

const CHART_LABEL_WIDTH: f64 = 150.0;
const CHART_BAR_WIDTH: f64 = 210.0;
const CHART_ROW: f64 = 26.0;

/// "412 ms, 0.97×" for a bar, or why there is none.
fn bar_text(bar: &Bar) -> String {
    match bar.result {
        Some((wall, speedup)) => format!("{}, {}×", format_duration(wall), fixed(speedup, 2)),
        None => "cannot run".into(),
    }
}

/// The bar chart (SVG, every bar labelled in text) and the same figures as a table.
fn chart(runs: &[CompareRun]) -> Html {
    let bars = bars(runs);
    let height = CHART_ROW * bars.len() as f64 + 8.0;
    let width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 120.0;
    let summary: Vec<String> =
        bars.iter().map(|bar| format!("{}: {}", bar.label, bar_text(bar))).collect();
    html! {
        <section class="compare-chart" aria-label="Wall time and speedup">
            <h2>{ "Wall time and speedup vs sequential" }</h2>
            <svg class="chart-svg" role="img" aria-label={format!("Bar chart of wall time. {}", summary.join("; "))}
                viewBox={format!("0 0 {} {}", fixed(width, 0), fixed(height, 0))} width={fixed(width, 0)} height={fixed(height, 0)}>
                { for bars.iter().enumerate().map(|(index, bar)| {
                    let y = 4.0 + CHART_ROW * index as f64;
                    let length = (bar.share * CHART_BAR_WIDTH).max(if bar.result.is_some() { 1.0 } else { 0.0 });
                    html! {
                        <g class={if index == 0 { "chart-row chart-baseline" } else { "chart-row" }}>
                            <text class="chart-label" x={fixed(CHART_LABEL_WIDTH - 8.0, 1)} y={fixed(y + 15.0, 1)} text-anchor="end">{ &bar.label }</text>
                            <rect class="chart-bar" x={fixed(CHART_LABEL_WIDTH, 1)} y={fixed(y, 1)} width={fixed(length, 1)} height="20" />
                            <text class="chart-value" x={fixed(CHART_LABEL_WIDTH + length + 6.0, 1)} y={fixed(y + 15.0, 1)}>{ bar_text(bar) }</text>
                        </g>
                    }
                }) }
            </svg>
            <table class="compare-table">
                <caption>{ "The same figures: speedup is the sequential time divided by the wall time." }</caption>
                <thead><tr><th scope="col">{ "Run" }</th><th scope="col">{ "Wall time" }</th><th scope="col">{ "Speedup vs sequential" }</th></tr></thead>
                <tbody>
                    { for bars.iter().map(|bar| match bar.result {
                        Some((wall, speedup)) => html! {
                            <tr><th scope="row">{ &bar.label }</th><td>{ format_duration(wall) }</td><td>{ format!("{}×", fixed(speedup, 2)) }</td></tr>
                        },
                        None => html! {
                            <tr><th scope="row">{ &bar.label }</th><td colspan="2">{ "cannot run (see below)" }</td></tr>
                        },
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// The compare view's state, reloaded when its address changes and written into the address once
/// it rests; with the view's hash (without embed mode).
#[hook]
fn use_compare_state(props: &CompareProps) -> (UseReducerHandle<CompareState>, String) {
    let state = use_reducer({
        let query = props.query.clone();
        move || CompareState::from_query(&query)
    });
    use_reload_on_url_change(
        state.dispatcher().to_callback().reform(ParamsAction::Load),
        props.query.clone(),
        props.changes,
    );
    let address = compare_address(&state.params);
    use_url_written_at_rest(
        if props.embed { with_embed(&address) } else { address.clone() },
        |route| matches!(route, Route::Compare { .. }),
    );
    (state, address)
}

/// The compare view's settings: the lab's, one number of workers replacing the four counts.
fn compare_controls(editor: &Editor, params: &LabParams) -> Html {
    html! {
        <form class="lab-controls" aria-label="Compare settings" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
            { machine_fieldset(editor, params, false) }
            <fieldset>
                <legend>{ "Workers" }</legend>
                <Slider id="workers" label="Workers of each kind (n)" value={params.threads} min={1} max={PAGE_MAX_GROUP} oninput={editor.reform(Param::Threads)} />
            </fieldset>
            { work_fieldset(editor, params) }
        </form>
    }
}

/// One run: its title, its figures and its timeline drawn to `end`, or why it cannot run.
fn run_view(run: &CompareRun, workload: &LabParams, end: Nanos, page: &PageAddress) -> Html {
    let title = run.variant.title(workload.threads, &workload.python);
    html! {
        <section class="compare-variant" aria-label={title.clone()}>
            <div class="compare-variant-head">
                <h2>{ &title }</h2>
                <a href={page.href(&lab_address(&run.params))}>{ "Open this in the lab" }</a>
            </div>
            { match &run.outcome {
                Outcome::Ready(trace) => html! {
                    <>
                        <p class="compare-figures">{ format!(
                            "Wall time {}, speedup {}× vs sequential, {} GIL hand-offs.",
                            format_duration(trace.metrics.makespan), fixed(trace.metrics.speedup, 2), trace.metrics.gil_handoffs
                        ) }</p>
                        <CompactTimeline trace={trace.clone()} {end} label={format!("Timeline of {title}")} file_stem={run.variant.file_stem()} />
                    </>
                },
                Outcome::Failed(message) => html! { <p class="error compare-error" role="alert">{ message }</p> },
            } }
        </section>
    }
}

#[function_component(ComparePage)]
pub fn compare_page(props: &CompareProps) -> Html {
    let (state, address) = use_compare_state(props);
    let page = use_page_address();
    let editor: Editor = state.dispatcher().to_callback().reform(ParamsAction::Set);
    let params: &LabParams = &state.params;
    let workers = params.threads;
    let end = state.shared_end();
    let traces: Vec<_> = state.runs.iter().filter_map(|run| run.outcome.trace().cloned()).collect();
    let present = present_states(traces.iter().map(|trace| &**trace));
    let painted = use_after_first_paint();

    html! {
        <main class="compare" data-testid="compare">
            <h1>{ "Compare" }</h1>
            <p class="lede">{ format!(
                "The same work — {workers} {} of {} each — run four ways: as threads, processes and asyncio tasks on Python {}, and as threads on free-threaded Python {FREE_THREADED}. The timelines share one time scale.",
                if workers == 1 { "worker" } else { "workers" },
                exact_duration(params.work),
                params.python
            ) }</p>
            { notices_view(&state.notices, "The address had settings the compare view could not use as they were:") }
            <div class="compare-layout">
                { compare_controls(&editor, params) }
                <div class="compare-side">
                    { chart(&state.runs) }
                    <SharePanel address={address.clone()} title={format!("GIL Lab: {workers} threads, processes, asyncio tasks and free-threaded threads compared")} />
                </div>
            </div>
            <section class="compare-runs" aria-label="Timelines">
                if painted {
                    { legend(&present) }
                    { for state.runs.iter().map(|run| run_view(run, params, end, &page)) }
                } else {
                    { waiting_for_paint() }
                }
            </section>
        </main>
    }
}
