//! Where the lanes go, and how each span looks: the geometry of the timeline that does not
//! change with zoom or playback, each state's mark, and each thread's colour. Pure: no Yew,
//! tested natively.
//!
//! A span is drawn with a [`Paint`]: its state's pattern (a mark that needs no colour), filled
//! with its thread's colour where it shows a thread running (on its own lane, on a core, on the
//! GIL it holds) and with its state's colour elsewhere. The thread colours are Okabe and Ito's
//! palette for colour-vision deficiencies (`styles/main.css`, `--who-0` … `--who-7`), in lane
//! order, repeating after eight.

use super::columns::Columns;
use super::thread_marks::thread_marks;
use gil_sim::lanes::{LaneKind, Span, State};
use gil_sim::time::{format_duration, Nanos};
use gil_sim::trace::Trace;

/// A lane's height: at least 20 px on a desktop, where the SVG is drawn about at its own scale.
pub const ROW_HEIGHT: f64 = 24.0;
/// Where a lane's label sits, from the lane's top: its text's baseline, centred for 13 px text.
pub const TEXT_BASELINE: f64 = 16.5;
pub const ROW_GAP: f64 = 4.0;
pub const GROUP_HEADER: f64 = 20.0;
pub const GROUP_GAP: f64 = 8.0;
/// Room under the lanes for the axis: tick marks, labels and the axis title.
pub const AXIS_HEIGHT: f64 = 44.0;
pub const TOP: f64 = 4.0;

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
        State::Deadlocked => "deadlocked",
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
    Grid,
    Ring,
    Blank,
    Checker,
}

/// Each state has its own mark, so no two states look alike even without colour.
pub fn mark(state: State) -> Mark {
    match state {
        State::RunningWithGil => Mark::Plain,
        State::RunningWithoutGil => Mark::Vertical,
        State::Starting => Mark::BackDiagonal,
        State::WaitingForGil => Mark::Diagonal,
        State::WaitingForCore => Mark::Cross,
        State::Blocked => Mark::Horizontal,
        State::Awaiting => Mark::Dots,
        State::WaitingForLoop => Mark::Grid,
        State::Idle => Mark::Ring,
        State::Done => Mark::Blank,
        State::Deadlocked => Mark::Checker,
    }
}

/// How the legend names a state's mark, for those who cannot tell the colours apart.
pub fn mark_name(mark: Mark) -> &'static str {
    match mark {
        Mark::Plain => "solid",
        Mark::Diagonal => "diagonal stripes",
        Mark::BackDiagonal => "back-slanted stripes",
        Mark::Cross => "cross-hatched",
        Mark::Horizontal => "horizontal stripes",
        Mark::Vertical => "vertical stripes",
        Mark::Dots => "dotted",
        Mark::Grid => "grid",
        Mark::Ring => "rings",
        Mark::Blank => "blank",
        Mark::Checker => "chequered",
    }
}

/// How many thread colours there are before they repeat.
pub const THREAD_COLOURS: u8 = 8;

/// How a span is filled: its state's pattern, in its thread's colour (`who`, counted from 0) or,
/// without one, in its state's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Paint {
    pub state: State,
    pub who: Option<u8>,
}

impl Paint {
    /// The paint of a state on its own, as the legend shows it.
    pub fn plain(state: State) -> Paint {
        Paint { state, who: None }
    }

    /// Every paint a span can have: each state plainly, and the running states in each thread colour.
    pub fn all() -> impl Iterator<Item = Paint> {
        let plain = State::ALL.into_iter().map(Paint::plain);
        let coloured = State::ALL
            .into_iter()
            .filter(|state| state.is_running())
            .flat_map(|state| (0..THREAD_COLOURS).map(move |who| Paint { state, who: Some(who) }));
        plain.chain(coloured)
    }

    /// A number for the paint, from 0 to [`Paint::COUNT`], for tallies by paint.
    pub fn index(self) -> usize {
        self.state as usize * (THREAD_COLOURS as usize + 1)
            + self.who.map_or(0, |who| who as usize + 1)
    }

    pub const COUNT: usize = State::ALL.len() * (THREAD_COLOURS as usize + 1);

    pub fn from_index(index: usize) -> Paint {
        let per_state = THREAD_COLOURS as usize + 1;
        let who = (index % per_state).checked_sub(1).map(|who| who as u8);
        Paint { state: State::ALL[index / per_state], who }
    }

    /// The CSS class of its colour: the thread's (`who-2`) or the state's (`fill-blocked`).
    pub fn colour_class(self) -> String {
        match self.who {
            Some(who) => format!("who-{who}"),
            None => format!("fill-{}", slug(self.state)),
        }
    }
}

pub fn pattern_id(paint: Paint) -> String {
    match paint.who {
        Some(who) => format!("gil-lab-state-{}-who-{who}", slug(paint.state)),
        None => format!("gil-lab-state-{}", slug(paint.state)),
    }
}

pub fn pattern_fill(paint: Paint) -> String {
    format!("url(#{})", pattern_id(paint))
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

/// Where the lanes go, in the SVG's user units (one unit is one CSS pixel).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub columns: Columns,
    pub groups: Vec<Group>,
    /// In drawing order: group by group.
    pub rows: Vec<Row>,
    /// Each lane's thread colour, by lane; `None` for cores and GILs, which show their threads'.
    pub colours: Vec<Option<u8>>,
    /// Each thread lane's mark ([`thread_marks`]), by lane: what tells threads apart where their
    /// colours do not, and stands in for a thread's name in spans too narrow for it.
    pub thread_marks: Vec<Option<String>>,
    /// The simulated time at the end of the trace.
    pub end: Nanos,
    pub axis_y: f64,
    pub height: f64,
}

impl Layout {
    /// The row of the lane whose band contains `y`, if any.
    pub fn row_at(&self, y: f64) -> Option<&Row> {
        self.rows
            .iter()
            .find(|row| y >= row.y - ROW_GAP / 2.0 && y < row.y + ROW_HEIGHT + ROW_GAP / 2.0)
    }

    /// The mark of the thread of `lane` ("T1"), for lanes of threads.
    pub fn thread_mark(&self, lane: usize) -> Option<&str> {
        self.thread_marks.get(lane)?.as_deref()
    }

    pub fn row_of(&self, lane: usize) -> Option<&Row> {
        self.rows.iter().find(|row| row.lane == lane)
    }

    /// How a span is drawn: in the colour of the thread running in it (the lane's own, or on a
    /// core or a GIL the one it names), otherwise in its state's.
    pub fn paint(&self, span: &Span) -> Paint {
        let running = span.state.is_running().then(|| span.who.unwrap_or(span.lane));
        let who = running.and_then(|lane| self.colours.get(lane as usize).copied().flatten());
        Paint { state: span.state, who }
    }
}

/// The end of a trace: its last span, or its wall time, whichever is later (at least 1 ns).
pub fn trace_end(trace: &Trace) -> Nanos {
    trace.spans.iter().map(|span| span.end).chain([trace.metrics.makespan, 1]).max().unwrap_or(1)
}

/// Lanes grouped by `group`, groups in the order they first appear, across `columns`.
pub fn layout(trace: &Trace, columns: Columns) -> Layout {
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
    let thread_names: Vec<Option<&str>> = trace
        .lanes
        .iter()
        .map(|lane| {
            (!matches!(lane.kind, LaneKind::Core | LaneKind::Gil)).then_some(lane.name.as_str())
        })
        .collect();
    let mut threads = 0_u8;
    let colours = thread_names
        .iter()
        .map(|name| {
            name.map(|_| {
                threads = threads.wrapping_add(1);
                (threads - 1) % THREAD_COLOURS
            })
        })
        .collect();
    Layout {
        columns,
        groups,
        rows,
        colours,
        thread_marks: thread_marks(&thread_names),
        end: trace_end(trace),
        axis_y: y,
        height: y + AXIS_HEIGHT,
    }
}

/// What a span is, in one line: "hog — running with the GIL, 12.00 ms → 17.01 ms (5.01 ms)".
pub fn describe_span(trace: &Trace, span: &Span) -> String {
    let lane = trace.lane_name(span.lane);
    let who = span.who.map(|who| format!(" ({})", trace.lane_name(who))).unwrap_or_default();
    format!(
        "{lane} — {}{who}, {} → {} ({})",
        span.state.label(),
        format_duration(span.start),
        format_duration(span.end),
        format_duration(span.end - span.start)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::lanes::Lane;
    use gil_sim::lanes::LaneKind;
    use gil_sim::time::MILLISECOND;

    #[test]
    fn every_state_has_its_own_look() {
        let looks: Vec<_> =
            State::ALL.into_iter().map(|state| (slug(state), mark(state))).collect();
        for (index, look) in looks.iter().enumerate() {
            assert!(
                !looks[..index].iter().any(|other| other.0 == look.0 || other.1 == look.1),
                "{look:?}"
            );
        }
    }

    fn trace() -> Trace {
        let lane =
            |name: &str, kind, group: &str| Lane { name: name.into(), kind, group: group.into() };
        let mut trace = gil_sim::simulate(
            &gil_sim::Scenario::from_spec(
                &toml::from_str(include_str!("../../../sim/tests/golden.toml")).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        trace.lanes = vec![
            lane("core 0", LaneKind::Core, "CPU cores"),
            lane("hog", LaneKind::Thread, "main process"),
            lane("core 1", LaneKind::Core, "CPU cores"),
        ];
        trace.spans = vec![Span {
            lane: 1,
            start: 12 * MILLISECOND,
            end: 17_010_000,
            state: State::RunningWithGil,
            who: None,
        }];
        trace
    }

    #[test]
    fn threads_get_colours_in_lane_order_and_cores_show_who_runs() {
        let layout = layout(&trace(), Columns::default());
        assert_eq!(layout.colours, [None, Some(0), None]);
        assert_eq!((layout.thread_mark(1), layout.thread_mark(0)), (Some("h"), None), "hog's");
        let span = |lane, state, who| Span { lane, start: 0, end: 1, state, who };
        assert_eq!(
            layout.paint(&span(1, State::RunningWithGil, None)),
            Paint { state: State::RunningWithGil, who: Some(0) }
        );
        assert_eq!(
            layout.paint(&span(1, State::WaitingForGil, None)),
            Paint::plain(State::WaitingForGil),
            "waiting keeps its state's colour"
        );
        assert_eq!(
            layout.paint(&span(0, State::RunningWithoutGil, Some(1))),
            Paint { state: State::RunningWithoutGil, who: Some(0) }
        );
        assert_eq!(layout.paint(&span(2, State::Blocked, None)), Paint::plain(State::Blocked));
    }

    #[test]
    fn paints_number_one_to_one() {
        let all: Vec<Paint> = Paint::all().collect();
        assert_eq!(
            all.len(),
            State::ALL.len() + 3 * THREAD_COLOURS as usize,
            "the three running states take thread colours"
        );
        for paint in &all {
            assert_eq!(Paint::from_index(paint.index()), *paint);
            assert!(paint.index() < Paint::COUNT);
        }
        let mut ids: Vec<String> = all.iter().map(|paint| pattern_id(*paint)).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "a pattern per paint");
    }

    #[test]
    fn lanes_are_grouped_in_order_of_first_appearance() {
        let layout = layout(&trace(), Columns::default());
        assert_eq!(
            layout.groups.iter().map(|group| group.title.as_str()).collect::<Vec<_>>(),
            ["CPU cores", "main process"]
        );
        assert_eq!(layout.rows.iter().map(|row| row.lane).collect::<Vec<_>>(), [0, 2, 1]);
        let second = layout.rows[1].y;
        assert_eq!(layout.row_at(second + 1.0).map(|row| row.lane), Some(2));
        assert_eq!(layout.row_at(0.0), None);
        assert!(layout.axis_y > layout.rows[2].y + ROW_HEIGHT);
    }

    #[test]
    fn a_span_says_what_it_is() {
        let trace = trace();
        assert_eq!(
            describe_span(&trace, &trace.spans[0]),
            "hog — running with the GIL, 12.0 ms → 17.0 ms (5.01 ms)"
        );
    }
}
