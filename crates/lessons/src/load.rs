//! Reading every lesson of a folder, in file-name order.

use std::path::Path;

use super::format::{self, LessonError, ParsedLesson};
use super::glossary::Glossary;

/// Every `*.md` file of `folder` but the glossary, sorted by name, read as a lesson with the
/// glossary's terms linked; every problem, not just the first.
pub fn load_folder(folder: &Path) -> Result<Vec<ParsedLesson>, Vec<LessonError>> {
    let shown = folder.display().to_string();
    let unreadable = |message: String| {
        vec![LessonError { file: shown.clone(), line: None, step: None, message }]
    };
    let entries = std::fs::read_dir(folder)
        .map_err(|error| unreadable(format!("cannot read the folder: {error}")))?;
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .filter(|path| path.file_name().is_some_and(|name| name != crate::glossary::FILE_NAME))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(unreadable("has no lesson files (*.md)".into()));
    }
    // The glossary's terms are linked where a step first uses them; its own problems are reported
    // with the lessons', and the lessons are still read without it.
    let mut problems = Vec::new();
    let glossary_terms: Vec<String> = match Glossary::read(folder) {
        Ok(glossary) => glossary.terms.into_iter().map(|term| term.name).collect(),
        Err(problem) => {
            problems.push(problem);
            Vec::new()
        }
    };
    let mut lessons = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => match format::parse_with_glossary(&name, &text, &glossary_terms) {
                Ok(lesson) => lessons.push(lesson),
                Err(problem) => problems.push(problem),
            },
            Err(error) => problems.push(LessonError {
                file: name,
                line: None,
                step: None,
                message: format!("cannot read the file: {error}"),
            }),
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
