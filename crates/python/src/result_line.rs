//! The line a program ends with for the lab to read: its prefix, the version of its fields, and
//! the Python that prints it.

use crate::python_text::{python_string, Lines};

/// What starts the line a program prints for the lab to read, after its output.
pub const RESULT_PREFIX: &str = "GIL-LAB-RESULT ";

/// The version of the result line's fields, which it names as `format`: a lab that reads another
/// says so instead of misreading it.
pub const RESULT_FORMAT: u32 = 1;

/// The helpers that write the result line, the same in every program but for the constants above.
pub(crate) fn result_helpers(out: &mut Lines) {
    out.text.push_str(
        "def usable_cores():
    \"\"\"The cores this program may run on: those it is pinned to (taskset), else all the machine's.\"\"\"
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # only on Linux, from 3.3
        return multiprocessing.cpu_count()


def print_result(start, end):
    \"\"\"The line to paste into the lab (Compare with your machine): this Python and machine, the wall
    time, when each worker finished and how late each I/O ran again, in milliseconds.\"\"\"
    result = {
",
    );
    out.line(2, &format!("\"format\": {RESULT_FORMAT},"));
    out.text.push_str(
        "        \"scenario\": SCENARIO,
        \"python\": platform.python_version(),
        \"implementation\": platform.python_implementation(),
        # A free-threaded build turns the GIL back on for an extension that needs it (3.13 and later).
        \"gil\": getattr(sys, \"_is_gil_enabled\", lambda: True)(),
        \"cores\": usable_cores(),
        \"wall_ms\": round((end - start) * 1000, 4),
        \"finish_ms\": dict((name, round((at - start) * 1000, 4)) for name, at in finished.items()),
        \"io_resume_ms\": [round(late * 1000, 4) for late in io_resume],
    }
",
    );
    let prefix = python_string(RESULT_PREFIX);
    out.line(
        1,
        &format!("print({prefix} + json.dumps(result, sort_keys=True, separators=(\",\", \":\")))"),
    );
}
