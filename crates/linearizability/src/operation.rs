//! One client operation of a history: what was asked, what came back, and when.

use serde::{Deserialize, Serialize};

/// One operation of a concurrent history, as a client saw it.
///
/// Times are in any unit the caller likes (the simulator uses virtual microseconds; the
/// parsers use line numbers); only their order matters. Two operations are concurrent unless
/// one returned strictly before the other was called: a return and a call at the same instant
/// count as overlapping, which can only make the checker more lenient, never report a false
/// violation.
///
/// An operation's outcome is **unknown** when `output` is `None` or `return_time` is `None` or
/// `Some(u64::MAX)`. Such an operation may take effect at any instant after its call, or never,
/// and any output it might have had is accepted: the checker treats it as returning at
/// +infinity. (A client that timed out at some time `t` does not know the request did not take
/// effect later, so a known `return_time` with no `output` is treated the same way.) An
/// operation that returned with an output but has no return time is contradictory and is
/// rejected by [`check`](crate::check).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation<I, O> {
    /// Which client issued the operation (informational: used in explanations).
    pub client_id: u64,
    /// What the client asked for.
    pub input: I,
    /// What came back, or `None` if unknown (timed out, never returned).
    pub output: Option<O>,
    /// When the client sent the request.
    pub call_time: u64,
    /// When the client received the answer; `None` (or `Some(u64::MAX)`) if it never did.
    pub return_time: Option<u64>,
}

impl<I, O> Operation<I, O> {
    /// An operation that returned `output` at `return_time`.
    pub fn returned(client_id: u64, input: I, output: O, call_time: u64, return_time: u64) -> Self {
        Operation {
            client_id,
            input,
            output: Some(output),
            call_time,
            return_time: Some(return_time),
        }
    }

    /// An operation whose outcome is unknown: it may take effect any time after `call_time`, or
    /// never.
    pub fn pending(client_id: u64, input: I, call_time: u64) -> Self {
        Operation {
            client_id,
            input,
            output: None,
            call_time,
            return_time: None,
        }
    }

    /// The time the operation returned, if it did and its output is known; `None` for an
    /// operation of unknown outcome.
    pub fn known_return_time(&self) -> Option<u64> {
        match (self.return_time, &self.output) {
            (Some(time), Some(_)) if time != u64::MAX => Some(time),
            _ => None,
        }
    }

    /// Whether the operation's outcome is unknown (see the type's documentation).
    pub fn is_pending(&self) -> bool {
        self.known_return_time().is_none()
    }
}
