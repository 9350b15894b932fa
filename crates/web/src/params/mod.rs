//! The lab's parameters — cores, Python, switch interval, how many threads, processes, tasks and
//! subinterpreters, and what each does — shared by the lab and the compare view: the parameters and
//! their URL query ([`query`]), the scenario they make ([`scenario`]), and the actions that change
//! them.

pub mod query;
pub mod scenario;

use self::query::{LabParams, Notice};

/// A change to the parameters, as a control makes it.
pub type Edit = Box<dyn FnOnce(&mut LabParams)>;

pub enum ParamsAction {
    /// A control changed a parameter.
    Edit(Edit),
    /// The URL's query string changed (a link followed, the address edited).
    Load(String),
}

impl ParamsAction {
    /// The parameters after this action, and the notices about them; `parse` reads a query string
    /// (the lab's and the compare view's differ).
    pub fn apply(self, params: &LabParams, parse: fn(&str) -> (LabParams, Vec<Notice>)) -> (LabParams, Vec<Notice>) {
        match self {
            ParamsAction::Edit(edit) => {
                let mut params = params.clone();
                edit(&mut params);
                (params, Vec::new())
            }
            ParamsAction::Load(query) => parse(&query),
        }
    }
}
