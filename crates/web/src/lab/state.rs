//! The lab's state: the quick form's parameters, or the groups of workers the learner writes
//! programs for (the sandbox), the notices about the URL they came from, the scenario they make
//! and what simulating it gave, changed only through [`LabAction`]s (Yew's `use_reducer`).
//!
//! Typing in a program editor changes only that group's draft; the scenario takes the draft when
//! the editor commits it (after a pause in typing) and it reads, so the timeline never shows a
//! half-typed program and typing never waits for a simulation.

use std::rc::Rc;

use yew::prelude::*;

use super::presets::PRESETS;
use crate::params::Param;
use crate::run::{run, Outcome};
use gil_link::query::{is_scenario_query, read, write};
use gil_link::quick_form::{scenario, to_query, LabParams};
use gil_link::Notice;
use gil_sim::program::Program;
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::{CostsSpec, WorkerSpec};
use gil_sim::time::{parse_duration, short_duration};
use gil_sim::ScenarioSpec;

/// The most workers one group may have; the simulator's own limits on the whole scenario apply too.
pub const MAX_GROUP_COUNT: u32 = 64;

/// One group of workers: what the simulator runs, and the program as it stands in its editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub worker: WorkerSpec,
    pub draft: String,
}

impl Group {
    fn new(worker: WorkerSpec) -> Group {
        Group { draft: worker.program.clone(), worker }
    }

    /// Whether the editor shows something other than what was simulated.
    pub fn pending(&self) -> bool {
        self.draft != self.worker.program
    }
}

/// What the sandbox adds to the quick form's global settings (cores, Python, switch interval, seed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    pub title: String,
    pub wake_order: String,
    pub executor_workers: Option<u32>,
    pub costs: CostsSpec,
    pub groups: Vec<Group>,
}

impl Sandbox {
    fn from_spec(spec: ScenarioSpec) -> Sandbox {
        Sandbox {
            title: spec.title,
            wake_order: spec.wake_order,
            executor_workers: spec.executor_workers,
            costs: spec.costs,
            groups: spec.workers.into_iter().map(Group::new).collect(),
        }
    }
}

/// A change to one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupChange {
    Kind(WorkerKind),
    Name(String),
    Count(u32),
    /// A process's start method; `None` for the Python version's default.
    StartMethod(Option<String>),
    /// Replace the program with [`PRESETS`]`[index]` (and the kind, if the preset needs one).
    Preset(usize),
    /// The program as typed.
    Type(String),
    /// Simulate the typed program, if it reads.
    Commit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabAction {
    /// A control of the quick form or of the global settings changed.
    Set(Param),
    /// The URL's query string changed (a link followed, the address edited).
    Load(String),
    WakeOrder(String),
    /// Leave the quick form for groups with programs, starting from what the quick form made.
    WritePrograms,
    /// Back to the quick form as it was.
    QuickForm,
    AddGroup,
    DuplicateGroup(usize),
    RemoveGroup(usize),
    Group(usize, GroupChange),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabState {
    /// The quick form, and the global settings the sandbox shares with it.
    pub params: LabParams,
    /// The groups the learner writes programs for; `None` while the quick form makes the workers.
    pub sandbox: Option<Sandbox>,
    /// What the query string had that the lab changed or ignored.
    pub notices: Vec<Notice>,
    pub spec: ScenarioSpec,
    pub outcome: Outcome,
    /// What was shown before the last change, until the next one.
    pub previous: Option<Outcome>,
}

/// The scenario the settings make.
fn spec_of(params: &LabParams, sandbox: Option<&Sandbox>) -> ScenarioSpec {
    match sandbox {
        None => scenario::spec(params),
        Some(sandbox) => ScenarioSpec {
            title: sandbox.title.clone(),
            python: params.python.clone(),
            cores: params.cores,
            switch_interval: short_duration(params.switch_interval),
            seed: params.seed,
            wake_order: sandbox.wake_order.clone(),
            executor_workers: sandbox.executor_workers,
            costs: sandbox.costs.clone(),
            workers: sandbox.groups.iter().map(|group| group.worker.clone()).collect(),
        },
    }
}

/// The settings a lab query describes: a whole scenario (version 2) or the quick form (version 1).
fn settings_of(query: &str) -> (LabParams, Option<Sandbox>, Vec<Notice>) {
    if !is_scenario_query(query) {
        let (params, notices) = crate::params::parse(query);
        return (params, None, notices);
    }
    let (spec, notices) = read(query);
    let defaults = LabParams::default();
    let params = LabParams {
        cores: spec.cores,
        python: spec.python.clone(),
        switch_interval: parse_duration(&spec.switch_interval).unwrap_or(defaults.switch_interval),
        seed: spec.seed,
        ..defaults
    };
    (params, Some(Sandbox::from_spec(spec)), notices)
}

impl LabState {
    pub fn new(params: LabParams, sandbox: Option<Sandbox>, notices: Vec<Notice>) -> LabState {
        let spec = spec_of(&params, sandbox.as_ref());
        let outcome = if spec.workers.is_empty() {
            Outcome::Failed("There is nothing to run: add a thread, a process, an asyncio task or a subinterpreter.".into())
        } else {
            run(&spec)
        };
        LabState { params, sandbox, notices, spec, outcome, previous: None }
    }

    /// The state a URL's query string (`c=2&t=2…` or `v=2&…&w=…`) describes.
    pub fn from_query(query: &str) -> LabState {
        let (params, sandbox, notices) = settings_of(query);
        LabState::new(params, sandbox, notices)
    }

    /// The query string that gives this state back: the quick form's keys while it is in use,
    /// the whole scenario otherwise.
    pub fn query(&self) -> String {
        match self.sandbox {
            None => to_query(&self.params),
            Some(_) => write(&self.spec),
        }
    }

    /// Whether some editor holds a program the timeline does not show yet.
    pub fn programs_pending(&self) -> bool {
        self.sandbox.as_ref().is_some_and(|sandbox| sandbox.groups.iter().any(Group::pending))
    }
}

impl Default for LabState {
    fn default() -> LabState {
        LabState::new(LabParams::default(), None, Vec::new())
    }
}

fn change_group(group: &mut Group, change: GroupChange) {
    let worker = &mut group.worker;
    match change {
        GroupChange::Kind(kind) => {
            if kind != WorkerKind::Process {
                worker.start_method = None;
            }
            worker.kind = kind.as_str().into();
        }
        GroupChange::Name(name) => {
            worker.name = Some(name.trim().to_string()).filter(|name| !name.is_empty())
        }
        GroupChange::Count(count) => worker.count = count.clamp(1, MAX_GROUP_COUNT),
        GroupChange::StartMethod(method) => worker.start_method = method,
        GroupChange::Preset(index) => {
            if let Some(preset) = PRESETS.get(index) {
                if let Some(kind) = preset.kind {
                    worker.kind = kind.as_str().into();
                    worker.start_method = None;
                }
                worker.program = preset.program.into();
                group.draft = preset.program.into();
            }
        }
        GroupChange::Type(text) => group.draft = text,
        GroupChange::Commit => {
            if Program::parse(&group.draft).is_ok() {
                worker.program = group.draft.clone();
            }
        }
    }
}

/// A new group: one CPU-bound thread.
fn new_group() -> Group {
    Group::new(WorkerSpec {
        kind: WorkerKind::Thread.as_str().into(),
        name: None,
        count: 1,
        program: PRESETS[0].program.into(),
        start_method: None,
    })
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut params = self.params.clone();
        let mut sandbox = self.sandbox.clone();
        let mut notices = Vec::new();
        match action {
            LabAction::Set(change) => change.apply_to(&mut params),
            LabAction::Load(query) => (params, sandbox, notices) = settings_of(&query),
            LabAction::WritePrograms => {
                let quick = scenario::spec(&params);
                sandbox = Some(Sandbox { title: String::new(), ..Sandbox::from_spec(quick) });
            }
            LabAction::QuickForm => sandbox = None,
            LabAction::WakeOrder(order) => {
                sandbox.iter_mut().for_each(|sandbox| sandbox.wake_order = order.clone())
            }
            LabAction::AddGroup => {
                sandbox.iter_mut().for_each(|sandbox| sandbox.groups.push(new_group()))
            }
            LabAction::DuplicateGroup(index) => {
                if let Some(groups) = sandbox.as_mut().map(|sandbox| &mut sandbox.groups) {
                    if let Some(group) = groups.get(index).cloned() {
                        groups.insert(index + 1, group);
                    }
                }
            }
            LabAction::RemoveGroup(index) => {
                if let Some(groups) = sandbox.as_mut().map(|sandbox| &mut sandbox.groups) {
                    if index < groups.len() {
                        groups.remove(index);
                    }
                }
            }
            LabAction::Group(index, change) => {
                if let Some(group) =
                    sandbox.as_mut().and_then(|sandbox| sandbox.groups.get_mut(index))
                {
                    change_group(group, change);
                }
            }
        }
        let spec = spec_of(&params, sandbox.as_ref());
        if spec != self.spec {
            let mut changed = LabState::new(params, sandbox, notices);
            changed.previous = Some(self.outcome.clone());
            return Rc::new(changed);
        }
        if params == self.params && sandbox == self.sandbox && notices == self.notices {
            return self;
        }
        Rc::new(LabState {
            params,
            sandbox,
            notices,
            spec,
            outcome: self.outcome.clone(),
            previous: self.previous.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_simulates_again_and_clears_the_notices() {
        let state = Rc::new(LabState::from_query("c=99"));
        assert_eq!(state.notices.len(), 1);
        let edited = state.clone().reduce(LabAction::Set(Param::Cores(1)));
        assert!(edited.notices.is_empty());
        assert_eq!(edited.spec.cores, 1);
        assert!(matches!(edited.outcome, Outcome::Ready(_)));
        let same = edited.clone().reduce(LabAction::Load(to_query(&edited.params)));
        assert!(Rc::ptr_eq(&same, &edited), "loading the same settings keeps the state");
    }

    #[test]
    fn each_change_of_the_quick_form_is_simulated() {
        let start = Rc::new(LabState::default());
        for (change, expected) in crate::params::every_change() {
            let changed = start.clone().reduce(LabAction::Set(change.clone()));
            assert_eq!(changed.params, expected, "{change:?}");
            assert_eq!(changed.spec, scenario::spec(&expected), "{change:?}");
            // A change the scenario does not show (the I/O wait of CPU-bound work) does not simulate again.
            assert_eq!(changed.previous.is_some(), changed.spec != start.spec, "{change:?}");
        }
        let same = start.clone().reduce(LabAction::Set(Param::Cores(start.params.cores)));
        assert!(Rc::ptr_eq(&same, &start), "setting a parameter to its value keeps the state");
    }

    #[test]
    fn the_sandbox_takes_the_global_settings_from_the_form() {
        let sandbox = Rc::new(LabState::from_query("v=2&c=2&w=thread:cpu+10ms"));
        let changed = sandbox
            .reduce(LabAction::Set(Param::Cores(3)))
            .reduce(LabAction::Set(Param::Python("3.13".into())))
            .reduce(LabAction::Set(Param::SwitchInterval(gil_sim::time::MILLISECOND)))
            .reduce(LabAction::Set(Param::Seed(9)));
        assert_eq!(
            (
                changed.spec.cores,
                changed.spec.python.as_str(),
                changed.spec.switch_interval.as_str()
            ),
            (3, "3.13", "1ms")
        );
        assert_eq!(changed.spec.seed, 9);
        assert_eq!(changed.spec.workers[0].program, "cpu 10ms", "the groups stay");
    }

    #[test]
    fn an_impossible_scenario_is_a_message() {
        let state = LabState::from_query("py=2.7&a=2&t=0");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.contains("asyncio tasks need Python 3.5"), "{message}")
            }
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
    fn a_worker_longer_than_the_cap_is_refused_without_simulating() {
        // 2 s of work at a 100 µs interval: 20,000 intervals for that worker alone.
        let state = LabState::from_query("si=100us&work=2s&t=1");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.contains("at least 2.00 s"), "{message}");
                assert!(
                    message.contains("10,000 switch intervals (10,000 × 100 µs = 1.00 s)"),
                    "{message}"
                );
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
                assert!(
                    message.starts_with("This scenario is too long for the page: it simulates 1.8"),
                    "{message}"
                )
            }
            Outcome::Ready(_) => panic!("1.8 s at 100 µs ran"),
        }
        assert!(matches!(
            LabState::from_query("si=100us&work=400ms&t=2&c=2").outcome,
            Outcome::Ready(_)
        ));
    }

    #[test]
    fn a_run_needing_too_many_actions_is_refused_naming_the_limit() {
        // 16 threads each doing 20,000 rounds of 50 µs CPU and 50 µs I/O: far more than 100,000 actions.
        let state = LabState::from_query("t=16&si=100ms&work=2s&cpu=50&io=50us");
        match &state.outcome {
            Outcome::Failed(message) => {
                assert!(message.contains("more than 100,000 scheduling actions"), "{message}")
            }
            Outcome::Ready(_) => panic!("ran"),
        }
    }

    #[test]
    fn a_program_is_simulated_when_committed_and_only_if_it_reads() {
        let state =
            Rc::new(LabState::from_query("v=2&c=2&w=thread,name=hog:cpu+200ms&w=thread,name=io:repeat+20+%7B+io+1ms;+cpu+20us+%7D"));
        assert!(state.sandbox.is_some());
        let typed = state
            .clone()
            .reduce(LabAction::Group(1, GroupChange::Type("repeat 20 { io 1ms; cpu 2".into())));
        assert_eq!(
            typed.outcome.trace().expect("ran"),
            state.outcome.trace().expect("ran"),
            "typing does not simulate"
        );
        assert!(typed.programs_pending());
        let broken = typed.clone().reduce(LabAction::Group(1, GroupChange::Commit));
        assert_eq!(broken.spec, state.spec, "a program that does not read is not simulated");
        assert!(broken.programs_pending());
        let fixed = broken
            .reduce(LabAction::Group(1, GroupChange::Type("repeat 20 { io 1ms; cpu 2ms }".into())))
            .reduce(LabAction::Group(1, GroupChange::Commit));
        assert!(!fixed.programs_pending());
        assert_eq!(fixed.spec.workers[1].program, "repeat 20 { io 1ms; cpu 2ms }");
        assert!(fixed.previous.is_some(), "the run before the change stays to compare with");
        assert_eq!(
            LabState::from_query(&fixed.query()).spec,
            fixed.spec,
            "the link keeps the committed program"
        );
    }

    #[test]
    fn the_quick_form_becomes_groups_and_back() {
        let quick = Rc::new(LabState::from_query("t=2&p=1&cpu=50&seed=4"));
        let groups = quick.clone().reduce(LabAction::WritePrograms);
        let sandbox = groups.sandbox.as_ref().expect("groups");
        assert_eq!(sandbox.groups.len(), 2);
        assert_eq!(sandbox.groups[1].worker.start_method.as_deref(), Some("fork"));
        assert_eq!(
            groups.outcome.trace().map(|trace| trace.hash()),
            quick.outcome.trace().map(|trace| trace.hash()),
            "the same scenario"
        );
        assert!(
            groups.query().starts_with("v=2&py=3.12&c=2&si=5ms&seed=4&wake=fifo&w=thread,n=2:"),
            "{}",
            groups.query()
        );
        let more = groups
            .reduce(LabAction::AddGroup)
            .reduce(LabAction::DuplicateGroup(2))
            .reduce(LabAction::Group(3, GroupChange::Preset(5)))
            .reduce(LabAction::RemoveGroup(0));
        let kinds: Vec<&str> =
            more.spec.workers.iter().map(|worker| worker.kind.as_str()).collect();
        assert_eq!(kinds, ["process", "thread", "task"]);
        assert!(more.outcome.trace().is_some(), "{:?}", more.outcome);
        let back = more.reduce(LabAction::QuickForm);
        assert_eq!(back.spec, quick.spec);
    }

    #[test]
    fn a_process_group_loses_its_start_method_when_it_becomes_a_thread() {
        let state = Rc::new(LabState::from_query("v=2&w=process,sm=spawn:cpu+10ms"));
        let thread = state.reduce(LabAction::Group(0, GroupChange::Kind(WorkerKind::Thread)));
        assert_eq!(thread.spec.workers[0].start_method, None);
        assert!(thread.outcome.trace().is_some());
    }
}
