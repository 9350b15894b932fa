//! What the timeline's two lines of text say: the readout (the span pointed at or selected) and
//! what just happened at the playhead. Pure, tested natively.

use std::ops::Range;

use gil_sim::lanes::Span;
use gil_sim::time::format_duration;
use gil_sim::Trace;

use super::layout::describe_span;
use super::playback::Playback;

/// At most this many of the events at the playhead's time are told in full.
const TOLD_EVENTS: usize = 3;

/// The span the readout describes: the one under the pointer, or else the one tapped, clicked or
/// selected with the keyboard.
pub fn pointed_span(player: &Playback) -> Option<&Span> {
    player.hover.or(player.selected).and_then(|index| player.trace.spans.get(index))
}

/// How to point at a span in the playing timeline.
pub const POINTER_HINT: &str =
    "Tap or point at a span, or focus a lane and use the arrow keys, to see what it is.";
/// How to point at a span in a still timeline (the compare view's), which takes no pointer.
pub const KEYBOARD_HINT: &str = "Focus a lane and use the arrow keys to see what each span is.";

/// The readout line: the pointed span described, or the `hint` that says how to point at one.
pub fn span_readout(trace: &Trace, pointed: Option<&Span>, hint: &str) -> String {
    pointed.map_or_else(|| hint.to_string(), |span| describe_span(trace, span))
}

/// What just happened: the `current` events (those at the latest event time up to the playhead,
/// [`Playback::current_events`]), the first few in full.
pub fn now_line(trace: &Trace, current: Range<usize>) -> String {
    if current.is_empty() {
        return "Nothing has happened yet.".to_string();
    }
    let sentences: Vec<String> = trace.events[current.clone()]
        .iter()
        .take(TOLD_EVENTS)
        .map(|event| trace.describe(event))
        .collect();
    let more = current.len().saturating_sub(TOLD_EVENTS);
    let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
    format!(
        "At {}: {}{more}",
        format_duration(trace.events[current.start].time),
        sentences.join(" ")
    )
}

/// What the live line under the lanes says: what just happened, except while playing, when the
/// playhead passes many events a second and a screen reader would be read each one; it says once
/// that the run plays, and what happened when it stops (a pause, a step, a scrub, the end).
pub fn live_line(trace: &Trace, playing: bool, current: Range<usize>) -> String {
    if playing {
        "Playing. Pause or step to hear what happens.".to_string()
    } else {
        now_line(trace, current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::playback::PlaybackAction;
    use crate::trace_ref::TraceRef;
    use gil_sim::{simulate, Scenario, ScenarioSpec};
    use std::rc::Rc;
    use yew::Reducible;

    fn convoy() -> Rc<Playback> {
        let spec: ScenarioSpec =
            toml::from_str(include_str!("../../tests/convoy-short.toml")).unwrap();
        let trace = TraceRef::new(simulate(&Scenario::from_spec(&spec).unwrap()).unwrap());
        Rc::new(Playback::new(trace, false))
    }

    #[test]
    fn the_readout_describes_the_hovered_span_before_the_selected_one() {
        let player = convoy();
        assert_eq!(pointed_span(&player), None);
        assert_eq!(span_readout(&player.trace, None, POINTER_HINT), POINTER_HINT);
        let selected = player.reduce(PlaybackAction::Select(Some(1)));
        assert_eq!(pointed_span(&selected), Some(&selected.trace.spans[1]));
        let hovered = selected.reduce(PlaybackAction::Hover(Some(2)));
        let span = pointed_span(&hovered).expect("the hovered span");
        assert_eq!(span, &hovered.trace.spans[2]);
        let line = span_readout(&hovered.trace, Some(span), POINTER_HINT);
        assert!(
            line.starts_with(&format!(
                "{} — {}",
                hovered.trace.lane_name(span.lane),
                span.state.label()
            )),
            "{line}"
        );
    }

    #[test]
    fn the_now_line_tells_the_first_events_at_the_playhead_and_counts_the_rest() {
        let player = convoy().reduce(PlaybackAction::Restart);
        let trace = &player.trace;
        assert_eq!(now_line(trace, 0..0), "Nothing has happened yet.");
        let current = player.current_events();
        assert!(current.len() > TOLD_EVENTS, "several events at time 0: {current:?}");
        let line = now_line(trace, current.clone());
        let first = trace.describe(&trace.events[current.start]);
        assert!(line.starts_with(&format!("At 0 ns: {first} ")), "{line}");
        assert!(line.ends_with(&format!(" (and {} more)", current.len() - TOLD_EVENTS)), "{line}");
        let one = current.start..current.start + 1;
        assert_eq!(now_line(trace, one), format!("At 0 ns: {first}"));
    }

    #[test]
    fn the_live_line_is_quiet_while_playing_and_tells_the_moment_when_stopped() {
        let player = convoy().reduce(PlaybackAction::Restart);
        let trace = &player.trace;
        let current = player.current_events();
        assert_eq!(live_line(trace, false, current.clone()), now_line(trace, current.clone()));
        let playing = player.clone().reduce(PlaybackAction::TogglePlay);
        let lines: Vec<String> = (0..40)
            .scan(playing, |player, frame| {
                *player = player.clone().reduce(PlaybackAction::Frame(f64::from(frame) * 50.0));
                Some(live_line(&player.trace, player.playing, player.current_events()))
            })
            .collect();
        assert!(lines.windows(2).all(|pair| pair[0] == pair[1]), "{lines:?}");
    }
}
