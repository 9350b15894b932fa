//! Reading every lesson of a folder, in file-name order.

use std::path::Path;

use super::format::{self, LessonError, ParsedLesson};

/// Every `*.md` file of `folder`, sorted by name, read as a lesson; every problem, not just the first.
pub fn load_folder(folder: &Path) -> Result<Vec<ParsedLesson>, Vec<LessonError>> {
    let shown = folder.display().to_string();
    let unreadable = |message: String| vec![LessonError { file: shown.clone(), line: None, step: None, message }];
    let entries = std::fs::read_dir(folder).map_err(|error| unreadable(format!("cannot read the folder: {error}")))?;
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(unreadable("has no lesson files (*.md)".into()));
    }
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match format::parse(&name, &text) {
                Ok(lesson) => lessons.push(lesson),
                Err(problem) => problems.push(problem),
            },
            Err(error) => {
                problems.push(LessonError { file: name, line: None, step: None, message: format!("cannot read the file: {error}") })
            }
        }
    }
    for (index, parsed) in lessons.iter().enumerate() {
        let slug = &parsed.lesson.slug;
        if lessons[..index].iter().any(|earlier| &earlier.lesson.slug == slug) {
            problems.push(LessonError {
                file: shown.clone(),
                line: None,
                step: None,
                message: format!("two lessons have the slug '{slug}'"),
            });
        }
    }
    if problems.is_empty() {
        Ok(lessons)
    } else {
        Err(problems)
    }
}
