//! The crate's error type: a history or a log that cannot be checked, with the reason.

use std::fmt;

/// Why a history could not be checked or a log could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// An operation of the history is malformed (returns before its call, has an output but no
    /// return, an input/output mismatch, ...).
    InvalidOperation {
        /// Index of the operation in the history.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// [`Model::partition`](crate::Model::partition) returned an index out of range or twice.
    InvalidPartition {
        /// What is wrong.
        reason: String,
    },
    /// A line of a log could not be understood.
    Parse {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOperation { index, reason } => {
                write!(f, "linearizability: operation #{index}: {reason}")
            }
            Error::InvalidPartition { reason } => {
                write!(f, "linearizability: bad partition: {reason}")
            }
            Error::Parse { line, reason } => write!(f, "linearizability: line {line}: {reason}"),
        }
    }
}

impl std::error::Error for Error {}
