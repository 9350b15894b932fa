//! Embed mode (`…&embed=1` in the address's query, `./?embed=1` for home): the page shows no site
//! navigation, only the view and an "Open in GIL Lab" link, and tells the page around its iframe
//! how tall its content is whenever that changes, so the iframe can fit it without a scroll bar.
//!
//! The height goes out as two messages, the one `assets/embed.js` reads and the one Canvas reads:
//! `{type: "gil-lab:resize", height}` and `{subject: "lti.frameResize", height}`. They carry
//! nothing but a number, so any origin may read them (target origin `"*"`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Window};
use yew::prelude::*;

use super::resize_observer::use_resize_observer;
use super::route::use_page_address;

const EMBED_PAIR: &str = "embed=1";

/// Whether an address asks for embed mode.
pub fn embedded(address: &str) -> bool {
    address
        .split_once('?')
        .is_some_and(|(_, query)| query.split('&').any(|pair| pair == EMBED_PAIR))
}

/// The same address without `embed=1` (and without a `?` left with nothing after it).
pub fn without_embed(address: &str) -> String {
    let Some((page, query)) = address.split_once('?') else { return address.to_string() };
    let kept: Vec<&str> =
        query.split('&').filter(|pair| *pair != EMBED_PAIR && !pair.is_empty()).collect();
    if kept.is_empty() {
        page.to_string()
    } else {
        format!("{page}?{}", kept.join("&"))
    }
}

/// The same address with `embed=1` added (once).
pub fn with_embed(address: &str) -> String {
    if embedded(address) {
        return address.to_string();
    }
    match address.split_once('?') {
        Some((_, "")) => format!("{address}{EMBED_PAIR}"),
        Some(_) => format!("{address}&{EMBED_PAIR}"),
        None if address.is_empty() => format!("./?{EMBED_PAIR}"),
        None => format!("{address}?{EMBED_PAIR}"),
    }
}

fn message(key: &str, value: &str, height: u32) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    let _ = js_sys::Reflect::set(&object, &JsValue::from_str("height"), &JsValue::from(height));
    object.into()
}

/// Posts the content's height to `target` (the parent window) in both message forms.
fn post_height(target: &Window, height: u32) {
    let _ = target.post_message(&message("type", "gil-lab:resize", height), "*");
    let _ = target.post_message(&message("subject", "lti.frameResize", height), "*");
}

/// The window this page is framed in. A page that is not framed is its own parent: it then tells
/// itself its height, which nothing there listens to but the browser tests, which watch it post.
fn parent_window() -> Option<Window> {
    web_sys::window()?.parent().ok().flatten()
}

/// Where the content ends, in CSS pixels from the top of the document.
fn content_height(element: &Element) -> u32 {
    let scrolled = web_sys::window().and_then(|window| window.scroll_y().ok()).unwrap_or(0.0);
    (element.get_bounding_client_rect().bottom() + scrolled).ceil().max(0.0) as u32
}

/// Posts the height of `content` to the parent window at every change.
#[hook]
fn use_height_posted(content: &NodeRef) {
    let last = use_mut_ref(|| 0_u32);
    use_resize_observer(content, move |entry| {
        let height = content_height(&entry.target());
        if height != *last.borrow() {
            *last.borrow_mut() = height;
            if let Some(parent) = parent_window() {
                post_height(&parent, height);
            }
        }
    });
}

#[derive(Properties, PartialEq, Clone)]
pub struct EmbedFrameProps {
    /// This view's address without embed mode, for the "Open in GIL Lab" link.
    pub open_address: AttrValue,
    pub children: Html,
}

/// The view in embed mode: the view, and the "Open in GIL Lab" link; its height goes to the parent
/// window whenever it changes. (A link within the view keeps embed mode: `navigate` sees to it.)
#[function_component(EmbedFrame)]
pub fn embed_frame(props: &EmbedFrameProps) -> Html {
    let content = use_node_ref();
    use_height_posted(&content);
    let address = use_page_address();
    let open_url = address.url(&props.open_address);
    // The view may have rewritten its address since (the lab does at every change): open what it shows now.
    let on_open = Callback::from(move |event: MouseEvent| {
        if let Some(link) =
            event.current_target().and_then(|target| target.dyn_into::<Element>().ok())
        {
            let _ =
                link.set_attribute("href", &address.url(&without_embed(&address.in_location())));
        }
    });
    html! {
        <div class="embedded" ref={content}>
            { props.children.clone() }
            <p class="embed-open">
                <a href={open_url} target="_blank" rel="noopener" data-testid="embed-open-link" onclick={on_open}>{ "Open in GIL Lab ↗" }</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_mode_is_one_query_pair() {
        assert!(embedded("./?embed=1"));
        assert!(embedded("lab/?c=2&embed=1"));
        assert!(embedded("lab/?embed=1&c=2"));
        assert!(!embedded("lab/?c=2&embed=0"));
        assert!(!embedded("lab/?xembed=1"));
        assert!(!embedded("./embed=1"));
        assert!(!embedded(""));
    }

    #[test]
    fn embed_mode_comes_and_goes() {
        assert_eq!(without_embed("lab/?c=2&embed=1&t=3"), "lab/?c=2&t=3");
        assert_eq!(without_embed("./?embed=1"), "./");
        assert_eq!(without_embed("lab/?c=2"), "lab/?c=2");
        assert_eq!(with_embed("lab/?c=2"), "lab/?c=2&embed=1");
        assert_eq!(with_embed("./"), "./?embed=1");
        assert_eq!(with_embed(""), "./?embed=1");
        assert_eq!(with_embed("lesson/convoy/2/"), "lesson/convoy/2/?embed=1");
        assert_eq!(with_embed("lab/?"), "lab/?embed=1");
        assert_eq!(with_embed("lab/?embed=1"), "lab/?embed=1");
        for address in ["lab/?c=2", "./", "compare/?n=4&c=4"] {
            assert_eq!(without_embed(&with_embed(address)), address);
        }
    }
}
