//! The static layer of the timeline: group boxes, lanes, the aggregated spans, the grid, the axis
//! and, over them, the lanes' focus targets. Its props change only when the trace, the zoom or the
//! pan change, never during playback, so Yew skips it on every animation frame. The lanes' labels
//! are drawn over it ([`lane_labels`]). What only the eye needs (drawn names, ticks) is hidden
//! from assistive technology; the focusable lanes carry the names.

use std::rc::Rc;

use yew::prelude::*;

use super::aggregate::{aggregate, lane_spans, outlines, path_data};
use super::columns::CHAR_WIDTH;
use super::layout::{
    mark, pattern_fill, pattern_id, slug, Layout, Mark, Paint, Row, ROW_HEIGHT, TEXT_BASELINE, TOP,
};
use super::playback::{Playback, PlaybackAction};
use super::scale::{tick_label, ticks, Scale, Window};
use crate::trace_ref::TraceRef;
use gil_sim::lanes::{LaneKind, Span};
use gil_sim::time::{fixed, Nanos};
use gil_sim::trace::Trace;

#[derive(Properties, Clone, PartialEq)]
pub struct SpanLayerProps {
    pub trace: TraceRef,
    /// The trace's [`layout`](super::layout::layout); compared by value, so a page that lays out
    /// again without a new trace does not redraw the spans.
    pub layout: Rc<Layout>,
    pub window: Window,
    /// How its lanes take the keyboard focus; `None`: they do not.
    pub focus: Option<LaneFocus>,
    /// A still timeline (the compare view's): no playhead for its axis to move.
    #[prop_or_default]
    pub still: bool,
}

/// Where focusing a lane sends its selection, and the id of the readout that describes it.
#[derive(Clone, PartialEq)]
pub struct LaneFocus {
    pub dispatcher: UseReducerDispatcher<Playback>,
    pub readout: AttrValue,
}

/// A lane's name and kind ("hog (thread)"), or its name alone where that is its kind ("GIL").
fn lane_title(name: &str, kind: LaneKind) -> String {
    match kind_name(kind) {
        kind if kind == name => name.to_string(),
        kind => format!("{name} ({kind})"),
    }
}

fn kind_name(kind: LaneKind) -> &'static str {
    match kind {
        LaneKind::Core => "CPU core",
        LaneKind::Gil => "GIL",
        LaneKind::MainThread => "main thread",
        LaneKind::Thread => "thread",
        LaneKind::Process => "process",
        LaneKind::Task => "asyncio task",
        LaneKind::Interpreter => "subinterpreter",
        LaneKind::PoolThread => "thread-pool thread",
    }
}

/// A coordinate for an SVG attribute.
pub fn px(value: f64) -> String {
    fixed(value, 1)
}

/// What a state's mark draws in its 6 × 6 tile: a mark that does not need colour.
fn mark_shape(mark: Mark) -> Html {
    match mark {
        Mark::Plain => html! {},
        Mark::Diagonal => html! { <path class="mark" d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" /> },
        Mark::BackDiagonal => html! { <path class="mark" d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" /> },
        Mark::Cross => html! { <path class="mark" d="M0,6 l6,-6 M0,0 l6,6" /> },
        Mark::Horizontal => html! { <path class="mark" d="M0,3 h6" /> },
        Mark::Vertical => html! { <path class="mark" d="M3,0 v6" /> },
        Mark::Dots => html! { <circle class="mark-dot" cx="3" cy="3" r="1.1" /> },
        Mark::Grid => html! { <path class="mark mark-thin" d="M0,0.5 h6 M0.5,0 v6" /> },
        Mark::Ring => html! { <circle class="mark mark-thin" cx="3" cy="3" r="1.6" /> },
        Mark::Blank => html! {},
        Mark::Checker => html! { <path class="mark-dot" d="M0,0 h3 v3 h-3 z M3,3 h3 v3 h-3 z" /> },
    }
}

/// The fill patterns, one per paint (its colour, a CSS class, and its state's mark), once for the
/// whole page in a hidden SVG: the app draws it beside every view, so the timelines' re-renders
/// during playback never touch it, and any timeline's spans find it.
pub fn pattern_source() -> Html {
    html! {
        <svg class="pattern-source" width="0" height="0" aria-hidden="true" focusable="false">
            <defs>
                { for Paint::all().map(|paint| html! {
                    <pattern id={pattern_id(paint)} patternUnits="userSpaceOnUse" width="6" height="6">
                        <rect class={paint.colour_class()} width="6" height="6" />
                        { mark_shape(mark(paint.state)) }
                    </pattern>
                }) }
            </defs>
        </svg>
    }
}

/// The path of a GIL lane's hand-offs: a tick wherever the lock passes from one thread to
/// another, at most one per three pixels (closer ones would hide the holders' colours).
fn handoff_ticks(spans: &[Span], scale: &Scale, top: f64) -> String {
    let mut data = String::new();
    let mut last_x = f64::NEG_INFINITY;
    for pair in spans.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        if before.who.is_none()
            || after.who.is_none()
            || before.who == after.who
            || !scale.window.contains(after.start)
        {
            continue;
        }
        let x = scale.x(after.start);
        if x - last_x >= 3.0 {
            data.push_str(&format!("M{} {}v{}", px(x), px(top - 3.0), px(ROW_HEIGHT + 6.0)));
            last_x = x;
        }
    }
    data
}

/// The groups' titles and the lanes' names and colour keys, on a backdrop of the groups' colour,
/// drawn after everything else: on a phone, where the frame scrolls the drawing sideways, the
/// timeline shifts this layer by as much as the frame has scrolled, so it stays at the frame's left
/// edge, every lane keeps its name in view, and the spans and the playhead pass under it.
pub fn lane_labels(trace: &Trace, layout: &Layout) -> Html {
    let columns = layout.columns;
    // Hidden from assistive technology: each focusable lane is named (`focusable_lane`).
    html! {
        <g class="lane-labels" aria-hidden="true">
            { for layout.groups.iter().map(|group| html! {
                <>
                    <rect class="group-box label-backdrop" x="0.5" y={px(group.y + 1.0)} width={px(columns.label - 0.5)} height={px(group.height - 2.0)} rx="3" />
                    <text class="group-title" x="8" y={px(group.y + 14.0)}>{ &group.title }</text>
                </>
            }) }
            { for layout.rows.iter().map(|row| {
                let name = &trace.lanes[row.lane].name;
                let fitted = columns.fitted_name(name);
                html! {
                    <>
                        { thread_key(layout, row) }
                        <text class="lane-name" x={px(columns.name_end())} y={px(row.y + TEXT_BASELINE)} text-anchor="end">
                            if fitted != name.as_str() { <title>{ name }</title> }
                            { fitted }
                        </text>
                    </>
                }
            }) }
        </g>
    }
}

/// A thread lane's key at the right of its name: a box of its colour holding its mark.
fn thread_key(layout: &Layout, row: &Row) -> Html {
    let (Some(who), Some(mark)) =
        (layout.colours.get(row.lane).copied().flatten(), layout.thread_mark(row.lane))
    else {
        return Html::default();
    };
    let width = mark.chars().count() as f64 * CHAR_WIDTH + 4.0;
    let right = layout.columns.label - 3.0;
    html! {
        <>
            <rect class={format!("lane-key who-{who}")} x={px(right - width)} y={px(row.y + 3.0)} width={px(width)} height={px(ROW_HEIGHT - 6.0)} rx="2" />
            <text class="lane-tag" x={px(right - width / 2.0)} y={px(row.y + TEXT_BASELINE)} text-anchor="middle">{ mark }</text>
        </>
    }
}

#[function_component(SpanLayer)]
pub fn span_layer(props: &SpanLayerProps) -> Html {
    let layout = &props.layout;
    let columns = layout.columns;
    let scale = columns.scale(props.window);
    let spans = SpanPaths::draw(&props.trace, layout, &scale);
    let (step, tick_times) = ticks(props.window, columns.tick_count());
    html! {
        <g class="span-layer">
            { for layout.groups.iter().map(|group| html! {
                <g class="group">
                    <rect class="group-box" x="0.5" y={px(group.y)} width={px(columns.plot_right() + columns.margin / 2.0)} height={px(group.height)} rx="4" />
                </g>
            }) }
            { for layout.rows.iter().map(|row| html! {
                <rect class="lane-bg" x={px(columns.plot_left())} y={px(row.y)} width={px(columns.plot)} height={px(ROW_HEIGHT)} />
            }) }
            { for tick_times.iter().map(|time| {
                let x = px(scale.x(*time));
                html! { <line class="grid" x1={x.clone()} x2={x} y1={px(TOP)} y2={px(layout.axis_y)} /> }
            }) }
            { spans.view() }
            { axis(layout, &scale, step, &tick_times, props.still) }
            if let Some(focus) = &props.focus {
                { for layout.rows.iter().map(|row| focusable_lane(&props.trace, layout, row, focus)) }
            }
        </g>
    }
}

/// The spans of every lane as paths, with the hand-off ticks of the GILs and the names of the
/// threads in spans wide enough for them.
struct SpanPaths {
    /// One group per paint (its fill set once), holding that paint's path on every lane: however
    /// many spans a lane has, it adds at most one element per paint to the page.
    by_paint: Vec<Vec<Html>>,
    handoffs: String,
    labels: Vec<Html>,
}

/// What a span `width` pixels wide on a core or a GIL says of the thread `who` in it: its name
/// where it fits with room to spare, else its mark where that fits at all (its halo may overlap
/// the span's edges), else nothing: the readout, or zooming in, tells.
fn thread_label(trace: &Trace, layout: &Layout, who: usize, width: f64) -> Option<String> {
    let fits = |text: &str, room: f64| width >= text.chars().count() as f64 * CHAR_WIDTH + room;
    let name = trace.lanes.get(who)?.name.as_str();
    if fits(name, 6.0) {
        return Some(name.to_string());
    }
    layout.thread_mark(who).filter(|mark| fits(mark, 2.0)).map(String::from)
}

impl SpanPaths {
    fn draw(trace: &Trace, layout: &Layout, scale: &Scale) -> SpanPaths {
        let mut drawn = SpanPaths {
            by_paint: vec![Vec::new(); Paint::COUNT],
            handoffs: String::new(),
            labels: Vec::new(),
        };
        for row in &layout.rows {
            let spans = &trace.spans[lane_spans(&trace.spans, row.lane as u32)];
            let blocks = aggregate(spans, scale, |span| layout.paint(span));
            for outline in outlines(&blocks) {
                drawn.by_paint[outline.paint.index()]
                    .push(html! { <path d={path_data(&outline.runs, row.y, ROW_HEIGHT)} /> });
            }
            if trace.lanes[row.lane].kind == LaneKind::Gil {
                drawn.handoffs.push_str(&handoff_ticks(spans, scale, row.y));
            }
            for block in blocks.iter().filter(|block| !block.pooled) {
                if let Some(label) = spans[block.first]
                    .who
                    .and_then(|who| thread_label(trace, layout, who as usize, block.width()))
                {
                    drawn.labels.push(html! {
                        <text class="span-who" x={px(block.x0 + block.width() / 2.0)} y={px(row.y + TEXT_BASELINE)} text-anchor="middle">{ label }</text>
                    });
                }
            }
        }
        drawn
    }

    fn view(self) -> Html {
        html! {
            <>
            { for self.by_paint.into_iter().enumerate().filter(|(_, paths)| !paths.is_empty()).map(|(index, paths)| {
                let paint = Paint::from_index(index);
                html! { <g class={format!("span span-{}", slug(paint.state))} fill={pattern_fill(paint)}>{ for paths }</g> }
            }) }
            if !self.handoffs.is_empty() {
                <path class="handoffs" d={self.handoffs} />
            }
            <g class="span-labels" aria-hidden="true">{ for self.labels }</g>
            </>
        }
    }
}

/// A lane's focus target, drawn over its spans so that its outline shows: focusing it selects its
/// span at the playhead, whose readout describes it.
fn focusable_lane(trace: &Trace, layout: &Layout, row: &Row, focus: &LaneFocus) -> Html {
    let lane = &trace.lanes[row.lane];
    let columns = layout.columns;
    let lane_index = row.lane;
    let dispatcher = focus.dispatcher.clone();
    let onfocus = Callback::from(move |_: FocusEvent| {
        dispatcher.dispatch(PlaybackAction::SelectLane(lane_index))
    });
    html! {
        <rect class="lane" role="group" tabindex="0" data-lane={row.lane.to_string()} {onfocus}
            aria-label={format!("{}: arrow keys move between its spans", lane_title(&lane.name, lane.kind))}
            aria-describedby={focus.readout.clone()} fill="none"
            x={px(columns.plot_left())} y={px(row.y)} width={px(columns.plot)} height={px(ROW_HEIGHT)} />
    }
}

/// The time axis under the lanes, its ticks every `step` and its title; in a playing timeline, a
/// press on it moves the playhead.
fn axis(layout: &Layout, scale: &Scale, step: Nanos, tick_times: &[Nanos], still: bool) -> Html {
    let (axis_y, columns) = (layout.axis_y, layout.columns);
    let title = match (still, columns.plot < 500.0) {
        (true, _) => "time (ms)",
        (false, true) => "time (ms) — drag here to move",
        (false, false) => "time (ms) — click or drag here to move the playhead",
    };
    html! {
        <g class="axis-layer" aria-hidden="true">
            <rect class="axis-zone" x={px(columns.plot_left())} y={px(axis_y)} width={px(columns.plot)} height="24" />
            <line class="axis" x1={px(columns.plot_left())} x2={px(columns.plot_right())} y1={px(axis_y)} y2={px(axis_y)} />
            { for tick_times.iter().map(|time| {
                let x = px(scale.x(*time));
                html! {
                    <g class="tick">
                        <line class="axis" x1={x.clone()} x2={x.clone()} y1={px(axis_y)} y2={px(axis_y + 5.0)} />
                        <text class="tick-label" x={x} y={px(axis_y + 18.0)} text-anchor="middle">{ tick_label(*time, step) }</text>
                    </g>
                }
            }) }
            <text class="axis-title" x={px(columns.plot_left() + columns.plot / 2.0)} y={px(axis_y + 36.0)} text-anchor="middle">{ title }</text>
        </g>
    }
}
