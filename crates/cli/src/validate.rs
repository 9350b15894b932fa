//! `gil-lab validate [FOLDER] [--markdown] [--html OUT]`: the validation suite of
//! `lessons::validation`, each case's simulated figure against the real one, as lines, as the
//! table of docs/validation.md, and as the page the web app fetches. Fails when a case falls outside its band without
//! a `known_miss` saying why, or when a known miss is now within its band (the explanation is
//! stale).

use std::path::Path;
use std::process::ExitCode;

use gil_lessons::validation::{
    evaluate, html_fragment, load, markdown_table, shown, verdict, Evaluated,
};

pub fn main(folder: &Path, markdown: bool, html: Option<&Path>) -> ExitCode {
    let suite = load(folder);
    let evaluated = match suite
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|suite| suite.cases.iter().map(evaluate).collect::<Result<Vec<_>, _>>())
    {
        Ok(evaluated) => evaluated,
        Err(problem) => {
            eprintln!("error: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let abouts = suite.map(|suite| suite.abouts).unwrap_or_default();
    if let Some(file) = html {
        if let Err(error) = std::fs::write(file, html_fragment(&evaluated, &abouts)) {
            eprintln!("error: cannot write {}: {error}", file.display());
            return ExitCode::FAILURE;
        }
    }
    if markdown {
        print!("{}", markdown_table(&evaluated, &abouts));
    } else {
        for row in &evaluated {
            println!(
                "{:<11} {:<22} real {:>8}  simulated {:>8}  {}",
                verdict(row),
                row.case.id,
                shown(row.case.real),
                shown(row.simulated),
                row.case.figure
            );
        }
    }
    let problems = problems(&evaluated);
    let count = |name: &str| evaluated.iter().filter(|row| verdict(row) == name).count();
    eprintln!(
        "{} cases: {} within their band, {} known misses, {} context (published elsewhere), {} problems",
        evaluated.len(),
        count("within"),
        count("known miss"),
        count("context"),
        problems.len()
    );
    for problem in &problems {
        eprintln!("  {problem}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What keeps the suite from passing, one sentence per case.
pub fn problems(evaluated: &[Evaluated]) -> Vec<String> {
    let mut problems = Vec::new();
    for row in evaluated.iter().filter(|row| !row.case.context) {
        let band = row.case.band * 100.0;
        match (row.within(), &row.case.known_miss) {
            (false, None) => problems.push(format!(
                "{}: simulated {} against a real {} ({}), outside ±{band:.0}%; fix the model, or say why in known_miss",
                row.case.id,
                shown(row.simulated),
                shown(row.case.real),
                row.case.figure
            )),
            (true, Some(_)) => problems.push(format!(
                "{}: now within ±{band:.0}% (simulated {}, real {}): remove its known_miss and update docs/validation.md",
                row.case.id,
                shown(row.simulated),
                shown(row.case.real)
            )),
            _ => {}
        }
    }
    problems
}
