//! The page's addresses as paths from the app's base (`docs/url-format.md`): `./` (home),
//! `lessons/`, `lesson/<slug>/<step>/`, `lab/?…`, `compare/?…` and `fidelity/`. The page builds
//! its links from these, and the command line writes one HTML file per page at the same paths
//! and prints lab links with them, so both agree on the one grammar.
//!
//! An address never starts with `/`: the app may be served from any folder of a host (a project
//! site on GitHub Pages is), so each page reaches its base by going up as many folders as its
//! address is deep ([`up_to_base`]).

/// The home page.
pub const HOME: &str = "./";
/// Every lesson.
pub const LESSONS: &str = "lessons/";
/// The lab, whose settings are in the query.
pub const LAB: &str = "lab/";
/// The compare view, whose workload is in the query.
pub const COMPARE: &str = "compare/";
/// How faithful the simulator is: the validation suite against real CPython.
pub const FIDELITY: &str = "fidelity/";

/// The address of a lesson's step, counted from 1: `lesson/<slug>/<number>/`.
pub fn lesson_step(slug: &str, number: usize) -> String {
    format!("lesson/{slug}/{number}/")
}

/// A page's address with a query (none when `query` is empty).
pub fn with_query(page: &str, query: &str) -> String {
    if query.is_empty() {
        page.to_string()
    } else {
        format!("{page}?{query}")
    }
}

/// The way from the page at `address` up to the app's base: `./` at the base, `../../../` from a
/// lesson step.
pub fn up_to_base(address: &str) -> String {
    let path = address.split(['?', '#']).next().unwrap_or_default();
    let depth = path.split('/').filter(|part| !part.is_empty() && *part != ".").count();
    if depth == 0 {
        HOME.to_string()
    } else {
        "../".repeat(depth)
    }
}

/// A link from the page at `from` to the page at `to`, relative, so that it works under any base.
pub fn relative(from: &str, to: &str) -> String {
    let up = up_to_base(from);
    match to.strip_prefix(HOME) {
        Some(rest) if up != HOME => format!("{up}{rest}"),
        Some(_) => to.to_string(),
        None if up == HOME => to.to_string(),
        None => format!("{up}{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_paths_from_the_base() {
        assert_eq!(lesson_step("convoy-effect", 2), "lesson/convoy-effect/2/");
        assert_eq!(with_query(LAB, "c=2"), "lab/?c=2");
        assert_eq!(with_query(LAB, ""), "lab/");
        assert_eq!(with_query(HOME, "embed=1"), "./?embed=1");
    }

    #[test]
    fn every_page_finds_the_base_by_its_depth() {
        assert_eq!(up_to_base(HOME), "./");
        assert_eq!(up_to_base(""), "./");
        assert_eq!(up_to_base("?embed=1"), "./");
        assert_eq!(up_to_base("lab/?c=2&w=a/b"), "../", "a slash in the query is no folder");
        assert_eq!(up_to_base("lesson/convoy-effect/2/"), "../../../");
        assert_eq!(up_to_base("fidelity/#top"), "../");
    }

    #[test]
    fn links_between_pages_are_relative() {
        assert_eq!(relative(HOME, "lab/?c=2"), "lab/?c=2");
        assert_eq!(relative(HOME, HOME), "./");
        assert_eq!(relative("lab/?c=2", "./?embed=1"), "../?embed=1");
        assert_eq!(relative("lesson/a/2/", "lesson/a/3/"), "../../../lesson/a/3/");
        assert_eq!(relative("lesson/a/2/", HOME), "../../../");
    }
}
