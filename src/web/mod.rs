//! The web app (feature `web`): Yew function components that show what the simulator computes.
//!
//! Hash routes ([`route`]): `#/` is the home page with the lessons, `#/lesson/<slug>/<step>` the
//! lesson player ([`lesson`]), `#/lab?…` the free lab ([`lab`]), whose every
//! setting lives in the URL's query string. The lab simulates its scenario again at every change
//! through the [`state::LabState`] reducer and shows the metrics, the timeline, the start of the
//! event log and the matching Python program ([`python_code`]).

pub mod app;
pub mod lab;
pub mod lesson;
pub mod metrics;
pub mod python_code;
pub mod route;
pub mod state;
pub mod timeline;

pub use app::App;

/// Mounts the app into the page's `#app` element (or the body when there is none).
pub fn start() {
    let root = web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
