//! Hash routes: `#/` (home), `#/lessons` (every lesson), `#/lab?…` (the lab, its settings in the
//! query), `#/compare?…` (the compare view), `#/validation` (how faithful the simulator is),
//! `#/lesson/<slug>/<step>` (the lesson player); anything else is unknown and shows the home page
//! with a notice. The hash is parsed here, without a router crate; the page's own
//! address ([`PageAddress`]), with another hash or for a file beside it, is built here too.

use std::rc::Rc;

use yew::prelude::*;

use gil_link::quick_form::{to_compare_query, to_query, LabParams};
use gil_sim::ScenarioSpec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// Every lesson, `#/lessons`.
    Lessons,
    /// The simulator against real CPython, `#/validation`.
    Validation,
    /// The lab, with the query string after `?` (possibly empty).
    Lab {
        query: String,
    },
    /// The compare view, with the query string after `?` (possibly empty).
    Compare {
        query: String,
    },
    /// A lesson step, `#/lesson/<slug>/<step>` (the step as written, counted from 1; empty for the
    /// first), with the query after `?` (such as `embed=1`), which the links between steps keep.
    Lesson {
        slug: String,
        step: String,
        query: String,
    },
    /// A hash that names no page; kept to say so.
    NotFound {
        hash: String,
    },
}

/// Reads a location hash (`#/lab?c=2`, `#/`, `` or `#`).
pub fn parse(hash: &str) -> Route {
    let path = hash.strip_prefix('#').unwrap_or(hash);
    let (page, query) = match path.split_once('?') {
        Some((page, query)) => (page, Some(query)),
        None => (path, None),
    };
    let trimmed = page.trim_end_matches('/');
    if let Some((slug, step)) =
        trimmed.strip_prefix("/lesson/").map(|rest| rest.split_once('/').unwrap_or((rest, "")))
    {
        if !slug.is_empty() {
            return Route::Lesson {
                slug: slug.to_string(),
                step: step.to_string(),
                query: query.unwrap_or_default().to_string(),
            };
        }
    }
    match trimmed {
        // `#/?embed=1` is the home page in embed mode.
        "" if query.is_none() || page == "/" => Route::Home,
        "/lessons" | "lessons" => Route::Lessons,
        "/validation" | "validation" => Route::Validation,
        "/lab" | "lab" => Route::Lab { query: query.unwrap_or_default().to_string() },
        "/compare" | "compare" => Route::Compare { query: query.unwrap_or_default().to_string() },
        _ => Route::NotFound { hash: hash.to_string() },
    }
}

/// The hash of the lab with these settings.
pub fn lab_hash(params: &LabParams) -> String {
    format!("#/lab?{}", to_query(params))
}

/// The hash of the lab with a whole scenario (version 2 of the lab's links, `docs/url-format.md`).
pub fn scenario_lab_hash(spec: &ScenarioSpec) -> String {
    format!("#/lab?{}", gil_link::query::write(spec))
}

/// The hash of the compare view with this workload (`threads` is its number of workers).
pub fn compare_hash(params: &LabParams) -> String {
    format!("#/compare?{}", to_compare_query(params))
}

/// The page's own address without its hash (`https://host/path/`), read once at the app's root
/// ([`PageAddress::current`]) and given to every view through Yew's context ([`use_page_address`]),
/// so that no render reads the location. A hash change, the only navigation within the app, leaves
/// it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageAddress {
    page: Rc<str>,
}

impl PageAddress {
    /// The address of a page at `href`, whatever hash it has.
    pub fn of(href: &str) -> PageAddress {
        PageAddress { page: href.split('#').next().unwrap_or_default().into() }
    }

    /// The browser's page (empty outside a browser).
    pub fn current() -> PageAddress {
        PageAddress::of(
            &web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default(),
        )
    }

    /// The address of the page with another hash (`https://host/path/#/lab?…`).
    pub fn with_hash(&self, hash: &str) -> String {
        format!("{}{hash}", self.page)
    }

    /// The address of a file next to the page (`https://host/path/embed.js`).
    pub fn beside(&self, file: &str) -> String {
        let folder = self.page.split('?').next().unwrap_or_default();
        let folder = folder.rfind('/').map(|at| &folder[..=at]).unwrap_or(folder);
        format!("{folder}{file}")
    }
}

/// The page's address, as the app's root gave it.
#[hook]
pub fn use_page_address() -> PageAddress {
    use_context::<PageAddress>().unwrap_or_default()
}

/// The page's current hash (`""` outside a browser): for the app's root and event handlers, never
/// a render.
pub fn current_hash() -> String {
    web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_name_their_pages() {
        assert_eq!(parse(""), Route::Home);
        assert_eq!(parse("#"), Route::Home);
        assert_eq!(parse("#/"), Route::Home);
        assert_eq!(parse("#/?embed=1"), Route::Home);
        assert_eq!(parse("#/lab"), Route::Lab { query: String::new() });
        assert_eq!(parse("#/lab?c=2&t=2"), Route::Lab { query: "c=2&t=2".into() });
        assert_eq!(parse("#/lab/?c=2"), Route::Lab { query: "c=2".into() });
        assert_eq!(parse("#/compare?n=4"), Route::Compare { query: "n=4".into() });
        assert_eq!(parse("#/compare"), Route::Compare { query: String::new() });
        assert_eq!(parse("#/lessons"), Route::Lessons);
        assert_eq!(parse("#/validation"), Route::Validation);
        assert_eq!(parse("#/validation?embed=1"), Route::Validation);
        assert_eq!(parse("#/lessons/1"), Route::NotFound { hash: "#/lessons/1".into() });
        assert_eq!(parse("#?x"), Route::NotFound { hash: "#?x".into() });
        let lesson = |slug: &str, step: &str, query: &str| Route::Lesson {
            slug: slug.into(),
            step: step.into(),
            query: query.into(),
        };
        assert_eq!(parse("#/lesson/convoy"), lesson("convoy", "", ""));
        assert_eq!(parse("#/lesson/convoy/"), lesson("convoy", "", ""));
        assert_eq!(parse("#/lesson/convoy/3"), lesson("convoy", "3", ""));
        assert_eq!(parse("#/lesson/convoy/3?embed=1"), lesson("convoy", "3", "embed=1"));
        assert_eq!(
            parse("#/lesson/convoy/x/y"),
            lesson("convoy", "x/y", ""),
            "the player says the step is not found"
        );
        assert_eq!(parse("#/lesson/"), Route::NotFound { hash: "#/lesson/".into() });
        assert_eq!(parse("#/lesson"), Route::NotFound { hash: "#/lesson".into() });
        assert!(lab_hash(&LabParams::default()).starts_with("#/lab?c=2&py=3.12"));
    }

    #[test]
    fn the_pages_address_takes_another_hash_and_names_files_beside_it() {
        let address = PageAddress::of("https://x.org/gil/index.html?from=a/b#/lab?c=2");
        assert_eq!(
            address.with_hash("#/compare?n=4"),
            "https://x.org/gil/index.html?from=a/b#/compare?n=4"
        );
        assert_eq!(address.beside("embed.js"), "https://x.org/gil/embed.js");
        let root = PageAddress::of("http://localhost:8080/");
        assert_eq!(root.with_hash("#/"), "http://localhost:8080/#/");
        assert_eq!(root.beside("embed.js"), "http://localhost:8080/embed.js");
        assert_eq!(
            PageAddress::default().with_hash("#/lab"),
            "#/lab",
            "outside a browser, the hash alone"
        );
    }
}
