//! Starting points for a group's program, named by what a Python programmer knows, each written in
//! the worker language (`docs/scenario-format.md`) at a size the page simulates at once.

use gil_sim::scenario::WorkerKind;

/// A program to start from, and the kind of worker it needs, if only one kind can run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub label: &'static str,
    pub kind: Option<WorkerKind>,
    pub program: &'static str,
}

pub const PRESETS: [Preset; 10] = [
    Preset { label: "CPU-bound Python", kind: None, program: "cpu 100ms" },
    Preset {
        label: "I/O-bound (requests, sleeps)",
        kind: None,
        program: "# a request, then a little parsing\nrepeat 20 {\n  io 5ms~20%\n  cpu 100us\n}",
    },
    Preset {
        label: "A server: read, compute, reply",
        kind: None,
        program: "repeat 50 {\n  io 1ms~30%   # recv: wait for a request\n  cpu 200us    # handle it\n  io 20us      # send the reply\n}",
    },
    Preset {
        label: "C code that releases the GIL (hashlib, NumPy)",
        kind: None,
        program: "repeat 10 {\n  cpu 1ms       # prepare in Python\n  native 9ms    # hashlib.sha256 on a big buffer\n}",
    },
    Preset {
        label: "C code that keeps the GIL (a long regex)",
        kind: None,
        program: "repeat 5 {\n  cpu 1ms\n  native_gil 19ms   # re.match on a long string\n}",
    },
    Preset {
        label: "asyncio with to_thread",
        kind: Some(WorkerKind::Task),
        program: "repeat 5 {\n  io 5ms                      # await a response\n  to_thread { native 10ms }   # await asyncio.to_thread(hash, data)\n}",
    },
    Preset { label: "A shared counter", kind: None, program: "increment counter 100000 via_call   # counter = counter + one()" },
    Preset {
        label: "A counter under a lock",
        kind: None,
        program: "repeat 2000 {\n  lock counter_lock { increment counter 1 via_call }\n}",
    },
    Preset {
        label: "Hand-offs through a queue (queue.Queue)",
        kind: None,
        program: "queue jobs bound 4   # jobs = queue.Queue(maxsize=4)\nrepeat 20 {\n  cpu 500us   # make a job\n  put jobs    # jobs.put(job): waits while 4 are queued\n  get jobs    # jobs.get(): waits while none is\n  io 2ms      # send it on\n}",
    },
    Preset {
        // A deadlock needs two orders, so two groups: this one, and another with a and b swapped.
        label: "Two locks, a then b (swap them in another group: a deadlock)",
        kind: None,
        program: "repeat 5 {\n  lock a {\n    io 1ms\n    lock b { cpu 200us }\n  }\n}",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{run, Outcome};
    use gil_sim::spec::WorkerSpec;
    use gil_sim::ScenarioSpec;

    #[test]
    fn every_preset_runs_within_the_page_in_a_group_of_two() {
        for preset in PRESETS {
            let spec = ScenarioSpec {
                cores: 2,
                workers: vec![WorkerSpec {
                    kind: preset.kind.unwrap_or(WorkerKind::Thread).as_str().into(),
                    name: None,
                    count: 2,
                    program: preset.program.into(),
                    start_method: None,
                }],
                ..ScenarioSpec::default()
            };
            if let Outcome::Failed(message) = run(&spec) {
                panic!("{}: {message}", preset.label);
            }
        }
    }
}
