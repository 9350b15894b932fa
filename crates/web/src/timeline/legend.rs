//! The legend: the states a trace has, each with its swatch (colour and pattern) and the name of
//! its pattern, so that no state is told by colour alone. Above a narrow timeline it folds into
//! one line that names what it holds ([`legend_toggle`]).

use yew::prelude::*;

use super::layout::{mark, mark_name, pattern_fill, Paint};
use crate::disclosure::Disclosure;
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
                        { swatch(*state) }
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

/// How many swatches the folded legend's line shows.
const FOLDED_SWATCHES: usize = 3;

/// What the folded legend's line says it holds.
pub fn folded_label(states: &[State]) -> String {
    match states.len() {
        1 => "Key: 1 state".to_string(),
        count => format!("Key: {count} states"),
    }
}

fn swatch(state: State) -> Html {
    html! {
        <svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
            <rect width="28" height="14" fill={pattern_fill(Paint::plain(state))} class="swatch-box" />
        </svg>
    }
}

/// The line that opens the folded legend, beside the timeline's heading where it is narrow: what
/// the legend holds and its first swatches. Wide, it is hidden and the legend always shown
/// (styles/main.css).
pub fn legend_toggle(states: &[State], fold: &Disclosure, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="legend-toggle" aria-expanded={fold.expanded()} {onclick}>
            { folded_label(states) }
            { for states.iter().take(FOLDED_SWATCHES).map(|state| swatch(*state)) }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folded_legend_counts_its_states() {
        assert_eq!(folded_label(&[State::Starting]), "Key: 1 state");
        assert_eq!(folded_label(&State::ALL[..5]), "Key: 5 states");
    }
}
