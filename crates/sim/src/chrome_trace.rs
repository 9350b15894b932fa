//! A trace in the Chrome trace-event format, which Perfetto (ui.perfetto.dev) and chrome://tracing
//! open: each lane group becomes a process, each lane a thread track of complete ("X") events, and
//! the event log becomes instant ("i") events with their plain-language sentence.
//!
//! The JSON is written by hand, event by event, straight into the writer: a long scenario has
//! millions of events, far too many to build as a value first, and the web app, which offers this
//! file as a download, should not carry a JSON serializer and a float formatter for it (about 6 KB
//! of its gzipped first load).

use std::io::{self, Write};

use super::lanes::LaneId;
use super::time::Nanos;
use super::trace::Trace;

/// Writes `trace` as a trace-event JSON object: `{"traceEvents": […], "displayTimeUnit": "ms", …}`.
pub fn write_chrome_trace(trace: &Trace, mut writer: impl Write) -> io::Result<()> {
    let mut groups: Vec<&str> = Vec::new();
    for lane in &trace.lanes {
        if !groups.contains(&lane.group.as_str()) {
            groups.push(&lane.group);
        }
    }
    // Pids and tids start at 1: some viewers treat 0 as "no process".
    let pids: Vec<usize> = trace
        .lanes
        .iter()
        .map(|lane| {
            groups.iter().position(|group| *group == lane.group).map_or(0, |index| index + 1)
        })
        .collect();
    let pid_of = |lane: LaneId| pids.get(lane as usize).copied().unwrap_or(0);
    let tid_of = |lane: LaneId| lane as usize + 1;

    let out = &mut writer;
    out.write_all(b"{\"traceEvents\":[")?;
    let mut first = true;
    let mut separator = |out: &mut dyn Write| -> io::Result<()> {
        if !std::mem::take(&mut first) {
            out.write_all(b",")?;
        }
        Ok(())
    };
    for (index, group) in groups.iter().enumerate() {
        separator(out)?;
        metadata(out, "process_name", index + 1, 0, ("name", &Value::Text(group)))?;
        separator(out)?;
        metadata(out, "process_sort_index", index + 1, 0, ("sort_index", &Value::Number(index)))?;
    }
    for (index, lane) in trace.lanes.iter().enumerate() {
        let (pid, tid) = (pid_of(index as LaneId), tid_of(index as LaneId));
        separator(out)?;
        metadata(out, "thread_name", pid, tid, ("name", &Value::Text(&lane.name)))?;
        separator(out)?;
        metadata(out, "thread_sort_index", pid, tid, ("sort_index", &Value::Number(index)))?;
    }
    for span in &trace.spans {
        separator(out)?;
        out.write_all(b"{\"ph\":\"X\",\"name\":")?;
        string(out, span.state.label())?;
        out.write_all(b",\"cat\":\"state\",\"ts\":")?;
        micros(out, span.start)?;
        out.write_all(b",\"dur\":")?;
        micros(out, span.end - span.start)?;
        write!(out, ",\"pid\":{},\"tid\":{},\"args\":{{", pid_of(span.lane), tid_of(span.lane))?;
        if let Some(who) = span.who {
            out.write_all(b"\"thread\":")?;
            string(out, trace.lane_name(who))?;
        }
        out.write_all(b"}}")?;
    }
    for event in &trace.events {
        separator(out)?;
        out.write_all(b"{\"ph\":\"i\",\"name\":")?;
        string(out, event.kind.name())?;
        out.write_all(b",\"cat\":\"event\",\"ts\":")?;
        micros(out, event.time)?;
        write!(
            out,
            ",\"s\":\"t\",\"pid\":{},\"tid\":{},\"args\":{{\"text\":",
            pid_of(event.lane),
            tid_of(event.lane)
        )?;
        string(out, &trace.describe(event))?;
        out.write_all(b"}}")?;
    }
    out.write_all(b"],\"displayTimeUnit\":\"ms\",\"otherData\":{\"title\":")?;
    string(out, &trace.title)?;
    out.write_all(b",\"python\":")?;
    string(out, &trace.python)?;
    out.write_all(b"}}")
}

enum Value<'a> {
    Text(&'a str),
    Number(usize),
}

/// A metadata ("M") event with one argument.
fn metadata(
    out: &mut dyn Write,
    name: &str,
    pid: usize,
    tid: usize,
    (key, value): (&str, &Value),
) -> io::Result<()> {
    out.write_all(b"{\"ph\":\"M\",\"name\":")?;
    string(out, name)?;
    write!(out, ",\"pid\":{pid},\"tid\":{tid},\"args\":{{")?;
    string(out, key)?;
    out.write_all(b":")?;
    match value {
        Value::Text(text) => string(out, text)?,
        Value::Number(number) => write!(out, "{number}")?,
    }
    out.write_all(b"}}")
}

/// The trace-event format counts time in microseconds; three decimals keep nanosecond precision.
fn micros(out: &mut dyn Write, nanos: Nanos) -> io::Result<()> {
    let (whole, fraction) = (nanos / 1_000, nanos % 1_000);
    if fraction == 0 {
        write!(out, "{whole}")
    } else {
        let digits = format!("{fraction:03}");
        write!(out, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// A JSON string: quotes, backslashes and control characters escaped.
fn string(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') {
        out.write_all(&rest.as_bytes()[..at])?;
        let c = rest[at..].chars().next().unwrap_or(' ');
        match c {
            '"' => out.write_all(b"\\\"")?,
            '\\' => out.write_all(b"\\\\")?,
            '\n' => out.write_all(b"\\n")?,
            other => write!(out, "\\u{:04x}", other as u32)?,
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::trace::EventKind;
    use crate::{simulate, Scenario, ScenarioSpec};

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
        output["traceEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|event| event["ph"] == phase)
            .collect()
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
                .find(|event| {
                    event["name"] == "thread_name"
                        && event["tid"].as_u64() == Some(index as u64 + 1)
                })
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
    fn wiring_event_kinds_are_named_as_serde_names_them() {
        for kind in EventKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }

    #[test]
    fn strings_are_escaped() {
        let mut trace = trace();
        trace.title = "a \"quoted\" back\\slash\nnew line\u{1} tab\t é".into();
        assert_eq!(to_chrome_trace(&trace)["otherData"]["title"], trace.title.as_str());
    }

    #[test]
    fn events_are_thread_scoped_instants_with_their_sentence() {
        let trace = trace();
        let output = to_chrome_trace(&trace);
        let instants = of_phase(&output, "i");
        assert_eq!(instants.len(), trace.events.len());
        for (event, instant) in trace.events.iter().zip(instants) {
            assert_eq!(instant["s"], "t");
            assert_eq!(instant["name"], event.kind.name());
            assert_eq!(instant["ts"].as_f64(), Some(event.time as f64 / 1_000.0));
            assert_eq!(instant["args"]["text"], trace.describe(event).as_str());
        }
    }
}
