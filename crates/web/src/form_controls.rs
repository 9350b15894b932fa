//! The form controls of the lab and the compare view: sliders, drop-down lists and the seed, and
//! the two fieldsets both pages show (the machine and Python, and each worker's work). Each
//! control sends its change to the page's reducer as a [`Param`].

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::params::Param;
use gil_lessons::limits::{PAGE_MAX_CORES, SWITCH_INTERVALS};
use gil_link::quick_form::{LabParams, IO_WAITS, WORKS};
use gil_sim::python::{StartMethod, PYTHON_VERSIONS};
use gil_sim::time::{exact_duration, parse_duration, short_duration, Nanos};

/// The choices of a duration control: the usual ones, and the current value when a URL set another,
/// each with the scenario's spelling as its value and the page's (`100 µs`) as its text.
fn duration_choices(usual: &[Nanos], current: Nanos) -> Vec<(String, String)> {
    let mut choices = usual.to_vec();
    if !choices.contains(&current) {
        choices.push(current);
        choices.sort_unstable();
    }
    choices.into_iter().map(|nanos| (short_duration(nanos), exact_duration(nanos))).collect()
}

/// Where the controls send their changes (the lab's or the compare view's reducer).
pub type Editor = Callback<Param>;

/// A callback that passes on what `read` makes of its input, when it makes something of it.
fn read_into<T: 'static, V: 'static>(
    target: &Callback<V>,
    read: impl Fn(T) -> Option<V> + 'static,
) -> Callback<T> {
    let target = target.clone();
    Callback::from(move |input: T| {
        if let Some(value) = read(input) {
            target.emit(value);
        }
    })
}

#[derive(Properties, PartialEq, Clone)]
pub struct SliderProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: u32,
    #[prop_or_default]
    pub min: u32,
    pub max: u32,
    /// The value as the page shows it beside the slider ("50/50", "30%"); the number by default.
    #[prop_or_default]
    pub shown: Option<AttrValue>,
    /// The value the slider moved to.
    pub oninput: Callback<u32>,
}

/// A slider for a whole number: label, the input, and its value as text.
#[function_component(Slider)]
pub fn slider(props: &SliderProps) -> Html {
    let oninput = read_into(&props.oninput, |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value().parse::<u32>().ok()
    });
    let id = &props.id;
    let shown = props.shown.clone().unwrap_or_else(|| props.value.to_string().into());
    html! {
        <div class="control">
            <label for={id}>{ &props.label }</label>
            <input type="range" id={id} name={id} min={props.min.to_string()} max={props.max.to_string()} step="1" value={props.value.to_string()} {oninput} />
            <output for={id} class="control-value">{ shown }</output>
        </div>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct ChoiceProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// Each choice as (value, text).
    pub choices: Vec<(String, String)>,
    pub selected: String,
    /// The value chosen.
    pub onchange: Callback<String>,
}

/// A drop-down list: label, the select, and its choices.
#[function_component(Choice)]
pub fn choice(props: &ChoiceProps) -> Html {
    let onchange = props.onchange.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value()
    });
    let id = &props.id;
    html! {
        <div class="control">
            <label for={id}>{ &props.label }</label>
            <select id={id} name={id} {onchange}>
                { for props.choices.iter().map(|(value, text)| {
                    let chosen = *value == props.selected;
                    html! { <option selected={chosen} value={value.clone()}>{ text }</option> }
                }) }
            </select>
        </div>
    }
}

/// The same name for a choice's value and its text.
fn named(names: impl Iterator<Item = String>) -> Vec<(String, String)> {
    names.map(|name| (name.clone(), name)).collect()
}

/// Where a duration control sends its choice (always one of the choices, so always valid).
fn on_duration(editor: &Editor, change: fn(Nanos) -> Param) -> Callback<String> {
    read_into(editor, move |value: String| parse_duration(&value).ok().map(change))
}

/// The machine and Python controls, shared by the lab and the compare view; the start method of
/// processes is here unless each group of workers chooses its own (`per_group_start_method`).
pub fn machine_fieldset(editor: &Editor, params: &LabParams, per_group_start_method: bool) -> Html {
    let on_start_method =
        read_into(editor, |value: String| StartMethod::parse(&value).map(Param::StartMethod));
    html! {
    <fieldset>
        <legend>{ "Machine and Python" }</legend>
        <Slider id="cores" label="Cores" value={params.cores} min={1} max={PAGE_MAX_CORES} oninput={editor.reform(Param::Cores)} />
        <Choice id="python" label="Python" choices={named(PYTHON_VERSIONS.iter().map(|python| python.to_string()))}
            selected={params.python.clone()} onchange={editor.reform(Param::Python)} />
        <Choice id="switch-interval" label="Switch interval" choices={duration_choices(&SWITCH_INTERVALS, params.switch_interval)}
            selected={short_duration(params.switch_interval)} onchange={on_duration(editor, Param::SwitchInterval)} />
        if !per_group_start_method {
            <Choice id="start-method" label="Process start method" choices={named(StartMethod::ALL.iter().map(|method| method.name().to_string()))}
                selected={params.start_method.name().to_string()} onchange={on_start_method} />
        }
    </fieldset>
    }
}

/// The controls of each worker's work, shared by the lab and the compare view.
pub fn work_fieldset(editor: &Editor, params: &LabParams) -> Html {
    let cpu_share = format!("{}/{}", params.cpu_percent, 100 - params.cpu_percent);
    html! {
    <fieldset>
        <legend>{ "Each worker's work" }</legend>
        <Choice id="work" label="Work per worker" choices={duration_choices(&WORKS, params.work)}
            selected={short_duration(params.work)} onchange={on_duration(editor, Param::Work)} />
        <Slider id="cpu" label="CPU / I/O share" value={params.cpu_percent} max={100} shown={cpu_share} oninput={editor.reform(Param::CpuPercent)} />
        <Slider id="native" label="C code (no GIL)" value={params.native_percent} max={100} shown={format!("{}%", params.native_percent)}
            oninput={editor.reform(Param::NativePercent)} />
        <Choice id="io" label="One I/O wait" choices={duration_choices(&IO_WAITS, params.io_wait)}
            selected={short_duration(params.io_wait)} onchange={on_duration(editor, Param::IoWait)} />
        { seed_input(editor, params.seed) }
    </fieldset>
    }
}

/// The seed: a number field, applied when it is left or Enter is pressed.
pub fn seed_input(editor: &Editor, seed: u64) -> Html {
    let onchange = read_into(editor, |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value().trim().parse::<u64>().ok().map(Param::Seed)
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
    use gil_sim::time::MILLISECOND;

    #[test]
    fn a_url_value_off_the_usual_choices_is_still_offered() {
        let choices = duration_choices(&SWITCH_INTERVALS, 3 * MILLISECOND);
        assert_eq!(choices.len(), 11);
        assert_eq!(choices[5], ("3ms".to_string(), "3 ms".to_string()));
        assert_eq!(duration_choices(&SWITCH_INTERVALS, 5 * MILLISECOND).len(), 10);
    }

    #[test]
    fn a_duration_choice_reads_micro_as_mu_and_keeps_the_scenarios_spelling_as_its_value() {
        let choices = duration_choices(&SWITCH_INTERVALS, 5 * MILLISECOND);
        assert_eq!(choices[0], ("100us".to_string(), "100 µs".to_string()));
        assert!(choices.iter().all(|(_, text)| !text.ends_with("us")), "{choices:?}");
    }
}
