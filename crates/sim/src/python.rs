//! The Python versions the simulator knows, the GIL each has, and multiprocessing's start methods
//! with each version's default.
//!
//! 3.15 and 3.15t (October 2026) are modelled as 3.14 and 3.14t: nothing the simulator models
//! changed (`docs/model.md`, "Python 3.15", cites the sources). Its switch-interval GIL is 3.14's
//! `Python/ceval_gil.c`; `forkserver` stays the default start method on Linux; the eval breaker is
//! still checked only at back-edges and function entry; and free threading is still an optional
//! build (PEP 779's phase II) with no new single-thread overhead stated, so 3.15t keeps 3.14t's.

use std::fmt;

/// How an interpreter shares its threads among cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GilKind {
    /// CPython ≤ 3.1: release and re-acquire every 100 ticks, no hand-off.
    Old,
    /// CPython 3.2+: timed waits, drop requests and forced switching (`Python/ceval_gil.c`).
    SwitchInterval,
    /// The free-threaded build (3.13t, 3.14t, 3.15t): no GIL.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
    pub free_threaded: bool,
}

/// Every Python version the simulator knows, oldest first, the free-threaded builds last: what
/// [`PythonVersion::parse`] accepts and every control, link and file offers.
pub const PYTHON_VERSIONS: [&str; 19] = [
    "2.7", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12",
    "3.13", "3.14", "3.15", "3.13t", "3.14t", "3.15t",
];

impl PythonVersion {
    /// [`PYTHON_VERSIONS`] in words, for error messages.
    pub const ALLOWED: &'static str =
        "2.7, 3.1 (old GIL), 3.2 to 3.15, 3.13t to 3.15t (free-threaded)";

    pub fn parse(text: &str) -> Option<PythonVersion> {
        if !PYTHON_VERSIONS.contains(&text) {
            return None;
        }
        let (number, free_threaded) = match text.strip_suffix('t') {
            Some(number) => (number, true),
            None => (text, false),
        };
        let (major, minor) = number.split_once('.')?;
        Some(PythonVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
            free_threaded,
        })
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
    pub const ALL: [StartMethod; 3] =
        [StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver];

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
        assert_eq!(PythonVersion::parse("3.15").unwrap().gil_kind(), GilKind::SwitchInterval);
        assert_eq!(PythonVersion::parse("3.13t").unwrap().gil_kind(), GilKind::None);
        assert_eq!(PythonVersion::parse("3.15t").unwrap().gil_kind(), GilKind::None);
        for unknown in ["3.12t", "4.0", "3", "2.6", "3.16", "3.16t", "3.015", " 3.14", "three"] {
            assert_eq!(PythonVersion::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn every_listed_version_parses_back_to_its_name() {
        for text in PYTHON_VERSIONS {
            assert_eq!(
                PythonVersion::parse(text).map(|python| python.to_string()).as_deref(),
                Some(text)
            );
        }
    }

    #[test]
    fn the_allowed_text_names_the_newest_of_each_build() {
        let newest = PYTHON_VERSIONS.iter().rfind(|text| !text.ends_with('t')).unwrap();
        let newest_free_threaded = PYTHON_VERSIONS.last().unwrap();
        assert!(PythonVersion::ALLOWED.contains(&format!("to {newest},")), "{newest}");
        assert!(
            PythonVersion::ALLOWED.contains(&format!("to {newest_free_threaded} ")),
            "{newest_free_threaded}"
        );
    }

    #[test]
    fn forkserver_is_the_default_from_3_14() {
        for (text, method) in [
            ("3.13", StartMethod::Fork),
            ("3.13t", StartMethod::Fork),
            ("3.14", StartMethod::Forkserver),
            ("3.15", StartMethod::Forkserver),
            ("3.15t", StartMethod::Forkserver),
        ] {
            assert_eq!(
                PythonVersion::parse(text).unwrap().default_start_method(),
                method,
                "{text}"
            );
        }
    }
}
