//! The command-line tool's own code: one module per subcommand (its flags and
//! its work), the shared argument parsing and the output formats.

pub mod args;
pub mod boundary;
pub mod figure;
pub mod labs;
pub mod link;
pub mod merge;
pub mod params;
pub mod report;
pub mod simulate;
pub mod sweep;
pub mod theory;
pub mod validate;

/// The core's errors reach the user as their message alone.
pub fn err(e: w2s::Error) -> String {
    e.to_string()
}
