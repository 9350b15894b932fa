//! Builds the lessons' index into the app: reads every lesson file of `content/` with the lessons'
//! own reader (the same as `gil-lab check`) and writes, for `src/catalog.rs`, each lesson's slug,
//! title, summary and number of steps as static data to `$OUT_DIR/lessons.rs`. The rest of a lesson
//! the page fetches: `gil-lab export-lessons` writes it beside the app. A lesson that does not read
//! stops the build with its problems.
//!
//! For the browser tests, which have no server for those files, it also writes every lesson's
//! file as `gil-lab export-lessons` does, `(slug, JSON)`, to `$OUT_DIR/lesson_files.rs`.
//!
//! It runs the validation suite of `validation/` (as `gil-lab validate` does) and writes each case
//! with its real and simulated figures, and each group's note, for `src/validation.rs`, to
//! `$OUT_DIR/validation_rows.rs` and `$OUT_DIR/validation_notes.rs`. A case that does not read or
//! run stops the build.

use std::path::{Path, PathBuf};

use gil_lessons::lesson_file::write::lesson_json;
use gil_lessons::load::load_folder;
use gil_lessons::model::Lesson;
use gil_lessons::validation::{self, evaluate, verdict, Evaluated, Source};

fn main() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    println!("cargo:rerun-if-changed={}", content.display());
    let parsed = match load_folder(&content) {
        Ok(parsed) => parsed,
        Err(problems) => {
            eprintln!("The lessons in content/ do not read:");
            for problem in problems {
                eprintln!("  {problem}");
            }
            std::process::exit(1);
        }
    };
    let lessons: Vec<&Lesson> = parsed.iter().map(|parsed| &parsed.lesson).collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    write(&out.join("lessons.rs"), slice(lessons.iter().map(|lesson| entry(lesson))));
    let files = lessons.iter().map(|lesson| format!("({}, {})", text(&lesson.slug), text(&lesson_json(lesson))));
    write(&out.join("lesson_files.rs"), slice(files));
    write_validation(&out);
}

fn write_validation(out: &Path) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../validation");
    println!("cargo:rerun-if-changed={}", folder.display());
    let suite = validation::load(&folder).unwrap_or_else(|problem| stop(&problem));
    let evaluated: Vec<Evaluated> = suite.cases.iter().map(|case| evaluate(case).unwrap_or_else(|problem| stop(&problem))).collect();
    write(&out.join("validation_rows.rs"), slice(evaluated.iter().map(row)));
    let notes = suite.abouts.iter().map(|about| format!("({}, {})", text(&about.group), text(&about.leaves_out)));
    write(&out.join("validation_notes.rs"), slice(notes));
}

fn stop(problem: &str) -> ! {
    eprintln!("The validation suite in validation/ does not run: {problem}");
    std::process::exit(1);
}

fn row(evaluated: &Evaluated) -> String {
    let case = &evaluated.case;
    let source = match &case.source {
        Source::Measured { values, one_core, .. } => {
            let versions: Vec<&str> = values.iter().map(|(version, _)| version.as_str()).collect();
            format!(
                "measured on this project's machine (Linux, 2 cores), CPython {}{}",
                versions.join(", "),
                if *one_core { ", pinned to one core" } else { "" }
            )
        }
        Source::Published { reference } => reference.clone(),
    };
    format!(
        "ValidationRow {{ group: {}, title: {}, figure: {}, real: {:?}, simulated: {:?}, band: {:?}, verdict: {}, source: {}, known_miss: {} }}",
        text(&case.group),
        text(&case.title),
        text(&case.figure),
        case.real,
        evaluated.simulated,
        case.band,
        text(verdict(evaluated)),
        text(&source),
        text(case.known_miss.as_deref().unwrap_or_default()),
    )
}

fn write(path: &Path, code: String) {
    std::fs::write(path, code).expect("the build script can write to OUT_DIR");
}

fn text(value: &str) -> String {
    // A str's Debug form is a valid Rust string literal, escapes included.
    format!("{value:?}")
}

fn slice(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    format!("&[{}]", items.join(", "))
}

fn entry(lesson: &Lesson) -> String {
    format!(
        "LessonEntry {{ slug: {}, title: {}, summary: {}, steps: {} }}",
        text(&lesson.slug),
        text(&lesson.title),
        text(&lesson.summary),
        lesson.steps.len()
    )
}
