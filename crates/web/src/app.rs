//! The app: a header, and the page the location hash names (see [`crate::route`]), read
//! again at every `hashchange`; in embed mode, the page alone in its frame.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::catalog;
use super::compare::ComparePage;
use super::embed::{embedded, without_embed, EmbedFrame};
use super::home::{lessons_page, Home};
use super::lab::LabPage;
use super::lesson::navigation::locate;
use super::lesson::player::LessonPlayer;
use super::params::query::{compare_defaults, LabParams};
use super::route::{self, compare_hash, current_hash, lab_hash, Route};
use super::timeline::spans::pattern_source;
use super::validation::ValidationPage;

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

#[function_component(App)]
pub fn app() -> Html {
    // The route, and how many `hashchange`s led to it: following a link to the lab settings it
    // was opened with (but has since changed) must load them again, though the route is the same.
    let route = use_state(|| (route::parse(&current_hash()), 0_u32));
    {
        let setter = route.setter();
        use_effect_with((), move |_| {
            let changes = std::rc::Rc::new(std::cell::Cell::new(0_u32));
            // The event's new URL, not the location: a page may have replaced the hash since.
            let listener = Closure::<dyn Fn(web_sys::HashChangeEvent)>::new(move |event: web_sys::HashChangeEvent| {
                let url = event.new_url();
                let hash = url.find('#').map(|at| &url[at..]).unwrap_or_default();
                changes.set(changes.get().wrapping_add(1));
                setter.set((route::parse(hash), changes.get()));
            });
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }

    let (current, changes) = &*route;
    let hash = current_hash();
    let page = match current {
        Route::Home => html! { <Home /> },
        Route::Lessons => lessons_page(),
        Route::Validation => html! { <ValidationPage /> },
        Route::NotFound { hash } => html! { <Home notice={format!("There is no page at {hash}; here is the home page.")} /> },
        Route::Lab { query } => html! { <LabPage query={AttrValue::from(query.clone())} changes={*changes} embed={embedded(&hash)} /> },
        Route::Compare { query } => {
            html! { <ComparePage query={AttrValue::from(query.clone())} changes={*changes} embed={embedded(&hash)} /> }
        }
        Route::Lesson { slug, step, query } => match locate(catalog::lessons(), slug, step) {
            Ok(place) => html! { <LessonPlayer {place} query={AttrValue::from(query.clone())} embed={embedded(&hash)} /> },
            Err(missing) => html! { <Home notice={missing} /> },
        },
    };
    // The timelines' fill patterns, once beside whichever view.
    let page = html! { <>{ page }{ pattern_source() }</> };
    if embedded(&hash) {
        return html! { <EmbedFrame open_hash={without_embed(&hash)}>{ page }</EmbedFrame> };
    }
    html! {
        <>
            { header() }
            { page }
        </>
    }
}
