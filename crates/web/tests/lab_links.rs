//! Links into the lab open exactly the scenario they name: the quick-form URLs course pages
//! already use (each with the whole scenario it opens), every lesson step's "Open this scenario in
//! the lab" at every value of its controls, and each run of the compare view.

use std::path::Path;

use gil_lab_web::compare::runs::CompareState;
use gil_lab_web::lab::state::LabState;
use gil_lab_web::params::parse_compare;
use gil_lab_web::route::{lab_address, landing, scenario_lab_address};
use gil_lab_web::run::{run, Outcome};
use gil_lessons::load::load_folder;
use gil_link::address::{with_query, LAB};
use gil_link::query::write;
use gil_sim::ScenarioSpec;

/// What the lab shows at an address `lab/?…`: a trace's hash, or the message that replaces it.
fn lab_result(address: &str) -> Result<u64, String> {
    let query = address.strip_prefix("lab/?").expect("a lab address");
    result(&LabState::from_query(query).outcome)
}

fn result(outcome: &Outcome) -> Result<u64, String> {
    match outcome {
        Outcome::Ready(trace) => Ok(trace.hash()),
        Outcome::Failed(message) => Err(message.clone()),
    }
}

/// Quick-form links course pages already use, each with the whole scenario it opens, written as
/// a version 2 link (recorded on 2026-12-07 from main, when these links gave the traces they gave
/// on 2026-12-04 at b190880): reading a link is pinned to the scenario it names, not to what the
/// model makes of it, so a change to the model does not break this test.
const QUICK_FORM_LINKS: [(&str, &str); 12] = [
    ("", "v=2&title=Lab&py=3.12&c=2&si=5ms&seed=1&wake=fifo&w=thread,n=2:cpu+100ms"),
    (
        "c=2&py=3.12&si=5ms&t=2&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1",
        "v=2&title=Lab&py=3.12&c=2&si=5ms&seed=1&wake=fifo&w=thread,n=2:cpu+100ms",
    ),
    (
        "c=4&py=3.12&si=5ms&t=4&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1",
        "v=2&title=Lab&py=3.12&c=4&si=5ms&seed=1&wake=fifo&w=thread,n=4:cpu+100ms",
    ),
    (
        "c=2&py=3.9&si=1ms&t=3&p=0&a=0&i=0&cpu=50&work=200ms&io=1ms&native=0&sm=fork&seed=1",
        "v=2&title=Lab&py=3.9&c=2&si=1ms&seed=1&wake=fifo&w=thread,n=3:repeat+100+%7B+cpu+1ms;+io+1ms+%7D",
    ),
    (
        "c=4&py=3.14&si=5ms&t=1&p=2&a=3&i=1&cpu=60&work=50ms&io=2ms&native=30&sm=spawn&seed=7",
        "v=2&title=Lab&py=3.14&c=4&si=5ms&seed=7&wake=fifo\
         &w=thread:repeat+10+%7B+cpu+2100us;+native+900us;+io+2ms+%7D\
         &w=process,n=2,sm=spawn:repeat+10+%7B+cpu+2100us;+native+900us;+io+2ms+%7D\
         &w=task,n=3:repeat+10+%7B+cpu+2100us;+to_thread+%7B+native+900us+%7D;+io+2ms+%7D\
         &w=interpreter:repeat+10+%7B+cpu+2100us;+native+900us;+io+2ms+%7D",
    ),
    (
        "c=8&py=3.14t&si=5ms&t=8&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1",
        "v=2&title=Lab&py=3.14t&c=8&si=5ms&seed=1&wake=fifo&w=thread,n=8:cpu+100ms",
    ),
    (
        "c=2&py=2.7&si=5ms&t=2&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1",
        "v=2&title=Lab&py=2.7&c=2&si=5ms&seed=1&wake=fifo&w=thread,n=2:cpu+100ms",
    ),
    (
        "c=1&py=3.8&si=100us&t=0&p=0&a=16&i=0&cpu=10&work=20ms&io=500us&native=50&sm=fork&seed=3",
        "v=2&title=Lab&py=3.8&c=1&si=100us&seed=3&wake=fifo&w=task,n=16:repeat+36+%7B+cpu+27777ns;+native+27777ns;+io+500us+%7D",
    ),
    (
        "c=4&py=3.12&si=5ms&t=0&p=4&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=forkserver&seed=1",
        "v=2&title=Lab&py=3.12&c=4&si=5ms&seed=1&wake=fifo&w=process,n=4,sm=forkserver:cpu+100ms",
    ),
    (
        "t=2&cpu=70&native=40",
        "v=2&title=Lab&py=3.12&c=2&si=5ms&seed=1&wake=fifo&w=thread,n=2:repeat+30+%7B+cpu+1400us;+native+933333ns;+io+1ms+%7D",
    ),
    ("py=3.13&i=3&t=0&work=20ms", "v=2&title=Lab&py=3.13&c=2&si=5ms&seed=1&wake=fifo&w=interpreter,n=3:cpu+20ms"),
    ("c=99&t=1&si=fast&embed=1", "v=2&title=Lab&py=3.12&c=16&si=5ms&seed=1&wake=fifo&w=thread:cpu+100ms"),
];

#[test]
fn every_quick_form_link_opens_the_scenario_it_opened_before() {
    for (query, expected) in QUICK_FORM_LINKS {
        let old = format!("#/lab?{query}");
        assert_eq!(landing(&old), Some(with_query(LAB, query)), "{old} lands with its query");
        let state = LabState::from_query(query);
        assert_eq!(write(&state.spec), expected, "{old} now opens another scenario");
        assert!(
            matches!(state.outcome, Outcome::Ready(_)),
            "{old} no longer runs: {:?}",
            state.outcome
        );
    }
}

/// The default lab's trace, recorded before the sandbox arrived (b190880): a snapshot that a
/// deliberate change to the model updates, like the golden hash.
#[test]
fn snapshot_the_default_lab_gives_the_trace_it_gave_before() {
    match &LabState::from_query("").outcome {
        Outcome::Ready(trace) => {
            assert_eq!(trace.hash(), 0x058c36fefc1758fe, "the default lab now gives another trace")
        }
        Outcome::Failed(message) => panic!("the default lab no longer runs: {message}"),
    }
}

#[test]
fn every_lesson_step_opens_in_the_lab_as_it_stands() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let lessons = load_folder(&content).unwrap_or_else(|problems| panic!("{problems:?}"));
    let mut checked = 0;
    for parsed in lessons {
        let lesson = parsed.lesson;
        for (index, step) in lesson.steps.iter().enumerate() {
            for spec in step.scenario_at_each_setting() {
                let titled = ScenarioSpec {
                    title: format!("{}, step {}", lesson.title, index + 1),
                    ..spec.clone()
                };
                let address = scenario_lab_address(&titled);
                assert_eq!(
                    lab_result(&address),
                    result(&run(&spec)),
                    "{} step {}: {address}",
                    lesson.slug,
                    index + 1
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} settings checked");
}

#[test]
fn each_compare_run_opens_in_the_lab_as_the_same_scenario() {
    for query in ["", "n=2&cpu=50&io=2ms", "py=3.8&n=3&native=40", "c=8&n=8&work=50ms&sm=spawn"] {
        let (params, _) = parse_compare(query);
        for compare_run in CompareState::new(params, Vec::new()).runs {
            if let Outcome::Ready(trace) = &compare_run.outcome {
                assert_eq!(
                    lab_result(&lab_address(&compare_run.params)),
                    Ok(trace.hash()),
                    "{query}: {:?}",
                    compare_run.variant
                );
            }
        }
    }
}
