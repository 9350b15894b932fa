//! The app: a header, and the page the location hash names (see [`crate::route`]), read
//! again at every `hashchange`; in embed mode, the page alone in its frame. The app's root is the
//! one place that reads where the page is (its hash and its address): views get both from it.
//!
//! `hashchange` is followed with gloo's `EventListener` (in the tree through Yew), which removes
//! itself when dropped, rather than a router crate: see ARCHITECTURE.md for why not yew-router.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::HashChangeEvent;
use yew::prelude::*;

use super::catalog;
use super::compare::ComparePage;
use super::embed::{embedded, without_embed, EmbedFrame};
use super::home::{Home, LessonsPage};
use super::lab::LabPage;
use super::lesson::navigation::locate;
use super::lesson::player::LessonPlayer;
use super::route::{self, compare_hash, current_hash, lab_hash, PageAddress, Route};
use super::scroll_on_navigate::use_scroll_on_navigate;
use super::timeline::spans::pattern_source;
use super::validation_page::ValidationPage;
use gil_link::quick_form::{compare_defaults, LabParams};

/// The site's header: its name, and the lab and the compare view at their defaults.
fn header() -> Html {
    html! {
        <header class="site-header">
            <nav class="site-nav" aria-label="Site">
                <a class="site-name" href="#/">{ "GIL Lab" }</a>
                <a href="#/lessons">{ "Lessons" }</a>
                <a href={lab_hash(&LabParams::default())}>{ "Lab" }</a>
                <a href={compare_hash(&compare_defaults())}>{ "Compare" }</a>
                <a href="#/validation">{ "Fidelity" }</a>
            </nav>
        </header>
    }
}

/// Where the app is: the location's hash, the route it names, and how many `hashchange`s led here.
/// The hash is read from the browser once, at the start; then each `hashchange` brings the next.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Location {
    hash: String,
    route: Route,
    /// Following a link to the lab settings a page was opened with (but has since changed) must
    /// load them again, though the route is the same: a new count tells the page so.
    changes: u32,
}

impl Location {
    fn at(hash: String, changes: u32) -> Location {
        Location { route: route::parse(&hash), hash, changes }
    }
}

/// A `hashchange` to this hash.
impl Reducible for Location {
    type Action = String;

    fn reduce(self: Rc<Self>, hash: String) -> Rc<Self> {
        Rc::new(Location::at(hash, self.changes.wrapping_add(1)))
    }
}

/// The app's location, following the window's `hashchange`s for as long as the app lives.
#[hook]
fn use_location() -> UseReducerHandle<Location> {
    let location = use_reducer(|| Location::at(current_hash(), 0));
    let dispatcher = location.dispatcher();
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "hashchange", move |event| {
                // The event's new URL, not the location: a page may have replaced the hash since.
                let Some(event) = event.dyn_ref::<HashChangeEvent>() else { return };
                let url = event.new_url();
                dispatcher
                    .dispatch(url.find('#').map(|at| &url[at..]).unwrap_or_default().to_string());
            })
        });
        move || drop(listener)
    });
    location
}

/// The page a route names.
fn page(route: &Route, changes: u32, embed: bool) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Lessons => html! { <LessonsPage /> },
        Route::Validation => html! { <ValidationPage /> },
        Route::NotFound { hash } => {
            html! { <Home notice={format!("There is no page at {hash}; here is the home page.")} /> }
        }
        Route::Lab { query } => {
            html! { <LabPage query={AttrValue::from(query.clone())} {changes} {embed} /> }
        }
        Route::Compare { query } => {
            html! { <ComparePage query={AttrValue::from(query.clone())} {changes} {embed} /> }
        }
        Route::Lesson { slug, step, query } => match locate(catalog::lessons(), slug, step) {
            Ok(place) => {
                html! { <LessonPlayer {place} query={AttrValue::from(query.clone())} {embed} /> }
            }
            Err(missing) => html! { <Home notice={missing} /> },
        },
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let location = use_location();
    use_scroll_on_navigate();
    // Read once: the page's address does not change while the app lives, only its hash.
    let address = use_memo((), |_| PageAddress::current());
    let embed = embedded(&location.hash);
    // The timelines' fill patterns, once beside whichever view.
    let page =
        html! { <>{ page(&location.route, location.changes, embed) }{ pattern_source() }</> };
    let view = if embed {
        html! { <EmbedFrame open_hash={without_embed(&location.hash)}>{ page }</EmbedFrame> }
    } else {
        html! { <>{ header() }{ page }</> }
    };
    html! { <ContextProvider<PageAddress> context={(*address).clone()}>{ view }</ContextProvider<PageAddress>> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_hashchange_is_a_new_location_even_to_the_same_hash() {
        let start = Rc::new(Location::at("#/lab?c=2".into(), 0));
        assert_eq!(start.route, Route::Lab { query: "c=2".into() });
        let moved = start.clone().reduce("#/lessons".into());
        assert_eq!(
            (moved.hash.as_str(), &moved.route, moved.changes),
            ("#/lessons", &Route::Lessons, 1)
        );
        let back = moved.reduce("#/lab?c=2".into());
        assert_eq!(
            (&back.route, back.changes),
            (&start.route, 2),
            "the same route, a new count: the lab loads its link again"
        );
    }
}
