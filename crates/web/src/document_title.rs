//! The document's title, which names the page a tab, a bookmark, the history and a screen reader
//! show (WCAG 2.4.2): "The convoy effect — Why a whole interval · GIL Lab". Each view's title is a
//! pure function of what it shows; the hook writes it into the document after the render.

use yew::prelude::*;

use crate::route::Route;

const SITE: &str = "GIL Lab";

/// A page's title: its own name, then the site's.
pub fn titled(name: &str) -> String {
    format!("{name} · {SITE}")
}

/// A lesson step's title, from its lesson's title and the step's own, once the lesson's file has
/// arrived (until then its number).
pub fn step_title(lesson: &str, number: usize, step: Option<&str>) -> String {
    match step {
        Some(step) => titled(&format!("{lesson} — {step}")),
        None => titled(&format!("{lesson}, step {number}")),
    }
}

/// The title of a route's view, for every view but a lesson step, whose player names it
/// ([`step_title`]): it knows the step's title once the lesson's file has arrived.
pub fn route_title(route: &Route) -> Option<String> {
    Some(match route {
        Route::Home => format!("{SITE}: Python's global interpreter lock, simulated"),
        Route::Lessons => titled("Lessons"),
        Route::Lab { .. } => titled("Lab"),
        Route::Compare { .. } => titled("Compare"),
        Route::Fidelity => titled("How faithful is the simulator?"),
        Route::NotFound { .. } => titled("No such page"),
        Route::Lesson { .. } => return None,
    })
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
    fn each_view_has_its_own_title() {
        assert_eq!(
            step_title("The convoy effect", 2, Some("Why a whole interval")),
            "The convoy effect — Why a whole interval · GIL Lab"
        );
        assert_eq!(step_title("The convoy effect", 2, None), "The convoy effect, step 2 · GIL Lab");
        assert_eq!(
            route_title(&Route::Lab { query: "c=2".into() }).as_deref(),
            Some("Lab · GIL Lab")
        );
        let lesson = Route::Lesson { slug: "x".into(), step: "1".into(), query: String::new() };
        assert_eq!(route_title(&lesson), None, "the player names its step");
    }
}
