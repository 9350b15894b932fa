//! `gil-lab run FILE.toml [--json] [--perfetto OUT.json]`; the work is in `gil_lab::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    gil_lab::cli::main()
}
