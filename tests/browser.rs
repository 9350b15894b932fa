//! Runs in headless Chromium (scripts/test: `cargo test --target wasm32-unknown-unknown
//! --features web --test browser`): the simulator gives the same golden trace in WebAssembly as
//! natively, and the first page mounts, shows its metrics and timeline, and re-simulates when a
//! control changes.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gil_lab::sim::{simulate, Scenario, ScenarioSpec};
use gil_lab::web::metrics::cards;
use gil_lab::web::state::{convoy, run, Outcome};
use gil_lab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The same scenario and hash as tests/determinism.rs.
const GOLDEN: &str = include_str!("golden.toml");
const GOLDEN_HASH: u64 = 0x1cb8_61d4_1f5d_d06b;

#[wasm_bindgen_test]
fn the_golden_scenario_has_the_same_hash_in_the_browser() {
    let spec: ScenarioSpec = toml::from_str(GOLDEN).expect("golden.toml is valid TOML");
    let scenario = Scenario::from_spec(&spec).expect("golden.toml is a valid scenario");
    let trace = simulate(&scenario).expect("golden scenario simulates");
    assert_eq!(trace.hash(), GOLDEN_HASH, "the golden trace differs in WebAssembly: {:#x}", trace.hash());
}

/// Lets Yew's scheduler render until `done` holds, for at most five seconds.
async fn render_until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
}

fn mount_point() -> Element {
    let document = web_sys::window().and_then(|window| window.document()).expect("a document");
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    root
}

/// The metric cards on the page, as (label, value).
fn shown_cards(root: &Element) -> Vec<(String, String)> {
    let cards = root.query_selector_all(".metrics .card").expect("valid selector");
    let text = |card: &Element, selector: &str| {
        card.query_selector(selector).ok().flatten().and_then(|part| part.text_content()).unwrap_or_default()
    };
    (0..cards.length())
        .filter_map(|index| cards.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .map(|card| (text(&card, ".card-label"), text(&card, ".card-value")))
        .collect()
}

/// The cards the page should show for the convoy on this many cores.
fn expected_cards(cores: u32) -> Vec<(String, String)> {
    match run(&convoy(cores, "5ms")) {
        Outcome::Ready(trace) => cards(&trace).into_iter().map(|card| (card.label.to_string(), card.value)).collect(),
        Outcome::Failed(message) => panic!("the convoy scenario failed: {message}"),
    }
}

#[wasm_bindgen_test]
async fn the_first_page_shows_metrics_and_a_timeline_and_follows_its_controls() {
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    render_until(|| shown_cards(&root).len() == 6 && root.query_selector(".event-list li").ok().flatten().is_some()).await;

    let text = root.text_content().unwrap_or_default();
    for label in ["Wall time", "Speedup vs sequential", "CPU utilization", "GIL hand-offs", "Forced switches", "I/O resume latency p99"] {
        assert!(text.contains(label), "no {label} card in: {text}");
    }
    assert_eq!(shown_cards(&root), expected_cards(2));
    assert!(root.query_selector("svg.timeline-svg").unwrap().is_some(), "no timeline SVG");
    let spans = root.query_selector_all("svg.timeline-svg .span rect").unwrap().length();
    assert!(spans > 20, "only {spans} spans drawn");
    let lanes = root.query_selector_all("svg.timeline-svg .lane-name").unwrap().length();
    assert!(lanes >= 4, "only {lanes} lanes drawn");
    assert!(root.query_selector_all(".legend-item").unwrap().length() >= 3, "no legend");
    let events = root.query_selector_all(".event-list li").unwrap().length();
    assert_eq!(events, 50, "the log shows the first 50 events");
    assert!(text.contains("hog"), "the hog thread is not named");

    // Change the cores control as a person would: the reducer simulates again.
    let cores: HtmlSelectElement = root.query_selector("#cores").unwrap().expect("a cores control").dyn_into().unwrap();
    cores.set_value("1");
    let init = EventInit::new();
    init.set_bubbles(true);
    cores.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    let one_core = expected_cards(1);
    assert_ne!(one_core, expected_cards(2), "one core should change the convoy's metrics");
    render_until(|| shown_cards(&root) == one_core).await;
    assert_eq!(shown_cards(&root), one_core);

    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
fn a_bad_scenario_is_a_message_not_a_panic() {
    let mut spec = convoy(2, "5ms");
    spec.switch_interval = "0ms".into();
    match run(&spec) {
        Outcome::Failed(message) => assert!(message.contains("switch_interval"), "{message}"),
        Outcome::Ready(_) => panic!("a 0ms switch interval was accepted"),
    }
}
