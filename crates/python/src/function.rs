//! A Python function being written, whose `global` line is known only once its body is.

use std::collections::BTreeSet;

use crate::python_text::Lines;

/// A Python function being written: its `global` names are known only once its body is.
pub(crate) struct Function {
    pub(crate) signature: String,
    pub(crate) doc: Option<String>,
    pub(crate) globals: BTreeSet<String>,
    pub(crate) body: Lines,
}

impl Function {
    pub(crate) fn new(signature: String, doc: Option<String>) -> Function {
        Function { signature, doc, globals: BTreeSet::new(), body: Lines::default() }
    }

    pub(crate) fn write_to(&self, out: &mut Lines) {
        out.line(0, &self.signature);
        if let Some(doc) = &self.doc {
            out.line(1, &format!("\"\"\"{doc}\"\"\""));
        }
        if !self.globals.is_empty() {
            out.line(
                1,
                &format!("global {}", self.globals.iter().cloned().collect::<Vec<_>>().join(", ")),
            );
        }
        for line in self.body.text.lines() {
            out.line(1, line);
        }
    }
}
