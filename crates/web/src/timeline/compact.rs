//! The still timeline of the compare view: lanes and spans over a time the compared timelines
//! share, with the downloads, and no playback.

use yew::prelude::*;

use super::frame::use_frame_columns;
use super::layout::layout;
use super::scale::Window;
use super::spans::{lane_labels, px, SpanLayer};
use super::toolbar::download_buttons;
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
/// patterns come from the one [`pattern_source`](super::spans::pattern_source) the app draws.
#[function_component(CompactTimeline)]
pub fn compact_timeline(props: &CompactTimelineProps) -> Html {
    let (svg, frame) = (use_node_ref(), use_node_ref());
    let columns = use_frame_columns(&frame);
    let layout =
        use_memo((props.trace.clone(), columns), |(trace, columns)| layout(trace, *columns));
    let window = Window::all(props.end);
    let width = px(layout.columns.width());
    html! {
        <>
        <div class="compact-downloads">{ download_buttons(&svg, &props.trace, &props.file_stem) }</div>
        <div class="timeline-scroll compact-timeline" ref={frame}>
            <svg class="timeline-svg" role="img" ref={svg} aria-label={props.label.clone()}
                viewBox={format!("0 0 {width} {}", px(layout.height))} width={width.clone()} height={px(layout.height)}>
                <SpanLayer trace={props.trace.clone()} layout={layout.clone()} {window} dispatcher={None} />
                { lane_labels(&props.trace, &layout) }
            </svg>
        </div>
        </>
    }
}
