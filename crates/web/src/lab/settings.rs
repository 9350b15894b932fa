//! The lab's settings (the machine, then the quick form's workers or the groups with programs) and
//! the heading that sums up the scenario they make. Where the lab is one column (a phone, a narrow
//! frame: container queries in styles/main.css), the heading carries a "Change" button and the
//! settings stay folded under it, so the results and the timeline come first; opening them puts
//! focus on the first setting, closing them puts it back on "Change". Wide, the settings are
//! always shown beside the results and the button is hidden.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::groups::groups_view;
use super::state::{LabAction, LabState};
use crate::disclosure::{Disclosure, DisclosureAction};
use crate::form_controls::{machine_fieldset, seed_input, work_fieldset, Editor, Slider};
use crate::params::Param;
use gil_lessons::limits::{PAGE_MAX_GROUP, PAGE_MAX_TASK_GROUP};
use gil_link::quick_form::LabParams;
use gil_sim::python::{GilKind, PythonVersion};
use gil_sim::scenario::WorkerKind;
use gil_sim::time::{exact_duration, parse_duration};
use gil_sim::ScenarioSpec;

/// The scenario in a few words: "2 threads, 1 process · 2 cores · Python 3.12 · switch interval
/// 5 ms".
pub fn summary(spec: &ScenarioSpec) -> String {
    let cores = format!("{} {}", spec.cores, if spec.cores == 1 { "core" } else { "cores" });
    format!("{} · {cores} · Python {} · {}", workers(spec), spec.python, gil(spec))
}

/// How many workers of each kind: "2 threads, 1 process".
fn workers(spec: &ScenarioSpec) -> String {
    let mut parts = Vec::new();
    for (kind, one, many) in [
        (WorkerKind::Thread, "thread", "threads"),
        (WorkerKind::Process, "process", "processes"),
        (WorkerKind::Task, "asyncio task", "asyncio tasks"),
        (WorkerKind::Interpreter, "subinterpreter", "subinterpreters"),
    ] {
        let count: u32 = spec
            .workers
            .iter()
            .filter(|worker| worker.kind == kind.as_str())
            .map(|worker| worker.count)
            .sum();
        if count > 0 {
            parts.push(format!("{count} {}", if count == 1 { one } else { many }));
        }
    }
    if parts.is_empty() {
        "no workers".to_string()
    } else {
        parts.join(", ")
    }
}

/// What decides when threads take turns: the switch interval, unless the Python has none.
fn gil(spec: &ScenarioSpec) -> String {
    match PythonVersion::parse(&spec.python).map(PythonVersion::gil_kind) {
        Some(GilKind::Old) => "old GIL (ticks, no switch interval)".to_string(),
        Some(GilKind::None) => "free-threaded (no GIL)".to_string(),
        _ => match parse_duration(&spec.switch_interval) {
            Ok(interval) => format!("switch interval {}", exact_duration(interval)),
            Err(_) => format!("switch interval {}", spec.switch_interval),
        },
    }
}

/// The settings' fold, and the elements focus moves between as it opens and closes.
pub struct SettingsFold {
    fold: UseReducerHandle<Disclosure>,
    change: NodeRef,
    form: NodeRef,
}

/// The settings' fold, folded; focus goes to the first setting when it opens, back to "Change"
/// when it closes, and nowhere when the lab mounts.
#[hook]
pub fn use_settings_fold() -> SettingsFold {
    let fold = use_reducer(Disclosure::default);
    let (change, form) = (use_node_ref(), use_node_ref());
    {
        let (change, form) = (change.clone(), form.clone());
        use_effect_with(*fold, move |fold| {
            if fold.changes > 0 {
                focus(if fold.open { first_setting(&form) } else { change.cast::<Element>() });
            }
        });
    }
    SettingsFold { fold, change, form }
}

fn first_setting(form: &NodeRef) -> Option<Element> {
    form.cast::<Element>()?.query_selector("input, select, textarea, button").ok()?
}

fn focus(element: Option<Element>) {
    if let Some(element) = element.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The results' heading, with the "Change" button that opens the settings where they fold.
pub fn lab_head(title: &str, settings: &SettingsFold) -> Html {
    let toggle = settings.fold.dispatcher().to_callback().reform(|_| DisclosureAction::Toggle);
    html! {
        <div class="lab-head">
            <h2 class="lab-summary">{ title }</h2>
            <button type="button" class="button lab-change" ref={settings.change.clone()} aria-expanded={settings.fold.expanded()}
                aria-controls="lab-settings" onclick={toggle}>{ "Change" }</button>
        </div>
    }
}

/// Every setting, with a button that closes them where they fold.
pub fn lab_settings(
    lab: &LabState,
    dispatch: &Callback<LabAction>,
    settings: &SettingsFold,
) -> Html {
    let close = settings.fold.dispatcher().to_callback().reform(|_| DisclosureAction::Close);
    html! {
        <form id="lab-settings" class={settings.fold.class("lab-controls", "lab-controls open")} ref={settings.form.clone()}
            aria-label="Lab settings" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
            { lab_controls(lab, dispatch) }
            <button type="button" class="button lab-close" onclick={close}>{ "Close settings" }</button>
        </form>
    }
}

/// The quick form's workers: how many of each kind, and what each does.
fn quick_form_workers(editor: &Editor, params: &LabParams, dispatch: &Callback<LabAction>) -> Html {
    html! {
        <>
            <fieldset>
                <legend>{ "Workers" }</legend>
                <Slider id="threads" label="Threads" value={params.threads} max={PAGE_MAX_GROUP} oninput={editor.reform(Param::Threads)} />
                <Slider id="processes" label="Processes" value={params.processes} max={PAGE_MAX_GROUP} oninput={editor.reform(Param::Processes)} />
                <Slider id="tasks" label="asyncio tasks" value={params.tasks} max={PAGE_MAX_TASK_GROUP} oninput={editor.reform(Param::Tasks)} />
                <Slider id="interpreters" label="Subinterpreters" value={params.interpreters} max={PAGE_MAX_GROUP}
                    oninput={editor.reform(Param::Interpreters)} />
            </fieldset>
            { work_fieldset(editor, params) }
            <button type="button" class="button" data-testid="write-programs" onclick={dispatch.reform(|_| LabAction::WritePrograms)}>{ "Write the programs yourself" }</button>
            <p class="control-hint">{ "Mix kinds of work: a CPU-bound thread beside an I/O one, a server, a shared counter, asyncio with to_thread." }</p>
        </>
    }
}

/// The machine, then the quick form's workers or the groups with programs.
fn lab_controls(lab: &LabState, dispatch: &Callback<LabAction>) -> Html {
    let editor: Editor = dispatch.reform(LabAction::Set);
    let params = &lab.params;
    let workers = match &lab.sandbox {
        None => quick_form_workers(&editor, params, dispatch),
        Some(sandbox) => html! {
            <fieldset class="sandbox">
                <legend>{ "Groups of workers" }</legend>
                { groups_view(sandbox, dispatch) }
                { seed_input(&editor, params.seed) }
            </fieldset>
        },
    };
    html! {
        <>
            { machine_fieldset(&editor, params, lab.sandbox.is_some()) }
            { workers }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_link::quick_form::scenario::spec;

    #[test]
    fn the_summary_names_the_workers_the_machine_and_the_gil() {
        let params = LabParams { threads: 1, processes: 2, ..LabParams::default() };
        assert_eq!(
            summary(&spec(&params)),
            "1 thread, 2 processes · 2 cores · Python 3.12 · switch interval 5 ms"
        );
        let (sandbox, _) = gil_link::query::read("c=1&si=100us&w=task,n=3:io+1ms&w=task:cpu+1ms");
        assert_eq!(
            summary(&sandbox),
            "4 asyncio tasks · 1 core · Python 3.12 · switch interval 100 µs"
        );
    }

    #[test]
    fn the_summary_says_when_no_switch_interval_applies() {
        let old = LabParams { python: "2.7".into(), ..LabParams::default() };
        assert!(summary(&spec(&old)).ends_with("Python 2.7 · old GIL (ticks, no switch interval)"));
        let free = LabParams { python: "3.14t".into(), ..LabParams::default() };
        assert!(summary(&spec(&free)).ends_with("Python 3.14t · free-threaded (no GIL)"));
    }
}
