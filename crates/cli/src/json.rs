//! The `--json` document. Its schema is documented in docs/json-output.md; a change that could
//! break a reader must bump [`SCHEMA_VERSION`].

use serde::Serialize;

use super::scenario_file::SimulatedFile;
use gil_sim::lanes::{Lane, Span};
use gil_sim::metrics::Metrics;
use gil_sim::trace::{Event, LostUpdate};
use gil_sim::ScenarioSpec;

pub const SCHEMA_VERSION: u32 = 3;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    scenario: &'a ScenarioSpec,
    trace: TraceDocument<'a>,
}

#[derive(Serialize)]
struct TraceDocument<'a> {
    title: &'a str,
    python: &'a str,
    lanes: &'a [Lane],
    spans: &'a [Span],
    events: Vec<EventDocument<'a>>,
    lost_updates: &'a [LostUpdate],
    metrics: &'a Metrics,
}

/// An event with the sentence the web app's narration shows for it.
#[derive(Serialize)]
struct EventDocument<'a> {
    #[serde(flatten)]
    event: &'a Event,
    text: String,
}

pub fn render(run: &SimulatedFile) -> serde_json::Result<String> {
    let trace = &run.trace;
    let document = Document {
        schema_version: SCHEMA_VERSION,
        scenario: &run.spec,
        trace: TraceDocument {
            title: &trace.title,
            python: &trace.python,
            lanes: &trace.lanes,
            spans: &trace.spans,
            events: trace
                .events
                .iter()
                .map(|event| EventDocument { event, text: trace.describe(event) })
                .collect(),
            lost_updates: &trace.lost_updates,
            metrics: &trace.metrics,
        },
    };
    let mut text = serde_json::to_string(&document)?;
    text.push('\n');
    Ok(text)
}
