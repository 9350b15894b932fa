//! Lesson Markdown to HTML, at build time. Raw HTML in a lesson is shown as text, never injected,
//! so the page can insert the result as it is. Braces in code are written as character references,
//! so that filling a text's figures (`{{io_p99}}`, [`figures`](crate::figures)) never touches code.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// A Python block longer than this many lines is folded under "Run it yourself", so that it does
/// not push the step's question out of view.
const FOLD_LINES: usize = 12;

/// A fenced or indented code block as the lessons show it: focusable, so a keyboard can scroll
/// it sideways, and a long Python program folded.
fn code_block(language: &str, code: &str) -> String {
    let body = escaped_code(code);
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escaped(language))
    };
    let block = format!("<pre tabindex=\"0\"><code{class}>{body}</code></pre>\n");
    let lines = code.lines().count();
    if matches!(language, "python" | "py") && lines > FOLD_LINES {
        format!("<details class=\"run-it\"><summary>Run it yourself: the program in Python ({lines} lines)</summary>\n{block}</details>\n")
    } else {
        block
    }
}

/// Code as HTML text, its braces as character references (see the module's documentation).
fn escaped_code(code: &str) -> String {
    let mut body = String::new();
    pulldown_cmark_escape::escape_html_body_text(&mut body, code)
        .expect("writing to a String cannot fail");
    body.replace('{', "&#123;").replace('}', "&#125;")
}

/// The heading of the section that ends a step with its sources, folded on the page.
const SOURCES_HEADING: &str = "Sources";

/// A `### Sources` heading and everything after it, folded under a "Sources" summary.
fn fold_sources(events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let is_sources = |window: &[Event<'static>]| {
        matches!(
            window,
            [Event::Start(Tag::Heading { level: HeadingLevel::H3, .. }), Event::Text(text), Event::End(TagEnd::Heading(HeadingLevel::H3))]
                if text.trim() == SOURCES_HEADING
        )
    };
    let Some(at) = events.windows(3).position(is_sources) else { return events };
    let mut folded = events;
    let rest = folded.split_off(at + 3);
    folded.truncate(at);
    folded.push(Event::Html(
        format!("<details class=\"sources\"><summary>{SOURCES_HEADING}</summary>\n").into(),
    ));
    folded.extend(rest);
    folded.push(Event::Html("</details>\n".into()));
    folded
}

/// Lesson Markdown rendered: the HTML, and the glossary terms it links, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub terms: Vec<String>,
}

/// How a link is rendered, remembered from its start to its end.
enum LinkKind {
    External,
    Internal,
    /// A glossary term (`[text](term:)` or `[text](term:name)`): its events are held until the
    /// end, when its name, and so the button's target, is known.
    Term {
        name: String,
        inside: Vec<Event<'static>>,
    },
}

/// The part of an element id that names a glossary term: `switch interval` → `switch-interval`.
pub fn term_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

fn term_button(term_prefix: &str, name: &str) -> Event<'static> {
    let id = term_id(name);
    Event::InlineHtml(
        format!("<button type=\"button\" class=\"term\" popovertarget=\"{term_prefix}{id}\">")
            .into(),
    )
}

/// Where the first whole-word use of `term` (or its plural in `s`) is in `text`, ignoring case.
fn find_term(text: &str, term: &str) -> Option<(usize, usize)> {
    let (lower, wanted) = (text.to_ascii_lowercase(), term.to_ascii_lowercase());
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(found) = lower[from..].find(&wanted) {
        let start = from + found;
        let mut end = start + wanted.len();
        if lower[end..].starts_with('s') && !is_word(lower[end + 1..].chars().next()) {
            end += 1;
        }
        if !is_word(lower[..start].chars().next_back()) && !is_word(lower[end..].chars().next()) {
            return Some((start, end));
        }
        from = start + wanted.len().max(1);
    }
    None
}

/// Links the first use of each glossary term in the text of `events` that no link, heading, code
/// or term button holds, unless the fragment links it already.
fn link_first_uses(
    events: Vec<Event<'static>>,
    known: &[String],
    term_prefix: &str,
    terms: &mut Vec<String>,
) -> Vec<Event<'static>> {
    let mut linked: Vec<String> = terms.iter().map(|name| term_id(name)).collect();
    let mut held = 0_usize;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Heading { .. } | Tag::CodeBlock(_)) => held += 1,
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                held = held.saturating_sub(1)
            }
            Event::InlineHtml(html) if html.starts_with("<button") || html.starts_with("<a ") => {
                held += 1
            }
            Event::InlineHtml(html) if html.as_ref() == "</button>" || html.as_ref() == "</a>" => {
                held = held.saturating_sub(1)
            }
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push(event);
            continue;
        };
        if held > 0 {
            out.push(event);
            continue;
        }
        let mut rest = text.to_string();
        loop {
            let next = known
                .iter()
                .filter(|name| !linked.contains(&term_id(name)))
                .filter_map(|name| find_term(&rest, name).map(|(start, end)| (start, end, name)))
                .min_by_key(|(start, _, _)| *start);
            let Some((start, end, name)) = next else { break };
            out.push(Event::Text(rest[..start].to_string().into()));
            out.push(term_button(term_prefix, name));
            out.push(Event::Text(rest[start..end].to_string().into()));
            out.push(Event::InlineHtml("</button>".into()));
            linked.push(term_id(name));
            terms.push(name.clone());
            rest = rest[end..].to_string();
        }
        out.push(Event::Text(rest.into()));
    }
    out
}

/// The HTML of `markdown`, with raw HTML escaped, and glossary terms as buttons whose popovers
/// have ids `term_prefix` + the term's id ([`term_id`]; see the glossary module): the terms linked as
/// `[text](term:)` and the first use of each of the `known` ones. Links to other sites open in a
/// new tab, so a lesson embedded in a course page does not navigate its frame away (many sites
/// refuse frames).
pub fn render(markdown: &str, term_prefix: &str, known: &[String]) -> Rendered {
    let mut links: Vec<LinkKind> = Vec::new();
    let mut terms = Vec::new();
    let mut safe_events: Vec<Event<'static>> = Vec::new();
    for event in Parser::new_ext(markdown, options()).map(Event::into_static) {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Link { dest_url, title, .. })
                if dest_url.starts_with("https://") || dest_url.starts_with("http://") =>
            {
                links.push(LinkKind::External);
                let mut tag = format!("<a href=\"{}\"", escaped(&dest_url));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escaped(&title)));
                }
                tag.push_str(" target=\"_blank\" rel=\"noopener\">");
                Event::InlineHtml(tag.into())
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("term:") => {
                links.push(LinkKind::Term {
                    name: dest_url["term:".len()..].to_string(),
                    inside: Vec::new(),
                });
                continue;
            }
            Event::Start(Tag::Link { .. }) => {
                links.push(LinkKind::Internal);
                event
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(LinkKind::External) => Event::InlineHtml("</a>".into()),
                Some(LinkKind::Term { name, inside }) => {
                    let text: String = inside
                        .iter()
                        .filter_map(|event| {
                            if let Event::Text(text) = event {
                                Some(text.as_ref())
                            } else {
                                None
                            }
                        })
                        .collect();
                    let name = if name.is_empty() { text } else { name };
                    safe_events.push(term_button(term_prefix, &name));
                    safe_events.extend(inside);
                    terms.push(name);
                    Event::InlineHtml("</button>".into())
                }
                _ => event,
            },
            other => other,
        };
        match links.last_mut() {
            Some(LinkKind::Term { inside, .. }) => inside.push(event),
            _ => safe_events.push(event),
        }
    }
    // Code blocks last, after raw HTML became text: their markup is ours.
    let safe_events = link_first_uses(fold_sources(safe_events), known, term_prefix, &mut terms);
    let mut code: Option<(String, String)> = None;
    let events = safe_events.into_iter().filter_map(|event| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            let language = match kind {
                CodeBlockKind::Fenced(info) => {
                    info.split_whitespace().next().unwrap_or_default().to_string()
                }
                CodeBlockKind::Indented => String::new(),
            };
            code = Some((language, String::new()));
            None
        }
        Event::Text(text) if code.is_some() => {
            code.as_mut().expect("inside a code block").1.push_str(&text);
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            code.take().map(|(language, text)| Event::Html(code_block(&language, &text).into()))
        }
        Event::Code(text) => {
            Some(Event::InlineHtml(format!("<code>{}</code>", escaped_code(&text)).into()))
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered { html, terms }
}

/// The HTML of `markdown`, as [`render`] gives it, for text that links no glossary term.
pub fn to_html(markdown: &str) -> String {
    render(markdown, "term-", &[]).html
}

/// Plain text for HTML, escaped so that it is safe in text and in a quoted attribute value.
pub fn escaped(text: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html(&mut escaped, text)
        .expect("writing to a String cannot fail");
    escaped
}

/// A stretch of a text's prose, outside code: what a reader reads, and whether it is in bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    pub text: String,
    pub strong: bool,
}

/// The prose of `markdown`, in order, without code, marks or link targets; a paragraph or list
/// item ends with a line break, so that its last sentence ends there.
pub fn prose(markdown: &str) -> Vec<Prose> {
    let mut runs: Vec<Prose> = Vec::new();
    let mut strong = 0_usize;
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, options()) {
        let text = match event {
            Event::Start(Tag::Strong) => {
                strong += 1;
                continue;
            }
            Event::End(TagEnd::Strong) => {
                strong = strong.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                continue;
            }
            Event::Text(text) if !in_code_block => text.to_string(),
            Event::SoftBreak | Event::HardBreak => " ".to_string(),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => "\n".to_string(),
            _ => continue,
        };
        match runs.last_mut() {
            Some(last) if last.strong == (strong > 0) => last.text.push_str(&text),
            _ => runs.push(Prose { text, strong: strong > 0 }),
        }
    }
    runs
}

/// The text of the first paragraph of `markdown` as a reader reads it: its words and inline code,
/// without marks or link targets (a page's description).
pub fn first_paragraph(markdown: &str) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => break,
            Event::Text(words) | Event::Code(words) if in_paragraph => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    text
}

/// What a reader reads of some prose, as one text.
pub fn plain_text(runs: &[Prose]) -> String {
    runs.iter().map(|run| run.text.as_str()).collect()
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
    fn a_first_paragraph_reads_as_written_with_its_code() {
        let markdown = "Zoom in on `io` (**hover**\na [span](x.html)).\n\nMore.";
        assert_eq!(first_paragraph(markdown), "Zoom in on io (hover a span).");
        assert_eq!(first_paragraph("# Title\n\n- a list"), "", "no paragraph");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "Hello <script>alert(1)</script> *world*\n\n<div onclick=\"x()\">block</div>\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<em>world</em>"), "{html}");
        let mimic = to_html("<pre tabindex=\"0\"><script>x()</script></pre>\n");
        assert!(
            !mimic.contains("<script"),
            "raw HTML that looks like a code block's is still text: {mimic}"
        );
    }

    #[test]
    fn plain_text_is_escaped_for_text_and_attributes() {
        assert_eq!(escaped("<b>a & \"b\"</b>"), "&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;");
    }

    #[test]
    fn a_glossary_link_is_a_button_for_its_term() {
        let rendered =
            render("CPython runs [bytecode](term:) and [*switch intervals*](term:switch-interval) `[x](term:)`.", "why-term-", &[]);
        assert_eq!(
            rendered.html,
            "<p>CPython runs <button type=\"button\" class=\"term\" popovertarget=\"why-term-bytecode\">bytecode</button> and \
             <button type=\"button\" class=\"term\" popovertarget=\"why-term-switch-interval\"><em>switch intervals</em></button> \
             <code>[x](term:)</code>.</p>\n"
        );
        assert_eq!(rendered.terms, ["bytecode", "switch-interval"]);
    }

    #[test]
    fn the_first_use_of_each_known_term_is_linked_outside_code_links_and_headings() {
        let known = ["bytecode".to_string(), "switch interval".to_string(), "GIL".to_string()];
        let rendered = render(
            "## The GIL\n\nThe [GIL](../../../) and `GIL` and bytecodes, the gil, switch intervals, bytecode.\n\n```\nGIL\n```\n",
            "term-",
            &known,
        );
        assert_eq!(
            rendered.html,
            "<h2>The GIL</h2>\n<p>The <a href=\"../../../\">GIL</a> and <code>GIL</code> and \
             <button type=\"button\" class=\"term\" popovertarget=\"term-bytecode\">bytecodes</button>, the \
             <button type=\"button\" class=\"term\" popovertarget=\"term-gil\">gil</button>, \
             <button type=\"button\" class=\"term\" popovertarget=\"term-switch-interval\">switch intervals</button>, bytecode.</p>\n\
             <pre tabindex=\"0\"><code>GIL\n</code></pre>\n"
        );
        assert_eq!(rendered.terms, ["bytecode", "GIL", "switch interval"]);
        assert_eq!(find_term("subinterpreters", "interpreter"), None, "whole words only");
        assert_eq!(find_term("Interpreter's", "interpreter"), Some((0, 11)));
    }

    #[test]
    fn links_to_other_sites_open_in_a_new_tab() {
        let html = to_html(
            "[PEP 703](https://peps.python.org/pep-0703/ \"a \\\"title\\\"\") and [the lab](../../../lab/) and [q](https://x.org/?a=1&b=\"2\")",
        );
        assert!(
            html.contains(
                r#"<a href="https://peps.python.org/pep-0703/" title="a &quot;title&quot;" target="_blank" rel="noopener">PEP 703</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r##"<a href="../../../lab/">the lab</a>"##), "{html}");
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
        assert!(
            shell.starts_with("<pre tabindex=\"0\"><code class=\"language-sh\">"),
            "only Python programs fold: {shell}"
        );
        assert_eq!(
            to_html("    indented\n"),
            "<pre tabindex=\"0\"><code>indented\n</code></pre>\n"
        );
    }

    #[test]
    fn braces_in_code_are_references_so_that_figures_never_fill_code() {
        let html =
            to_html("Speedup {{speedup}}, `f\"{{x}}\"`\n\n```python\nprint(f\"{{x}}\")\n```\n");
        assert_eq!(
            html,
            "<p>Speedup {{speedup}}, <code>f\"&#123;&#123;x&#125;&#125;\"</code></p>\n\
             <pre tabindex=\"0\"><code class=\"language-python\">print(f\"&#123;&#123;x&#125;&#125;\")\n</code></pre>\n"
        );
    }

    #[test]
    fn a_sources_section_is_folded() {
        let html =
            to_html("Text.\n\n### Sources\n\n- [PEP 703](https://peps.python.org/pep-0703/)\n");
        assert!(
            html.starts_with(
                "<p>Text.</p>\n<details class=\"sources\"><summary>Sources</summary>\n<ul>"
            ),
            "{html}"
        );
        assert!(html.ends_with("</ul>\n</details>\n"), "{html}");
        assert!(!to_html("### Notes\n\nx\n").contains("<details"), "only a Sources heading folds");
    }

    #[test]
    fn prose_leaves_out_code_and_keeps_bold() {
        let runs = prose("About **15 ms**, `io_p99`\nthree.\n\n```\n5 ms\n```\n\n- item\n");
        assert_eq!(
            runs,
            vec![
                Prose { text: "About ".into(), strong: false },
                Prose { text: "15 ms".into(), strong: true },
                Prose { text: ",  three.\nitem\n".into(), strong: false },
            ]
        );
    }

    #[test]
    fn python_blocks_are_found() {
        let markdown = "Text\n\n```python\nimport threading\n```\n\n```toml\nx = 1\n```\n\n```py\nprint(1)\n```\n";
        assert_eq!(
            python_snippets(markdown),
            vec!["import threading\n".to_string(), "print(1)\n".to_string()]
        );
    }
}
