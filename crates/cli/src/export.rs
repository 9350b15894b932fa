//! `gil-lab export-lessons [FOLDER] --out DIR`: per lesson, the file the page fetches when it
//! shows the lesson, `DIR/<slug>/lesson.json` (`lessons::json`); every step's text as
//! `DIR/<slug>/<step>.html`; and the explanation of its prediction, if any, as
//! `DIR/<slug>/<step>-why.html`. Each text ends with the definitions of the glossary terms it
//! links (`FOLDER/glossary.md`), which its buttons open. The figures a text names (`{{io_p99}}`)
//! are filled from its step's run, as the metric cards write them. `DIR/files.json` lists every file written
//! (`<slug>/<file>`, in lesson order), so that the service worker can store the lessons not yet
//! visited for reading offline (assets/sw.js).

use std::io;
use std::path::Path;
use std::process::ExitCode;

use gil_lessons::check::run;
use gil_lessons::figures::fill;
use gil_lessons::format::{ParsedLesson, EXPLANATION_TERM_PREFIX, TEXT_TERM_PREFIX};
use gil_lessons::glossary::Glossary;
use gil_lessons::lesson_file::write::lesson_json;
use gil_lessons::load::load_folder;
use gil_sim::metrics::Metrics;

/// The lessons of `folder`, or none when one cannot be read (each problem said on stderr).
pub fn read_lessons(folder: &Path) -> Option<Vec<ParsedLesson>> {
    load_folder(folder)
        .map_err(|problems| problems.iter().for_each(|problem| eprintln!("{problem}")))
        .ok()
}

pub fn main(folder: &Path, out: &Path) -> ExitCode {
    let Some(lessons) = read_lessons(folder) else { return ExitCode::FAILURE };
    let glossary = match Glossary::read(folder) {
        Ok(glossary) => glossary,
        Err(problem) => {
            eprintln!("{problem}");
            return ExitCode::FAILURE;
        }
    };
    let mut files = Vec::new();
    for parsed in &lessons {
        match write_lesson(parsed, &glossary, out) {
            Ok(written) => files.extend(written),
            Err(error) => {
                eprintln!(
                    "error: cannot write the files of {} into {}: {error}",
                    parsed.file,
                    out.display()
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let list = serde_json::to_string(&files).expect("a list of strings is JSON");
    if let Err(error) = std::fs::write(out.join("files.json"), list) {
        eprintln!("error: cannot write {}: {error}", out.join("files.json").display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Writes a lesson's files into `out/<slug>/`; their paths from `out`.
fn write_lesson(parsed: &ParsedLesson, glossary: &Glossary, out: &Path) -> io::Result<Vec<String>> {
    let slug = &parsed.lesson.slug;
    let folder = out.join(slug);
    std::fs::create_dir_all(&folder)?;
    let mut written = Vec::new();
    let mut write = |name: String, contents: String| {
        std::fs::write(folder.join(&name), contents)?;
        written.push(format!("{slug}/{name}"));
        io::Result::Ok(())
    };
    write("lesson.json".to_string(), lesson_json(&parsed.lesson))?;
    let runs = step_runs(parsed)?;
    let filled = |index: usize, html: &str| filled(parsed, &runs, index, html);
    for (index, html) in parsed.texts.iter().enumerate() {
        let definitions = glossary.definitions(&parsed.text_terms[index], TEXT_TERM_PREFIX);
        write(format!("{}.html", index + 1), format!("{}{definitions}", filled(index, html)))?;
    }
    for (index, html) in parsed.explanations.iter().enumerate() {
        if let Some(html) = html {
            let definitions =
                glossary.definitions(&parsed.explanation_terms[index], EXPLANATION_TERM_PREFIX);
            write(
                format!("{}-why.html", index + 1),
                format!("{}{definitions}", filled(index, html)),
            )?;
        }
    }
    Ok(written)
}

/// `text` of the step at `index` with its figures, from the step's run and the run of the step it
/// compares with.
pub fn filled(parsed: &ParsedLesson, runs: &[Metrics], index: usize, text: &str) -> String {
    let compared = parsed.lesson.steps[index].compare_with.map(|earlier| &runs[earlier]);
    fill(text, &runs[index], compared)
}

/// Every step's run as it opens, whose figures its texts name; a step that cannot run (which the
/// lesson checks refuse) fails the export.
pub fn step_runs(parsed: &ParsedLesson) -> io::Result<Vec<Metrics>> {
    let steps = parsed.lesson.steps.iter().enumerate();
    steps
        .map(|(index, step)| {
            run(&step.scenario).map_err(|problem| {
                io::Error::other(format!("step {} cannot run: {problem}", index + 1))
            })
        })
        .collect()
}
