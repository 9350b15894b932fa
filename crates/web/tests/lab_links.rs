//! Links into the lab open exactly the scenario they name: the quick-form URLs course pages
//! already use (each with the hash of the trace it gave before the sandbox arrived, recorded on
//! 2026-12-04 from main at b190880), every lesson step's "Open this scenario in the lab" at every
//! value of its controls, and each run of the compare view.

use std::path::Path;

use gil_lab_web::compare::runs::CompareState;
use gil_lab_web::lab::state::LabState;
use gil_lab_web::params::query::parse_compare;
use gil_lab_web::route::{lab_hash, scenario_lab_hash};
use gil_lab_web::run::{run, Outcome};
use gil_lessons::load::load_folder;
use gil_sim::ScenarioSpec;

/// What the lab shows for a hash `#/lab?…`: a trace's hash, or the message that replaces it.
fn lab_result(hash: &str) -> Result<u64, String> {
    let query = hash.strip_prefix("#/lab?").expect("a lab hash");
    result(&LabState::from_query(query).outcome)
}

fn result(outcome: &Outcome) -> Result<u64, String> {
    match outcome {
        Outcome::Ready(trace) => Ok(trace.hash()),
        Outcome::Failed(message) => Err(message.clone()),
    }
}

const QUICK_FORM_LINKS: [(&str, u64); 12] = [
    ("", 0x058c36fefc1758fe),
    ("c=2&py=3.12&si=5ms&t=2&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1", 0x058c36fefc1758fe),
    ("c=4&py=3.12&si=5ms&t=4&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1", 0xe48035d5af4a2472),
    ("c=2&py=3.9&si=1ms&t=3&p=0&a=0&i=0&cpu=50&work=200ms&io=1ms&native=0&sm=fork&seed=1", 0xf8fa00bd152ea2a0),
    ("c=4&py=3.14&si=5ms&t=1&p=2&a=3&i=1&cpu=60&work=50ms&io=2ms&native=30&sm=spawn&seed=7", 0x5dc741c0e184b73b),
    ("c=8&py=3.14t&si=5ms&t=8&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1", 0xbb0055758d3041fb),
    ("c=2&py=2.7&si=5ms&t=2&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1", 0xa308f7b63aff2f77),
    ("c=1&py=3.8&si=100us&t=0&p=0&a=16&i=0&cpu=10&work=20ms&io=500us&native=50&sm=fork&seed=3", 0x5facad8ec034b1e3),
    ("c=4&py=3.12&si=5ms&t=0&p=4&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=forkserver&seed=1", 0x59f07eb82dd1176a),
    ("t=2&cpu=70&native=40", 0x0cb18490b5ecea11),
    ("py=3.13&i=3&t=0&work=20ms", 0x7c985811ae23d3f0),
    ("c=99&t=1&si=fast&embed=1", 0x17cc5718e1928140),
];

#[test]
fn every_quick_form_link_gives_the_trace_it_gave_before() {
    for (query, expected) in QUICK_FORM_LINKS {
        let state = LabState::from_query(query);
        match &state.outcome {
            Outcome::Ready(trace) => assert_eq!(trace.hash(), expected, "#/lab?{query} now gives another trace"),
            Outcome::Failed(message) => panic!("#/lab?{query} no longer runs: {message}"),
        }
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
                let titled = ScenarioSpec { title: format!("{}, step {}", lesson.title, index + 1), ..spec.clone() };
                let hash = scenario_lab_hash(&titled);
                assert_eq!(lab_result(&hash), result(&run(&spec)), "{} step {}: {hash}", lesson.slug, index + 1);
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
                assert_eq!(lab_result(&lab_hash(&compare_run.params)), Ok(trace.hash()), "{query}: {:?}", compare_run.variant);
            }
        }
    }
}
