//! The timeline: one row per lane, lanes boxed by group, spans coloured *and* patterned by state
//! (so the states can be told apart without colour), a time axis in milliseconds and a legend.
//! The geometry is computed by [`layout`], which knows nothing of Yew.

use yew::prelude::*;

use super::metrics::TraceProps;
use crate::sim::time::{format_duration, Nanos, MICROSECOND, MILLISECOND};
use crate::sim::trace::{Span, State, Trace};

pub const LABEL_WIDTH: f64 = 150.0;
pub const PLOT_WIDTH: f64 = 800.0;
pub const RIGHT_MARGIN: f64 = 20.0;
pub const ROW_HEIGHT: f64 = 18.0;
pub const ROW_GAP: f64 = 4.0;
pub const GROUP_HEADER: f64 = 20.0;
pub const GROUP_GAP: f64 = 8.0;
pub const AXIS_HEIGHT: f64 = 40.0;
const TOP: f64 = 4.0;
/// Roughly how wide one character of a span label is, to decide whether the label fits.
const CHAR_WIDTH: f64 = 6.5;

/// The CSS-friendly name of a state, used in class names and pattern ids.
pub fn slug(state: State) -> &'static str {
    match state {
        State::Starting => "starting",
        State::RunningWithGil => "running-with-gil",
        State::RunningWithoutGil => "running-without-gil",
        State::WaitingForGil => "waiting-for-gil",
        State::WaitingForCore => "waiting-for-core",
        State::Blocked => "blocked",
        State::Awaiting => "awaiting",
        State::WaitingForLoop => "waiting-for-loop",
        State::Idle => "idle",
        State::Done => "done",
    }
}

/// The pattern drawn over a state's colour: the cue that does not rely on colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Diagonal,
    BackDiagonal,
    Cross,
    Horizontal,
    Vertical,
    Dots,
}

pub fn mark(state: State) -> Mark {
    match state {
        State::RunningWithGil => Mark::Plain,
        State::RunningWithoutGil => Mark::Vertical,
        State::Starting => Mark::BackDiagonal,
        State::WaitingForGil => Mark::Diagonal,
        State::WaitingForCore => Mark::Cross,
        State::Blocked => Mark::Horizontal,
        State::Awaiting => Mark::Dots,
        State::WaitingForLoop => Mark::Diagonal,
        State::Idle => Mark::Dots,
        State::Done => Mark::Plain,
    }
}

pub fn pattern_id(state: State) -> String {
    format!("gil-lab-state-{}", slug(state))
}

fn pattern_fill(state: State) -> String {
    format!("url(#{})", pattern_id(state))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub lane: usize,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub title: String,
    pub y: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

/// Where everything goes, in the SVG's user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub groups: Vec<Group>,
    pub rows: Vec<Row>,
    pub ticks: Vec<Tick>,
    /// The simulated time at the right edge of the plot.
    pub end: Nanos,
    pub axis_y: f64,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn x(&self, time: Nanos) -> f64 {
        LABEL_WIDTH + time as f64 * PLOT_WIDTH / self.end as f64
    }
}

/// Lanes grouped by `group`, groups in the order they first appear.
pub fn layout(trace: &Trace) -> Layout {
    let mut grouped: Vec<(&str, Vec<usize>)> = Vec::new();
    for (index, lane) in trace.lanes.iter().enumerate() {
        match grouped.iter_mut().find(|(title, _)| *title == lane.group) {
            Some((_, lanes)) => lanes.push(index),
            None => grouped.push((&lane.group, vec![index])),
        }
    }
    let mut y = TOP;
    let mut groups = Vec::new();
    let mut rows = Vec::new();
    for (title, lanes) in grouped {
        let top = y;
        y += GROUP_HEADER;
        for lane in lanes {
            rows.push(Row { lane, y });
            y += ROW_HEIGHT + ROW_GAP;
        }
        groups.push(Group { title: title.to_string(), y: top, height: y - top });
        y += GROUP_GAP;
    }
    let end = trace.spans.iter().map(|span| span.end).chain([trace.metrics.makespan, 1]).max().unwrap_or(1);
    let step = tick_step(end);
    let ticks = (0..=end / step)
        .map(|n| n * step)
        .map(|time| Tick { x: LABEL_WIDTH + time as f64 * PLOT_WIDTH / end as f64, label: tick_label(time, step) })
        .collect();
    Layout { groups, rows, ticks, end, axis_y: y, width: LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN, height: y + AXIS_HEIGHT }
}

/// A round step (1, 2 or 5 times a power of ten nanoseconds) that gives at most about ten ticks.
pub fn tick_step(end: Nanos) -> Nanos {
    let rough = (end / 8).max(1);
    let mut magnitude: Nanos = 1;
    while magnitude.saturating_mul(10) <= rough {
        magnitude *= 10;
    }
    [1, 2, 5, 10].into_iter().map(|factor| magnitude.saturating_mul(factor)).find(|step| *step >= rough).unwrap_or(rough)
}

/// A tick's label in milliseconds, with as many decimals as the step needs.
pub fn tick_label(time: Nanos, step: Nanos) -> String {
    let millis = time as f64 / MILLISECOND as f64;
    let decimals = match step {
        s if s >= MILLISECOND => 0,
        s if s >= 100 * MICROSECOND => 1,
        s if s >= 10 * MICROSECOND => 2,
        s if s >= MICROSECOND => 3,
        _ => 6,
    };
    format!("{millis:.decimals$}")
}

fn span_tip(trace: &Trace, span: &Span) -> String {
    let lane = trace.lane_name(span.lane);
    let who = span.who.map(|who| format!(" ({})", trace.lane_name(who))).unwrap_or_default();
    format!(
        "{lane}: {}{who}, from {} to {} ({})",
        span.state.label(),
        format_duration(span.start),
        format_duration(span.end),
        format_duration(span.end - span.start)
    )
}

fn pattern_defs() -> Html {
    html! {
        <defs>
            { for State::ALL.into_iter().map(|state| {
                let marks = match mark(state) {
                    Mark::Plain => html! {},
                    Mark::Diagonal => html! { <path class="mark" d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" /> },
                    Mark::BackDiagonal => html! { <path class="mark" d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" /> },
                    Mark::Cross => html! { <path class="mark" d="M0,6 l6,-6 M0,0 l6,6" /> },
                    Mark::Horizontal => html! { <path class="mark" d="M0,3 h6" /> },
                    Mark::Vertical => html! { <path class="mark" d="M3,0 v6" /> },
                    Mark::Dots => html! { <circle class="mark-dot" cx="3" cy="3" r="1.1" /> },
                };
                html! {
                    <pattern id={pattern_id(state)} patternUnits="userSpaceOnUse" width="6" height="6">
                        <rect class={format!("fill-{}", slug(state))} width="6" height="6" />
                        { marks }
                    </pattern>
                }
            }) }
        </defs>
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TraceProps) -> Html {
    let trace = &props.trace;
    let layout = layout(trace);
    let mut lane_y = vec![None; trace.lanes.len()];
    for row in &layout.rows {
        lane_y[row.lane] = Some(row.y);
    }
    let plot_right = LABEL_WIDTH + PLOT_WIDTH;
    let present: Vec<State> = State::ALL.into_iter().filter(|state| trace.spans.iter().any(|span| span.state == *state)).collect();
    let label = format!("Timeline of {} lanes over {}", trace.lanes.len(), format_duration(layout.end));

    html! {
        <section class="timeline" aria-label="Timeline">
            <h2>{ "Timeline" }</h2>
            <ul class="legend" aria-label="Legend">
                { for present.iter().map(|state| html! {
                    <li class="legend-item">
                        <svg class="swatch" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">
                            <rect width="28" height="14" fill={pattern_fill(*state)} class="swatch-box" />
                        </svg>
                        { state.label() }
                    </li>
                }) }
            </ul>
            <div class="timeline-scroll">
                <svg class="timeline-svg" role="img" aria-label={label}
                    viewBox={format!("0 0 {} {}", layout.width, layout.height)}
                    width={layout.width.to_string()} height={layout.height.to_string()}>
                    { pattern_defs() }
                    { for layout.groups.iter().map(|group| html! {
                        <g class="group">
                            <rect class="group-box" x="0.5" y={group.y.to_string()} width={(plot_right + RIGHT_MARGIN / 2.0).to_string()} height={group.height.to_string()} rx="4" />
                            <text class="group-title" x="8" y={(group.y + 14.0).to_string()}>{ &group.title }</text>
                        </g>
                    }) }
                    { for layout.ticks.iter().map(|tick| html! {
                        <line class="grid" x1={tick.x.to_string()} x2={tick.x.to_string()} y1={TOP.to_string()} y2={layout.axis_y.to_string()} />
                    }) }
                    { for layout.rows.iter().map(|row| html! {
                        <g class="lane">
                            <rect class="lane-bg" x={LABEL_WIDTH.to_string()} y={row.y.to_string()} width={PLOT_WIDTH.to_string()} height={ROW_HEIGHT.to_string()} />
                            <text class="lane-name" x={(LABEL_WIDTH - 8.0).to_string()} y={(row.y + 13.0).to_string()} text-anchor="end">{ trace.lane_name(row.lane as u32) }</text>
                        </g>
                    }) }
                    { for trace.spans.iter().filter_map(|span| {
                        let y = lane_y.get(span.lane as usize).copied().flatten()?;
                        let x = layout.x(span.start);
                        let width = (layout.x(span.end) - x).max(0.5);
                        let who = span.who.map(|who| trace.lane_name(who)).filter(|who| width >= who.chars().count() as f64 * CHAR_WIDTH + 6.0);
                        Some(html! {
                            <g class={classes!("span", format!("span-{}", slug(span.state)))}>
                                <rect x={format!("{x:.2}")} y={y.to_string()} width={format!("{width:.2}")} height={ROW_HEIGHT.to_string()} fill={pattern_fill(span.state)}>
                                    <title>{ span_tip(trace, span) }</title>
                                </rect>
                                if let Some(who) = who {
                                    <text class="span-who" x={format!("{:.2}", x + width / 2.0)} y={(y + 13.0).to_string()} text-anchor="middle">{ who }</text>
                                }
                            </g>
                        })
                    }) }
                    <line class="axis" x1={LABEL_WIDTH.to_string()} x2={plot_right.to_string()} y1={layout.axis_y.to_string()} y2={layout.axis_y.to_string()} />
                    { for layout.ticks.iter().map(|tick| html! {
                        <g class="tick">
                            <line class="axis" x1={tick.x.to_string()} x2={tick.x.to_string()} y1={layout.axis_y.to_string()} y2={(layout.axis_y + 5.0).to_string()} />
                            <text class="tick-label" x={tick.x.to_string()} y={(layout.axis_y + 18.0).to_string()} text-anchor="middle">{ &tick.label }</text>
                        </g>
                    }) }
                    <text class="axis-title" x={(LABEL_WIDTH + PLOT_WIDTH / 2.0).to_string()} y={(layout.axis_y + 35.0).to_string()} text-anchor="middle">{ "time (ms)" }</text>
                </svg>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_steps_are_round_and_few() {
        assert_eq!(tick_step(205 * MILLISECOND), 50 * MILLISECOND);
        assert_eq!(tick_step(40 * MILLISECOND), 5 * MILLISECOND);
        assert_eq!(tick_step(1), 1);
        for end in [1, 999, 12_345, 7 * MILLISECOND, 3_000 * MILLISECOND, u64::MAX / 2] {
            let ticks = end / tick_step(end) + 1;
            assert!((2..=11).contains(&ticks) || end < 8, "{end}: {ticks} ticks");
        }
    }

    #[test]
    fn tick_labels_are_milliseconds() {
        assert_eq!(tick_label(150 * MILLISECOND, 50 * MILLISECOND), "150");
        assert_eq!(tick_label(1_500 * MICROSECOND, 500 * MICROSECOND), "1.5");
        assert_eq!(tick_label(20 * MICROSECOND, 20 * MICROSECOND), "0.02");
    }

    #[test]
    fn every_state_has_its_own_look() {
        let looks: Vec<_> = State::ALL.into_iter().map(|state| (slug(state), mark(state))).collect();
        for (index, look) in looks.iter().enumerate() {
            assert!(!looks[..index].iter().any(|other| other.0 == look.0), "{look:?}");
        }
    }
}
