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
//! - [`spans::SpanLayer`] draws the spans and axis; its props do not change during playback, so
//!   only the small overlay (playhead, selection, lane marks) and the narration re-render as the
//!   playhead moves.

pub mod aggregate;
pub mod export;
pub mod gesture;
pub mod layout;
pub mod narration;
pub mod playback;
pub mod scale;
pub mod spans;

use std::rc::Rc;

use gloo_render::request_animation_frame;
use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use self::gesture::{window_share, Gesture, Intent, Pointer};
use self::layout::{
    describe_span, layout, mark, mark_name, pattern_fill, Layout, Paint, CHAR_WIDTH, LABEL_WIDTH, PLOT_WIDTH, ROW_HEIGHT, TOP,
};
use self::narration::Narration;
use self::playback::{clock, rate_label, scrub_step, Direction, Playback, PlaybackAction, SPEEDS};
use self::scale::Scale;
use self::spans::{lane_labels, px, SpanLayer};
use gil_sim::lanes::State;
use gil_sim::time::{format_duration, trimmed, Nanos};
use gil_sim::Trace;

/// A moment marked on one lane, over its spans: where a worker finished in a real run, beside the
/// simulated one.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneMark {
    pub lane: usize,
    pub time: Nanos,
    /// What the mark says, as its tooltip.
    pub label: String,
}

/// The timeline's properties: the trace, compared by identity (a new simulation is a new `Rc`),
/// and moments to mark on its lanes.
#[derive(Properties, Clone)]
pub struct TimelineProps {
    pub trace: Rc<Trace>,
    #[prop_or_default]
    pub marks: Vec<LaneMark>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.trace, &other.trace) && self.marks == other.marks
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}

/// The height of the readout drawn beside a span.
const CALLOUT_HEIGHT: f64 = 22.0;

/// The SVG's box on screen, and how many of its user units make one CSS pixel: 1 where it is drawn
/// at its own size (a phone), more where it is shrunk to the page's width.
fn svg_box(svg: &NodeRef, width: f64) -> Option<(DomRect, f64)> {
    let rect = svg.cast::<Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| {
        let units = width / rect.width();
        (rect, units)
    })
}

/// A point on screen (client coordinates) in the SVG's user units.
fn svg_point(svg: &NodeRef, (x, y): (f64, f64), width: f64) -> Option<(f64, f64)> {
    let (rect, units) = svg_box(svg, width)?;
    Some(((x - rect.left()) * units, (y - rect.top()) * units))
}

/// The gesture under way on the lanes, and where its drag began: the frame's scroll and the
/// window's start then, since a drag moves both from there.
#[derive(Default)]
struct Pointers {
    gesture: Gesture,
    drag_origin: (i32, u64),
}

fn pointer_of(event: &PointerEvent) -> Pointer {
    Pointer { id: event.pointer_id(), x: event.client_x() as f64, y: event.client_y() as f64 }
}

/// A toolbar button: its visible label is its accessible name (so speech input can say what it
/// reads); its title, shown on hover, describes it.
fn tool_button(class: &'static str, label: &'static str, title: &'static str, onclick: Callback<MouseEvent>) -> Html {
    html! { <button type="button" {class} {title} {onclick}>{ label }</button> }
}

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
                { "Each thread has a colour: on its own lane, on the core it runs on, and on the GIL while it holds it; a tick on the GIL's lane marks each hand-off. The patterns say what a thread is doing:" }
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

/// The two download buttons: the drawn timeline as SVG, the trace as Perfetto JSON.
fn download_buttons(svg: &NodeRef, trace: &Rc<Trace>, file_stem: &str) -> Html {
    let on_svg = {
        let (svg, name) = (svg.clone(), format!("{file_stem}.svg"));
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = svg.cast::<Element>().and_then(|svg| export::svg_file(&svg)) {
                let _ = export::download(&name, "image/svg+xml", &file);
            }
        })
    };
    let on_json = {
        let (trace, name) = (trace.clone(), format!("{file_stem}-trace.json"));
        Callback::from(move |_: MouseEvent| {
            if let Some(json) = export::perfetto_json(&trace) {
                let _ = export::download(&name, "application/json", &json);
            }
        })
    };
    html! {
        <span class="timeline-downloads" role="group" aria-label="Downloads">
            <button type="button" class="timeline-download-svg" title="Download the timeline as it is drawn, as an SVG file" onclick={on_svg}>{ "⤓ SVG" }</button>
            <button type="button" class="timeline-download-trace" title="Download the trace as JSON for ui.perfetto.dev" onclick={on_json}>{ "⤓ Perfetto JSON" }</button>
        </span>
    }
}

#[derive(Properties, Clone)]
pub struct CompactTimelineProps {
    pub trace: Rc<Trace>,
    /// The time the compared timelines share, so they have one scale.
    pub end: u64,
    pub label: AttrValue,
    /// Names the downloaded files (`gil-lab-threads`).
    pub file_stem: AttrValue,
}

/// The trace compared by identity, like [`TimelineProps`].
impl PartialEq for CompactTimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.trace, &other.trace) && self.end == other.end && self.label == other.label && self.file_stem == other.file_stem
    }
}

/// A still timeline for side-by-side comparison: lanes and spans from 0 to `end`, no playback. Its
/// patterns come from the one [`spans::pattern_source`] the app draws.
#[function_component(CompactTimeline)]
pub fn compact_timeline(props: &CompactTimelineProps) -> Html {
    let layout = {
        let trace = props.trace.clone();
        use_memo(Rc::as_ptr(&props.trace) as usize, move |_| Rc::new(layout(&trace)))
    };
    let layout: Rc<Layout> = (*layout).clone();
    let window = scale::Window::all(props.end);
    let svg = use_node_ref();
    html! {
        <>
        <div class="compact-downloads">{ download_buttons(&svg, &props.trace, &props.file_stem) }</div>
        <div class="timeline-scroll compact-timeline">
            <svg class="timeline-svg" role="img" ref={svg} aria-label={props.label.clone()}
                viewBox={format!("0 0 {} {}", px(layout.width), px(layout.height))} width={px(layout.width)} height={px(layout.height)}>
                <SpanLayer trace={props.trace.clone()} layout={layout.clone()} {window} dispatcher={None} />
                { lane_labels(&props.trace, &layout) }
            </svg>
        </div>
        </>
    }
}

/// The timeline of a trace. A new trace starts afresh (playhead, zoom and selection reset) in the
/// same elements, which Yew updates: cheaper than building the timeline again at every change.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let player = {
        let trace = props.trace.clone();
        use_reducer(move || Playback::new(trace, prefers_reduced_motion()))
    };
    // A new trace resets the playback once this render is on screen; until then the one the
    // playback has is drawn.
    {
        let (player, trace) = (player.clone(), props.trace.clone());
        use_effect_with(Rc::as_ptr(&props.trace) as usize, move |_| {
            if !Rc::ptr_eq(&player.trace, &trace) {
                player.dispatch(PlaybackAction::Load(trace));
            }
        });
    }
    let trace = player.trace.clone();
    let trace_id = Rc::as_ptr(&trace) as usize;
    // The lanes' layout, and the states the trace has for the legend: once per trace, since
    // playback re-renders this component.
    let drawn = {
        let trace = trace.clone();
        use_memo(trace_id, move |_| {
            let layout = Rc::new(layout(&trace));
            let labels = lane_labels(&trace, &layout);
            (layout, present_states([&*trace]), labels)
        })
    };
    let (layout, present, labels) = (&drawn.0, &drawn.1, &drawn.2);
    let svg = use_node_ref();
    let frame = use_node_ref();
    let pointers = use_mut_ref(Pointers::default);
    let dispatcher = player.dispatcher();

    // The animation loop: while playing, every frame asks for the next one.
    {
        let dispatcher = dispatcher.clone();
        use_effect_with((player.playing, player.frames), move |(playing, _)| {
            let handle = playing.then(|| request_animation_frame(move |now| dispatcher.dispatch(PlaybackAction::Frame(now))));
            move || drop(handle)
        });
    }
    // The arrow keys move the selection across lanes: keep the keyboard focus on its lane.
    let selected_lane = player.selected.and_then(|index| trace.spans.get(index)).map(|span| span.lane);
    {
        let frame = frame.clone();
        use_effect_with(selected_lane, move |lane| {
            let focused_inside = frame.cast::<Element>().zip(web_sys::window().and_then(|window| window.document()?.active_element()));
            if let (Some(lane), Some((frame, active))) = (lane, focused_inside) {
                if frame.contains(Some(&active)) && active.get_attribute("data-lane") != Some(lane.to_string()) {
                    if let Ok(Some(target)) = frame.query_selector(&format!("[data-lane='{lane}']")) {
                        let _ = target.unchecked_into::<HtmlElement>().focus();
                    }
                }
            }
        });
    }

    let scale = Scale::new(player.window, LABEL_WIDTH, PLOT_WIDTH);
    let (width, height) = (layout.width, layout.height);
    let axis_y = layout.axis_y;
    let span_under = {
        let player = player.clone();
        let layout = layout.clone();
        move |x: f64, y: f64| -> Option<usize> {
            if !(LABEL_WIDTH..=LABEL_WIDTH + PLOT_WIDTH).contains(&x) {
                return None;
            }
            let row = layout.row_at(y)?;
            player.span_at(row.lane, scale.time(x)).filter(|index| player.trace.spans[*index].end > scale.time(x))
        }
    };

    let nanos_per_pixel = scale.nanos_per_pixel();
    // Carries out what a pointer event means (see `gesture`): captures its pointer once the gesture
    // is more than a tap (so a drag goes on outside the frame), and acts.
    let carry_out = {
        let (svg, frame, pointers, dispatcher, layout) = (svg.clone(), frame.clone(), pointers.clone(), dispatcher.clone(), layout.clone());
        let span_under = span_under.clone();
        Rc::new(move |pointer_id: i32, intent: Intent| {
            let (Some(frame), Some((rect, units))) = (frame.cast::<Element>(), svg_box(&svg, width)) else { return };
            if pointers.borrow().gesture.engaged() {
                let _ = frame.set_pointer_capture(pointer_id);
            }
            let to_svg = |x: f64, y: f64| ((x - rect.left()) * units, (y - rect.top()) * units);
            match intent {
                Intent::Nothing => {}
                Intent::Seek(x) => dispatcher.dispatch(PlaybackAction::Seek(scale.time(to_svg(x, 0.0).0))),
                Intent::Drag(travel) => {
                    let (scroll, start) = pointers.borrow().drag_origin;
                    frame.set_scroll_left(scroll + travel.round() as i32);
                    let rest = window_share(travel, (frame.scroll_left() - scroll) as f64);
                    let delta = (rest * units * nanos_per_pixel).round() as i64;
                    dispatcher.dispatch(PlaybackAction::PanTo((start as i64).saturating_add(delta).max(0) as u64));
                }
                Intent::Zoom(factor, x) => dispatcher.dispatch(PlaybackAction::Zoom(factor, Some(scale.time(to_svg(x, 0.0).0)))),
                Intent::Tap(x, y) => {
                    let (x, y) = to_svg(x, y);
                    // Left of the plot, or on the lanes' labels, which stay in view as the frame scrolls.
                    if x < LABEL_WIDTH + frame.scroll_left() as f64 * units {
                        if let Some(row) = layout.row_at(y) {
                            dispatcher.dispatch(PlaybackAction::SelectLane(row.lane));
                        }
                    } else if let Some(span) = span_under(x, y) {
                        dispatcher.dispatch(PlaybackAction::Select(Some(span)));
                    }
                }
            }
        })
    };
    // A press on the axis moves the playhead; on the lanes it starts a drag, or a tap if it does not move.
    let on_pointer_down = {
        let (carry_out, svg, frame, pointers) = (carry_out.clone(), svg.clone(), frame.clone(), pointers.clone());
        let window_start = player.window.start;
        Callback::from(move |event: PointerEvent| {
            let pointer = pointer_of(&event);
            let Some((x, y)) = svg_point(&svg, (pointer.x, pointer.y), width).filter(|_| event.button() == 0) else { return };
            let on_axis = y >= axis_y && x >= LABEL_WIDTH;
            if on_axis {
                event.prevent_default();
            }
            let intent = {
                let mut pointers = pointers.borrow_mut();
                let intent = pointers.gesture.press(pointer, on_axis);
                if let (Gesture::Drag { .. }, Some(frame)) = (pointers.gesture, frame.cast::<Element>()) {
                    pointers.drag_origin = (frame.scroll_left(), window_start);
                }
                intent
            };
            carry_out(pointer.id, intent);
        })
    };
    let on_pointer_move = {
        let (carry_out, svg, pointers, dispatcher) = (carry_out.clone(), svg.clone(), pointers.clone(), dispatcher.clone());
        Callback::from(move |event: PointerEvent| {
            let pointer = pointer_of(&event);
            let intent = pointers.borrow_mut().gesture.moved(pointer);
            carry_out(pointer.id, intent);
            // A finger hovers only while it drags: it leaves the frame when lifted.
            if let Some((x, y)) = svg_point(&svg, (pointer.x, pointer.y), width) {
                dispatcher.dispatch(PlaybackAction::Hover(span_under(x, y)));
            }
        })
    };
    let on_pointer_up = {
        let (carry_out, pointers) = (carry_out.clone(), pointers.clone());
        Callback::from(move |event: PointerEvent| {
            let intent = pointers.borrow_mut().gesture.released(event.pointer_id());
            carry_out(event.pointer_id(), intent);
        })
    };
    // A pointer that leaves the frame without a drag ends its gesture without a tap; so does one the
    // browser takes (to scroll the page, say), since a `pointercancel` is always followed by a
    // `pointerleave`. A finger leaves when lifted.
    let on_pointer_leave = {
        let (pointers, dispatcher) = (pointers.clone(), dispatcher.clone());
        Callback::from(move |event: PointerEvent| {
            pointers.borrow_mut().gesture.released(event.pointer_id());
            dispatcher.dispatch(PlaybackAction::Hover(None));
        })
    };
    // The lanes' labels keep to the frame's left edge as it scrolls sideways: shifted by as much as
    // it scrolled, which is in the SVG's units, since the frame scrolls only where the SVG keeps its
    // drawn size (a phone). Not playback state, and no render: only the labels' layer moves. An SVG
    // transform, since the page's Content-Security-Policy refuses style attributes.
    let on_scroll = Callback::from(|event: Event| {
        let frame: Element = event.target_unchecked_into();
        if let Ok(Some(labels)) = frame.query_selector(".lane-labels") {
            let _ = labels.set_attribute("transform", &format!("translate({} 0)", frame.scroll_left()));
        }
    });
    let on_wheel = {
        let (svg, dispatcher) = (svg.clone(), dispatcher.clone());
        Callback::from(move |event: WheelEvent| {
            let delta = event.delta_y() + event.delta_x();
            if event.ctrl_key() || event.meta_key() {
                event.prevent_default();
                let anchor = svg_point(&svg, (event.client_x() as f64, event.client_y() as f64), width).map(|(x, _)| scale.time(x));
                dispatcher.dispatch(PlaybackAction::Zoom(if delta < 0.0 { 1.25 } else { 0.8 }, anchor));
            } else if event.shift_key() {
                event.prevent_default();
                dispatcher.dispatch(PlaybackAction::Pan((delta * nanos_per_pixel).round() as i64));
            }
        })
    };
    let on_key = {
        let dispatcher = dispatcher.clone();
        let has_selection = player.selected.is_some();
        let pan = (player.window.len() / 10) as i64;
        Callback::from(move |event: KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() {
                return;
            }
            let action = match event.key().as_str() {
                " " | "k" => PlaybackAction::TogglePlay,
                "n" | "." => PlaybackAction::StepNext,
                "p" | "," => PlaybackAction::StepPrevious,
                "Home" => PlaybackAction::Restart,
                "End" => PlaybackAction::ToEnd,
                "+" | "=" => PlaybackAction::Zoom(2.0, None),
                "-" | "_" => PlaybackAction::Zoom(0.5, None),
                "0" => PlaybackAction::ResetZoom,
                "ArrowLeft" if has_selection => PlaybackAction::Move(Direction::Previous),
                "ArrowRight" if has_selection => PlaybackAction::Move(Direction::Next),
                "ArrowUp" if has_selection => PlaybackAction::Move(Direction::Up),
                "ArrowDown" if has_selection => PlaybackAction::Move(Direction::Down),
                "ArrowLeft" => PlaybackAction::Pan(-pan),
                "ArrowRight" => PlaybackAction::Pan(pan),
                "Escape" => PlaybackAction::Select(None),
                _ => return,
            };
            event.prevent_default();
            dispatcher.dispatch(action);
        })
    };

    let act = |action: PlaybackAction| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };
    let on_play = act(PlaybackAction::TogglePlay);
    let on_restart = act(PlaybackAction::Restart);
    let on_step = act(PlaybackAction::StepNext);
    let on_zoom_in = act(PlaybackAction::Zoom(2.0, None));
    let on_zoom_out = act(PlaybackAction::Zoom(0.5, None));
    let on_zoom_reset = act(PlaybackAction::ResetZoom);
    let on_speed = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatcher.dispatch(PlaybackAction::SetSpeed(select.value().parse().unwrap_or(playback::NORMAL_SPEED)));
        })
    };
    let on_scrub = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatcher.dispatch(PlaybackAction::Seek(input.value().parse::<u64>().unwrap_or(0)));
        })
    };

    let done = player.events_done();
    let current = player.current_events();
    let now_text = if current.is_empty() {
        "Nothing has happened yet.".to_string()
    } else {
        let sentences: Vec<String> = trace.events[current.clone()].iter().take(3).map(|event| trace.describe(event)).collect();
        let more = current.len().saturating_sub(3);
        let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
        format!("At {}: {}{more}", format_duration(trace.events[current.start].time), sentences.join(" "))
    };
    let pointed = player.hover.or(player.selected).and_then(|index| trace.spans.get(index));
    let readout = pointed
        .map(|span| describe_span(&trace, span))
        .unwrap_or_else(|| "Tap or point at a span, or focus a lane and use the arrow keys, to see what it is.".into());
    // The readout beside the span it describes: the one under the pointer, or the one tapped, clicked or
    // selected with the keyboard.
    let callout = pointed.and_then(|span| {
        let row = layout.row_of(span.lane as usize)?;
        let width = readout.chars().count() as f64 * CHAR_WIDTH + 12.0;
        let x = scale.x(span.start.max(player.window.start)).max(LABEL_WIDTH).min(LABEL_WIDTH + PLOT_WIDTH - width).max(0.0);
        let y = if row.y >= CALLOUT_HEIGHT + TOP + 2.0 { row.y - CALLOUT_HEIGHT - 2.0 } else { row.y + ROW_HEIGHT + 2.0 };
        Some(html! {
            <g class="callout" transform={format!("translate({} {})", px(x), px(y))} aria-hidden="true">
                <rect width={px(width)} height={px(CALLOUT_HEIGHT)} rx="4" />
                <text x="6" y={px(CALLOUT_HEIGHT - 7.0)}>{ &readout }</text>
            </g>
        })
    });
    let highlight = |index: Option<usize>, class: &'static str| {
        let span = index.and_then(|index| trace.spans.get(index))?;
        let row = layout.row_of(span.lane as usize)?;
        let x0 = scale.x(span.start).max(LABEL_WIDTH);
        let x1 = scale.x(span.end).min(LABEL_WIDTH + PLOT_WIDTH);
        if x1 < LABEL_WIDTH || x0 > LABEL_WIDTH + PLOT_WIDTH {
            return None;
        }
        let width = (x1 - x0).max(2.0);
        Some(html! {
            <rect class={class} x={px(x0.min(LABEL_WIDTH + PLOT_WIDTH - 2.0))} y={px(row.y - 1.0)} width={px(width)} height={px(ROW_HEIGHT + 2.0)} />
        })
    };
    // Drawn at the edge of the view when outside it; only over the trace they were made for, not the
    // previous one the playback still shows for a render.
    let lane_marks = Rc::ptr_eq(&trace, &props.trace).then(|| {
        props
            .marks
            .iter()
            .filter_map(|lane_mark| {
                let row = layout.row_of(lane_mark.lane)?;
                let x = scale.x(lane_mark.time).clamp(LABEL_WIDTH, LABEL_WIDTH + PLOT_WIDTH);
                let outside = !player.window.contains(lane_mark.time);
                Some(html! {
                    <g class={classes!("lane-mark", outside.then_some("outside"))} transform={format!("translate({} {})", px(x), px(row.y))}>
                        <title>{ &lane_mark.label }</title>
                        <line x1="0" x2="0" y1="0" y2={px(ROW_HEIGHT)} />
                        <path d="M-5,-2 h10 l-5,7 z" />
                    </g>
                })
            })
            .collect::<Html>()
    });
    let playhead_x = scale.x(player.time);
    let playhead_visible = player.window.contains(player.time);
    let label = format!("Timeline of {} lanes over {}", trace.lanes.len(), format_duration(layout.end));

    html! {
        <section class="timeline" aria-label="Timeline">
            <h2>{ "Timeline" }</h2>
            { legend(present) }
            <div class="timeline-toolbar" role="toolbar" aria-label="Playback and zoom">
                { tool_button("timeline-restart", "↺ Restart", "Restart (Home)", on_restart) }
                <button type="button" class="timeline-play" onclick={on_play} aria-pressed={player.playing.to_string()}
                    title={if player.reduced_motion { "Show the end (reduced motion: no animation)" } else { "Play or pause (space)" }}>
                    { if player.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                { tool_button("timeline-step", "Next event ›", "Step to the next event (n)", on_step) }
                <label class="timeline-speed">
                    { "Speed " }
                    <select onchange={on_speed} aria-describedby="timeline-rate">
                        { for SPEEDS.iter().enumerate().map(|(index, speed)| html! {
                            <option value={index.to_string()} selected={index == player.speed}>{ format!("{}×", trimmed(*speed, 2)) }</option>
                        }) }
                    </select>
                </label>
                <span class="timeline-zoom" role="group" aria-label="Zoom">
                    { tool_button("timeline-zoom-out", "−", "Zoom out (−, or ctrl + wheel)", on_zoom_out) }
                    { tool_button("timeline-zoom-in", "+", "Zoom in (+, or ctrl + wheel)", on_zoom_in) }
                    { tool_button("timeline-zoom-fit", "Fit", "Show the whole trace (0)", on_zoom_reset) }
                </span>
                { download_buttons(&svg, &trace, "gil-lab-timeline") }
                <span class="timeline-clock">{ clock(player.time, player.end) }</span>
            </div>
            <input type="range" class="timeline-scrub" aria-label="Playhead time" min="0" max={player.end.to_string()}
                step={scrub_step(player.end).to_string()} value={player.time.to_string()}
                aria-valuetext={clock(player.time, player.end)} oninput={on_scrub} />
            <p class="timeline-hint" id="timeline-rate">
                { rate_label(player.rate) }
                { ". Drag to pan, pinch to zoom; with the timeline focused, space plays, n steps, +/− zoom, shift + wheel pans, arrow keys move between spans." }
            </p>
            <p class="timeline-readout">{ readout }</p>
            <div class="timeline-scroll timeline-frame" ref={frame.clone()} tabindex="0" onkeydown={on_key}
                onpointerdown={on_pointer_down} onpointermove={on_pointer_move} onpointerup={on_pointer_up}
                onpointerleave={on_pointer_leave} onscroll={on_scroll}
                aria-label="Timeline lanes: space plays, n steps to the next event, plus and minus zoom, arrow keys move between spans">
                <svg class="timeline-svg" data-testid="timeline" role="img" aria-label={label} ref={svg.clone()}
                    viewBox={format!("0 0 {} {}", px(width), px(height))} width={px(width)} height={px(height)} onwheel={on_wheel}>
                    <SpanLayer trace={trace.clone()} layout={layout.clone()} window={player.window} dispatcher={Some(dispatcher.clone())} />
                    <g class="overlay">
                        if playhead_visible && playhead_x < LABEL_WIDTH + PLOT_WIDTH {
                            <rect class="future" x={px(playhead_x)} y={px(TOP)}
                                width={px(LABEL_WIDTH + PLOT_WIDTH - playhead_x)} height={px(axis_y - TOP)} />
                        }
                        { highlight(player.selected, "selected").unwrap_or_default() }
                        { highlight(player.hover, "hovered").unwrap_or_default() }
                        { lane_marks.unwrap_or_default() }
                        { callout.unwrap_or_default() }
                        if playhead_visible {
                            <g class="playhead" transform={format!("translate({} 0)", px(playhead_x))} data-time={player.time.to_string()}>
                                <line x1="0" x2="0" y1={px(TOP)} y2={px(axis_y + 6.0)} />
                                <path d={format!("M-5,{} h10 l-5,7 z", px(axis_y - 1.0))} />
                            </g>
                        }
                    </g>
                    { labels.clone() }
                </svg>
            </div>
            <p class="timeline-now" aria-live="polite">{ now_text }</p>
            <Narration trace={trace.clone()} done={done} />
        </section>
    }
}
