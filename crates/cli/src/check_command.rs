//! `gil-lab check [FOLDER] [--no-python]`: the lesson checks of `lessons::check`, every glossary
//! term a step links defined in `FOLDER/glossary.md`, plus compiling every Python snippet with python3, reported one problem per line with its file and step. Without
//! python3 it fails, unless told not to compile the snippets.

use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use gil_lessons::check::check_lesson;
use gil_lessons::format::{LessonError, ParsedLesson};
use gil_lessons::glossary::Glossary;
use gil_lessons::load::load_folder;

pub fn main(folder: &Path, compile_python: bool) -> ExitCode {
    let python = if compile_python {
        let Some(python) = python3() else {
            eprintln!(
                "error: python3 is needed to compile the lessons' Python snippets, and it is not on PATH; \
                 install it, or pass --no-python to check everything else"
            );
            return ExitCode::FAILURE;
        };
        Some(python)
    } else {
        None
    };
    let lessons = match load_folder(folder) {
        Ok(lessons) => lessons,
        Err(problems) => return report(&problems, "the lessons do not read"),
    };
    let glossary = match Glossary::read(folder) {
        Ok(glossary) => glossary,
        Err(problem) => return report(&[problem], "the glossary does not read"),
    };
    let mut problems = Vec::new();
    for parsed in &lessons {
        problems.extend(check_lesson(parsed));
        problems.extend(glossary.undefined_terms(parsed));
        if let Some(python) = &python {
            problems.extend(check_python(python, parsed));
        }
    }
    let steps: usize = lessons.iter().map(|parsed| parsed.lesson.steps.len()).sum();
    let count = |has: fn(&gil_lessons::model::LessonStep) -> bool| -> usize {
        lessons
            .iter()
            .flat_map(|parsed| parsed.lesson.steps.iter())
            .filter(|step| has(step))
            .count()
    };
    let summary = format!(
        "{} lessons, {steps} steps, {} predictions, {} challenges",
        lessons.len(),
        count(|step| step.prediction.is_some()),
        count(|step| step.challenge.is_some())
    );
    if python.is_none() {
        println!("note: --no-python: the Python snippets were not compiled");
    }
    if problems.is_empty() {
        println!("{summary}: every check passes");
        ExitCode::SUCCESS
    } else {
        report(&problems, &summary)
    }
}

fn report(problems: &[LessonError], summary: &str) -> ExitCode {
    for problem in problems {
        println!("{problem}");
    }
    println!("{summary}: {} problem(s)", problems.len());
    ExitCode::FAILURE
}

fn python3() -> Option<String> {
    let found = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    found.is_ok_and(|status| status.success()).then(|| "python3".to_string())
}

/// Compiles each snippet as `python3 -m py_compile` would, reading it from stdin.
fn check_python(python: &str, parsed: &ParsedLesson) -> Vec<LessonError> {
    let mut problems = Vec::new();
    for (step, code) in &parsed.python {
        let title = parsed.lesson.steps[*step].title.clone();
        let problem = |message: String| LessonError {
            file: parsed.file.clone(),
            line: None,
            step: Some((step + 1, title.clone())),
            message,
        };
        let child = Command::new(python)
            .args(["-c", "import sys; compile(sys.stdin.read(), '<snippet>', 'exec')"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let output = child.and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(code.as_bytes())?;
            }
            child.wait_with_output()
        });
        match output {
            Ok(output) if output.status.success() => {}
            Ok(output) => {
                let error = String::from_utf8_lossy(&output.stderr);
                let last = error.lines().rfind(|line| !line.trim().is_empty()).unwrap_or("");
                let line = error
                    .lines()
                    .find_map(|line| line.split("\"<snippet>\", ").nth(1))
                    .unwrap_or("");
                problems.push(problem(format!(
                    "a Python snippet does not compile ({line} of the snippet): {last}"
                )));
            }
            Err(error) => problems.push(problem(format!("python3 could not be run: {error}"))),
        }
    }
    problems
}
