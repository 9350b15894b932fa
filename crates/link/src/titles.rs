//! What each page is called: the document's title, which names it in a tab, a bookmark, a search
//! result and a shared link's preview ("The convoy effect — Why a whole interval · GIL Lab"). The
//! page sets it as it shows a view, and the build writes it into each page's file, from here both.

use crate::address::{COMPARE, FIDELITY, HOME, LAB, LESSONS};

const SITE: &str = "GIL Lab";

/// A page's title: its own name, then the site's.
pub fn titled(name: &str) -> String {
    format!("{name} · {SITE}")
}

/// A lesson step's title, from its lesson's title and its own (until the page has the step's
/// title, its number).
pub fn step_title(lesson: &str, number: usize, step: Option<&str>) -> String {
    match step {
        Some(step) => titled(&format!("{lesson} — {step}")),
        None => titled(&format!("{lesson}, step {number}")),
    }
}

/// The title of a view that is not a lesson step, by its address (`lab/`); none for another.
pub fn view_title(address: &str) -> Option<String> {
    Some(match address {
        HOME => format!("{SITE}: Python's global interpreter lock, simulated"),
        LESSONS => titled("Lessons"),
        LAB => titled("Lab"),
        COMPARE => titled("Compare"),
        FIDELITY => titled("How faithful is the simulator?"),
        _ => return None,
    })
}

/// The title of a page that is not there.
pub fn not_found_title() -> String {
    titled("No such page")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_has_its_own_title() {
        assert_eq!(
            step_title("The convoy effect", 2, Some("Why a whole interval")),
            "The convoy effect — Why a whole interval · GIL Lab"
        );
        assert_eq!(step_title("The convoy effect", 2, None), "The convoy effect, step 2 · GIL Lab");
        assert_eq!(view_title(LAB).as_deref(), Some("Lab · GIL Lab"));
        assert!(view_title(HOME).unwrap().starts_with("GIL Lab:"));
        assert_eq!(view_title("lesson/x/1/"), None);
    }
}
