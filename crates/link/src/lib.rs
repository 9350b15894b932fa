//! A scenario written out for someone else to open: as the query of a lab link ([`query`], the
//! format of `docs/url-format.md`) and as a scenario file ([`toml_text`]). The lab's links have
//! two versions, both here: the quick form's parameters ([`quick_form`], version 1) and a whole
//! scenario ([`query`], version 2). The page writes and reads
//! links and writes files; the command line writes links and reads files with the `toml` crate,
//! which the page does not carry. Both directions give back the same [`gil_sim::ScenarioSpec`].
//! The page's addresses, the paths a link opens ([`address`]), are here too, for both.

pub mod address;
pub mod percent;
pub mod query;
pub mod quick_form;
pub mod titles;
pub mod toml_text;

use std::fmt;

/// Something a reader of a link changed or ignored, said in a sentence the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice(pub String);

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shortens a value for a notice, so a huge garbled value does not flood the page.
pub fn shown(value: &str) -> String {
    if value.chars().count() > 24 {
        format!("'{}…'", value.chars().take(24).collect::<String>())
    } else {
        format!("'{value}'")
    }
}
