//! Turns the engine's state changes into spans and events.

use crate::lanes::{Lane, LaneId, Span, State};
use crate::time::Nanos;
use crate::trace::{Event, EventKind};

type LaneState = Option<(State, Option<LaneId>)>;

#[derive(Debug, Default)]
pub(super) struct Recorder {
    pub(super) lanes: Vec<Lane>,
    current: Vec<(LaneState, Nanos)>,
    /// Spans per lane, each list in time order, so no sort is needed at the end.
    spans_by_lane: Vec<Vec<Span>>,
    pub(super) events: Vec<Event>,
}

impl Recorder {
    pub(super) fn add_lane(&mut self, lane: Lane) -> LaneId {
        self.lanes.push(lane);
        self.current.push((None, 0));
        self.spans_by_lane.push(Vec::new());
        (self.lanes.len() - 1) as LaneId
    }

    pub(super) fn lane_name(&self, lane: LaneId) -> &str {
        &self.lanes[lane as usize].name
    }

    /// Changes what a lane shows from `now` on, closing the span that was open.
    pub(super) fn set(&mut self, lane: LaneId, state: LaneState, now: Nanos) {
        let (open, since) = self.current[lane as usize];
        if open == state {
            return;
        }
        if let Some((open_state, who)) = open {
            if now > since {
                self.spans_by_lane[lane as usize].push(Span {
                    lane,
                    start: since,
                    end: now,
                    state: open_state,
                    who,
                });
            }
        }
        self.current[lane as usize] = (state, now);
    }

    /// Changes what a lane shows from `since`, when its open span had already begun (a wait found
    /// to last forever): the open span is cut at `since`, and nothing recorded after it is lost.
    pub(super) fn relabel_since(
        &mut self,
        lane: LaneId,
        state: (State, Option<LaneId>),
        since: Nanos,
    ) {
        debug_assert!(
            self.current[lane as usize].1 <= since,
            "a lane is relabelled only from within its open span"
        );
        self.set(lane, Some(state), since);
    }

    /// The last time anything was recorded: a state changed or an event happened.
    pub(super) fn last_change(&self) -> Nanos {
        let last_event = self.events.last().map_or(0, |event| event.time);
        self.current.iter().map(|(_, since)| *since).fold(last_event, Nanos::max)
    }

    pub(super) fn event(
        &mut self,
        time: Nanos,
        kind: EventKind,
        lane: LaneId,
        other: Option<LaneId>,
        amount: u64,
    ) {
        self.events.push(Event { time, kind, lane, other, amount });
    }

    /// Closes every open span at `end`; returns all spans sorted by lane, then start.
    pub(super) fn close(&mut self, end: Nanos) -> Vec<Span> {
        for lane in 0..self.lanes.len() {
            self.set(lane as LaneId, None, end);
        }
        std::mem::take(&mut self.spans_by_lane).concat()
    }
}
