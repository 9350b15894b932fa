//! `gil-lab write-pages [FOLDER] --dist DIR`: one HTML file per page of the web app, at its path
//! address (`gil_link::address`), so that every address is a real file on any static host:
//! `DIR/lessons/index.html`, `DIR/lab/index.html`, `DIR/compare/index.html`,
//! `DIR/fidelity/index.html` and `DIR/lesson/<slug>/<step>/index.html` for every step of every
//! lesson in FOLDER. Each is the app's page, `DIR/index.html` as trunk built it, with its
//! relative URLs (`./boot.js`, the `gil-lab-base` meta's `./`) reaching up to the app's base from
//! the page's depth, so the same wasm module and files serve every page. `DIR/pages.json` lists
//! every page's address, home's included, for the service worker to store for offline use
//! (assets/sw.js). Each page has its own head (`page_head`); with `--site URL`, where the site is
//! served, its canonical address too, and the build writes `sitemap.xml` (`sitemap`);
//! `robots.txt` always. This is where each page's own HTML will be written when pages are
//! rendered at build time (issue 22).

use std::io;
use std::path::Path;
use std::process::ExitCode;

use gil_link::address::{self, COMPARE, FIDELITY, HOME, LAB, LESSONS};

use gil_lessons::format::ParsedLesson;
use gil_link::titles::{step_title, view_title};

use crate::export::{filled, read_lessons, step_runs};
use crate::page_head::{step_description, with_head, PageHead};
use crate::sitemap::{page_url, robots, site_url, sitemap};

/// What a search engine or a link's preview reads of each view that is not a lesson step.
const VIEW_DESCRIPTIONS: [(&str, &str); 5] = [
    (HOME, "Step-by-step lessons on Python's global interpreter lock, with a deterministic simulator of threads, processes, asyncio tasks and subinterpreters sharing CPU cores."),
    (LESSONS, "Every lesson of GIL Lab, from what the GIL is to free-threaded Python: a few steps each, with a timeline you can change."),
    (LAB, "Build a workload of threads, processes, asyncio tasks and subinterpreters and watch them share CPU cores under Python's GIL."),
    (COMPARE, "One workload as threads, processes, asyncio tasks and free-threaded Python, side by side on one time scale."),
    (FIDELITY, "How closely GIL Lab's simulator matches real CPython: its figures beside measurements of CPython 2.7 to 3.13."),
];

pub fn main(folder: &Path, dist: &Path, site: Option<&str>) -> ExitCode {
    let site = match site.map(site_url).transpose() {
        Ok(site) => site,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::from(2);
        }
    };
    let Some(lessons) = read_lessons(folder) else { return ExitCode::FAILURE };
    let site = site.as_deref();
    let written = pages(&lessons, site).and_then(|pages| write_pages(&pages, dist, site));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the pages into {}: {error}", dist.display());
            ExitCode::FAILURE
        }
    }
}

/// Every page's address and head: the views, then every step of every lesson.
fn pages(lessons: &[ParsedLesson], site: Option<&str>) -> io::Result<Vec<(String, PageHead)>> {
    let url = |address: &str| site.map(|site| page_url(site, address));
    let mut pages: Vec<(String, PageHead)> = VIEW_DESCRIPTIONS
        .iter()
        .map(|(address, description)| {
            let title = view_title(address).unwrap_or_default();
            let head = PageHead { title, description: description.to_string(), url: url(address) };
            (address.to_string(), head)
        })
        .collect();
    for parsed in lessons {
        let runs = step_runs(parsed)
            .map_err(|error| io::Error::other(format!("{}: {error}", parsed.file)))?;
        for (index, step) in parsed.lesson.steps.iter().enumerate() {
            let text = filled(parsed, &runs, index, &parsed.text_markdown[index]);
            let address = address::lesson_step(&parsed.lesson.slug, index + 1);
            let head = PageHead {
                title: step_title(&parsed.lesson.title, index + 1, Some(&step.title)),
                description: step_description(&text),
                url: url(&address),
            };
            pages.push((address, head));
        }
    }
    Ok(pages)
}

fn write_pages(pages: &[(String, PageHead)], dist: &Path, site: Option<&str>) -> io::Result<()> {
    let template = std::fs::read_to_string(dist.join("index.html"))?;
    if !template.contains("gil-lab-base") {
        return Err(io::Error::other(
            "its index.html has no gil-lab-base meta to say where the base is",
        ));
    }
    for (page, head) in pages {
        let html = with_head(&template, head).map_err(|problem| {
            io::Error::other(format!("its index.html cannot take a page's head: {problem}"))
        })?;
        let folder = dist.join(page);
        std::fs::create_dir_all(&folder)?;
        std::fs::write(folder.join("index.html"), at_depth(&html, &address::up_to_base(page)))?;
    }
    let addresses: Vec<&str> = pages.iter().map(|(page, _)| page.as_str()).collect();
    if let Some(site) = site {
        std::fs::write(dist.join("sitemap.xml"), sitemap(site, &addresses))?;
    }
    std::fs::write(dist.join("robots.txt"), robots(site))?;
    let list = serde_json::to_string(&addresses).expect("a list of strings is JSON");
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
