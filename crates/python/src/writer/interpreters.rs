//! Starting a subinterpreter: `interpreter_source` (this file run as a module there) and
//! `start_interpreter`, through each version's own API (`concurrent.interpreters` from 3.14, the
//! private `_interpreters` on 3.13, `_xxsubinterpreters` on 3.12).

use super::ProgramWriter;
use crate::python_text::Lines;

impl ProgramWriter<'_> {
    pub(super) fn interpreter_launcher(&self, out: &mut Lines) {
        out.text.push_str(START_INTERPRETER);
        out.text.push_str(if self.python.at_least(3, 14) {
            CREATE_3_14
        } else if self.python.at_least(3, 13) {
            CREATE_3_13
        } else {
            CREATE_3_12
        });
        out.text.push_str("    thread.start()\n    return thread\n");
    }
}

/// `interpreter_source`, and the start of `start_interpreter`.
const START_INTERPRETER: &str = "def interpreter_source(statement):
    \"\"\"What a subinterpreter runs: this file as a module (so not its main()), then `statement` there.\"\"\"
    return (
        \"import importlib.util\\n\"
        \"spec = importlib.util.spec_from_file_location('gil_lab_worker', %r)\\n\"
        \"module = importlib.util.module_from_spec(spec)\\n\"
        \"spec.loader.exec_module(module)\\n\"
        \"exec(%r, vars(module))\\n\" % (os.path.abspath(__file__), statement)
    )


def start_interpreter(statement):
    \"\"\"A subinterpreter with its own GIL (PEP 684), running `statement` on a thread of its own.\"\"\"
";

/// A subinterpreter on its thread, through the public API of 3.14.
const CREATE_3_14: &str = "    from concurrent import interpreters

    interpreter = interpreters.create()
    thread = threading.Thread(target=interpreter.exec, args=(interpreter_source(statement),))
";

/// A subinterpreter on its thread, through 3.13's private module.
const CREATE_3_13: &str =
    "    import _interpreters  # private in 3.13: the public API arrived in 3.14

    interpreter = _interpreters.create()
    source = interpreter_source(statement)

    def run():
        failure = _interpreters.exec(interpreter, source)
        if failure is not None:  # 3.13 returns the exception instead of raising it
            raise RuntimeError(failure.formatted)

    thread = threading.Thread(target=run)
";

/// A subinterpreter on its thread, through 3.12's private module.
const CREATE_3_12: &str = "    import _xxsubinterpreters as _interpreters  # private in 3.12

    interpreter = _interpreters.create(isolated=True)
    thread = threading.Thread(target=_interpreters.run_string, args=(interpreter, interpreter_source(statement)))
";
