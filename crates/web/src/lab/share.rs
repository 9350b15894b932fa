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

/// The address of the page with another hash (`https://host/path/#/lab?…`).
pub fn url_with_hash(hash: &str) -> String {
    let href = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{hash}")
}

/// The address of a file next to the page (`https://host/path/embed.js`).
pub fn url_beside_page(file: &str) -> String {
    let href = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
    let page = href.split('#').next().unwrap_or_default();
    let folder = page.split('?').next().unwrap_or_default();
    let folder = folder.rfind('/').map(|at| &folder[..=at]).unwrap_or(folder);
    format!("{folder}{file}")
}

/// The `<iframe>` that embeds a view at `url` (in embed mode), and the `embed.js` that sizes it
/// from the heights the view posts (served beside the page at `script_url`).
pub fn embed_snippet(url: &str, title: &str, script_url: &str) -> String {
    let escape = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"720\" style=\"border:0\" data-gil-lab></iframe>\n\
         <!-- embed.js fits the iframe's height to its content (once per page) -->\n\
         <script src=\"{}\" defer></script>",
        escape(url),
        escape(title),
        escape(script_url)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_snippet_escapes_the_url() {
        assert_eq!(
            embed_snippet("https://x.org/#/lab?c=2&t=2&embed=1", "GIL Lab: 2 \"threads\"", "https://x.org/embed.js"),
            "<iframe src=\"https://x.org/#/lab?c=2&amp;t=2&amp;embed=1\" title=\"GIL Lab: 2 &quot;threads&quot;\" loading=\"lazy\" \
             width=\"100%\" height=\"720\" style=\"border:0\" data-gil-lab></iframe>\n\
             <!-- embed.js fits the iframe's height to its content (once per page) -->\n\
             <script src=\"https://x.org/embed.js\" defer></script>"
        );
    }
}
