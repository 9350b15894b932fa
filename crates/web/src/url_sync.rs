//! Keeping a page's settings and its address in step, both ways: reloading the settings when the
//! address changes, and writing them into the address once they rest.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use super::navigate::replace_address;
use super::route::{self, use_page_address, PageAddress, Route};

/// Calls `load` with the page's query when its URL changed (a link followed, the address edited):
/// `changes` counts the app's moves, since following a link to the URL a page opened with must
/// load it again. Not on the first render, whose state already came from the URL: an edit made
/// before the first effects run would be undone.
#[hook]
pub fn use_reload_on_url_change(load: Callback<String>, query: AttrValue, changes: u32) {
    let loaded = use_mut_ref(|| (query.clone(), changes));
    use_effect_with((query, changes), move |key| {
        if *loaded.borrow() != *key {
            *loaded.borrow_mut() = key.clone();
            load.emit(key.0.to_string());
        }
    });
}

/// How long a page's settings must rest before its URL is updated to them.
const URL_WRITE_DELAY: Duration = Duration::from_millis(150);

/// Writes `address`, a page's settings, into the address bar without a new history entry, once
/// it has rested a moment. `replaceState` takes milliseconds that a new timeline needs to be on
/// screen within a frame, and Chromium throttles the many in a row a dragged slider would make. A
/// newer address or leaving the page cancels the write, and it happens only while the location
/// is still the page's (`is_page`): never over a link followed meanwhile.
#[hook]
pub fn use_url_written_at_rest(address: String, is_page: impl Fn(&Route) -> bool + 'static) {
    let page = use_page_address();
    use_effect_with(address, move |address| {
        let cancelled = Rc::new(Cell::new(false));
        yew::platform::spawn_local({
            let (address, cancelled) = (address.clone(), cancelled.clone());
            async move {
                yew::platform::time::sleep(URL_WRITE_DELAY).await;
                if !cancelled.get() {
                    write_address(&page, &address, &is_page);
                }
            }
        });
        move || cancelled.set(true)
    });
}

fn write_address(page: &PageAddress, address: &str, is_page: &dyn Fn(&Route) -> bool) {
    let Some(window) = web_sys::window() else { return };
    let current = page.in_location();
    if current != address && is_page(&route::parse(&current)) {
        replace_address(&window, &page.url(address));
    }
}
