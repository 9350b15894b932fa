//! The lab (`lab/?…`): a sandbox for any scenario the simulator runs. The quick form's sliders
//! make uniform workers; "Write the programs yourself" turns them into groups with programs
//! ([`groups`], [`program_editor`], starting points in [`presets`]); [`settings`] holds them all,
//! folded under the scenario's summary where the lab is one column. Every setting lives in the
//! URL's query string (the quick form's keys, or the whole scenario: `docs/url-format.md`); the
//! state ([`state`]) simulates the scenario again at every change, and the page shows its metrics,
//! timeline, event log, the matching Python program ([`python_panel`]) and the scenario as a file.
//! Under the program, [`your_machine`] reads the result line a run of it printed and sets it beside
//! the simulation ([`real_result`]), marking the real finish times on the timeline; the pasted text
//! is the page's own state, not the URL's.

pub mod groups;
pub mod presets;
pub mod program_editor;
pub mod python_panel;
pub mod real_result;
pub mod settings;
pub mod state;
pub mod your_machine;

use yew::prelude::*;

use self::python_panel::PythonPanel;
use self::settings::{lab_head, lab_settings, summary, use_settings_fold};
use self::state::{LabAction, LabState};
use self::your_machine::{use_your_machine, your_machine_view};
use crate::after_first_paint::{use_after_first_paint, waiting_for_paint};
use crate::embed::with_embed;
use crate::form_controls::notices_view;
use crate::metric_cards::outcome_view;
use crate::route::{use_page_address, Route};
use crate::share::SharePanel;
use crate::timeline::export::download;
use crate::url_sync::{use_reload_on_url_change, use_url_written_at_rest};
use gil_link::address::{with_query, FIDELITY, LAB};
use gil_sim::ScenarioSpec;

#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    /// The query string of the URL (`c=2&t=2…`, or `v=2&…&w=…`).
    pub query: AttrValue,
    /// How many times the hash has changed: a new count loads `query` again even when it is the same.
    #[prop_or_default]
    pub changes: u32,
    /// Whether the page is in embed mode, which the URL the lab writes keeps.
    #[prop_or_default]
    pub embed: bool,
}

/// The lab's state, reloaded when its address changes and written into the address once it
/// rests; with the lab's address (without embed mode).
#[hook]
fn use_lab_state(props: &LabProps) -> (UseReducerHandle<LabState>, String) {
    let lab = use_reducer({
        let query = props.query.clone();
        move || LabState::from_query(&query)
    });
    use_reload_on_url_change(
        lab.dispatcher().to_callback().reform(LabAction::Load),
        props.query.clone(),
        props.changes,
    );
    let address = with_query(LAB, &lab.query());
    use_url_written_at_rest(
        if props.embed { with_embed(&address) } else { address.clone() },
        |route| matches!(route, Route::Lab { .. }),
    );
    (lab, address)
}

/// The results' heading: the scenario's title, if it has one of its own, and its workers.
fn results_title(spec: &ScenarioSpec) -> String {
    match spec.title.as_str() {
        "" | "Lab" => summary(spec),
        title => format!("{title}: {}", summary(spec)),
    }
}

/// Under the cards and the timeline: what each worker runs (for the quick form), Share, and the
/// scenario as a file.
fn scenario_section(lab: &LabState, address: &str, title: &str) -> Html {
    let on_download = {
        let spec = lab.spec.clone();
        Callback::from(move |_: MouseEvent| {
            download(
                "gil-lab-scenario.toml",
                "application/toml",
                &gil_link::toml_text::write(&spec),
            );
        })
    };
    html! {
        <section class="lab-scenario" aria-label="Scenario">
            if lab.sandbox.is_none() {
                <h2>{ "What each worker runs" }</h2>
                <ul class="workers">
                    { for lab.spec.workers.iter().map(|worker| html! {
                        <li><span class="worker-name">{ format!("{} × {}", worker.count, worker.kind) }</span>{ ": " }<code>{ &worker.program }</code></li>
                    }) }
                </ul>
            }
            <SharePanel address={address.to_string()} title={format!("GIL Lab: {title}")} />
            <p class="scenario-file">
                <button type="button" class="button" data-testid="download-scenario" onclick={on_download}>{ "Download scenario (.toml)" }</button>
                { " for " }<code>{ "gil-lab run" }</code>
            </p>
        </section>
    }
}

#[function_component(LabPage)]
pub fn lab_page(props: &LabProps) -> Html {
    let (lab, address) = use_lab_state(props);
    let page = use_page_address();
    let settings = use_settings_fold();
    let dispatch = lab.dispatcher().to_callback();
    let title = results_title(&lab.spec);
    let pending = lab.programs_pending();
    let painted = use_after_first_paint();
    let yours = use_your_machine(&lab.spec, lab.outcome.trace());
    html! {
        <main class="lab">
            <h1>{ "Lab" }</h1>
            <p class="lede">{ "Choose a machine, a Python and workers, or write each group's program: the address of this page keeps every setting, so it reproduces this run." }</p>
            <p class="lab-fidelity">{ "How close to real CPython is it? " }<a href={page.href(FIDELITY)}>{ "See the simulator against measurements" }</a>{ "." }</p>
            { notices_view(&lab.notices, "The address had settings the lab could not use as they were:") }
            // The controls beside what they change: the cards and the timeline in view as a slider moves.
            <div class={classes!("lab-layout", lab.sandbox.is_some().then_some("with-groups"))}>
                { lab_head(&title, &settings) }
                { lab_settings(&lab, &dispatch, &settings) }
                <div class={classes!("lab-results", pending.then_some("stale"))}>
                    if pending {
                        <p class="stale-note" role="status">{ "Still showing the last program that ran: the one being edited runs as soon as it reads." }</p>
                    }
                    if painted {
                        { outcome_view(&lab.outcome, lab.previous.as_ref(), None, None, yours.real_finishes()) }
                        { scenario_section(&lab, &address, &title) }
                    } else {
                        { waiting_for_paint() }
                    }
                </div>
            </div>
            if painted {
                <PythonPanel spec={lab.spec.clone()} link={page.url(&address)} />
                { your_machine_view(&yours) }
            }
        </main>
    }
}
