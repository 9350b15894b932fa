//! The Python versions the simulator knows, the GIL each has, and multiprocessing's start methods
//! with each version's default.

use std::fmt;

/// How an interpreter shares its threads among cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GilKind {
    /// CPython ≤ 3.1: release and re-acquire every 100 ticks, no hand-off.
    Old,
    /// CPython 3.2+: timed waits, drop requests and forced switching (`Python/ceval_gil.c`).
    SwitchInterval,
    /// The free-threaded build (3.13t, 3.14t): no GIL.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
    pub free_threaded: bool,
}

/// Every Python version the simulator knows, oldest first, the free-threaded builds last.
pub const PYTHON_VERSIONS: [&str; 17] =
    ["2.7", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.13t", "3.14t"];

impl PythonVersion {
    pub const ALLOWED: &'static str = "2.7, 3.1 (old GIL), 3.2 to 3.14, 3.13t or 3.14t (free-threaded)";

    pub fn parse(text: &str) -> Option<PythonVersion> {
        let (number, free_threaded) = match text.strip_suffix('t') {
            Some(number) => (number, true),
            None => (text, false),
        };
        let (major, minor) = number.split_once('.')?;
        let version = PythonVersion { major: major.parse().ok()?, minor: minor.parse().ok()?, free_threaded };
        let known = matches!((version.major, version.minor, free_threaded), (2, 7, false) | (3, 1..=14, false) | (3, 13..=14, true));
        known.then_some(version)
    }

    pub fn gil_kind(self) -> GilKind {
        if self.free_threaded {
            GilKind::None
        } else if self.at_least(3, 2) {
            GilKind::SwitchInterval
        } else {
            GilKind::Old
        }
    }

    pub fn at_least(self, major: u8, minor: u8) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    pub fn default_start_method(self) -> StartMethod {
        if self.at_least(3, 14) {
            StartMethod::Forkserver
        } else {
            StartMethod::Fork
        }
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}{}", self.major, self.minor, if self.free_threaded { "t" } else { "" })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StartMethod {
    Fork,
    Spawn,
    Forkserver,
}

impl StartMethod {
    pub const ALL: [StartMethod; 3] = [StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver];

    pub fn parse(text: &str) -> Option<StartMethod> {
        StartMethod::ALL.into_iter().find(|method| method.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            StartMethod::Fork => "fork",
            StartMethod::Spawn => "spawn",
            StartMethod::Forkserver => "forkserver",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_choose_the_gil() {
        assert_eq!(PythonVersion::parse("2.7").unwrap().gil_kind(), GilKind::Old);
        assert_eq!(PythonVersion::parse("3.1").unwrap().gil_kind(), GilKind::Old);
        assert_eq!(PythonVersion::parse("3.2").unwrap().gil_kind(), GilKind::SwitchInterval);
        assert_eq!(PythonVersion::parse("3.14").unwrap().gil_kind(), GilKind::SwitchInterval);
        assert_eq!(PythonVersion::parse("3.13t").unwrap().gil_kind(), GilKind::None);
        for unknown in ["3.12t", "4.0", "3", "2.6", "3.15", "three"] {
            assert_eq!(PythonVersion::parse(unknown), None, "{unknown}");
        }
    }
}
