//! What the timeline draws over its spans and moves during playback: the shade after the
//! playhead, the selected and hovered spans, the [`LaneMark`]s, the readout beside the span it
//! describes, and the playhead.

use std::rc::Rc;

use yew::prelude::*;

use super::columns::CHAR_WIDTH;
use super::layout::{Layout, ROW_HEIGHT, TOP};
use super::playback::Playback;
use super::readout::pointed_span;
use super::scale::Scale;
use super::spans::px;
use gil_sim::time::Nanos;

/// A moment marked on one lane, over its spans: where a worker finished in a real run, beside the
/// simulated one.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneMark {
    pub lane: usize,
    pub time: Nanos,
    /// What the mark says, as its tooltip.
    pub label: String,
}

/// The height of the readout drawn beside a span.
const CALLOUT_HEIGHT: f64 = 22.0;

#[derive(Properties, PartialEq)]
pub struct OverlayProps {
    pub player: UseReducerHandle<Playback>,
    pub layout: Rc<Layout>,
    /// Marks for the trace the playback shows (none while it still shows the previous one).
    pub marks: Vec<LaneMark>,
    /// The readout line ([`span_readout`](super::readout::span_readout)), drawn beside its span.
    pub readout: AttrValue,
}

#[function_component(Overlay)]
pub fn overlay(props: &OverlayProps) -> Html {
    let player = &*props.player;
    let layout = &props.layout;
    let scale = layout.columns.scale(player.window);
    let highlight = |index: Option<usize>, class| {
        highlight(player, layout, &scale, index, class).unwrap_or_default()
    };
    html! {
        <g class="overlay">
            { future(player, layout, &scale) }
            { highlight(player.selected, "selected") }
            { highlight(player.hover, "hovered") }
            { for props.marks.iter().filter_map(|lane_mark| lane_mark_view(lane_mark, player, layout, &scale)) }
            { callout(player, layout, &scale, &props.readout).unwrap_or_default() }
            { playhead(player, layout, &scale) }
        </g>
    }
}

/// The shade over what has not happened yet, from the playhead to the end of the view.
fn future(player: &Playback, layout: &Layout, scale: &Scale) -> Html {
    let (x, right) = (scale.x(player.time), layout.columns.plot_right());
    if !player.window.contains(player.time) || x >= right {
        return Html::default();
    }
    html! { <rect class="future" x={px(x)} y={px(TOP)} width={px(right - x)} height={px(layout.axis_y - TOP)} /> }
}

fn playhead(player: &Playback, layout: &Layout, scale: &Scale) -> Html {
    if !player.window.contains(player.time) {
        return Html::default();
    }
    let axis_y = layout.axis_y;
    html! {
        <g class="playhead" transform={format!("translate({} 0)", px(scale.x(player.time)))} data-time={player.time.to_string()}>
            <line x1="0" x2="0" y1={px(TOP)} y2={px(axis_y + 6.0)} />
            <path d={format!("M-5,{} h10 l-5,7 z", px(axis_y - 1.0))} />
        </g>
    }
}

/// A box around a span (`index` into the trace's spans), as much of it as is in view.
pub fn highlight(
    player: &Playback,
    layout: &Layout,
    scale: &Scale,
    index: Option<usize>,
    class: &'static str,
) -> Option<Html> {
    let span = index.and_then(|index| player.trace.spans.get(index))?;
    let row = layout.row_of(span.lane as usize)?;
    let (left, right) = (layout.columns.plot_left(), layout.columns.plot_right());
    let x0 = scale.x(span.start).max(left);
    let x1 = scale.x(span.end).min(right);
    if x1 < left || x0 > right {
        return None;
    }
    let width = (x1 - x0).max(2.0);
    Some(html! {
        <rect class={class} x={px(x0.min(right - 2.0))} y={px(row.y - 1.0)} width={px(width)} height={px(ROW_HEIGHT + 2.0)} />
    })
}

/// A mark on its lane, drawn at the edge of the view when outside it.
fn lane_mark_view(
    lane_mark: &LaneMark,
    player: &Playback,
    layout: &Layout,
    scale: &Scale,
) -> Option<Html> {
    let row = layout.row_of(lane_mark.lane)?;
    let (left, right) = (layout.columns.plot_left(), layout.columns.plot_right());
    // Not `clamp`, whose check of its bounds would bring float formatting (15 KB) into the module.
    let x = scale.x(lane_mark.time).max(left).min(right);
    let outside = !player.window.contains(lane_mark.time);
    Some(html! {
        <g class={classes!("lane-mark", outside.then_some("outside"))} transform={format!("translate({} {})", px(x), px(row.y))}>
            <title>{ &lane_mark.label }</title>
            <line x1="0" x2="0" y1="0" y2={px(ROW_HEIGHT)} />
            <path d="M-5,-2 h10 l-5,7 z" />
        </g>
    })
}

/// The readout beside the span it describes, above its lane where there is room, else below.
pub fn callout(player: &Playback, layout: &Layout, scale: &Scale, readout: &str) -> Option<Html> {
    let span = pointed_span(player)?;
    let row = layout.row_of(span.lane as usize)?;
    let width = readout.chars().count() as f64 * CHAR_WIDTH + 12.0;
    let (left, right) = (layout.columns.plot_left(), layout.columns.plot_right());
    let x = scale.x(span.start.max(player.window.start)).max(left).min(right - width).max(0.0);
    let y = if row.y >= CALLOUT_HEIGHT + TOP + 2.0 {
        row.y - CALLOUT_HEIGHT - 2.0
    } else {
        row.y + ROW_HEIGHT + 2.0
    };
    Some(html! {
        <g class="callout" transform={format!("translate({} {})", px(x), px(y))} aria-hidden="true">
            <rect width={px(width)} height={px(CALLOUT_HEIGHT)} rx="4" />
            <text x="6" y={px(CALLOUT_HEIGHT - 7.0)}>{ readout }</text>
        </g>
    })
}
