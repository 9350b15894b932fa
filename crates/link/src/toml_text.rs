//! A scenario as a file for `gil-lab run` (`docs/scenario-format.md`), written by hand: writing
//! TOML for this one shape is a few lines, where a TOML library would add its bytes to the page.

use std::fmt::Write;

use gil_sim::ScenarioSpec;

/// A TOML string: a basic string on one line, or a multi-line one when the text has line breaks
/// (a program as people write it), escaping what TOML requires.
fn string(text: &str) -> String {
    let multi_line = text.contains('\n');
    let mut out = String::from(if multi_line { "\"\"\"\n" } else { "\"" });
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi_line => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            control if control.is_control() => {
                let _ = write!(out, "\\u{:04X}", control as u32);
            }
            other => out.push(other),
        }
    }
    out.push_str(if multi_line { "\"\"\"" } else { "\"" });
    out
}

/// The scenario file that gives back `spec`, with every top-level field written.
pub fn write(spec: &ScenarioSpec) -> String {
    let mut out = String::from(
        "# A GIL Lab scenario: run it with `gil-lab run FILE.toml` (docs/scenario-format.md).\n",
    );
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    if !spec.title.is_empty() {
        line(format!("title = {}", string(&spec.title)));
    }
    line(format!("python = {}", string(&spec.python)));
    line(format!("cores = {}", spec.cores));
    line(format!("switch_interval = {}", string(&spec.switch_interval)));
    line(format!("seed = {}", spec.seed));
    line(format!("wake_order = {}", string(&spec.wake_order)));
    if let Some(workers) = spec.executor_workers {
        line(format!("executor_workers = {workers}"));
    }
    if !spec.costs.is_empty() {
        line(String::new());
        line("[costs]".into());
        let mut costs = spec.costs.clone();
        for (name, value) in costs.fields_mut() {
            if let Some(value) = value {
                line(format!("{name} = {}", string(value)));
            }
        }
    }
    for worker in &spec.workers {
        line(String::new());
        line("[[workers]]".into());
        line(format!("kind = {}", string(&worker.kind)));
        if let Some(name) = &worker.name {
            line(format!("name = {}", string(name)));
        }
        line(format!("count = {}", worker.count));
        if let Some(method) = &worker.start_method {
            line(format!("start_method = {}", string(method)));
        }
        line(format!("program = {}", string(&worker.program)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::spec::WorkerSpec;

    #[test]
    fn a_scenario_is_written_as_people_write_it() {
        let spec = ScenarioSpec {
            title: "Say \"hi\"".into(),
            cores: 2,
            workers: vec![WorkerSpec {
                kind: "process".into(),
                name: Some("fetch".into()),
                count: 3,
                program: "repeat 2 {\n  io 1ms # a \\ b\n}".into(),
                start_method: Some("spawn".into()),
            }],
            ..ScenarioSpec::default()
        };
        assert_eq!(
            write(&spec),
            "# A GIL Lab scenario: run it with `gil-lab run FILE.toml` (docs/scenario-format.md).\n\
             title = \"Say \\\"hi\\\"\"\npython = \"3.12\"\ncores = 2\nswitch_interval = \"5ms\"\nseed = 0\nwake_order = \"random\"\n\
             \n[[workers]]\nkind = \"process\"\nname = \"fetch\"\ncount = 3\nstart_method = \"spawn\"\n\
             program = \"\"\"\nrepeat 2 {\n  io 1ms # a \\\\ b\n}\"\"\"\n"
        );
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut spec = ScenarioSpec {
            title: "tabs\tand \u{7} bells, quotes \"\"\" and ünïcode".into(),
            workers: vec![WorkerSpec {
                kind: "thread".into(),
                name: None,
                count: 1,
                program: "cpu 1ms\n\"\"\"\nio 2ms\n".into(),
                start_method: None,
            }],
            ..ScenarioSpec::default()
        };
        spec.costs.lock = Some("50ns".into());
        spec.executor_workers = Some(2);
        let text = write(&spec);
        let read: ScenarioSpec =
            toml::from_str(&text).unwrap_or_else(|problem| panic!("{problem}\n{text}"));
        assert_eq!(read, spec, "{text}");
    }
}
