//! "Compare with your machine", under the Python panel: a text area for the line the program
//! printed when it ran, and what [`real_result`](super::real_result) makes of it beside the
//! simulation (a table, and what differs between the two setups), or what is wrong with it.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::real_result::{compare, Comparison};
use crate::lesson::js_json::BrowserJson;
use crate::timeline::LaneMark;
use crate::trace_ref::TraceRef;
use gil_sim::{ScenarioSpec, Trace};

/// What the pasted text gives beside `trace`, the simulation of `spec` (`None` when the lab could
/// not simulate it); nothing while the text is empty.
pub fn compare_pasted(
    pasted: &str,
    spec: &ScenarioSpec,
    trace: Option<&Trace>,
) -> Option<Result<Comparison, String>> {
    if pasted.trim().is_empty() {
        return None;
    }
    Some(match trace {
        Some(trace) => compare(pasted, BrowserJson::parse, spec, trace),
        None => Err("The lab cannot simulate this scenario (above, why), so there is nothing to compare your run with.".into()),
    })
}

/// The text pasted under the program, and what it gives beside the lab's run.
pub struct YourMachine {
    pasted: UseStateHandle<AttrValue>,
    comparison: Rc<Option<Result<Comparison, String>>>,
}

impl YourMachine {
    /// Where each worker finished on the learner's machine, for the timeline.
    pub fn real_finishes(&self) -> Vec<LaneMark> {
        match &*self.comparison {
            Some(Ok(compared)) => compared.marks.clone(),
            _ => Vec::new(),
        }
    }
}

/// The pasted text, the page's own state, compared again when it or the run changes.
#[hook]
pub fn use_your_machine(spec: &ScenarioSpec, trace: Option<&TraceRef>) -> YourMachine {
    let pasted = use_state(AttrValue::default);
    let comparison =
        use_memo(((*pasted).clone(), spec.clone(), trace.cloned()), |(pasted, spec, trace)| {
            compare_pasted(pasted, spec, trace.as_deref())
        });
    YourMachine { pasted, comparison }
}

const PROBLEM_ID: &str = "real-result-problem";

pub fn your_machine_view(yours: &YourMachine) -> Html {
    let pasted = yours.pasted.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        pasted.set(event.target_unchecked_into::<HtmlTextAreaElement>().value().into())
    });
    let comparison = (*yours.comparison).as_ref();
    let problem = comparison.and_then(|comparison| comparison.as_ref().err());
    html! {
        <details class="your-machine">
            <summary>{ "Compare with your machine" }</summary>
            <p class="python-note">{ "Run the program above: its last line starts with GIL-LAB-RESULT. Paste that line here (or the whole output) to see your machine beside the simulation." }</p>
            <label for="real-result">{ "Paste the GIL-LAB-RESULT line your run printed" }</label>
            <textarea id="real-result" class="real-result-input" rows="3" spellcheck="false" autocomplete="off"
                value={(*yours.pasted).clone()} {oninput}
                aria-invalid={problem.is_some().then_some("true")} aria-describedby={problem.is_some().then_some(PROBLEM_ID)} />
            if let Some(problem) = problem {
                <p id={PROBLEM_ID} class="error" role="alert">{ problem }</p>
            }
            if let Some(Ok(comparison)) = comparison {
                { comparison_view(comparison) }
            }
        </details>
    }
}

fn comparison_view(comparison: &Comparison) -> Html {
    html! {
        <>
            if !comparison.differences.is_empty() {
                <ul class="real-result-differences">
                    { for comparison.differences.iter().map(|difference| html! { <li>{ difference }</li> }) }
                </ul>
            }
            <table class="compare-table real-result-table">
                <caption>{ format!("Your run ({}) beside the simulation", comparison.machine) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Measure" }</th>
                        <th scope="col">{ "Simulated" }</th>
                        <th scope="col">{ "Your machine" }</th>
                        <th scope="col">{ "Yours ÷ simulated" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for comparison.rows.iter().map(|row| html! {
                        <tr>
                            <th scope="row">{ &row.what }</th>
                            <td>{ &row.simulated }</td>
                            <td>{ &row.real }</td>
                            <td>{ &row.ratio }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="python-note">{ "On the timeline, ▼ marks where each worker finished on your machine. I/O is timed in the main process's threads and tasks only: a process or a subinterpreter keeps its own memory." }</p>
        </>
    }
}
