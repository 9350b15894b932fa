pub mod cli;
pub mod sim;
#[cfg(feature = "web")]
pub mod web;
