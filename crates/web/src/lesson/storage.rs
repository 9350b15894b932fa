//! The learner's [`Progress`] in the browser's localStorage, under [`KEY`]. Storage may be missing
//! or throw (sandboxed iframes, private windows, a full quota): then progress lives in memory for
//! the page's lifetime, and nothing else changes. A view gets the progress through
//! [`use_stored_progress`], read when it mounts, never at each render.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::progress::Progress;

pub const KEY: &str = "gil-lab:progress:v1";

thread_local! {
    /// The progress as this page last knew it, for when storage cannot be read.
    static IN_MEMORY: RefCell<Progress> = RefCell::new(Progress::default());
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored progress (read afresh, so another tab's steps count too).
pub fn load() -> Progress {
    match local_storage().map(|storage| storage.get_item(KEY)) {
        Some(Ok(stored)) => stored.map(|text| Progress::decode(&text)).unwrap_or_default(),
        _ => IN_MEMORY.with(|memory| memory.borrow().clone()),
    }
}

/// Changes the progress and stores it, if it changed.
pub fn update(change: impl FnOnce(&mut Progress)) {
    let before = load();
    let mut progress = before.clone();
    change(&mut progress);
    if progress != before {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(KEY, &progress.encode());
        }
        IN_MEMORY.with(|memory| *memory.borrow_mut() = progress);
    }
}

/// The stored progress, read once when the calling component mounts: a page shown again reads it
/// afresh (another step seen, another tab), and a render never touches storage.
#[hook]
pub fn use_stored_progress() -> Rc<Progress> {
    use_memo((), |_| load())
}
