//! Runs in headless Chromium (scripts/test: `cargo test --target wasm32-unknown-unknown
//! -p gil-lab-web --test browser`): the simulator gives the same golden trace in WebAssembly as
//! natively, and the app follows its hash routes: the lab reads its settings from the URL (with
//! notices for garbled ones), re-simulates and rewrites the URL when a control changes, and shows
//! why an impossible scenario cannot run.
//!
//! Every test runs in the same page, one after another. Whatever a test changes in it (an app
//! mounted, the address, a listener on the window, localStorage) is undone by a guard ([`Undo`])
//! when the guard is dropped — or, when the test fails first, by the panic hook: a panic on wasm32
//! aborts without unwinding, so no destructor runs then, and the next tests would inherit the change.

#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::panic::PanicHookInfo;
use std::rc::Rc;
use std::time::Duration;

use gil_lab_web::lab::state::LabState;
use gil_lab_web::metric_cards::cards;
use gil_lab_web::run::Outcome;
use gil_lab_web::App;
use gil_python::scenario_fingerprint;
use gil_sim::time::format_duration;
use gil_sim::{simulate, Scenario, ScenarioSpec};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, Element, Event, EventInit, HtmlCanvasElement, HtmlElement,
    HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, MutationObserver,
    MutationObserverInit,
};

wasm_bindgen_test_configure!(run_in_browser);

/// The same scenario and hash as tests/determinism.rs.
const GOLDEN: &str = include_str!("../../sim/tests/golden.toml");
const GOLDEN_HASH: u64 = 0xd0fe_546b_1460_8233;

#[wasm_bindgen_test]
fn snapshot_the_golden_scenario_has_the_same_hash_in_the_browser() {
    let spec: ScenarioSpec = toml::from_str(GOLDEN).expect("golden.toml is valid TOML");
    let scenario = Scenario::from_spec(&spec).expect("golden.toml is a valid scenario");
    let trace = simulate(&scenario).expect("golden scenario simulates");
    assert_eq!(
        trace.hash(),
        GOLDEN_HASH,
        "the golden trace differs in WebAssembly: {:#x}",
        trace.hash()
    );
}

// ==== Undoing what a test changed in the page the tests share ====

type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Send + Sync>;

/// A guard's number and what it undoes.
type Pending = Vec<(u64, Box<dyn FnOnce()>)>;

thread_local! {
    /// What the live guards will undo, by guard number, in the order they were made.
    static PENDING: RefCell<Pending> = const { RefCell::new(Vec::new()) };
    static GUARDS_MADE: Cell<u64> = const { Cell::new(0) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
    /// The hook for the next panic instead of the test harness's: a panic a test makes on purpose.
    static DELIBERATE: RefCell<Option<PanicHook>> = const { RefCell::new(None) };
}

/// Undoes one change to the page when dropped, or from the panic hook if the test fails first.
#[must_use = "the change is undone as soon as the guard is dropped"]
struct Undo(u64);

impl Undo {
    fn new(undo: impl FnOnce() + 'static) -> Undo {
        undo_on_panic();
        let number = GUARDS_MADE.with(|made| made.replace(made.get() + 1));
        PENDING.with(|pending| pending.borrow_mut().push((number, Box::new(undo))));
        Undo(number)
    }
}

impl Drop for Undo {
    fn drop(&mut self) {
        let undo = PENDING.with(|pending| {
            let mut pending = pending.borrow_mut();
            let index = pending.iter().position(|(number, _)| *number == self.0)?;
            Some(pending.remove(index).1)
        });
        if let Some(undo) = undo {
            undo();
        }
    }
}

/// Runs, latest first, what the guards of a test that panicked would have undone.
fn undo_everything() {
    let pending = PENDING.with(|pending| {
        pending
            .try_borrow_mut()
            .map(|mut pending| std::mem::take(&mut *pending))
            .unwrap_or_default()
    });
    for (_, undo) in pending.into_iter().rev() {
        undo();
    }
}

/// Puts a hook in front of the test harness's, once: it lets the harness record the failure, then
/// undoes what the failed test's guards held. Registered through Yew, or the first app rendered
/// would replace it with Yew's own. Must come before any test renders an app; once a panic has
/// happened the hook cannot be changed any more (std refuses while the page is still "panicking",
/// which on wasm32 it is for good), and then only dropped guards undo.
fn undo_on_panic() {
    if HOOKED.get() || std::thread::panicking() {
        return;
    }
    HOOKED.set(true);
    let harness = std::panic::take_hook();
    yew::set_custom_panic_hook(Box::new(move |info| {
        if let Some(instead) = DELIBERATE.with(|slot| slot.borrow_mut().take()) {
            instead(info);
            return;
        }
        harness(info);
        undo_everything();
    }));
}

/// How long [`render_until!`] lets the page render before it gives up.
const RENDER_PATIENCE: Duration = Duration::from_secs(5);
const RENDER_POLL: Duration = Duration::from_millis(20);

/// `render_until!(condition).await` lets Yew's scheduler render until the condition holds, then
/// until it has nothing left to do. What a render shows can come before the effects that follow it
/// (Yew yields to the browser when rendering takes long): a test that moves on at once would race
/// them. A condition that does not hold within [`RENDER_PATIENCE`] fails the test there, naming
/// itself, its line and the time waited, rather than at a later assertion about a page half drawn.
macro_rules! render_until {
    ($condition:expr) => {
        crate::render_until_named(
            concat!("`", stringify!($condition), "` (browser.rs, line ", line!(), ")"),
            || $condition,
        )
    };
}

async fn render_until_named(condition: &str, done: impl Fn() -> bool) {
    let started = js_sys::Date::now();
    for _ in 0..RENDER_PATIENCE.as_millis() / RENDER_POLL.as_millis() {
        if done() {
            yew::scheduler::flush().await;
            return;
        }
        yew::platform::time::sleep(RENDER_POLL).await;
    }
    let waited = format_duration((js_sys::Date::now() - started) as u64 * 1_000_000);
    panic!(
        "render_until! gave up after {waited} ({} allowed): {condition} never held",
        format_duration(RENDER_PATIENCE.as_nanos() as u64)
    );
}

/// Waits for the browser's next animation frame.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        window().request_animation_frame(&resolve).expect("requestAnimationFrame");
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.expect("the frame came");
}

/// Records every change to an element's subtree: its nodes, attributes and texts.
struct Mutations {
    observer: MutationObserver,
    seen: Rc<RefCell<Vec<String>>>,
    _callback: Closure<dyn Fn(js_sys::Array)>,
}

impl Mutations {
    fn watch(root: &Element) -> Mutations {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let callback = {
            let seen = seen.clone();
            Closure::<dyn Fn(js_sys::Array)>::new(move |records: js_sys::Array| {
                seen.borrow_mut().extend(describe_mutations(&records))
            })
        };
        let observer =
            MutationObserver::new(callback.as_ref().unchecked_ref()).expect("a MutationObserver");
        let options = MutationObserverInit::new();
        options.set_subtree(true);
        options.set_child_list(true);
        options.set_attributes(true);
        options.set_character_data(true);
        observer.observe_with_options(root, &options).expect("observed");
        Mutations { observer, seen, _callback: callback }
    }

    /// Every change since `watch`, once the page has done all it does in response to what
    /// happened before this call: three animation frames (a playing timeline moves at every one,
    /// and the browser dispatches the events it had queued before drawing them), then whatever
    /// Yew still has to render.
    async fn once_settled(self) -> Vec<String> {
        for _ in 0..3 {
            next_frame().await;
        }
        yew::scheduler::flush().await;
        self.seen.borrow_mut().extend(describe_mutations(&self.observer.take_records()));
        self.observer.disconnect();
        self.seen.take()
    }
}

fn describe_mutations(records: &js_sys::Array) -> Vec<String> {
    records
        .iter()
        .map(|record| {
            let record: web_sys::MutationRecord = record.unchecked_into();
            let target = record.target().and_then(|node| node.dyn_into::<Element>().ok());
            let target = target
                .map(|element| element.outer_html().chars().take(80).collect())
                .unwrap_or_else(|| "a text".to_string());
            format!(
                "{} {} on {target}",
                record.type_(),
                record.attribute_name().unwrap_or_default()
            )
        })
        .collect()
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

thread_local! {
    /// The test page's own folder, which the tests take for the app's base.
    static BASE: String = {
        let href = window().location().href().expect("an address");
        let document = href.split(['?', '#']).next().unwrap_or_default().to_string();
        document[..=document.rfind('/').expect("a path")].to_string()
    };
}

fn base() -> String {
    BASE.with(Clone::clone)
}

/// Puts the location at `address` (from the base) without an event, with the `gil-lab-base` meta
/// the build writes into that address's page, as a page opened at that URL would have them.
fn open_at(address: &str) {
    let document = window().document().expect("a document");
    let meta = match document.query_selector("meta[name='gil-lab-base']").unwrap() {
        Some(meta) => meta,
        None => {
            let meta = document.create_element("meta").expect("a meta");
            meta.set_attribute("name", "gil-lab-base").unwrap();
            document.head().expect("a head").append_child(&meta).unwrap();
            meta
        }
    };
    meta.set_attribute("content", &gil_link::address::up_to_base(address)).unwrap();
    window()
        .history()
        .expect("history")
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{}{address}", base())))
        .expect("replaceState");
}

/// The address the location shows, from the base.
fn address() -> String {
    let href = window().location().href().unwrap_or_default();
    href.strip_prefix(&base()).unwrap_or(&href).to_string()
}

/// Where a link leads, as an address from the base (its href is relative to the page it is on).
fn link_address(link: &Element) -> String {
    let href = link.get_attribute("href").unwrap_or_default();
    let url = web_sys::Url::new_with_base(&href, &window().location().href().unwrap()).unwrap();
    url.href().strip_prefix(&base()).unwrap_or(&url.href()).to_string()
}

/// Moves to `address` as Back or Forward would: a history entry, then `popstate`.
fn move_to(address: &str) {
    let url = format!("{}{address}", base());
    window().history().unwrap().push_state_with_url(&JsValue::NULL, "", Some(&url)).unwrap();
    window().dispatch_event(&web_sys::Event::new("popstate").unwrap()).unwrap();
}

/// An app or a component mounted into an element of its own at the end of the body; dropping it
/// unmounts it, removes the element and gives the page back the address it had.
#[must_use = "the app is unmounted as soon as it is dropped"]
struct Mounted {
    _unmount: Undo,
}

fn mount_with<C: yew::BaseComponent>(
    render: impl FnOnce(Element) -> yew::AppHandle<C>,
) -> (Mounted, Element) {
    undo_on_panic();
    let opened_at = address();
    let document = window().document().expect("a document");
    let root = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&root).expect("appended");
    let handle = render(root.clone());
    let removed = root.clone();
    let mounted = Undo::new(move || {
        handle.destroy();
        removed.remove();
        open_at(&opened_at);
    });
    (Mounted { _unmount: mounted }, root)
}

/// Mounts the app at `address` into a new element.
fn mount(address: &str) -> (Mounted, Element) {
    mount_with(|root| {
        open_at(address);
        yew::Renderer::<App>::with_root(root).render()
    })
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

fn all_text(root: &Element, selector: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).expect("valid selector");
    (0..found.length())
        .filter_map(|index| found.item(index))
        .map(|node| node.text_content().unwrap_or_default())
        .collect()
}

/// The metric cards on the page, as (label, value).
fn shown_cards(root: &Element) -> Vec<(String, String)> {
    let labels = all_text(root, ".metrics .card .card-label");
    let values = all_text(root, ".metrics .card .card-value");
    labels.into_iter().zip(values).collect()
}

/// The cards the lab should show for a query string.
fn expected_cards(query: &str) -> Vec<(String, String)> {
    match LabState::from_query(query).outcome {
        Outcome::Ready(trace) => {
            cards(&trace).into_iter().map(|card| (card.label.to_string(), card.value)).collect()
        }
        Outcome::Failed(message) => panic!("{query} failed: {message}"),
    }
}

/// Changes a control as a person would: its value, then the event the page listens to.
fn change(root: &Element, selector: &str, value: &str, event: &str) {
    let control = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    control.dispatch_event(&Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

fn value_of(root: &Element, selector: &str) -> String {
    let control = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    match (control.dyn_ref::<HtmlInputElement>(), control.dyn_ref::<HtmlSelectElement>()) {
        (Some(input), _) => input.value(),
        (_, Some(select)) => select.value(),
        _ => panic!("{selector} is not a control"),
    }
}

#[wasm_bindgen_test]
async fn a_control_change_updates_the_metrics_and_the_url() {
    let (app, root) = mount("lab/?c=2&t=2&cpu=50&work=50ms");
    let two_cores = expected_cards("c=2&t=2&cpu=50&work=50ms");
    render_until!(shown_cards(&root) == two_cores).await;
    assert_eq!(shown_cards(&root), two_cores);
    for label in [
        "Wall time",
        "Speedup vs sequential",
        "CPU utilization",
        "GIL hand-offs",
        "I/O resume latency p99",
    ] {
        assert!(two_cores.iter().any(|(shown, _)| shown == label), "no {label} card");
    }
    assert!(root.query_selector("svg.timeline-svg").unwrap().is_some(), "no timeline");
    assert!(
        text_of(&root, ".python-code").contains("threading.Thread(target=timed"),
        "no Python program"
    );
    let program = root.query_selector(".python-code").unwrap().expect("the program");
    assert_eq!(
        program.get_attribute("tabindex").as_deref(),
        Some("0"),
        "a keyboard cannot scroll the program"
    );
    // The URL is rewritten with every setting.
    render_until!(address().contains("&seed=")).await;
    assert!(address().starts_with("lab/?c=2&py=3.12&si=5ms&t=2&"), "{}", address());

    change(&root, "#cores", "1", "input");
    let one_core = expected_cards("c=1&t=2&cpu=50&work=50ms");
    assert_ne!(one_core, two_cores, "one core should change the metrics");
    render_until!(shown_cards(&root) == one_core).await;
    assert_eq!(shown_cards(&root), one_core);
    // Each card that changed shows its value before the change beside the new one.
    let befores = all_text(&root, ".metrics .card .card-before");
    let changed: Vec<String> = two_cores
        .iter()
        .zip(&one_core)
        .filter(|(old, new)| old.1 != new.1)
        .map(|(old, _)| format!("{} → ", old.1))
        .collect();
    assert!(!changed.is_empty());
    assert_eq!(befores, changed);
    // Every card's name is defined, for hover and for focus.
    let labels = root.query_selector_all(".metrics .card-label").unwrap();
    for index in 0..labels.length() {
        let label: Element = labels.item(index).unwrap().dyn_into().unwrap();
        let described =
            label.get_attribute("aria-describedby").expect("a card's name is described");
        assert_eq!(
            label.get_attribute("tabindex").as_deref(),
            Some("0"),
            "a definition is out of a keyboard's reach"
        );
        let definition = root
            .query_selector(&format!("#{described}"))
            .unwrap()
            .expect("the definition is on the page");
        assert!(definition.text_content().unwrap_or_default().len() > 20, "{described}");
    }
    render_until!(address().starts_with("lab/?c=1&")).await;
    assert!(address().starts_with("lab/?c=1&"), "{}", address());

    change(&root, "#python", "3.14t", "change");
    render_until!(address().contains("py=3.14t")).await;
    assert!(address().contains("py=3.14t"), "{}", address());
    assert_eq!(shown_cards(&root), expected_cards("c=1&py=3.14t&t=2&cpu=50&work=50ms"));

    // Following a link to the settings the page was opened with brings them back.
    move_to("lab/?c=2&t=2&cpu=50&work=50ms");
    render_until!(shown_cards(&root) == two_cores).await;
    assert_eq!(shown_cards(&root), two_cores);
    assert_eq!(value_of(&root, "#cores"), "2");
    render_until!(address().starts_with("lab/?c=2&py=3.12&")).await;
    assert!(address().starts_with("lab/?c=2&py=3.12&"), "{}", address());
    drop(app);
}

fn click(root: &Element, selector: &str) {
    let element = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    element.dyn_ref::<HtmlElement>().expect("an HTML element").click();
}

fn present(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

/// Types into a program editor as a person would: the text, then the input event, focus kept.
fn type_program(root: &Element, selector: &str, text: &str) {
    let area = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    area.dyn_ref::<HtmlTextAreaElement>().expect("a text area").set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}

fn io_latency_card(cards: &[(String, String)]) -> String {
    cards
        .iter()
        .find(|(label, _)| label == "I/O resume latency p99")
        .map(|(_, value)| value.clone())
        .expect("an I/O latency card")
}

/// The p99 I/O resume latency the lab computes for a query, in nanoseconds.
fn io_p99(query: &str) -> u64 {
    LabState::from_query(query).outcome.trace().expect("runs").metrics.io_resume.p99
}

#[wasm_bindgen_test]
async fn the_convoy_built_in_the_sandbox_waits_one_switch_interval_per_read() {
    let (app, root) = mount("lab/?t=1&cpu=100&work=200ms&si=5ms");
    render_until!(present(&root, "[data-testid=write-programs]")).await;
    click(&root, "[data-testid=write-programs]");
    render_until!(present(&root, "[data-testid=add-group]")).await;
    click(&root, "[data-testid=add-group]");
    render_until!(present(&root, "#group-2-preset")).await;
    change(&root, "#group-2-preset", "1", "change");
    render_until!(value_of_area(&root, "#group-2-program").starts_with("# a request")).await;

    // Half-typed, the program is marked and the timeline keeps the last run, marked as not current.
    type_program(&root, "#group-2-program", "repeat 50 { io 1ms; cpu 2");
    render_until!(present(&root, "#group-2-program-error")).await;
    let area = root.query_selector("#group-2-program").unwrap().expect("the editor");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(area.get_attribute("aria-describedby").as_deref(), Some("group-2-program-error"));
    assert!(
        text_of(&root, "#group-2-program-error p").starts_with("line 1, column 25: "),
        "{}",
        text_of(&root, "#group-2-program-error")
    );
    assert!(present(&root, ".stale-note"), "the timeline is not marked as older than the program");

    type_program(&root, "#group-2-program", "repeat 50 { io 1ms; cpu 20us }");
    let convoy = "v=2&py=3.12&c=2&si=5ms&seed=1&wake=fifo&w=thread:cpu+200ms&w=thread:repeat+50+%7B+io+1ms;+cpu+20us+%7D";
    let at_5ms = expected_cards(convoy);
    render_until!(shown_cards(&root) == at_5ms).await;
    assert_eq!(shown_cards(&root), at_5ms);
    assert!(!present(&root, ".stale-note") && !present(&root, "#group-2-program-error"));
    render_until!(address() == format!("lab/?{convoy}")).await;
    assert_eq!(address(), format!("lab/?{convoy}"));
    // The model's convoy: every read waits out about one switch interval behind the CPU-bound thread.
    let p99 = io_p99(convoy);
    assert!((4_500_000..=5_500_000).contains(&p99), "p99 {p99} ns at 5 ms");

    change(&root, "#switch-interval", "1ms", "change");
    let at_1ms = expected_cards(&convoy.replace("si=5ms", "si=1ms"));
    render_until!(shown_cards(&root) == at_1ms).await;
    assert_eq!(shown_cards(&root), at_1ms);
    assert_ne!(io_latency_card(&at_1ms), io_latency_card(&at_5ms));
    let p99 = io_p99(&convoy.replace("si=5ms", "si=1ms"));
    assert!((900_000..=1_200_000).contains(&p99), "p99 {p99} ns at 1 ms");
    drop(app);
}

fn value_of_area(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|area| area.dyn_ref::<HtmlTextAreaElement>().map(|area| area.value()))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_garbled_url_gives_notices_and_defaults() {
    let (app, root) = mount("lab/?c=99&py=banana&t=lots&si=fast&zzz=1");
    render_until!(!all_text(&root, ".notices li").is_empty() && !shown_cards(&root).is_empty())
        .await;
    let notices = all_text(&root, ".notices li");
    assert_eq!(notices.len(), 5, "{notices:?}");
    assert_eq!(notices[0], "c=99 is more than 16 cores; using 16");
    for expected in ["py='banana'", "t='lots'", "si='fast'", "'zzz' is not a lab setting"] {
        assert!(
            notices.iter().any(|notice| notice.contains(expected)),
            "no notice with {expected}: {notices:?}"
        );
    }
    assert_eq!(value_of(&root, "#cores"), "16");
    assert_eq!(value_of(&root, "#python"), "3.12");
    assert_eq!(value_of(&root, "#threads"), "2");
    assert_eq!(value_of(&root, "#switch-interval"), "5ms");
    render_until!(address().starts_with("lab/?c=16&py=3.12&si=5ms&t=2&")).await;
    assert!(
        address().starts_with("lab/?c=16&py=3.12&si=5ms&t=2&"),
        "the URL is not cleaned: {}",
        address()
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn an_impossible_scenario_shows_why_where_the_timeline_would_be() {
    let (app, root) = mount("lab/?py=2.7&a=2&t=0");
    render_until!(!text_of(&root, ".lab-error").is_empty()).await;
    let message = text_of(&root, ".lab-error");
    assert!(message.contains("asyncio tasks need Python 3.5 or later"), "{message}");
    assert!(
        root.query_selector("svg.timeline-svg").unwrap().is_none(),
        "a timeline for an impossible scenario"
    );
    assert!(shown_cards(&root).is_empty());

    // Choosing a Python that has asyncio makes it possible.
    change(&root, "#python", "3.12", "change");
    render_until!(!shown_cards(&root).is_empty()).await;
    assert_eq!(
        shown_cards(&root),
        expected_cards("py=3.12&a=2&t=0"),
        "{} {} {}",
        address(),
        value_of(&root, "#python"),
        text_of(&root, ".lab-error")
    );
    assert!(text_of(&root, ".lab-error").is_empty());
    drop(app);
}

/// The event list of a run with thousands of events numbers them in full: its left padding, where
/// an `<ol>`'s markers sit, is wider than "99999." in the list's own font, with the page's styles.
#[wasm_bindgen_test]
async fn the_event_lists_numbers_have_room_for_five_digits() {
    let document = window().document().unwrap();
    let styles = document.create_element("style").unwrap();
    styles.set_text_content(Some(include_str!("../../../styles/main.css")));
    document.head().unwrap().append_child(&styles).unwrap();
    let _styles_removed = Undo::new(move || styles.remove());
    let (app, root) = mount("lab/?c=2&py=3.12&si=100us&t=2&work=100ms&cpu=100");
    render_until!(present(&root, ".narration-list li")).await;
    let list = root.query_selector(".narration-list").unwrap().expect("the event list");
    let style = window().get_computed_style(&list).unwrap().expect("its style");
    let padding = style.get_property_value("padding-left").unwrap();
    let padding: f64 = padding.trim_end_matches("px").parse().expect("a length in px");
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().expect("a 2D context").dyn_into().unwrap();
    context.set_font(&style.get_property_value("font").unwrap());
    let marker = context.measure_text("99999. ").unwrap().width();
    assert!(padding >= marker, "{padding} px of padding for markers {marker} px wide");
    drop(app);
}

/// Every event can be read: the list shows the last few, and "Show earlier" adds a page of earlier
/// ones at a time, numbered on from the first shown.
#[wasm_bindgen_test]
async fn the_event_list_shows_earlier_events_when_asked() {
    use gil_lab_web::timeline::narration::{EARLIER_PAGE, NARRATION_WINDOW};
    let (app, root) = mount("lab/?c=2&py=3.12&si=100us&t=2&work=100ms&cpu=100");
    render_until!(present(&root, ".show-earlier")).await;
    let items = || root.query_selector_all(".narration-list li").unwrap().length() as usize;
    assert_eq!(items(), NARRATION_WINDOW);
    let unlisted = |text: String| -> usize {
        text.split(' ').next().and_then(|count| count.parse().ok()).expect("a count of events")
    };
    let before = unlisted(text_of(&root, ".narration-more"));
    click(&root, ".show-earlier");
    render_until!(items() == NARRATION_WINDOW + EARLIER_PAGE).await;
    assert_eq!(unlisted(text_of(&root, ".narration-more")), before - EARLIER_PAGE);
    let list = root.query_selector(".narration-list").unwrap().expect("the event list");
    let start: usize = list.get_attribute("start").unwrap_or_default().parse().unwrap();
    assert_eq!(start, before - EARLIER_PAGE + 1, "the list numbers on from the first event shown");
    drop(app);
}

#[wasm_bindgen_test]
async fn share_and_embed_give_the_labs_url() {
    let (app, root) = mount("lab/?c=4&t=3");
    render_until!(!shown_cards(&root).is_empty()).await;
    let click = |selector: &str| {
        let buttons = root.query_selector_all(selector).unwrap();
        let button = (0..buttons.length())
            .filter_map(|index| buttons.item(index))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
            .next()
            .unwrap_or_else(|| panic!("no {selector}"));
        button.click();
    };
    assert!(text_of(&root, ".share-link").ends_with(
        "lab/?c=4&py=3.12&si=5ms&t=3&p=0&a=0&i=0&cpu=100&work=100ms&io=1ms&native=0&sm=fork&seed=1"
    ));
    click(".share-buttons button:first-child");
    render_until!(!text_of(&root, ".share .share-status").is_empty()).await;
    assert!(!text_of(&root, ".share .share-status").is_empty(), "Share says nothing");
    click(".share-buttons button:nth-child(2)");
    render_until!(!text_of(&root, ".embed code").is_empty()).await;
    let snippet = text_of(&root, ".embed code");
    assert!(snippet.starts_with("<iframe src=\"http"), "{snippet}");
    assert!(
        snippet.contains("lab/?c=4&amp;py=3.12")
            && snippet.contains("&amp;seed=1&amp;embed=1\"")
            && snippet.contains("loading=\"lazy\"")
            && snippet.contains("width=\"100%\"")
            && snippet.contains("title=\"GIL Lab: 3 threads")
            && snippet.contains("embed.js\" defer></script>"),
        "{snippet}"
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn routes_follow_the_address() {
    let (app, root) = mount("#/nowhere");
    render_until!(!text_of(&root, ".notice").is_empty()).await;
    assert_eq!(text_of(&root, ".notice"), "There is no page at #/nowhere; here is the home page.");
    assert!(text_of(&root, "main h1").contains("GIL Lab"));

    // Moving to the lab, as Back or Forward would.
    move_to("lab/?c=3&t=1");
    render_until!(!shown_cards(&root).is_empty()).await;
    assert_eq!(value_of(&root, "#cores"), "3");
    assert_eq!(shown_cards(&root), expected_cards("c=3&t=1"));

    move_to("./");
    render_until!(root.query_selector(".home").unwrap().is_some()).await;
    assert!(root.query_selector(".notice").unwrap().is_none());
    assert!(
        root.query_selector(".home a[href^='lab/?']").unwrap().is_some(),
        "no link into the lab"
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn embed_mode_hides_the_navigation_keeps_the_controls_and_links_out() {
    let (app, root) = mount("lab/?c=2&t=1&embed=1");
    render_until!(!shown_cards(&root).is_empty()).await;
    assert!(
        root.query_selector(".site-nav").unwrap().is_none(),
        "embed mode shows the site navigation"
    );
    assert!(
        root.query_selector("#cores").unwrap().is_some(),
        "embed mode hides the lab's controls"
    );
    assert!(
        root.query_selector(".notices").unwrap().is_none(),
        "embed=1 gave a notice: {}",
        text_of(&root, ".notices")
    );
    let link = root.query_selector(".embed-open a").unwrap().expect("an Open in GIL Lab link");
    assert_eq!(link.text_content().unwrap_or_default(), "Open in GIL Lab ↗");
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener"));
    let href = link.get_attribute("href").unwrap_or_default();
    assert_eq!(href, format!("{}lab/?c=2&t=1", base()), "not the whole URL without embed mode");
    // The lab writes its settings into the address and keeps embed mode there.
    render_until!(address().contains("seed=")).await;
    assert!(
        address().starts_with("lab/?c=2&py=3.12") && address().ends_with("&embed=1"),
        "{}",
        address()
    );
    drop(app);

    let (app, root) = mount("./?embed=1");
    render_until!(root.query_selector(".home").unwrap().is_some()).await;
    assert!(root.query_selector(".site-nav").unwrap().is_none());
    assert!(root.query_selector(".notice").unwrap().is_none(), "{}", text_of(&root, ".notice"));
    assert_eq!(
        root.query_selector(".embed-open a").unwrap().and_then(|link| link.get_attribute("href")),
        Some(base()),
        "Open in GIL Lab opens the home page"
    );
    // A link inside the frame keeps embed mode.
    let into_lab: web_sys::HtmlElement = root
        .query_selector(".home a[href^='lab/?']")
        .unwrap()
        .expect("a link into the lab")
        .dyn_into()
        .unwrap();
    into_lab.click();
    render_until!(!shown_cards(&root).is_empty()).await;
    assert!(address().starts_with("lab/?") && address().ends_with("&embed=1"), "{}", address());
    assert!(
        root.query_selector(".site-nav").unwrap().is_none(),
        "following a link left embed mode"
    );
    drop(app);
}

/// The height messages the page receives, as (key, value, height): `("type", "gil-lab:resize", 321.0)`.
type HeightMessages = Rc<RefCell<Vec<(String, String, f64)>>>;

/// Keeps every height message the window receives, until dropped.
fn receive_height_messages() -> (HeightMessages, Undo) {
    let received = HeightMessages::default();
    let listener = {
        let received = received.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
            let height = field("height").and_then(|value| value.as_f64()).unwrap_or(f64::NAN);
            for (key, expected) in [("type", "gil-lab:resize"), ("subject", "lti.frameResize")] {
                if let Some(value) =
                    field(key).and_then(|value| value.as_string()).filter(|value| value == expected)
                {
                    received.borrow_mut().push((key.to_string(), value, height));
                }
            }
        })
    };
    window()
        .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
        .unwrap();
    let removed = Undo::new(move || {
        let _ = window()
            .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    });
    (received, removed)
}

/// Both forms of the height message, as embed mode posts them.
fn height_messages(height: f64) -> Vec<(String, String, f64)> {
    vec![
        ("type".to_string(), "gil-lab:resize".to_string(), height),
        ("subject".to_string(), "lti.frameResize".to_string(), height),
    ]
}

#[wasm_bindgen_test]
async fn embed_mode_posts_its_height_whenever_its_content_resizes() {
    let (received, _listening) = receive_height_messages();
    let (app, root) = mount("./?embed=1");
    render_until!(root.query_selector(".home").unwrap().is_some()).await;
    let content = root.query_selector(".embedded").unwrap().expect("the embed frame");
    // Where the content ends, in CSS pixels from the top of the document, as the parent needs it.
    let bottom =
        || (content.get_bounding_client_rect().bottom() + window().scroll_y().unwrap()).ceil();
    let posted = |height: f64| received.borrow().ends_with(&height_messages(height));
    let first = bottom();
    render_until!(posted(first)).await;
    assert!(posted(first), "{:?} does not end with the height {first}", received.borrow());

    let before = received.borrow().len();
    let taller = content.get_bounding_client_rect().height() + 500.0;
    content.set_attribute("style", &format!("min-height: {taller}px")).unwrap();
    let grown = bottom();
    assert!(grown >= first + 500.0, "the content did not grow: {first} → {grown}");
    render_until!(posted(grown)).await;
    assert_eq!(
        received.borrow()[before..],
        height_messages(grown),
        "the messages once the content grew"
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn the_lab_draws_its_timeline_in_a_task_after_its_first_paint() {
    let (app, root) = mount("lab/");
    yew::scheduler::flush().await;
    assert!(present(&root, ".lab-controls"), "the first render is on the page");
    assert!(
        present(&root, ".lab-results [aria-busy='true']") && !present(&root, "svg.timeline-svg"),
        "the timeline waits for the first paint, its place marked busy"
    );
    next_frame().await;
    render_until!(present(&root, "svg.timeline-svg")).await;
    assert!(!present(&root, "[aria-busy='true']"), "nothing is busy once the timeline is drawn");
    drop(app);
}

#[wasm_bindgen_test]
async fn the_lab_refuses_a_scenario_past_its_cap_naming_the_limit() {
    let (app, root) = mount("lab/?si=100us&work=2s&t=1");
    render_until!(!text_of(&root, ".lab-error").is_empty()).await;
    let message = text_of(&root, ".lab-error");
    assert!(
        message.contains("more than 10,000 switch intervals (10,000 × 100 µs = 1.00 s)"),
        "{message}"
    );
    assert!(
        root.query_selector(".timeline").unwrap().is_none(),
        "a refused scenario still has a timeline"
    );
    drop(app);
}

/// A result line the program of `query`'s scenario could print, run with Python 3.11 on two cores.
fn result_line(query: &str) -> String {
    let result = serde_json::json!({
        "cores": 2, "finish_ms": { "T1": 20.25, "T2": 30.0 }, "format": 1, "gil": true, "implementation": "CPython",
        "io_resume_ms": [0.05, 0.07, 5.1], "python": "3.11.4", "scenario": scenario_fingerprint(&LabState::from_query(query).spec),
        "wall_ms": 30.5
    });
    format!("GIL-LAB-RESULT {result}")
}

#[wasm_bindgen_test]
async fn a_pasted_result_is_set_beside_the_simulation_and_garbage_gets_a_message() {
    let query = "v=2&py=3.12&c=2&si=5ms&seed=0&wake=fifo&w=thread,n=2:cpu+10ms;+io+1ms";
    let (app, root) = mount(&format!("lab/?{query}"));
    render_until!(present(&root, "#real-result") && present(&root, "svg.timeline-svg")).await;
    assert!(
        !present(&root, ".real-result-table") && !present(&root, ".lane-mark"),
        "nothing pasted, nothing shown"
    );

    // The whole output pasted: the line is found in it.
    type_program(&root, "#real-result", &format!("wall time: 0.031 s\n{}\n", result_line(query)));
    render_until!(present(&root, ".real-result-table")).await;
    let measures = all_text(&root, ".real-result-table tbody th");
    assert_eq!(
        measures,
        [
            "Wall time",
            "T1 finished",
            "T2 finished",
            "I/O resume latency p50",
            "I/O resume latency p99"
        ]
    );
    let trace = LabState::from_query(query).outcome.trace().cloned().expect("the scenario runs");
    let cells = all_text(&root, ".real-result-table tbody td");
    assert_eq!(cells[0], format_duration(trace.metrics.makespan), "the simulated wall time");
    assert_eq!(cells[1], "30.5 ms", "the real wall time");
    assert!(cells[2].ends_with('×'), "the ratio: {cells:?}");
    let differences = text_of(&root, ".real-result-differences");
    assert!(
        differences.contains("You ran Python 3.11; the simulation is of Python 3.12."),
        "{differences}"
    );
    render_until!(all_text(&root, "svg.timeline-svg .lane-mark title").len() == 2).await;
    assert_eq!(
        all_text(&root, "svg.timeline-svg .lane-mark title"),
        ["T1 finished at 20.3 ms on your machine", "T2 finished at 30.0 ms on your machine"]
    );
    assert!(
        !address().contains("GIL"),
        "the pasted text is not part of the address: {}",
        address()
    );

    // A line cut short: a message in words, the table and the marks gone.
    type_program(&root, "#real-result", "GIL-LAB-RESULT {\"format\": 1, \"scen");
    render_until!(present(&root, "#real-result-problem")).await;
    let problem = text_of(&root, "#real-result-problem");
    assert!(problem.starts_with("The GIL-LAB-RESULT line is not complete JSON ("), "{problem}");
    assert!(!present(&root, ".real-result-table") && !present(&root, ".lane-mark"));
    let area = root.query_selector("#real-result").unwrap().expect("the text area");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(area.get_attribute("aria-describedby").as_deref(), Some("real-result-problem"));

    type_program(&root, "#real-result", "Traceback (most recent call last):");
    render_until!(text_of(&root, "#real-result-problem").starts_with("There is no line")).await;
    assert!(text_of(&root, "#real-result-problem")
        .starts_with("There is no line starting with GIL-LAB-RESULT"));

    // A line from this scenario stops matching once the scenario changes what its program runs.
    type_program(&root, "#real-result", &result_line(query));
    render_until!(present(&root, ".real-result-table")).await;
    change(&root, "#switch-interval", "1ms", "change");
    render_until!(
        text_of(&root, "#real-result-problem").starts_with("This result is from another scenario")
    )
    .await;
    assert!(
        text_of(&root, "#real-result-problem").starts_with("This result is from another scenario")
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn the_compare_view_runs_four_variants_on_one_scale_with_a_chart() {
    let (app, root) = mount("compare/?c=4&n=2&cpu=100&work=20ms");
    render_until!(root.query_selector_all(".compare-variant").unwrap().length() == 4).await;
    let titles = all_text(&root, ".compare-variant h2");
    assert_eq!(
        titles,
        [
            "2 threads on Python 3.12",
            "2 processes on Python 3.12",
            "2 asyncio tasks on Python 3.12",
            "2 threads on free-threaded Python 3.14t"
        ]
    );
    assert_eq!(
        root.query_selector_all(".compare-variant .compact-timeline svg").unwrap().length(),
        4
    );
    // The same colours as the lab: each thread keyed on its lane, the GIL ticked at each hand-off.
    assert!(
        root.query_selector(".compare-variant:nth-of-type(1) .lane-key").unwrap().is_some(),
        "no thread colours"
    );
    assert!(
        root.query_selector(".compare-variant:nth-of-type(1) .handoffs").unwrap().is_some(),
        "no hand-off ticks"
    );
    // One scale: every timeline's axis has the same ticks.
    let axes: Vec<Vec<String>> = (0..4)
        .map(|index| {
            all_text(&root, &format!(".compare-variant:nth-of-type({}) .tick-label", index + 1))
        })
        .collect();
    assert!(!axes[0].is_empty() && axes.iter().all(|ticks| *ticks == axes[0]), "{axes:?}");
    // The chart: a bar and a table row for the sequential baseline and each run.
    assert_eq!(root.query_selector_all(".chart-svg .chart-bar").unwrap().length(), 5);
    let rows = all_text(&root, ".compare-table tbody th");
    assert_eq!(
        rows,
        ["One after another", "Threads", "Processes", "asyncio tasks", "Free-threaded (3.14t)"]
    );
    let first = all_text(&root, ".compare-table tbody tr:first-child td");
    assert_eq!(first, ["40.0 ms", "1.00×"]);
    let links: Vec<String> = {
        let found = root.query_selector_all(".compare-variant-head a").unwrap();
        (0..found.length())
            .filter_map(|index| {
                found.item(index)?.dyn_into::<Element>().ok().map(|link| link_address(&link))
            })
            .collect()
    };
    assert_eq!(links.len(), 4);
    assert!(links[1].starts_with("lab/?c=4&py=3.12&si=5ms&t=0&p=2&a=0&i=0"), "{links:?}");
    assert!(links[3].contains("py=3.14t") && links[3].contains("&t=2&"), "{links:?}");
    assert!(
        root.query_selector(".site-nav a[href^='../compare/?']").unwrap().is_some(),
        "no Compare in the navigation"
    );
    assert!(text_of(&root, ".share-link").ends_with(
        "compare/?c=4&py=3.12&si=5ms&n=2&cpu=100&work=20ms&io=1ms&native=0&sm=fork&seed=1"
    ));
    // A control change runs all four again and rewrites the URL.
    change(&root, "#workers", "3", "input");
    render_until!(text_of(&root, ".compare-variant h2").starts_with("3 threads")).await;
    assert_eq!(text_of(&root, ".compare-variant h2"), "3 threads on Python 3.12");
    render_until!(address().contains("n=3")).await;
    assert_eq!(
        address(),
        "compare/?c=4&py=3.12&si=5ms&n=3&cpu=100&work=20ms&io=1ms&native=0&sm=fork&seed=1"
    );
    drop(app);
}

#[wasm_bindgen_test]
async fn the_compare_view_clamps_bad_settings_and_says_which_variant_cannot_run() {
    let (app, root) = mount("compare/?n=99&t=3&py=2.7&zz=1&work=1ms");
    render_until!(!text_of(&root, ".notices").is_empty()).await;
    let notices = all_text(&root, ".notices li");
    assert_eq!(
        notices,
        [
            "n=99 is more than 16 workers of each kind; using 16",
            "'t' is not a compare setting (n sets how many workers of each kind); ignored",
            "'zz' is not a compare setting; ignored",
        ]
    );
    render_until!(root.query_selector_all(".compare-variant").unwrap().length() == 4).await;
    let errors = all_text(&root, ".compare-variant .compare-error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("asyncio tasks need Python 3.5"), "{errors:?}");
    assert!(all_text(&root, ".compare-table td").iter().any(|cell| cell.starts_with("cannot run")));
    drop(app);
}

/// Panics in a callback that JavaScript calls, as the app's event handlers and timers are called,
/// with `hook` as the panic hook for that one panic; gives back what JavaScript caught. On wasm32 a
/// panic runs the hook and then traps, which ends only that callback: the test goes on.
fn panic_in_a_callback(hook: PanicHook, panic: impl Fn() + 'static) -> JsValue {
    DELIBERATE.with(|slot| *slot.borrow_mut() = Some(hook));
    let callback = Closure::<dyn Fn()>::new(panic);
    let thrown = callback.as_ref().unchecked_ref::<js_sys::Function>().call0(&JsValue::NULL);
    let unused = DELIBERATE.with(|slot| slot.borrow_mut().take());
    assert!(unused.is_none(), "the callback did not panic");
    thrown.expect_err("a callback that panicked returned")
}

#[wasm_bindgen_test]
async fn a_panic_replaces_the_app_with_an_error_panel_with_a_reload_button() {
    // The hook of an earlier panic could not be put back afterwards: std refuses to change it
    // while the page is "panicking", which on wasm32 it stays. Whatever failed first says why.
    assert!(
        !std::thread::panicking(),
        "an earlier test panicked; the panic hook cannot be tested after that"
    );
    undo_on_panic();
    let ours = std::panic::take_hook();
    // `start` mounts the app in `#app`, where its hook shows the panel; without one, both would
    // take the test runner's own page.
    let document = window().document().expect("a document");
    let host = document.create_element("div").expect("a div");
    host.set_id("app");
    document.body().expect("a body").append_child(&host).expect("appended");
    let address = window().location().href().expect("an address");
    open_at("./");
    let app = gil_lab_web::start();
    // The app's hook for the panic below only: the next tests need ours.
    let apps_hook = std::panic::take_hook();
    std::panic::set_hook(ours);
    let app_nodes = Rc::new(RefCell::new(Vec::<web_sys::Node>::new()));
    let _started = {
        let (host, app_nodes) = (host.clone(), app_nodes.clone());
        Undo::new(move || {
            // Yew unmounts the nodes it made, which the panel took the place of: give them back first.
            let nodes = app_nodes.take();
            if !nodes.is_empty() {
                host.replace_children_with_node(&nodes.iter().collect());
            }
            app.destroy();
            host.remove();
            open_at(&address);
        })
    };
    render_until!(host.query_selector(".home").unwrap().is_some()).await;
    assert!(host.query_selector(".home").unwrap().is_some(), "the app did not start");
    let nodes = host.child_nodes();
    *app_nodes.borrow_mut() = (0..nodes.length()).filter_map(|index| nodes.get(index)).collect();

    let message = "the test's deliberate panic";
    let thrown = panic_in_a_callback(apps_hook, move || panic!("{message}"));
    assert!(
        thrown.is_instance_of::<js_sys::WebAssembly::RuntimeError>(),
        "the panic did not trap: {thrown:?}"
    );
    assert_eq!(text_of(&host, ".error-panel[role='alert'] h1"), "GIL Lab stopped");
    let shown = text_of(&host, ".error-panel pre");
    let line = shown
        .strip_prefix(&format!("{message} (at {}:", file!()))
        .and_then(|rest| rest.strip_suffix(')'));
    assert!(
        line.is_some_and(|line| line.parse::<u32>().is_ok()),
        "the panel does not say what panicked where: {shown:?}"
    );
    assert_eq!(text_of(&host, ".error-panel button[data-gil-lab-reload]"), "Reload");
    assert!(host.query_selector(".home").unwrap().is_none(), "the broken app is still shown");
}

// ==== The animated timeline (src/web/timeline/): its own module, so it shares no names with the tests above. ====
mod timeline {
    use std::rc::Rc;

    use gil_lab_web::lab::state::LabState;
    use gil_lab_web::run::Outcome;
    use gil_lab_web::timeline::columns::Columns;
    use gil_lab_web::timeline::layout::{describe_span, layout, Layout, ROW_HEIGHT};
    use gil_lab_web::timeline::{Timeline, TimelineProps};
    use gil_lab_web::trace_ref::TraceRef;
    use gil_sim::{simulate, Scenario, ScenarioSpec, Trace};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlElement, PointerEvent, PointerEventInit};

    use super::{mount_with, Mounted, Mutations};

    fn trace_of(toml_text: &str) -> Rc<Trace> {
        let spec: ScenarioSpec = toml::from_str(toml_text).expect("valid TOML");
        Rc::new(simulate(&Scenario::from_spec(&spec).expect("valid scenario")).expect("simulates"))
    }

    fn mount(trace: impl Into<TraceRef>) -> (Mounted, Element) {
        let trace = trace.into();
        mount_with(|root| {
            yew::Renderer::<Timeline>::with_root_and_props(
                root,
                TimelineProps { trace, marks: Vec::new() },
            )
            .render()
        })
    }

    fn count(root: &Element, selector: &str) -> u32 {
        root.query_selector_all(selector).expect("valid selector").length()
    }

    fn attribute(root: &Element, selector: &str, name: &str) -> Option<String> {
        root.query_selector(selector).ok().flatten().and_then(|element| element.get_attribute(name))
    }

    fn text(root: &Element, selector: &str) -> String {
        root.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.text_content())
            .unwrap_or_default()
    }

    /// The convoy effect on two cores, shortened.
    const CONVOY: &str = include_str!("convoy-short.toml");

    #[wasm_bindgen_test]
    async fn the_timeline_draws_lanes_legend_axis_and_steps_through_events() {
        let trace = trace_of(CONVOY);
        let lanes = trace.lanes.len() as u32;
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") == lanes).await;

        assert_eq!(count(&root, "svg.timeline-svg .lane"), lanes, "one focusable row per lane");
        assert!(
            count(&root, "svg.timeline-svg .lane[tabindex='0']") == lanes,
            "lanes are focusable"
        );
        assert!(count(&root, "svg.timeline-svg .group-title") >= 2, "group headings");
        assert!(count(&root, ".legend-item") >= 3, "a legend");
        assert!(
            text(&root, ".legend").contains("running with the GIL"),
            "{}",
            text(&root, ".legend")
        );
        assert!(count(&root, "svg.timeline-svg .tick-label") >= 3, "axis ticks");
        assert!(
            count(&root, "svg.timeline-svg .span path") >= lanes - 1,
            "spans: a path per state on each busy lane"
        );
        let ticks = text(&root, "svg.timeline-svg .axis-layer");
        assert!(ticks.contains("time (ms)"), "{ticks}");
        // Each thread's colour: its lane's key, and the GIL drawn in the holder's colour, ticked at each hand-off.
        let drawn = layout(&trace, Columns::default());
        let threads = drawn.colours.iter().flatten().count() as u32;
        assert_eq!(
            count(&root, "svg.timeline-svg .lane-key"),
            threads,
            "a colour key on every thread's lane"
        );
        let gil = trace
            .lanes
            .iter()
            .position(|lane| lane.kind == gil_sim::lanes::LaneKind::Gil)
            .expect("a GIL lane") as u32;
        let gil_spans: Vec<_> = trace.spans.iter().filter(|span| span.lane == gil).collect();
        let holders: std::collections::BTreeSet<u8> =
            gil_spans.iter().filter_map(|span| drawn.paint(span).who).collect();
        assert!(
            holders.len() >= 2,
            "the convoy's GIL changes hands between threads of different colours"
        );
        for who in &holders {
            let fill = format!("url(#gil-lab-state-running-with-gil-who-{who})");
            assert!(
                count(&root, &format!("svg.timeline-svg .span[fill='{fill}'] path")) >= 1,
                "no span in {fill}"
            );
        }
        let handoffs = gil_spans
            .windows(2)
            .filter(|pair| {
                pair[0].who.is_some() && pair[1].who.is_some() && pair[0].who != pair[1].who
            })
            .count();
        let ticks_drawn = attribute(&root, "svg.timeline-svg .handoffs", "d")
            .unwrap_or_default()
            .matches('M')
            .count();
        assert!(
            ticks_drawn >= 1 && ticks_drawn <= handoffs,
            "{ticks_drawn} ticks for {handoffs} hand-offs"
        );

        // The whole run is drawn in full at first: the playhead at the end, nothing left unplayed.
        let end = attribute(&root, ".playhead", "data-time").expect("a playhead");
        assert_eq!(
            end.parse::<u64>().unwrap(),
            trace.spans.iter().map(|span| span.end).max().unwrap()
        );
        assert_eq!(
            count(&root, "svg.timeline-svg .future"),
            0,
            "part of the run is drawn as not yet played"
        );
        assert_eq!(
            attribute(&root, "svg.timeline-svg .lane-bg", "height").as_deref(),
            Some("24.0"),
            "lanes of at least 20 px"
        );
        let restart: HtmlElement = root
            .query_selector(".timeline-restart")
            .unwrap()
            .expect("a restart button")
            .dyn_into()
            .unwrap();
        restart.click();
        // The narration is a child component, rendered in a later pass than the playhead: wait for both.
        let at_start = trace
            .events
            .iter()
            .filter(|event| event.time == 0)
            .count()
            .min(gil_lab_web::timeline::narration::NARRATION_WINDOW) as u32;
        render_until!(
            attribute(&root, ".playhead", "data-time").as_deref() == Some("0")
                && count(&root, ".narration-list li:not(.narration-empty)") == at_start
        )
        .await;

        let start = attribute(&root, ".playhead", "data-time").expect("a playhead");
        let before = count(&root, ".narration-list li:not(.narration-empty)");
        let step: HtmlElement = root
            .query_selector(".timeline-step")
            .unwrap()
            .expect("a step button")
            .dyn_into()
            .unwrap();
        step.click();
        // The narration is a child component, rendered in a later pass than the playhead: wait for both.
        render_until!(
            attribute(&root, ".playhead", "data-time").as_deref() != Some(start.as_str())
                && count(&root, ".narration-list li:not(.narration-empty)") > before
        )
        .await;

        let moved: u64 =
            attribute(&root, ".playhead", "data-time").expect("a playhead").parse().unwrap();
        let first_later = trace
            .events
            .iter()
            .map(|event| event.time)
            .find(|time| *time > start.parse().unwrap())
            .unwrap();
        assert_eq!(moved, first_later, "the playhead is at the next event");
        let after = count(&root, ".narration-list li:not(.narration-empty)");
        assert!(after > before, "the narration grew: {before} → {after}");
        assert_eq!(
            count(&root, ".narration-list li.current"),
            1,
            "the current event alone is highlighted"
        );
        let live = root
            .query_selector("[aria-live='polite'].timeline-now")
            .unwrap()
            .expect("a live region");
        let said = live.text_content().unwrap_or_default();
        let expected =
            trace.describe(trace.events.iter().find(|event| event.time == first_later).unwrap());
        assert!(said.contains(&expected), "{said:?} does not announce {expected:?}");

        // Play animates the playhead (requestAnimationFrame); pause stops it.
        let play: HtmlElement = root
            .query_selector(".timeline-play")
            .unwrap()
            .expect("a play button")
            .dyn_into()
            .unwrap();
        play.click();
        render_until!(attribute(&root, ".playhead", "data-time")
            .and_then(|time| time.parse::<u64>().ok())
            .is_some_and(|time| time > moved))
        .await;
        let playing: u64 = attribute(&root, ".playhead", "data-time").unwrap().parse().unwrap();
        assert!(playing > moved, "the playhead moved while playing: {moved} → {playing}");
        assert_eq!(attribute(&root, ".timeline-play", "aria-pressed").as_deref(), Some("true"));
        play.click();
        render_until!(
            attribute(&root, ".timeline-play", "aria-pressed").as_deref() == Some("false")
        )
        .await;
        let paused = Mutations::watch(&root);
        assert_eq!(
            paused.once_settled().await,
            Vec::<String>::new(),
            "the timeline changed while paused"
        );

        // Keyboard: focusing a lane selects its span under the playhead; the arrow moves to the next one.
        let lane: HtmlElement =
            root.query_selector("svg.timeline-svg .lane").unwrap().unwrap().unchecked_into();
        lane.focus().unwrap();
        render_until!(text(&root, ".timeline-readout").contains(" — ")).await;
        let readout = text(&root, ".timeline-readout");
        assert!(readout.contains(" — ") && readout.contains(" → "), "{readout}");
        assert_eq!(
            text(&root, "svg.timeline-svg .callout text"),
            readout,
            "the readout is drawn beside the focused span"
        );

        drop(timeline);
    }

    /// Sends a pointer event (`pointerdown`, `pointermove`, `pointerup`, `pointerleave`, which a
    /// browser sends a finger as it is lifted) of a `kind` of pointer ("touch", "mouse") to the
    /// timeline's drawing, at a point given in its own units, bubbling up from it.
    fn pointer(root: &Element, event: &str, kind: &str, id: i32, (x, y): (f64, f64)) {
        let svg = root.query_selector("svg.timeline-svg").unwrap().expect("a timeline");
        let rect = svg.get_bounding_client_rect();
        let scale = rect.width() / drawn_width(root);
        let init = PointerEventInit::new();
        init.set_bubbles(true);
        init.set_pointer_id(id);
        init.set_pointer_type(kind);
        init.set_is_primary(id == 1);
        init.set_client_x((rect.left() + x * scale).round() as i32);
        init.set_client_y((rect.top() + y * scale).round() as i32);
        let event = PointerEvent::new_with_event_init_dict(event, &init).expect("a pointer event");
        svg.dispatch_event(&event).expect("dispatched");
    }

    /// The drawing's width in its own units.
    fn drawn_width(root: &Element) -> f64 {
        attribute(root, "svg.timeline-svg", "width")
            .and_then(|width| width.parse().ok())
            .unwrap_or(0.0)
    }

    /// The layout the timeline drew `trace` with, for the width its frame gave it.
    fn drawn_layout(root: &Element, trace: &Trace) -> Layout {
        layout(trace, Columns::for_frame(drawn_width(root)))
    }

    /// The axis's tick labels, in milliseconds.
    fn ticks(root: &Element) -> Vec<f64> {
        let labels =
            root.query_selector_all("svg.timeline-svg .tick-label").expect("valid selector");
        (0..labels.length())
            .filter_map(|index| labels.item(index)?.text_content()?.parse().ok())
            .collect()
    }

    fn time_shown(ticks: &[f64]) -> f64 {
        ticks.last().unwrap_or(&0.0) - ticks.first().unwrap_or(&0.0)
    }

    #[wasm_bindgen_test]
    async fn a_finger_taps_a_span_pinches_to_zoom_and_drags_to_pan() {
        let trace = trace_of(CONVOY);
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") == trace.lanes.len() as u32).await;
        let drawn = drawn_layout(&root, &trace);
        let columns = drawn.columns;

        // A tap on a span (at a third of the plot, on the first lane with a span there) selects it and says what it is.
        let x = columns.plot_left() + columns.plot / 3.0;
        let time = drawn.end / 3;
        let (row, span) = drawn
            .rows
            .iter()
            .find_map(|row| {
                Some((
                    row,
                    trace.spans.iter().find(|span| {
                        span.lane as usize == row.lane
                            && span.start < time
                            && span.end > time + drawn.end / 100
                    })?,
                ))
            })
            .expect("a lane busy at a third of the run");
        let on_lane = |x: f64| (x, row.y + ROW_HEIGHT / 2.0);
        pointer(&root, "pointerdown", "touch", 1, on_lane(x));
        pointer(&root, "pointerup", "touch", 1, on_lane(x));
        let expected = describe_span(&trace, span);
        render_until!(text(&root, ".timeline-readout") == expected).await;
        assert_eq!(text(&root, ".timeline-readout"), expected, "the tapped span's readout");
        assert_eq!(
            count(&root, "svg.timeline-svg .overlay .selected"),
            1,
            "the tapped span is selected"
        );
        assert_eq!(
            count(&root, "svg.timeline-svg .overlay .hovered"),
            0,
            "a finger does not hover"
        );

        // Two fingers 100 units apart spread to 300: three times closer, around their middle.
        let before = ticks(&root);
        let middle = columns.plot_left() + columns.plot / 2.0;
        pointer(&root, "pointerdown", "touch", 1, on_lane(middle - 50.0));
        pointer(&root, "pointerdown", "touch", 2, on_lane(middle + 50.0));
        pointer(&root, "pointermove", "touch", 1, on_lane(middle - 150.0));
        pointer(&root, "pointermove", "touch", 2, on_lane(middle + 150.0));
        for (finger, x) in [(2, middle + 150.0), (1, middle - 150.0)] {
            pointer(&root, "pointerup", "touch", finger, on_lane(x));
            pointer(&root, "pointerleave", "touch", finger, on_lane(x));
        }
        render_until!(ticks(&root) != before).await;
        let zoomed = ticks(&root);
        assert!(
            time_shown(&zoomed) < time_shown(&before) / 2.0,
            "a pinch zooms in: ticks {before:?} → {zoomed:?}"
        );
        let centre = drawn.end as f64 / 2.0 / 1e6;
        assert!(
            zoomed.first().unwrap() < &centre && zoomed.last().unwrap() > &centre,
            "around the pinch: {zoomed:?}"
        );
        assert_eq!(
            text(&root, ".timeline-readout"),
            expected,
            "a pinch is no tap, and lifted fingers point at nothing"
        );

        // One finger dragged 200 units to the left shows later times: a quarter of the window.
        pointer(&root, "pointerdown", "touch", 3, on_lane(middle + 100.0));
        pointer(&root, "pointermove", "touch", 3, on_lane(middle));
        pointer(&root, "pointermove", "touch", 3, on_lane(middle - 100.0));
        pointer(&root, "pointerup", "touch", 3, on_lane(middle - 100.0));
        render_until!(ticks(&root) != zoomed).await;
        let panned = ticks(&root);
        assert!(
            panned.first().unwrap() > zoomed.first().unwrap(),
            "a drag to the left pans later: {zoomed:?} → {panned:?}"
        );
        assert!(
            (time_shown(&panned) - time_shown(&zoomed)).abs() <= 2.0 * (zoomed[1] - zoomed[0]),
            "a pan keeps the zoom"
        );

        // A mouse drags the other way just the same.
        pointer(&root, "pointerdown", "mouse", 4, on_lane(middle - 100.0));
        pointer(&root, "pointermove", "mouse", 4, on_lane(middle + 100.0));
        pointer(&root, "pointerup", "mouse", 4, on_lane(middle + 100.0));
        render_until!(ticks(&root) != panned).await;
        assert!(
            ticks(&root).first().unwrap() < panned.first().unwrap(),
            "a mouse drag to the right pans earlier: {:?}",
            ticks(&root)
        );
        drop(timeline);
    }

    /// Every drawn span is in a path of its paint (state and thread colour) on its lane: at most
    /// one per paint present on a lane.
    fn assert_one_path_per_paint_per_lane(root: &Element, trace: &Trace) {
        let paths = count(root, "svg.timeline-svg .span path") as usize;
        let drawn = layout(trace, Columns::default());
        let most = (0..trace.lanes.len())
            .map(|lane| {
                let mut paints: Vec<_> = trace
                    .spans
                    .iter()
                    .filter(|span| span.lane as usize == lane)
                    .map(|span| drawn.paint(span).index())
                    .collect();
                paints.sort_unstable();
                paints.dedup();
                paints.len()
            })
            .sum::<usize>();
        assert!(
            paths <= most,
            "{paths} span paths for {most} paints over {} lanes",
            trace.lanes.len()
        );
    }

    #[wasm_bindgen_test]
    async fn a_long_busy_trace_draws_a_few_hundred_elements() {
        let trace = trace_of(
            r#"
            cores = 2
            switch_interval = "100us"
            [[workers]]
            kind = "thread"
            name = "cpu"
            count = 2
            program = "cpu 2s"
            "#,
        );
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") > 0).await;
        let elements = count(&root, "svg.timeline-svg *");
        console_log!("{} spans → {} SVG elements", trace.spans.len(), elements);
        assert!(trace.spans.len() > 20_000, "the trace is big: {} spans", trace.spans.len());
        assert!(elements < 200, "{elements} SVG elements for {} spans", trace.spans.len());
        assert_one_path_per_paint_per_lane(&root, &trace);
        drop(timeline);
    }

    #[wasm_bindgen_test]
    async fn the_largest_lab_scenario_draws_a_few_hundred_elements() {
        // The largest the browser benchmark runs: 16 threads on 16 cores, 2 s of work each, 5 ms interval.
        let lab = LabState::from_query("c=16&py=3.12&si=5ms&t=16&work=2s&cpu=100");
        let Outcome::Ready(trace) = lab.outcome else {
            panic!("the lab refused its largest scenario")
        };
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") > 0).await;
        let elements = count(&root, "svg.timeline-svg *");
        console_log!(
            "{} lanes, {} spans → {} SVG elements",
            trace.lanes.len(),
            trace.spans.len(),
            elements
        );
        assert!(
            trace.spans.len() > 25_000 && trace.lanes.len() > 30,
            "{} spans on {} lanes",
            trace.spans.len(),
            trace.lanes.len()
        );
        // Per lane a box, a name and a path per state; the patterns, groups, grid and axis are fixed.
        assert!(
            elements < 500,
            "{elements} SVG elements for {} spans on {} lanes",
            trace.spans.len(),
            trace.lanes.len()
        );
        assert_one_path_per_paint_per_lane(&root, &trace);
        drop(timeline);
    }

    /// Sends a key to the focused element, bubbling, as a keyboard would.
    fn press_key(key: &str) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a key event");
        let focused = super::window().document().unwrap().active_element().expect("a focus");
        focused.dispatch_event(&event).expect("dispatched");
    }

    fn focused() -> Option<Element> {
        super::window().document()?.active_element()
    }

    /// What a screen reader is given as the focused element's description: the text of the
    /// elements its `aria-describedby` names.
    fn description(element: &Element) -> String {
        let document = super::window().document().unwrap();
        element
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|id| document.get_element_by_id(id)?.text_content())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Focuses the first lane of the timeline in `root`, presses ArrowLeft (the playhead is at
    /// the end, so the lane's last span is selected) and checks that a screen reader is told the
    /// previous span: the lane keeps the focus and its description, a polite live region, reads
    /// that span's readout.
    async fn arrow_left_is_described(root: &Element, trace: &Trace) {
        let lane: HtmlElement =
            root.query_selector(".timeline-svg .lane").unwrap().expect("a lane").unchecked_into();
        let lane_index: usize = lane.get_attribute("data-lane").unwrap().parse().unwrap();
        lane.focus().unwrap();
        let last = trace.spans.iter().rposition(|span| span.lane as usize == lane_index).unwrap();
        render_until!(description(&lane) == describe_span(trace, &trace.spans[last])).await;
        press_key("ArrowLeft");
        let expected = describe_span(trace, &trace.spans[last - 1]);
        render_until!(description(&lane) == expected).await;
        assert_eq!(focused().as_ref(), Some(lane.as_ref()), "the lane keeps the focus");
        let told = lane.get_attribute("aria-describedby").unwrap();
        let live = super::window().document().unwrap().get_element_by_id(&told).unwrap();
        assert_eq!(live.get_attribute("aria-live").as_deref(), Some("polite"));
        assert_eq!(live.text_content().unwrap_or_default(), expected);
    }

    /// Text drawn in the picture that assistive technology should not read out as it is (span
    /// names, tick labels, lanes' names drawn beside their named lanes).
    fn unhidden_text(root: &Element) -> Vec<String> {
        let texts = root.query_selector_all(".timeline-svg text").unwrap();
        (0..texts.length())
            .filter_map(|index| texts.item(index)?.dyn_into::<Element>().ok())
            .filter(|text| text.closest("[aria-hidden='true']").ok().flatten().is_none())
            .map(|text| text.text_content().unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn an_arrow_key_on_a_lane_tells_a_screen_reader_the_spans_readout() {
        let trace = trace_of(CONVOY);
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") == trace.lanes.len() as u32).await;
        assert_eq!(
            attribute(&root, "svg.timeline-svg", "role").as_deref(),
            Some("group"),
            "a named group of focusable lanes, not an image"
        );
        assert!(attribute(&root, "svg.timeline-svg", "aria-label").is_some());
        assert_eq!(unhidden_text(&root), Vec::<String>::new(), "decorative text in the tree");
        arrow_left_is_described(&root, &trace).await;
        drop(timeline);
    }

    /// The live region's text at each of `frames` animation frames.
    async fn live_texts(root: &Element, frames: usize) -> Vec<String> {
        let mut seen = Vec::new();
        for _ in 0..frames {
            super::next_frame().await;
            seen.push(text(root, "[aria-live='polite'].timeline-now"));
        }
        seen
    }

    fn changes(texts: &[String]) -> usize {
        texts.windows(2).filter(|pair| pair[0] != pair[1]).count()
    }

    #[wasm_bindgen_test]
    async fn play_keeps_the_live_narration_quiet_and_pause_announces_once() {
        let trace = trace_of(CONVOY);
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, ".timeline-play") == 1).await;
        let play: HtmlElement =
            root.query_selector(".timeline-play").unwrap().unwrap().unchecked_into();
        play.click();
        render_until!(
            attribute(&root, ".timeline-play", "aria-pressed").as_deref() == Some("true")
        )
        .await;
        let started: u64 = attribute(&root, ".playhead", "data-time").unwrap().parse().unwrap();
        let said = live_texts(&root, 60).await;
        let reached: u64 = attribute(&root, ".playhead", "data-time").unwrap().parse().unwrap();
        let passed = trace.events.iter().filter(|event| (started..reached).contains(&event.time));
        assert!(passed.count() >= 3, "the playhead passed a few events: {started} → {reached}");
        assert!(changes(&said) <= 1, "the live region spoke {} times: {said:?}", changes(&said));
        play.click();
        render_until!(
            attribute(&root, ".timeline-play", "aria-pressed").as_deref() == Some("false")
        )
        .await;
        let time: u64 = attribute(&root, ".playhead", "data-time").unwrap().parse().unwrap();
        let last = trace.events.iter().rfind(|event| event.time <= time).expect("an event");
        let live = text(&root, "[aria-live='polite'].timeline-now");
        assert!(live.contains(&trace.describe(last)), "{live:?} after the pause");
        let current = root.query_selector_all(".narration-list li[aria-current='true']").unwrap();
        assert_eq!(current.length(), 1, "the latest event is the current one");
        assert_eq!(
            text(&root, ".narration-list li:last-child"),
            text(&root, ".narration-list li[aria-current='true']")
        );
        drop(timeline);
    }

    /// An `rgb(…)` or `rgba(…)` colour's relative luminance (WCAG 2).
    fn luminance(colour: &str) -> f64 {
        let inside = colour.trim_start_matches("rgba(").trim_start_matches("rgb(");
        let channels: Vec<f64> = inside
            .trim_end_matches(')')
            .split(',')
            .take(3)
            .map(|channel| channel.trim().parse::<f64>().expect(colour) / 255.0)
            .map(|c| if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
            .collect();
        0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    fn contrast(one: &str, other: &str) -> f64 {
        let (a, b) = (luminance(one), luminance(other));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    fn computed(root: &Element, selector: &str, property: &str) -> String {
        let element = root.query_selector(selector).unwrap().expect(selector);
        let style = super::window().get_computed_style(&element).unwrap().unwrap();
        style.get_property_value(property).unwrap()
    }

    /// The page's styles, and with `dark`, its dark theme whatever the system's.
    fn page_styles(dark: bool) -> super::Undo {
        let css = include_str!("../../../styles/main.css");
        let css = if dark {
            css.replace("@media (prefers-color-scheme: dark)", "@media all")
        } else {
            css.to_string()
        };
        let document = super::window().document().unwrap();
        let styles = document.create_element("style").unwrap();
        styles.set_text_content(Some(&css));
        document.head().unwrap().append_child(&styles).unwrap();
        super::Undo::new(move || styles.remove())
    }

    /// Span edges, the playhead and the focused lane's outline against the lane, in a theme.
    fn assert_graphics_stand_out(root: &Element, theme: &str) {
        let lane = computed(root, ".timeline-svg .lane-bg", "fill");
        let spans = root.query_selector_all(".timeline-svg .span:not(.span-done) path").unwrap();
        assert!(spans.length() > 0);
        for index in 0..spans.length() {
            let span: Element = spans.item(index).unwrap().unchecked_into();
            let style = super::window().get_computed_style(&span).unwrap().unwrap();
            let edge = style.get_property_value("stroke").unwrap();
            let width = style.get_property_value("stroke-width").unwrap();
            assert!(edge != "none" && width != "0px", "{theme}: a span without an edge");
            assert!(contrast(&edge, &lane) >= 3.0, "{theme}: span edge {edge} on lane {lane}");
        }
        let playhead = computed(root, ".playhead line", "stroke");
        assert!(contrast(&playhead, &lane) >= 3.0, "{theme}: playhead {playhead} on lane {lane}");
        let outline = computed(root, ".timeline-svg .lane:focus", "stroke");
        assert!(contrast(&outline, &lane) >= 3.0, "{theme}: focus {outline} on lane {lane}");
    }

    #[wasm_bindgen_test]
    async fn span_edges_the_playhead_and_the_focused_lane_stand_out_in_both_themes() {
        let trace = trace_of(CONVOY);
        let light = page_styles(false);
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") == trace.lanes.len() as u32).await;
        let lane: HtmlElement =
            root.query_selector(".timeline-svg .lane").unwrap().unwrap().unchecked_into();
        lane.focus().unwrap();
        let spans = root.query_selector_all(".timeline-svg .span").unwrap();
        let last_span = spans.item(spans.length() - 1).unwrap();
        let following = last_span.compare_document_position(&lane);
        assert!(
            following & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0,
            "the focused lane's outline is drawn after (over) the spans"
        );
        assert_graphics_stand_out(&root, "light");
        let dark = page_styles(true);
        assert_graphics_stand_out(&root, "dark");
        drop((dark, light, timeline));
    }

    /// Whether a lane shows the threads that run on it (a core, a GIL) rather than being one.
    fn shows_threads(trace: &Trace, lane: u32) -> bool {
        use gil_sim::lanes::LaneKind;
        matches!(trace.lanes[lane as usize].kind, LaneKind::Core | LaneKind::Gil)
    }

    /// A thread's mark in the convoy (main, hog, io: names without numbers, no two alike in their
    /// first letter): a name of one or two characters as it is, else its first letter.
    fn thread_mark(trace: &Trace, lane: u32) -> String {
        let name = trace.lane_name(lane);
        let keep = if name.chars().count() <= 2 { 2 } else { 1 };
        name.chars().take(keep).collect()
    }

    #[wasm_bindgen_test]
    async fn threads_on_cores_are_told_apart_by_a_mark_where_their_name_does_not_fit() {
        let trace = trace_of(CONVOY);
        let (timeline, root) = mount(trace.clone());
        render_until!(count(&root, "svg.timeline-svg .lane") == trace.lanes.len() as u32).await;
        let drawn = drawn_layout(&root, &trace);
        let scale = drawn.columns.scale(gil_lab_web::timeline::scale::Window::all(drawn.end));
        let narrow = trace
            .spans
            .iter()
            .find(|span| {
                let width = scale.x(span.end) - scale.x(span.start);
                let name = span.who.map_or(0, |who| trace.lane_name(who).chars().count());
                shows_threads(&trace, span.lane) && width >= 13.0 && width < name as f64 * 7.0 + 6.0
            })
            .expect("a core or GIL span too narrow for its thread's name");
        let who = narrow.who.unwrap();
        let row = drawn.row_of(narrow.lane as usize).unwrap();
        let marks = root.query_selector_all(".timeline-svg .span-labels text").unwrap();
        let centre = (scale.x(narrow.start) + scale.x(narrow.end)) / 2.0;
        let marked = (0..marks.length()).filter_map(|index| marks.item(index)).any(|mark| {
            let mark: Element = mark.unchecked_into();
            let x: f64 = mark.get_attribute("x").unwrap().parse().unwrap();
            let y: f64 = mark.get_attribute("y").unwrap().parse().unwrap();
            (x - centre).abs() < 1.0
                && (row.y..row.y + ROW_HEIGHT).contains(&y)
                && mark.text_content().unwrap_or_default() == thread_mark(&trace, who)
        });
        assert!(
            marked,
            "no mark {} on the core's span of {}",
            thread_mark(&trace, who),
            trace.lane_name(who)
        );
        let lane_marks = all_lane_marks(&root);
        assert!(
            lane_marks.contains(&format!("{} {}", thread_mark(&trace, who), trace.lane_name(who))),
            "the thread's lane shows its mark: {lane_marks:?}"
        );
        drop(timeline);
    }

    /// Each thread lane's mark and name, as "h hog".
    fn all_lane_marks(root: &Element) -> Vec<String> {
        let marks = root.query_selector_all(".timeline-svg .lane-tag").unwrap();
        (0..marks.length())
            .filter_map(|index| marks.item(index)?.dyn_into::<Element>().ok())
            .map(|mark| {
                let name = mark.next_element_sibling().and_then(|name| name.text_content());
                format!("{} {}", mark.text_content().unwrap_or_default(), name.unwrap_or_default())
            })
            .collect()
    }

    #[wasm_bindgen_test]
    async fn a_compared_timeline_has_lanes_a_keyboard_reaches_and_an_event_list() {
        let trace = trace_of(CONVOY);
        let end = trace.spans.iter().map(|span| span.end).max().unwrap();
        let (timeline, root) = mount_with(|root| {
            yew::Renderer::<gil_lab_web::timeline::CompactTimeline>::with_root_and_props(
                root,
                gil_lab_web::timeline::compact::CompactTimelineProps {
                    trace: trace.clone().into(),
                    end: end * 2,
                    label: "Timeline of threads".into(),
                    file_stem: "gil-lab-threads".into(),
                },
            )
            .render()
        });
        render_until!(count(&root, ".timeline-svg .lane-bg") == trace.lanes.len() as u32).await;
        assert_eq!(
            count(&root, ".timeline-svg .lane[tabindex='0']"),
            trace.lanes.len() as u32,
            "every lane takes the focus"
        );
        assert_eq!(unhidden_text(&root), Vec::<String>::new(), "decorative text in the tree");
        let hint = text(&root, ".timeline-readout");
        assert!(hint.starts_with("Focus a lane"), "a pointer does nothing here: {hint:?}");
        arrow_left_is_described(&root, &trace).await;
        assert_eq!(count(&root, ".timeline-svg .overlay .selected"), 1, "the span is boxed");
        assert!(count(&root, ".narration-list li") > 0, "an event list");
        drop(timeline);
    }
}

// ==== The lesson player (src/web/lesson/): the catalog's lessons, taken generically, since content/ changes. ====
mod lessons {
    use std::rc::Rc;

    use gil_lab_web::catalog::{self, LessonEntry};
    use gil_lab_web::lesson::details;
    use gil_lab_web::lesson::storage::KEY;
    use gil_lab_web::metric_cards::focused_cards;
    use gil_lab_web::run::{run, Outcome};
    use gil_lessons::cards::focus_of;
    use gil_lessons::lesson_file::read::lesson_details;
    use gil_lessons::model::{LessonDetails, LessonStep};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

    use super::{
        address, all_text, change, link_address, mount, move_to, shown_cards, text_of, value_of,
        window, Mutations, Undo,
    };

    /// Every lesson's file, `(slug, JSON)`, as `gil-lab export-lessons` writes it beside the app
    /// (build.rs writes them with the same code): the test server does not serve the build's
    /// lessons/ folder, so a test puts the files it needs where the player finds fetched ones.
    const LESSON_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lesson_files.rs"));

    fn file_of(entry: &LessonEntry) -> &'static str {
        LESSON_FILES
            .iter()
            .find(|(slug, _)| *slug == entry.slug)
            .map(|(_, json)| *json)
            .expect("every lesson has a file")
    }

    /// A lesson's details as the page reads its file, without keeping them.
    fn read(entry: &LessonEntry) -> LessonDetails {
        details::read(entry, file_of(entry)).unwrap_or_else(|problem| panic!("{problem}"))
    }

    /// Keeps a lesson's file in the page as if the player had fetched it.
    fn provide(entry: &LessonEntry) -> Rc<LessonDetails> {
        details::cached(entry.slug).unwrap_or_else(|| {
            let read = Rc::new(read(entry));
            details::keep(entry.slug, read.clone());
            read
        })
    }

    fn with_two_steps() -> LessonEntry {
        *catalog::lessons().iter().find(|entry| entry.steps >= 2).expect("a lesson with two steps")
    }

    fn storage() -> web_sys::Storage {
        window().local_storage().expect("storage allowed").expect("storage")
    }

    /// Makes reading `window.localStorage` throw, as in a sandboxed iframe, until dropped.
    fn deny_storage() -> Undo {
        let window = window();
        let original = js_sys::Object::get_own_property_descriptor(&window, &"localStorage".into());
        let throwing = js_sys::Object::new();
        js_sys::Reflect::set(
            &throwing,
            &"get".into(),
            &js_sys::Function::new_no_args("throw new DOMException('denied', 'SecurityError')"),
        )
        .unwrap();
        js_sys::Reflect::set(&throwing, &"configurable".into(), &true.into()).unwrap();
        js_sys::Object::define_property(
            &window,
            &"localStorage".into(),
            &throwing.unchecked_into(),
        );
        Undo::new(move || {
            js_sys::Object::define_property(
                &window,
                &"localStorage".into(),
                &original.unchecked_into(),
            );
        })
    }

    /// Starts from no stored progress, and leaves none behind when dropped.
    fn fresh_progress() -> Undo {
        storage().remove_item(KEY).unwrap();
        Undo::new(|| {
            let _ = storage().remove_item(KEY);
        })
    }

    fn stored_progress() -> String {
        storage().get_item(KEY).expect("readable").unwrap_or_default()
    }

    fn by_test_id(root: &Element, id: &str) -> Vec<HtmlElement> {
        let found =
            root.query_selector_all(&format!("[data-testid='{id}']")).expect("valid selector");
        (0..found.length())
            .filter_map(|index| found.item(index))
            .filter_map(|node| node.dyn_into().ok())
            .collect()
    }

    fn test_id_text(root: &Element, id: &str) -> String {
        by_test_id(root, id).first().and_then(|element| element.text_content()).unwrap_or_default()
    }

    fn has(root: &Element, selector: &str) -> bool {
        root.query_selector(selector).unwrap().is_some()
    }

    fn element(root: &Element, selector: &str) -> Element {
        root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
    }

    /// The first step (lesson, its details, step index) that satisfies `wanted`, its lesson provided.
    fn first_step(
        wanted: impl Fn(&LessonStep) -> bool,
    ) -> Option<(LessonEntry, Rc<LessonDetails>, usize)> {
        let (entry, index) = catalog::lessons().iter().find_map(|entry| {
            read(entry).steps.iter().position(&wanted).map(|index| (*entry, index))
        })?;
        Some((entry, provide(&entry), index))
    }

    /// The cards a step shows for `spec`: those its question and challenge name, then the rest.
    fn expected_cards(step: &LessonStep, spec: &gil_sim::ScenarioSpec) -> Vec<(String, String)> {
        let focus = focus_of(step.conditions());
        match run(spec) {
            Outcome::Ready(trace) => {
                let (lead, rest) = focused_cards(&trace, &focus);
                lead.into_iter()
                    .chain(rest)
                    .map(|card| (card.label.to_string(), card.value))
                    .collect()
            }
            Outcome::Failed(message) => panic!("a lesson step failed: {message}"),
        }
    }

    /// Presses a key on `element`; false if a handler took it (prevented its default).
    fn press(element: &Element, key: &str) -> bool {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        element
            .dispatch_event(
                &KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
            )
            .unwrap()
    }

    fn document_title() -> String {
        web_sys::window().unwrap().document().unwrap().title()
    }

    #[wasm_bindgen_test]
    async fn the_player_steps_forward_and_back_and_saves_progress() {
        storage().remove_item(KEY).unwrap();
        let lesson = with_two_steps();
        let steps = provide(&lesson).steps.clone();
        let count = lesson.steps;
        let (app, root) = mount(&format!("lesson/{}/", lesson.slug));
        let counter = |step: usize| format!("Step {step} of {count}");
        render_until!(test_id_text(&root, "step-counter") == counter(1)).await;
        assert_eq!(test_id_text(&root, "step-counter"), counter(1));
        assert_eq!(text_of(&root, "main h1"), lesson.title);
        render_until!(text_of(&root, "#step-title") == steps[0].title).await;
        assert_eq!(text_of(&root, "#step-title"), steps[0].title);
        assert!(
            by_test_id(&root, "step-prev")[0].has_attribute("disabled"),
            "no step before the first"
        );
        assert_eq!(
            root.query_selector("progress")
                .unwrap()
                .expect("a progress bar")
                .get_attribute("value")
                .as_deref(),
            Some("1")
        );

        by_test_id(&root, "step-next")[0].click();
        render_until!(test_id_text(&root, "step-counter") == counter(2)).await;
        assert_eq!(test_id_text(&root, "step-counter"), counter(2));
        assert_eq!(address(), format!("lesson/{}/2/", lesson.slug));
        render_until!(text_of(&root, "#step-title") == steps[1].title).await;
        assert_eq!(text_of(&root, "#step-title"), steps[1].title);
        let step_title = format!("{} — {} · GIL Lab", lesson.title, steps[1].title);
        render_until!(document_title() == step_title).await;
        assert_eq!(document_title(), step_title, "the tab names the step shown");

        by_test_id(&root, "step-prev")[0].click();
        render_until!(test_id_text(&root, "step-counter") == counter(1)).await;
        assert_eq!(address(), format!("lesson/{}/1/", lesson.slug));

        // Keys move between steps while focus is in the player, and not from a form field.
        let player = root.query_selector(".player").unwrap().expect("the player");
        press(&player, "PageDown");
        render_until!(test_id_text(&root, "step-counter") == counter(2)).await;
        assert_eq!(test_id_text(&root, "step-counter"), counter(2));
        press(&player, "ArrowLeft");
        render_until!(test_id_text(&root, "step-counter") == counter(1)).await;
        assert_eq!(test_id_text(&root, "step-counter"), counter(1));

        let progress = stored_progress();
        for step in [1, 2] {
            assert!(
                progress.lines().any(|line| line == format!("seen {} {step}", lesson.slug)),
                "step {step} not saved: {progress:?}"
            );
        }
        move_to("./");
        render_until!(!by_test_id(&root, "lesson-link").is_empty()).await;
        assert!(
            document_title().starts_with("GIL Lab:"),
            "home names itself: {}",
            document_title()
        );
        let links = by_test_id(&root, "lesson-link");
        assert_eq!(links.len(), catalog::lessons().len());
        let index =
            catalog::lessons().iter().position(|listed| listed.slug == lesson.slug).unwrap();
        assert_eq!(link_address(&links[index]), format!("lesson/{}/1/", lesson.slug));
        let seen = all_text(&root, ".lesson-progress");
        assert_eq!(seen[index], format!("2 of {count} steps seen"));
        drop(app);
        storage().remove_item(KEY).unwrap();
    }

    #[wasm_bindgen_test]
    async fn an_arrow_key_in_a_select_stays_in_the_select() {
        let (lesson, _, index) =
            first_step(|step| !step.controls.is_empty()).expect("a lesson step with a control");
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(has(&root, "#step-control-0") && !has(&root, "[aria-busy='true']")).await;
        let select = root
            .query_selector(".player select#step-control-0")
            .unwrap()
            .expect("the step's control is a select");
        let before = address();
        let changes = Mutations::watch(&root);
        assert!(press(&select, "ArrowRight"), "the player took an arrow key from a select");
        assert_eq!(address(), before, "an arrow key in a select moved the player");
        assert_eq!(
            changes.once_settled().await,
            Vec::<String>::new(),
            "an arrow key in a select changed the page"
        );
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn a_prediction_hides_the_lab_until_answered_then_gives_the_simulations_verdict() {
        storage().remove_item(KEY).unwrap();
        let (lesson, details, index) =
            first_step(|step| step.prediction.is_some()).expect("a lesson step with a prediction");
        let step = &details.steps[index];
        let prediction = step.prediction.as_ref().unwrap();
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(by_test_id(&root, "prediction-choice").len() == prediction.choices.len())
            .await;
        assert_eq!(by_test_id(&root, "prediction-choice").len(), prediction.choices.len());
        assert!(text_of(&root, "[data-testid='prediction']").contains(&prediction.question));
        assert!(!has(&root, "svg.timeline-svg"), "the timeline shows before the answer");
        assert!(shown_cards(&root).is_empty(), "the metrics show before the answer");

        let metrics = match run(&step.scenario) {
            Outcome::Ready(trace) => trace.metrics.clone(),
            Outcome::Failed(message) => panic!("{message}"),
        };
        let right = prediction
            .choices
            .iter()
            .position(|choice| choice.check.holds(&metrics))
            .expect("one choice holds");
        let wrong = (right + 1) % prediction.choices.len();
        by_test_id(&root, "prediction-choice")[wrong].click();
        render_until!(has(&root, "svg.timeline-svg")).await;
        assert!(has(&root, "svg.timeline-svg"), "no timeline after the answer");
        assert_eq!(shown_cards(&root), expected_cards(step, &step.scenario));
        let verdict = test_id_text(&root, "verdict");
        assert!(verdict.contains("The simulation disagrees."), "{verdict}");
        assert!(
            verdict.contains(&prediction.choices[right].text),
            "the right answer is not named: {verdict}"
        );
        let first_metric = prediction.choices[0].check.clauses[0].metric;
        assert!(
            verdict.to_lowercase().contains(&first_metric.label().to_lowercase()),
            "{verdict} does not measure {}",
            first_metric.label()
        );
        assert!(has(&root, ".verdict[aria-live='polite']"), "the verdict is not announced");
        assert!(
            stored_progress().contains(&format!(
                "answer {} {} {}",
                lesson.slug,
                index + 1,
                wrong + 1
            )),
            "{}",
            stored_progress()
        );

        // The answer is locked: the choices say which is right and which was picked wrongly.
        let choices = by_test_id(&root, "prediction-choice");
        assert!(
            choices.iter().all(|choice| choice.has_attribute("disabled")),
            "a choice can still be picked after the reveal"
        );
        assert!(
            choices[right].text_content().unwrap_or_default().starts_with('✓'),
            "the right choice is not marked"
        );
        assert!(
            choices[wrong].text_content().unwrap_or_default().starts_with('✗'),
            "the wrong pick is not marked"
        );
        choices[right].click();
        assert!(
            test_id_text(&root, "verdict").contains("The simulation disagrees."),
            "a second pick changed the verdict"
        );

        // Trying again clears the answer for this visit; progress keeps the first one.
        by_test_id(&root, "try-again")[0].click();
        render_until!(!by_test_id(&root, "prediction-choice")[right].has_attribute("disabled"))
            .await;
        assert!(!has(&root, "svg.timeline-svg"), "the timeline shows again before the new answer");
        by_test_id(&root, "prediction-choice")[right].click();
        render_until!(test_id_text(&root, "verdict").contains("agrees with you")).await;
        assert!(
            test_id_text(&root, "verdict").contains("The simulation agrees with you."),
            "{}",
            test_id_text(&root, "verdict")
        );
        assert!(
            stored_progress().contains(&format!(
                "answer {} {} {}",
                lesson.slug,
                index + 1,
                wrong + 1
            )),
            "{}",
            stored_progress()
        );
        drop(app);

        // Coming back, the first answer is remembered, so the lab shows at once.
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(has(&root, "svg.timeline-svg")).await;
        assert!(has(&root, "svg.timeline-svg"));
        assert_eq!(
            by_test_id(&root, "prediction-choice")[wrong].get_attribute("aria-pressed").as_deref(),
            Some("true")
        );
        drop(app);
        storage().remove_item(KEY).unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_control_change_updates_the_timeline_and_the_metrics() {
        storage().remove_item(KEY).unwrap();
        let (lesson, details, index) =
            first_step(|step| !step.controls.is_empty()).expect("a lesson step with a control");
        let step = &details.steps[index];
        let control = &step.controls[0];
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(has(&root, "#step-control-0")).await;
        assert_eq!(value_of(&root, "#step-control-0"), control.current(&step.scenario));
        let label = root
            .query_selector("label[for='step-control-0']")
            .unwrap()
            .expect("the control is labelled");
        assert_eq!(label.text_content().unwrap_or_default(), control.label(&step.scenario));
        assert!(!control.label(&step.scenario).contains('\''), "no internal names in quotes");
        if step.prediction.is_some() {
            assert!(
                element(&root, "#step-control-0").has_attribute("disabled"),
                "the control works before the answer"
            );
            by_test_id(&root, "prediction-choice")[0].click();
            render_until!(!element(&root, "#step-control-0").has_attribute("disabled")).await;
        }
        let before = expected_cards(step, &step.scenario);
        render_until!(shown_cards(&root) == before).await;
        assert_eq!(shown_cards(&root), before);

        // The first value the control offers that changes what the metrics show.
        let (value, spec) = control
            .values(&step.scenario)
            .into_iter()
            .filter(|value| *value != control.current(&step.scenario))
            .find_map(|value| {
                let mut spec = step.scenario.clone();
                control.apply(&mut spec, &value).ok()?;
                (matches!(run(&spec), Outcome::Ready(_)) && expected_cards(step, &spec) != before)
                    .then_some((value, spec))
            })
            .expect("a value that changes the metrics");
        let after = expected_cards(step, &spec);
        let lanes = match run(&spec) {
            Outcome::Ready(trace) => trace.lanes.len() as u32,
            Outcome::Failed(message) => panic!("{message}"),
        };
        change(&root, "#step-control-0", &value, "change");
        render_until!(shown_cards(&root) == after).await;
        assert_eq!(shown_cards(&root), after, "after setting {control} to {value}");
        assert_eq!(value_of(&root, "#step-control-0"), value);
        assert_eq!(
            root.query_selector_all("svg.timeline-svg .lane").unwrap().length(),
            lanes,
            "the timeline shows the new trace"
        );
        if let Some(prediction) = &step.prediction {
            // The verdict stays the one on the step's own settings; the new figures stand beside it.
            let verdict = test_id_text(&root, "verdict");
            assert!(verdict.contains("With the settings you chose"), "{verdict}");
            let metrics = match run(&step.scenario) {
                Outcome::Ready(trace) => trace.metrics.clone(),
                Outcome::Failed(message) => panic!("{message}"),
            };
            let first_agrees = prediction.choices[0].check.holds(&metrics);
            assert_eq!(
                verdict.contains("The simulation agrees with you."),
                first_agrees,
                "{verdict}"
            );
        }
        by_test_id(&root, "reset-settings")[0].click();
        render_until!(shown_cards(&root) == before).await;
        assert_eq!(value_of(&root, "#step-control-0"), control.current(&step.scenario));
        assert!(
            by_test_id(&root, "reset-settings").is_empty(),
            "Reset is offered at the step's own settings"
        );
        drop(app);
        storage().remove_item(KEY).unwrap();
    }

    #[wasm_bindgen_test]
    async fn the_way_in_leads_to_lesson_1_then_to_where_the_learner_left_off() {
        let _progress = fresh_progress();
        let lessons = catalog::lessons();
        let (app, root) = mount("./");
        render_until!(!by_test_id(&root, "start-lessons").is_empty()).await;
        let start = &by_test_id(&root, "start-lessons")[0];
        assert_eq!(
            start.text_content().unwrap_or_default(),
            format!("Start lesson 1: {}", lessons[0].title)
        );
        assert_eq!(link_address(start), format!("lesson/{}/1/", lessons[0].slug));
        let first_button = root.query_selector(".home-links .button").unwrap().expect("a button");
        assert_eq!(
            first_button.get_attribute("data-testid").as_deref(),
            Some("start-lessons"),
            "the home page leads with the lessons"
        );
        assert!(
            has(&root, ".site-nav a[href='lessons/']"),
            "the header has no link to the lessons"
        );
        drop(app);

        // With the first lesson seen, the way in continues with the second.
        storage()
            .set_item(
                KEY,
                &(1..=lessons[0].steps)
                    .map(|step| format!("seen {} {step}\n", lessons[0].slug))
                    .collect::<String>(),
            )
            .unwrap();
        let (app, root) = mount("lessons/");
        render_until!(!by_test_id(&root, "start-lessons").is_empty()).await;
        assert_eq!(text_of(&root, "h1"), "Lessons");
        assert_eq!(by_test_id(&root, "lesson-link").len(), lessons.len());
        let start = &by_test_id(&root, "start-lessons")[0];
        assert_eq!(
            start.text_content().unwrap_or_default(),
            format!("Continue: lesson 2, step 1 — {}", lessons[1].title)
        );
        assert_eq!(link_address(start), format!("lesson/{}/1/", lessons[1].slug));
        drop(app);
        storage().remove_item(KEY).unwrap();

        // A lesson page lists every lesson, the current one marked.
        provide(&lessons[1]);
        let (app, root) = mount(&format!("lesson/{}/1/", lessons[1].slug));
        render_until!(has(&root, ".lesson-index")).await;
        assert_eq!(
            root.query_selector_all(".lesson-index li a").unwrap().length(),
            lessons.len() as u32
        );
        assert_eq!(text_of(&root, ".lesson-index a[aria-current='page']"), lessons[1].title);
        drop(app);
        let (app, root) = mount(&format!("lesson/{}/1/?embed=1", lessons[1].slug));
        render_until!(!test_id_text(&root, "step-counter").is_empty()).await;
        assert!(!has(&root, ".lesson-index"), "an embedded lesson lists the other lessons");
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn a_steps_settings_go_into_its_address_and_a_step_embeds_alone() {
        let _progress = fresh_progress();
        let (lesson, details, index) =
            first_step(|step| !step.controls.is_empty() && step.prediction.is_none())
                .expect("a step with controls and no question");
        let step = &details.steps[index];
        let control = &step.controls[0];
        let value = control
            .values(&step.scenario)
            .into_iter()
            .find(|value| *value != control.current(&step.scenario))
            .expect("another value");
        let plain = format!("lesson/{}/{}/", lesson.slug, index + 1);
        let (app, root) = mount(&plain);
        render_until!(has(&root, "#step-control-0")).await;
        change(&root, "#step-control-0", &value, "change");
        let with_setting = format!("{plain}?{control}={value}");
        render_until!(address() == with_setting).await;
        assert_eq!(address(), with_setting, "the setting is not in the address");
        // The Share panel gives the step with its settings; its embed code shows the step alone.
        assert!(
            text_of(&root, ".share-link").ends_with(&with_setting),
            "{}",
            text_of(&root, ".share-link")
        );
        let embed_button = root
            .query_selector(".share-buttons button:nth-child(2)")
            .unwrap()
            .expect("an Embed button");
        embed_button.dyn_into::<HtmlElement>().unwrap().click();
        render_until!(!text_of(&root, ".embed code").is_empty()).await;
        assert!(
            text_of(&root, ".embed code")
                .contains(&format!("{control}={value}&amp;embed=1&amp;only=1\"")),
            "{}",
            text_of(&root, ".embed code")
        );
        by_test_id(&root, "embed-step-only")[0].dyn_ref::<HtmlElement>().unwrap().click();
        render_until!(!text_of(&root, ".embed code").contains("only=1")).await;
        assert!(
            text_of(&root, ".embed code").contains("&amp;embed=1\""),
            "{}",
            text_of(&root, ".embed code")
        );
        drop(app);

        // Read back: the address sets the control, and what the page shows follows it.
        let (app, root) = mount(&with_setting);
        render_until!(has(&root, "#step-control-0")).await;
        assert_eq!(value_of(&root, "#step-control-0"), value);
        let mut spec = step.scenario.clone();
        control.apply(&mut spec, &value).unwrap();
        let expected = expected_cards(step, &spec);
        render_until!(shown_cards(&root) == expected).await;
        assert_eq!(shown_cards(&root), expected);
        assert!(text_of(&root, ".notices").is_empty(), "{}", text_of(&root, ".notices"));
        drop(app);

        // What the step cannot use is named, and ignored.
        let (app, root) = mount(&format!("{plain}?{control}=nonsense&nosuch=1"));
        render_until!(!text_of(&root, ".notices").is_empty()).await;
        let notices = all_text(&root, ".notices li");
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(notices[0].ends_with("cannot be 'nonsense'; ignored"), "{notices:?}");
        assert!(notices[1].starts_with("'nosuch' is not a setting of this step"), "{notices:?}");
        assert_eq!(value_of(&root, "#step-control-0"), control.current(&step.scenario));
        drop(app);

        // Embedded alone: no way to the other steps, by button or by key.
        let alone = format!("{plain}?embed=1&only=1");
        let (app, root) = mount(&alone);
        render_until!(has(&root, "#step-control-0")).await;
        assert!(
            element(&root, ".step-nav").has_attribute("hidden"),
            "Previous and Next show in a step embedded alone"
        );
        assert!(!has(&root, ".share"), "an embedded step offers to share itself");
        press(&element(&root, ".player"), "PageDown");
        press(&element(&root, ".player"), "ArrowRight");
        render_until!(address() == alone).await;
        assert_eq!(address(), alone, "a key moved an embedded step");
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn a_step_that_compares_with_an_earlier_one_shows_its_figures() {
        let _progress = fresh_progress();
        let (lesson, details, index) = first_step(|step| step.compare_with.is_some())
            .expect("a step that compares with an earlier one");
        let step = &details.steps[index];
        let earlier = step.compare_with.unwrap();
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(!by_test_id(&root, "prediction-choice").is_empty() || has(&root, ".metrics"))
            .await;
        if step.prediction.is_some() {
            by_test_id(&root, "prediction-choice")[0].click();
        }
        render_until!(has(&root, ".card-reference")).await;
        let expected: Vec<String> = match run(&details.steps[earlier].scenario) {
            Outcome::Ready(trace) => {
                let (lead, rest) = focused_cards(&trace, &focus_of(step.conditions()));
                lead.into_iter()
                    .chain(rest)
                    .map(|card| format!("Step {}: {}", earlier + 1, card.value))
                    .collect()
            }
            Outcome::Failed(message) => panic!("{message}"),
        };
        assert_eq!(all_text(&root, ".metrics .card-reference"), expected);
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn an_unknown_lesson_or_step_shows_the_lessons_with_a_notice() {
        let lessons = catalog::lessons();
        let (app, root) = mount("lesson/no-such-lesson/1/");
        render_until!(!text_of(&root, ".notice").is_empty()).await;
        assert_eq!(
            text_of(&root, ".notice"),
            "There is no lesson 'no-such-lesson'; here are the lessons."
        );
        assert_eq!(by_test_id(&root, "lesson-link").len(), lessons.len());

        let first = &lessons[0];
        provide(first);
        move_to(&format!("lesson/{}/999/", first.slug));
        render_until!(text_of(&root, ".notice").contains("999")).await;
        let notice = text_of(&root, ".notice");
        assert!(notice.contains(&format!("'{}' has no step '999'", first.title)), "{notice}");
        assert!(notice.contains(&format!("its steps are 1 to {}", first.steps)), "{notice}");
        assert_eq!(by_test_id(&root, "lesson-link").len(), lessons.len());

        // The embed query is accepted and kept on the links between steps.
        move_to(&format!("lesson/{}/1/?embed=1", first.slug));
        render_until!(!test_id_text(&root, "step-counter").is_empty()).await;
        assert!(text_of(&root, ".notice").is_empty());
        let next = link_address(&by_test_id(&root, "step-next")[0]);
        if first.steps > 1 {
            assert_eq!(next, format!("lesson/{}/2/?embed=1", first.slug));
        }
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn a_challenge_shows_its_progress_and_celebrates_when_met() {
        let (lesson, details, index) = first_step(|step| {
            step.challenge.is_some() && step.prediction.is_some() && !step.controls.is_empty()
        })
        .expect("a lesson step with a question, a challenge and controls");
        let step = &details.steps[index];
        let challenge = step.challenge.as_ref().unwrap();
        let (app, root) = mount(&format!("lesson/{}/{}/", lesson.slug, index + 1));
        render_until!(!by_test_id(&root, "prediction-choice").is_empty()).await;
        assert!(
            !has(&root, "[data-testid='challenge']"),
            "the challenge's progress gives the question's answer away"
        );
        by_test_id(&root, "prediction-choice")[0].click();
        render_until!(!element(&root, "#step-control-0").has_attribute("disabled")).await;
        render_until!(
            root.query_selector_all(".challenge-clause").unwrap().length()
                == challenge.check.clauses.len() as u32
        )
        .await;
        assert!(text_of(&root, "[data-testid='challenge']").contains(&challenge.goal));
        assert_eq!(
            root.query_selector_all(".challenge-clause").unwrap().length(),
            challenge.check.clauses.len() as u32
        );
        assert!(
            by_test_id(&root, "challenge-met").is_empty(),
            "the goal is met before the learner does anything"
        );
        assert!(
            all_text(&root, ".challenge-clause").iter().all(|clause| clause.contains(": now ")),
            "{:?}",
            all_text(&root, ".challenge-clause")
        );

        // A setting of the step's controls that meets the goal (the lesson checks make sure there is one).
        let setting = gil_lessons::check::find_setting(step).expect("the challenge can be met");
        for (control, value) in &setting {
            let number = step.controls.iter().position(|opened| opened == control).unwrap();
            change(&root, &format!("#step-control-{number}"), value, "change");
        }
        render_until!(!by_test_id(&root, "challenge-met").is_empty()).await;
        // The success names figures of the learner's run, as the cards write them.
        let mut spec = step.scenario.clone();
        for (control, value) in &setting {
            control.apply(&mut spec, value).expect("a value the control offers");
        }
        let learners = gil_lessons::check::run(&spec).expect("the setting runs");
        let compared = step.compare_with.map(|earlier| {
            gil_lessons::check::run(&details.steps[earlier].scenario).expect("runs")
        });
        let success = gil_lessons::figures::fill(&challenge.success, &learners, compared.as_ref());
        assert_eq!(test_id_text(&root, "challenge-met"), success, "after {setting:?}");
        assert!(!success.contains("{{"), "a figure left unfilled: {success}");
        assert!(
            has(&root, ".challenge-status[aria-live='polite'] .celebration"),
            "the success is not announced"
        );
        let clauses = all_text(&root, ".challenge-clause");
        assert!(clauses.iter().all(|clause| clause.ends_with("(met)")), "{clauses:?}");
        drop(app);
    }

    #[wasm_bindgen_test]
    async fn the_player_works_without_storage_and_with_a_corrupted_value() {
        storage().set_item(KEY, "\u{0}{\"not\": \"progress\"}\nseen").unwrap();
        let (app, root) = mount("./");
        render_until!(!by_test_id(&root, "lesson-link").is_empty()).await;
        let first = &catalog::lessons()[0];
        assert_eq!(
            all_text(&root, ".lesson-progress")[0],
            format!(
                "0 of {} {}",
                first.steps,
                if first.steps == 1 { "step seen" } else { "steps seen" }
            )
        );
        drop(app);

        // Start from no progress, in storage and in the page's memory of it.
        storage().set_item(KEY, "seen earlier 1").unwrap();
        gil_lab_web::lesson::storage::update(|progress| *progress = Default::default());
        assert_eq!(storage().get_item(KEY).unwrap().as_deref(), Some(""));

        let denied = deny_storage();
        assert!(window().local_storage().is_err(), "storage still readable");

        let lesson = with_two_steps();
        provide(&lesson);
        let (app, root) = mount(&format!("lesson/{}/1/", lesson.slug));
        render_until!(test_id_text(&root, "step-counter").starts_with("Step 1 ")).await;
        by_test_id(&root, "step-next")[0].click();
        render_until!(test_id_text(&root, "step-counter").starts_with("Step 2 ")).await;
        assert!(test_id_text(&root, "step-counter").starts_with("Step 2 "));
        // Progress is kept in memory for the page's lifetime.
        move_to("./");
        render_until!(!by_test_id(&root, "lesson-link").is_empty()).await;
        assert!(
            document_title().starts_with("GIL Lab:"),
            "home names itself: {}",
            document_title()
        );
        let index =
            catalog::lessons().iter().position(|listed| listed.slug == lesson.slug).unwrap();
        assert_eq!(
            all_text(&root, ".lesson-progress")[index],
            format!("2 of {} steps seen", lesson.steps)
        );
        drop(app);

        drop(denied);
        assert!(window().local_storage().is_ok(), "storage is still denied");
        storage().remove_item(KEY).unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_step_text_that_cannot_load_offers_a_retry() {
        let lesson = &catalog::lessons()[0];
        provide(lesson);
        let (app, root) = mount(&format!("lesson/{}/1/", lesson.slug));
        render_until!(has(&root, ".step-text") || has(&root, ".load-error")).await;
        // The test server does not serve the build's lessons/ folder.
        let message = text_of(&root, ".load-error");
        assert!(
            message.contains("The text of this step could not be loaded")
                && message.contains("404"),
            "{message}"
        );
        by_test_id(&root, "retry")[0].click();
        // The loading line lasts only as long as the second request, too briefly for render_until!
        // to see: rendered at once, it shows before that request can have failed.
        yew::scheduler::flush().await;
        assert!(has(&root, ".loading"), "Retry does not show the text loading again");
        render_until!(has(&root, ".load-error")).await;
        assert!(has(&root, ".load-error"), "the retry ends in the same message");
        drop(app);
    }

    /// Whether the page has fetched a URL ending in `path` (the browser's resource timing entries).
    fn requested(path: &str) -> bool {
        let entries =
            super::window().performance().expect("performance").get_entries_by_type("resource");
        entries
            .iter()
            .any(|entry| entry.unchecked_into::<web_sys::PerformanceEntry>().name().ends_with(path))
    }

    #[wasm_bindgen_test]
    async fn a_lesson_file_that_cannot_load_offers_a_retry_that_loads_it() {
        let lesson = *catalog::lessons()
            .iter()
            .find(|entry| details::cached(entry.slug).is_none())
            .expect("a lesson no test has loaded");
        let (app, root) = mount(&format!("lesson/{}/1/", lesson.slug));
        render_until!(has(&root, ".load-error")).await;
        let message = text_of(&root, ".load-error");
        let url = format!("lessons/{}/lesson.json", lesson.slug);
        assert!(
            message.contains("This lesson could not be loaded")
                && message.contains("404")
                && message.contains(&url),
            "{message}"
        );
        assert_eq!(
            test_id_text(&root, "step-counter"),
            format!("Step 1 of {}", lesson.steps),
            "the index gives the step counter at once"
        );
        assert!(!has(&root, "#step-title"), "a step without its lesson's file");
        // The step's text was asked for beside the lesson's file, not once the file is there.
        let text = format!("lessons/{}/1.html", lesson.slug);
        render_until!(requested(&text)).await;
        assert!(requested(&text), "{text} was not requested");

        // The file can be had again (as when the network comes back): Retry loads it.
        let details = provide(&lesson);
        by_test_id(&root, "retry")[0].click();
        render_until!(text_of(&root, "#step-title") == details.steps[0].title).await;
        assert_eq!(text_of(&root, "#step-title"), details.steps[0].title);
        assert!(!has(&root, ".player > .load-error"), "the message stays after the lesson loaded");
        drop(app);
    }

    /// The page's decoder over the browser's `JSON.parse` against the same decoder over serde_json.
    #[wasm_bindgen_test]
    fn wiring_the_page_reads_every_lesson_file_as_the_native_decoder_does() {
        for entry in catalog::lessons() {
            let native = serde_json::from_str(file_of(entry)).expect("the build wrote JSON");
            assert_eq!(
                read(entry),
                lesson_details::<serde_json::Value>(native, entry.steps).expect("the file reads"),
                "{}",
                entry.slug
            );
        }
    }

    /// Costs, which no lesson in content/ may set: an object read field by field.
    #[wasm_bindgen_test]
    fn the_page_reads_the_costs_of_a_lesson_file() {
        let entry = &catalog::lessons()[0];
        let mut file: serde_json::Value = serde_json::from_str(file_of(entry)).unwrap();
        file["steps"][0]["scenario"]["costs"] =
            serde_json::json!({ "lock": "300ns", "old_waiter_wins": "7%" });
        let costs = details::read(entry, &file.to_string()).expect("costs read").steps[0]
            .scenario
            .costs
            .clone();
        assert_eq!(
            (costs.lock.as_deref(), costs.old_waiter_wins.as_deref()),
            (Some("300ns"), Some("7%"))
        );
    }

    #[wasm_bindgen_test]
    fn a_malformed_lesson_file_is_refused_naming_the_file_and_the_field() {
        let entry = &catalog::lessons()[0];
        let url = format!("lessons/{}/lesson.json", entry.slug);
        let problem = |text: &str| details::read(entry, text).expect_err(text);
        assert!(problem("{").starts_with(&format!("{url} is not JSON (")), "{}", problem("{"));
        assert_eq!(problem("[]"), format!("{url}: the file: expected an object"));
        assert_eq!(problem(r#"{ "steps": [] }"#), format!("{url}: reading is missing"));
        assert_eq!(
            problem(r#"{ "reading": [{ "title": "PEP 703" }], "steps": [] }"#),
            format!("{url}: reading[0].url is missing")
        );
        assert_eq!(
            problem(r#"{ "reading": [], "steps": [] }"#),
            format!(
                "{url}: steps: expected {} steps, as the lessons' index says, not 0",
                entry.steps
            )
        );
        let mut file: serde_json::Value = serde_json::from_str(file_of(entry)).unwrap();
        file["steps"][0]["scenario"]["costs"] = serde_json::json!({ "lightspeed": "1ms" });
        assert!(problem(&file.to_string()).starts_with(&format!(
            "{url}: steps[0].scenario.costs: 'lightspeed' is not a cost; allowed: "
        )));
        file["steps"][0]["scenario"]["costs"] = serde_json::json!([]);
        assert_eq!(
            problem(&file.to_string()),
            format!("{url}: steps[0].scenario.costs: expected an object")
        );
    }
}
