//! A tiny deterministic in-memory network for the paper tests: servers, their disks and the
//! messages in flight between them (in the spirit of raft-rs `harness/src/network.rs`).
//!
//! Nothing happens unless a test asks for it: messages wait in a FIFO queue until delivered,
//! virtual time moves only when a test ticks, and each server's election timer is seeded from
//! its id, so every run is the same. A crashed server is `None`: a black hole for messages.
//! After every input the harness drains the server's `Ready` and carries it out in order —
//! persist to the server's disk, queue the messages, record the applied entries — and checks
//! on the way that nothing sent depends on state not yet persisted, that at most one leader is
//! elected per term, and that no two servers apply different entries at one index.

#![allow(dead_code)] // each test file uses a different part of the harness

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use raft_core::{
    Config, Entry, EntryPayload, HardState, LogIndex, Message, MessageBody, PersistentState,
    ProposeError, RaftServer, Role, ServerId, Term, Time, TransferError,
};

/// Most messages one `deliver_all` may deliver, and most ticks one `run_until` may fire,
/// before the test is declared stuck in a loop.
pub const DELIVERY_LIMIT: usize = 100_000;

/// The seed of server `id` in its `incarnation`-th run (0 for the first start): fixed, never
/// random, and different for every server and every restart.
pub fn seed_for(seed_base: u64, id: ServerId, incarnation: u64) -> u64 {
    seed_base
        .wrapping_mul(1_000_003)
        .wrapping_add(u64::from(id) * 7_919)
        .wrapping_add(incarnation * 104_729)
}

/// A cluster of servers `1..=n` connected by an in-memory network.
pub struct Network {
    config: Config,
    members: Vec<ServerId>,
    seed_base: u64,
    servers: BTreeMap<ServerId, Option<RaftServer>>,
    disks: BTreeMap<ServerId, PersistentState>,
    incarnations: BTreeMap<ServerId, u64>,
    applied: BTreeMap<ServerId, Vec<Entry>>,
    applied_anywhere: BTreeMap<LogIndex, Entry>,
    leaders_by_term: BTreeMap<Term, ServerId>,
    in_flight: VecDeque<Message>,
    cut_links: BTreeSet<(ServerId, ServerId)>,
    now: Time,
}

impl Network {
    /// `size` servers with empty disks and the default configuration.
    pub fn new(size: usize) -> Network {
        Network::with_config(size, Config::default())
    }

    /// `size` servers with empty disks.
    pub fn with_config(size: usize, config: Config) -> Network {
        Network::from_disks(config, vec![PersistentState::default(); size], 0)
    }

    /// One server per disk (server `i + 1` starts from `disks[i]`), seeds derived from
    /// `seed_base`.
    pub fn from_disks(config: Config, disks: Vec<PersistentState>, seed_base: u64) -> Network {
        let members: Vec<ServerId> = (1..=disks.len() as ServerId).collect();
        let mut network = Network {
            config,
            members: members.clone(),
            seed_base,
            servers: BTreeMap::new(),
            disks: members.iter().copied().zip(disks).collect(),
            incarnations: BTreeMap::new(),
            applied: BTreeMap::new(),
            applied_anywhere: BTreeMap::new(),
            leaders_by_term: BTreeMap::new(),
            in_flight: VecDeque::new(),
            cut_links: BTreeSet::new(),
            now: 0,
        };
        for id in members {
            network.incarnations.insert(id, 0);
            network.start(id);
        }
        network
    }

    // ---- looking ----

    /// Current virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// The configuration every server runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every server's id.
    pub fn members(&self) -> &[ServerId] {
        &self.members
    }

    /// Server `id`; panics if it is crashed.
    pub fn server(&self, id: ServerId) -> &RaftServer {
        self.servers[&id]
            .as_ref()
            .unwrap_or_else(|| panic!("S{id} is crashed"))
    }

    /// True if server `id` is running.
    pub fn is_up(&self, id: ServerId) -> bool {
        self.servers[&id].is_some()
    }

    /// What server `id` has persisted.
    pub fn disk(&self, id: ServerId) -> &PersistentState {
        &self.disks[&id]
    }

    /// Entries server `id` has applied since it last (re)started, in order.
    pub fn applied(&self, id: ServerId) -> &[Entry] {
        self.applied.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The terms of server `id`'s log, index 1 first.
    pub fn log_terms(&self, id: ServerId) -> Vec<Term> {
        self.server(id)
            .log()
            .iter()
            .map(|entry| entry.term)
            .collect()
    }

    /// Running servers that are leaders.
    pub fn leaders(&self) -> Vec<ServerId> {
        self.servers
            .iter()
            .filter(|(_, server)| matches!(server, Some(s) if s.role() == Role::Leader))
            .map(|(id, _)| *id)
            .collect()
    }

    /// Messages sent and not yet delivered, oldest first.
    pub fn in_flight(&self) -> &VecDeque<Message> {
        &self.in_flight
    }

    /// Removes and returns every message in flight (for a test to inspect or deliver itself).
    pub fn take_in_flight(&mut self) -> Vec<Message> {
        self.in_flight.drain(..).collect()
    }

    // ---- inputs to servers ----

    /// Server `id` starts an election now ("time out now").
    pub fn campaign(&mut self, id: ServerId) {
        let now = self.now;
        self.server_mut(id).campaign(now);
        self.collect(id);
    }

    /// A client proposes `command` to server `id`.
    pub fn propose(&mut self, id: ServerId, command: &str) -> Result<LogIndex, ProposeError> {
        let now = self.now;
        let result = self.server_mut(id).propose(command.to_string(), now);
        self.collect(id);
        result
    }

    /// Asks server `id` to hand leadership over to `to`.
    pub fn transfer_leadership(&mut self, id: ServerId, to: ServerId) -> Result<(), TransferError> {
        let now = self.now;
        let result = self.server_mut(id).transfer_leadership(to, now);
        self.collect(id);
        result
    }

    /// Puts a (hand-made) message in flight.
    pub fn send(&mut self, message: Message) {
        self.in_flight.push_back(message);
    }

    /// Delivers one message now, unless its link is cut or its receiver is crashed. Returns
    /// true if it was delivered.
    pub fn deliver(&mut self, message: Message) -> bool {
        if self.cut_links.contains(&(message.from, message.to)) {
            return false;
        }
        let to = message.to;
        let now = self.now;
        match self.servers.get_mut(&to) {
            Some(Some(server)) => server.handle_message(message, now),
            _ => return false,
        }
        self.collect(to);
        true
    }

    /// Delivers messages in flight, oldest first, until none is left (replies included).
    pub fn deliver_all(&mut self) {
        self.deliver_all_with(Some);
    }

    /// Like `deliver_all`, but each message first goes through `network`, which may drop it
    /// (`None`) or change it.
    pub fn deliver_all_with(&mut self, mut network: impl FnMut(Message) -> Option<Message>) {
        for _ in 0..DELIVERY_LIMIT {
            let Some(message) = self.in_flight.pop_front() else {
                return;
            };
            if let Some(message) = network(message) {
                self.deliver(message);
            }
        }
        panic!("messages still in flight after {DELIVERY_LIMIT} deliveries: a message loop?");
    }

    /// The earliest deadline of any running server.
    pub fn next_deadline(&self) -> Time {
        self.servers
            .values()
            .flatten()
            .map(RaftServer::next_deadline)
            .min()
            .expect("no server is running")
    }

    /// Advances time to the earliest deadline of any running server and fires every timer due
    /// then. Returns the servers whose timers fired.
    pub fn tick(&mut self) -> Vec<ServerId> {
        self.now = self.now.max(self.next_deadline());
        let now = self.now;
        let due: Vec<ServerId> = self
            .servers
            .iter()
            .filter(|(_, server)| matches!(server, Some(s) if s.next_deadline() <= now))
            .map(|(id, _)| *id)
            .collect();
        for &id in &due {
            self.server_mut(id).handle_timeout(now);
            self.collect(id);
        }
        due
    }

    /// Advances time to server `id`'s next deadline (if later than now) and fires its timers
    /// only; the other servers' due timers fire when they are next ticked.
    pub fn tick_server(&mut self, id: ServerId) {
        self.now = self.now.max(self.server(id).next_deadline());
        let now = self.now;
        self.server_mut(id).handle_timeout(now);
        self.collect(id);
    }

    /// Delivers and ticks until `done` holds (true) or the next deadline is after `until`
    /// (false).
    pub fn run_until(&mut self, until: Time, mut done: impl FnMut(&Network) -> bool) -> bool {
        for _ in 0..DELIVERY_LIMIT {
            self.deliver_all();
            if done(self) {
                return true;
            }
            if self.next_deadline() > until {
                return false;
            }
            self.tick();
        }
        panic!("{DELIVERY_LIMIT} ticks without reaching {until} µs: a timer that never advances?");
    }

    /// Delivers and ticks until virtual time reaches `until` (panics if the run stops short).
    pub fn run_to(&mut self, until: Time) {
        let stopped_early = self.run_until(until, |_| false);
        assert!(!stopped_early);
    }

    /// Elects server `id`: it campaigns and every message is delivered. Panics if it loses.
    pub fn elect(&mut self, id: ServerId) {
        self.campaign(id);
        self.deliver_all();
        assert_eq!(
            self.server(id).role(),
            Role::Leader,
            "S{id} failed to win an election"
        );
    }

    // ---- faults ----

    /// Crashes server `id`: its volatile state is gone; messages to it are lost.
    pub fn crash(&mut self, id: ServerId) {
        self.servers.insert(id, None);
        self.applied.remove(&id);
    }

    /// Restarts server `id` from its disk alone.
    pub fn restart(&mut self, id: ServerId) {
        assert!(!self.is_up(id), "S{id} is already running");
        *self.incarnations.get_mut(&id).unwrap() += 1;
        self.start(id);
    }

    /// Cuts the links between `a` and `b`, both ways.
    pub fn cut(&mut self, a: ServerId, b: ServerId) {
        self.cut_links.insert((a, b));
        self.cut_links.insert((b, a));
    }

    /// Cuts every link to and from `id`.
    pub fn isolate(&mut self, id: ServerId) {
        for other in self.members.clone() {
            if other != id {
                self.cut(id, other);
            }
        }
    }

    /// Restores every link.
    pub fn heal(&mut self) {
        self.cut_links.clear();
    }

    // ---- internals ----

    fn server_mut(&mut self, id: ServerId) -> &mut RaftServer {
        self.servers
            .get_mut(&id)
            .and_then(Option::as_mut)
            .unwrap_or_else(|| panic!("S{id} is crashed"))
    }

    fn start(&mut self, id: ServerId) {
        let seed = seed_for(self.seed_base, id, self.incarnations[&id]);
        let server = RaftServer::new(
            id,
            &self.members,
            self.config.clone(),
            self.disks[&id].clone(),
            seed,
            self.now,
        );
        self.servers.insert(id, Some(server));
        self.applied.insert(id, Vec::new());
        self.collect(id);
    }

    /// Carries out server `id`'s `Ready`: persist, then send, then apply.
    fn collect(&mut self, id: ServerId) {
        let server = self.servers.get_mut(&id).and_then(Option::as_mut).unwrap();
        let ready = server.ready();
        let (role, term) = (server.role(), server.current_term());
        let disk = self.disks.get_mut(&id).unwrap();
        disk.persist(&ready);
        for message in &ready.messages {
            check_persisted_before_sent(id, disk, message);
        }
        if role == Role::Leader {
            let leader = *self.leaders_by_term.entry(term).or_insert(id);
            assert_eq!(
                leader, id,
                "Election Safety: S{leader} and S{id} both lead term {term}"
            );
        }
        self.in_flight.extend(ready.messages);
        let applied = self.applied.entry(id).or_default();
        for entry in ready.committed {
            assert_eq!(
                entry.index,
                applied.len() as LogIndex + 1,
                "S{id} applied out of order"
            );
            let first = self
                .applied_anywhere
                .entry(entry.index)
                .or_insert_with(|| entry.clone());
            assert_eq!(
                *first, entry,
                "State Machine Safety: S{id} applied a different entry at index {}",
                entry.index
            );
            applied.push(entry);
        }
    }
}

/// Panics if `message` from `id` depends on something `disk` does not yet hold.
fn check_persisted_before_sent(id: ServerId, disk: &PersistentState, message: &Message) {
    assert_eq!(
        message.from, id,
        "S{id} sent a message claiming to be from S{}",
        message.from
    );
    let persisted_term = disk.hard_state.current_term;
    match &message.body {
        // PreVote carries the term it proposes, one past the persisted one; a granted pre-vote
        // carries the proposer's term, later than the persisted one.
        MessageBody::PreVote { .. } => assert_eq!(
            message.term,
            persisted_term + 1,
            "S{id} asked for pre-votes for term {} with term {persisted_term} persisted",
            message.term
        ),
        MessageBody::PreVoteReply { vote_granted: true } => assert!(
            message.term > persisted_term,
            "S{id} granted a pre-vote for term {} with term {persisted_term} persisted",
            message.term
        ),
        _ => assert_eq!(
            message.term, persisted_term,
            "S{id} sent a message of term {} with term {persisted_term} persisted",
            message.term
        ),
    }
    match &message.body {
        MessageBody::RequestVote { .. } => assert_eq!(
            disk.hard_state.voted_for,
            Some(id),
            "S{id} asked for votes before persisting its vote for itself"
        ),
        MessageBody::RequestVoteReply { vote_granted: true } => assert_eq!(
            disk.hard_state.voted_for,
            Some(message.to),
            "S{id} granted a vote to S{} before persisting it",
            message.to
        ),
        MessageBody::AppendEntriesReply {
            success: true,
            match_index,
            ..
        } => assert!(
            disk.log.len() as LogIndex >= *match_index,
            "S{id} acknowledged index {match_index} with {} entries persisted",
            disk.log.len()
        ),
        _ => {}
    }
}

// ---- building logs and messages by hand ----

/// The entry a test log holds at `index` in `term` (a command naming both, so entries of
/// different terms at one index differ).
pub fn entry(index: LogIndex, term: Term) -> Entry {
    Entry {
        index,
        term,
        payload: EntryPayload::Command(format!("i{index}t{term}").into()),
    }
}

/// A log whose entry `i + 1` has term `terms[i]`.
pub fn log_with_terms(terms: &[Term]) -> Vec<Entry> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &term)| entry(i as LogIndex + 1, term))
        .collect()
}

/// A disk holding term `current_term`, no vote, and a log with the given terms.
pub fn disk_with(current_term: Term, terms: &[Term]) -> PersistentState {
    PersistentState {
        hard_state: HardState {
            current_term,
            voted_for: None,
        },
        log: log_with_terms(terms),
    }
}

/// A RequestVote from `from` to `to`.
pub fn request_vote(
    from: ServerId,
    to: ServerId,
    term: Term,
    last_log_index: LogIndex,
    last_log_term: Term,
) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::RequestVote {
            last_log_index,
            last_log_term,
            leadership_transfer: false,
        },
    }
}

/// A RequestVoteReply from `from` to `to`.
pub fn vote_reply(from: ServerId, to: ServerId, term: Term, vote_granted: bool) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::RequestVoteReply { vote_granted },
    }
}

/// A PreVote from `from` to `to`, asking about `term`.
pub fn pre_vote(
    from: ServerId,
    to: ServerId,
    term: Term,
    last_log_index: LogIndex,
    last_log_term: Term,
) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::PreVote {
            last_log_index,
            last_log_term,
        },
    }
}

/// A PreVoteReply from `from` to `to`.
pub fn pre_vote_reply(from: ServerId, to: ServerId, term: Term, vote_granted: bool) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::PreVoteReply { vote_granted },
    }
}

/// An AppendEntries from `from` to `to` carrying `entries` after (`prev_log_index`,
/// `prev_log_term`).
pub fn append_entries(
    from: ServerId,
    to: ServerId,
    term: Term,
    (prev_log_index, prev_log_term): (LogIndex, Term),
    entries: Vec<Entry>,
    leader_commit: LogIndex,
) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        },
    }
}

/// A successful AppendEntriesReply from `from` to `to`.
pub fn append_reply(from: ServerId, to: ServerId, term: Term, match_index: LogIndex) -> Message {
    Message {
        from,
        to,
        term,
        body: MessageBody::AppendEntriesReply {
            success: true,
            match_index,
            conflict_term: None,
            conflict_index: 0,
        },
    }
}

/// True if `message` is an AppendEntries.
pub fn is_append(message: &Message) -> bool {
    matches!(message.body, MessageBody::AppendEntries { .. })
}

/// True if `message` is a RequestVote.
pub fn is_request_vote(message: &Message) -> bool {
    matches!(message.body, MessageBody::RequestVote { .. })
}

/// The only message in `messages`; panics if there are none or several.
pub fn only(messages: Vec<Message>) -> Message {
    assert_eq!(
        messages.len(),
        1,
        "expected exactly one message, got {messages:#?}"
    );
    messages.into_iter().next().unwrap()
}
