//! The validation suite (`validation/`) as CI runs it: every case within its band, or a known miss
//! that says why, and docs/validation.md showing the table the suite gives today.

use std::path::{Path, PathBuf};
use std::process::Command;

use gil_lessons::validation::{evaluate, load, markdown_table};

fn repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

#[test]
fn every_case_is_within_its_band_or_a_known_miss() {
    let output = Command::new(env!("CARGO_BIN_EXE_gil-lab"))
        .args(["validate", repository("validation").to_str().expect("a UTF-8 path")])
        .output()
        .expect("gil-lab runs");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}\n{}", String::from_utf8_lossy(&output.stdout));
    assert!(report.contains(" 0 problems"), "{report}");
}

#[test]
fn wiring_docs_validation_md_has_todays_table() {
    let suite = load(&repository("validation")).expect("the cases read");
    assert!(suite.cases.len() >= 40, "only {} cases", suite.cases.len());
    let evaluated: Vec<_> =
        suite.cases.iter().map(|case| evaluate(case).expect("simulates")).collect();
    let table = markdown_table(&evaluated, &suite.abouts);
    let doc =
        std::fs::read_to_string(repository("docs/validation.md")).expect("docs/validation.md");
    assert!(
        doc.contains(table.trim()),
        "docs/validation.md's table is not today's: paste the output of `cargo run --bin gil-lab -- validate --markdown` into it"
    );
}
