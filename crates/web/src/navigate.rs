//! Moving between the app's pages without reloading. Links are real `<a href>`s to the pages'
//! addresses (each a file the build writes, so a link opened in a new tab or without the app
//! works too); a plain click on one is taken over by one listener on the document, which adds a
//! history entry (`pushState`) and tells the app's root where it now is. Back and Forward
//! (`popstate`) tell it too, and so does an old hash address typed into the address bar, which
//! lands on its path without a new entry. The window's position follows (`scroll_on_navigate`).

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MouseEvent, Window};
use yew::prelude::*;

use super::embed::{embedded, with_embed};
use super::route::{self, arrive, location_now, Arrival, PageAddress, Route};
use super::scroll_on_navigate::ScrollKeeper;

/// Moves the app between its addresses, for its listeners: the app's base (as the address of no
/// page in particular), the root's callback for each arrival, and where the window goes.
#[derive(Clone)]
struct Navigator {
    base: PageAddress,
    moved: Callback<Arrival>,
    scroll: ScrollKeeper,
}

impl Navigator {
    /// Opens `address` in a new history entry, at its top; nothing when the location is there.
    fn go(&self, address: &str) {
        let Some(window) = web_sys::window() else { return };
        if self.base.in_location() == address {
            return;
        }
        self.scroll.leave(&window);
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&self.base.url(address)));
        }
        self.scroll.open_at_top(&window);
        self.moved.emit(Arrival {
            address: address.to_string(),
            route: route::parse(address),
            landed: false,
        });
    }

    /// Tells the root where the location is now, after Back, Forward or an address typed in; an
    /// old hash address gives way to its path in the same history entry.
    fn arrive_here(&self, window: &Window) {
        let (href, hash) = location_now();
        let arrival = arrive(self.base.base(), &href, &hash);
        if arrival.landed {
            replace_address(window, &self.base.url(&arrival.address));
        }
        self.scroll.return_to_kept(window);
        self.moved.emit(arrival);
    }
}

/// Puts `url` in the address bar in place of the current entry's, keeping its state (where Back
/// returns to on the page, `scroll_on_navigate`).
pub fn replace_address(window: &Window, url: &str) {
    if let Ok(history) = window.history() {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}

/// The address a click follows, when it is a plain primary click on a link to one of the app's
/// pages in this tab: not to a file beside them, nor to a fragment of the page, nor with a key
/// held that asks for another tab or window.
fn followed_address(event: &MouseEvent, base: &str) -> Option<String> {
    let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
    if modified || event.button() != 0 || event.default_prevented() {
        return None;
    }
    let link = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())?;
    let same_tab = link.get_attribute("target").is_none_or(|target| target == "_self");
    let href = link.get_attribute("href")?;
    if !same_tab || link.has_attribute("download") || href.starts_with('#') {
        return None;
    }
    let url = web_sys::Url::new_with_base(&href, &location_now().0).ok()?.href();
    let address = PageAddress::address_in(&url, base)?;
    (!matches!(route::parse(&address), Route::NotFound { .. })).then_some(address)
}

/// The listeners that move the app: clicks on its links, and `popstate`.
fn listeners(window: Window, navigator: Navigator) -> Option<(EventListener, EventListener)> {
    let document = window.document()?;
    // Not passive (gloo's default), so that it may keep the browser from following the link.
    let options = EventListenerOptions::enable_prevent_default();
    let on_click = EventListener::new_with_options(&document, "click", options, {
        let navigator = navigator.clone();
        move |event| {
            let Some(click) = event.dyn_ref::<MouseEvent>() else { return };
            let Some(address) = followed_address(click, navigator.base.base()) else { return };
            event.prevent_default();
            // A link within an embedded view stays in embed mode: without this the frame would
            // grow the site's navigation.
            let shown = navigator.base.in_location();
            let embed = embedded(&shown) && !embedded(&address);
            navigator.go(&if embed { with_embed(&address) } else { address });
        }
    });
    let on_popstate = EventListener::new(&window.clone(), "popstate", move |_| {
        navigator.arrive_here(&window);
    });
    Some((on_click, on_popstate))
}

/// The app's navigation, for as long as the calling component (the app's root) lives: the listeners
/// that move it, each arrival told to `moved`. An old hash address the page was opened at first
/// gives way to `landed`, its path, in place.
#[hook]
pub fn use_navigation(base: Rc<str>, landed: Option<String>, moved: Callback<Arrival>) {
    use_effect_with((), move |_| {
        let base = PageAddress::new(&base, "");
        let listeners = web_sys::window().and_then(|window| {
            if let Some(address) = landed {
                replace_address(&window, &base.url(&address));
            }
            let scroll = ScrollKeeper::new(&window);
            listeners(window, Navigator { base, moved, scroll })
        });
        move || drop(listeners)
    });
}
