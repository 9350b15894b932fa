//! A lesson's details — its steps' scenarios, controls, questions and challenges, its further
//! reading — as the player fetches them from `lessons/<slug>/lesson.json` when it first shows the
//! lesson: read with the browser's JSON parser, and kept for the page's lifetime, so a lesson is
//! fetched once.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

use super::js_json::BrowserJson;
use super::navigation::lesson_url;
use crate::catalog::LessonEntry;
use gil_lessons::lesson_file::read::lesson_details;
use gil_lessons::model::LessonDetails;

thread_local! {
    /// By slug; a few lessons at most, so a list.
    static LOADED: RefCell<Vec<(&'static str, Rc<LessonDetails>)>> = const { RefCell::new(Vec::new()) };
}

pub fn cached(slug: &str) -> Option<Rc<LessonDetails>> {
    LOADED.with(|loaded| loaded.borrow().iter().find(|(known, _)| *known == slug).map(|(_, details)| details.clone()))
}

/// A lesson file's text read into the lesson's details, or what is wrong with it, naming the file.
pub fn read(entry: &LessonEntry, text: &str) -> Result<LessonDetails, String> {
    let url = lesson_url(entry.slug);
    let json = js_sys::JSON::parse(text).map_err(|error| {
        let reason = error.dyn_into::<js_sys::Error>().map(|error| String::from(error.message())).unwrap_or_default();
        format!("{url} is not JSON ({reason})")
    })?;
    lesson_details(BrowserJson(json), entry.steps).map_err(|problem| format!("{url}: {problem}"))
}

/// Reads a lesson file's text and keeps the details for the page's lifetime.
pub fn keep(entry: &LessonEntry, text: &str) -> Result<Rc<LessonDetails>, String> {
    let details = Rc::new(read(entry, text)?);
    LOADED.with(|loaded| loaded.borrow_mut().push((entry.slug, details.clone())));
    Ok(details)
}
