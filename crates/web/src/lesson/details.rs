//! A lesson's details — its steps' scenarios, controls, questions and challenges, its further
//! reading — as the player fetches them from `lessons/<slug>/lesson.json` when it first shows the
//! lesson: read with the browser's JSON parser, and kept for the page's lifetime, so a lesson is
//! fetched once.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::fetch::{use_fetched, Fetched};
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
    LOADED.with(|loaded| {
        loaded.borrow().iter().find(|(known, _)| *known == slug).map(|(_, details)| details.clone())
    })
}

/// A lesson file's text read into the lesson's details, or what is wrong with it, naming the file.
pub fn read(entry: &LessonEntry, text: &str) -> Result<LessonDetails, String> {
    let url = lesson_url(entry.slug);
    let json =
        BrowserJson::parse(text).map_err(|reason| format!("{url} is not JSON ({reason})"))?;
    lesson_details(json, entry.steps).map_err(|problem| format!("{url}: {problem}"))
}

/// Keeps a lesson's details for the page's lifetime.
pub fn keep(slug: &'static str, details: Rc<LessonDetails>) {
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        if !loaded.iter().any(|(known, _)| *known == slug) {
            loaded.push((slug, details));
        }
    });
}

/// A lesson's details as the player waits for them.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonLoad {
    Loading,
    Ready(Rc<LessonDetails>),
    Failed(String),
}

/// The details of `entry`'s lesson: kept from an earlier visit, or fetched (again when the
/// callback, the Retry button's, is pressed), read, and kept once the render that shows them is
/// done. Nothing is fetched for `None`.
#[hook]
pub fn use_lesson_details(
    entry: Option<&'static LessonEntry>,
) -> (LessonLoad, Callback<MouseEvent>) {
    let kept = entry.and_then(|entry| cached(entry.slug));
    let (file, retry) = use_fetched(
        entry.filter(|_| kept.is_none()).map(|entry| AttrValue::from(lesson_url(entry.slug))),
    );
    let read_file = use_memo(file.clone(), move |file| match (entry, file) {
        (Some(entry), Fetched::Ready(text)) => Some(read(entry, text).map(Rc::new)),
        _ => None,
    });
    {
        let read_file = read_file.clone();
        use_effect_with(Rc::as_ptr(&read_file) as usize, move |_| {
            if let (Some(entry), Some(Ok(details))) = (entry, &*read_file) {
                keep(entry.slug, details.clone());
            }
        });
    }
    let load = match (kept, file, &*read_file) {
        (Some(details), _, _) => LessonLoad::Ready(details),
        (None, Fetched::Ready(_), Some(Ok(details))) => LessonLoad::Ready(details.clone()),
        (None, Fetched::Ready(_), Some(Err(problem))) => LessonLoad::Failed(problem.clone()),
        (None, Fetched::Failed(problem), _) => LessonLoad::Failed(problem),
        (None, _, _) => LessonLoad::Loading,
    };
    (load, retry)
}
