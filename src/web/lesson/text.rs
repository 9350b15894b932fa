//! A step's text, fetched from `lessons/<slug>/<step>.html` beside the page (the build writes it
//! there, so the first load does not carry every lesson's text).

use yew::prelude::*;

use super::fetch::{load_failed, loading, use_fetched, Fetched};

#[derive(Properties, PartialEq, Clone)]
pub struct StepTextProps {
    /// Relative to the page, so the app works under any path.
    pub url: AttrValue,
}

#[function_component(StepText)]
pub fn step_text(props: &StepTextProps) -> Html {
    let (text, retry) = use_fetched(Some(props.url.clone()));
    match text {
        Fetched::Loading => loading("the text"),
        // Our own build output: Markdown rendered with raw HTML escaped (see lessons::markdown).
        Fetched::Ready(html) => html! { <div class="step-text">{ Html::from_html_unchecked(html) }</div> },
        Fetched::Failed(problem) => load_failed("The text of this step", &problem, retry),
    }
}
