//! The editor of one group's program: a labelled monospace text area, read as the learner types,
//! with the first error under it (`line 2, column 5: …`, the line shown with a caret under the
//! column). The program goes to the simulator once typing pauses for [`COMMIT_PAUSE_MS`] or the
//! editor loses focus, so a keystroke costs a parse, never a simulation.

use gloo_timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use gil_sim::program::{Program, ProgramError};

/// How long typing must pause before the program runs: long enough to span keystrokes, short
/// enough to feel immediate.
pub const COMMIT_PAUSE_MS: u32 = 300;

#[derive(Properties, PartialEq, Clone)]
pub struct ProgramEditorProps {
    /// The text area's id; its error's id adds `-error`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub draft: AttrValue,
    /// Called with the text at every keystroke.
    pub on_type: Callback<String>,
    /// Called when the text should run.
    pub on_commit: Callback<()>,
}

/// The line the error is on, and a caret under its column (tabs kept, so the caret lines up).
fn marked_line(source: &str, error: &ProgramError) -> String {
    let line = source.lines().nth(error.line.saturating_sub(1)).unwrap_or_default();
    let before: String = line
        .chars()
        .take(error.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("{:>3} | {line}\n    | {before}^", error.line)
}

#[function_component(ProgramEditor)]
pub fn program_editor(props: &ProgramEditorProps) -> Html {
    let pause = use_mut_ref(|| None::<Timeout>);
    let oninput = {
        let (on_type, on_commit) = (props.on_type.clone(), props.on_commit.clone());
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_type.emit(area.value());
            let on_commit = on_commit.clone();
            // Replacing the timeout drops, and so cancels, the one a previous keystroke set.
            *pause.borrow_mut() = Some(Timeout::new(COMMIT_PAUSE_MS, move || on_commit.emit(())));
        })
    };
    let onblur = props.on_commit.reform(|_: FocusEvent| ());
    let error = Program::parse(&props.draft).err();
    let error_id = format!("{}-error", props.id);
    let rows = (props.draft.lines().count() + 1).clamp(2, 14).to_string();
    html! {
        <div class="program-editor">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <textarea
                id={props.id.clone()}
                class="program-text"
                rows={rows}
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                value={props.draft.clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| error_id.clone())}
                {oninput}
                {onblur}
            />
            if let Some(error) = error {
                <div id={error_id} class="program-error">
                    <p>{ error.to_string() }</p>
                    <pre aria-hidden="true">{ marked_line(&props.draft, &error) }</pre>
                </div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_sits_under_the_column_of_the_error() {
        let source = "repeat 2 {\n\tcpu fast\n}";
        let error = Program::parse(source).expect_err("fast is not a duration");
        assert_eq!((error.line, error.column), (2, 6));
        assert_eq!(marked_line(source, &error), "  2 | \tcpu fast\n    | \t    ^");
    }
}
