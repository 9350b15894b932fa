//! Each page's own head in the file the build writes (`pages`): its title and description, and
//! their Open Graph twins for link previews, in place of the app's, so that a search engine, a
//! chat's or an LMS's preview and a reader without JavaScript see which page it is before the
//! app runs. The app sets the same title as it shows the view (`gil_link::titles`).

use gil_lessons::markdown::{escaped, first_paragraph};

/// The longest description, as search engines show about that much.
const DESCRIPTION_LIMIT: usize = 160;

/// What a page's head says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHead {
    pub title: String,
    pub description: String,
    /// The page's whole address where the site is served, when the build knows it: its canonical
    /// link and `og:url`.
    pub url: Option<String>,
}

/// The app's page with `head`'s title and description instead of its own, and after the
/// description Open Graph's title, description and type, and the page's canonical address and
/// `og:url` where it has one (any it had before are dropped, so that a page written twice says
/// each once). An error names what the page lacks.
pub fn with_head(page: &str, head: &PageHead) -> Result<String, String> {
    let mut page = page.to_string();
    while let Some((start, end)) = find_tag(&page, "<meta", "property=\"og:")
        .or_else(|| find_tag(&page, "<link", "rel=\"canonical\""))
    {
        page.replace_range(start..end, "");
    }
    let title_start = page.find("<title>").ok_or("it has no <title>")? + "<title>".len();
    let title_end =
        title_start + page[title_start..].find("</title>").ok_or("its <title> is not closed")?;
    let (meta_start, meta_end) = find_tag(&page, "<meta", "name=description")
        .or_else(|| find_tag(&page, "<meta", "name=\"description\""))
        .ok_or("it has no description meta")?;
    let (title, description) = (escaped(&head.title), escaped(&head.description));
    let mut metas = format!(
        r#"<meta name="description" content="{description}"><meta property="og:title" content="{title}"><meta property="og:description" content="{description}"><meta property="og:type" content="website">"#
    );
    if let Some(url) = &head.url {
        let url = escaped(url);
        metas.push_str(&format!(
            r#"<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">"#
        ));
    }
    // The later part first, so that the earlier one's place holds.
    let mut parts = [(meta_start, meta_end, metas), (title_start, title_end, title)];
    parts.sort_by_key(|part| std::cmp::Reverse(part.0));
    for (start, end, text) in parts {
        page.replace_range(start..end, &text);
    }
    Ok(page)
}

/// Where the first tag opening with `opening` (`<meta`) and holding `attribute` is.
fn find_tag(page: &str, opening: &str, attribute: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = page[from..].find(opening) {
        let start = from + found;
        let end = start + page[start..].find('>')? + 1;
        if page[start..end].contains(attribute) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// A step's description: the first paragraph of its text (Markdown, its figures filled), whole
/// sentences of it up to [`DESCRIPTION_LIMIT`] characters, or its words cut with an ellipsis when
/// even the first sentence is longer.
pub fn step_description(markdown: &str) -> String {
    let paragraph = first_paragraph(markdown).split_whitespace().collect::<Vec<_>>().join(" ");
    if paragraph.chars().count() <= DESCRIPTION_LIMIT {
        return paragraph;
    }
    let within: String = paragraph.chars().take(DESCRIPTION_LIMIT).collect();
    if let Some(end) = within.rfind(". ").filter(|end| *end > 0) {
        return within[..=end].to_string();
    }
    let words = within.rsplit_once(' ').map_or(within.as_str(), |(kept, _)| kept);
    format!("{words}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP_PAGE: &str = r#"<meta charset=utf-8><meta content="GIL Lab: a simulator." name=description><meta content=./ name=gil-lab-base><title>GIL Lab</title><link href=./x.css rel=stylesheet>"#;

    #[test]
    fn a_page_gets_its_own_title_and_description() {
        let head = PageHead {
            title: "The convoy effect — Why a whole interval · GIL Lab".into(),
            description: "Two threads share a process: \"hog\" & io.".into(),
            url: Some("https://x.org/gil/lesson/convoy-effect/2/".into()),
        };
        let page = with_head(APP_PAGE, &head).unwrap();
        assert!(
            page.contains("<title>The convoy effect — Why a whole interval · GIL Lab</title>"),
            "{page}"
        );
        assert!(page.contains(r#"<meta name="description" content="Two threads share a process: &quot;hog&quot; &amp; io.">"#), "{page}");
        assert!(page.contains(r#"<meta property="og:title" content="The convoy effect"#), "{page}");
        assert!(!page.contains("a simulator."), "the app's description is replaced: {page}");
        assert!(page.contains("<meta content=./ name=gil-lab-base>"), "the rest is left alone");
        assert!(
            page.contains(
                r#"<link rel="canonical" href="https://x.org/gil/lesson/convoy-effect/2/">"#
            ),
            "{page}"
        );
        assert_eq!(with_head(&page, &head).unwrap(), page, "written twice, the same");
        assert!(with_head("<p>no head</p>", &head).unwrap_err().contains("<title>"));
    }

    #[test]
    fn a_description_is_the_first_paragraph_in_whole_sentences() {
        assert_eq!(
            step_description("Two threads **share** a process.\n\nMore."),
            "Two threads share a process."
        );
        let long = format!("{} ends here. {}", "word ".repeat(20).trim(), "more ".repeat(40));
        assert!(step_description(&long).ends_with("ends here."), "{}", step_description(&long));
        let run_on = "word ".repeat(60);
        let cut = step_description(&run_on);
        assert!(cut.ends_with('…') && cut.chars().count() <= DESCRIPTION_LIMIT + 1, "{cut}");
    }
}
