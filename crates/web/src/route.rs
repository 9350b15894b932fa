//! Routes: the page an address names. Addresses are paths from the app's base
//! (`gil_link::address`): `./` (home), `lessons/`, `lab/?…`, `compare/?…`, `fidelity/` and
//! `lesson/<slug>/<step>/`; anything else is unknown and shows the home page with a notice. The
//! old hash addresses (`#/lab?…`, `#/validation`, …) name the same pages ([`parse_old_hash`]), and
//! [`landing`] says where one lands. The page's own address ([`PageAddress`]: its base, where it
//! is, links relative to it) is built here too; the app's root reads it from the browser.

use std::rc::Rc;

use yew::prelude::*;

use gil_link::address::{self, COMPARE, FIDELITY, HOME, LAB, LESSONS};
use gil_link::quick_form::{to_compare_query, to_query, LabParams};
use gil_sim::ScenarioSpec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// Every lesson, `lessons/`.
    Lessons,
    /// The simulator against real CPython, `fidelity/` (once `#/validation`).
    Fidelity,
    /// The lab, with the query string after `?` (possibly empty).
    Lab {
        query: String,
    },
    /// The compare view, with the query string after `?` (possibly empty).
    Compare {
        query: String,
    },
    /// A lesson step, `lesson/<slug>/<step>/` (the step as written, counted from 1; empty for the
    /// first), with the query after `?` (such as `embed=1`), which the links between steps keep.
    Lesson {
        slug: String,
        step: String,
        query: String,
    },
    /// An address that names no page; kept to say so.
    NotFound {
        address: String,
    },
}

impl Route {
    /// The page's path, without a query: where an old hash address of it now lives.
    pub fn page(&self) -> String {
        match self {
            Route::Home | Route::NotFound { .. } => HOME.into(),
            Route::Lessons => LESSONS.into(),
            Route::Fidelity => FIDELITY.into(),
            Route::Lab { .. } => LAB.into(),
            Route::Compare { .. } => COMPARE.into(),
            Route::Lesson { slug, step, .. } if step.is_empty() => address::lesson_step(slug, 1),
            Route::Lesson { slug, step, .. } => format!("lesson/{slug}/{step}/"),
        }
    }
}

/// The route of a path trimmed of `/` at both ends, or none.
fn route_of(path: &str, query: &str) -> Option<Route> {
    let with_query = |make: fn(String) -> Route| Some(make(query.to_string()));
    match path {
        "" => Some(Route::Home),
        "lessons" => Some(Route::Lessons),
        "lab" => with_query(|query| Route::Lab { query }),
        "compare" => with_query(|query| Route::Compare { query }),
        _ => {
            let rest = path.strip_prefix("lesson/")?;
            let (slug, step) = rest.split_once('/').unwrap_or((rest, ""));
            (!slug.is_empty()).then(|| Route::Lesson {
                slug: slug.to_string(),
                step: step.to_string(),
                query: query.to_string(),
            })
        }
    }
}

fn split_query(address: &str) -> (&str, &str) {
    address.split_once('?').unwrap_or((address, ""))
}

/// Reads an address (`lab/?c=2`, `./`, `` or `lesson/convoy/3/`).
pub fn parse(address: &str) -> Route {
    let (path, query) = split_query(address);
    let path = path.strip_prefix("./").unwrap_or(path).trim_matches('/');
    let route = if path == "fidelity" { Some(Route::Fidelity) } else { route_of(path, query) };
    route.unwrap_or_else(|| Route::NotFound { address: address.to_string() })
}

/// Reads an old hash address (`#/lab?c=2`, `#/validation`, `#/lesson/convoy/3`), as course pages
/// still link to them.
pub fn parse_old_hash(hash: &str) -> Route {
    let (path, query) = split_query(hash.strip_prefix('#').unwrap_or(hash));
    let trimmed = path.trim_matches('/');
    let route = match trimmed {
        "validation" => Some(Route::Fidelity),
        // `#?x` named no page, and `#/?embed=1` is the home page in embed mode.
        "" if !query.is_empty() && path != "/" => None,
        _ => route_of(trimmed, query),
    };
    route.unwrap_or_else(|| Route::NotFound { address: hash.to_string() })
}

/// Where a page opened at `hash` lands: the path address of the view an old hash address
/// (`#/…`) names, with its query as it was; none when there is no old address to move from, or
/// it names no page (the home page then says so, at the address as it is).
pub fn landing(hash: &str) -> Option<String> {
    if !hash.starts_with("#/") {
        return None;
    }
    let route = parse_old_hash(hash);
    if matches!(route, Route::NotFound { .. }) {
        return None;
    }
    let query = hash.split_once('?').map_or("", |(_, query)| query);
    Some(address::with_query(&route.page(), query))
}

/// The address of the lab with these settings.
pub fn lab_address(params: &LabParams) -> String {
    address::with_query(LAB, &to_query(params))
}

/// The address of the lab with a whole scenario (version 2 of the lab's links,
/// `docs/url-format.md`).
pub fn scenario_lab_address(spec: &ScenarioSpec) -> String {
    address::with_query(LAB, &gil_link::query::write(spec))
}

/// The address of the compare view with this workload (`threads` is its number of workers).
pub fn compare_address(params: &LabParams) -> String {
    address::with_query(COMPARE, &to_compare_query(params))
}

/// Where the page is: the app's base (`https://host/path/`), read once at the app's root
/// ([`PageAddress::base_of`]), and the address shown now, which the root follows; views get both
/// through Yew's context ([`use_page_address`]), so that no render reads the location. Outside a
/// browser both are empty: links are then addresses from the base as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageAddress {
    base: Rc<str>,
    here: Rc<str>,
}

impl PageAddress {
    /// The page at `here` (an address) of the app at `base`.
    pub fn new(base: &str, here: &str) -> PageAddress {
        PageAddress { base: base.into(), here: here.into() }
    }

    /// The app's base for a document at `href` whose way up to it is `up` (`./`, `../../../`:
    /// what the build writes into each page).
    pub fn base_of(href: &str, up: &str) -> String {
        let document = href.split(['?', '#']).next().unwrap_or_default();
        let host_from = document.find("://").map_or(0, |at| at + 3);
        // Where the path starts: its first `/` (the root, which no `..` goes above).
        let root = document[host_from..].find('/').map_or(document.len(), |at| host_from + at);
        let mut folder = match document.rfind('/') {
            Some(at) if at >= root => document[..=at].to_string(),
            _ => format!("{document}/"),
        };
        for _ in up.split('/').filter(|step| *step == "..") {
            if let Some(parent) = folder[..folder.len() - 1].rfind('/').filter(|at| *at >= root) {
                folder.truncate(parent + 1);
            }
        }
        folder
    }

    /// The address a document at `href` shows, from the app's base (none when it is outside it).
    pub fn address_in(href: &str, base: &str) -> Option<String> {
        let document = href.split('#').next().unwrap_or_default();
        document.strip_prefix(base).map(str::to_string)
    }

    /// The app's base.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The address in the browser's location now, which a page may have rewritten since the app
    /// moved to it: for event handlers, never a render.
    pub fn in_location(&self) -> String {
        PageAddress::address_in(&location_now().0, &self.base).unwrap_or_default()
    }

    /// A link to `address` from the page shown now, relative, as a page written at build time has
    /// it.
    pub fn href(&self, address: &str) -> String {
        address::relative(&self.here, address)
    }

    /// The whole URL of `address` (`https://host/path/lab/?…`), to share or to open in a new tab.
    pub fn url(&self, address: &str) -> String {
        format!("{}{}", self.base, address.strip_prefix(HOME).unwrap_or(address))
    }

    /// The URL of a file of the app (`https://host/path/embed.js`), from any page.
    pub fn beside(&self, file: &str) -> String {
        format!("{}{file}", self.base)
    }
}

/// The page's address, as the app's root gave it.
#[hook]
pub fn use_page_address() -> PageAddress {
    use_context::<PageAddress>().unwrap_or_default()
}

/// The app's base, read from the page: the `gil-lab-base` meta the build writes into each page
/// says how far up it is (`./` where there is none). For the app's root, once: a page keeps its
/// meta when the app moves to another address.
pub fn read_base() -> String {
    let window = web_sys::window();
    let up = window
        .as_ref()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("meta[name='gil-lab-base']").ok()?)
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| HOME.to_string());
    PageAddress::base_of(&location_now().0, &up)
}

/// The location's href and hash (empty outside a browser): for the app's root and event
/// handlers, never a render.
pub fn location_now() -> (String, String) {
    let location = web_sys::window().map(|window| window.location());
    let href = location.as_ref().and_then(|location| location.href().ok()).unwrap_or_default();
    let hash = location.and_then(|location| location.hash().ok()).unwrap_or_default();
    (href, hash)
}

/// Where a document at `href` with `hash` puts the app of `base`: the address it shows and the
/// view it names. An old hash address lands on its path ([`landing`]); one that names no page
/// stays where it is, and says so.
pub fn arrive(base: &str, href: &str, hash: &str) -> Arrival {
    let shown = PageAddress::address_in(href, base).unwrap_or_default();
    match landing(hash) {
        Some(address) => Arrival { route: parse(&address), address, landed: true },
        None if hash.starts_with("#/") => {
            Arrival { address: shown, route: parse_old_hash(hash), landed: false }
        }
        None => Arrival { route: parse(&shown), address: shown, landed: false },
    }
}

/// The address the app shows and the view it names (which an old hash address that names no
/// page does not share with it); `landed` when an old hash address must give way to `address`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub address: String,
    pub route: Route,
    pub landed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(slug: &str, step: &str, query: &str) -> Route {
        Route::Lesson { slug: slug.into(), step: step.into(), query: query.into() }
    }

    #[test]
    fn paths_name_their_pages() {
        assert_eq!(parse(""), Route::Home);
        assert_eq!(parse("./"), Route::Home);
        assert_eq!(parse("?embed=1"), Route::Home);
        assert_eq!(parse("./?embed=1"), Route::Home);
        assert_eq!(parse("lab/"), Route::Lab { query: String::new() });
        assert_eq!(parse("lab"), Route::Lab { query: String::new() });
        assert_eq!(parse("lab/?c=2&t=2"), Route::Lab { query: "c=2&t=2".into() });
        assert_eq!(parse("compare/?n=4"), Route::Compare { query: "n=4".into() });
        assert_eq!(parse("lessons/"), Route::Lessons);
        assert_eq!(parse("fidelity/"), Route::Fidelity);
        assert_eq!(parse("fidelity/?embed=1"), Route::Fidelity);
        assert_eq!(parse("validation/"), Route::NotFound { address: "validation/".into() });
        assert_eq!(parse("lessons/1/"), Route::NotFound { address: "lessons/1/".into() });
        assert_eq!(parse("lesson/convoy/3/"), lesson("convoy", "3", ""));
        assert_eq!(parse("lesson/convoy/3/?embed=1"), lesson("convoy", "3", "embed=1"));
        assert_eq!(parse("lesson/convoy/"), lesson("convoy", "", ""));
        assert_eq!(parse("lesson/convoy/x/y/"), lesson("convoy", "x/y", ""), "the player says so");
        assert_eq!(parse("lesson/"), Route::NotFound { address: "lesson/".into() });
        assert!(lab_address(&LabParams::default()).starts_with("lab/?c=2&py=3.12"));
        assert_eq!(parse(&lab_address(&LabParams::default())).page(), LAB);
    }

    #[test]
    fn old_hashes_name_their_pages() {
        assert_eq!(parse_old_hash(""), Route::Home);
        assert_eq!(parse_old_hash("#"), Route::Home);
        assert_eq!(parse_old_hash("#/"), Route::Home);
        assert_eq!(parse_old_hash("#/?embed=1"), Route::Home);
        assert_eq!(parse_old_hash("#/lab?c=2&t=2"), Route::Lab { query: "c=2&t=2".into() });
        assert_eq!(parse_old_hash("#/lab/?c=2"), Route::Lab { query: "c=2".into() });
        assert_eq!(parse_old_hash("#/compare"), Route::Compare { query: String::new() });
        assert_eq!(parse_old_hash("#/lessons"), Route::Lessons);
        assert_eq!(parse_old_hash("#/validation?embed=1"), Route::Fidelity);
        assert_eq!(parse_old_hash("#/lesson/convoy"), lesson("convoy", "", ""));
        assert_eq!(parse_old_hash("#/lesson/convoy/3?embed=1"), lesson("convoy", "3", "embed=1"));
        assert_eq!(parse_old_hash("#?x"), Route::NotFound { address: "#?x".into() });
        assert_eq!(
            parse_old_hash("#/lessons/1"),
            Route::NotFound { address: "#/lessons/1".into() }
        );
        assert_eq!(parse_old_hash("#/lesson/"), Route::NotFound { address: "#/lesson/".into() });
    }

    #[test]
    fn an_old_hash_lands_on_its_path_with_its_query() {
        let cases = [
            ("#/", "./"),
            ("#/?embed=1", "./?embed=1"),
            ("#/lessons", "lessons/"),
            ("#/validation", "fidelity/"),
            ("#/validation?embed=1", "fidelity/?embed=1"),
            ("#/lab", "lab/"),
            ("#/lab?c=2&t=2&embed=1", "lab/?c=2&t=2&embed=1"),
            ("#/lab?v=2&w=thread,n=2:cpu+100ms", "lab/?v=2&w=thread,n=2:cpu+100ms"),
            ("#/compare?c=4&n=4", "compare/?c=4&n=4"),
            ("#/lesson/convoy-effect", "lesson/convoy-effect/1/"),
            (
                "#/lesson/convoy-effect/3?switch_interval=1ms",
                "lesson/convoy-effect/3/?switch_interval=1ms",
            ),
            ("#/lesson/convoy-effect/2?embed=1&only=1", "lesson/convoy-effect/2/?embed=1&only=1"),
        ];
        for (hash, landed) in cases {
            assert_eq!(landing(hash).as_deref(), Some(landed), "{hash}");
            assert_eq!(parse(landed).page(), parse_old_hash(hash).page(), "{hash}: one view");
        }
        assert_eq!(landing(""), None, "no old address");
        assert_eq!(landing("#top"), None, "a fragment, not an address");
        assert_eq!(landing("#/nowhere"), None, "an unknown page stays where it is, with a notice");
    }

    #[test]
    fn the_base_is_found_from_any_page_under_any_folder() {
        let base_of = PageAddress::base_of;
        assert_eq!(base_of("https://x.org/gil/", "./"), "https://x.org/gil/");
        assert_eq!(base_of("https://x.org/gil/?embed=1#/lab", "./"), "https://x.org/gil/");
        assert_eq!(base_of("https://x.org/gil/index.html?a=b/c", "./"), "https://x.org/gil/");
        assert_eq!(base_of("https://x.org/gil/lab/?w=a/b", "../"), "https://x.org/gil/");
        assert_eq!(
            base_of("https://x.org/gil/lesson/convoy/2/", "../../../"),
            "https://x.org/gil/"
        );
        assert_eq!(
            base_of("http://127.0.0.1:8080/lesson/c/2/", "../../../"),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(base_of("http://127.0.0.1:8080/lab/", "../../../"), "http://127.0.0.1:8080/");
        assert_eq!(
            PageAddress::address_in("https://x.org/gil/lab/?c=2#x", "https://x.org/gil/")
                .as_deref(),
            Some("lab/?c=2")
        );
        assert_eq!(PageAddress::address_in("https://y.org/", "https://x.org/gil/"), None);
    }

    #[test]
    fn a_page_arrives_at_its_path_and_an_old_hash_lands_on_its_own() {
        let base = "https://x.org/gil/";
        let at = |href: &str, hash: &str| arrive(base, href, hash);
        assert_eq!(
            at("https://x.org/gil/lab/?c=2", ""),
            Arrival {
                address: "lab/?c=2".into(),
                route: Route::Lab { query: "c=2".into() },
                landed: false
            }
        );
        assert_eq!(
            at("https://x.org/gil/#/lesson/convoy/2?embed=1", "#/lesson/convoy/2?embed=1"),
            Arrival {
                address: "lesson/convoy/2/?embed=1".into(),
                route: lesson("convoy", "2", "embed=1"),
                landed: true
            }
        );
        assert_eq!(
            at("https://x.org/gil/lab/#/validation", "#/validation").address,
            "fidelity/",
            "from any page of the site"
        );
        assert_eq!(
            at("https://x.org/gil/lab/#/nowhere", "#/nowhere"),
            Arrival {
                address: "lab/".into(),
                route: Route::NotFound { address: "#/nowhere".into() },
                landed: false
            }
        );
    }

    #[test]
    fn the_pages_address_links_relative_and_shares_whole() {
        let step = PageAddress::new("https://x.org/gil/", "lesson/convoy/2/?embed=1");
        assert_eq!(step.href("lab/?c=2"), "../../../lab/?c=2");
        assert_eq!(step.href(HOME), "../../../");
        assert_eq!(step.url("lab/?c=2"), "https://x.org/gil/lab/?c=2");
        assert_eq!(step.url("./?embed=1"), "https://x.org/gil/?embed=1");
        assert_eq!(step.beside("embed.js"), "https://x.org/gil/embed.js");
        let home = PageAddress::new("http://localhost:8080/", "./");
        assert_eq!(home.href("compare/?n=4"), "compare/?n=4");
        assert_eq!(home.url(HOME), "http://localhost:8080/");
        assert_eq!(PageAddress::default().url("lab/"), "lab/", "outside a browser, the address");
        assert_eq!(PageAddress::default().href("lab/"), "lab/");
    }
}
