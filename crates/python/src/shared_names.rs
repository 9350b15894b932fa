//! The Python names of the scenario's variables, locks, queues and events, kept clear of the names
//! Python and the program's own helpers use, and what each starts as.

use std::collections::{BTreeMap, BTreeSet};

use gil_sim::program::{Instr, Program};

use crate::groups::Group;

/// Every name the program defines or uses besides the scenario's variables and locks, which must
/// not take them: Python's keywords (2.7 and 3.x), the built-ins and modules it uses, its helpers
/// and the local variables of the functions that read the scenario's variables.
const TAKEN_NAMES: &str = "False None True and as assert async await break case class continue def del elif else except exec \
     finally for from global if import in is lambda match nonlocal not or pass print raise return try \
     type while with yield _ float int len min range repr sum vars xrange asyncio hashlib multiprocessing \
     os random sys threading time Connection wait BUFFER SUMS_PER_SECOND clock work_clock cpu native \
     native_gil sums_per_second one report start_interpreter interpreter_source receive run_tasks main \
     name channel context joined readers reader writer read_fd write_fd start received tasks n worker \
     thread process max EOFError RuntimeError deque json platform SCENARIO finished io_resume io \
     io_async timed timed_task watch watched usable_cores print_result end contextlib queue held put get \
     wait_for STUCK_AFTER Queue";

/// What a name of the scenario stands for in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    Counter,
    Lock,
    Queue,
    Event,
}

impl Role {
    const ALL: [Role; 4] = [Role::Counter, Role::Lock, Role::Queue, Role::Event];

    fn suffix(self) -> &'static str {
        match self {
            Role::Counter => "counter",
            Role::Lock => "lock",
            Role::Queue => "queue",
            Role::Event => "event",
        }
    }

    /// The name an instruction gives this role, if it names one.
    pub(crate) fn named_by<'p>(self, program: &'p Program, instr: &Instr) -> Option<&'p str> {
        match (self, *instr) {
            (Role::Counter, Instr::Increment { variable, .. }) => Some(program.name(variable)),
            (Role::Lock, Instr::LockStart { lock, .. }) => Some(program.name(lock)),
            (Role::Queue, Instr::Handoff { op, name }) if op.on_queue() => Some(program.name(name)),
            (Role::Event, Instr::Handoff { op, name }) if !op.on_queue() => {
                Some(program.name(name))
            }
            _ => None,
        }
    }
}

/// The Python names of the scenario's variables, locks, queues and events: their own names unless
/// Python or the program already uses them (then `NAME_counter`, `NAME_lock`, …), and a lock named
/// like a variable gets `_lock`.
#[derive(Default)]
pub(crate) struct SharedNames {
    pub(crate) by_role: BTreeMap<(Role, String), String>,
    /// The Python names for their definitions, with their roles: the variables, then the locks,
    /// the queues and the events, each in the order the programs first mention them.
    pub(crate) in_order: Vec<(String, Role)>,
}

impl SharedNames {
    pub(crate) fn of(groups: &[Group]) -> SharedNames {
        let mut names = SharedNames::default();
        let mut taken: BTreeSet<String> =
            TAKEN_NAMES.split_whitespace().map(str::to_string).collect();
        for role in Role::ALL {
            for group in groups {
                for name in group
                    .program
                    .instrs()
                    .iter()
                    .filter_map(|instr| role.named_by(group.program, instr))
                {
                    let key = (role, name.to_string());
                    if names.by_role.contains_key(&key) {
                        continue;
                    }
                    let special = name.starts_with("work_")
                        || (name.starts_with("__") && name.ends_with("__"));
                    let mut identifier = if special || taken.contains(name) {
                        format!("{name}_{}", role.suffix())
                    } else {
                        name.to_string()
                    };
                    while taken.contains(&identifier) {
                        identifier.push('_');
                    }
                    taken.insert(identifier.clone());
                    names.by_role.insert(key, identifier.clone());
                    names.in_order.push((identifier, role));
                }
            }
        }
        names
    }

    pub(crate) fn python<'s>(&'s self, role: Role, name: &'s str) -> &'s str {
        self.by_role.get(&(role, name.to_string())).map_or(name, String::as_str)
    }

    pub(crate) fn counter<'s>(&'s self, name: &'s str) -> &'s str {
        self.python(Role::Counter, name)
    }

    pub(crate) fn lock<'s>(&'s self, name: &'s str) -> &'s str {
        self.python(Role::Lock, name)
    }

    pub(crate) fn has(&self, role: Role) -> bool {
        self.in_order.iter().any(|(_, known)| *known == role)
    }
}

/// What a module-level name starts as: `0`, `threading.Lock()`, `queue.Queue(4)`, `threading.Event()`.
pub(crate) fn definition(role: Role, bound: Option<u32>) -> String {
    match role {
        Role::Counter => "0".into(),
        Role::Lock => "threading.Lock()".into(),
        Role::Queue => {
            bound.map_or("queue.Queue()".into(), |bound| format!("queue.Queue({bound})"))
        }
        Role::Event => "threading.Event()".into(),
    }
}
