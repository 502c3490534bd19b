//! The one error type of the library: bad parameters, bad sweep ranges, or
//! (never expected for valid input) a computation that failed numerically.
//! Every message is plain words for the person who chose the input.

use std::fmt;

use crate::theory::fixed_point::NoConvergence;
use crate::theory::params::ParamError;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    Param(ParamError),
    /// A request that is well-typed but meaningless (e.g. a sweep of 1 point).
    Request(String),
    NoConvergence(NoConvergence),
    /// A step of the theory that cannot be computed for the input it was given
    /// (a singular matrix, matrices of the wrong size); the text says which.
    Numerical(String),
    /// A long run stopped at the caller's request.
    Cancelled,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Param(e) => e.fmt(f),
            Error::Request(e) => f.write_str(e),
            Error::NoConvergence(e) => e.fmt(f),
            Error::Numerical(e) => f.write_str(e),
            Error::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for Error {}

impl From<ParamError> for Error {
    fn from(e: ParamError) -> Self {
        Error::Param(e)
    }
}

impl From<NoConvergence> for Error {
    fn from(e: NoConvergence) -> Self {
        Error::NoConvergence(e)
    }
}
