//! `gil-lab export-lessons [FOLDER] --out DIR`: per lesson, the file the page fetches when it
//! shows the lesson, `DIR/<slug>/lesson.json` (`lessons::json`); every step's text as
//! `DIR/<slug>/<step>.html`; and the explanation of its prediction, if any, as
//! `DIR/<slug>/<step>-why.html`.

use std::io;
use std::path::Path;
use std::process::ExitCode;

use gil_lessons::format::ParsedLesson;
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
    for parsed in &lessons {
        if let Err(error) = write_lesson(parsed, out) {
            eprintln!("error: cannot write the files of {} into {}: {error}", parsed.file, out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn write_lesson(parsed: &ParsedLesson, out: &Path) -> io::Result<()> {
    let folder = out.join(&parsed.lesson.slug);
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join("lesson.json"), lesson_json(&parsed.lesson))?;
    for (index, html) in parsed.texts.iter().enumerate() {
        std::fs::write(folder.join(format!("{}.html", index + 1)), html)?;
    }
    for (index, html) in parsed.explanations.iter().enumerate() {
        if let Some(html) = html {
            std::fs::write(folder.join(format!("{}-why.html", index + 1)), html)?;
        }
    }
    Ok(())
}
