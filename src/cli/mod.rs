//! The command-line tool's own code: argument parsing and output formats.

pub mod args;
pub mod labs;
pub mod report;
