//! The sandbox's controls: one fieldset per group of workers (kind, count, name, start method, a
//! preset to start from, the program), buttons to add, duplicate and remove groups, the wake
//! order, and a short reference of the worker language beside the editors.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::presets::PRESETS;
use super::program_editor::ProgramEditor;
use super::state::{Group, GroupChange, LabAction, Sandbox, MAX_GROUP_COUNT};
use gil_sim::python::StartMethod;
use gil_sim::scenario::WorkerKind;

/// A kind of worker as the page names it to people.
fn kind_label(kind: WorkerKind) -> &'static str {
    match kind {
        WorkerKind::Thread => "Thread",
        WorkerKind::Process => "Process",
        WorkerKind::Task => "asyncio task",
        WorkerKind::Interpreter => "Subinterpreter",
    }
}

/// A drop-down list whose choice becomes a [`GroupChange`].
fn group_select(id: String, label: &str, options: Html, on_choose: Callback<String>) -> Html {
    let onchange =
        on_choose.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="control">
            <label for={id.clone()}>{ label.to_string() }</label>
            <select id={id} {onchange}>{ options }</select>
        </div>
    }
}

fn options<V: Into<String>, T: Into<String>>(
    choices: impl IntoIterator<Item = (V, T)>,
    selected: &str,
) -> Html {
    choices
        .into_iter()
        .map(|(value, text)| {
            let value: String = value.into();
            let chosen = value == selected;
            html! { <option selected={chosen} value={value}>{ text.into() }</option> }
        })
        .collect()
}

fn group_view(index: usize, group: &Group, dispatch: &Callback<LabAction>) -> Html {
    let change = |make: fn(String) -> GroupChange| {
        dispatch.reform(move |value: String| LabAction::Group(index, make(value)))
    };
    let worker = &group.worker;
    let id = |part: &str| format!("group-{}-{part}", index + 1);
    let number = index + 1;
    let on_count = dispatch.reform(move |event: Event| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        LabAction::Group(index, GroupChange::Count(value.trim().parse().unwrap_or(1)))
    });
    let on_name = dispatch.reform(move |event: Event| {
        LabAction::Group(
            index,
            GroupChange::Name(event.target_unchecked_into::<HtmlInputElement>().value()),
        )
    });
    let on_kind = {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| {
            // The options are the kinds' own text, so every choice reads.
            if let Some(kind) = WorkerKind::parse(&value) {
                dispatch.emit(LabAction::Group(index, GroupChange::Kind(kind)));
            }
        })
    };
    let start_method = (worker.kind == WorkerKind::Process.as_str()).then(|| {
        let selected = worker.start_method.as_deref().unwrap_or("");
        let methods = std::iter::once(("", "The version's default"))
            .chain(StartMethod::ALL.map(|method| (method.name(), method.name())));
        group_select(
            id("start-method"),
            "Start method",
            options(methods, selected),
            dispatch.reform(move |value: String| {
                LabAction::Group(
                    index,
                    GroupChange::StartMethod(Some(value).filter(|value| !value.is_empty())),
                )
            }),
        )
    });
    let presets = std::iter::once((String::new(), "Choose a program…")).chain(
        PRESETS.iter().enumerate().map(|(number, preset)| (number.to_string(), preset.label)),
    );
    // The preset the program still is, if any: choosing one shows it, editing the program clears it.
    let current_preset = PRESETS
        .iter()
        .position(|preset| preset.program == group.draft)
        .map(|index| index.to_string())
        .unwrap_or_default();
    let on_preset = dispatch.reform(move |value: String| {
        LabAction::Group(index, GroupChange::Preset(value.parse().unwrap_or(usize::MAX)))
    });
    html! {
        <fieldset class="group">
            <legend>{ format!("Group {number}: {} × {}", worker.count, WorkerKind::parse(&worker.kind).map_or(worker.kind.as_str(), |kind| kind_label(kind))) }</legend>
            <div class="group-settings">
                { group_select(id("kind"), "Kind", options(WorkerKind::ALL.map(|kind| (kind.as_str(), kind_label(kind))), &worker.kind), on_kind) }
                <div class="control">
                    <label for={id("count")}>{ "How many" }</label>
                    <input type="number" id={id("count")} min="1" max={MAX_GROUP_COUNT.to_string()} step="1" value={worker.count.to_string()} onchange={on_count} />
                </div>
                <div class="control">
                    <label for={id("name")}>{ "Name" }</label>
                    <input type="text" id={id("name")} value={worker.name.clone().unwrap_or_default()} placeholder="T1, P1, task1… by default" onchange={on_name} />
                </div>
                { for start_method }
            </div>
            { group_select(id("preset"), "Start from", options(presets, &current_preset), on_preset) }
            <ProgramEditor
                id={id("program")}
                label="Program"
                draft={group.draft.clone()}
                on_type={change(GroupChange::Type)}
                on_commit={dispatch.reform(move |()| LabAction::Group(index, GroupChange::Commit))}
            />
            <div class="group-actions">
                <button type="button" class="button" aria-label={format!("Duplicate group {number}")} onclick={dispatch.reform(move |_| LabAction::DuplicateGroup(index))}>{ "Duplicate" }</button>
                <button type="button" class="button" aria-label={format!("Remove group {number}")} onclick={dispatch.reform(move |_| LabAction::RemoveGroup(index))}>{ "Remove" }</button>
            </div>
        </fieldset>
    }
}

/// What a program may say, in a few lines (`docs/scenario-format.md` has the rest).
fn syntax_reference() -> Html {
    const STATEMENTS: [(&str, &str); 12] = [
        ("cpu 2ms", "Python code: needs the GIL"),
        ("native 5ms", "C code that releases the GIL (hashlib, NumPy)"),
        ("native_gil 5ms", "C code that keeps it (a long regex)"),
        ("io 1ms~20%", "blocking I/O or sleep, give or take 20%"),
        ("send 2MB", "pickle and send to the main process (processes, subinterpreters)"),
        (
            "increment counter 1000 via_call",
            "counter = counter + one(), 1000 times, on a shared variable",
        ),
        ("lock name { … }", "with name: … (locks nest: two taken in opposite orders can deadlock)"),
        ("queue jobs bound 4", "jobs = queue.Queue(maxsize=4), at the top; unbounded if left out"),
        (
            "put jobs; get jobs",
            "jobs.put(item), jobs.get(): wait while full or empty, without the GIL",
        ),
        (
            "set ready; wait ready; clear ready",
            "a threading.Event: wait blocks until another thread sets it",
        ),
        ("repeat 10 { … }", "the block 10 times"),
        ("to_thread { … }", "await asyncio.to_thread(…) (asyncio tasks)"),
    ];
    html! {
        <details class="syntax">
            <summary>{ "How to write a program" }</summary>
            <p>{ "One statement per line, or separated by ';'. Durations: ns, us, ms, s. '#' starts a comment." }</p>
            <dl>
                { for STATEMENTS.iter().map(|(code, meaning)| html! { <><dt><code>{ *code }</code></dt><dd>{ *meaning }</dd></> }) }
            </dl>
            <p>{ "The whole language is in docs/scenario-format.md, beside the page's source." }</p>
        </details>
    }
}

/// Every group, the buttons that change the list, and the sandbox's own global setting.
pub fn groups_view(sandbox: &Sandbox, dispatch: &Callback<LabAction>) -> Html {
    let on_wake = dispatch.reform(|value: String| LabAction::WakeOrder(value));
    html! {
        <>
            <div class="groups">
                { for sandbox.groups.iter().enumerate().map(|(index, group)| group_view(index, group, dispatch)) }
            </div>
            <div class="group-list-actions">
                <button type="button" class="button" data-testid="add-group" onclick={dispatch.reform(|_| LabAction::AddGroup)}>{ "Add a group" }</button>
                <button type="button" class="button" data-testid="quick-form" onclick={dispatch.reform(|_| LabAction::QuickForm)}>{ "Back to the quick form" }</button>
            </div>
            { syntax_reference() }
            { group_select("wake-order".into(), "Which waiter a release wakes", options([("random", "Any, at random, as on Linux"), ("fifo", "The longest waiting (fifo)")], &sandbox.wake_order), on_wake) }
        </>
    }
}
