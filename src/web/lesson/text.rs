//! A step's text, fetched from `lessons/<slug>/<step>.html` beside the page (the build writes it
//! there, so the first load does not carry every lesson's text).

use yew::prelude::*;

use super::fetch::{fetch_text, load_failed, loading, use_loaded, Loaded};

#[derive(Properties, PartialEq, Clone)]
pub struct StepTextProps {
    /// Relative to the page, so the app works under any path.
    pub url: AttrValue,
}

async fn fetch_html(url: AttrValue) -> Result<AttrValue, String> {
    fetch_text(&url).await.map(AttrValue::from)
}

#[function_component(StepText)]
pub fn step_text(props: &StepTextProps) -> Html {
    let (text, retry) = use_loaded(props.url.clone(), fetch_html);
    match text {
        Loaded::Loading => loading("the text"),
        // Our own build output: Markdown rendered with raw HTML escaped (see lessons::markdown).
        Loaded::Ready(html) => html! { <div class="step-text">{ Html::from_html_unchecked(html) }</div> },
        Loaded::Failed(problem) => load_failed("The text of this step", &problem, retry),
    }
}
