//! The still timeline of the compare view: lanes and spans over a time the compared timelines
//! share, with the downloads, no playback, and the main timeline's lanes a keyboard explores (the
//! arrow keys, the readout) and its event list, folded.

use yew::prelude::*;

use super::announce::{readout_line, use_readout_id};
use super::frame::use_frame_columns;
use super::input::{key_listener, still_key_action, use_focus_on_lane};
use super::layout::layout;
use super::narration::Narration;
use super::overlay::{callout, highlight};
use super::readout::{pointed_span, span_readout, KEYBOARD_HINT};
use super::scale::Window;
use super::spans::{lane_labels, px, LaneFocus, SpanLayer};
use super::toolbar::download_buttons;
use super::use_playback;
use crate::trace_ref::TraceRef;

#[derive(Properties, Clone, PartialEq)]
pub struct CompactTimelineProps {
    pub trace: TraceRef,
    /// The time the compared timelines share, so they have one scale.
    pub end: u64,
    pub label: AttrValue,
    /// Names the downloaded files (`gil-lab-threads`).
    pub file_stem: AttrValue,
}

/// A still timeline for side-by-side comparison: lanes and spans from 0 to `end`, no playback. Its
/// patterns come from the one [`pattern_source`](super::spans::pattern_source) the app draws. The
/// playback holds only the selection the arrow keys move.
#[function_component(CompactTimeline)]
pub fn compact_timeline(props: &CompactTimelineProps) -> Html {
    let player = use_playback(&props.trace);
    let (svg, frame) = (use_node_ref(), use_node_ref());
    let columns = use_frame_columns(&frame);
    let trace = &player.trace;
    let layout = use_memo((trace.clone(), columns), |(trace, columns)| layout(trace, *columns));
    use_focus_on_lane(&frame, &player);
    let readout_id = use_readout_id();
    let readout = AttrValue::from(span_readout(trace, pointed_span(&player), KEYBOARD_HINT));
    let window = Window::all(props.end);
    let scale = layout.columns.scale(window);
    let width = px(layout.columns.width());
    let focus = LaneFocus { dispatcher: player.dispatcher(), readout: readout_id.clone() };
    html! {
        <>
        <div class="compact-downloads">{ download_buttons(&svg, trace, &props.file_stem) }</div>
        { readout_line(&readout_id, &readout) }
        <div class="timeline-scroll compact-timeline" ref={frame} onkeydown={key_listener(&player, still_key_action)}>
            <svg class="timeline-svg" role="group" ref={svg} aria-label={props.label.clone()}
                viewBox={format!("0 0 {width} {}", px(layout.height))} width={width.clone()} height={px(layout.height)}>
                <SpanLayer trace={trace.clone()} layout={layout.clone()} {window} {focus} still=true />
                <g class="overlay">
                    { highlight(&player, &layout, &scale, player.selected, "selected").unwrap_or_default() }
                    { callout(&player, &layout, &scale, &readout).unwrap_or_default() }
                </g>
                { lane_labels(trace, &layout) }
            </svg>
        </div>
        <details class="compact-events">
            <summary>{ format!("Events ({})", trace.events.len()) }</summary>
            <Narration trace={trace.clone()} done={trace.events.len()} />
        </details>
        </>
    }
}
