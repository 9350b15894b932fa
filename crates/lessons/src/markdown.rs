//! Lesson Markdown to HTML, at build time. Raw HTML in a lesson is shown as text, never injected,
//! so the page can insert the result as it is.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// The HTML of `markdown`, with raw HTML escaped. Links to other sites open in a new tab, so a
/// lesson embedded in a course page does not navigate its frame away (many sites refuse frames).
pub fn to_html(markdown: &str) -> String {
    let mut external = Vec::new();
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { dest_url, title, .. }) if dest_url.starts_with("https://") || dest_url.starts_with("http://") => {
            external.push(true);
            let mut tag = format!("<a href=\"{}\"", attribute(&dest_url));
            if !title.is_empty() {
                tag.push_str(&format!(" title=\"{}\"", attribute(&title)));
            }
            tag.push_str(" target=\"_blank\" rel=\"noopener\">");
            Event::InlineHtml(tag.into())
        }
        Event::Start(Tag::Link { .. }) => {
            external.push(false);
            event
        }
        Event::End(TagEnd::Link) if external.pop() == Some(true) => Event::InlineHtml("</a>".into()),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// `text` as an HTML attribute value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The contents of the fenced code blocks marked `python` (or `py`), in order.
pub fn python_snippets(markdown: &str) -> Vec<String> {
    let mut snippets = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if matches!(info.split_whitespace().next(), Some("python" | "py")) =>
            {
                current = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(snippet) = current.as_mut() {
                    snippet.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => snippets.extend(current.take()),
            _ => {}
        }
    }
    snippets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html("Hello <script>alert(1)</script> *world*\n\n<div onclick=\"x()\">block</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<em>world</em>"), "{html}");
    }

    #[test]
    fn links_to_other_sites_open_in_a_new_tab() {
        let html = to_html(
            "[PEP 703](https://peps.python.org/pep-0703/ \"a \\\"title\\\"\") and [the lab](#/lab) and [q](https://x.org/?a=1&b=\"2\")",
        );
        assert!(
            html.contains(
                r#"<a href="https://peps.python.org/pep-0703/" title="a &quot;title&quot;" target="_blank" rel="noopener">PEP 703</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r##"<a href="#/lab">the lab</a>"##), "{html}");
        assert!(html.contains(r#"<a href="https://x.org/?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener">q</a>"#), "{html}");
    }

    #[test]
    fn python_blocks_are_found() {
        let markdown = "Text\n\n```python\nimport threading\n```\n\n```toml\nx = 1\n```\n\n```py\nprint(1)\n```\n";
        assert_eq!(python_snippets(markdown), vec!["import threading\n".to_string(), "print(1)\n".to_string()]);
    }
}
