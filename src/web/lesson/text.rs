//! A step's text, fetched from `lessons/<slug>/<step>.html` beside the page (the build writes it
//! there, so the first load does not carry every lesson's text), with a quiet loading state and,
//! when the request fails, a message and a Retry button.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct StepTextProps {
    /// Relative to the page, so the app works under any path.
    pub url: AttrValue,
}

#[derive(Debug, Clone, PartialEq)]
enum Text {
    Loading,
    Ready(AttrValue),
    Failed(String),
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| "the network request failed".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "the answer was not a response".to_string())?;
    if !response.ok() {
        return Err(format!("the server answered {} for {url}", response.status()));
    }
    let text = response.text().map_err(|_| "the answer could not be read".to_string())?;
    let text = JsFuture::from(text).await.map_err(|_| "the answer could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the answer was not text".to_string())
}

#[function_component(StepText)]
pub fn step_text(props: &StepTextProps) -> Html {
    let text = use_state(|| Text::Loading);
    let attempt = use_state(|| 0_u32);
    {
        let text = text.clone();
        use_effect_with((props.url.clone(), *attempt), move |(url, _)| {
            text.set(Text::Loading);
            // A request that answers after the step changed must not show its text.
            let current = Rc::new(Cell::new(true));
            let (url, still_current) = (url.clone(), current.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = fetch_text(&url).await;
                if still_current.get() {
                    text.set(match loaded {
                        Ok(html) => Text::Ready(AttrValue::from(html)),
                        Err(problem) => Text::Failed(problem),
                    });
                }
            });
            move || current.set(false)
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(attempt.wrapping_add(1)))
    };
    match &*text {
        Text::Loading => html! { <p class="step-text-loading" aria-busy="true">{ "Loading the text…" }</p> },
        // Our own build output: Markdown rendered with raw HTML escaped (see lessons::markdown).
        Text::Ready(html) => html! { <div class="step-text">{ Html::from_html_unchecked(html.clone()) }</div> },
        Text::Failed(problem) => html! {
            <div class="step-text-error" role="alert">
                <p>{ "The text of this step could not be loaded: " }{ problem }{ "." }</p>
                <button type="button" class="button" data-testid="step-text-retry" onclick={retry}>{ "Retry" }</button>
            </div>
        },
    }
}
