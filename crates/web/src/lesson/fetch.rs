//! Files the page fetches from beside itself when it needs them (a lesson, a step's text), so the
//! first load does not carry them: the request, and a hook that follows one through loading,
//! loaded, or failed with a Retry button.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::route::use_page_address;

/// The text of a file at `url`.
async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the network request failed".to_string())?;
    let response: web_sys::Response =
        response.dyn_into().map_err(|_| "the answer was not a response".to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {} for {url}", response.status()));
    }
    let text = response.text().map_err(|_| "the answer could not be read".to_string())?;
    let text =
        JsFuture::from(text).await.map_err(|_| "the answer could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the answer was not text".to_string())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Loading,
    Ready(AttrValue),
    Failed(String),
}

/// The text of the file at `url`, a file of the app (`lessons/…`, found from its base whatever
/// page shows it), fetched again when the URL changes or Retry (the callback) is
/// pressed; nothing is fetched for `None`. A file that arrives for an earlier URL is never shown.
#[hook]
pub fn use_fetched(url: Option<AttrValue>) -> (Fetched, Callback<MouseEvent>) {
    let page = use_page_address();
    let url = url.map(|url| AttrValue::from(page.beside(&url)));
    // What was fetched, with the URL it was fetched from and the attempt (each Retry is a new
    // one), which change together.
    let fetched = use_state(|| (None, 0_u32, Fetched::Loading));
    {
        let fetched = fetched.clone();
        use_effect_with((url.clone(), fetched.1), move |(url, attempt)| {
            let attempt = *attempt;
            fetched.set((url.clone(), attempt, Fetched::Loading));
            let current = Rc::new(Cell::new(true));
            if let Some(url) = url.clone() {
                let still_current = current.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = fetch_text(&url).await;
                    if still_current.get() {
                        fetched.set((
                            Some(url),
                            attempt,
                            result.map_or_else(Fetched::Failed, |text| {
                                Fetched::Ready(AttrValue::from(text))
                            }),
                        ));
                    }
                });
            }
            move || current.set(false)
        });
    }
    let shown = if fetched.0 == url { fetched.2.clone() } else { Fetched::Loading };
    let retry = Callback::from(move |_: MouseEvent| {
        fetched.set((fetched.0.clone(), fetched.1.wrapping_add(1), Fetched::Loading))
    });
    (shown, retry)
}

/// A quiet line while something loads.
pub fn loading(what: &str) -> Html {
    html! { <p class="loading" aria-busy="true">{ "Loading " }{ what }{ "…" }</p> }
}

/// Why something could not be loaded, and a Retry button.
pub fn load_failed(what: &str, problem: &str, retry: Callback<MouseEvent>) -> Html {
    html! {
        <div class="load-error" role="alert">
            <p>{ what }{ " could not be loaded: " }{ problem }{ "." }</p>
            <button type="button" class="button" data-testid="retry" onclick={retry}>{ "Retry" }</button>
        </div>
    }
}
