//! What the page shows if the app panics: an error panel in place of the app, saying what
//! happened, with a Reload button and where to report it — never a blank or frozen page.
//!
//! The panel is built with DOM calls (text only, no HTML parsing). Its Reload button is handled
//! by `assets/boot.js` (any `[data-gil-lab-reload]`), not by the WebAssembly module, which may be
//! unusable after a panic; the page's Content-Security-Policy allows no inline script.

use std::panic::PanicHookInfo;

use web_sys::{Document, Element};

/// Where to report a problem: the repository's issues, when Cargo.toml names the repository.
fn report_url() -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repository.is_empty()).then(|| format!("{repository}/issues"))
}

/// The panic's message and where it happened, in one line.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    match info.location() {
        Some(location) => format!("{message} (at {}:{})", location.file(), location.line()),
        None => message,
    }
}

fn child(document: &Document, parent: &Element, tag: &str, text: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    element.set_text_content(Some(text));
    parent.append_child(&element).ok()?;
    Some(element)
}

/// Replaces what `container` shows with the error panel for `message`.
fn show_error_panel(container: &Element, message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let panel = document.create_element("div").ok()?;
    panel.set_class_name("error-panel");
    panel.set_attribute("role", "alert").ok()?;
    panel.set_attribute("data-testid", "panic-panel").ok()?;
    child(&document, &panel, "h1", "GIL Lab stopped")?;
    child(
        &document,
        &panel,
        "p",
        "Something went wrong inside GIL Lab, and it cannot go on. Reloading the page starts it again; the address keeps your settings.",
    )?;
    child(&document, &panel, "pre", message)?;
    let actions = child(&document, &panel, "p", "")?;
    let reload = child(&document, &actions, "button", "Reload")?;
    reload.set_attribute("type", "button").ok()?;
    reload.set_class_name("button button-primary error-reload");
    reload.set_attribute("data-gil-lab-reload", "").ok()?;
    match report_url() {
        Some(url) => {
            let _ = child(&document, &actions, "span", " ");
            let link = child(&document, &actions, "a", "Report this problem")?;
            link.set_attribute("href", &url).ok()?;
            link.set_attribute("target", "_blank").ok()?;
            link.set_attribute("rel", "noopener").ok()?;
        }
        None => {
            child(&document, &panel, "p", "Please report it to whoever runs this site, with the message above and this page's address.")?;
        }
    }
    container.replace_children_with_node_1(&panel);
    Some(())
}

/// Shows the error panel in place of the app (`#app`, or the body) when anything panics.
/// Registered through Yew: a hook set with `std::panic::set_hook` alone is replaced by Yew's own
/// (which only logs to the console) when the app is first rendered.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = describe(info);
        let document = web_sys::window().and_then(|window| window.document());
        let container = document.as_ref().and_then(|document| {
            document.get_element_by_id("app").or_else(|| document.body().map(Into::into))
        });
        if let Some(container) = container {
            let _ = show_error_panel(&container, &message);
        }
    }));
}
