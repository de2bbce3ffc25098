//! `Simulation`: the cluster, its network and its clients, advanced event by event.
//!
//! Every input to a server is followed by the same steps, in the order the core demands: drain
//! `ready()`, persist it to the server's disk, send its messages (each with a latency drawn from
//! the one seeded RNG), apply its committed entries to the key-value store (answering clients
//! whose requests this server appended as leader), and reschedule the server's timer.
//!
//! What can be read from it without changing it is in `simulation/views.rs`.

mod broken_rules;
mod checking;
mod extensions;
mod faults;
mod leadership_transfer;
mod parsed_commands;
mod views;

use crate::checkers::{Checkers, Observation, Violation};
use crate::client::{Client, Outgoing, Reaction, CLIENT_TIMEOUT_US};
use crate::config::{SimConfig, SimError};
use crate::kv::{KvCommand, KvOutput};
use crate::network::{ClientAnswer, InFlight, Network, Payload, CLIENT};
use crate::node::{Node, Proposal};
use crate::queue::{Event, EventQueue};
use crate::sessions::Seen;
use crate::trace::{DropReason, RetryReason};
use crate::vanishing::Vanishing;
use parsed_commands::ParsedCommands;
use raft_core::{
    Entry, EntryPayload, PersistentState, ProposeError, RaftServer, Role, SeededRng, ServerId,
    Time, UnsafeRules,
};

pub use views::KV_TAIL_PAIRS;

/// One event the simulation processed, as recorded in the trace.
pub use crate::trace::{Trace, TraceEvent};

/// A deterministic simulated Raft cluster. Cheap to clone (time travel keeps checkpoints).
#[derive(Clone)]
pub struct Simulation {
    config: SimConfig,
    raft_config: raft_core::Config,
    members: Vec<ServerId>,
    /// Latency, faults and links (see `simulation/faults.rs`).
    network: Network,
    now: Time,
    /// The one source of randomness: message latencies and every server's boot seed.
    rng: SeededRng,
    queue: EventQueue,
    /// Messages dropped as they were sent, kept for drawing until they would have arrived.
    vanishing: Vanishing,
    /// `nodes[i]` is server `i + 1`.
    nodes: Vec<Node>,
    client: Client,
    trace: Trace,
    next_message_id: u64,
    events_processed: u64,
    /// The safety checkers, on by default (see `simulation/checking.rs`).
    checkers: Option<Checkers>,
    /// The first violation they found, and the safety rules the servers broke at that moment.
    violation: Option<(Violation, UnsafeRules)>,
    /// Each committed command is parsed once, not once per server.
    parsed_commands: ParsedCommands,
}

impl Simulation {
    /// Builds a cluster of `config.servers` followers at virtual time 0.
    pub fn new(config: SimConfig) -> Result<Simulation, SimError> {
        config.validate()?;
        let mut rng = SeededRng::new(config.seed);
        let raft_config = config.raft_config();
        let members: Vec<ServerId> = (1..=config.servers).collect();
        let nodes = members
            .iter()
            .map(|&id| {
                let boot_seed = rng.next_u64();
                let server = RaftServer::new(
                    id,
                    &members,
                    raft_config.clone(),
                    PersistentState::default(),
                    boot_seed,
                    0,
                );
                Node::new(id, server)
            })
            .collect();
        let mut simulation = Simulation {
            network: Network::new(config.network()),
            checkers: Some(Checkers::new(config.servers)),
            violation: None,
            client: Client::new(config.servers),
            config,
            raft_config,
            members,
            now: 0,
            rng,
            queue: EventQueue::default(),
            vanishing: Vanishing::default(),
            nodes,
            trace: Trace::default(),
            next_message_id: 1,
            events_processed: 0,
            parsed_commands: ParsedCommands::default(),
        };
        for index in 0..simulation.nodes.len() {
            simulation.after_input(index);
        }
        simulation.settle();
        Ok(simulation)
    }

    /// The settings the simulation was built with.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// Current virtual time (microseconds).
    pub fn now(&self) -> Time {
        self.now
    }

    /// Time of the next pending event, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.peek_time()
    }

    /// Processes the next event (moving `now` to its time) and returns what happened; `None`
    /// if nothing is pending. Every pending event is visible: internal bookkeeping (a timer
    /// whose deadline moved, a retry timer of an answered request) is settled beforehand.
    pub fn step(&mut self) -> Option<TraceEvent> {
        let (time, event) = self.queue.pop()?;
        let what = self.process(time, event);
        self.settle();
        what
    }

    /// Processes every event due at or before `until`, then sets `now` to `until` (time never
    /// goes backwards: an earlier `until` does nothing).
    pub fn run_until(&mut self, until: Time) {
        while self.queue.peek_time().is_some_and(|time| time <= until) {
            self.step();
        }
        self.now = self.now.max(until);
    }

    /// Crashes a server: its volatile state is lost and messages to it are dropped.
    pub fn crash(&mut self, id: u32) -> Result<(), SimError> {
        let index = self.index_of(id)?;
        if self.nodes[index].server.is_none() {
            return Err(SimError::InvalidAction(format!("S{id} is already crashed")));
        }
        self.nodes[index].crash();
        if let Some(checkers) = self.checkers.as_mut() {
            checkers.crash(id);
        }
        self.trace.record(TraceEvent::Crash {
            time: self.now,
            server: id,
        });
        self.settle();
        Ok(())
    }

    /// Restarts a crashed server from what it persisted.
    pub fn restart(&mut self, id: u32) -> Result<(), SimError> {
        let index = self.index_of(id)?;
        if self.nodes[index].server.is_some() {
            return Err(SimError::InvalidAction(format!(
                "S{id} is running; only a crashed server can restart"
            )));
        }
        let boot_seed = self.rng.next_u64();
        let server = RaftServer::new(
            id,
            &self.members,
            self.raft_config.clone(),
            self.nodes[index].disk.clone(),
            boot_seed,
            self.now,
        );
        self.nodes[index].restart(server);
        self.trace.record(TraceEvent::Restart {
            time: self.now,
            server: id,
        });
        self.after_input(index);
        self.settle();
        Ok(())
    }

    /// Makes a server's election timer fire now.
    pub fn timeout_now(&mut self, id: u32) -> Result<(), SimError> {
        let index = self.index_of(id)?;
        let now = self.now;
        let Some(server) = self.nodes[index].server.as_mut() else {
            return Err(SimError::InvalidAction(format!(
                "S{id} is crashed; restart it before timing it out"
            )));
        };
        if server.role() == Role::Leader {
            return Err(SimError::InvalidAction(format!(
                "S{id} is the leader; only a follower or candidate has an election timer"
            )));
        }
        server.campaign(now);
        let term = server.current_term();
        let what = pre_election(server, now, true).unwrap_or(TraceEvent::TimeoutNow {
            time: now,
            server: id,
            term,
        });
        self.trace.record(what);
        self.after_input(index);
        self.settle();
        Ok(())
    }

    /// A client sends a command (e.g. "set x 1") to the server it believes leads; returns the
    /// request id.
    pub fn client_request(&mut self, command: &str) -> Result<u64, SimError> {
        self.client_request_to(command, None)
    }

    /// A client sends a command first to server `to` (a follower redirects it, a crashed server
    /// loses it and the client retries elsewhere), or, with `None`, to the server it believes
    /// leads. Returns the request id.
    pub fn client_request_to(&mut self, command: &str, to: Option<u32>) -> Result<u64, SimError> {
        if let Some(id) = to {
            self.index_of(id)?;
        }
        let parsed = KvCommand::parse(command).map_err(SimError::InvalidAction)?;
        let outgoing = self.client.issue(parsed.canonical(), self.now, to);
        self.trace.record(TraceEvent::ClientRequest {
            time: self.now,
            request: outgoing.request,
        });
        self.send_request(outgoing);
        self.settle();
        Ok(outgoing.request)
    }

    // ---- events ----

    /// Carries out one queue event; returns the trace event that sums it up, if any.
    fn process(&mut self, time: Time, event: Event) -> Option<TraceEvent> {
        debug_assert!(time >= self.now, "events are never scheduled in the past");
        self.now = time;
        self.events_processed += 1;
        match event {
            Event::Deliver(message) => Some(self.deliver(message)),
            Event::Timer { server } => self.fire_timer(server),
            Event::ClientRetry { request, attempt } => {
                let (outgoing, reason) = self.client.on_retry_timer(request, attempt)?;
                Some(self.retry(outgoing, reason))
            }
        }
    }

    /// Removes or reschedules internal events at the head of the queue until the head is an
    /// event that does something visible: stale timer events, timers whose deadline moved
    /// later, and retry timers of attempts that no longer matter. Inlined for the usual case,
    /// a message at the head, which needs nothing.
    #[inline(always)]
    fn settle(&mut self) {
        if matches!(self.queue.peek(), None | Some((_, Event::Deliver(_)))) {
            return;
        }
        self.settle_internal_events();
    }

    /// `settle` when the head is a timer or a client retry.
    fn settle_internal_events(&mut self) {
        while let Some((time, event)) = self.queue.peek() {
            match *event {
                Event::Deliver(_) => return,
                Event::Timer { server } => {
                    let index = (server - 1) as usize;
                    let node = &self.nodes[index];
                    let due = node.timer_at == Some(time)
                        && node
                            .server
                            .as_ref()
                            .is_some_and(|raft| raft.next_deadline() <= time);
                    if due {
                        return;
                    }
                    let superseded = node.timer_at != Some(time);
                    self.queue.pop();
                    if !superseded {
                        self.nodes[index].timer_at = None;
                        self.schedule_timer(index);
                    }
                }
                Event::ClientRetry { request, attempt } => {
                    if self.client.is_current(request, attempt) {
                        return;
                    }
                    self.queue.pop();
                }
            }
        }
    }

    fn fire_timer(&mut self, id: ServerId) -> Option<TraceEvent> {
        let index = (id - 1) as usize;
        let now = self.now;
        let node = &mut self.nodes[index];
        if node.timer_at != Some(now) {
            return None; // superseded by an earlier timer event
        }
        node.timer_at = None;
        let server = node.server.as_mut()?;
        if server.next_deadline() > now {
            self.schedule_timer(index); // the deadline moved later
            return None;
        }
        let role = server.role();
        server.handle_timeout(now);
        let what = pre_election(server, now, false).unwrap_or(TraceEvent::Timeout {
            time: now,
            server: id,
            role,
            term: server.current_term(),
        });
        self.trace.record(what);
        self.after_input(index);
        Some(what)
    }

    fn deliver(&mut self, message: InFlight) -> TraceEvent {
        let (id, from, to, kind) = (message.id, message.from, message.to, message.kind());
        let time = self.now;
        if to == CLIENT {
            let what = TraceEvent::Deliver {
                time,
                message: id,
                from,
                to,
                kind,
            };
            self.trace.record(what);
            self.client_receives(from, message.payload);
            return what;
        }
        let index = (to - 1) as usize;
        let node = &self.nodes[index];
        let drop_reason = if node.server.is_none() || node.incarnation != message.to_incarnation {
            Some(DropReason::ReceiverCrashed)
        } else {
            self.network.links.blocked(from, to) // cut or partitioned while in flight
        };
        if let Some(reason) = drop_reason {
            let what = TraceEvent::Drop {
                time,
                message: id,
                from,
                to,
                kind,
                reason,
            };
            self.trace.record(what);
            return what;
        }
        let what = TraceEvent::Deliver {
            time,
            message: id,
            from,
            to,
            kind,
        };
        self.trace.record(what);
        match message.payload {
            Payload::Raft(raft_message) => {
                if let Some(server) = self.nodes[index].server.as_mut() {
                    server.handle_message(raft_message, time);
                }
                self.after_input(index);
            }
            Payload::ClientRequest { request, attempt } => {
                self.server_receives_request(index, request, attempt)
            }
            Payload::ClientReply { .. } => unreachable!("client replies go to the client"),
        }
        what
    }

    /// A client request reaches a running server: a leader appends it, anyone else redirects.
    fn server_receives_request(&mut self, index: usize, request: u64, attempt: u32) {
        let now = self.now;
        let command = self.client.command(request);
        let node = &mut self.nodes[index];
        let id = node.id;
        let Some(server) = node.server.as_mut() else {
            return;
        };
        // A retry of a request this leader appended in its current term: that entry is still on
        // its way to commit (the client only timed out), so it is not appended again; the
        // answer goes to the latest attempt.
        if server.role() == Role::Leader {
            let term = server.current_term();
            if let Some(pending) = node
                .proposals
                .values_mut()
                .find(|proposal| proposal.request == request && proposal.term == term)
            {
                pending.attempt = attempt;
                self.client.mark_accepted(request, attempt);
                return;
            }
        }
        match server.propose_command(command, now) {
            Ok(entry_index) => {
                let term = server.current_term();
                node.proposals.insert(
                    entry_index,
                    Proposal {
                        term,
                        request,
                        attempt,
                    },
                );
                self.trace.record(TraceEvent::Propose {
                    time: now,
                    server: id,
                    request,
                    index: entry_index,
                    term,
                });
                self.client.mark_accepted(request, attempt);
                self.after_input(index);
            }
            // A leader handing leadership over takes no commands: the client waits, as when no
            // leader is known, and tries again.
            Err(error) => {
                let leader_hint = match error {
                    ProposeError::NotLeader { leader_hint } => leader_hint,
                    ProposeError::TransferringLeadership { .. } => None,
                };
                let answer = ClientAnswer::Redirect { leader_hint };
                self.send(
                    id,
                    CLIENT,
                    Payload::ClientReply {
                        request,
                        attempt,
                        answer,
                    },
                );
            }
        }
    }

    fn client_receives(&mut self, from: ServerId, payload: Payload) {
        let Payload::ClientReply {
            request,
            attempt,
            answer,
        } = payload
        else {
            unreachable!("only replies are addressed to the client");
        };
        let now = self.now;
        let reaction = match answer {
            ClientAnswer::Done(output) => self.client.on_result(request, from, output, now),
            ClientAnswer::Redirect { leader_hint } => {
                self.client
                    .on_redirect(request, attempt, from, leader_hint, now)
            }
        };
        match reaction {
            Reaction::Ignore => {}
            Reaction::Completed { latency } => self.trace.record(TraceEvent::ClientReply {
                time: now,
                request,
                from,
                latency,
            }),
            Reaction::Resend(outgoing) => {
                self.retry(outgoing, RetryReason::Redirected);
            }
            Reaction::Wait { until, attempt } => {
                self.queue
                    .push(until, Event::ClientRetry { request, attempt });
            }
        }
    }

    fn retry(&mut self, outgoing: Outgoing, reason: RetryReason) -> TraceEvent {
        let what = TraceEvent::ClientRetry {
            time: self.now,
            request: outgoing.request,
            to: outgoing.to,
            attempt: outgoing.attempt,
            reason,
        };
        self.trace.record(what);
        self.send_request(outgoing);
        what
    }

    /// Puts one attempt of a request on the wire and starts the client's timeout for it.
    fn send_request(&mut self, outgoing: Outgoing) {
        self.send(
            CLIENT,
            outgoing.to,
            Payload::ClientRequest {
                request: outgoing.request,
                attempt: outgoing.attempt,
            },
        );
        self.queue.push(
            self.now + CLIENT_TIMEOUT_US,
            Event::ClientRetry {
                request: outgoing.request,
                attempt: outgoing.attempt,
            },
        );
    }

    // ---- servers ----

    /// Carries out what server `nodes[index]` asks after an input: persist, send, apply, and
    /// reschedule its timer.
    fn after_input(&mut self, index: usize) {
        let now = self.now;
        let node = &mut self.nodes[index];
        let id = node.id;
        let Some(server) = node.server.as_mut() else {
            return;
        };
        let mut ready = node.ready_buffer.take();
        server.ready_into(&mut ready);
        let (role, term, commit) = (server.role(), server.current_term(), server.commit_index());
        if let Some(to) = node.seen_transfer {
            if server.leadership_transfer() != Some(to) {
                node.seen_transfer = None;
                // Ended while still leading the same term: given up, not done.
                if role == Role::Leader && term == node.seen_role_term {
                    self.trace.record(TraceEvent::TransferGivenUp {
                        time: now,
                        leader: id,
                        to,
                        term,
                    });
                }
            }
        }
        if role != node.seen_role {
            let from = node.seen_role;
            // Only CheckQuorum makes a leader step down without a newer term.
            if from == Role::Leader && term == node.seen_role_term {
                self.trace.record(TraceEvent::QuorumLost {
                    time: now,
                    server: id,
                    term,
                });
            }
            node.seen_role = role;
            node.seen_role_term = term;
            self.trace.record(TraceEvent::RoleChange {
                time: now,
                server: id,
                from,
                to: role,
                term,
            });
        }
        // The checkers see the log change before any message leaves.
        if let Some(checkers) = self.checkers.as_mut() {
            let observation = Observation {
                server: id,
                role,
                term,
                commit_index: commit,
                last_applied: server.last_applied(),
                log_write: ready.log_write.as_ref(),
                applied: &ready.committed,
            };
            if let Some(violation) = checkers.observe(&observation, now) {
                let rules = self.raft_config.unsafe_rules;
                checking::keep_first(&mut self.trace, &mut self.violation, violation, rules);
            }
        }
        // Persisted before any message leaves; moved, not cloned, once the checkers have seen it.
        node.disk.persist_draining(&mut ready);
        for message in ready.messages.drain(..) {
            debug_assert_eq!(message.from, id);
            let to = message.to;
            self.send(id, to, Payload::Raft(message));
        }
        let node = &mut self.nodes[index];
        if commit > node.seen_commit {
            node.seen_commit = commit;
            self.trace.record(TraceEvent::Commit {
                time: now,
                server: id,
                index: commit,
                by_leader: role == Role::Leader,
            });
        }
        for entry in ready.committed.drain(..) {
            self.apply(index, entry);
        }
        self.nodes[index].ready_buffer.put_back(ready);
        self.schedule_timer(index);
    }

    /// Applies one committed entry to the server's key-value store and answers the client if
    /// this server appended the entry as leader for a request. A request applied before (a
    /// retry appended again) changes nothing the second time (client sessions, §6.3).
    fn apply(&mut self, index: usize, entry: Entry) {
        let node = &mut self.nodes[index];
        let id = node.id;
        let (output, repeat) = match &entry.payload {
            EntryPayload::Noop => (None, false),
            EntryPayload::Command(command) => {
                let seen = command
                    .request()
                    .map_or(Seen::First, |request| node.sessions.apply(request));
                let parsed = self.parsed_commands.parse(entry.index, command);
                let output = match seen {
                    Seen::Answered => None,
                    Seen::Again if parsed.as_ref().is_ok_and(KvCommand::writes) => {
                        Some(KvOutput::Ok)
                    }
                    Seen::First | Seen::Again => Some(node.kv.execute(parsed)),
                };
                (output, seen != Seen::First)
            }
        };
        // Proposals up to this index are done; the entry still holds the request only if its
        // term is the one proposed (§5.3: a later leader may have overwritten an uncommitted
        // entry).
        let answered = node
            .proposals
            .remove_through(&entry.index)
            .filter(|&(index, proposal)| index == entry.index && proposal.term == entry.term)
            .map(|(_, proposal)| proposal);
        self.trace.record(TraceEvent::Apply {
            time: self.now,
            server: id,
            index: entry.index,
            term: entry.term,
            repeat,
        });
        if let (Some(proposal), Some(output)) = (answered, output) {
            self.send(
                id,
                CLIENT,
                Payload::ClientReply {
                    request: proposal.request,
                    attempt: proposal.attempt,
                    answer: ClientAnswer::Done(output),
                },
            );
        }
    }

    /// Makes sure a timer event is pending at the server's next deadline. A deadline that moved
    /// later needs no new event: the pending one finds it early and schedules again.
    fn schedule_timer(&mut self, index: usize) {
        let now = self.now;
        let node = &mut self.nodes[index];
        let Some(server) = node.server.as_ref() else {
            return;
        };
        let deadline = server.next_deadline();
        if deadline == Time::MAX {
            return;
        }
        let at = deadline.max(now);
        if node.timer_at.is_none_or(|pending| at < pending) {
            node.timer_at = Some(at);
            let id = node.id;
            self.queue.push(at, Event::Timer { server: id });
        }
    }

    // ---- network ----

    /// Sends a message with a latency drawn from the configured range, through the network's
    /// faults (`faults.rs`).
    fn send(&mut self, from: u32, to: u32, payload: Payload) {
        let id = self.next_message_id;
        self.next_message_id += 1;
        let latency = self.network.latency(&mut self.rng);
        let to_incarnation = if to == CLIENT {
            0
        } else {
            self.nodes[(to - 1) as usize].incarnation
        };
        let message = InFlight {
            id,
            from,
            to,
            to_incarnation,
            sent_at: self.now,
            deliver_at: self.now + latency,
            duplicate_of: None,
            payload,
        };
        self.trace.record(TraceEvent::Send {
            time: self.now,
            message: id,
            from,
            to,
            kind: message.kind(),
            term: message.term(),
            entries: message.entry_count() as u32,
        });
        self.transmit(message);
    }

    // ---- servers by id ----

    fn node(&self, id: ServerId) -> Option<&Node> {
        let index = (id as usize).checked_sub(1)?;
        self.nodes.get(index)
    }

    fn index_of(&self, id: ServerId) -> Result<usize, SimError> {
        if id == 0 || id > self.config.servers {
            return Err(SimError::UnknownServer(id));
        }
        Ok((id - 1) as usize)
    }
}

/// The trace event of an election timeout (`told`: "time out now") that made `server` a
/// pre-candidate (PreVote), or `None` if it started a real election.
fn pre_election(server: &RaftServer, now: Time, told: bool) -> Option<TraceEvent> {
    (server.role() == Role::PreCandidate).then(|| TraceEvent::PreElection {
        time: now,
        server: server.id(),
        term: server.current_term() + 1,
        told,
    })
}
