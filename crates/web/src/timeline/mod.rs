//! The animated timeline: one row per lane (cores, GILs, workers), lanes boxed by group, spans
//! coloured *and* patterned by state with a legend, a time axis in milliseconds, a playhead with
//! play, pause, step, restart, speed and scrubbing, zoom and pan, the narration of the events up
//! to the playhead, and marks a page puts on lanes ([`LaneMark`]: where a real run's workers finished).
//!
//! - [`scale`]: time ↔ pixels, zoom windows and axis ticks; [`aggregate`]: the spans worth
//!   drawing at a zoom (spans narrower than a pixel pooled per pixel column); [`layout`](mod@layout): lanes,
//!   groups and the look of each state; [`playback`]: playback, zoom and selection as a reducer;
//!   [`gesture`]: what a mouse, pen or finger on the lanes means (drag, tap, pinch, scrub).
//!   These are pure and tested natively.
//! - [`readout`]: what the readout line and the line under the lanes say. Pure, tested natively.
//!   [`announce`](mod@announce) ties the readout to the lanes for screen readers.
//! - The [`Timeline`] is made of parts with one job each: [`input`] (the hook that turns pointers,
//!   the wheel and keys into playback actions), the [`toolbar`](mod@toolbar), the lanes'
//!   [`spans::SpanLayer`] (spans and axis: its props do not change during playback, so only the
//!   small [`overlay`](mod@overlay) — playhead, selection, lane marks, callout — and the
//!   [`narration`](mod@narration) re-render as the playhead moves), the [`legend`](mod@legend).
//!   [`compact`] is the still timeline of the compare view: the same layer, lanes, keys and
//!   readout, without playback.

pub mod aggregate;
pub mod announce;
pub mod columns;
pub mod compact;
pub mod export;
pub mod frame;
pub mod gesture;
pub mod input;
pub mod layout;
pub mod legend;
pub mod narration;
pub mod overlay;
pub mod playback;
pub mod readout;
pub mod scale;
pub mod spans;
pub mod thread_marks;
pub mod toolbar;

use std::rc::Rc;

use gloo_render::request_animation_frame;
use yew::prelude::*;

use self::announce::{readout_line, use_readout_id};
use self::columns::Columns;
pub use self::compact::CompactTimeline;
use self::frame::{use_frame_columns, use_playhead_in_frame};
use self::input::use_timeline_input;
use self::layout::{layout, Layout};
use self::legend::legend_toggle;
pub use self::legend::{legend, present_states};
use self::narration::Narration;
pub use self::overlay::LaneMark;
use self::overlay::Overlay;
use self::playback::{Playback, PlaybackAction};
use self::readout::{live_line, pointed_span, span_readout, POINTER_HINT};
use self::spans::{lane_labels, px, LaneFocus, SpanLayer};
use self::toolbar::Toolbar;
use crate::disclosure::use_disclosure;
use crate::trace_ref::TraceRef;
use gil_sim::lanes::State;
use gil_sim::time::format_duration;

/// The timeline's properties: the trace, and moments to mark on its lanes.
#[derive(Properties, Clone, PartialEq)]
pub struct TimelineProps {
    pub trace: TraceRef,
    #[prop_or_default]
    pub marks: Vec<LaneMark>,
}

/// What the timeline draws once per trace, since playback re-renders it: the lanes' layout, the
/// states the legend shows and the lanes' labels.
struct Drawn {
    layout: Rc<Layout>,
    present: Vec<State>,
    labels: Html,
}

impl Drawn {
    fn of((trace, columns): &(TraceRef, Columns)) -> Drawn {
        let layout = Rc::new(layout(trace, *columns));
        let labels = lane_labels(trace, &layout);
        Drawn { present: present_states([&**trace]), labels, layout }
    }
}

/// The timeline of a trace. A new trace starts afresh (playhead, zoom and selection reset) in the
/// same elements, which Yew updates: cheaper than building the timeline again at every change.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let player = use_playback(&props.trace);
    let (svg, frame) = (use_node_ref(), use_node_ref());
    let columns = use_frame_columns(&frame);
    let drawn = use_memo((player.trace.clone(), columns), Drawn::of);
    use_animation_loop(&player);
    let input = use_timeline_input(&player, &drawn.layout, &svg, &frame);
    let readout_id = use_readout_id();
    use_playhead_in_frame(&player, &drawn.layout, &frame);
    let (legend_fold, toggle_legend) = use_disclosure();
    let trace = &player.trace;
    // Marks only over the trace they were made for, not the previous one the playback still shows for a render.
    let marks = if *trace == props.trace { props.marks.clone() } else { Vec::new() };
    let readout = AttrValue::from(span_readout(trace, pointed_span(&player), POINTER_HINT));
    let (width, height) = (px(drawn.layout.columns.width()), px(drawn.layout.height));
    let label = format!(
        "Timeline of {} lanes over {}",
        trace.lanes.len(),
        format_duration(drawn.layout.end)
    );
    html! {
        <section class="timeline" aria-label="Timeline">
            <div class="timeline-head">
                <h2>{ "Timeline" }</h2>
                { legend_toggle(&drawn.present, &legend_fold, toggle_legend) }
            </div>
            <div class={legend_fold.class("legend-fold", "legend-fold open")}>{ legend(&drawn.present) }</div>
            <Toolbar player={player.clone()} svg={svg.clone()} />
            { readout_line(&readout_id, &readout) }
            <div class="timeline-scroll timeline-frame" ref={frame} tabindex="0" onkeydown={input.on_key}
                onpointerdown={input.on_pointer_down} onpointermove={input.on_pointer_move} onpointerup={input.on_pointer_up}
                onpointerleave={input.on_pointer_leave} onscroll={input.on_scroll}
                aria-label="Timeline lanes: space plays, n steps to the next event, plus and minus zoom, arrow keys move between spans">
                <svg class="timeline-svg" data-testid="timeline" role="group" aria-label={label} ref={svg}
                    viewBox={format!("0 0 {width} {height}")} width={width.clone()} height={height.clone()} onwheel={input.on_wheel}>
                    <SpanLayer trace={trace.clone()} layout={drawn.layout.clone()} window={player.window} focus={LaneFocus { dispatcher: player.dispatcher(), readout: readout_id }} />
                    <Overlay player={player.clone()} layout={drawn.layout.clone()} {marks} {readout} />
                    { drawn.labels.clone() }
                </svg>
            </div>
            <p class="timeline-now" aria-live="polite">{ live_line(trace, player.playing, player.current_events()) }</p>
            <Narration trace={trace.clone()} done={player.events_done()} />
        </section>
    }
}

/// The playback of `trace`. A new trace resets it once the render that brings it is on screen;
/// until then the one the playback has is drawn.
#[hook]
fn use_playback(trace: &TraceRef) -> UseReducerHandle<Playback> {
    let player = {
        let trace = trace.clone();
        use_reducer(move || Playback::new(trace, prefers_reduced_motion()))
    };
    {
        let player = player.clone();
        use_effect_with(trace.clone(), move |trace| {
            if player.trace != *trace {
                player.dispatch(PlaybackAction::Load(trace.clone()));
            }
        });
    }
    player
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// The animation loop: while playing, every frame asks for the next one.
#[hook]
fn use_animation_loop(player: &UseReducerHandle<Playback>) {
    let dispatcher = player.dispatcher();
    use_effect_with((player.playing, player.frames), move |(playing, _)| {
        let handle = playing.then(|| {
            request_animation_frame(move |now| dispatcher.dispatch(PlaybackAction::Frame(now)))
        });
        move || drop(handle)
    });
}
