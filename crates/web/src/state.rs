//! The lab's state: its parameters, the notices about the URL they came from, the scenario they
//! make and what simulating it gave, changed only through [`LabAction`]s (Yew's `use_reducer`).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::lab::query::{self, LabParams, Notice};
use super::lab::scenario;
use super::route::{self, Route};
use gil_lessons::limits::{simulate_within, Refusal};
use gil_sim::time::{format_duration, Nanos};
use gil_sim::{Scenario, ScenarioSpec, Trace, MAX_ACTIONS};

pub use gil_lessons::limits::{MAX_SWITCH_INTERVALS, PAGE_ACTION_LIMIT as ACTION_LIMIT};

/// What simulating a scenario gave: a trace, or a message that says what went wrong.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ready(Rc<Trace>),
    Failed(String),
}

impl PartialEq for Outcome {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Outcome::Ready(a), Outcome::Ready(b)) => Rc::ptr_eq(a, b),
            (Outcome::Failed(a), Outcome::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// `12345678` as `12,345,678`.
pub fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Why a scenario whose simulated time is `simulated` (or at least that) is refused.
fn too_long(simulated: Nanos, at_least: bool, switch_interval: Nanos) -> String {
    format!(
        "This scenario is too long for the page: it simulates {}{}, more than {} switch intervals \
         ({} × {} = {}). Use less work per worker, fewer workers or a longer switch interval.",
        if at_least { "at least " } else { "" },
        format_duration(simulated),
        thousands(MAX_SWITCH_INTERVALS),
        thousands(MAX_SWITCH_INTERVALS),
        format_duration(switch_interval),
        format_duration(switch_interval.saturating_mul(MAX_SWITCH_INTERVALS)),
    )
}

/// Checks and simulates a scenario within the page's limits ([`MAX_SWITCH_INTERVALS`] of simulated
/// time, [`ACTION_LIMIT`] actions); a refusal names the limit and what to change. Never panics.
pub fn run(spec: &ScenarioSpec) -> Outcome {
    run_with_limit(spec, ACTION_LIMIT)
}

/// [`run`] with another action limit (a page that runs several scenarios at once shares one budget).
pub fn run_with_limit(spec: &ScenarioSpec, action_limit: u64) -> Outcome {
    let scenario = match Scenario::from_spec(spec) {
        Ok(scenario) => scenario,
        Err(problem) => return Outcome::Failed(format!("This scenario cannot run: {problem}")),
    };
    match simulate_within(&scenario, action_limit) {
        Ok(trace) => Outcome::Ready(Rc::new(trace)),
        Err(Refusal::TooLong { simulated, at_least }) => Outcome::Failed(too_long(simulated, at_least, scenario.switch_interval)),
        Err(Refusal::TooBig { simulated }) => Outcome::Failed(format!(
            "This scenario is too big for the page: it needs more than {} scheduling actions, the most the page \
             simulates so that it answers at once (it had reached {} of simulated time). Use fewer workers, less work per \
             worker, longer I/O waits or a longer switch interval; the command line (gil-lab run) allows {}.",
            thousands(action_limit),
            format_duration(simulated),
            thousands(MAX_ACTIONS)
        )),
        Err(Refusal::Failed(problem)) => Outcome::Failed(format!("The simulation did not finish: {problem}")),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    pub params: LabParams,
    /// What the query string had that the lab changed or ignored.
    pub notices: Vec<Notice>,
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
}

impl LabState {
    pub fn new(params: LabParams, notices: Vec<Notice>) -> LabState {
        let spec = scenario::spec(&params);
        let outcome = if spec.workers.is_empty() {
            Outcome::Failed("There is nothing to run: add a thread, a process, an asyncio task or a subinterpreter.".into())
        } else {
            run(&spec)
        };
        LabState { params, notices, spec, outcome }
    }

    /// The state a URL's query string (`c=2&t=2…`) describes.
    pub fn from_query(query: &str) -> LabState {
        let (params, notices) = query::parse(query);
        LabState::new(params, notices)
    }
}

impl Default for LabState {
    fn default() -> LabState {
        LabState::new(LabParams::default(), Vec::new())
    }
}

pub enum LabAction {
    /// A control changed a parameter.
    Edit(Box<dyn FnOnce(&mut LabParams)>),
    /// The URL's query string changed (a link followed, the address edited).
    Load(String),
}

/// Loads the page's settings again when its URL changed (a link followed, the address edited):
/// `changes` counts the `hashchange`s, since following a link to the URL a page opened with must
/// load it again. Not on the first render, whose state already came from the URL: an edit made
/// before the first effects run would be undone. `dispatch` is the page's reducer's, as a callback:
/// one copy of this hook serves the lab and the compare view.
#[hook]
pub fn use_reload_on_url_change(dispatch: Callback<LabAction>, query: AttrValue, changes: u32) {
    let loaded = use_mut_ref(|| (query.clone(), changes));
    use_effect_with((query, changes), move |key| {
        if *loaded.borrow() != *key {
            *loaded.borrow_mut() = key.clone();
            dispatch.emit(LabAction::Load(key.0.to_string()));
        }
    });
}

/// How long a page's settings must rest before its URL is updated to them.
const URL_WRITE_DELAY: Duration = Duration::from_millis(150);

/// Writes `hash`, a page's settings, into the address bar without a new history entry, once it has
/// rested a moment. `replaceState` takes milliseconds that a new timeline needs to be on screen
/// within a frame, and Chromium throttles the many in a row a dragged slider would make. A newer
/// hash or leaving the page cancels the write, and it happens only while the address is still
/// the page's (`is_page`): never over a link followed meanwhile.
#[hook]
pub fn use_url_written_at_rest(hash: String, is_page: fn(&Route) -> bool) {
    use_effect_with(hash, move |hash| {
        let cancelled = Rc::new(Cell::new(false));
        yew::platform::spawn_local({
            let (hash, cancelled) = (hash.clone(), cancelled.clone());
            async move {
                yew::platform::time::sleep(URL_WRITE_DELAY).await;
                if !cancelled.get() {
                    write_hash(&hash, is_page);
                }
            }
        });
        move || cancelled.set(true)
    });
}

fn write_hash(hash: &str, is_page: fn(&Route) -> bool) {
    let Some(window) = web_sys::window() else { return };
    let current = window.location().hash().unwrap_or_default();
    if current != hash && is_page(&route::parse(&current)) {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
        }
    }
}

impl LabAction {
    /// The parameters after this action, and the notices about them; `parse` reads a query string
    /// (the lab's and the compare view's differ).
    pub fn apply(self, params: &LabParams, parse: fn(&str) -> (LabParams, Vec<Notice>)) -> (LabParams, Vec<Notice>) {
        match self {
            LabAction::Edit(edit) => {
                let mut params = params.clone();
                edit(&mut params);
                (params, Vec::new())
            }
            LabAction::Load(query) => parse(&query),
        }
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let (params, notices) = action.apply(&self.params, query::parse);
        if params == self.params && notices == self.notices {
            return self;
        }
        if params == self.params {
            let mut same = (*self).clone();
            same.notices = notices;
            return Rc::new(same);
        }
        Rc::new(LabState::new(params, notices))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_simulates_again_and_clears_the_notices() {
        let state = Rc::new(LabState::from_query("c=99"));
        assert_eq!(state.notices.len(), 1);
        let edited = state.clone().reduce(LabAction::Edit(Box::new(|params| params.cores = 1)));
        assert!(edited.notices.is_empty());
        assert_eq!(edited.spec.cores, 1);
        assert!(matches!(edited.outcome, Outcome::Ready(_)));
        let same = edited.clone().reduce(LabAction::Load(query::to_query(&edited.params)));
        assert!(Rc::ptr_eq(&same, &edited), "loading the same settings keeps the state");
    }

    #[test]
    fn an_impossible_scenario_is_a_message() {
        let state = LabState::from_query("py=2.7&a=2&t=0");
        match &state.outcome {
            Outcome::Failed(message) => assert!(message.contains("asyncio tasks need Python 3.5"), "{message}"),
            Outcome::Ready(_) => panic!("asyncio on Python 2.7 ran"),
        }
        let nobody = LabState::from_query("t=0");
        assert!(
            matches!(&nobody.outcome, Outcome::Failed(message) if message.starts_with("There is nothing to run")),
            "{:?}",
            nobody.outcome
        );
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
    }

    #[test]
    fn a_worker_longer_than_the_cap_is_refused_without_simulating() {
        // 2 s of work at a 100 µs interval: 20,000 intervals for that worker alone.
        let state = LabState::from_query("si=100us&work=2s&t=1");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.contains("at least 2.00 s"), "{message}");
                assert!(message.contains("10,000 switch intervals (10,000 × 100 µs = 1.00 s)"), "{message}");
            }
            Outcome::Ready(_) => panic!("2 s at 100 µs ran"),
        }
    }

    #[test]
    fn a_run_longer_than_the_cap_is_refused_after_simulating() {
        // Each thread alone needs 0.9 s (under the 1 s cap), but the GIL makes two take about 1.8 s.
        let state = LabState::from_query("si=100us&work=900ms&t=2&c=2");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.starts_with("This scenario is too long for the page: it simulates 1.8"), "{message}")
            }
            Outcome::Ready(_) => panic!("1.8 s at 100 µs ran"),
        }
        assert!(matches!(LabState::from_query("si=100us&work=400ms&t=2&c=2").outcome, Outcome::Ready(_)));
    }

    #[test]
    fn a_run_needing_too_many_actions_is_refused_naming_the_limit() {
        // 16 threads each doing 20,000 rounds of 50 µs CPU and 50 µs I/O: far more than 100,000 actions.
        let state = LabState::from_query("t=16&si=100ms&work=2s&cpu=50&io=50us");
        match &state.outcome {
            Outcome::Failed(message) => assert!(message.contains("more than 100,000 scheduling actions"), "{message}"),
            Outcome::Ready(_) => panic!("ran"),
        }
    }
}
