pub mod cli;
pub mod lessons;
pub mod sim;
#[cfg(feature = "web")]
pub mod web;
