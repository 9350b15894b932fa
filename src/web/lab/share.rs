//! Copying text for the Share, Embed and Copy buttons: `navigator.clipboard.writeText` when the
//! page may use it, otherwise the text is selected so that Ctrl+C copies it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Clipboard, Element};

/// Tries the clipboard; returns whether it was asked to copy. When it cannot be, selects `shown`
/// (the element that displays the text) for the person to copy themselves.
pub fn copy_text(text: &str, shown: Option<&Element>) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let navigator = window.navigator();
    let clipboard =
        js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok().filter(|value| !value.is_undefined() && !value.is_null());
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

/// The address of the page with another hash (`https://host/path/#/lab?…`).
pub fn url_with_hash(hash: &str) -> String {
    let href = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{hash}")
}

/// The `<iframe>` that embeds the lab at `url`.
pub fn embed_snippet(url: &str, title: &str) -> String {
    let escape = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!("<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"720\"></iframe>", escape(url), escape(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_snippet_escapes_the_url() {
        assert_eq!(
            embed_snippet("https://x.org/#/lab?c=2&t=2", "GIL Lab: 2 threads"),
            "<iframe src=\"https://x.org/#/lab?c=2&amp;t=2\" title=\"GIL Lab: 2 threads\" loading=\"lazy\" width=\"100%\" height=\"720\"></iframe>"
        );
    }
}
