//! What the build tells search engines, once it knows where the site is served (`write-pages
//! --site URL`): every page's whole address (`sitemap.xml`, which must name pages by whole
//! addresses) and `robots.txt`, which points at it. A site served from a sub-folder (a project
//! site on GitHub Pages) has its `robots.txt` ignored, since crawlers read only the host's; its
//! sitemap can still be given to a search engine by hand.

use gil_lessons::markdown::escaped;
use gil_link::address::HOME;

/// The site's address as `--site` gave it, with the `/` that ends a folder; an error says what
/// is wrong and what is allowed.
pub fn site_url(given: &str) -> Result<String, String> {
    let given = given.trim();
    let scheme = given.strip_prefix("https://").or_else(|| given.strip_prefix("http://"));
    let valid = scheme.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.contains(['?', '#', ' ', '"', '<', '>'])
    });
    if !valid {
        return Err(format!(
            "--site must be the whole address where dist/ is served, starting with https:// or \
             http://, without a query or a fragment (such as https://you.github.io/gil-lab/); got '{given}'"
        ));
    }
    Ok(if given.ends_with('/') { given.to_string() } else { format!("{given}/") })
}

/// A page's whole address on the site (`lesson/convoy-effect/2/` → `https://…/lesson/convoy-effect/2/`).
pub fn page_url(site: &str, address: &str) -> String {
    if address == HOME {
        site.to_string()
    } else {
        format!("{site}{address}")
    }
}

/// The sitemap of the pages at `addresses` on `site`.
pub fn sitemap(site: &str, addresses: &[&str]) -> String {
    let urls: String = addresses
        .iter()
        .map(|address| format!("<url><loc>{}</loc></url>\n", escaped(&page_url(site, address))))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
    )
}

/// Every page may be read; the sitemap is named where there is one.
pub fn robots(site: Option<&str>) -> String {
    let sitemap = site.map(|site| format!("Sitemap: {site}sitemap.xml\n")).unwrap_or_default();
    format!("User-agent: *\nAllow: /\n{sitemap}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_a_whole_address_ending_in_a_folder() {
        assert_eq!(
            site_url("https://you.github.io/gil-lab"),
            Ok("https://you.github.io/gil-lab/".into())
        );
        assert_eq!(site_url("http://127.0.0.1:8080/"), Ok("http://127.0.0.1:8080/".into()));
        for wrong in
            ["you.github.io", "https://", "https:///x", "ftp://x.org/", "https://x.org/?a=1"]
        {
            let message = site_url(wrong).unwrap_err();
            assert!(message.contains("https://") && message.contains(wrong), "{message}");
        }
    }

    #[test]
    fn the_sitemap_names_every_page_by_its_whole_address() {
        let site = "https://x.org/gil/";
        let map = sitemap(site, &[HOME, "lab/", "lesson/convoy-effect/2/"]);
        assert!(map.contains("<loc>https://x.org/gil/</loc>"), "{map}");
        assert!(map.contains("<loc>https://x.org/gil/lesson/convoy-effect/2/</loc>"), "{map}");
        assert_eq!(map.matches("<url>").count(), 3);
        assert_eq!(
            robots(Some(site)),
            "User-agent: *\nAllow: /\nSitemap: https://x.org/gil/sitemap.xml\n"
        );
        assert!(!robots(None).contains("Sitemap"));
    }
}
