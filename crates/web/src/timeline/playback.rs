//! Playback, zoom and selection of the timeline: a plain [`Reducible`] struct for `use_reducer`.
//! It knows nothing of the DOM (the component feeds it animation-frame timestamps), so it is
//! tested natively.

use std::rc::Rc;

use yew::Reducible;

use super::aggregate::lane_spans;
use super::columns::Columns;
use super::layout::{layout, trace_end};
use super::scale::Window;
use crate::trace_ref::TraceRef;
use gil_sim::time::{format_duration, Nanos};

/// Playback speeds, as multiples of the trace's [`base_rate`].
pub const SPEEDS: [f64; 7] = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0];
/// The index of 1× in [`SPEEDS`].
pub const NORMAL_SPEED: usize = 3;
/// At 1×, a trace plays in at most about this many real seconds.
pub const TARGET_SECONDS: f64 = 6.0;
/// A frame longer than this (a background tab, a debugger) counts as this long.
const MAX_FRAME_MS: f64 = 100.0;
/// With reduced motion, Play steps from event to event instead of animating: one step this often
/// at 1× (milliseconds), faster or slower with the speed.
pub const REDUCED_MOTION_STEP_MS: f64 = 1000.0;

/// Simulated nanoseconds per real second at 1×: the smallest round rate (1, 2 or 5 times a power
/// of ten) that plays the whole trace in at most [`TARGET_SECONDS`]. A 200 ms trace plays at
/// 50 ms per second, in 4 s.
pub fn base_rate(end: Nanos) -> Nanos {
    let needed = (end as f64 / TARGET_SECONDS).ceil().max(1.0) as Nanos;
    let mut magnitude: Nanos = 1;
    while magnitude.saturating_mul(10) <= needed {
        magnitude *= 10;
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|factor| magnitude.saturating_mul(factor))
        .find(|rate| *rate >= needed)
        .unwrap_or(needed)
}

/// "1× = 50.0 ms of simulated time per second".
pub fn rate_label(rate: Nanos) -> String {
    format!("1× = {} of simulated time per second", format_duration(rate))
}

/// What the speed means for a player: its rate, or with reduced motion, how often Play steps.
pub fn speed_label(player: &Playback) -> String {
    if player.reduced_motion {
        "Reduced motion: Play steps from event to event, one a second at 1×".to_string()
    } else {
        rate_label(player.rate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Previous,
    Next,
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlaybackAction {
    TogglePlay,
    Pause,
    Restart,
    /// To the time of the first event after the playhead (and pause).
    StepNext,
    /// To the time of the last event before the playhead (and pause).
    StepPrevious,
    ToEnd,
    Seek(Nanos),
    /// An animation frame at this `requestAnimationFrame` timestamp (milliseconds).
    Frame(f64),
    SetSpeed(usize),
    /// Zoom by a factor (above 1 zooms in) around a time; `None` zooms around the playhead if it is in view.
    Zoom(f64, Option<Nanos>),
    ResetZoom,
    /// Pan by this many nanoseconds.
    Pan(i64),
    /// Show a window start (dragging the plot), keeping the window's length.
    PanTo(Nanos),
    Hover(Option<usize>),
    /// Select a lane (focus): its span under the playhead.
    SelectLane(usize),
    /// Select a span (by index into `trace.spans`).
    Select(Option<usize>),
    /// Arrow keys: the previous or next span on the lane, or the lane above or below.
    Move(Direction),
    /// A new trace: start afresh (playhead, zoom and selection reset).
    Load(TraceRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playback {
    pub trace: TraceRef,
    pub end: Nanos,
    pub time: Nanos,
    pub playing: bool,
    pub speed: usize,
    /// Simulated nanoseconds per real second at 1×.
    pub rate: Nanos,
    /// The timestamp of the last frame while playing (with reduced motion, of the last step).
    pub last_frame: Option<f64>,
    /// Counts frames, so that every frame asks for the next one.
    pub frames: u64,
    pub window: Window,
    pub hover: Option<usize>,
    pub selected: Option<usize>,
    /// `prefers-reduced-motion`: Play steps from event to event instead of animating.
    pub reduced_motion: bool,
    /// Lanes in drawing order (for the up and down arrows).
    order: Vec<usize>,
}

impl Playback {
    pub fn new(trace: TraceRef, reduced_motion: bool) -> Playback {
        let end = trace_end(&trace);
        let order = layout(&trace, Columns::default()).rows.iter().map(|row| row.lane).collect();
        Playback {
            end,
            // The whole run, drawn in full: playing is for watching it unfold, not for revealing it.
            time: end,
            playing: false,
            speed: NORMAL_SPEED,
            rate: base_rate(end),
            last_frame: None,
            frames: 0,
            window: Window::all(end),
            hover: None,
            selected: None,
            reduced_motion,
            order,
            trace,
        }
    }

    /// How many events have happened by the playhead (events at the playhead's time included).
    pub fn events_done(&self) -> usize {
        self.trace.events.partition_point(|event| event.time <= self.time)
    }

    /// The events at the latest event time at or before the playhead: what just happened.
    pub fn current_events(&self) -> std::ops::Range<usize> {
        let done = self.events_done();
        let Some(last) = done.checked_sub(1).map(|index| self.trace.events[index].time) else {
            return 0..0;
        };
        self.trace.events[..done].partition_point(|event| event.time < last)..done
    }

    /// The span of `lane` at `time` (the last one starting at or before it), as an index into `trace.spans`.
    pub fn span_at(&self, lane: usize, time: Nanos) -> Option<usize> {
        let range = lane_spans(&self.trace.spans, lane as u32);
        if range.is_empty() {
            return None;
        }
        let lane_spans = &self.trace.spans[range.clone()];
        let index = lane_spans.partition_point(|span| span.start <= time).saturating_sub(1);
        Some(range.start + index)
    }

    fn seek(&mut self, time: Nanos) {
        self.time = time.min(self.end);
        self.window = self.window.follow(self.time, self.end);
    }

    fn show_selected(&mut self) {
        if let Some(span) = self.selected.and_then(|index| self.trace.spans.get(index)) {
            if span.end <= self.window.start || span.start >= self.window.end {
                self.window = self.window.follow(span.start, self.end);
            }
        }
    }
}

impl Reducible for Playback {
    type Action = PlaybackAction;

    /// The playback after `action`; the same `Rc` when nothing changed, so that nothing re-renders.
    fn reduce(self: Rc<Self>, action: PlaybackAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PlaybackAction::TogglePlay => next.toggle_play(),
            PlaybackAction::Pause => next.playing = false,
            PlaybackAction::Restart => next.restart(),
            PlaybackAction::StepNext => next.step_next(),
            PlaybackAction::StepPrevious => next.step_previous(),
            PlaybackAction::ToEnd => next.show_end(),
            PlaybackAction::Seek(time) => next.seek(time),
            PlaybackAction::Frame(now) => next.frame(now),
            PlaybackAction::SetSpeed(speed) => next.speed = speed.min(SPEEDS.len() - 1),
            PlaybackAction::Zoom(factor, anchor) => next.zoom(factor, anchor),
            PlaybackAction::ResetZoom => next.window = Window::all(next.end),
            PlaybackAction::Pan(delta) => next.window = next.window.pan(delta, next.end),
            PlaybackAction::PanTo(start) => {
                next.window = Window { start, end: start + next.window.len() }.clamped(next.end)
            }
            PlaybackAction::Hover(span) => next.hover = span,
            PlaybackAction::Select(span) => next.select(span),
            PlaybackAction::SelectLane(lane) => next.select_lane(lane),
            PlaybackAction::Move(direction) => next.move_selection(direction),
            PlaybackAction::Load(trace) => next = Playback::new(trace, next.reduced_motion),
        }
        if next == *self {
            return self;
        }
        Rc::new(next)
    }
}

/// The actions of [`PlaybackAction`] that take more than a line, one each.
impl Playback {
    /// Pauses, or plays; at the end, plays from the start.
    fn toggle_play(&mut self) {
        if self.playing {
            self.playing = false;
            return;
        }
        if self.time >= self.end {
            self.seek(0);
        }
        self.playing = true;
        self.last_frame = None;
    }

    fn restart(&mut self) {
        self.seek(0);
        self.last_frame = None;
    }

    fn step_next(&mut self) {
        self.playing = false;
        // From the end, stepping starts again from the beginning.
        let from = if self.time >= self.end { 0 } else { self.time };
        self.seek(self.next_event_time(from));
    }

    /// The time of the first event after `from`, or the end.
    fn next_event_time(&self, from: Nanos) -> Nanos {
        let events = &self.trace.events;
        let after = events.partition_point(|event| event.time <= from);
        events.get(after).map_or(self.end, |event| event.time)
    }

    fn step_previous(&mut self) {
        self.playing = false;
        let events = &self.trace.events;
        let before = events.partition_point(|event| event.time < self.time);
        let time = before.checked_sub(1).map_or(0, |index| events[index].time);
        self.seek(time);
    }

    fn show_end(&mut self) {
        self.playing = false;
        self.seek(self.end);
    }

    /// Advances the playhead by the real time since the last frame, at the chosen speed; with
    /// reduced motion, to the next event once a step's time has passed.
    fn frame(&mut self, now: f64) {
        if !self.playing {
            return;
        }
        self.frames += 1;
        if self.reduced_motion {
            self.step_frame(now);
            return;
        }
        if let Some(last) = self.last_frame {
            let elapsed = (now - last).clamp(0.0, MAX_FRAME_MS) / 1000.0;
            let advance = (elapsed * self.rate as f64 * SPEEDS[self.speed]).round() as Nanos;
            self.seek(self.time.saturating_add(advance.max(1)));
            if self.time >= self.end {
                self.playing = false;
            }
        }
        self.last_frame = Some(now);
    }

    /// A frame of reduced-motion play: the first steps at once, the next when its time has come.
    fn step_frame(&mut self, now: f64) {
        let interval = REDUCED_MOTION_STEP_MS / SPEEDS[self.speed];
        if self.last_frame.is_some_and(|last| now - last < interval) {
            return;
        }
        self.seek(self.next_event_time(self.time));
        self.last_frame = Some(now);
        if self.time >= self.end {
            self.playing = false;
        }
    }

    fn zoom(&mut self, factor: f64, anchor: Option<Nanos>) {
        let anchor = anchor.unwrap_or(if self.window.contains(self.time) {
            self.time
        } else {
            self.window.start + self.window.len() / 2
        });
        self.window = self.window.zoom(factor, anchor, self.end);
    }

    fn select(&mut self, span: Option<usize>) {
        self.selected = span;
        self.show_selected();
    }

    /// Selects the lane's span under the playhead (or at the view's start), unless a span of that
    /// lane is selected already.
    fn select_lane(&mut self, lane: usize) {
        if self
            .selected
            .and_then(|index| self.trace.spans.get(index))
            .map(|span| span.lane as usize)
            != Some(lane)
        {
            let time = if self.window.contains(self.time) { self.time } else { self.window.start };
            self.select(self.span_at(lane, time));
        }
    }

    /// The previous or next span on the selected span's lane, or the span at its middle on the lane
    /// above or below; nothing where there is none.
    fn move_selection(&mut self, direction: Direction) {
        let Some((index, span)) =
            self.selected.and_then(|index| self.trace.spans.get(index).map(|span| (index, *span)))
        else {
            return;
        };
        let spans = &self.trace.spans;
        let selected = match direction {
            Direction::Previous => {
                index.checked_sub(1).filter(|before| spans[*before].lane == span.lane)
            }
            Direction::Next => Some(index + 1)
                .filter(|after| spans.get(*after).is_some_and(|other| other.lane == span.lane)),
            Direction::Up | Direction::Down => {
                let row =
                    self.order.iter().position(|lane| *lane == span.lane as usize).unwrap_or(0);
                let row =
                    if direction == Direction::Up { row.checked_sub(1) } else { Some(row + 1) };
                let time = span.start + (span.end - span.start) / 2;
                row.and_then(|row| self.order.get(row).copied())
                    .and_then(|lane| self.span_at(lane, time))
            }
        };
        if selected.is_some() {
            self.select(selected);
        }
    }
}

/// The text of the clock: "12.0 ms / 205 ms".
pub fn clock(time: Nanos, end: Nanos) -> String {
    format!("{} / {}", format_duration(time), format_duration(end))
}

/// The step of the scrubbing range input: about a thousandth of the trace.
pub fn scrub_step(end: Nanos) -> Nanos {
    (end / 1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::time::MILLISECOND;
    use gil_sim::{simulate, Scenario, ScenarioSpec};

    /// The convoy effect on two cores, shortened.
    pub const CONVOY: &str = include_str!("../../tests/convoy-short.toml");

    fn convoy_trace() -> TraceRef {
        let spec: ScenarioSpec = toml::from_str(CONVOY).unwrap();
        TraceRef::new(simulate(&Scenario::from_spec(&spec).unwrap()).unwrap())
    }

    #[test]
    fn a_200ms_trace_plays_in_a_few_seconds_at_1x() {
        assert_eq!(base_rate(200 * MILLISECOND), 50 * MILLISECOND);
        assert_eq!(base_rate(205 * MILLISECOND), 50 * MILLISECOND);
        assert_eq!(base_rate(10_000 * MILLISECOND), 2_000 * MILLISECOND);
        assert_eq!(base_rate(1), 1);
        assert_eq!(rate_label(50 * MILLISECOND), "1× = 50.0 ms of simulated time per second");
    }

    #[test]
    fn frames_advance_the_playhead_at_the_chosen_speed_and_stop_at_the_end() {
        let player = Rc::new(Playback::new(convoy_trace(), false));
        assert_eq!(
            (player.time, player.playing),
            (player.end, false),
            "the whole run is drawn at first"
        );
        let player = player.reduce(PlaybackAction::TogglePlay);
        assert!(player.playing);
        assert_eq!(player.time, 0, "playing from the end starts again");
        let player =
            player.reduce(PlaybackAction::Frame(1000.0)).reduce(PlaybackAction::Frame(1050.0));
        assert_eq!(player.time, player.rate / 20, "50 ms of real time at 1×");
        let player = player
            .reduce(PlaybackAction::SetSpeed(SPEEDS.len() - 1))
            .reduce(PlaybackAction::Frame(1100.0));
        assert_eq!(player.time, player.rate / 20 + player.rate / 2, "50 ms at 10×");
        let mut player = player;
        for frame in 0..1000 {
            player = player.reduce(PlaybackAction::Frame(1100.0 + 16.0 * frame as f64));
        }
        assert_eq!((player.time, player.playing), (player.end, false));
        let paused = player.clone().reduce(PlaybackAction::Frame(99_999.0));
        assert!(Rc::ptr_eq(&player, &paused), "frames do nothing while paused");
    }

    #[test]
    fn stepping_goes_from_event_to_event() {
        let at_end = Rc::new(Playback::new(convoy_trace(), false));
        let player = at_end.clone().reduce(PlaybackAction::Restart);
        let events = &player.trace.events;
        assert_eq!(player.events_done(), events.partition_point(|event| event.time == 0));
        let stepped = player.clone().reduce(PlaybackAction::StepNext);
        let first_later = events.iter().find(|event| event.time > 0).unwrap().time;
        assert_eq!(stepped.time, first_later);
        assert!(stepped.events_done() > player.events_done());
        let current = stepped.current_events();
        assert!(
            !current.is_empty() && events[current].iter().all(|event| event.time == first_later)
        );
        assert_eq!(stepped.clone().reduce(PlaybackAction::StepPrevious).time, 0);
        assert_eq!(
            at_end.reduce(PlaybackAction::StepNext).time,
            stepped.time,
            "from the end, stepping starts again"
        );
    }

    #[test]
    fn a_new_trace_starts_afresh() {
        let player = Rc::new(Playback::new(convoy_trace(), false))
            .reduce(PlaybackAction::Zoom(4.0, None))
            .reduce(PlaybackAction::ToEnd);
        let lane = player.order[1];
        let player = player.reduce(PlaybackAction::SelectLane(lane));
        assert!(player.selected.is_some() && player.time > 0 && player.window.len() < player.end);
        let other = convoy_trace();
        let loaded = player.reduce(PlaybackAction::Load(other.clone()));
        assert_eq!(loaded.trace, other);
        assert_eq!(
            (loaded.time, loaded.selected, loaded.window, loaded.playing),
            (loaded.end, None, Window::all(loaded.end), false)
        );
    }

    #[test]
    fn reduced_motion_plays_event_by_event_once_a_second_at_1x() {
        let player = Rc::new(Playback::new(convoy_trace(), true));
        assert_eq!(player.time, player.end, "the whole run is drawn at first");
        assert!(speed_label(&player).contains("one a second at 1×"));
        let player = player.reduce(PlaybackAction::TogglePlay);
        assert_eq!(
            (player.time, player.playing),
            (0, true),
            "from the end it plays from the start"
        );
        let first = player.clone().reduce(PlaybackAction::Frame(1000.0));
        let next_event = first.trace.events.iter().find(|event| event.time > 0).unwrap().time;
        assert_eq!(first.time, next_event, "the first frame steps at once, to the next event");
        let waiting = first.clone().reduce(PlaybackAction::Frame(1900.0));
        assert_eq!(waiting.time, first.time, "no step before a second has passed");
        let second = waiting.reduce(PlaybackAction::Frame(2000.0));
        assert_eq!(second.time, second.next_event_time(first.time), "one event a second");
        let fast = second.clone().reduce(PlaybackAction::SetSpeed(NORMAL_SPEED + 1));
        let fast = fast.reduce(PlaybackAction::Frame(2500.0));
        assert_eq!(fast.time, fast.next_event_time(second.time), "2× steps twice a second");
        let mut player = fast;
        for step in 0..10_000 {
            player = player.reduce(PlaybackAction::Frame(3000.0 + 500.0 * f64::from(step)));
        }
        assert_eq!((player.time, player.playing), (player.end, false), "it stops at the end");
    }

    #[test]
    fn arrows_move_between_spans_and_lanes() {
        // Focusing a lane selects its span at the playhead: here at the start.
        let player = Rc::new(Playback::new(convoy_trace(), false)).reduce(PlaybackAction::Restart);
        let lane = player.order[2];
        let player = player.reduce(PlaybackAction::SelectLane(lane));
        let first = player.selected.expect("a span");
        assert_eq!(player.trace.spans[first].lane as usize, lane);
        let player = player.reduce(PlaybackAction::Move(Direction::Next));
        assert_eq!(player.selected, Some(first + 1));
        let player = player.reduce(PlaybackAction::Move(Direction::Previous));
        assert_eq!(player.selected, Some(first));
        let up = player.reduce(PlaybackAction::Move(Direction::Up));
        assert_eq!(up.trace.spans[up.selected.unwrap()].lane as usize, up.order[1]);
    }

    #[test]
    fn zoom_follows_the_playhead() {
        let player = Rc::new(Playback::new(convoy_trace(), false))
            .reduce(PlaybackAction::Zoom(10.0, Some(0)));
        let end = player.end;
        assert!(player.window.len().abs_diff(end / 10) <= 1);
        let player = player.reduce(PlaybackAction::Seek(end / 2));
        assert!(player.window.contains(end / 2));
        assert_eq!(player.reduce(PlaybackAction::ResetZoom).window, Window::all(end));
    }
}
