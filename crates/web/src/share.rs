//! The Share and Embed panel of a view: "Share" copies the view's address; "Embed" shows the
//! `<iframe>` code that puts the view in a course page, in embed mode, sized by `embed.js`.

use yew::prelude::*;

use super::clipboard::copy_on_click;
use super::embed::with_embed;
use super::route::use_page_address;

#[derive(Properties, PartialEq, Clone)]
pub struct SharePanelProps {
    /// The view's address, without embed mode.
    pub address: AttrValue,
    /// The embedded frame's title, for screen readers.
    pub title: AttrValue,
    /// Whether to offer "this step only" (a lesson step embedded without Previous and Next).
    #[prop_or_default]
    pub step_only_option: bool,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let status = use_state(String::new);
    let embed_open = use_state(bool::default);
    let step_only = use_state(|| true);
    let link_ref = use_node_ref();
    let embed_ref = use_node_ref();
    let page = use_page_address();
    let url = page.url(&props.address);
    let mut embedded = with_embed(&props.address);
    if props.step_only_option && *step_only {
        embedded.push_str("&only=1");
    }
    let snippet = embed_snippet(&page.url(&embedded), &props.title, &page.beside("embed.js"));

    let on_share = copy_on_click(
        &status,
        &url,
        &link_ref,
        "Link copied.",
        "Select the link below and copy it.",
    );
    let on_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |_: MouseEvent| embed_open.set(!*embed_open))
    };
    let on_copy_embed = copy_on_click(
        &status,
        &snippet,
        &embed_ref,
        "Embed code copied.",
        "Select the embed code and copy it.",
    );
    let on_step_only = {
        let step_only = step_only.clone();
        Callback::from(move |_: Event| step_only.set(!*step_only))
    };
    html! {
        <div class="share">
            <div class="share-buttons">
                <button type="button" class="button" onclick={on_share}>{ "Share" }</button>
                <button type="button" class="button" aria-expanded={embed_open.to_string()} onclick={on_embed}>{ "Embed" }</button>
                <span class="share-status" role="status">{ (*status).clone() }</span>
            </div>
            <p class="share-link"><a ref={link_ref} href={url.clone()}>{ url }</a></p>
            if *embed_open {
                <div class="embed">
                    <p class="embed-note">{ "Paste this into a course page. The iframe shows this view without the site's navigation; embed.js, served with GIL Lab, fits its height to the content (Canvas does that by itself)." }</p>
                    if props.step_only_option {
                        <label class="embed-option">
                            <input type="checkbox" data-testid="embed-step-only" checked={*step_only} onchange={on_step_only} />
                            { " This step only: no Previous and Next in the frame" }
                        </label>
                    }
                    <pre tabindex="0" aria-label="Embed code"><code ref={embed_ref}>{ snippet }</code></pre>
                    <button type="button" class="button" onclick={on_copy_embed}>{ "Copy embed code" }</button>
                </div>
            }
        </div>
    }
}

/// The `<iframe>` that embeds a view at `url` (in embed mode), and the `embed.js` that sizes it
/// from the heights the view posts (served beside the page at `script_url`).
pub fn embed_snippet(url: &str, title: &str, script_url: &str) -> String {
    let escape =
        |text: &str| text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
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
            embed_snippet("https://x.org/lab/?c=2&t=2&embed=1", "GIL Lab: 2 \"threads\"", "https://x.org/embed.js"),
            "<iframe src=\"https://x.org/lab/?c=2&amp;t=2&amp;embed=1\" title=\"GIL Lab: 2 &quot;threads&quot;\" loading=\"lazy\" \
             width=\"100%\" height=\"720\" style=\"border:0\" data-gil-lab></iframe>\n\
             <!-- embed.js fits the iframe's height to its content (once per page) -->\n\
             <script src=\"https://x.org/embed.js\" defer></script>"
        );
    }
}
