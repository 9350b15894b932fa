//! The page: the scenario and its controls, then what simulating it gave.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::events::EventLog;
use super::metrics::MetricCards;
use super::state::{Action, Lab, Outcome, CORE_CHOICES, SWITCH_INTERVAL_CHOICES};
use super::timeline::Timeline;

#[function_component(App)]
pub fn app() -> Html {
    let lab = use_reducer(Lab::default);

    let on_cores = {
        let dispatcher = lab.dispatcher();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(cores) = select.value().parse() {
                dispatcher.dispatch(Action::SetCores(cores));
            }
        })
    };
    let on_interval = {
        let dispatcher = lab.dispatcher();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::SetSwitchInterval(select.value()));
        })
    };

    let spec = &lab.spec;
    html! {
        <main class="lab">
            <header class="masthead">
                <h1>{ "GIL Lab" }</h1>
                <p class="lede">{ "A deterministic simulator of CPython's global interpreter lock: see who holds the GIL, who waits for it, and what it costs." }</p>
            </header>

            <section class="scenario" aria-label="Scenario">
                <h2>{ &spec.title }</h2>
                <p>
                    { format!("Python {}: a CPU-bound thread and an I/O-bound thread share the GIL. ", spec.python) }
                    { "After each short I/O, the I/O thread must wait for the GIL until the CPU hog is made to drop it, so its I/O crawls." }
                </p>
                <ul class="workers">
                    { for spec.workers.iter().map(|worker| html! {
                        <li>
                            <span class="worker-name">{ worker.name.clone().unwrap_or_else(|| worker.kind.clone()) }</span>
                            { format!(" ({}): ", worker.kind) }
                            <code>{ &worker.program }</code>
                        </li>
                    }) }
                </ul>
                <form class="controls" aria-label="Controls">
                    <label>
                        { "Cores " }
                        <select id="cores" name="cores" onchange={on_cores}>
                            { for CORE_CHOICES.map(|cores| html! {
                                <option value={cores.to_string()} selected={cores == spec.cores}>{ cores }</option>
                            }) }
                        </select>
                    </label>
                    <label>
                        { "Switch interval " }
                        <select id="switch-interval" name="switch-interval" onchange={on_interval}>
                            { for SWITCH_INTERVAL_CHOICES.into_iter().map(|interval| html! {
                                <option value={interval} selected={interval == spec.switch_interval}>{ interval }</option>
                            }) }
                        </select>
                    </label>
                </form>
            </section>

            { match &lab.outcome {
                Outcome::Ready(trace) => html! {
                    <>
                        <MetricCards trace={trace.clone()} />
                        <Timeline trace={trace.clone()} />
                        <EventLog trace={trace.clone()} />
                    </>
                },
                Outcome::Failed(message) => html! {
                    <p class="error" role="alert">{ message }</p>
                },
            } }
        </main>
    }
}
