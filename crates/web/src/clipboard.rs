//! Copying text for the Share, Embed and Copy buttons: `navigator.clipboard.writeText` when the
//! page may use it, otherwise the text is selected so that Ctrl+C copies it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Clipboard, Element, MouseEvent};
use yew::{Callback, NodeRef, UseStateHandle};

/// Tries the clipboard; returns whether it was asked to copy. When it cannot be, selects `shown`
/// (the element that displays the text) for the person to copy themselves.
pub fn copy_text(text: &str, shown: Option<&Element>) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let navigator = window.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null());
    if let Some(clipboard) = clipboard {
        let clipboard: Clipboard = clipboard.unchecked_into();
        let _ = clipboard.write_text(text);
        return true;
    }
    if let (Some(element), Ok(Some(selection))) = (shown, window.get_selection()) {
        let _ = selection.select_all_children(element);
    }
    false
}

/// A Copy button's click: copies `text` (or selects `shown`) and says which in `status`.
pub fn copy_on_click(
    status: &UseStateHandle<String>,
    text: &str,
    shown: &NodeRef,
    copied: &'static str,
    select_instead: &'static str,
) -> Callback<MouseEvent> {
    let (status, text, shown) = (status.clone(), text.to_string(), shown.clone());
    Callback::from(move |_: MouseEvent| {
        let done = copy_text(&text, shown.cast::<Element>().as_ref());
        status.set(if done { copied } else { select_instead }.to_string());
    })
}
