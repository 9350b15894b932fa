//! `main()`: the switch interval set, every worker started in the listed order, waited for, and
//! the wall time, the shared variables and the result line printed.

use std::collections::BTreeMap;

use gil_sim::scenario::WorkerKind;

use super::ProgramWriter;
use crate::groups::{increments, Group};
use crate::python_text::{names_list, python_string, seconds, tuple, Lines};

impl ProgramWriter<'_> {
    pub(super) fn main(&self, out: &mut Lines) {
        out.line(0, "def main():");
        if self.python.at_least(3, 2) {
            out.line(
                1,
                &format!("sys.setswitchinterval({})", seconds(self.scenario.switch_interval)),
            );
        } else {
            out.line(1, "sys.setcheckinterval(100)  # the old GIL: a switch every 100 ticks");
        }
        out.line(1, "start = clock()");
        self.start_workers(out);
        self.wait_for_workers(out);
        out.line(1, "end = clock()");
        out.line(1, "print(\"wall time: %.3f s\" % (end - start))");
        if self.sends() {
            out.line(1, "print(\"received %d bytes\" % received)");
        }
        self.report_shared(out);
        out.line(1, "print_result(start, end)");
    }

    /// Whether `main` joins workers other than tasks (threads, and the watchers of the others).
    fn joins(&self) -> bool {
        self.groups.iter().any(|group| group.kind != WorkerKind::Task)
    }

    /// Every worker started in the listed order; the watchers of processes and subinterpreters after them.
    fn start_workers(&self, out: &mut Lines) {
        for (wanted, list) in [
            (self.joins(), "joined = []"),
            (self.watches(), "watched = []"),
            (self.sends(), "readers = []"),
        ] {
            if wanted {
                out.line(1, list);
            }
        }
        for group in &self.groups {
            self.launch(group, out);
        }
        if self.watches() {
            if self.has(WorkerKind::Process) {
                out.line(1, "# The watchers start after the processes: forking while other threads run can deadlock the child.");
            }
            out.line(1, "for name, worker in watched:");
            out.line(2, "joined.append(watch(name, worker))");
        }
    }

    /// The tasks run, what was sent received, and every other worker joined.
    fn wait_for_workers(&self, out: &mut Lines) {
        if self.has(WorkerKind::Task) {
            if self.python.at_least(3, 7) {
                out.line(1, "asyncio.run(run_tasks())");
            } else {
                out.line(1, "asyncio.get_event_loop().run_until_complete(run_tasks())");
            }
        }
        if self.sends() {
            out.line(1, "received = receive(readers)");
        }
        if self.joins() {
            out.line(1, "for worker in joined:");
            out.line(2, "worker.join()");
        }
    }

    /// The variables the main process's threads and tasks shared, beside the increments they made.
    fn report_shared(&self, out: &mut Lines) {
        let mut shared: BTreeMap<&str, u128> = BTreeMap::new();
        for group in self.groups.iter().filter(|group| group.runs_in_main_process()) {
            for (name, count) in increments(group.program) {
                let total = shared.entry(name).or_insert(0);
                *total = total.saturating_add(count.saturating_mul(group.names.len() as u128));
            }
        }
        for (name, expected) in shared {
            out.line(
                1,
                &format!(
                    "report(\"main process\", {}, {}, {expected})",
                    python_string(name),
                    self.shared.counter(name)
                ),
            );
        }
    }

    /// The main thread's lines that start one group's workers, in a loop when there are several.
    fn launch(&self, group: &Group, out: &mut Lines) {
        let name =
            if group.names.len() == 1 { python_string(group.names[0]) } else { "name".to_string() };
        let lines = match group.kind {
            WorkerKind::Task => return,
            WorkerKind::Thread => vec![
                format!(
                    "thread = threading.Thread(target=timed, name={name}, args=({name}, {}))",
                    group.function
                ),
                "thread.start()".to_string(),
                "joined.append(thread)".to_string(),
            ],
            WorkerKind::Process => self.process_launch(group, &name, out),
            WorkerKind::Interpreter => interpreter_launch(group, &name),
        };
        if group.names.len() == 1 {
            for line in &lines {
                out.line(1, line);
            }
        } else {
            out.line(1, &format!("for name in {}:", names_list(&group.names)));
            for line in &lines {
                out.line(2, line);
            }
        }
    }

    /// The lines that start a process named `name` of `group`, once its context is in `out`.
    fn process_launch(&self, group: &Group, name: &str, out: &mut Lines) -> Vec<String> {
        let context = if self.python.at_least(3, 4) {
            format!("multiprocessing.get_context({})", python_string(group.start_method.name()))
        } else {
            "multiprocessing  # fork: get_context() and the other start methods arrived in 3.4"
                .to_string()
        };
        out.line(1, &format!("context = {context}"));
        let sends = group.program.uses_send();
        let mut lines = Vec::new();
        let mut arguments = Vec::new();
        if group.reports() {
            arguments.push(name);
        }
        if sends {
            lines.push("reader, writer = context.Pipe(False)".to_string());
            arguments.push("writer");
        }
        lines.push(format!(
            "process = context.Process(target={}, name={name}, args={})",
            group.function,
            tuple(&arguments)
        ));
        lines.push("process.start()".to_string());
        if sends {
            lines.push("writer.close()  # the child's copy is left: when it exits, the reader reaches the end".to_string());
            lines.push("readers.append(reader)".to_string());
        }
        lines.push(format!("watched.append(({name}, process))"));
        lines
    }
}

/// The lines that start a subinterpreter named `name` of `group`, with a pipe when it sends.
fn interpreter_launch(group: &Group, name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let statement = if group.program.uses_send() {
        lines.push("read_fd, write_fd = os.pipe()".to_string());
        lines.push("readers.append(Connection(read_fd, writable=False))".to_string());
        let arguments = if group.reports() { "%r, channel" } else { "channel" };
        let values =
            if group.reports() { format!("(write_fd, {name})") } else { "write_fd".to_string() };
        format!(
            "\"with Connection(%d, readable=False) as channel:\\n    {}({arguments})\" % {values}",
            group.function
        )
    } else if group.reports() {
        format!("\"{}(%r)\" % ({name},)", group.function)
    } else {
        format!("\"{}()\"", group.function)
    };
    lines.push(format!("watched.append(({name}, start_interpreter({statement})))"));
    lines
}
