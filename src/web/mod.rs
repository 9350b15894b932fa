//! The web app (feature `web`): Yew function components that show what the simulator computes.
//!
//! This first page simulates one built-in scenario, the convoy effect, and shows its metrics, a
//! timeline of every lane and the start of the event log. Two controls (cores and switch
//! interval) change the scenario and simulate it again through the [`state::Lab`] reducer.

pub mod app;
pub mod events;
pub mod metrics;
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
