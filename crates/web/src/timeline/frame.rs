//! The frame the lanes are drawn in: its width, which a `ResizeObserver` watches and the timeline
//! lays itself out for ([`Columns`]) instead of being scaled to it, and its sideways scroll, which
//! follows the playhead where the drawing is wider than the frame.

use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use super::columns::Columns;
use super::layout::Layout;
use super::playback::Playback;
use crate::resize_observer::use_resize_observer;

/// Room kept between the lanes' names and a playhead the frame scrolls to.
const PLAYHEAD_LEAD: i32 = 12;

/// The columns for `frame`'s content box: the default ones until it is laid out, and unchanged
/// while it is hidden (no width).
#[hook]
pub fn use_frame_columns(frame: &NodeRef) -> Columns {
    let columns = use_state_eq(Columns::default);
    let set = columns.setter();
    use_resize_observer(frame, move |entry| {
        let width = entry.content_rect().width();
        if width > 0.0 {
            set.set(Columns::for_frame(width));
        }
    });
    *columns
}

/// While playing, scrolls `frame` so that the playhead stays in view right of the lanes' names
/// (which keep to the frame's left edge). It only matters where the frame is narrower than the
/// narrowest plot, since the zoom window itself follows the playhead.
#[hook]
pub fn use_playhead_in_frame(player: &Playback, layout: &Rc<Layout>, frame: &NodeRef) {
    let columns = layout.columns;
    let x = columns.scale(player.window).x(player.time).round() as i32;
    let frame = frame.clone();
    use_effect_with((x, player.playing), move |(x, playing)| {
        let Some(frame) = frame.cast::<Element>().filter(|_| *playing) else { return };
        let left = frame.scroll_left() + columns.label as i32;
        let right = frame.scroll_left() + frame.client_width();
        if !(left..right).contains(x) {
            frame.set_scroll_left(x - columns.label as i32 - PLAYHEAD_LEAD);
        }
    });
}
