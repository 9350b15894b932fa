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

use gloo_timers::callback::Interval;
use wasm_bindgen::JsValue;
use web_sys::{ScrollRestoration, Window};

/// How often, and how many times, a restored position waits for its page to be tall enough.
const RESTORE_EVERY_MS: u32 = 50;
const RESTORE_TRIES: u32 = 60;

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

/// Where the window goes when the app's page changes (see the module's documentation): one per
/// app, kept by its navigation (`navigate`), which tells it when the app leaves a page and how it
/// arrives at the next.
#[derive(Clone, Default)]
pub struct ScrollKeeper {
    /// A restore still waiting for its page to grow tall enough.
    pending: Rc<RefCell<Option<Interval>>>,
}

impl ScrollKeeper {
    /// Takes over from the browser's own restoration, which cannot wait for a page that appears
    /// in parts.
    pub fn new(window: &Window) -> ScrollKeeper {
        if let Ok(history) = window.history() {
            let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
        }
        ScrollKeeper::default()
    }

    /// The app leaves the page shown for another: its position is kept in its history entry.
    pub fn leave(&self, window: &Window) {
        remember_position(window);
    }

    /// A followed link opened a page: at its top.
    pub fn open_at_top(&self, window: &Window) {
        self.pending.borrow_mut().take();
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// Back or Forward returned to a page: where the learner left it, or its top.
    pub fn return_to_kept(&self, window: &Window) {
        self.pending.borrow_mut().take();
        match remembered_position(window) {
            Some(y) => restore_position(window.clone(), y, &self.pending),
            None => window.scroll_to_with_x_and_y(0.0, 0.0),
        }
    }
}
