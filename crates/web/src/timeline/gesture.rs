//! What presses, drags, taps and pinches on the timeline mean, from the pointers' positions alone
//! (client coordinates, CSS pixels): a mouse, a pen and a finger alike. Pure: the component turns
//! each [`Intent`] into playback actions and the frame's scrolling; tested natively.
//!
//! The gesture model, the same at every width: one pointer dragged across the lanes moves what is
//! under it, a tap (a press that did not move) picks what is under it, two fingers pinch to zoom
//! around their middle, and a press on the axis moves the playhead. The page scrolls vertically
//! under a finger as usual (`touch-action: pan-y` on the frame, in `styles/main.css`).

/// A press that moves less than this many pixels is a tap, not a drag.
pub const TAP_SLOP: f64 = 4.0;

/// A pointer's position, in client coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pointer {
    pub id: i32,
    pub x: f64,
    pub y: f64,
}

impl Pointer {
    fn distance(self, other: Pointer) -> f64 {
        // Not `hypot`, whose careful implementation would add a kilobyte to the page for no gain at these sizes.
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }
}

/// The gesture under way.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Gesture {
    #[default]
    Idle,
    /// Moving the playhead: the press was on the axis.
    Scrub(i32),
    /// One pointer pressed on the lanes at `from`: a tap until it moves past [`TAP_SLOP`].
    Drag { from: Pointer, moved: bool },
    /// Two fingers, where they were at the last move.
    Pinch(Pointer, Pointer),
}

/// What the component does about a pointer event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Intent {
    Nothing,
    /// Put the playhead at this x.
    Seek(f64),
    /// The drag has travelled this far since its press (positive: the content follows a finger
    /// moving left, towards later times).
    Drag(f64),
    /// Zoom by this factor (above 1 zooms in) around this x.
    Zoom(f64, f64),
    /// Pick what is at this point.
    Tap(f64, f64),
}

impl Gesture {
    /// Whether the gesture is more than a possible tap, so its pointers should keep sending their
    /// events to the timeline wherever they go (pointer capture). A tap is not captured, so a
    /// click still focuses what it lands on.
    pub fn engaged(self) -> bool {
        !matches!(self, Gesture::Idle | Gesture::Drag { moved: false, .. })
    }

    /// A pointer pressed, on the axis or on the lanes. A second finger turns a drag into a pinch;
    /// a third is ignored.
    pub fn press(&mut self, pointer: Pointer, on_axis: bool) -> Intent {
        match *self {
            Gesture::Idle if on_axis => {
                *self = Gesture::Scrub(pointer.id);
                return Intent::Seek(pointer.x);
            }
            Gesture::Idle => *self = Gesture::Drag { from: pointer, moved: false },
            Gesture::Drag { from, .. } if from.id != pointer.id => {
                *self = Gesture::Pinch(from, pointer)
            }
            _ => {}
        }
        Intent::Nothing
    }

    /// A pointer moved.
    pub fn moved(&mut self, pointer: Pointer) -> Intent {
        match *self {
            Gesture::Scrub(id) if id == pointer.id => Intent::Seek(pointer.x),
            Gesture::Drag { from, moved }
                if from.id == pointer.id && (moved || (pointer.x - from.x).abs() > TAP_SLOP) =>
            {
                *self = Gesture::Drag { from, moved: true };
                Intent::Drag(from.x - pointer.x)
            }
            Gesture::Pinch(first, second) if pointer.id == first.id || pointer.id == second.id => {
                let before = first.distance(second);
                let (first, second) =
                    if pointer.id == first.id { (pointer, second) } else { (first, pointer) };
                *self = Gesture::Pinch(first, second);
                let now = first.distance(second);
                if before >= 1.0 && now >= 1.0 {
                    Intent::Zoom(now / before, (first.x + second.x) / 2.0)
                } else {
                    Intent::Nothing
                }
            }
            _ => Intent::Nothing,
        }
    }

    /// A pointer was released: a press that never moved is a tap. Lifting either finger of a pinch
    /// ends it, so the one left on the glass does not jump into a drag.
    pub fn released(&mut self, id: i32) -> Intent {
        let intent = match *self {
            Gesture::Drag { from, moved: false } if from.id == id => Intent::Tap(from.x, from.y),
            Gesture::Scrub(held) | Gesture::Drag { from: Pointer { id: held, .. }, .. }
                if held == id =>
            {
                Intent::Nothing
            }
            Gesture::Pinch(first, second) if first.id == id || second.id == id => Intent::Nothing,
            _ => return Intent::Nothing,
        };
        *self = Gesture::Idle;
        intent
    }
}

/// What of a drag's travel the zoom window takes: what the frame's own scrolling did not, less
/// than a pixel of rounding (the frame scrolls by whole pixels) ignored.
pub fn window_share(travel: f64, scrolled: f64) -> f64 {
    let rest = travel - scrolled;
    if rest.abs() < 1.0 {
        0.0
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: i32, x: f64, y: f64) -> Pointer {
        Pointer { id, x, y }
    }

    #[test]
    fn a_press_that_does_not_move_is_a_tap_where_it_was_pressed() {
        let mut gesture = Gesture::Idle;
        assert_eq!(gesture.press(at(1, 300.0, 50.0), false), Intent::Nothing);
        assert!(!gesture.engaged(), "a possible tap is not captured");
        assert_eq!(gesture.moved(at(1, 303.0, 52.0)), Intent::Nothing, "3 px is still a tap");
        assert_eq!(gesture.released(1), Intent::Tap(300.0, 50.0));
        assert_eq!(gesture, Gesture::Idle);
    }

    #[test]
    fn a_drag_reports_its_travel_from_the_press_and_ends_without_a_tap() {
        let mut gesture = Gesture::Idle;
        gesture.press(at(1, 300.0, 50.0), false);
        assert_eq!(
            gesture.moved(at(1, 290.0, 50.0)),
            Intent::Drag(10.0),
            "a finger moving left shows later times"
        );
        assert!(gesture.engaged());
        assert_eq!(
            gesture.moved(at(1, 298.0, 80.0)),
            Intent::Drag(2.0),
            "once dragging, every move counts, back within the slop too"
        );
        assert_eq!(
            gesture.moved(at(2, 0.0, 0.0)),
            Intent::Nothing,
            "another pointer's moves are not this drag's"
        );
        assert_eq!(gesture.released(2), Intent::Nothing, "nor its release");
        assert!(gesture.engaged());
        assert_eq!(gesture.released(1), Intent::Nothing);
        assert_eq!(gesture, Gesture::Idle);
    }

    #[test]
    fn a_press_on_the_axis_moves_the_playhead_until_released() {
        let mut gesture = Gesture::Idle;
        assert_eq!(gesture.press(at(7, 400.0, 300.0), true), Intent::Seek(400.0));
        assert_eq!(gesture, Gesture::Scrub(7));
        assert!(gesture.engaged());
        assert_eq!(gesture.moved(at(7, 420.0, 310.0)), Intent::Seek(420.0));
        gesture.press(at(8, 100.0, 100.0), false);
        assert_eq!(gesture, Gesture::Scrub(7), "a second finger does not pinch a scrub");
        assert_eq!(gesture.released(7), Intent::Nothing);
        assert_eq!(gesture, Gesture::Idle);
    }

    #[test]
    fn two_fingers_zoom_by_the_ratio_of_their_distances_around_their_middle() {
        let mut gesture = Gesture::Idle;
        gesture.press(at(1, 200.0, 50.0), false);
        assert_eq!(gesture.press(at(2, 300.0, 50.0), false), Intent::Nothing);
        assert_eq!(gesture, Gesture::Pinch(at(1, 200.0, 50.0), at(2, 300.0, 50.0)));
        // Spread from 100 px apart to 200: twice as close, around the middle of 150 and 350.
        assert_eq!(gesture.moved(at(1, 150.0, 50.0)), Intent::Zoom(1.5, 225.0));
        assert_eq!(gesture.moved(at(2, 350.0, 50.0)), Intent::Zoom(200.0 / 150.0, 250.0));
        // Diagonal fingers count their straight-line distance: 3-4-5.
        assert_eq!(gesture.moved(at(2, 210.0, 130.0)), Intent::Zoom(0.5, 180.0));
        assert!(gesture.engaged());
        let pinch = gesture;
        gesture.press(at(3, 0.0, 0.0), false);
        assert_eq!(gesture, pinch, "a third finger is ignored");
        assert_eq!(
            gesture.released(2),
            Intent::Nothing,
            "lifting a finger ends the pinch, with no tap"
        );
        assert_eq!(gesture, Gesture::Idle);
    }

    #[test]
    fn fingers_on_one_spot_do_not_zoom() {
        let mut gesture = Gesture::Idle;
        gesture.press(at(1, 200.0, 50.0), false);
        gesture.press(at(2, 200.0, 50.0), false);
        assert_eq!(
            gesture.moved(at(2, 260.0, 50.0)),
            Intent::Nothing,
            "no distance to compare with"
        );
        assert_eq!(gesture.moved(at(1, 260.0, 50.0)), Intent::Nothing, "no distance to zoom to");
    }

    #[test]
    fn the_window_takes_what_the_frame_could_not_scroll() {
        assert_eq!(window_share(50.0, 50.0), 0.0, "the frame scrolled it all");
        assert_eq!(window_share(50.0, 20.0), 30.0, "the frame reached its edge after 20 px");
        assert_eq!(window_share(-50.0, -12.0), -38.0);
        assert_eq!(window_share(10.4, 10.0), 0.0, "the frame's rounding to whole pixels");
        assert_eq!(window_share(25.0, 0.0), 25.0, "a frame that does not scroll (a wide screen)");
    }
}
