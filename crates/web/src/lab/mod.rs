//! The free lab (`#/lab?…`): every parameter is a control and a key of the URL's query string
//! ([`query`]); the parameters make a scenario ([`scenario`]) that is simulated again at every
//! change, and the page shows its metrics, timeline, event log and the matching Python program.

pub mod query;
pub mod scenario;
pub mod share;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use self::query::{LabParams, Notice};
use self::share::{copy_on_click, embed_snippet, url_beside_page, url_with_hash};
use super::embed::with_embed;
use super::metrics::outcome_view;
use super::python_code::python_program;
use super::route::{lab_hash, Route};
use super::state::{use_reload_on_url_change, use_url_written_at_rest, LabAction, LabState};
use gil_lessons::limits::SWITCH_INTERVALS;
use gil_lessons::limits::{PAGE_MAX_CORES, PAGE_MAX_GROUP, PAGE_MAX_TASK_GROUP};
use gil_sim::python::{StartMethod, PYTHON_VERSIONS};
use gil_sim::time::short_duration;
use gil_sim::time::{Nanos, MICROSECOND, MILLISECOND};

const WORKS: [Nanos; 11] = [
    MILLISECOND,
    2 * MILLISECOND,
    5 * MILLISECOND,
    10 * MILLISECOND,
    20 * MILLISECOND,
    50 * MILLISECOND,
    100 * MILLISECOND,
    200 * MILLISECOND,
    500 * MILLISECOND,
    1000 * MILLISECOND,
    2000 * MILLISECOND,
];
const IO_WAITS: [Nanos; 11] = [
    10 * MICROSECOND,
    50 * MICROSECOND,
    100 * MICROSECOND,
    500 * MICROSECOND,
    MILLISECOND,
    2 * MILLISECOND,
    5 * MILLISECOND,
    10 * MILLISECOND,
    20 * MILLISECOND,
    50 * MILLISECOND,
    100 * MILLISECOND,
];

/// The choices of a duration control: the usual ones, and the current value when a URL set another.
fn duration_choices(usual: &[Nanos], current: Nanos) -> Vec<(String, String)> {
    let mut choices = usual.to_vec();
    if !choices.contains(&current) {
        choices.push(current);
        choices.sort_unstable();
    }
    choices.into_iter().map(|nanos| (short_duration(nanos), short_duration(nanos))).collect()
}

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

/// A change to the parameters, as a control makes it.
pub type Edit = Box<dyn FnOnce(&mut LabParams)>;
/// Where the controls send their edits (the lab's or the compare view's reducer).
pub type Editor = Callback<Edit>;

fn edit(editor: &Editor, change: impl FnOnce(&mut LabParams) + 'static) {
    editor.emit(Box::new(change));
}

/// A slider for a whole number: label, the input, and its value as text.
#[allow(clippy::too_many_arguments)]
pub fn slider(
    editor: &Editor,
    id: &'static str,
    label: &str,
    value: u32,
    max: u32,
    min: u32,
    shown: String,
    set: fn(&mut LabParams, u32),
) -> Html {
    let editor = editor.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Ok(value) = input.value().parse::<u32>() {
            edit(&editor, move |params| set(params, value));
        }
    });
    html! {
        <div class="control">
            <label for={id}>{ label }</label>
            <input type="range" id={id} name={id} min={min.to_string()} max={max.to_string()} step="1" value={value.to_string()} {oninput} />
            <output for={id} class="control-value">{ shown }</output>
        </div>
    }
}

/// A drop-down list: label, the select, and what choosing sets.
pub fn choice(
    editor: &Editor,
    id: &'static str,
    label: &str,
    choices: Vec<(String, String)>,
    selected: String,
    set: fn(&mut LabParams, String),
) -> Html {
    let editor = editor.clone();
    let onchange = Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let value = select.value();
        edit(&editor, move |params| set(params, value));
    });
    html! {
        <div class="control">
            <label for={id}>{ label }</label>
            <select id={id} name={id} {onchange}>
                { for choices.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    html! { <option selected={chosen} value={value}>{ text }</option> }
                }) }
            </select>
        </div>
    }
}

/// Sets a duration from a control's value (always one of the choices, so always valid).
pub fn set_duration(slot: &mut Nanos, value: &str) {
    if let Ok(nanos) = gil_sim::time::parse_duration(value) {
        *slot = nanos;
    }
}

/// The machine and Python controls, shared by the lab and the compare view.
pub fn machine_fieldset(editor: &Editor, params: &LabParams) -> Html {
    html! {
    <fieldset>
        <legend>{ "Machine and Python" }</legend>
        { slider(editor, "cores", "Cores", params.cores, PAGE_MAX_CORES, 1, params.cores.to_string(), |p, v| p.cores = v) }
        { choice(editor, "python", "Python", PYTHON_VERSIONS.iter().map(|py| (py.to_string(), py.to_string())).collect(), params.python.clone(), |p, v| p.python = v) }
        { choice(editor, "switch-interval", "Switch interval", duration_choices(&SWITCH_INTERVALS, params.switch_interval), short_duration(params.switch_interval), |p, v| set_duration(&mut p.switch_interval, &v)) }
        { choice(editor, "start-method", "Process start method", StartMethod::ALL.iter().map(|m| (m.name().to_string(), m.name().to_string())).collect(), params.start_method.name().to_string(), |p, v| if let Some(m) = StartMethod::parse(&v) { p.start_method = m }) }
    </fieldset>
    }
}

/// The controls of each worker's work, shared by the lab and the compare view.
pub fn work_fieldset(editor: &Editor, params: &LabParams) -> Html {
    let percent = |n: u32| format!("{n}%");
    html! {
    <fieldset>
        <legend>{ "Each worker's work" }</legend>
        { choice(editor, "work", "Work per worker", duration_choices(&WORKS, params.work), short_duration(params.work), |p, v| set_duration(&mut p.work, &v)) }
        { slider(editor, "cpu", "CPU / I/O share", params.cpu_percent, 100, 0, format!("{}/{}", params.cpu_percent, 100 - params.cpu_percent), |p, v| p.cpu_percent = v) }
        { slider(editor, "native", "C code (no GIL)", params.native_percent, 100, 0, percent(params.native_percent), |p, v| p.native_percent = v) }
        { choice(editor, "io", "One I/O wait", duration_choices(&IO_WAITS, params.io_wait), short_duration(params.io_wait), |p, v| set_duration(&mut p.io_wait, &v)) }
        { seed_input(editor, params.seed) }
    </fieldset>
    }
}

/// The seed: a number field, applied when it is left or Enter is pressed.
pub fn seed_input(editor: &Editor, seed: u64) -> Html {
    let editor = editor.clone();
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Ok(seed) = input.value().trim().parse::<u64>() {
            edit(&editor, move |params| params.seed = seed);
        }
    });
    html! {
        <div class="control">
            <label for="seed">{ "Seed" }</label>
            <input type="number" id="seed" name="seed" min="0" step="1" value={seed.to_string()} {onchange} />
        </div>
    }
}

/// What the address held that the page could not use as it was, under `heading`.
pub fn notices_view(notices: &[Notice], heading: &'static str) -> Html {
    if notices.is_empty() {
        return Html::default();
    }
    html! {
        <div class="notices" role="status">
            <p>{ heading }</p>
            <ul>
                { for notices.iter().map(|notice| html! { <li>{ notice.to_string() }</li> }) }
            </ul>
        </div>
    }
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
    use_reload_on_url_change(dispatch.clone(), props.query.clone(), props.changes);
    let hash = lab_hash(&lab.params);
    use_url_written_at_rest(if props.embed { with_embed(&hash) } else { hash.clone() }, |route| matches!(route, Route::Lab { .. }));

    let editor: Editor = dispatch.reform(LabAction::Edit);
    let params = &lab.params;
    let share = use_share_state();
    let python_status = use_state(String::new);

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
            <div class="lab-layout">
                { controls }
                <section class="lab-scenario" aria-label="Scenario">
                    <h2>{ summary(params) }</h2>
                    <ul class="workers">
                        { for lab.spec.workers.iter().map(|worker| html! {
                            <li><span class="worker-name">{ format!("{} × {}", worker.count, worker.kind) }</span>{ ": " }<code>{ &worker.program }</code></li>
                        }) }
                    </ul>
                    { share_panel(&share, &hash, &format!("GIL Lab: {}", summary(params))) }
                </section>
            </div>
            { outcome_view(&lab.outcome) }
            { python_panel(params, &python_status) }
        </main>
    }
}

/// What the Share panel keeps: what its last copy did, and whether the embed code is shown.
pub struct ShareState {
    status: UseStateHandle<String>,
    embed_open: UseStateHandle<bool>,
}

#[hook]
pub fn use_share_state() -> ShareState {
    ShareState { status: use_state(String::new), embed_open: use_state(bool::default) }
}

/// "Share" copies the view's URL (`hash`, without embed mode); "Embed" shows an `<iframe>` snippet
/// of its embed form, titled `title`. A function rather than a component, its state kept by the
/// page: each component costs the page's code more than the page's re-render on a click costs.
pub fn share_panel(state: &ShareState, hash: &str, title: &str) -> Html {
    let ShareState { status, embed_open } = state;
    let link_ref = NodeRef::default();
    let embed_ref = NodeRef::default();
    let url = url_with_hash(hash);
    let snippet = embed_snippet(&url_with_hash(&with_embed(hash)), title, &url_beside_page("embed.js"));

    let on_share = copy_on_click(status, &url, &link_ref, "Link copied.", "Select the link below and copy it.");
    let on_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |_: MouseEvent| embed_open.set(!*embed_open))
    };
    let on_copy_embed = copy_on_click(status, &snippet, &embed_ref, "Embed code copied.", "Select the embed code and copy it.");
    html! {
        <div class="share">
            <div class="share-buttons">
                <button type="button" class="button" onclick={on_share}>{ "Share" }</button>
                <button type="button" class="button" aria-expanded={embed_open.to_string()} onclick={on_embed}>{ "Embed" }</button>
                <span class="share-status" role="status">{ (**status).clone() }</span>
            </div>
            <p class="share-link"><a ref={link_ref} href={url.clone()}>{ url }</a></p>
            if **embed_open {
                <div class="embed">
                    <p class="embed-note">{ "Paste this into a course page. The iframe shows this view without the site's navigation; embed.js, served with GIL Lab, fits its height to the content (Canvas does that by itself)." }</p>
                    <pre><code ref={embed_ref}>{ snippet }</code></pre>
                    <button type="button" class="button" onclick={on_copy_embed}>{ "Copy embed code" }</button>
                </div>
            }
        </div>
    }
}

/// The Python program matching the lab, with a Copy button that says in `status` what it did. A
/// function rather than a component: the lab re-renders for new parameters anyway.
fn python_panel(params: &LabParams, status: &UseStateHandle<String>) -> Html {
    let code_ref = NodeRef::default();
    let code = python_program(params);
    let on_copy = copy_on_click(status, &code, &code_ref, "Copied.", "Selected: press Ctrl+C to copy.");
    html! {
        <section class="python" aria-label="Python code">
            <div class="python-head">
                <h2>{ "The same thing in Python" }</h2>
                <button type="button" class="button" onclick={on_copy}>{ "Copy" }</button>
                <span class="share-status" role="status">{ (**status).clone() }</span>
            </div>
            <p class="python-note">{ "A runnable program that does what the simulator ran: busy loops for Python code, hashlib for C code that releases the GIL, time.sleep for I/O. It prints its wall time." }</p>
            <pre class="python-code"><code ref={code_ref}>{ code }</code></pre>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_value_off_the_usual_choices_is_still_offered() {
        let choices = duration_choices(&SWITCH_INTERVALS, 3 * MILLISECOND);
        assert_eq!(choices.len(), 11);
        assert_eq!(choices[5].0, "3ms");
        assert_eq!(duration_choices(&SWITCH_INTERVALS, 5 * MILLISECOND).len(), 10);
    }

    #[test]
    fn the_summary_names_the_workers() {
        let params = LabParams { threads: 1, processes: 2, ..LabParams::default() };
        assert_eq!(summary(&params), "1 thread, 2 processes on Python 3.12, 2 cores");
    }
}
