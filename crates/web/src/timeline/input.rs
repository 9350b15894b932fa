//! What the lanes' frame does with a mouse, pen, finger, wheel or key: [`use_timeline_input`] turns
//! each event into playback actions (through the [`gesture`](super::gesture) model for pointers,
//! [`key_action`] for keys) and the frame's scrolling, and keeps the keyboard focus on the lane of
//! the selected span.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element, HtmlElement};
use yew::prelude::*;

use super::gesture::{window_share, Gesture, Intent, Pointer};
use super::layout::Layout;
use super::playback::{Direction, Playback, PlaybackAction};
use super::scale::Scale;

/// The listeners of the lanes' frame (`on_wheel` goes on its SVG).
pub struct TimelineInput {
    pub on_pointer_down: Callback<PointerEvent>,
    pub on_pointer_move: Callback<PointerEvent>,
    pub on_pointer_up: Callback<PointerEvent>,
    pub on_pointer_leave: Callback<PointerEvent>,
    pub on_scroll: Callback<Event>,
    pub on_wheel: Callback<WheelEvent>,
    pub on_key: Callback<KeyboardEvent>,
}

/// The gesture under way on the lanes, and where its drag began: the frame's scroll and the
/// window's start then, since a drag moves both from there.
#[derive(Default)]
struct Pointers {
    gesture: Gesture,
    drag_origin: (i32, u64),
}

/// What the pointer listeners act on, as this render draws it.
struct Lanes {
    player: UseReducerHandle<Playback>,
    layout: Rc<Layout>,
    scale: Scale,
    svg: NodeRef,
    frame: NodeRef,
    pointers: Rc<RefCell<Pointers>>,
}

/// The listeners of the timeline drawn from `layout` in `svg`, inside the scrolling `frame`.
#[hook]
pub fn use_timeline_input(
    player: &UseReducerHandle<Playback>,
    layout: &Rc<Layout>,
    svg: &NodeRef,
    frame: &NodeRef,
) -> TimelineInput {
    let pointers = use_mut_ref(Pointers::default);
    use_focus_on_lane(frame, player);
    let scale = layout.columns.scale(player.window);
    let lanes = Rc::new(Lanes {
        player: player.clone(),
        layout: layout.clone(),
        scale,
        svg: svg.clone(),
        frame: frame.clone(),
        pointers,
    });
    let listen = |act: fn(&Lanes, PointerEvent)| {
        let lanes = lanes.clone();
        Callback::from(move |event| act(&lanes, event))
    };
    TimelineInput {
        on_pointer_down: listen(Lanes::press),
        on_pointer_move: listen(Lanes::moved),
        on_pointer_up: listen(Lanes::released),
        on_pointer_leave: listen(Lanes::left),
        on_scroll: Callback::from(keep_labels_in_view),
        on_wheel: {
            let lanes = lanes.clone();
            Callback::from(move |event| lanes.wheel(event))
        },
        on_key: key_listener(player, key_action),
    }
}

/// The arrow keys move the selection across lanes: keep the keyboard focus, inside `frame`, on
/// the lane of the player's selected span.
#[hook]
pub fn use_focus_on_lane(frame: &NodeRef, player: &Playback) {
    let lane =
        player.selected.and_then(|index| player.trace.spans.get(index)).map(|span| span.lane);
    let frame = frame.clone();
    use_effect_with(lane, move |lane| {
        let focused_inside = frame
            .cast::<Element>()
            .zip(web_sys::window().and_then(|window| window.document()?.active_element()));
        if let (Some(lane), Some((frame, active))) = (lane, focused_inside) {
            if frame.contains(Some(&active))
                && active.get_attribute("data-lane") != Some(lane.to_string())
            {
                if let Ok(Some(target)) = frame.query_selector(&format!("[data-lane='{lane}']")) {
                    let _ = target.unchecked_into::<HtmlElement>().focus();
                }
            }
        }
    });
}

/// The SVG's box on screen. The SVG is drawn for its frame at one user unit per CSS pixel, never
/// scaled (`columns`), so a point's offset from the box's corner is its place in the drawing.
fn svg_box(svg: &NodeRef) -> Option<DomRect> {
    let rect = svg.cast::<Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0).then_some(rect)
}

fn pointer_of(event: &PointerEvent) -> Pointer {
    Pointer { id: event.pointer_id(), x: event.client_x() as f64, y: event.client_y() as f64 }
}

impl Lanes {
    /// A point on screen (client coordinates) in the SVG's user units.
    fn svg_point(&self, (x, y): (f64, f64)) -> Option<(f64, f64)> {
        let rect = svg_box(&self.svg)?;
        Some((x - rect.left(), y - rect.top()))
    }

    /// The span drawn at a point of the plot, in the SVG's user units.
    fn span_under(&self, x: f64, y: f64) -> Option<usize> {
        if !self.layout.columns.in_plot(x) {
            return None;
        }
        let row = self.layout.row_at(y)?;
        let time = self.scale.time(x);
        self.player
            .span_at(row.lane, time)
            .filter(|index| self.player.trace.spans[*index].end > time)
    }

    /// A press on the axis moves the playhead; on the lanes it starts a drag, or a tap if it does not move.
    fn press(&self, event: PointerEvent) {
        let pointer = pointer_of(&event);
        let Some((x, y)) = self.svg_point((pointer.x, pointer.y)).filter(|_| event.button() == 0)
        else {
            return;
        };
        let on_axis = y >= self.layout.axis_y && x >= self.layout.columns.plot_left();
        if on_axis {
            event.prevent_default();
        }
        let intent = {
            let mut pointers = self.pointers.borrow_mut();
            let intent = pointers.gesture.press(pointer, on_axis);
            if let (Gesture::Drag { .. }, Some(frame)) =
                (pointers.gesture, self.frame.cast::<Element>())
            {
                pointers.drag_origin = (frame.scroll_left(), self.scale.window.start);
            }
            intent
        };
        self.carry_out(pointer.id, intent);
    }

    fn moved(&self, event: PointerEvent) {
        let pointer = pointer_of(&event);
        let intent = self.pointers.borrow_mut().gesture.moved(pointer);
        self.carry_out(pointer.id, intent);
        // A finger hovers only while it drags: it leaves the frame when lifted.
        if let Some((x, y)) = self.svg_point((pointer.x, pointer.y)) {
            self.player.dispatch(PlaybackAction::Hover(self.span_under(x, y)));
        }
    }

    fn released(&self, event: PointerEvent) {
        let intent = self.pointers.borrow_mut().gesture.released(event.pointer_id());
        self.carry_out(event.pointer_id(), intent);
    }

    /// A pointer that leaves the frame without a drag ends its gesture without a tap; so does one the
    /// browser takes (to scroll the page, say), since a `pointercancel` is always followed by a
    /// `pointerleave`. A finger leaves when lifted.
    fn left(&self, event: PointerEvent) {
        self.pointers.borrow_mut().gesture.released(event.pointer_id());
        self.player.dispatch(PlaybackAction::Hover(None));
    }

    /// Carries out what a pointer event means (see `gesture`): captures its pointer once the gesture
    /// is more than a tap (so a drag goes on outside the frame), and acts.
    fn carry_out(&self, pointer_id: i32, intent: Intent) {
        let (Some(frame), Some(rect)) = (self.frame.cast::<Element>(), svg_box(&self.svg)) else {
            return;
        };
        if self.pointers.borrow().gesture.engaged() {
            let _ = frame.set_pointer_capture(pointer_id);
        }
        let to_svg = |x: f64, y: f64| (x - rect.left(), y - rect.top());
        let scale = self.scale;
        match intent {
            Intent::Nothing => {}
            Intent::Seek(x) => {
                self.player.dispatch(PlaybackAction::Seek(scale.time(to_svg(x, 0.0).0)))
            }
            Intent::Drag(travel) => self.drag(&frame, travel),
            Intent::Zoom(factor, x) => self
                .player
                .dispatch(PlaybackAction::Zoom(factor, Some(scale.time(to_svg(x, 0.0).0)))),
            Intent::Tap(x, y) => self.tap(&frame, to_svg(x, y)),
        }
    }

    /// Scrolls the frame as far as it goes, and pans the window by the rest of the travel.
    fn drag(&self, frame: &Element, travel: f64) {
        let (scroll, start) = self.pointers.borrow().drag_origin;
        frame.set_scroll_left(scroll + travel.round() as i32);
        let rest = window_share(travel, (frame.scroll_left() - scroll) as f64);
        let delta = (rest * self.scale.nanos_per_pixel()).round() as i64;
        self.player
            .dispatch(PlaybackAction::PanTo((start as i64).saturating_add(delta).max(0) as u64));
    }

    fn tap(&self, frame: &Element, (x, y): (f64, f64)) {
        // Left of the plot, or on the lanes' labels, which stay in view as the frame scrolls.
        if x < self.layout.columns.label + frame.scroll_left() as f64 {
            if let Some(row) = self.layout.row_at(y) {
                self.player.dispatch(PlaybackAction::SelectLane(row.lane));
            }
        } else if let Some(span) = self.span_under(x, y) {
            self.player.dispatch(PlaybackAction::Select(Some(span)));
        }
    }

    /// Ctrl (or ⌘) and the wheel zoom around the pointer; shift and the wheel pan.
    fn wheel(&self, event: WheelEvent) {
        let delta = event.delta_y() + event.delta_x();
        if event.ctrl_key() || event.meta_key() {
            event.prevent_default();
            let anchor = self
                .svg_point((event.client_x() as f64, event.client_y() as f64))
                .map(|(x, _)| self.scale.time(x));
            self.player
                .dispatch(PlaybackAction::Zoom(if delta < 0.0 { 1.25 } else { 0.8 }, anchor));
        } else if event.shift_key() {
            event.prevent_default();
            self.player.dispatch(PlaybackAction::Pan(
                (delta * self.scale.nanos_per_pixel()).round() as i64,
            ));
        }
    }
}

/// The lanes' labels keep to the frame's left edge as it scrolls sideways: shifted by as much as
/// it scrolled (one SVG unit is one CSS pixel), which happens only where the frame is narrower
/// than the narrowest plot. Not playback state, and no render: only the labels' layer moves. An SVG
/// transform, since the page's Content-Security-Policy refuses style attributes.
fn keep_labels_in_view(event: Event) {
    let frame: Element = event.target_unchecked_into();
    if let Ok(Some(labels)) = frame.query_selector(".lane-labels") {
        let _ = labels.set_attribute("transform", &format!("translate({} 0)", frame.scroll_left()));
    }
}

/// What a key means, given whether a span is selected and how far the arrows pan.
pub type KeyMeaning = fn(&str, bool, i64) -> Option<PlaybackAction>;

/// The listener of a timeline's keys, which `meaning` turns into actions.
pub fn key_listener(
    player: &UseReducerHandle<Playback>,
    meaning: KeyMeaning,
) -> Callback<KeyboardEvent> {
    let dispatcher = player.dispatcher();
    let has_selection = player.selected.is_some();
    let pan = (player.window.len() / 10) as i64;
    Callback::from(move |event: KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        if let Some(action) = meaning(&event.key(), has_selection, pan) {
            event.prevent_default();
            dispatcher.dispatch(action);
        }
    })
}

/// What a key (without ctrl, ⌘ or alt) does on the focused timeline: the arrows move the selection
/// when there is one, and pan by `pan` otherwise. `None` leaves the key to the browser.
pub fn key_action(key: &str, has_selection: bool, pan: i64) -> Option<PlaybackAction> {
    Some(match key {
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
        _ => return None,
    })
}

/// What a key does on a still timeline (the compare view's), with nothing to play, zoom or pan:
/// only the arrows, between spans, and Escape.
pub fn still_key_action(key: &str, has_selection: bool, _pan: i64) -> Option<PlaybackAction> {
    key_action(key, has_selection, 0)
        .filter(|action| matches!(action, PlaybackAction::Move(_) | PlaybackAction::Select(None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_still_timeline_takes_the_arrows_and_escape_only() {
        assert_eq!(
            still_key_action("ArrowRight", true, 0),
            Some(PlaybackAction::Move(Direction::Next))
        );
        assert_eq!(still_key_action("Escape", true, 0), Some(PlaybackAction::Select(None)));
        for key in ["ArrowRight", " ", "n", "+", "Home"] {
            assert_eq!(still_key_action(key, false, 0), None, "{key}");
        }
    }

    #[test]
    fn arrows_move_the_selection_if_there_is_one_and_pan_otherwise() {
        assert_eq!(
            key_action("ArrowLeft", true, 10),
            Some(PlaybackAction::Move(Direction::Previous))
        );
        assert_eq!(key_action("ArrowLeft", false, 10), Some(PlaybackAction::Pan(-10)));
        assert_eq!(key_action("ArrowRight", false, 10), Some(PlaybackAction::Pan(10)));
        assert_eq!(
            key_action("ArrowUp", false, 10),
            None,
            "up and down scroll the page without a selection"
        );
        assert_eq!(key_action(" ", false, 10), Some(PlaybackAction::TogglePlay));
        assert_eq!(key_action("Tab", true, 10), None, "the browser keeps its own keys");
    }
}
