//! Lesson Markdown to HTML, at build time. Raw HTML in a lesson is shown as text, never injected,
//! so the page can insert the result as it is.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// A Python block longer than this many lines is folded under "Run it yourself", so that it does
/// not push the step's question out of view.
const FOLD_LINES: usize = 12;

/// A fenced or indented code block as the lessons show it: focusable, so a keyboard can scroll
/// it sideways, and a long Python program folded.
fn code_block(language: &str, code: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html_body_text(&mut escaped, code).expect("writing to a String cannot fail");
    let class = if language.is_empty() { String::new() } else { format!(" class=\"language-{}\"", attribute(language)) };
    let block = format!("<pre tabindex=\"0\"><code{class}>{escaped}</code></pre>\n");
    let lines = code.lines().count();
    if matches!(language, "python" | "py") && lines > FOLD_LINES {
        format!("<details class=\"run-it\"><summary>Run it yourself: the program in Python ({lines} lines)</summary>\n{block}</details>\n")
    } else {
        block
    }
}

/// The HTML of `markdown`, with raw HTML escaped. Links to other sites open in a new tab, so a
/// lesson embedded in a course page does not navigate its frame away (many sites refuse frames).
pub fn to_html(markdown: &str) -> String {
    let mut external = Vec::new();
    let escaped = Parser::new_ext(markdown, options()).map(|event| match event {
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
    // Code blocks last, after raw HTML became text: their markup is ours.
    let mut code: Option<(String, String)> = None;
    let events = escaped.filter_map(|event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let language = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default().to_string(),
                CodeBlockKind::Indented => String::new(),
            };
            code = Some((language, String::new()));
            None
        }
        Event::Text(text) if code.is_some() => {
            code.as_mut().expect("inside a code block").1.push_str(&text);
            None
        }
        Event::End(TagEnd::CodeBlock) => code.take().map(|(language, text)| Event::Html(code_block(&language, &text).into())),
        other => Some(other),
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
        let mimic = to_html("<pre tabindex=\"0\"><script>x()</script></pre>\n");
        assert!(!mimic.contains("<script"), "raw HTML that looks like a code block's is still text: {mimic}");
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
    fn code_blocks_are_focusable_and_long_python_folds() {
        let short = to_html("```python\nprint(\"<hi>\")\n```\n");
        assert_eq!(short, "<pre tabindex=\"0\"><code class=\"language-python\">print(\"&lt;hi&gt;\")\n</code></pre>\n");
        let program: String = (1..=13).map(|line| format!("x{line} = {line}\n")).collect();
        let long = to_html(&format!("```python\n{program}```\n"));
        assert!(
            long.starts_with(
                "<details class=\"run-it\"><summary>Run it yourself: the program in Python (13 lines)</summary>\n<pre tabindex=\"0\">"
            ),
            "{long}"
        );
        assert!(long.ends_with("</code></pre>\n</details>\n"), "{long}");
        let shell = to_html(&format!("```sh\n{program}```\n"));
        assert!(shell.starts_with("<pre tabindex=\"0\"><code class=\"language-sh\">"), "only Python programs fold: {shell}");
        assert_eq!(to_html("    indented\n"), "<pre tabindex=\"0\"><code>indented\n</code></pre>\n");
    }

    #[test]
    fn python_blocks_are_found() {
        let markdown = "Text\n\n```python\nimport threading\n```\n\n```toml\nx = 1\n```\n\n```py\nprint(1)\n```\n";
        assert_eq!(python_snippets(markdown), vec!["import threading\n".to_string(), "print(1)\n".to_string()]);
    }
}
