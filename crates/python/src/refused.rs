//! What is left of the program when the simulator refuses the scenario: the reason, and nothing to run.

use gil_sim::python::PythonVersion;
use gil_sim::{ScenarioError, ScenarioSpec};

use crate::python_text::{comment_text, docstring_text, python_string, Lines};

/// What is left of the program when the simulator refuses the scenario: the reason.
pub(crate) fn refused(spec: &ScenarioSpec, link: &str, problem: &ScenarioError) -> String {
    let mut out = Lines::default();
    if PythonVersion::parse(&spec.python).is_some_and(|python| python.major == 2) {
        out.line(0, "# -*- coding: utf-8 -*-");
    }
    out.line(
        0,
        "\"\"\"GIL Lab: the simulator refuses this scenario, so there is no program to run.",
    );
    out.line(0, "");
    out.line(0, &format!("The scenario in the lab: {}", docstring_text(link)));
    out.line(0, "\"\"\"");
    out.line(0, &format!("# {}", comment_text(&problem.to_string())));
    out.line(
        0,
        &format!(
            "raise SystemExit({})",
            python_string(&format!("The simulator refuses this scenario: {problem}"))
        ),
    );
    out.text
}
