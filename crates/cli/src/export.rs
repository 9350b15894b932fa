//! `gil-lab export-lessons [FOLDER] --out DIR`: per lesson, the file the page fetches when it
//! shows the lesson, `DIR/<slug>/lesson.json` (`lessons::json`); every step's text as
//! `DIR/<slug>/<step>.html`; and the explanation of its prediction, if any, as
//! `DIR/<slug>/<step>-why.html`. Each text ends with the definitions of the glossary terms it
//! links (`FOLDER/glossary.md`), which its buttons open.

use std::io;
use std::path::Path;
use std::process::ExitCode;

use gil_lessons::format::{ParsedLesson, EXPLANATION_TERM_PREFIX, TEXT_TERM_PREFIX};
use gil_lessons::glossary::Glossary;
use gil_lessons::lesson_file::write::lesson_json;
use gil_lessons::load::load_folder;

pub fn main(folder: &Path, out: &Path) -> ExitCode {
    let lessons = match load_folder(folder) {
        Ok(lessons) => lessons,
        Err(problems) => {
            for problem in problems {
                eprintln!("{problem}");
            }
            return ExitCode::FAILURE;
        }
    };
    let glossary = match Glossary::read(folder) {
        Ok(glossary) => glossary,
        Err(problem) => {
            eprintln!("{problem}");
            return ExitCode::FAILURE;
        }
    };
    for parsed in &lessons {
        if let Err(error) = write_lesson(parsed, &glossary, out) {
            eprintln!("error: cannot write the files of {} into {}: {error}", parsed.file, out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn write_lesson(parsed: &ParsedLesson, glossary: &Glossary, out: &Path) -> io::Result<()> {
    let folder = out.join(&parsed.lesson.slug);
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join("lesson.json"), lesson_json(&parsed.lesson))?;
    for (index, html) in parsed.texts.iter().enumerate() {
        let definitions = glossary.definitions(&parsed.text_terms[index], TEXT_TERM_PREFIX);
        std::fs::write(folder.join(format!("{}.html", index + 1)), format!("{html}{definitions}"))?;
    }
    for (index, html) in parsed.explanations.iter().enumerate() {
        if let Some(html) = html {
            let definitions = glossary.definitions(&parsed.explanation_terms[index], EXPLANATION_TERM_PREFIX);
            std::fs::write(folder.join(format!("{}-why.html", index + 1)), format!("{html}{definitions}"))?;
        }
    }
    Ok(())
}
