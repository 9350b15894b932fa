//! Hash routes: `#/` (home), `#/lab?…` (the lab, its settings in the query), anything else is
//! unknown and shows the home page with a notice. The hash is parsed here, without a router crate.

use super::lab::query::{to_compare_query, to_query, LabParams};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    /// The lab, with the query string after `?` (possibly empty).
    Lab {
        query: String,
    },
    /// The compare view, with the query string after `?` (possibly empty).
    Compare {
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
    match page.trim_end_matches('/') {
        // `#/?embed=1` is the home page in embed mode.
        "" if query.is_none() || page == "/" => Route::Home,
        "/lab" | "lab" => Route::Lab { query: query.unwrap_or_default().to_string() },
        "/compare" | "compare" => Route::Compare { query: query.unwrap_or_default().to_string() },
        _ => Route::NotFound { hash: hash.to_string() },
    }
}

/// The hash of the lab with these settings.
pub fn lab_hash(params: &LabParams) -> String {
    format!("#/lab?{}", to_query(params))
}

/// The hash of the compare view with this workload (`threads` is its number of workers).
pub fn compare_hash(params: &LabParams) -> String {
    format!("#/compare?{}", to_compare_query(params))
}

/// The page's current hash (`""` outside a browser).
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
        assert_eq!(parse("#/lessons/1"), Route::NotFound { hash: "#/lessons/1".into() });
        assert_eq!(parse("#?x"), Route::NotFound { hash: "#?x".into() });
        assert!(lab_hash(&LabParams::default()).starts_with("#/lab?c=2&py=3.12"));
    }
}
