//! The lab controls a lesson step can open, by name; what each offers and how it changes a
//! scenario is in [`adjust`](super::adjust).

use std::fmt;

/// A control, named in a lesson as `cores`, `python`, `switch_interval`, `seed`, or per worker
/// group (by its `name`) as `count:NAME`, `kind:NAME`, `start_method:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Cores,
    Python,
    SwitchInterval,
    Seed,
    Count(String),
    Kind(String),
    StartMethod(String),
}

pub const ALLOWED_CONTROLS: &str = "cores, python, switch_interval, seed, count:NAME, kind:NAME, start_method:NAME (NAME: a worker's name)";

impl Control {
    pub fn parse(text: &str) -> Result<Control, String> {
        let named = |make: fn(String) -> Control, name: &str| {
            if name.is_empty() {
                Err(format!("'{text}' names no worker; allowed: {ALLOWED_CONTROLS}"))
            } else {
                Ok(make(name.to_string()))
            }
        };
        match text.split_once(':') {
            None => match text {
                "cores" => Ok(Control::Cores),
                "python" => Ok(Control::Python),
                "switch_interval" => Ok(Control::SwitchInterval),
                "seed" => Ok(Control::Seed),
                _ => Err(format!("'{text}' is not a control; allowed: {ALLOWED_CONTROLS}")),
            },
            Some(("count", name)) => named(Control::Count, name),
            Some(("kind", name)) => named(Control::Kind, name),
            Some(("start_method", name)) => named(Control::StartMethod, name),
            Some(_) => Err(format!("'{text}' is not a control; allowed: {ALLOWED_CONTROLS}")),
        }
    }

    /// The worker group the control acts on, if it acts on one.
    pub fn worker(&self) -> Option<&str> {
        match self {
            Control::Count(name) | Control::Kind(name) | Control::StartMethod(name) => Some(name),
            _ => None,
        }
    }

    /// The label the player shows beside the control.
    pub fn label(&self) -> String {
        match self {
            Control::Cores => "CPU cores".into(),
            Control::Python => "Python version".into(),
            Control::SwitchInterval => "Switch interval".into(),
            Control::Seed => "Seed".into(),
            Control::Count(name) => format!("How many '{name}'"),
            Control::Kind(name) => format!("'{name}' runs as"),
            Control::StartMethod(name) => format!("Start method of '{name}'"),
        }
    }
}

impl fmt::Display for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Control::Cores => f.write_str("cores"),
            Control::Python => f.write_str("python"),
            Control::SwitchInterval => f.write_str("switch_interval"),
            Control::Seed => f.write_str("seed"),
            Control::Count(name) => write!(f, "count:{name}"),
            Control::Kind(name) => write!(f, "kind:{name}"),
            Control::StartMethod(name) => write!(f, "start_method:{name}"),
        }
    }
}
