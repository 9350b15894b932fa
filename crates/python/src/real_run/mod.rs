//! The line a run of the program ends with, `GIL-LAB-RESULT {…}` ([`crate::RESULT_PREFIX`]), found in
//! whatever a learner pastes or saves ([`result_line`]), read and checked against the scenario
//! ([`read_result`]), and set beside the simulation ([`compare`]): a table of real against simulated
//! figures and what differs between the two setups. The page shows it under its Python panel, and
//! `gil-lab compare` prints it.
//!
//! The JSON comes through [`ResultJson`]: the browser's own parser in the page, serde_json on the
//! command line and in the tests. Whatever is given, the answer is a comparison or a message in
//! words that names what is wrong.

mod comparison;
mod read;
mod result_json;

pub use comparison::{compare, Comparison, Difference, Row};
pub use read::{read_result, result_line, Reader, RealRun};
pub use result_json::ResultJson;
