//! Lessons made up for the native tests, so they do not depend on what `content/` holds.

use crate::catalog::LessonEntry;

/// A lesson of `steps` steps, as the lessons' index gives it.
pub fn lesson(slug: &'static str, title: &'static str, steps: usize) -> LessonEntry {
    LessonEntry { slug, title, summary: "", steps }
}
