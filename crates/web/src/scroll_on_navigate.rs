//! Where the window is scrolled when the app's page changes. Following a link to another of the
//! app's pages starts that page at its top: without this, the window kept the scroll position of
//! the page the link was on ("Open this scenario in the lab", followed from far down a lesson step,
//! landed 2,000 px down the lab on a phone). Back and Forward return to where the learner was on
//! that page: the position is kept in the history entry when the link is followed, and restored
//! once the page has grown tall enough to show it again (a page appears in parts, as its files
//! arrive), which the browser's own restoration cannot wait for. Any other change of page starts at
//! the top too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MouseEvent, ScrollRestoration, Window};
use yew::prelude::*;

/// How often, and how many times, a restored position waits for its page to be tall enough.
const RESTORE_EVERY_MS: u32 = 50;
const RESTORE_TRIES: u32 = 60;

/// Whether a click follows one of the app's own links in this tab to another address: a plain
/// primary click on an `<a href="#/…">` that opens no other window and names another hash than
/// `current` (a link to where the page is changes nothing, so no `hashchange` would clear the mark).
fn follows_an_app_link(event: &MouseEvent, current: &str) -> bool {
    let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
    if modified || event.button() != 0 || event.default_prevented() {
        return false;
    }
    let link = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|element| element.closest("a[href^='#/']").ok().flatten());
    link.is_some_and(|link| {
        let same_tab = link.get_attribute("target").is_none_or(|target| target == "_self");
        same_tab && link.get_attribute("href").is_some_and(|href| href != current)
    })
}

fn scroll_y(window: &Window) -> f64 {
    window.scroll_y().unwrap_or_default()
}

/// Keeps the window's position in the current history entry, which Back will return to.
fn remember_position(window: &Window) {
    if let Ok(history) = window.history() {
        let _ = history.replace_state(&JsValue::from_f64(scroll_y(window)), "");
    }
}

/// The position kept in the history entry the window has just returned to, if any.
fn remembered_position(window: &Window) -> Option<f64> {
    window.history().ok()?.state().ok()?.as_f64()
}

/// Scrolls to `y` once the page is tall enough to show it, trying for a few seconds at most; a
/// restore still waiting is dropped by the next one.
fn restore_position(window: Window, y: f64, pending: &Rc<RefCell<Option<Interval>>>) {
    let tries = Cell::new(0);
    let done = pending.clone();
    let interval = Interval::new(RESTORE_EVERY_MS, move || {
        let height = window.document().and_then(|document| document.document_element());
        let height = height.map_or(0.0, |root| f64::from(root.scroll_height()));
        let viewport = window.inner_height().ok().and_then(|height| height.as_f64()).unwrap_or(0.0);
        tries.set(tries.get() + 1);
        if height >= y + viewport || tries.get() >= RESTORE_TRIES {
            window.scroll_to_with_x_and_y(0.0, y);
            done.borrow_mut().take();
        }
    });
    *pending.borrow_mut() = Some(interval);
}

/// The listeners that move the window at each change of the app's page.
fn listeners(window: Window) -> Option<(EventListener, EventListener)> {
    let document = window.document()?;
    if let Ok(history) = window.history() {
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    let followed = Rc::new(Cell::new(false));
    let pending: Rc<RefCell<Option<Interval>>> = Rc::default();
    let on_click = EventListener::new(&document, "click", {
        let (followed, window) = (followed.clone(), window.clone());
        move |event| {
            let current = window.location().hash().unwrap_or_default();
            let click = event.dyn_ref::<MouseEvent>();
            if click.is_some_and(|click| follows_an_app_link(click, &current)) {
                remember_position(&window);
                followed.set(true);
            }
        }
    });
    let on_hashchange = EventListener::new(&window.clone(), "hashchange", move |_| {
        pending.borrow_mut().take();
        match (followed.replace(false), remembered_position(&window)) {
            (false, Some(y)) => restore_position(window.clone(), y, &pending),
            _ => window.scroll_to_with_x_and_y(0.0, 0.0),
        }
    });
    Some((on_click, on_hashchange))
}

/// Moves the window at each change of the app's page (see the module's documentation), for as
/// long as the calling component (the app's root) lives.
#[hook]
pub fn use_scroll_on_navigate() {
    use_effect_with((), |_| {
        let listeners = web_sys::window().and_then(listeners);
        move || drop(listeners)
    });
}
