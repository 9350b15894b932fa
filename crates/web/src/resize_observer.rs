//! A `ResizeObserver` as a hook: for what must follow an element's size, which no render can read.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, ResizeObserver, ResizeObserverEntry};
use yew::prelude::*;

/// Calls `on_resize` with the element's entry when it is first laid out and whenever its size
/// changes, until the component goes.
#[hook]
pub fn use_resize_observer<F>(node: &NodeRef, on_resize: F)
where
    F: Fn(&ResizeObserverEntry) + 'static,
{
    let node = node.clone();
    use_effect_with((), move |_| {
        let watch = node.cast::<Element>().and_then(|element| {
            let listener = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(entry) = entries.iter().last() {
                    on_resize(entry.unchecked_ref());
                }
            });
            let observer = ResizeObserver::new(listener.as_ref().unchecked_ref()).ok()?;
            observer.observe(&element);
            Some((observer, listener))
        });
        move || {
            if let Some((observer, listener)) = watch {
                observer.disconnect();
                drop(listener);
            }
        }
    });
}
