//! The helpers that start and time the workers: `timed` (a thread's finish), `timed_task` (a
//! task's), `watch` (a process's or a subinterpreter's end, from a thread of the main process),
//! `receive` (what workers `send`) and `run_tasks` (every task on the event loop).

use gil_sim::scenario::WorkerKind;

use super::ProgramWriter;
use crate::python_text::{names_list, python_string, Lines};

impl ProgramWriter<'_> {
    /// The helpers that time the workers' finishes, start subinterpreters and tasks, and receive what
    /// workers send.
    pub(super) fn launchers(&self, out: &mut Lines) {
        if self.has(WorkerKind::Thread) {
            out.definition(TIMED);
        }
        if self.has(WorkerKind::Task) {
            out.definition(TIMED_TASK);
        }
        if self.watches() {
            out.definition(WATCH);
        }
        if self.has(WorkerKind::Interpreter) {
            out.gap();
            self.interpreter_launcher(out);
        }
        if self.sends() {
            let receive =
                if self.python.at_least(3, 3) { RECEIVE_WAITING } else { RECEIVE_IN_TURN };
            out.definition(&format!("{RECEIVE}{receive}"));
        }
        if self.has(WorkerKind::Task) {
            out.gap();
            self.run_tasks(out);
        }
    }

    /// `run_tasks()`: every task, created in the order listed, on the event loop with its pool.
    fn run_tasks(&self, out: &mut Lines) {
        out.line(0, "async def run_tasks():");
        out.line(1, "\"\"\"Every task, created in the order listed, run by the event loop until all are done.\"\"\"");
        if let Some(workers) = self.executor_workers() {
            out.line(1, "# the scenario's executor_workers: to_thread's pool, instead of min(32, cores + 4)");
            out.line(
                1,
                &format!("asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers={workers}))"),
            );
        }
        out.line(1, "tasks = []");
        for group in self.groups.iter().filter(|group| group.kind == WorkerKind::Task) {
            let create = |name: &str| {
                let coroutine = format!("timed_task({name}, {}())", group.function);
                if self.python.at_least(3, 8) {
                    format!("tasks.append(asyncio.create_task({coroutine}, name={name}))")
                } else {
                    format!("tasks.append(asyncio.ensure_future({coroutine}))  # the task unnamed: task names arrived in 3.8")
                }
            };
            match group.names.as_slice() {
                [name] => out.line(1, &create(&python_string(name))),
                names => {
                    out.line(1, &format!("for name in {}:", names_list(names)));
                    out.line(2, &create("name"));
                }
            }
        }
        out.line(1, "await asyncio.gather(*tasks)");
    }
}

/// A thread's work, timed.
const TIMED: &str = "def timed(name, work):
    \"\"\"A thread's work, then when it finished, under the simulator's name for the worker.\"\"\"
    work()
    finished[name] = clock()
";

/// A task's coroutine, timed.
const TIMED_TASK: &str = "async def timed_task(name, work):
    \"\"\"A task's coroutine, then when it finished, under the simulator's name for the worker.\"\"\"
    await work
    finished[name] = clock()
";

/// A thread of the main process that notes when a process or a subinterpreter ended.
const WATCH: &str = "def watch(name, worker):
    \"\"\"A thread that waits for `worker` (a process, or a subinterpreter's thread) and notes when it
    ended: the worker's memory is its own, so its end (a process's exit) is what this one can see.\"\"\"
    def wait_for_end():
        worker.join()
        finished[name] = clock()

    watcher = threading.Thread(target=wait_for_end)
    watcher.start()
    return watcher
";

/// The start of `receive`, which unpickles what workers send.
const RECEIVE: &str = "def receive(readers):
    \"\"\"Unpickles what the workers send until each has finished: the main thread's share of `send`.\"\"\"
    received = 0
";

/// The rest of `receive` from 3.3: from whichever worker is ready.
const RECEIVE_WAITING: &str = "    while readers:
        for reader in wait(readers):
            try:
                received += len(reader.recv())
            except EOFError:
                readers.remove(reader)
    return received
";

/// The rest of `receive` before 3.3: one worker after another.
const RECEIVE_IN_TURN: &str = "    for reader in readers:  # one after another: multiprocessing.connection.wait arrived in 3.3
        while True:
            try:
                received += len(reader.recv())
            except EOFError:
                break
    return received
";
