//! The glossary (`content/glossary.md`): every term a lesson may use before explaining it, each
//! defined once. A lesson links a term as `[bytecode](term:)` (the link's text is the term) or
//! `[bytecodes](term:bytecode)`; the Markdown renderer turns the link into a button
//! ([`crate::markdown`]), and [`Glossary::definitions`] gives the definitions those buttons open,
//! as popovers appended to the step's HTML: the definition opens in place, by mouse, touch or
//! keyboard, and closes with Escape, without leaving the step.
//!
//! The file is Markdown: a title, then one `## term` section per term, its body the definition.

use std::path::Path;

use super::format::{LessonError, ParsedLesson};
use super::markdown::{self, term_id};

/// The file's name in the lessons' folder; the lesson loader leaves it out.
pub const FILE_NAME: &str = "glossary.md";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    /// The definition, as HTML.
    pub definition: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    /// Reads a glossary file's text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Glossary, LessonError> {
        let problem = |line: usize, message: String| LessonError {
            file: file.to_string(),
            line: Some(line),
            step: None,
            message,
        };
        let mut terms: Vec<Term> = Vec::new();
        let mut current: Option<(String, usize, String)> = None;
        let finish = |current: Option<(String, usize, String)>,
                      terms: &mut Vec<Term>|
         -> Result<(), LessonError> {
            if let Some((name, line, body)) = current {
                if body.trim().is_empty() {
                    return Err(problem(line, format!("the term '{name}' has no definition")));
                }
                if terms.iter().any(|term| term_id(&term.name) == term_id(&name)) {
                    return Err(problem(line, format!("the term '{name}' is defined twice")));
                }
                terms.push(Term { name, definition: markdown::to_html(body.trim()) });
            }
            Ok(())
        };
        for (index, line) in text.lines().enumerate() {
            if let Some(name) = line.strip_prefix("## ") {
                finish(current.take(), &mut terms)?;
                current = Some((name.trim().to_string(), index + 1, String::new()));
            } else if let Some((_, _, body)) = current.as_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        finish(current, &mut terms)?;
        Ok(Glossary { terms })
    }

    /// The glossary of a lessons' folder; an empty one when the folder has none.
    pub fn read(folder: &Path) -> Result<Glossary, LessonError> {
        let path = folder.join(FILE_NAME);
        if !path.exists() {
            return Ok(Glossary::default());
        }
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|error| LessonError {
            file: shown.clone(),
            line: None,
            step: None,
            message: format!("cannot read the file: {error}"),
        })?;
        Glossary::parse(&shown, &text)
    }

    pub fn find(&self, name: &str) -> Option<&Term> {
        let id = term_id(name);
        self.terms.iter().find(|term| term_id(&term.name) == id)
    }

    /// The popovers of the terms a fragment links (`used`, by name), each with the id its button
    /// targets (`prefix` + the term's id). A term the glossary lacks is left out; the check names it.
    pub fn definitions(&self, used: &[String], prefix: &str) -> String {
        let mut seen = Vec::new();
        let mut out = String::new();
        for name in used {
            let id = term_id(name);
            if seen.contains(&id) {
                continue;
            }
            if let Some(term) = self.find(name) {
                out.push_str(&format!(
                    "<div class=\"term-definition\" id=\"{prefix}{id}\" popover><p class=\"term-name\">{}</p>{}</div>\n",
                    markdown::escaped(&term.name),
                    term.definition
                ));
                seen.push(id);
            }
        }
        out
    }

    /// A problem for every term a lesson links that the glossary does not define.
    pub fn undefined_terms(&self, parsed: &ParsedLesson) -> Vec<LessonError> {
        let mut problems = Vec::new();
        for (index, step) in parsed.lesson.steps.iter().enumerate() {
            let used = parsed.text_terms[index].iter().chain(&parsed.explanation_terms[index]);
            for name in used {
                if self.find(name).is_none() {
                    problems.push(LessonError {
                        file: parsed.file.clone(),
                        line: None,
                        step: Some((index + 1, step.title.clone())),
                        message: format!(
                            "the step links the term '{name}', which {FILE_NAME} does not define; define it there, or link a term it defines"
                        ),
                    });
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLOSSARY: &str =
        "# Glossary\n\nWords.\n\n## bytecode\n\nThe *instructions* CPython runs.\n\n## switch interval\n\nHow long a waiter waits.\n";

    #[test]
    fn each_section_is_a_term_with_its_definition() {
        let glossary = Glossary::parse("glossary.md", GLOSSARY).expect("reads");
        assert_eq!(glossary.terms.len(), 2);
        assert_eq!(
            glossary.terms[0].definition,
            "<p>The <em>instructions</em> CPython runs.</p>\n"
        );
        assert!(glossary.find("Switch Interval").is_some());
        assert_eq!(term_id(" Switch  interval! "), "switch-interval");
        let popovers = glossary
            .definitions(&["bytecode".into(), "Bytecode".into(), "nothing".into()], "why-term-");
        assert_eq!(
            popovers,
            "<div class=\"term-definition\" id=\"why-term-bytecode\" popover><p class=\"term-name\">bytecode</p><p>The <em>instructions</em> CPython runs.</p>\n</div>\n"
        );
    }

    #[test]
    fn a_term_without_a_definition_or_defined_twice_is_named() {
        let empty = Glossary::parse("g.md", "## bytecode\n\n## gil\nThe lock.\n")
            .expect_err("no definition");
        assert_eq!(
            (empty.line, empty.message.as_str()),
            (Some(1), "the term 'bytecode' has no definition")
        );
        let twice =
            Glossary::parse("g.md", "## GIL\nA lock.\n## gil\nThe lock.\n").expect_err("twice");
        assert_eq!(twice.message, "the term 'gil' is defined twice");
    }
}
