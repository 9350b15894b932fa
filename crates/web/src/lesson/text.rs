//! A step's text and its explanation, fetched from beside the page: `lessons/<slug>/<step>.html`
//! (by the player, together with the lesson's file) and `<step>-why.html` (by the step, once
//! answered). The build writes them there, so the first load does not carry every lesson's text.

use yew::prelude::*;

use super::fetch::{load_failed, loading, Fetched};

/// A step's text or explanation as [`use_fetched`](super::fetch::use_fetched) gives it: loading,
/// the text, or why it failed with a Retry.
pub fn step_text((text, retry): (Fetched, Callback<MouseEvent>)) -> Html {
    match text {
        Fetched::Loading => loading("the text"),
        // Our own build output: Markdown rendered with raw HTML escaped (see lessons::markdown).
        Fetched::Ready(html) => {
            html! { <div class="step-text">{ Html::from_html_unchecked(html) }</div> }
        }
        Fetched::Failed(problem) => load_failed("The text of this step", &problem, retry),
    }
}
