//! Builds the lessons' index into the app: reads every lesson file of `content/` with the lessons'
//! own reader (the same as `gil-lab check`) and writes, for `src/catalog.rs`, each lesson's slug,
//! title, summary and number of steps as static data to `$OUT_DIR/lessons.rs`. The rest of a lesson
//! the page fetches: `gil-lab export-lessons` writes it beside the app. A lesson that does not read
//! stops the build with its problems.
//!
//! For the browser tests, which have no server for those files, it also writes every lesson's
//! file as `gil-lab export-lessons` does, `(slug, JSON)`, to `$OUT_DIR/lesson_files.rs`.

use std::path::{Path, PathBuf};

use gil_lessons::lesson_file::write::lesson_json;
use gil_lessons::load::load_folder;
use gil_lessons::model::Lesson;

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
    let files = lessons
        .iter()
        .map(|lesson| format!("({}, {})", text(&lesson.slug), text(&lesson_json(lesson))));
    write(&out.join("lesson_files.rs"), slice(files));
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
