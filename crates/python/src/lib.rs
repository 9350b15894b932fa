//! GIL Lab's Python side, shared by the page and the command line: the runnable program of a
//! scenario ([`python_program`]), and the line it prints at the end read back and set beside the
//! simulation ([`real_run`]). It depends on the simulator, and on `gil-link` for the scenario's
//! fingerprint; it reads JSON through [`real_run::ResultJson`], which the page implements with the
//! browser's `JSON.parse` and the command line with serde_json (the `serde_json` feature), so the
//! page carries no JSON parser.
//!
//! The runnable Python program that does what a scenario simulates, for any scenario the simulator
//! accepts: the page shows it beside the timeline and `gil-lab python` prints it, so a learner can
//! check the model on a real machine.
//!
//! The program is written from the checked [`Scenario`] rather than from the spec, so the workers
//! have the simulator's names and start methods, and a scenario the simulator refuses (a program
//! that does not parse, asyncio on 2.7, …) gets a program that only says why: there is nothing
//! faithful to run.
//!
//! Each group of workers (one `[[workers]]` table) becomes one function, its statements walked from
//! the parsed [`Program`](gil_sim::program::Program) with the source above it in comments:
//!
//! - `cpu X` is a busy loop of Python bytecode until the thread's CPU time (`time.thread_time`) has
//!   grown by X, so it holds the GIL between check points as `cpu` does, and a thread kept waiting
//!   for the GIL does not count its wait as work (before 3.7 there is no such clock, and the program
//!   says it falls back on wall time); `native X` hashes a 64 KiB buffer with `hashlib.sha256` for X
//!   of CPU time, because hashlib releases the GIL for buffers over 2 KiB;
//!   `native_gil X` is one `sum(range(n))` call, C code that runs no bytecode and so never lets go,
//!   with n sized from a rate measured at start-up (approximate, and the program says so); `io X` is
//!   `time.sleep(X)`, `await asyncio.sleep(X)` in a task, in the main process through helpers that
//!   note how late each returned. A jitter `~N%` draws the duration with `random.uniform` from the
//!   same range as the simulator.
//! - `repeat N { … }` is a `for` loop; `lock NAME { … }` is `with NAME:` on a module-level
//!   `threading.Lock`; `increment NAME N` is `NAME += 1` N times on a module-level variable, and
//!   `via_call` makes it `NAME = NAME + one()`; `put`/`get` are on a module-level `queue.Queue` (its
//!   `maxsize` the bound the main process's programs declare), `set`/`wait`/`clear` on a
//!   `threading.Event`, and a process or subinterpreter makes its own at its start. So that a
//!   deadlock ends the program instead of hanging it, `put`, `get` and `wait` give up with an error
//!   after `STUCK_AFTER` seconds (2 s more than twice the scenario's work), and where a worker may
//!   wait forever (queues, events, nested locks) `lock` blocks take their lock the same way through
//!   `held` (polling before 3.2, whose locks have no timeout). Python allows only 20 nested blocks in a function
//!   where the simulator allows 32, so a block nested deeper than `MAX_BLOCK_DEPTH` moves to a
//!   function of its own.
//! - `to_thread { … }` in a task is a function of its own, run with `await asyncio.to_thread(…)`.
//! - `send SIZE` sends SIZE zero bytes through a pipe's `Connection`, which pickles them; the main
//!   thread unpickles whatever arrives while it joins, as the simulator's does. A subinterpreter
//!   gets an OS pipe wrapped the same way, because the interpreters' own channels differ in every
//!   version.
//!
//! The main thread starts every worker in the listed order (threads with `threading.Thread`;
//! processes with `multiprocessing.get_context(start_method)` behind `if __name__ == "__main__":`;
//! subinterpreters on threads of their own, running this file as a module: `concurrent.interpreters`
//! from 3.14, the private `_interpreters` on 3.13, `_xxsubinterpreters` on 3.12), runs the tasks under
//! `asyncio.run`, receives what was sent, joins the others and prints its wall time. Variables live
//! in each process's (and subinterpreter's) own memory, so the main process prints those its
//! threads and tasks shared, and each process or subinterpreter its own, beside the expected total:
//! lost updates show.
//!
//! Last, it prints one line to paste into the lab, `GIL-LAB-RESULT ` and compact JSON: the line's
//! format, the scenario's [`scenario_fingerprint`], the Python version and implementation, whether
//! the GIL was on, the cores the program may use, then in milliseconds the wall time, each worker's
//! finish time by the simulator's name (`finish_ms`) and how late each I/O ran again
//! (`io_resume_ms`, the last 10,000). A thread or a task notes its own finish; a process or a
//! subinterpreter has memory of its own, so a thread of the main process watches for its end, and
//! its I/O goes unmeasured.
//!
//! The code runs on the version it targets, back to 2.7 (no f-strings, `xrange`,
//! the old GIL's check interval). It is plain text with no dependency beyond the standard library,
//! so it is tested natively (`tests/programs.rs` compiles and runs it).

mod fingerprint;
mod function;
mod groups;
mod python_text;
pub mod real_run;
mod refused;
mod result_line;
mod shared_names;
mod translate;
mod writer;

#[cfg(test)]
mod tests;

use gil_sim::{Scenario, ScenarioSpec};

pub use fingerprint::scenario_fingerprint;
pub use result_line::{RESULT_FORMAT, RESULT_PREFIX};

use refused::refused;
use writer::ProgramWriter;

/// The program for `spec`, whose lab address is `link`.
pub fn python_program(spec: &ScenarioSpec, link: &str) -> String {
    match Scenario::from_spec(spec) {
        Ok(scenario) => ProgramWriter::new(&scenario, link, scenario_fingerprint(spec)).write(),
        Err(problem) => refused(spec, link, &problem),
    }
}
