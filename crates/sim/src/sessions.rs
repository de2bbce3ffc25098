//! Client sessions (dissertation §6.3): a server's state machine remembers which client
//! requests it applied, so a request that a retry put in the log twice (once by each of two
//! leaders) changes the store once. The dissertation keeps each request's response to answer a
//! repeat with it; this store needs less: a write always answers "ok", and a read changes
//! nothing, so a repeated read simply reads again (inside the request's call and answer, since
//! the client was still waiting when it sent the copy).

use raft_core::ClientRequest;

/// What applying a command of a client request should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Not applied before: execute it.
    First,
    /// Applied before: change nothing (answer a write with "ok", read a read again).
    Again,
    /// A copy of a request the client already had its answer to (a retry that arrived late):
    /// change nothing, answer nothing.
    Answered,
}

/// One server's record of applied client requests. Volatile, like the key-value store: a
/// restarted server rebuilds it by applying its log again from the start.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClientSessions {
    /// Applied requests the client may still retry, sorted. Few: about as many as the client
    /// has requests open.
    applied: Vec<u64>,
    /// The client had the answer to every request below this when it sent a request applied
    /// here; they are forgotten.
    answered_below: u64,
}

impl ClientSessions {
    /// Notes that a command of `request` is being applied and says whether it was before. First
    /// forgets the requests the client no longer retries (those below `answered_below`).
    pub fn apply(&mut self, request: ClientRequest) -> Seen {
        if request.answered_below > self.answered_below {
            self.answered_below = request.answered_below;
            let forgotten = self.applied.partition_point(|&id| id < self.answered_below);
            self.applied.drain(..forgotten);
        }
        if request.id < self.answered_below {
            return Seen::Answered;
        }
        // Requests mostly apply in the order they were sent: the new one goes last.
        if self.applied.last().is_none_or(|&last| last < request.id) {
            self.applied.push(request.id);
            return Seen::First;
        }
        match self.applied.binary_search(&request.id) {
            Ok(_) => Seen::Again,
            Err(at) => {
                self.applied.insert(at, request.id);
                Seen::First
            }
        }
    }

    /// Forgets everything (a crash).
    pub fn clear(&mut self) {
        *self = ClientSessions::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: u64, answered_below: u64) -> ClientRequest {
        ClientRequest { id, answered_below }
    }

    #[test]
    fn a_request_applied_again_is_seen_again() {
        let mut sessions = ClientSessions::default();
        assert_eq!(sessions.apply(request(2, 1)), Seen::First);
        assert_eq!(sessions.apply(request(1, 1)), Seen::First);
        assert_eq!(sessions.apply(request(1, 1)), Seen::Again);
        assert_eq!(sessions.apply(request(2, 1)), Seen::Again);
        assert_eq!(sessions.apply(request(3, 1)), Seen::First);
    }

    #[test]
    fn requests_the_client_has_answers_to_are_forgotten_and_their_copies_change_nothing() {
        let mut sessions = ClientSessions::default();
        for id in 1..=3 {
            assert_eq!(sessions.apply(request(id, 1)), Seen::First);
        }
        // Request 4 was sent when 1 and 2 were answered.
        assert_eq!(sessions.apply(request(4, 3)), Seen::First);
        assert_eq!(sessions.applied, [3, 4]);
        assert_eq!(sessions.apply(request(2, 1)), Seen::Answered);
        assert_eq!(sessions.apply(request(3, 1)), Seen::Again);
        // An older request's smaller mark brings nothing back.
        assert_eq!(sessions.apply(request(1, 1)), Seen::Answered);
        sessions.clear();
        assert_eq!(sessions.apply(request(1, 1)), Seen::First);
    }
}
