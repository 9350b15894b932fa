//! The free lab (`#/lab?…`): every parameter is a control and a key of the URL's query string
//! ([`crate::params`]); the parameters make a scenario that is simulated again at every change
//! ([`state`]), and the page shows its metrics, timeline, event log and the matching Python
//! program ([`python_panel`]).

pub mod python_panel;
pub mod state;

use yew::prelude::*;

use self::python_panel::PythonPanel;
use self::state::LabState;
use crate::controls::{machine_fieldset, notices_view, slider, work_fieldset, Editor};
use crate::embed::with_embed;
use crate::metrics::outcome_view;
use crate::params::query::LabParams;
use crate::params::LabAction;
use crate::route::{lab_hash, Route};
use crate::share::SharePanel;
use crate::url_sync::{use_reload_on_url_change, use_url_written_at_rest};
use gil_lessons::limits::{PAGE_MAX_GROUP, PAGE_MAX_TASK_GROUP};

/// The workers in a few words: "2 threads, 1 process on Python 3.12, 2 cores".
pub fn summary(params: &LabParams) -> String {
    let mut parts = Vec::new();
    for (count, one, many) in [
        (params.threads, "thread", "threads"),
        (params.processes, "process", "processes"),
        (params.tasks, "asyncio task", "asyncio tasks"),
        (params.interpreters, "subinterpreter", "subinterpreters"),
    ] {
        if count > 0 {
            parts.push(format!("{count} {}", if count == 1 { one } else { many }));
        }
    }
    let workers = if parts.is_empty() { "no workers".to_string() } else { parts.join(", ") };
    format!("{workers} on Python {}, {} {}", params.python, params.cores, if params.cores == 1 { "core" } else { "cores" })
}

#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    /// The query string of the URL (`c=2&t=2…`).
    pub query: AttrValue,
    /// How many times the hash has changed: a new count loads `query` again even when it is the same.
    #[prop_or_default]
    pub changes: u32,
    /// Whether the page is in embed mode, which the URL the lab writes keeps.
    #[prop_or_default]
    pub embed: bool,
}

#[function_component(LabPage)]
pub fn lab_page(props: &LabProps) -> Html {
    let lab = use_reducer({
        let query = props.query.clone();
        move || LabState::from_query(&query)
    });
    let dispatch = lab.dispatcher().to_callback();
    use_reload_on_url_change(dispatch.reform(LabAction::Load), props.query.clone(), props.changes);
    let hash = lab_hash(&lab.params);
    use_url_written_at_rest(if props.embed { with_embed(&hash) } else { hash.clone() }, |route| matches!(route, Route::Lab { .. }));

    let editor: Editor = dispatch.reform(LabAction::Edit);
    let params = &lab.params;

    let controls = html! {
        <form class="lab-controls" aria-label="Lab settings" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
            { machine_fieldset(&editor, params) }
            <fieldset>
                <legend>{ "Workers" }</legend>
                { slider(&editor, "threads", "Threads", params.threads, PAGE_MAX_GROUP, 0, params.threads.to_string(), |p, v| p.threads = v) }
                { slider(&editor, "processes", "Processes", params.processes, PAGE_MAX_GROUP, 0, params.processes.to_string(), |p, v| p.processes = v) }
                { slider(&editor, "tasks", "asyncio tasks", params.tasks, PAGE_MAX_TASK_GROUP, 0, params.tasks.to_string(), |p, v| p.tasks = v) }
                { slider(&editor, "interpreters", "Subinterpreters", params.interpreters, PAGE_MAX_GROUP, 0, params.interpreters.to_string(), |p, v| p.interpreters = v) }
            </fieldset>
            { work_fieldset(&editor, params) }
        </form>
    };

    html! {
        <main class="lab">
            <h1>{ "Lab" }</h1>
            <p class="lede">{ "Choose a machine, a Python and workers: the simulator runs them at once, and the address of this page keeps every setting, so it reproduces this exact timeline." }</p>
            { notices_view(&lab.notices, "The address had settings the lab could not use as they were:") }
            // The controls beside what they change: the cards and the timeline in view as a slider moves.
            <div class="lab-layout">
                { controls }
                <div class="lab-results">
                    <h2 class="lab-summary">{ summary(params) }</h2>
                    { outcome_view(&lab.outcome, lab.previous.as_ref(), None, None) }
                    <section class="lab-scenario" aria-label="Scenario">
                        <h2>{ "What each worker runs" }</h2>
                        <ul class="workers">
                            { for lab.spec.workers.iter().map(|worker| html! {
                                <li><span class="worker-name">{ format!("{} × {}", worker.count, worker.kind) }</span>{ ": " }<code>{ &worker.program }</code></li>
                            }) }
                        </ul>
                        <SharePanel hash={hash.clone()} title={format!("GIL Lab: {}", summary(params))} />
                    </section>
                </div>
            </div>
            <PythonPanel spec={lab.spec.clone()} link={hash.clone()} />
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_the_workers() {
        let params = LabParams { threads: 1, processes: 2, ..LabParams::default() };
        assert_eq!(summary(&params), "1 thread, 2 processes on Python 3.12, 2 cores");
    }
}
