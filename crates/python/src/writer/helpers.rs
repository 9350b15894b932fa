//! The helpers a program's statements call (`cpu`, `native`, `native_gil`, `io`, `io_async`, `one`,
//! `report`) and the waits that give up after `STUCK_AFTER` seconds (`held`, `put`, `get`,
//! `wait_for`): each written only when the program uses it.

use gil_sim::program::{HandoffOp, Instr, WorkKind};

use super::ProgramWriter;
use crate::python_text::Lines;
use crate::shared_names::Role;

impl ProgramWriter<'_> {
    pub(super) fn helpers(&self, out: &mut Lines) {
        out.definition(CPU);
        if self.uses_work(WorkKind::Native) {
            out.definition(NATIVE);
        }
        if self.uses_work(WorkKind::NativeGil) {
            out.definition(&native_gil(self.range));
        }
        let (io_on_threads, io_in_tasks) = self.measured_io();
        if io_on_threads {
            out.definition(IO);
        }
        if io_in_tasks {
            out.definition(IO_ASYNC);
        }
        if self.uses(|instr| matches!(*instr, Instr::Increment { via_call: true, .. })) {
            out.definition(ONE);
        }
        self.handoff_helpers(out);
        if self.shared.has(Role::Counter) {
            out.definition(REPORT);
        }
    }

    /// `held`, `put`, `get` and `wait_for`: the waits that give up after `STUCK_AFTER` seconds.
    fn handoff_helpers(&self, out: &mut Lines) {
        if self.may_deadlock() && self.shared.has(Role::Lock) {
            let acquire =
                if self.python.at_least(3, 2) { ACQUIRE_WITH_TIMEOUT } else { ACQUIRE_POLLING };
            out.definition(&held(acquire));
        }
        if self.shared.has(Role::Queue) {
            out.definition(QUEUE);
        }
        if self.uses(|instr| matches!(*instr, Instr::Handoff { op: HandoffOp::Wait, .. })) {
            out.definition(WAIT_FOR);
        }
    }
}

/// Python bytecode for a while: `cpu`.
const CPU: &str = "def cpu(seconds):
    \"\"\"Python bytecode for `seconds` of work: it holds the GIL, with check points between bytecodes.\"\"\"
    deadline = work_clock() + seconds
    spins = 0
    while work_clock() < deadline:
        spins += 1
    return spins
";

/// C code that releases the GIL: `native`.
const NATIVE: &str = "def native(seconds):
    \"\"\"C code that releases the GIL, for `seconds` of work: hashlib lets go of it for buffers over 2 KiB.\"\"\"
    deadline = work_clock() + seconds
    while work_clock() < deadline:
        hashlib.sha256(BUFFER).digest()
";

/// C code that keeps the GIL, `native_gil`, sized from a rate measured at start-up; `range` is
/// `range` or `xrange`.
fn native_gil(range: &str) -> String {
    format!(
        "def sums_per_second():
    \"\"\"How many numbers one sum() call adds up per second here: the best of three tries.\"\"\"
    best = float(\"inf\")
    for _ in {range}(3):
        began = clock()
        sum({range}(100000))
        best = min(best, clock() - began)
    return 100000 / max(best, 1e-9)


SUMS_PER_SECOND = sums_per_second()


def native_gil(seconds):
    \"\"\"C code that keeps the GIL for about `seconds`: one sum() call runs no bytecode, so no other
    thread of this interpreter runs Python until it returns. Approximate: its length comes from
    SUMS_PER_SECOND, measured once at start-up.\"\"\"
    sum({range}(int(SUMS_PER_SECOND * seconds)))
"
    )
}

/// I/O on a thread of the main process, timed for the result line.
const IO: &str = "def io(seconds):
    \"\"\"I/O on a thread: time.sleep, then how late the thread ran again (the OS waking it, then the
    wait for the GIL). Never below zero: a coarse clock can read a sleep as shorter than asked.\"\"\"
    began = clock()
    time.sleep(seconds)
    io_resume.append(max(0.0, clock() - began - seconds))
";

/// I/O in a task, timed for the result line.
const IO_ASYNC: &str = "async def io_async(seconds):
    \"\"\"I/O in a task: asyncio.sleep, then how late the task ran again (the wait for the event loop).\"\"\"
    began = clock()
    await asyncio.sleep(seconds)
    io_resume.append(max(0.0, clock() - began - seconds))
";

/// The call in `increment NAME N via_call`.
const ONE: &str = "def one():
    \"\"\"A call between the read and the write of `counter = counter + one()`: a check point where the
    GIL can change hands in the middle of the update.\"\"\"
    return 1
";

/// A variable beside the increments made, at the end.
const REPORT: &str = "def report(owner, name, value, expected):
    \"\"\"A variable at the end, beside the increments made: the difference is the updates lost.\"\"\"
    print(\"%s: %s = %d, expected %d (%d updates lost)\" % (owner, name, value, expected, expected - value))
";

/// `with lock:` that gives up after `STUCK_AFTER` seconds; `acquire` takes the lock.
fn held(acquire: &str) -> String {
    format!(
        "@contextlib.contextmanager
def held(lock, name):
    \"\"\"`with lock:`, but waiting STUCK_AFTER seconds for it is a deadlock: an error, not a hang.\"\"\"
{acquire}    try:
        yield
    finally:
        lock.release()
"
    )
}

/// `held`'s wait for its lock, from 3.2, whose locks take a timeout.
const ACQUIRE_WITH_TIMEOUT: &str = "    if not lock.acquire(True, STUCK_AFTER):
        raise RuntimeError(\"waited %s s for lock %s: a deadlock\" % (STUCK_AFTER, name))
";

/// `held`'s wait for its lock before 3.2: polling.
const ACQUIRE_POLLING: &str = "    deadline = clock() + STUCK_AFTER
    while not lock.acquire(False):  # no timeout before 3.2: poll
        if clock() > deadline:
            raise RuntimeError(\"waited %s s for lock %s: a deadlock\" % (STUCK_AFTER, name))
        time.sleep(0.0005)
";

/// `put` and `get`, which give up after `STUCK_AFTER` seconds.
const QUEUE: &str = "def put(q, name):
    \"\"\"q.put(): waits while the queue is full, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    try:
        q.put(None, True, STUCK_AFTER)
    except queue.Full:
        raise RuntimeError(\"waited %s s to put into queue %s, which stayed full: a deadlock\" % (STUCK_AFTER, name))


def get(q, name):
    \"\"\"q.get(): waits while the queue is empty, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    try:
        return q.get(True, STUCK_AFTER)
    except queue.Empty:
        raise RuntimeError(\"waited %s s to get from queue %s, which stayed empty: a deadlock\" % (STUCK_AFTER, name))
";

/// `event.wait()`, which gives up after `STUCK_AFTER` seconds.
const WAIT_FOR: &str = "def wait_for(event, name):
    \"\"\"event.wait(): waits until it is set, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    if not event.wait(STUCK_AFTER):
        raise RuntimeError(\"waited %s s for event %s, which was never set: a deadlock\" % (STUCK_AFTER, name))
";
