//! Downloads: the timeline as a standalone SVG file and the trace as Perfetto JSON.
//!
//! The page styles the timeline's SVG from `styles/main.css`; a file opened on its own has no
//! stylesheet, so [`standalone_svg`] writes the rules it needs (the light theme) into the file.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Element, HtmlElement, Url};

use gil_sim::chrome_trace::write_chrome_trace;
use gil_sim::Trace;

/// The timeline's look in a file of its own; the colours are those of `styles/main.css` (a test
/// checks that every state colour here is there too).
pub const EXPORT_STYLE: &str = "\
svg{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;background:#fff}\
.group-box{fill:#fbfcfe;stroke:#d9dde5}.label-backdrop{stroke:none}.group-title{fill:#5b6475;font-weight:600;font-size:12px}\
.lane-bg{fill:#f0f2f6}.lane-name{fill:#1d2433}.grid{stroke:#e6e9ef;stroke-width:1}.axis{stroke:#5b6475;stroke-width:1}\
.tick-label,.axis-title{fill:#5b6475;font-size:12px}.axis-zone{fill:none}\
.span{stroke:#5b6475;stroke-width:1}.span-done{stroke:none}\
.span-who,.lane-tag{fill:#111111;font-size:12px;stroke:rgba(255,255,255,.85);stroke-width:3px;stroke-linejoin:round;paint-order:stroke}\
.handoffs{stroke:#1d2433;stroke-width:1;fill:none}\
.who-0{fill:#0072b2}.who-1{fill:#e69f00}.who-2{fill:#009e73}.who-3{fill:#cc79a7}\
.who-4{fill:#56b4e9}.who-5{fill:#d55e00}.who-6{fill:#f0e442}.who-7{fill:#7f7f7f}\
.fill-starting{fill:#b8c4d3}.fill-running-with-gil{fill:#8c93a3}.fill-running-without-gil{fill:#8c93a3}\
.fill-waiting-for-gil{fill:#f0c4bd}.fill-waiting-for-core{fill:#e9e2b6}.fill-blocked{fill:#cfd3dc}\
.fill-awaiting{fill:#ddd3ef}.fill-waiting-for-loop{fill:#f1cddb}.fill-idle{fill:#eceef2}.fill-done{fill:transparent}\
.fill-deadlocked{fill:#e07a6b}\
.mark{stroke:rgba(0,0,0,.5);stroke-width:1.2;fill:none}.mark-thin{stroke-width:.8}.mark-dot{fill:rgba(0,0,0,.5)}";

/// An inline `<svg …>…</svg>` as a file: the SVG namespace and [`EXPORT_STYLE`] added.
pub fn standalone_svg(markup: &str) -> String {
    let markup = markup.trim();
    let body = markup.strip_prefix("<svg").unwrap_or(markup);
    let namespaced = if body.contains("xmlns=\"http://www.w3.org/2000/svg\"") {
        format!("<svg{body}")
    } else {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\"{body}")
    };
    match namespaced.find('>') {
        Some(end) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}<style>{EXPORT_STYLE}</style>{}",
            &namespaced[..=end],
            &namespaced[end + 1..]
        ),
        None => namespaced,
    }
}

/// The drawn timeline without its overlay (playhead, selection), with the fill patterns (taken
/// from the page when the SVG uses a shared set), as a standalone file.
pub fn svg_file(svg: &Element) -> Option<String> {
    let copy: Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    if let Ok(Some(overlay)) = copy.query_selector(".overlay") {
        overlay.remove();
    }
    if copy.query_selector("defs").ok().flatten().is_none() {
        let document = web_sys::window()?.document()?;
        if let Some(defs) = document.query_selector("svg defs").ok().flatten() {
            let _ = copy.insert_adjacent_html("afterbegin", &defs.outer_html());
        }
    }
    Some(standalone_svg(&copy.outer_html()))
}

/// The trace in the Chrome trace-event format, which ui.perfetto.dev opens.
pub fn perfetto_json(trace: &Trace) -> Option<String> {
    let mut bytes = Vec::new();
    write_chrome_trace(trace, &mut bytes).ok()?;
    String::from_utf8(bytes).ok()
}

/// Offers `text` as a file to save: a Blob, an object URL and a click on an `<a download>`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = Url::create_object_url_with_blob(&blob).ok()?;
    let link: HtmlElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", file_name).ok()?;
    link.set_attribute("hidden", "").ok()?;
    document.body()?.append_child(&link).ok()?;
    link.click();
    link.remove();
    // The download has started from the URL by now; let the browser free the file a little later.
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000)
        .ok()?;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::lanes::State;

    #[test]
    fn an_inline_svg_becomes_a_file_with_its_styles() {
        let file = standalone_svg("<svg class=\"timeline-svg\" viewBox=\"0 0 10 10\"><rect class=\"lane-bg\"></rect></svg>");
        assert!(file
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-svg\""));
        assert!(
            file.contains(&format!(
                "viewBox=\"0 0 10 10\"><style>{EXPORT_STYLE}</style><rect class=\"lane-bg\">"
            )),
            "{file}"
        );
        assert!(file.ends_with("</svg>"));
        let again = standalone_svg("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></g></svg>");
        assert_eq!(again.matches("xmlns=").count(), 1, "{again}");
    }

    #[test]
    fn wiring_the_file_has_the_pages_state_and_thread_colours() {
        let css = include_str!("../../../../styles/main.css");
        let mut checked = 0;
        for rule in EXPORT_STYLE.split('}') {
            let Some((class, colour)) = rule.split_once("{fill:") else { continue };
            if let Some(who) = class.strip_prefix(".who-") {
                assert!(
                    css.contains(&format!("--who-{who}: {colour};")),
                    "--who-{who} is not {colour} in styles/main.css"
                );
                checked += 1;
            } else if class.starts_with(".fill-") {
                assert!(
                    css.contains(&format!("{class} {{ fill: {colour}; }}")),
                    "{class} is not {colour} in styles/main.css"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 8 + State::ALL.len(), "every thread colour and every state colour");
    }

    #[test]
    fn the_trace_exports_as_perfetto_json() {
        let spec =
            toml::from_str(include_str!("../../tests/convoy-short.toml")).expect("valid TOML");
        let trace = gil_sim::simulate(&gil_sim::Scenario::from_spec(&spec).expect("valid"))
            .expect("simulates");
        let json = perfetto_json(&trace).expect("serializes");
        assert!(json.starts_with("{\"traceEvents\":["), "{}", &json[..40]);
        assert!(json.contains("\"displayTimeUnit\":\"ms\""));
    }
}
