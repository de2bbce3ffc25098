//! The client (address 0): sends each command to the server it believes leads, follows
//! redirects, waits when no leader is known, retries on silence, and records every request's
//! call time, return time and result for linearizability checking.
//!
//! The client only decides; the simulation carries its decisions out (sends the message and
//! schedules the retry timer).

use crate::config::us_to_ms;
use crate::kv::KvOutput;
use crate::sorted_map::SortedMap;
use crate::state::RequestState;
use crate::trace::RetryReason;
use raft_core::{ClientRequest, Command, ServerId, Time};
use std::fmt;
use std::ops::Deref;

/// How long the client waits for any answer before trying the next server (virtual µs).
pub const CLIENT_TIMEOUT_US: Time = 300_000;
/// How long the client waits after "no leader known" before trying the next server (virtual µs).
pub const NO_LEADER_WAIT_US: Time = 50_000;

/// One request in the client's history: what linearizability checkers read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Request id, from 1.
    pub id: u64,
    /// The command in canonical form, e.g. "set x 1".
    pub command: SharedCommand,
    /// When the client issued it (virtual µs).
    pub call_time: Time,
    /// When the client received its result (virtual µs); `None` while unanswered.
    pub return_time: Option<Time>,
    /// The result; `None` while unanswered.
    pub output: Option<KvOutput>,
    /// The server whose answer completed it.
    pub answered_by: Option<ServerId>,
}

/// A request's command, shared (not copied) with the log entries that carry it and with
/// every copy of the simulation (time travel keeps many). Reads as a `&str`; compares, prints and
/// serializes like one.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedCommand(pub(crate) Command);

impl SharedCommand {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.text()
    }

    /// The command for a log entry: a reference count bumped, nothing copied.
    pub(crate) fn shared(&self) -> Command {
        self.0.clone()
    }
}

impl Deref for SharedCommand {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.text()
    }
}

impl PartialEq<str> for SharedCommand {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedCommand {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for SharedCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for SharedCommand {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// What the client is doing with an unanswered request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Sent; no answer yet.
    Sending,
    /// A server knew no leader; waiting before trying the next one.
    WaitingForLeader,
    /// A leader appended it to its log; waiting for it to commit and apply.
    AwaitingCommit,
}

impl Status {
    fn describe(self) -> &'static str {
        match self {
            Status::Sending => "sending",
            Status::WaitingForLeader => "waiting for leader",
            Status::AwaitingCommit => "awaiting commit",
        }
    }
}

#[derive(Clone, Debug)]
struct Open {
    target: ServerId,
    attempt: u32,
    status: Status,
    /// Servers that left an attempt of this request unanswered (bit `id`): the client does not
    /// follow the next redirect back to one of them (it tries the next server instead, once),
    /// or a leader cut off with one follower could bounce the request between the two for
    /// ever. Cleared once every server is in it.
    silent: u16,
}

fn bit(id: ServerId) -> u16 {
    1 << id
}

/// A request to put on the wire: its `attempt`-th sending, to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    pub request: u64,
    pub attempt: u32,
    pub to: ServerId,
}

/// What the client does about an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reaction {
    /// Nothing: a stale or duplicate answer.
    Ignore,
    /// The request is complete; `latency` since it was issued.
    Completed { latency: Time },
    /// Send again at once (redirect with a hint).
    Resend(Outgoing),
    /// Wait until `until`, then retry this attempt (no leader known).
    Wait { until: Time, attempt: u32 },
}

/// The client's state.
#[derive(Clone, Debug)]
pub(crate) struct Client {
    servers: u32,
    /// The last leader the client learned of.
    leader_guess: Option<ServerId>,
    /// Next server to try when no leader is known (rotates).
    next_try: ServerId,
    /// Every request ever issued; `history[i]` has id `i + 1`.
    history: Vec<RequestRecord>,
    /// Unanswered requests by id.
    open: SortedMap<u64, Open>,
}

impl Client {
    pub fn new(servers: u32) -> Client {
        Client {
            servers,
            leader_guess: None,
            next_try: 1,
            history: Vec::new(),
            open: SortedMap::new(),
        }
    }

    /// Records a new request and decides where to send it first: to `to` if given, else to
    /// the server the client believes leads (or the next one to try).
    pub fn issue(&mut self, command: String, now: Time, to: Option<ServerId>) -> Outgoing {
        let id = self.history.len() as u64 + 1;
        let answered_below = self.open.first_key().copied().unwrap_or(id);
        let request = ClientRequest { id, answered_below };
        self.history.push(RequestRecord {
            id,
            command: SharedCommand(Command::for_request(command, request)),
            call_time: now,
            return_time: None,
            output: None,
            answered_by: None,
        });
        let to = to.unwrap_or_else(|| self.target(0));
        self.open.insert(
            id,
            Open {
                target: to,
                attempt: 1,
                status: Status::Sending,
                silent: 0,
            },
        );
        Outgoing {
            request: id,
            attempt: 1,
            to,
        }
    }

    /// The command of a request, shared.
    pub fn command(&self, request: u64) -> Command {
        self.record(request).command.shared()
    }

    /// A leader appended this attempt to its log.
    pub fn mark_accepted(&mut self, request: u64, attempt: u32) {
        if let Some(open) = self.open.get_mut(&request) {
            if open.attempt == attempt {
                open.status = Status::AwaitingCommit;
            }
        }
    }

    /// The result of a request arrived from `from`.
    pub fn on_result(
        &mut self,
        request: u64,
        from: ServerId,
        output: KvOutput,
        now: Time,
    ) -> Reaction {
        if self.open.remove(&request).is_none() {
            return Reaction::Ignore;
        }
        self.leader_guess = Some(from);
        let record = &mut self.history[(request - 1) as usize];
        record.return_time = Some(now);
        record.output = Some(output);
        record.answered_by = Some(from);
        Reaction::Completed {
            latency: now - record.call_time,
        }
    }

    /// `from` is not the leader; it believes `leader_hint` is.
    pub fn on_redirect(
        &mut self,
        request: u64,
        attempt: u32,
        from: ServerId,
        leader_hint: Option<ServerId>,
        now: Time,
    ) -> Reaction {
        let Some(open) = self.open.get_mut(&request) else {
            return Reaction::Ignore;
        };
        if open.attempt != attempt {
            return Reaction::Ignore;
        }
        let silent = open.silent;
        match leader_hint {
            Some(hint) if hint != from && hint >= 1 && hint <= self.servers => {
                // A hint to a server that already left this request unanswered is stale for
                // the client's purpose: try the next server instead.
                let to = if silent & bit(hint) == 0 {
                    self.leader_guess = Some(hint);
                    hint
                } else {
                    next_not_in(from % self.servers + 1, self.servers, silent | bit(from))
                };
                let open = self.open.get_mut(&request).expect("checked above");
                // Skip it once only: it may have recovered (and become leader again) since.
                open.silent &= !bit(hint);
                open.attempt += 1;
                open.target = to;
                open.status = Status::Sending;
                Reaction::Resend(Outgoing {
                    request,
                    attempt: open.attempt,
                    to,
                })
            }
            _ => {
                open.status = Status::WaitingForLeader;
                if self.leader_guess == Some(from) {
                    self.leader_guess = None;
                }
                self.next_try = from % self.servers + 1;
                Reaction::Wait {
                    until: now + NO_LEADER_WAIT_US,
                    attempt,
                }
            }
        }
    }

    /// The wait of `attempt` is over: if it is still the current attempt, send again.
    pub fn on_retry_timer(
        &mut self,
        request: u64,
        attempt: u32,
    ) -> Option<(Outgoing, RetryReason)> {
        let open = self.open.get(&request)?;
        if open.attempt != attempt {
            return None;
        }
        let mut silent = open.silent;
        let reason = if open.status == Status::WaitingForLeader {
            RetryReason::NoLeaderKnown
        } else {
            // Silence: the target is crashed, cut off, or its leadership ended.
            if self.leader_guess == Some(open.target) {
                self.leader_guess = None;
            }
            self.next_try = open.target % self.servers + 1;
            silent |= bit(open.target);
            if silent.count_ones() >= self.servers {
                silent = 0; // everyone was silent once: start over
            }
            RetryReason::NoAnswer
        };
        let to = self.target(silent);
        let open = self.open.get_mut(&request)?;
        open.silent = silent;
        open.attempt += 1;
        open.target = to;
        open.status = Status::Sending;
        Some((
            Outgoing {
                request,
                attempt: open.attempt,
                to,
            },
            reason,
        ))
    }

    /// True if `attempt` is the current attempt of an unanswered request: its retry timer
    /// still matters.
    pub fn is_current(&self, request: u64, attempt: u32) -> bool {
        self.open
            .get(&request)
            .is_some_and(|open| open.attempt == attempt)
    }

    /// Every request issued so far, in id order.
    pub fn history(&self) -> &[RequestRecord] {
        &self.history
    }

    /// Unanswered requests, oldest first, as `state()` shows them.
    pub fn open_states(&self) -> Vec<RequestState> {
        self.open
            .iter()
            .map(|(&id, open)| {
                let record = self.record(id);
                RequestState {
                    id,
                    command: record.command.to_string(),
                    sent_ms: us_to_ms(record.call_time),
                    target: Some(open.target),
                    attempts: open.attempt,
                    status: open.status.describe().to_string(),
                }
            })
            .collect()
    }

    fn record(&self, request: u64) -> &RequestRecord {
        &self.history[(request - 1) as usize]
    }

    /// Where to send a request next: the leader the client believes in, unless it left this
    /// request unanswered, else the next server in rotation that did not.
    fn target(&self, silent: u16) -> ServerId {
        match self.leader_guess {
            Some(guess) if silent & bit(guess) == 0 => guess,
            _ => next_not_in(self.next_try, self.servers, silent),
        }
    }
}

/// The first server from `start` on (wrapping around) that is not in `skip`; `start` itself if
/// every server is.
fn next_not_in(start: ServerId, servers: u32, skip: u16) -> ServerId {
    (0..servers)
        .map(|offset| (start - 1 + offset) % servers + 1)
        .find(|&id| skip & bit(id) == 0)
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_s1_first_then_follows_a_hint() {
        let mut client = Client::new(5);
        let first = client.issue("set x 1".to_string(), 0, None);
        assert_eq!(first.to, 1);
        let reaction = client.on_redirect(first.request, 1, 1, Some(3), 10);
        assert_eq!(
            reaction,
            Reaction::Resend(Outgoing {
                request: 1,
                attempt: 2,
                to: 3
            })
        );
        // A stale redirect for attempt 1 changes nothing.
        assert_eq!(client.on_redirect(1, 1, 2, None, 11), Reaction::Ignore);
        assert_eq!(
            client.on_result(1, 3, KvOutput::Ok, 40),
            Reaction::Completed { latency: 40 }
        );
        assert!(client.open_states().is_empty());
        // The next request goes straight to the leader it learned of.
        assert_eq!(client.issue("get x".to_string(), 50, None).to, 3);
    }

    #[test]
    fn waits_without_a_leader_and_rotates_on_silence() {
        let mut client = Client::new(3);
        let first = client.issue("set x 1".to_string(), 0, None);
        assert_eq!(
            client.on_redirect(1, 1, first.to, None, 10),
            Reaction::Wait {
                until: 10 + NO_LEADER_WAIT_US,
                attempt: 1
            }
        );
        assert_eq!(client.open_states()[0].status, "waiting for leader");
        let (retry, reason) = client.on_retry_timer(1, 1).unwrap();
        assert_eq!(
            (retry.to, retry.attempt, reason),
            (2, 2, RetryReason::NoLeaderKnown)
        );
        // The old attempt's timeout is stale now.
        assert_eq!(client.on_retry_timer(1, 1), None);
        let (retry, reason) = client.on_retry_timer(1, 2).unwrap();
        assert_eq!(
            (retry.to, retry.attempt, reason),
            (3, 3, RetryReason::NoAnswer)
        );
        let (retry, _) = client.on_retry_timer(1, 3).unwrap();
        assert_eq!(retry.to, 1, "rotation wraps around");
    }

    #[test]
    fn does_not_follow_a_redirect_back_to_a_server_that_left_the_request_unanswered() {
        // S1 led, then got cut off with S2, which still names S1 as leader.
        let mut client = Client::new(5);
        client.issue("set x 1".to_string(), 0, None);
        client.on_result(1, 1, KvOutput::Ok, 20);
        let request = client.issue("set x 2".to_string(), 30, None);
        assert_eq!(request.to, 1);
        let (retry, reason) = client.on_retry_timer(2, 1).unwrap();
        assert_eq!((retry.to, reason), (2, RetryReason::NoAnswer));
        // S2 redirects to S1, which was silent: the client tries S3 instead.
        assert_eq!(
            client.on_redirect(2, 2, 2, Some(1), 400),
            Reaction::Resend(Outgoing {
                request: 2,
                attempt: 3,
                to: 3
            })
        );
        // S3 knows the new leader S4: followed.
        assert_eq!(
            client.on_redirect(2, 3, 3, Some(4), 420),
            Reaction::Resend(Outgoing {
                request: 2,
                attempt: 4,
                to: 4
            })
        );
    }

    #[test]
    fn a_late_duplicate_result_is_ignored() {
        let mut client = Client::new(3);
        client.issue("set x 1".to_string(), 5, None);
        assert!(matches!(
            client.on_result(1, 1, KvOutput::Ok, 30),
            Reaction::Completed { latency: 25 }
        ));
        assert_eq!(client.on_result(1, 2, KvOutput::Ok, 31), Reaction::Ignore);
        let record = &client.history()[0];
        assert_eq!(
            (record.return_time, record.answered_by),
            (Some(30), Some(1))
        );
    }
}
