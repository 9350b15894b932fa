//! `gil-lab write-pages [FOLDER] --dist DIR`: one HTML file per page of the web app, at its path
//! address (`gil_link::address`), so that every address is a real file on any static host:
//! `DIR/lessons/index.html`, `DIR/lab/index.html`, `DIR/compare/index.html`,
//! `DIR/fidelity/index.html` and `DIR/lesson/<slug>/<step>/index.html` for every step of every
//! lesson in FOLDER. Each is the app's page, `DIR/index.html` as trunk built it, with its
//! relative URLs (`./boot.js`, the `gil-lab-base` meta's `./`) reaching up to the app's base from
//! the page's depth, so the same wasm module and files serve every page. `DIR/pages.json` lists
//! every page's address, home's included, for the service worker to store for offline use
//! (assets/sw.js). This is where each page's own HTML will be written when pages are rendered at
//! build time (issue 22).

use std::io;
use std::path::Path;
use std::process::ExitCode;

use gil_link::address::{self, COMPARE, FIDELITY, HOME, LAB, LESSONS};

use crate::export::read_lessons;

pub fn main(folder: &Path, dist: &Path) -> ExitCode {
    let Some(lessons) = read_lessons(folder) else { return ExitCode::FAILURE };
    let steps = lessons.iter().flat_map(|parsed| {
        let slug = &parsed.lesson.slug;
        (1..=parsed.lesson.steps.len()).map(move |number| address::lesson_step(slug, number))
    });
    let pages: Vec<String> = [HOME, LESSONS, LAB, COMPARE, FIDELITY]
        .map(String::from)
        .into_iter()
        .chain(steps)
        .collect();
    match write_pages(&pages, dist) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the pages into {}: {error}", dist.display());
            ExitCode::FAILURE
        }
    }
}

fn write_pages(pages: &[String], dist: &Path) -> io::Result<()> {
    let template = std::fs::read_to_string(dist.join("index.html"))?;
    if !template.contains("gil-lab-base") {
        return Err(io::Error::other(
            "its index.html has no gil-lab-base meta to say where the base is",
        ));
    }
    for page in pages.iter().filter(|page| page.as_str() != HOME) {
        let folder = dist.join(page);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("index.html"), at_depth(&template, &address::up_to_base(page)))?;
    }
    let list = serde_json::to_string(pages).expect("a list of strings is JSON");
    std::fs::write(dist.join("pages.json"), list)
}

/// The app's page as it is served at a depth whose way up to the base is `up` (`../../../`):
/// every attribute value that starts at the page's folder (`./…`, quoted or not, as a minifier
/// may leave it) starts at the base instead.
pub fn at_depth(page: &str, up: &str) -> String {
    ["=\"./", "='./", "=./"]
        .iter()
        .fold(page.to_string(), |html, from| html.replace(from, &from.replace("./", up)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_deeper_down_reaches_up_to_the_base() {
        let page = r#"<meta name="gil-lab-base" content="./"><link rel=icon href=./favicon-1.svg><script type=module src="./boot.js" data-gil-lab-js='./glue.js'></script><a href="https://x.org/./">"#;
        assert_eq!(
            at_depth(page, "../../../"),
            r#"<meta name="gil-lab-base" content="../../../"><link rel=icon href=../../../favicon-1.svg><script type=module src="../../../boot.js" data-gil-lab-js='../../../glue.js'></script><a href="https://x.org/./">"#
        );
        assert_eq!(at_depth(page, "./"), page);
    }
}
