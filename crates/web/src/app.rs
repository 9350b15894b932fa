//! The app: a header, and the page the address names (see [`crate::route`]), followed as the app
//! moves ([`crate::navigate`]); in embed mode, the page alone in its frame. The app's root is the
//! one place that reads where the page is (its base and its address): views get both from it.
//!
//! No router crate: see ARCHITECTURE.md for why not yew-router.

use std::rc::Rc;

use yew::prelude::*;

use super::catalog;
use super::compare::ComparePage;
use super::document_title::{route_title, use_document_title};
use super::embed::{embedded, without_embed, EmbedFrame};
use super::home::{Home, LessonsPage};
use super::lab::LabPage;
use super::lesson::navigation::locate;
use super::lesson::player::LessonPlayer;
use super::navigate::use_navigation;
use super::route::{
    arrive, compare_address, lab_address, location_now, read_base, Arrival, PageAddress, Route,
};
use super::timeline::spans::pattern_source;
use super::validation_page::ValidationPage;
use gil_link::address::{FIDELITY, HOME, LESSONS};
use gil_link::quick_form::{compare_defaults, LabParams};

/// The site's header: its name, and the lab and the compare view at their defaults.
fn header(address: &PageAddress) -> Html {
    html! {
        <header class="site-header">
            <nav class="site-nav" aria-label="Site">
                <a class="site-name" href={address.href(HOME)}>{ "GIL Lab" }</a>
                <a href={address.href(LESSONS)}>{ "Lessons" }</a>
                <a href={address.href(&lab_address(&LabParams::default()))}>{ "Lab" }</a>
                <a href={address.href(&compare_address(&compare_defaults()))}>{ "Compare" }</a>
                <a href={address.href(FIDELITY)}>{ "Fidelity" }</a>
            </nav>
        </header>
    }
}

/// Where the app is: the address shown, the route it names, and how many moves led here.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Location {
    address: String,
    route: Route,
    /// Following a link to the lab settings a page was opened with (but has since changed) must
    /// load them again, though the route is the same: a new count tells the page so.
    changes: u32,
}

/// A move to another address (a link followed, Back or Forward).
impl Reducible for Location {
    type Action = Arrival;

    fn reduce(self: Rc<Self>, arrival: Arrival) -> Rc<Self> {
        let Arrival { address, route, .. } = arrival;
        Rc::new(Location { address, route, changes: self.changes.wrapping_add(1) })
    }
}

/// Where the page was opened: the app's base, and where it arrived.
fn opened() -> (Rc<str>, Arrival) {
    let base = read_base();
    let (href, hash) = location_now();
    let arrival = arrive(&base, &href, &hash);
    (base.into(), arrival)
}

/// The app's location, following its moves for as long as the app lives, and its base.
#[hook]
fn use_location() -> (UseReducerHandle<Location>, Rc<str>) {
    let start = use_memo((), |_| opened());
    let (base, arrival) = (*start).clone();
    let landed = arrival.landed.then(|| arrival.address.clone());
    let location = use_reducer(move || Location {
        address: arrival.address,
        route: arrival.route,
        changes: 0,
    });
    let dispatcher = location.dispatcher();
    use_navigation(
        base.clone(),
        landed,
        Callback::from(move |arrival| dispatcher.dispatch(arrival)),
    );
    (location, base)
}

/// The page a route names.
fn page(route: &Route, changes: u32, embed: bool) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Lessons => html! { <LessonsPage /> },
        Route::Fidelity => html! { <ValidationPage /> },
        Route::NotFound { address } => {
            html! { <Home notice={format!("There is no page at {address}; here is the home page.")} /> }
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
    let (location, base) = use_location();
    use_document_title(route_title(&location.route));
    let address = PageAddress::new(&base, &location.address);
    let embed = embedded(&location.address);
    // The timelines' fill patterns, once beside whichever view.
    let page =
        html! { <>{ page(&location.route, location.changes, embed) }{ pattern_source() }</> };
    let view = if embed {
        html! { <EmbedFrame open_address={without_embed(&location.address)}>{ page }</EmbedFrame> }
    } else {
        html! { <>{ header(&address) }{ page }</> }
    };
    html! { <ContextProvider<PageAddress> context={address}>{ view }</ContextProvider<PageAddress>> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_move_is_a_new_location_even_to_the_same_address() {
        let at = |address: &str| Arrival {
            address: address.into(),
            route: crate::route::parse(address),
            landed: false,
        };
        let start = Rc::new(Location {
            address: "lab/?c=2".into(),
            route: Route::Lab { query: "c=2".into() },
            changes: 0,
        });
        let moved = start.clone().reduce(at("lessons/"));
        assert_eq!(
            (moved.address.as_str(), &moved.route, moved.changes),
            ("lessons/", &Route::Lessons, 1)
        );
        let back = moved.reduce(at("lab/?c=2"));
        assert_eq!(
            (&back.route, back.changes),
            (&start.route, 2),
            "the same route, a new count: the lab loads its link again"
        );
    }
}
