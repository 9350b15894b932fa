//! The document's title, which names the page a tab, a bookmark, the history and a screen reader
//! show (WCAG 2.4.2), as `gil_link::titles` words it: each view's title is a pure function of what
//! it shows, and the hook writes it into the document after the render.

use yew::prelude::*;

use crate::route::Route;
use gil_link::titles::{not_found_title, view_title};

/// The title of a route's view, for every view but a lesson step, whose player names it
/// ([`step_title`](gil_link::titles::step_title)): it knows the step's title once the lesson's
/// file has arrived.
pub fn route_title(route: &Route) -> Option<String> {
    match route {
        Route::Lesson { .. } => None,
        Route::NotFound { .. } => Some(not_found_title()),
        _ => view_title(&route.page()),
    }
}

/// Sets the document's title to `title` whenever it changes.
#[hook]
pub fn use_document_title(title: Option<String>) {
    use_effect_with(title, |title| {
        if let (Some(title), Some(document)) =
            (title, web_sys::window().and_then(|window| window.document()))
        {
            document.set_title(title);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_but_a_step_is_named_by_its_route() {
        assert_eq!(
            route_title(&Route::Lab { query: "c=2".into() }).as_deref(),
            Some("Lab · GIL Lab")
        );
        assert_eq!(route_title(&Route::Fidelity), view_title("fidelity/"));
        let lesson = Route::Lesson { slug: "x".into(), step: "1".into(), query: String::new() };
        assert_eq!(route_title(&lesson), None, "the player names its step");
    }
}
