//! The static layer of the timeline: group boxes, lanes, the aggregated spans, the grid and the
//! axis. Its props change only when the trace, the zoom or the pan change, never during playback,
//! so Yew skips it on every animation frame.

use std::rc::Rc;

use yew::prelude::*;

use super::aggregate::{aggregate, lane_spans, outlines, path_data};
use super::layout::{pattern_fill, slug, Layout, CHAR_WIDTH, LABEL_WIDTH, PLOT_WIDTH, ROW_HEIGHT};
use super::playback::{Playback, PlaybackAction};
use super::scale::{tick_label, ticks, Scale, Window};
use gil_sim::lanes::{LaneKind, State};
use gil_sim::time::fixed;
use gil_sim::trace::Trace;

#[derive(Properties, Clone)]
pub struct SpanLayerProps {
    pub trace: Rc<Trace>,
    pub layout: Rc<Layout>,
    pub window: Window,
    /// Where focusing a lane sends its selection; `None` draws the layer for a side-by-side
    /// comparison: no playhead to move, no lanes to focus.
    pub dispatcher: Option<UseReducerDispatcher<Playback>>,
}

/// The layout is the trace's ([`layout`](super::layout::layout)), so the trace's identity covers
/// it: a page that lays out again without a new trace does not redraw the spans.
impl PartialEq for SpanLayerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.trace, &other.trace) && self.window == other.window && self.dispatcher.is_some() == other.dispatcher.is_some()
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

/// A coordinate for an SVG attribute. (The fixed ones are literals: 150 = `LABEL_WIDTH`, 800 =
/// `PLOT_WIDTH`, 950 = their sum, 18 = `ROW_HEIGHT`, 4 = `TOP`; a test checks they agree.)
pub fn px(value: f64) -> String {
    fixed(value, 1)
}

/// The fill patterns, one per state (its colour, a CSS class, and a mark that does not need
/// colour), once for the whole page in a hidden SVG: the app draws it beside every view, so the
/// timelines' re-renders during playback never touch it, and any timeline's spans find it. Written
/// as markup, our own and constant: one string costs the page less code than its elements built
/// one by one (a test checks it against `pattern_id`, `slug` and `mark`).
const PATTERN_SOURCE: &str = "<svg class=\"pattern-source\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>\
<pattern id=\"gil-lab-state-starting\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-starting\" width=\"6\" height=\"6\"/><path class=\"mark\" d=\"M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2\"/></pattern>\
<pattern id=\"gil-lab-state-running-with-gil\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-running-with-gil\" width=\"6\" height=\"6\"/></pattern>\
<pattern id=\"gil-lab-state-running-without-gil\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-running-without-gil\" width=\"6\" height=\"6\"/><path class=\"mark\" d=\"M3,0 v6\"/></pattern>\
<pattern id=\"gil-lab-state-waiting-for-gil\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-waiting-for-gil\" width=\"6\" height=\"6\"/><path class=\"mark\" d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\"/></pattern>\
<pattern id=\"gil-lab-state-waiting-for-core\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-waiting-for-core\" width=\"6\" height=\"6\"/><path class=\"mark\" d=\"M0,6 l6,-6 M0,0 l6,6\"/></pattern>\
<pattern id=\"gil-lab-state-blocked\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-blocked\" width=\"6\" height=\"6\"/><path class=\"mark\" d=\"M0,3 h6\"/></pattern>\
<pattern id=\"gil-lab-state-awaiting\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-awaiting\" width=\"6\" height=\"6\"/><circle class=\"mark-dot\" cx=\"3\" cy=\"3\" r=\"1.1\"/></pattern>\
<pattern id=\"gil-lab-state-waiting-for-loop\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-waiting-for-loop\" width=\"6\" height=\"6\"/><path class=\"mark mark-thin\" d=\"M0,0.5 h6 M0.5,0 v6\"/></pattern>\
<pattern id=\"gil-lab-state-idle\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-idle\" width=\"6\" height=\"6\"/><circle class=\"mark mark-thin\" cx=\"3\" cy=\"3\" r=\"1.6\"/></pattern>\
<pattern id=\"gil-lab-state-done\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"><rect class=\"fill-done\" width=\"6\" height=\"6\"/><path class=\"mark mark-thin\" d=\"M0,0.5 h6 M0,5.5 h6\"/></pattern>\
</defs></svg>";

pub fn pattern_source() -> Html {
    Html::from_html_unchecked(AttrValue::Static(PATTERN_SOURCE))
}

#[function_component(SpanLayer)]
pub fn span_layer(props: &SpanLayerProps) -> Html {
    let trace = &props.trace;
    let layout = &props.layout;
    let scale = Scale::new(props.window, LABEL_WIDTH, PLOT_WIDTH);

    // One group per state (its fill set once), holding that state's path on every lane: however
    // many spans a lane has, it adds at most one element per state to the page.
    let mut by_state: Vec<Vec<Html>> = vec![Vec::new(); State::ALL.len()];
    let mut labels = Vec::new();
    for row in &layout.rows {
        let spans = &trace.spans[lane_spans(&trace.spans, row.lane as u32)];
        let blocks = aggregate(spans, &scale);
        for outline in outlines(&blocks) {
            by_state[outline.state as usize].push(html! { <path d={path_data(&outline.runs, row.y, ROW_HEIGHT)} /> });
        }
        for block in blocks {
            if block.pooled {
                continue;
            }
            let who = spans[block.first].who.map(|who| trace.lane_name(who));
            if let Some(who) = who.filter(|who| block.width() >= who.chars().count() as f64 * CHAR_WIDTH + 6.0) {
                labels.push(html! {
                    <text class="span-who" x={px(block.x0 + block.width() / 2.0)} y={px(row.y + 13.0)} text-anchor="middle">{ who }</text>
                });
            }
        }
    }

    let (step, tick_times) = ticks(props.window);
    let axis_y = layout.axis_y;
    let compact = props.dispatcher.is_none();

    html! {
        <g class="span-layer">
            { for layout.groups.iter().map(|group| html! {
                <g class="group">
                    <rect class="group-box" x="0.5" y={px(group.y)} width="960" height={px(group.height)} rx="4" />
                    <text class="group-title" x="8" y={px(group.y + 14.0)}>{ &group.title }</text>
                </g>
            }) }
            { for layout.rows.iter().map(|row| {
                let lane = &trace.lanes[row.lane];
                // A compact layer's lanes take no focus: without a dispatcher, none of these attributes.
                let lane_index = row.lane;
                let onfocus = props.dispatcher.clone().map(|dispatcher| {
                    Callback::from(move |_: FocusEvent| dispatcher.dispatch(PlaybackAction::SelectLane(lane_index)))
                });
                html! {
                    <g class="lane" tabindex={(!compact).then_some("0")} data-lane={(!compact).then(|| row.lane.to_string())} {onfocus}
                        aria-label={(!compact).then(|| format!("{} ({}): arrow keys move between its spans", lane.name, kind_name(lane.kind)))}>
                        <rect class="lane-bg" x="150" y={px(row.y)} width="800" height="18" />
                        <text class="lane-name" x="142" y={px(row.y + 13.0)} text-anchor="end">{ &lane.name }</text>
                    </g>
                }
            }) }
            { for tick_times.iter().map(|time| {
                let x = px(scale.x(*time));
                html! { <line class="grid" x1={x.clone()} x2={x} y1="4" y2={px(axis_y)} /> }
            }) }
            { for State::ALL.into_iter().zip(by_state).filter(|(_, paths)| !paths.is_empty()).map(|(state, paths)| html! {
                <g class={format!("span span-{}", slug(state))} fill={pattern_fill(state)}>{ for paths }</g>
            }) }
            <g class="span-labels">{ for labels }</g>
            <g class="axis-layer">
                <rect class="axis-zone" x="150" y={px(axis_y)} width="800" height="24" />
                <line class="axis" x1="150" x2="950" y1={px(axis_y)} y2={px(axis_y)} />
                { for tick_times.iter().map(|time| {
                    let x = px(scale.x(*time));
                    html! {
                        <g class="tick">
                            <line class="axis" x1={x.clone()} x2={x.clone()} y1={px(axis_y)} y2={px(axis_y + 5.0)} />
                            <text class="tick-label" x={x} y={px(axis_y + 18.0)} text-anchor="middle">{ tick_label(*time, step) }</text>
                        </g>
                    }
                }) }
                <text class="axis-title" x="550" y={px(axis_y + 36.0)} text-anchor="middle">
                    { if compact { "time (ms)" } else { "time (ms) — click or drag here to move the playhead" } }
                </text>
            </g>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::{mark, pattern_id, slug, Mark, LABEL_WIDTH, PLOT_WIDTH, RIGHT_MARGIN, ROW_HEIGHT, TOP};
    use super::PATTERN_SOURCE;
    use gil_sim::lanes::State;

    #[test]
    fn wiring_every_state_has_its_pattern_with_its_colour_and_its_own_mark() {
        assert_eq!(PATTERN_SOURCE.matches("<pattern ").count(), State::ALL.len());
        let mut marks: Vec<(Mark, &str)> = Vec::new();
        for state in State::ALL {
            let start = PATTERN_SOURCE.find(&format!("<pattern id=\"{}\"", pattern_id(state))).expect("a pattern per state");
            let pattern = &PATTERN_SOURCE[start..start + PATTERN_SOURCE[start..].find("</pattern>").expect("closed")];
            let colour = format!("<rect class=\"fill-{}\" width=\"6\" height=\"6\"/>", slug(state));
            let (_, drawn) = pattern.split_once(&colour).unwrap_or_else(|| panic!("{state:?} has no colour: {pattern}"));
            assert_eq!(drawn.is_empty(), mark(state) == Mark::Plain, "{state:?}: {pattern}");
            assert!(marks.iter().all(|(other, markup)| (*other == mark(state)) == (*markup == drawn)), "{state:?} shares a mark");
            marks.push((mark(state), drawn));
        }
    }

    #[test]
    fn wiring_the_literal_coordinates_match_the_layout() {
        assert_eq!((LABEL_WIDTH, PLOT_WIDTH, ROW_HEIGHT, TOP), (150.0, 800.0, 18.0, 4.0));
        assert_eq!(LABEL_WIDTH - 8.0, 142.0);
        assert_eq!(LABEL_WIDTH + PLOT_WIDTH / 2.0, 550.0);
        assert_eq!(LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN / 2.0, 960.0);
    }
}
