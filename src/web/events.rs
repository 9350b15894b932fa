//! The start of the event log, one plain sentence per event.

use yew::prelude::*;

use super::metrics::TraceProps;
use crate::sim::time::format_duration;

/// How many events the log shows.
pub const SHOWN_EVENTS: usize = 50;

#[function_component(EventLog)]
pub fn event_log(props: &TraceProps) -> Html {
    let trace = &props.trace;
    let hidden = trace.events.len().saturating_sub(SHOWN_EVENTS);
    html! {
        <section class="events" aria-label="Event log">
            <h2>{ "What happened" }</h2>
            <ol class="event-list">
                { for trace.events.iter().take(SHOWN_EVENTS).map(|event| html! {
                    <li>
                        <span class="event-time">{ format_duration(event.time) }</span>
                        <span class="event-text">{ trace.describe(event) }</span>
                    </li>
                }) }
            </ol>
            if hidden > 0 {
                <p class="event-more">{ format!("… and {hidden} more events.") }</p>
            }
        </section>
    }
}
