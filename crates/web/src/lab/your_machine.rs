//! "Compare with your machine", under the Python panel: a text area for the line the program
//! printed when it ran, and what [`real_result`](super::real_result) makes of it beside the
//! simulation (a table, and what differs between the two setups), or what is wrong with it.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::real_result::{compare, Comparison};
use crate::lesson::js_json::BrowserJson;
use gil_sim::{ScenarioSpec, Trace};

/// What the pasted text gives beside `trace`, the simulation of `spec` (`None` when the lab could
/// not simulate it); nothing while the text is empty.
pub fn compare_pasted(pasted: &str, spec: &ScenarioSpec, trace: Option<&Trace>) -> Option<Result<Comparison, String>> {
    if pasted.trim().is_empty() {
        return None;
    }
    Some(match trace {
        Some(trace) => compare(pasted, BrowserJson::parse, spec, trace),
        None => Err("The lab cannot simulate this scenario (above, why), so there is nothing to compare your run with.".into()),
    })
}

const PROBLEM_ID: &str = "real-result-problem";

pub fn your_machine_view(pasted: &AttrValue, on_paste: Callback<String>, comparison: Option<&Result<Comparison, String>>) -> Html {
    let oninput = on_paste.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let problem = comparison.and_then(|comparison| comparison.as_ref().err());
    html! {
        <details class="your-machine">
            <summary>{ "Compare with your machine" }</summary>
            <p class="python-note">{ "Run the program above: its last line starts with GIL-LAB-RESULT. Paste that line here (or the whole output) to see your machine beside the simulation." }</p>
            <label for="real-result">{ "Paste the GIL-LAB-RESULT line your run printed" }</label>
            <textarea id="real-result" class="real-result-input" rows="3" spellcheck="false" autocomplete="off"
                value={pasted.clone()} {oninput}
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
