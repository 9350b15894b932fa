//! A trace in the Chrome trace-event format, which Perfetto (ui.perfetto.dev) and chrome://tracing
//! open: each lane group becomes a process, each lane a thread track of complete ("X") events, and
//! the event log becomes instant ("i") events with their plain-language sentence.
//!
//! The events are serialized as they are produced, straight into the writer: a long scenario has
//! millions of them, far too many to build as a `serde_json::Value` first.

use std::io::Write;

use serde::{Serialize, Serializer};

use super::time::Nanos;
use super::trace::{EventKind, LaneId, State, Trace};

/// Writes `trace` as a trace-event JSON object: `{"traceEvents": […], "displayTimeUnit": "ms", …}`.
pub fn write_chrome_trace(trace: &Trace, writer: impl Write) -> serde_json::Result<()> {
    let file =
        File { trace_events: Events(trace), display_time_unit: "ms", other_data: OtherData { title: &trace.title, python: &trace.python } };
    serde_json::to_writer(writer, &file)
}

#[derive(Serialize)]
struct File<'a> {
    #[serde(rename = "traceEvents")]
    trace_events: Events<'a>,
    #[serde(rename = "displayTimeUnit")]
    display_time_unit: &'static str,
    #[serde(rename = "otherData")]
    other_data: OtherData<'a>,
}

#[derive(Serialize)]
struct OtherData<'a> {
    title: &'a str,
    python: &'a str,
}

#[derive(Serialize)]
struct TraceEvent<'a> {
    ph: &'static str,
    name: Name<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cat: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ts: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dur: Option<f64>,
    /// The scope of an instant event: "t", its thread's track.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'static str>,
    pid: usize,
    tid: usize,
    args: Args<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Name<'a> {
    Text(&'a str),
    Kind(EventKind),
}

#[derive(Serialize)]
#[serde(untagged)]
enum Args<'a> {
    Name {
        name: &'a str,
    },
    SortIndex {
        sort_index: usize,
    },
    Span {
        state: State,
        #[serde(skip_serializing_if = "Option::is_none")]
        thread: Option<&'a str>,
    },
    Event {
        text: String,
    },
}

/// The trace-event format counts time in microseconds; fractions keep nanosecond precision.
fn micros(nanos: Nanos) -> f64 {
    nanos as f64 / 1_000.0
}

struct Events<'a>(&'a Trace);

impl<'a> Serialize for Events<'a> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let trace = self.0;
        let mut groups: Vec<&str> = Vec::new();
        for lane in &trace.lanes {
            if !groups.contains(&lane.group.as_str()) {
                groups.push(&lane.group);
            }
        }
        // Pids and tids start at 1: some viewers treat 0 as "no process".
        let pids: Vec<usize> =
            trace.lanes.iter().map(|lane| groups.iter().position(|group| *group == lane.group).map_or(0, |index| index + 1)).collect();
        let pid_of = |lane: LaneId| pids.get(lane as usize).copied().unwrap_or(0);
        let tid_of = |lane: LaneId| lane as usize + 1;
        let metadata = |name: &'static str, pid: usize, tid: usize, args: Args<'a>| TraceEvent {
            ph: "M",
            name: Name::Text(name),
            cat: None,
            ts: None,
            dur: None,
            s: None,
            pid,
            tid,
            args,
        };

        let processes = groups.iter().enumerate().flat_map(|(index, group)| {
            [
                metadata("process_name", index + 1, 0, Args::Name { name: group }),
                metadata("process_sort_index", index + 1, 0, Args::SortIndex { sort_index: index }),
            ]
        });
        let threads = trace.lanes.iter().enumerate().flat_map(|(index, lane)| {
            let (pid, tid) = (pid_of(index as LaneId), tid_of(index as LaneId));
            [
                metadata("thread_name", pid, tid, Args::Name { name: &lane.name }),
                metadata("thread_sort_index", pid, tid, Args::SortIndex { sort_index: index }),
            ]
        });
        let spans = trace.spans.iter().map(|span| TraceEvent {
            ph: "X",
            name: Name::Text(span.state.label()),
            cat: Some("state"),
            ts: Some(micros(span.start)),
            dur: Some(micros(span.end - span.start)),
            s: None,
            pid: pid_of(span.lane),
            tid: tid_of(span.lane),
            args: Args::Span { state: span.state, thread: span.who.map(|who| trace.lane_name(who)) },
        });
        let instants = trace.events.iter().map(|event| TraceEvent {
            ph: "i",
            name: Name::Kind(event.kind),
            cat: Some("event"),
            ts: Some(micros(event.time)),
            dur: None,
            s: Some("t"),
            pid: pid_of(event.lane),
            tid: tid_of(event.lane),
            args: Args::Event { text: trace.describe(event) },
        });
        serializer.collect_seq(processes.chain(threads).chain(spans).chain(instants))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::sim::{simulate, Scenario, ScenarioSpec};

    fn trace() -> Trace {
        let spec: ScenarioSpec = toml::from_str(
            r#"
            python = "3.12"
            cores = 2
            [[workers]]
            kind = "thread"
            name = "hog"
            program = "cpu 12ms"
            [[workers]]
            kind = "thread"
            program = "repeat 3 { io 1ms; cpu 20us }"
            "#,
        )
        .unwrap();
        simulate(&Scenario::from_spec(&spec).unwrap()).unwrap()
    }

    fn to_chrome_trace(trace: &Trace) -> Value {
        let mut bytes = Vec::new();
        write_chrome_trace(trace, &mut bytes).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    fn of_phase<'a>(output: &'a Value, phase: &str) -> Vec<&'a Value> {
        output["traceEvents"].as_array().unwrap().iter().filter(|event| event["ph"] == phase).collect()
    }

    #[test]
    fn output_parses_as_a_trace_event_file() {
        let output = to_chrome_trace(&trace());
        assert_eq!(output["displayTimeUnit"], "ms");
        assert!(output["traceEvents"].as_array().is_some_and(|events| !events.is_empty()));
    }

    #[test]
    fn every_span_is_one_complete_event_in_microseconds() {
        let trace = trace();
        let output = to_chrome_trace(&trace);
        let complete = of_phase(&output, "X");
        assert_eq!(complete.len(), trace.spans.len());
        for (span, event) in trace.spans.iter().zip(complete) {
            assert_eq!(event["ts"].as_f64(), Some(span.start as f64 / 1_000.0));
            assert_eq!(event["dur"].as_f64(), Some((span.end - span.start) as f64 / 1_000.0));
            assert_eq!(event["tid"].as_u64(), Some(span.lane as u64 + 1));
            assert_eq!(event["name"], span.state.label());
            assert_eq!(event["args"]["thread"].as_str(), span.who.map(|who| trace.lane_name(who)));
        }
    }

    #[test]
    fn metadata_names_every_lane_and_group() {
        let trace = trace();
        let output = to_chrome_trace(&trace);
        let metadata = of_phase(&output, "M");
        for (index, lane) in trace.lanes.iter().enumerate() {
            let named = metadata
                .iter()
                .find(|event| event["name"] == "thread_name" && event["tid"].as_u64() == Some(index as u64 + 1))
                .unwrap_or_else(|| panic!("lane {} has no thread_name", lane.name));
            assert_eq!(named["args"]["name"], lane.name.as_str());
            let process = metadata
                .iter()
                .find(|event| event["name"] == "process_name" && event["pid"] == named["pid"])
                .unwrap_or_else(|| panic!("lane {} has no process_name", lane.name));
            assert_eq!(process["args"]["name"], lane.group.as_str());
            assert!(metadata.iter().any(|event| event["name"] == "thread_sort_index"
                && event["tid"] == named["tid"]
                && event["args"]["sort_index"].as_u64() == Some(index as u64)));
        }
    }

    #[test]
    fn events_are_thread_scoped_instants_with_their_sentence() {
        let trace = trace();
        let output = to_chrome_trace(&trace);
        let instants = of_phase(&output, "i");
        assert_eq!(instants.len(), trace.events.len());
        for (event, instant) in trace.events.iter().zip(instants) {
            assert_eq!(instant["s"], "t");
            assert_eq!(instant["args"]["text"], trace.describe(event).as_str());
        }
    }
}
