//! The form controls of the lab and the compare view: sliders, drop-down lists and the seed, and
//! the two fieldsets both pages show (the machine and Python, and each worker's work). Each
//! control sends its change to the page's reducer as an [`Edit`].

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::params::query::LabParams;
use super::params::Edit;
use gil_lessons::limits::{PAGE_MAX_CORES, SWITCH_INTERVALS};
use gil_sim::python::{StartMethod, PYTHON_VERSIONS};
use gil_sim::time::{parse_duration, short_duration, Nanos, MICROSECOND, MILLISECOND};

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
    if let Ok(nanos) = parse_duration(value) {
        *slot = nanos;
    }
}

/// The machine and Python controls, shared by the lab and the compare view; the start method of
/// processes is here unless each group of workers chooses its own (`per_group_start_method`).
pub fn machine_fieldset(editor: &Editor, params: &LabParams, per_group_start_method: bool) -> Html {
    let start_method = (!per_group_start_method).then(|| {
        choice(
            editor,
            "start-method",
            "Process start method",
            StartMethod::ALL.iter().map(|m| (m.name().to_string(), m.name().to_string())).collect(),
            params.start_method.name().to_string(),
            |p, v| {
                if let Some(m) = StartMethod::parse(&v) {
                    p.start_method = m
                }
            },
        )
    });
    html! {
    <fieldset>
        <legend>{ "Machine and Python" }</legend>
        { slider(editor, "cores", "Cores", params.cores, PAGE_MAX_CORES, 1, params.cores.to_string(), |p, v| p.cores = v) }
        { choice(editor, "python", "Python", PYTHON_VERSIONS.iter().map(|py| (py.to_string(), py.to_string())).collect(), params.python.clone(), |p, v| p.python = v) }
        { choice(editor, "switch-interval", "Switch interval", duration_choices(&SWITCH_INTERVALS, params.switch_interval), short_duration(params.switch_interval), |p, v| set_duration(&mut p.switch_interval, &v)) }
        { for start_method }
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
pub fn notices_view(notices: &[impl std::fmt::Display], heading: &'static str) -> Html {
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
}
