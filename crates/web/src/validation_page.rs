//! "How faithful is the simulator?" (`fidelity/`): the validation suite of `validation/`, run
//! by the build (`gil-lab validate --html`, a trunk hook) and written beside the app as
//! `validation.html`, which this page fetches when it is opened, so the first load does not carry
//! the suite. What it shows is in `docs/validation.md`.

use yew::prelude::*;

use super::lesson::fetch::{load_failed, loading, use_fetched, Fetched};

#[function_component(ValidationPage)]
pub fn validation_page() -> Html {
    let (page, retry) = use_fetched(Some(AttrValue::from("validation.html")));
    html! {
        <main class="validation">
            <h1>{ "How faithful is the simulator?" }</h1>
            { match page {
                Fetched::Loading => loading("the cases"),
                // Our own build output: the suite's text escaped (see lessons::validation).
                Fetched::Ready(html) => Html::from_html_unchecked(html),
                Fetched::Failed(problem) => load_failed("The validation cases", &problem, retry),
            } }
        </main>
    }
}
