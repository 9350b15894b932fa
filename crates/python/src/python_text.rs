//! Python source as text: lines indented by level, and the literals a program is written with.

use gil_sim::time::{Nanos, SECOND};

/// Seconds as Python writes them, exact to the nanosecond: `0.0005`, `2.0`.
pub(crate) fn seconds(nanos: Nanos) -> String {
    let whole = nanos / SECOND;
    let fraction = nanos % SECOND;
    if fraction == 0 {
        format!("{whole}.0")
    } else {
        format!("{whole}.{}", format!("{fraction:09}").trim_end_matches('0'))
    }
}

/// A Python string literal of `text`, valid in 2.7 and 3.x.
pub(crate) fn python_string(text: &str) -> String {
    let mut literal = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => literal.push_str("\\\\"),
            '"' => literal.push_str("\\\""),
            '\n' => literal.push_str("\\n"),
            '\r' => literal.push_str("\\r"),
            '\t' => literal.push_str("\\t"),
            c if c.is_control() => literal.push_str(&format!("\\x{:02x}", c as u32)),
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// `text` on one line of a `#` comment.
pub(crate) fn comment_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` on one line of a `"""` docstring, which a quote or a backslash could end or change.
pub(crate) fn docstring_text(text: &str) -> String {
    comment_text(text).replace('\\', "\\\\").replace('"', "\\\"")
}

pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Text built line by line, each indented by four spaces per level.
#[derive(Default)]
pub(crate) struct Lines {
    pub(crate) text: String,
}

impl Lines {
    pub(crate) fn line(&mut self, level: usize, text: &str) {
        if !text.is_empty() {
            self.text.push_str(&"    ".repeat(level));
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// The two blank lines between top-level definitions.
    pub(crate) fn gap(&mut self) {
        self.text.push_str("\n\n");
    }

    /// A top-level definition written out whole, after the gap before it.
    pub(crate) fn definition(&mut self, text: &str) {
        self.gap();
        self.text.push_str(text);
    }
}

/// The names of a group's workers as a Python list: `["T%d" % n for n in range(1, 5)]` when they
/// are numbered in a row, as the simulator numbers them, else each one.
pub(crate) fn names_list(names: &[&str]) -> String {
    let numbered = names.first().and_then(|first| {
        let prefix = first.trim_end_matches(|c: char| c.is_ascii_digit());
        let start: u64 = first[prefix.len()..].parse().ok()?;
        let in_a_row =
            names.iter().zip(start..).all(|(name, number)| *name == format!("{prefix}{number}"));
        (in_a_row && !first[prefix.len()..].starts_with('0')).then_some((prefix, start))
    });
    match numbered {
        Some((prefix, start)) => {
            let format = python_string(&format!("{}%d", prefix.replace('%', "%%")));
            format!("[{format} % n for n in range({start}, {})]", start + names.len() as u64)
        }
        None => format!(
            "[{}]",
            names.iter().map(|name| python_string(name)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A Python tuple of these expressions.
pub(crate) fn tuple(items: &[&str]) -> String {
    match items {
        [] => "()".into(),
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}
