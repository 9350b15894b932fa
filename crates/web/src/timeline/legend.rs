//! The legend: the states a trace has, each with its swatch (colour and pattern) and the name of
//! its pattern, so that no state is told by colour alone.

use yew::prelude::*;

use super::layout::{mark, mark_name, pattern_fill, Paint};
use gil_sim::lanes::State;
use gil_sim::Trace;

/// The states a trace has, in the legend's order.
pub fn present_states<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> Vec<State> {
    let mut seen = [false; State::ALL.len()];
    for trace in traces {
        for span in &trace.spans {
            seen[span.state as usize] = true;
        }
    }
    State::ALL.into_iter().filter(|state| seen[*state as usize]).collect()
}

/// The legend: each state's swatch (colour and pattern), name and the name of its pattern.
pub fn legend(states: &[State]) -> Html {
    html! {
        <div class="legend-box">
            <p class="legend-colours">
                { "Each thread has a colour: on its own lane, on the core it runs on, and on the GIL while it holds it; a tick on the GIL's lane marks each hand-off. Where a pixel holds many short spans, a bar from the lane's bottom is as high as the share of that moment spent running, and a bar above it the share spent waiting: a core busy half the time is drawn half full. The patterns say what a thread is doing:" }
            </p>
            <ul class="legend" aria-label="Legend">
                { for states.iter().map(|state| html! {
                    <li class="legend-item">
                        <svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
                            <rect width="28" height="14" fill={pattern_fill(Paint::plain(*state))} class="swatch-box" />
                        </svg>
                        { state.label() }
                        <span class="legend-mark">
                            { format!("({}{})", mark_name(mark(*state)), if state.is_running() { ", in the thread's colour" } else { "" }) }
                        </span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
