//! The lessons' index, as `build.rs` wrote it from `content/`: what the home page's list and the
//! routes need before any lesson file is fetched. Everything else of a lesson — its steps'
//! scenarios, controls, predictions and challenges, its further reading — is in the file
//! `lessons/<slug>/lesson.json` that the player fetches when it shows the lesson.

/// A lesson as the index knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonEntry {
    pub slug: &'static str,
    pub title: &'static str,
    /// One line: what the learner will see.
    pub summary: &'static str,
    /// How many steps the lesson has.
    pub steps: usize,
}

static LESSONS: &[LessonEntry] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Every lesson, in order.
pub fn lessons() -> &'static [LessonEntry] {
    LESSONS
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use gil_lessons::load::load_folder;

    #[test]
    fn wiring_the_index_says_what_the_lesson_files_say() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let lessons = load_folder(&content).unwrap_or_else(|problems| panic!("{problems:?}"));
        let indexed: Vec<(&str, &str, &str, usize)> = super::lessons()
            .iter()
            .map(|entry| (entry.slug, entry.title, entry.summary, entry.steps))
            .collect();
        let parsed: Vec<(&str, &str, &str, usize)> = lessons
            .iter()
            .map(|parsed| {
                (
                    parsed.lesson.slug.as_str(),
                    parsed.lesson.title.as_str(),
                    parsed.lesson.summary.as_str(),
                    parsed.lesson.steps.len(),
                )
            })
            .collect();
        assert_eq!(indexed, parsed);
    }
}
