//! The web app: Yew function components that show what the simulator computes.
//!
//! Routes ([`route`]), paths from the app's base: `./` is the home page ([`home`]),
//! `lesson/<slug>/<step>/` the lesson player ([`lesson`]), `lab/?…` the lab ([`lab`]) and
//! `compare/?…` the compare view ([`compare`]), whose every setting lives in the URL's query string
//! ([`params`]). [`app`] picks the page, and follows the app's moves between them without
//! reloading ([`navigate`]); in embed mode ([`embed`]) it shows the page alone in its frame.
//!
//! The pages are built from shared parts, each of which imports none of the pages: the
//! [`form_controls`], [`share`] (Share and Embed), the [`metric_cards`] and the [`timeline`], simulating
//! within the page's limits ([`run`]), keeping settings and address in step ([`url_sync`]), drawing
//! what can wait after the first paint ([`after_first_paint`]), and small helpers ([`clipboard`], [`disclosure`],
//! [`panic`](mod@panic), [`catalog`], and [`trace_ref`], a trace compared by
//! identity).

pub mod after_first_paint;
pub mod app;
pub mod catalog;
pub mod clipboard;
pub mod compare;
pub mod disclosure;
pub mod document_title;
pub mod embed;
pub mod form_controls;
pub mod home;
pub mod lab;
pub mod lesson;
pub mod metric_cards;
pub mod navigate;
pub mod panic;
pub mod params;
pub mod resize_observer;
pub mod route;
pub mod run;
pub mod scroll_on_navigate;
pub mod share;
pub mod timeline;
pub mod trace_ref;
pub mod url_sync;
pub mod validation_page;

pub use app::App;

/// Mounts the app into the page's `#app` element (or the body when there is none), after
/// installing the panic hook that shows an error panel instead of a broken page. The app lives
/// as long as the page; the handle lets a test unmount it.
pub fn start() -> yew::AppHandle<App> {
    panic::install();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    }
}

#[cfg(test)]
mod tests {
    /// The page's files as trunk reads them: a missing favicon is a console error on every load,
    /// and a course page needs embed.js beside the app.
    #[test]
    fn wiring_the_page_names_its_favicon_and_ships_embed_js() {
        let page = include_str!("../../../index.html");
        for (tag, file) in [
            ("<link data-trunk rel=\"icon\" href=\"assets/favicon.svg\" />", "assets/favicon.svg"),
            ("<link data-trunk rel=\"copy-file\" href=\"assets/embed.js\" />", "assets/embed.js"),
            (
                "<link data-trunk rel=\"copy-file\" href=\"docs/embed-example.html\" />",
                "docs/embed-example.html",
            ),
        ] {
            assert!(page.contains(tag), "index.html lacks {tag}");
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(file).is_file(),
                "{file} is missing"
            );
        }
    }
}
