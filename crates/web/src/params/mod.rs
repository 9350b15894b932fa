//! The quick form's parameters as the page changes them — cores, Python, switch interval, how
//! many threads, processes, tasks and subinterpreters, and what each does — shared by the lab and
//! the compare view. The parameters, their link (version 1) and the scenario they make are
//! gil-link's ([`gil_link::quick_form`]); here are the page's limits on reading a link ([`parse`],
//! [`parse_compare`]) and the actions that change the parameters: each a value ([`Param`],
//! [`ParamsAction`]) that can be printed, compared and tested, as in Yew's function_todomvc example.

use gil_lessons::limits::{PAGE_MAX_CORES, PAGE_MAX_GROUP, PAGE_MAX_TASK_GROUP, SWITCH_INTERVALS};
use gil_link::quick_form::{self, LabParams, Limits};
use gil_link::Notice;
use gil_sim::python::StartMethod;
use gil_sim::time::Nanos;

/// What the page runs: a link asking for more is clamped to it.
const PAGE_LIMITS: Limits = Limits {
    cores: PAGE_MAX_CORES,
    group: PAGE_MAX_GROUP,
    task_group: PAGE_MAX_TASK_GROUP,
    switch_interval: (SWITCH_INTERVALS[0], SWITCH_INTERVALS[SWITCH_INTERVALS.len() - 1]),
};

/// The lab's parameters from its query string, within the page's limits.
pub fn parse(query: &str) -> (LabParams, Vec<Notice>) {
    quick_form::parse(query, &PAGE_LIMITS)
}

/// The compare view's parameters from its query string, within the page's limits.
pub fn parse_compare(query: &str) -> (LabParams, Vec<Notice>) {
    quick_form::parse_compare(query, &PAGE_LIMITS)
}

/// One parameter of the quick form set to a new value, as a control sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    Cores(u32),
    Python(String),
    SwitchInterval(Nanos),
    Threads(u32),
    Processes(u32),
    Tasks(u32),
    Interpreters(u32),
    CpuPercent(u32),
    Work(Nanos),
    IoWait(Nanos),
    NativePercent(u32),
    StartMethod(StartMethod),
    Seed(u64),
}

impl Param {
    /// `params` with this parameter changed.
    pub fn apply_to(self, params: &mut LabParams) {
        match self {
            Param::Cores(cores) => params.cores = cores,
            Param::Python(python) => params.python = python,
            Param::SwitchInterval(interval) => params.switch_interval = interval,
            Param::Threads(count) => params.threads = count,
            Param::Processes(count) => params.processes = count,
            Param::Tasks(count) => params.tasks = count,
            Param::Interpreters(count) => params.interpreters = count,
            Param::CpuPercent(percent) => params.cpu_percent = percent,
            Param::Work(work) => params.work = work,
            Param::IoWait(wait) => params.io_wait = wait,
            Param::NativePercent(percent) => params.native_percent = percent,
            Param::StartMethod(method) => params.start_method = method,
            Param::Seed(seed) => params.seed = seed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamsAction {
    /// A control changed a parameter.
    Set(Param),
    /// The URL's query string changed (a link followed, the address edited).
    Load(String),
}

impl ParamsAction {
    /// The parameters after this action, and the notices about them; `parse` reads a query string
    /// (the lab's and the compare view's differ).
    pub fn apply(
        self,
        params: &LabParams,
        parse: fn(&str) -> (LabParams, Vec<Notice>),
    ) -> (LabParams, Vec<Notice>) {
        match self {
            ParamsAction::Set(change) => {
                let mut params = params.clone();
                change.apply_to(&mut params);
                (params, Vec::new())
            }
            ParamsAction::Load(query) => parse(&query),
        }
    }
}

/// Every change the quick form makes (one of each), and the parameters it leaves from the
/// defaults: for the tests of each reducer.
#[cfg(test)]
pub fn every_change() -> Vec<(Param, LabParams)> {
    use gil_sim::time::{MICROSECOND, MILLISECOND};
    let defaults = LabParams::default;
    vec![
        (Param::Cores(7), LabParams { cores: 7, ..defaults() }),
        (Param::Python("3.13t".into()), LabParams { python: "3.13t".into(), ..defaults() }),
        (
            Param::SwitchInterval(MILLISECOND),
            LabParams { switch_interval: MILLISECOND, ..defaults() },
        ),
        (Param::Threads(5), LabParams { threads: 5, ..defaults() }),
        (Param::Processes(3), LabParams { processes: 3, ..defaults() }),
        (Param::Tasks(9), LabParams { tasks: 9, ..defaults() }),
        (Param::Interpreters(4), LabParams { interpreters: 4, ..defaults() }),
        (Param::CpuPercent(30), LabParams { cpu_percent: 30, ..defaults() }),
        (Param::Work(20 * MILLISECOND), LabParams { work: 20 * MILLISECOND, ..defaults() }),
        (Param::IoWait(50 * MICROSECOND), LabParams { io_wait: 50 * MICROSECOND, ..defaults() }),
        (Param::NativePercent(40), LabParams { native_percent: 40, ..defaults() }),
        (
            Param::StartMethod(StartMethod::Spawn),
            LabParams { start_method: StartMethod::Spawn, ..defaults() },
        ),
        (Param::Seed(42), LabParams { seed: 42, ..defaults() }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_link::quick_form::to_query;

    #[test]
    fn each_change_sets_its_own_parameter_and_clears_the_notices() {
        for (change, expected) in every_change() {
            let action = ParamsAction::Set(change.clone());
            let (params, notices) = action.apply(&LabParams::default(), parse);
            assert_eq!(params, expected, "{change:?}");
            assert!(notices.is_empty(), "{change:?} gave notices");
            assert_eq!(parse(&to_query(&params)).0, params, "{change:?} does not survive the link");
        }
    }

    #[test]
    fn a_load_reads_the_query_with_its_notices() {
        let (params, notices) =
            ParamsAction::Load("c=3&zz=1".into()).apply(&LabParams::default(), parse);
        assert_eq!(params, LabParams { cores: 3, ..LabParams::default() });
        assert_eq!(notices.len(), 1, "{notices:?}");
    }

    #[test]
    fn actions_are_values_that_print_and_compare() {
        assert_eq!(ParamsAction::Set(Param::Cores(2)), ParamsAction::Set(Param::Cores(2)));
        assert_ne!(ParamsAction::Set(Param::Cores(2)), ParamsAction::Set(Param::Threads(2)));
        assert_eq!(format!("{:?}", ParamsAction::Set(Param::Seed(4))), "Set(Seed(4))");
    }
}
