//! Unit tests of `RaftServer`: single servers fed hand-made messages, and a small cluster that
//! delivers messages from a queue.

use super::*;
use crate::progress::ReplicationState;

// ---- helpers ----

fn entries_with_terms(terms: &[Term]) -> Vec<Entry> {
    terms
        .iter()
        .enumerate()
        .map(|(position, &term)| Entry {
            index: position as LogIndex + 1,
            term,
            payload: EntryPayload::Command(format!("c{}", position + 1).into()),
        })
        .collect()
}

fn persisted(term: Term, voted_for: Option<ServerId>, log_terms: &[Term]) -> PersistentState {
    PersistentState {
        hard_state: HardState {
            current_term: term,
            voted_for,
        },
        log: entries_with_terms(log_terms),
    }
}

fn start(id: ServerId, members: &[ServerId], state: PersistentState) -> RaftServer {
    RaftServer::new(id, members, Config::default(), state, id as u64, 0)
}

fn message(from: ServerId, to: ServerId, term: Term, body: MessageBody) -> Message {
    Message {
        from,
        to,
        term,
        body,
    }
}

fn append(
    prev_log_index: LogIndex,
    prev_log_term: Term,
    entries: Vec<Entry>,
    commit: LogIndex,
) -> MessageBody {
    MessageBody::AppendEntries {
        prev_log_index,
        prev_log_term,
        entries,
        leader_commit: commit,
    }
}

fn entries_from(first_index: LogIndex, terms: &[Term]) -> Vec<Entry> {
    entries_with_terms(
        &vec![0; first_index as usize - 1]
            .into_iter()
            .chain(terms.iter().copied())
            .collect::<Vec<_>>(),
    )
    .split_off(first_index as usize - 1)
}

fn log_terms(server: &RaftServer) -> Vec<Term> {
    server.log().iter().map(|entry| entry.term).collect()
}

/// Hands `body` to `server` and returns the messages it answers with.
fn step(server: &mut RaftServer, from: ServerId, term: Term, body: MessageBody) -> Vec<Message> {
    let to = server.id();
    server.handle_message(message(from, to, term, body), 0);
    server.ready().messages
}

fn single_reply(messages: Vec<Message>) -> Message {
    assert_eq!(messages.len(), 1, "expected one reply, got {messages:?}");
    messages.into_iter().next().unwrap()
}

fn vote_reply(granted: bool) -> MessageBody {
    MessageBody::RequestVoteReply {
        vote_granted: granted,
    }
}

fn ae_reply(
    success: bool,
    match_index: LogIndex,
    conflict_term: Option<Term>,
    conflict_index: LogIndex,
) -> MessageBody {
    MessageBody::AppendEntriesReply {
        success,
        match_index,
        conflict_term,
        conflict_index,
    }
}

/// Makes server 1 of `members` the leader of `term + 1` with the given log, by feeding it
/// granted votes. Returns it with its first round of AppendEntries drained.
fn elected_leader(members: &[ServerId], term: Term, log: &[Term], config: Config) -> RaftServer {
    let mut leader = RaftServer::new(1, members, config, persisted(term, None, log), 1, 0);
    leader.campaign(0);
    let _ = leader.ready();
    for &voter in &members[1..] {
        if leader.role() == Role::Leader {
            break;
        }
        step(&mut leader, voter, term + 1, vote_reply(true));
    }
    assert_eq!(leader.role(), Role::Leader);
    let _ = leader.ready();
    leader
}

fn peer_progress(leader: &RaftServer, id: ServerId) -> &Progress {
    leader
        .progress
        .iter()
        .find(|progress| progress.id == id)
        .unwrap()
}

fn peer_progress_mut(leader: &mut RaftServer, id: ServerId) -> &mut Progress {
    leader
        .progress
        .iter_mut()
        .find(|progress| progress.id == id)
        .unwrap()
}

/// A cluster whose messages travel through a FIFO queue; each server persists every `Ready`
/// to its own `PersistentState` before its messages are queued.
struct Cluster {
    members: Vec<ServerId>,
    servers: Vec<RaftServer>,
    disks: Vec<PersistentState>,
    queue: std::collections::VecDeque<Message>,
    applied: Vec<Vec<Entry>>,
    now: Time,
    /// The `Ready` handed to every `ready_into`, its vectors drained in between.
    recycled: Ready,
}

impl Cluster {
    fn new(states: Vec<PersistentState>) -> Cluster {
        let members: Vec<ServerId> = (1..=states.len() as ServerId).collect();
        let servers = states
            .iter()
            .zip(&members)
            .map(|(state, &id)| start(id, &members, state.clone()))
            .collect();
        Cluster {
            applied: vec![Vec::new(); members.len()],
            members,
            servers,
            disks: states,
            queue: Default::default(),
            now: 0,
            recycled: Ready::default(),
        }
    }

    fn server(&mut self, id: ServerId) -> &mut RaftServer {
        &mut self.servers[id as usize - 1]
    }

    /// Drains a server the way the simulator does (`ready_into` on a recycled `Ready`,
    /// `persist_draining`), checking it hands out exactly what `ready` would.
    fn collect(&mut self, id: ServerId) {
        let slot = id as usize - 1;
        let expected = self.servers[slot].clone().ready();
        let mut ready = std::mem::take(&mut self.recycled);
        self.servers[slot].ready_into(&mut ready);
        assert_eq!(ready, expected, "ready_into hands out what ready would");
        self.disks[slot].persist_draining(&mut ready);
        self.queue.extend(ready.messages.drain(..));
        self.applied[slot].append(&mut ready.committed);
        self.recycled = ready;
    }

    /// Delivers queued messages until none are left.
    fn deliver_all(&mut self) {
        for _ in 0..100_000 {
            let Some(message) = self.queue.pop_front() else {
                return;
            };
            let to = message.to;
            let now = self.now;
            self.server(to).handle_message(message, now);
            self.collect(to);
        }
        panic!("messages never stopped");
    }

    fn campaign(&mut self, id: ServerId) {
        let now = self.now;
        self.server(id).campaign(now);
        self.collect(id);
        self.deliver_all();
    }

    fn propose(&mut self, id: ServerId, command: &str) -> LogIndex {
        let now = self.now;
        let index = self.server(id).propose(command.to_string(), now).unwrap();
        self.collect(id);
        self.deliver_all();
        index
    }

    /// Advances to the leader's next heartbeat and delivers what it sends.
    fn heartbeat(&mut self, leader: ServerId) {
        self.now = self.server(leader).next_deadline();
        let now = self.now;
        self.server(leader).handle_timeout(now);
        self.collect(leader);
        self.deliver_all();
    }

    fn crash_and_restart(&mut self, id: ServerId) {
        let slot = id as usize - 1;
        self.servers[slot] = RaftServer::new(
            id,
            &self.members,
            Config::default(),
            self.disks[slot].clone(),
            id as u64 + 100,
            self.now,
        );
        self.applied[slot].clear();
    }
}

// ---- starting and timers ----

// Reference: section 5.2 — servers start as followers; the election timeout is random in
// [min, max] and seeded.
#[test]
fn starts_as_follower_with_a_timeout_in_range() {
    let config = Config::default();
    for seed in 0..50 {
        let server = RaftServer::new(
            1,
            &[1, 2, 3],
            config.clone(),
            PersistentState::default(),
            seed,
            1_000,
        );
        assert_eq!(server.role(), Role::Follower);
        assert_eq!((server.commit_index(), server.last_applied()), (0, 0));
        let (started, fires) = server.election_timer().unwrap();
        assert_eq!(started, 1_000);
        assert!(
            (config.election_timeout_us_min..=config.election_timeout_us_max)
                .contains(&(fires - started))
        );
        assert_eq!(server.next_deadline(), fires);
    }
    let first = RaftServer::new(
        1,
        &[1, 2, 3],
        config.clone(),
        PersistentState::default(),
        9,
        0,
    );
    let again = RaftServer::new(1, &[1, 2, 3], config, PersistentState::default(), 9, 0);
    assert_eq!(
        first.election_timer(),
        again.election_timer(),
        "same seed, same timeout"
    );
}

// Reference: section 5.2 — on timeout a follower becomes candidate, increments its term, votes
// for itself and asks every peer.
#[test]
fn timeout_starts_an_election() {
    let mut server = start(1, &[1, 2, 3], persisted(4, None, &[1, 3]));
    let deadline = server.next_deadline();
    server.handle_timeout(deadline - 1);
    assert_eq!(server.role(), Role::Follower, "not yet");
    server.handle_timeout(deadline);
    assert_eq!(
        (server.role(), server.current_term(), server.voted_for()),
        (Role::Candidate, 5, Some(1))
    );
    assert_eq!(
        server.election_timer().unwrap().0,
        deadline,
        "timer restarted"
    );
    let ready = server.ready();
    assert_eq!(
        ready.hard_state,
        Some(HardState {
            current_term: 5,
            voted_for: Some(1)
        })
    );
    let targets: Vec<ServerId> = ready.messages.iter().map(|m| m.to).collect();
    assert_eq!(targets, vec![2, 3]);
    for sent in &ready.messages {
        assert_eq!(sent.term, 5);
        assert_eq!(
            sent.body,
            MessageBody::RequestVote {
                last_log_index: 2,
                last_log_term: 3,
                leadership_transfer: false,
            }
        );
    }
}

#[test]
fn single_server_becomes_leader_at_once_and_commits_alone() {
    let mut server = start(1, &[1], PersistentState::default());
    server.campaign(0);
    assert_eq!(server.role(), Role::Leader);
    assert_eq!(
        server.commit_index(),
        1,
        "its no-op is on a majority of one"
    );
    assert_eq!(server.propose("set x 1".into(), 0), Ok(2));
    assert_eq!(server.commit_index(), 2);
    let ready = server.ready();
    assert!(ready.messages.is_empty());
    assert_eq!(ready.committed.len(), 2);
    assert_eq!(
        server.next_deadline(),
        Config::default().heartbeat_interval_us
    );
    assert_eq!(server.election_timer(), None);
}

#[test]
fn leader_ignores_campaign_and_followers_refuse_proposals() {
    let mut leader = elected_leader(&[1, 2, 3], 0, &[], Config::default());
    leader.campaign(5);
    assert_eq!((leader.role(), leader.current_term()), (Role::Leader, 1));
    let mut follower = start(2, &[1, 2, 3], PersistentState::default());
    assert_eq!(
        follower.propose("x".into(), 0),
        Err(ProposeError::NotLeader { leader_hint: None })
    );
    step(&mut follower, 1, 1, append(0, 0, vec![], 0));
    assert_eq!(
        follower.propose("x".into(), 0),
        Err(ProposeError::NotLeader {
            leader_hint: Some(1)
        })
    );
}

// ---- voting ----

// Reference: section 5.2 and 5.4.1 — one vote per term, only for an up-to-date log.
#[test]
fn grants_at_most_one_vote_per_term_and_only_to_up_to_date_logs() {
    // (our log terms, candidate last term, candidate last index, granted?)
    let cases: &[(&[Term], Term, LogIndex, bool)] = &[
        (&[], 0, 0, true),
        (&[1, 2], 2, 2, true),
        (&[1, 2], 2, 1, false),
        (&[1, 2], 1, 5, false),
        (&[1, 2], 3, 1, true),
    ];
    for &(log, last_term, last_index, granted) in cases {
        let mut server = start(1, &[1, 2, 3], persisted(2, None, log));
        let reply = single_reply(step(
            &mut server,
            2,
            3,
            MessageBody::RequestVote {
                last_log_index: last_index,
                last_log_term: last_term,
                leadership_transfer: false,
            },
        ));
        assert_eq!(
            reply.body,
            vote_reply(granted),
            "log {log:?} vs ({last_term}, {last_index})"
        );
        assert_eq!(reply.term, 3, "adopted the candidate's term either way");
        assert_eq!(server.voted_for(), granted.then_some(2));
    }

    let mut server = start(1, &[1, 2, 3], PersistentState::default());
    let ask = MessageBody::RequestVote {
        last_log_index: 0,
        last_log_term: 0,
        leadership_transfer: false,
    };
    let timer_before = server.election_timer();
    assert_eq!(
        single_reply(step(&mut server, 2, 1, ask.clone())).body,
        vote_reply(true)
    );
    assert_ne!(
        server.election_timer(),
        timer_before,
        "granting a vote resets the timer"
    );
    assert_eq!(
        single_reply(step(&mut server, 3, 1, ask.clone())).body,
        vote_reply(false)
    );
    assert_eq!(
        single_reply(step(&mut server, 2, 1, ask.clone())).body,
        vote_reply(true),
        "a retry"
    );
    assert_eq!(
        single_reply(step(&mut server, 3, 2, ask)).body,
        vote_reply(true),
        "new term"
    );
}

#[test]
fn stale_candidate_gets_refused_with_our_term() {
    let mut server = start(1, &[1, 2, 3], persisted(5, None, &[]));
    let reply = single_reply(step(
        &mut server,
        2,
        4,
        MessageBody::RequestVote {
            last_log_index: 9,
            last_log_term: 4,
            leadership_transfer: false,
        },
    ));
    assert_eq!((reply.term, reply.body), (5, vote_reply(false)));
    assert_eq!(server.voted_for(), None);
}

// Reference: section 5.2 — a candidate wins with votes from a majority; each voter counts once
// and only votes of the current term count.
#[test]
fn vote_counting_ignores_duplicates_stale_terms_and_strangers() {
    let mut candidate = start(1, &[1, 2, 3, 4, 5], persisted(3, None, &[]));
    candidate.campaign(0);
    let _ = candidate.ready();
    assert_eq!(candidate.current_term(), 4);
    step(&mut candidate, 2, 4, vote_reply(true));
    step(&mut candidate, 2, 4, vote_reply(true));
    assert_eq!(candidate.role(), Role::Candidate, "S2 counted once: 2 of 5");
    step(&mut candidate, 3, 3, vote_reply(true));
    assert_eq!(
        candidate.role(),
        Role::Candidate,
        "a vote from term 3 does not count"
    );
    step(&mut candidate, 3, 4, vote_reply(false));
    step(&mut candidate, 9, 4, vote_reply(true));
    assert_eq!(
        candidate.role(),
        Role::Candidate,
        "refusals and non-members do not count"
    );
    step(&mut candidate, 3, 4, vote_reply(true));
    assert_eq!(candidate.role(), Role::Leader);
}

#[test]
fn votes_from_an_earlier_candidacy_do_not_carry_over() {
    let mut candidate = start(1, &[1, 2, 3, 4, 5], PersistentState::default());
    candidate.campaign(0);
    step(&mut candidate, 2, 1, vote_reply(true));
    candidate.campaign(10); // split vote: try again in term 2
    step(&mut candidate, 3, 2, vote_reply(true));
    assert_eq!(
        candidate.role(),
        Role::Candidate,
        "S2's term-1 vote is gone"
    );
    step(&mut candidate, 2, 2, vote_reply(true));
    assert_eq!(candidate.role(), Role::Leader);
}

// Reference: section 5.1 — a higher term turns anyone into a follower and clears the vote.
#[test]
fn higher_term_makes_a_leader_step_down() {
    let mut leader = elected_leader(&[1, 2, 3], 2, &[1, 2], Config::default());
    assert_eq!(leader.current_term(), 3);
    let replies = step(&mut leader, 2, 7, ae_reply(false, 3, None, 1));
    assert!(replies.is_empty());
    assert_eq!(
        (leader.role(), leader.current_term(), leader.voted_for()),
        (Role::Follower, 7, None)
    );
    assert_eq!(leader.followers().count(), 0);
    assert!(
        leader.election_timer().is_some(),
        "a former leader needs an election timer"
    );
    let _ = leader.ready();
    let mut follower = leader;
    step(
        &mut follower,
        3,
        8,
        MessageBody::RequestVote {
            last_log_index: 0,
            last_log_term: 0,
            leadership_transfer: false,
        },
    );
    let ready = follower.ready();
    assert!(ready.hard_state.is_none(), "already handed out");
    assert_eq!(follower.current_term(), 8);
}

#[test]
fn candidate_steps_down_for_a_leader_of_its_term() {
    let mut candidate = start(1, &[1, 2, 3], PersistentState::default());
    candidate.campaign(0);
    let _ = candidate.ready();
    let reply = single_reply(step(&mut candidate, 2, 1, append(0, 0, vec![], 0)));
    assert_eq!(candidate.role(), Role::Follower);
    assert_eq!(candidate.leader_id(), Some(2));
    assert_eq!(candidate.voted_for(), Some(1), "the vote of the term stays");
    assert_eq!(reply.body, ae_reply(true, 0, None, 0));
}

// ---- follower side of AppendEntries ----

// Reference: section 5.3 — the consistency check, and the conflict hint for fast backup.
#[test]
fn consistency_check_and_conflict_hints() {
    const FIG7_LEADER: &[Term] = &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    const FIG7_F: &[Term] = &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3];
    // (follower log, prev_log_index, prev_log_term, expected reply)
    let cases: &[(&[Term], LogIndex, Term, MessageBody)] = &[
        (FIG7_LEADER, 10, 6, ae_reply(true, 10, None, 0)),
        (FIG7_LEADER, 0, 0, ae_reply(true, 0, None, 0)),
        (FIG7_LEADER, 3, 1, ae_reply(true, 3, None, 0)),
        (FIG7_LEADER, 11, 6, ae_reply(false, 11, None, 11)),
        (FIG7_LEADER, 10, 7, ae_reply(false, 10, Some(6), 8)),
        (FIG7_LEADER, 5, 5, ae_reply(false, 5, Some(4), 4)),
        (FIG7_LEADER, 1, 2, ae_reply(false, 1, Some(1), 1)),
        (&[], 1, 1, ae_reply(false, 1, None, 1)),
        (FIG7_F, 10, 6, ae_reply(false, 10, Some(3), 7)),
        (FIG7_F, 6, 5, ae_reply(false, 6, Some(2), 4)),
        (FIG7_F, 3, 1, ae_reply(true, 3, None, 0)),
    ];
    for (case, (log, prev, prev_term, expected)) in cases.iter().enumerate() {
        let mut follower = start(2, &[1, 2, 3], persisted(7, None, log));
        let reply = single_reply(step(
            &mut follower,
            1,
            8,
            append(*prev, *prev_term, vec![], 0),
        ));
        assert_eq!(&reply.body, expected, "case {case}");
        assert_eq!(
            log_terms(&follower),
            *log,
            "an empty AppendEntries never changes the log"
        );
    }
}

// Reference: section 5.3 — a stale, duplicated or reordered AppendEntries never removes
// matching entries or the entries after them.
#[test]
fn stale_and_reordered_append_entries_do_not_truncate() {
    let mut follower = start(2, &[1, 2, 3], persisted(2, None, &[]));
    let full = append(0, 0, entries_from(1, &[1, 1, 2, 2, 2]), 0);
    let older = append(1, 1, entries_from(2, &[1, 2]), 0);
    let heartbeat = append(2, 1, vec![], 0);
    assert_eq!(
        single_reply(step(&mut follower, 1, 2, full.clone())).body,
        ae_reply(true, 5, None, 0)
    );
    let _ = follower.ready();
    for stale in [older, heartbeat, full] {
        let reply = single_reply(step(&mut follower, 1, 2, stale.clone()));
        assert!(matches!(
            reply.body,
            MessageBody::AppendEntriesReply { success: true, .. }
        ));
        assert_eq!(log_terms(&follower), vec![1, 1, 2, 2, 2], "after {stale:?}");
        assert_eq!(follower.ready().log_write, None, "nothing to persist");
    }
}

#[test]
fn real_conflict_truncates_from_the_first_differing_entry() {
    let mut follower = start(2, &[1, 2, 3], persisted(3, None, &[1, 1, 2, 2, 2]));
    follower.handle_message(
        message(1, 2, 4, append(2, 1, entries_from(3, &[2, 4]), 0)),
        0,
    );
    assert_eq!(log_terms(&follower), vec![1, 1, 2, 4]);
    let ready = follower.ready();
    assert_eq!(
        single_reply(ready.messages).body,
        ae_reply(true, 4, None, 0)
    );
    let write = ready.log_write.unwrap();
    assert_eq!(write.first_index, 4, "index 3 matched and was kept");
    assert_eq!(write.entries.len(), 1);
}

// Reference: Figure 2, AppendEntries rule 5 — commit never beyond what the message verified.
#[test]
fn follower_commit_is_bounded_by_the_verified_prefix() {
    // Entries 4 and 5 are from an old term and may differ from the leader's.
    let mut follower = start(2, &[1, 2, 3], persisted(3, None, &[1, 1, 1, 2, 2]));
    follower.handle_message(message(1, 2, 3, append(2, 1, vec![], 5)), 0);
    assert_eq!(follower.commit_index(), 2);
    follower.handle_message(message(1, 2, 3, append(3, 1, entries_from(4, &[3]), 5)), 0);
    assert_eq!(follower.commit_index(), 4);
    follower.handle_message(message(1, 2, 3, append(1, 1, vec![], 5)), 0);
    assert_eq!(
        follower.commit_index(),
        4,
        "a stale message never lowers it"
    );
    let ready = follower.ready();
    let applied: Vec<LogIndex> = ready.committed.iter().map(|entry| entry.index).collect();
    assert_eq!(applied, vec![1, 2, 3, 4]);
    assert_eq!(follower.last_applied(), 4);
}

#[test]
fn stale_leader_is_told_the_newer_term() {
    let mut follower = start(2, &[1, 2, 3], persisted(6, None, &[1, 1]));
    let timer = follower.election_timer();
    let reply = single_reply(step(
        &mut follower,
        1,
        5,
        append(2, 1, entries_from(3, &[5]), 2),
    ));
    assert_eq!(reply.term, 6);
    assert!(matches!(
        reply.body,
        MessageBody::AppendEntriesReply { success: false, .. }
    ));
    assert_eq!(
        (log_terms(&follower), follower.commit_index()),
        (vec![1, 1], 0)
    );
    assert_eq!(
        follower.election_timer(),
        timer,
        "a stale leader does not reset the timer"
    );
    assert_eq!(follower.leader_id(), None);
}

// ---- leader side: commit rule ----

// Reference: section 5.4.2, Figure 8 — an entry of an earlier term is not committed by
// counting replicas, only once an entry of the current term is on a majority.
#[test]
fn commit_rule_refuses_earlier_term_entries() {
    // S1 restarts with its term-2 entry at index 2 and becomes leader of term 4.
    let mut leader = elected_leader(&[1, 2, 3, 4, 5], 3, &[1, 2], Config::default());
    assert_eq!(leader.current_term(), 4);
    assert_eq!(
        log_terms(&leader),
        vec![1, 2, 4],
        "no-op of term 4 appended (§8)"
    );
    step(&mut leader, 2, 4, ae_reply(true, 2, None, 0));
    step(&mut leader, 3, 4, ae_reply(true, 2, None, 0));
    assert_eq!(
        leader.commit_index(),
        0,
        "index 2 is on 3 of 5 but from term 2"
    );
    step(&mut leader, 2, 4, ae_reply(true, 3, None, 0));
    assert_eq!(leader.commit_index(), 0, "the no-op is on 2 of 5");
    step(&mut leader, 3, 4, ae_reply(true, 3, None, 0));
    assert_eq!(
        leader.commit_index(),
        3,
        "the no-op commits, and index 2 with it"
    );
    assert_eq!(leader.last_applied(), 3, "handed out in the same Ready");
}

// ---- leader side: flow control ----

fn small_batches() -> Config {
    Config {
        max_entries_per_message: 2,
        max_inflight_messages: 3,
        ..Config::default()
    }
}

/// A leader of term 1 in a 3-server cluster whose followers have acknowledged the no-op.
fn leader_in_replicate() -> RaftServer {
    let mut leader = elected_leader(&[1, 2, 3], 0, &[], small_batches());
    step(&mut leader, 2, 1, ae_reply(true, 1, None, 0));
    step(&mut leader, 3, 1, ae_reply(true, 1, None, 0));
    assert_eq!(peer_progress(&leader, 2).state, ReplicationState::Replicate);
    assert_eq!(leader.commit_index(), 1);
    leader
}

fn appends_to(messages: &[Message], to: ServerId) -> Vec<(LogIndex, usize)> {
    messages
        .iter()
        .filter(|m| m.to == to)
        .map(|m| match &m.body {
            MessageBody::AppendEntries {
                prev_log_index,
                entries,
                ..
            } => (*prev_log_index, entries.len()),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[test]
fn new_leader_sends_its_no_op_to_everyone_at_once() {
    let mut leader = RaftServer::new(
        1,
        &[1, 2, 3],
        Config::default(),
        persisted(1, None, &[1]),
        1,
        0,
    );
    leader.campaign(0);
    let _ = leader.ready();
    leader.handle_message(message(2, 1, 2, vote_reply(true)), 0);
    assert_eq!(leader.role(), Role::Leader);
    let ready = leader.ready();
    assert_eq!(appends_to(&ready.messages, 2), vec![(1, 1)]);
    assert_eq!(appends_to(&ready.messages, 3), vec![(1, 1)]);
    let next_and_match: Vec<_> = leader
        .followers()
        .map(|f| (f.id, f.next_index, f.match_index))
        .collect();
    assert_eq!(next_and_match, vec![(2, 2, 0), (3, 2, 0)]);
}

#[test]
fn replicate_honours_the_inflight_limit_and_batch_size() {
    let mut leader = leader_in_replicate();
    for n in 0..10 {
        leader.propose(format!("c{n}"), 0).unwrap();
    }
    // Entries 2..=11: three messages of at most two entries each, then the window is full.
    let sent = leader.ready().messages;
    assert_eq!(
        appends_to(&sent, 2),
        vec![(1, 1), (2, 1), (3, 1)],
        "one message per propose"
    );
    assert_eq!(peer_progress(&leader, 2).next_index, 5);
    // Acknowledging the first frees one slot: the next message batches two entries.
    let more = step(&mut leader, 2, 1, ae_reply(true, 2, None, 0));
    assert_eq!(appends_to(&more, 2), vec![(4, 2)]);
    // A duplicate of that acknowledgement frees nothing more.
    assert!(step(&mut leader, 2, 1, ae_reply(true, 2, None, 0)).is_empty());
    // Acknowledging everything sent fills the window again.
    let more = step(&mut leader, 2, 1, ae_reply(true, 6, None, 0));
    assert_eq!(appends_to(&more, 2), vec![(6, 2), (8, 2), (10, 1)]);
    assert_eq!(peer_progress(&leader, 2).inflight_count(), 3);
    // What the page shows of it: streaming, entries 7..=11 in three messages in flight.
    let shown = leader.followers().find(|follower| follower.id == 2);
    assert_eq!(
        shown,
        Some(FollowerProgress {
            id: 2,
            next_index: 12,
            match_index: 6,
            probing: false,
            inflight: 3,
        })
    );
}

#[test]
fn a_candidate_shows_the_votes_it_received_each_once_and_a_leader_none() {
    let mut server = RaftServer::new(
        1,
        &[1, 2, 3, 4, 5],
        Config::default(),
        persisted(1, None, &[]),
        1,
        0,
    );
    assert!(server.votes_received().is_empty(), "a follower has none");
    server.campaign(0);
    let _ = server.ready();
    assert_eq!(server.votes_received(), &[1], "its own vote");
    server.handle_message(message(4, 1, 2, vote_reply(true)), 0);
    server.handle_message(message(4, 1, 2, vote_reply(true)), 0);
    server.handle_message(message(2, 1, 2, vote_reply(false)), 0);
    assert_eq!(
        server.votes_received(),
        &[1, 4],
        "a duplicate and a refusal add nothing"
    );
    server.handle_message(message(3, 1, 2, vote_reply(true)), 0);
    assert_eq!(server.role(), Role::Leader);
    assert!(server.votes_received().is_empty(), "a leader shows none");
}

#[test]
fn a_new_leader_probes_every_follower_from_its_last_index_and_a_follower_has_no_followers() {
    let mut leader = RaftServer::new(
        1,
        &[1, 2, 3],
        Config::default(),
        persisted(1, None, &[1]),
        1,
        0,
    );
    assert_eq!(leader.followers().count(), 0, "a follower shows none");
    leader.campaign(0);
    let _ = leader.ready();
    leader.handle_message(message(2, 1, 2, vote_reply(true)), 0);
    let _ = leader.ready();
    let probe = |id| FollowerProgress {
        id,
        next_index: 2,
        match_index: 0,
        probing: true,
        inflight: 0,
    };
    assert_eq!(
        leader.followers().collect::<Vec<_>>(),
        vec![probe(2), probe(3)]
    );
    // The no-op acknowledged: S2 is streamed to, with nothing in flight.
    leader.handle_message(message(2, 1, 2, ae_reply(true, 2, None, 0)), 0);
    assert_eq!(
        leader.followers().next(),
        Some(FollowerProgress {
            id: 2,
            next_index: 3,
            match_index: 2,
            probing: false,
            inflight: 0,
        })
    );
}

#[test]
fn probe_sends_one_message_until_a_reply_or_heartbeat() {
    let mut leader = elected_leader(&[1, 2, 3], 0, &[], small_batches());
    leader.propose("a".into(), 0).unwrap();
    leader.propose("b".into(), 0).unwrap();
    assert!(leader.ready().messages.is_empty(), "probes are outstanding");
    let now = leader.next_deadline();
    leader.handle_timeout(now);
    let sent = leader.ready().messages;
    assert_eq!(
        appends_to(&sent, 2),
        vec![(0, 2)],
        "the heartbeat resends the probe, batched"
    );
}

#[test]
fn stale_rejections_are_ignored() {
    let mut leader = leader_in_replicate();
    for n in 0..4 {
        leader.propose(format!("c{n}"), 0).unwrap();
    }
    let _ = leader.ready();
    step(&mut leader, 2, 1, ae_reply(true, 3, None, 0));
    let before: Vec<_> = leader.followers().collect();
    // A rejection of prev_log_index 1 (already matched) is from an earlier probe.
    assert!(step(&mut leader, 2, 1, ae_reply(false, 1, None, 1)).is_empty());
    assert_eq!(leader.followers().collect::<Vec<_>>(), before);
    assert_eq!(peer_progress(&leader, 2).state, ReplicationState::Replicate);

    // While probing, only a rejection of the current probe counts.
    let probe = peer_progress_mut(&mut leader, 3);
    probe.become_probe(4);
    probe.probe_sent = true;
    assert!(step(&mut leader, 3, 1, ae_reply(false, 5, None, 2)).is_empty());
    assert_eq!(peer_progress(&leader, 3).next_index, 4);
    // From an older term: ignored too.
    assert!(step(&mut leader, 3, 0, ae_reply(false, 3, None, 2)).is_empty());
    assert_eq!(peer_progress(&leader, 3).next_index, 4);
    // The current probe's rejection moves next_index back, but not to or below match_index.
    let resent = step(&mut leader, 3, 1, ae_reply(false, 3, None, 1));
    assert_eq!(peer_progress(&leader, 3).next_index, 2, "match_index is 1");
    assert_eq!(appends_to(&resent, 3), vec![(1, 2)]);
}

// Reference: section 5.3 (end) — fast backup skips a whole conflicting term per round trip.
#[test]
fn fast_backup_lands_on_the_right_next_index() {
    // Leader of term 8 with Figure 7's log; its no-op is index 11.
    const LEADER: &[Term] = &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    // (probe's prev_log_index, conflict_term, conflict_index, expected next_index)
    let cases: &[(LogIndex, Option<Term>, LogIndex, LogIndex)] = &[
        (10, None, 5, 5),     // (b) is shorter: resume after its last entry
        (10, Some(3), 7, 7),  // (f): the leader has no term 3, skip all of it
        (6, Some(2), 4, 4),   // (f) again: no term 2 either
        (7, Some(4), 4, 6),   // (e): the leader has term 4 up to 5, resume after it
        (10, Some(6), 8, 10), // hint past the probe point: never above prev_log_index
        (10, None, 0, 1),     // a bogus hint: never below match_index + 1
    ];
    for &(prev, conflict_term, conflict_index, expected) in cases {
        let mut leader = elected_leader(&[1, 2, 3, 4, 5, 6, 7], 7, LEADER, Config::default());
        let progress = peer_progress_mut(&mut leader, 2);
        progress.become_probe(prev + 1);
        progress.probe_sent = true;
        let resent = step(
            &mut leader,
            2,
            8,
            ae_reply(false, prev, conflict_term, conflict_index),
        );
        assert_eq!(
            peer_progress(&leader, 2).next_index,
            expected,
            "{prev} {conflict_term:?} {conflict_index}"
        );
        assert_eq!(
            appends_to(&resent, 2)[0].0,
            expected - 1,
            "the next probe goes out at once"
        );
    }
}

#[test]
fn lost_messages_in_replicate_fall_back_to_probing() {
    let mut leader = leader_in_replicate();
    leader.propose("lost".into(), 1_000).unwrap();
    let _ = leader.ready(); // the AppendEntries to S2 is lost
    let heartbeat = Config::default().heartbeat_interval_us;
    let now = leader.next_deadline();
    assert!(now < 1_000 + heartbeat);
    leader.handle_timeout(now);
    assert_eq!(
        appends_to(&leader.ready().messages, 2),
        vec![(1, 0)],
        "not yet: a plain heartbeat"
    );
    let now = leader.next_deadline();
    leader.handle_timeout(now);
    assert_eq!(
        appends_to(&leader.ready().messages, 2),
        vec![(1, 1)],
        "resent from match_index"
    );
    assert_eq!(peer_progress(&leader, 2).state, ReplicationState::Probe);
}

#[test]
fn restarted_follower_with_a_shorter_log_is_caught_up() {
    let mut leader = leader_in_replicate();
    for n in 0..3 {
        leader.propose(format!("c{n}"), 0).unwrap();
    }
    let _ = leader.ready();
    // S2 lost the in-flight messages and now rejects a later one: it has only index 1.
    let resent = step(&mut leader, 2, 1, ae_reply(false, 3, None, 2));
    assert_eq!(peer_progress(&leader, 2).state, ReplicationState::Probe);
    assert_eq!(appends_to(&resent, 2), vec![(1, 2)]);
    step(&mut leader, 2, 1, ae_reply(true, 3, None, 0));
    assert_eq!(peer_progress(&leader, 2).state, ReplicationState::Replicate);
    assert_eq!(peer_progress(&leader, 2).match_index, 3);
}

// ---- whole clusters ----

// Reference: section 5.3, Figure 7 — every follower log converges to the leader's.
#[test]
fn figure_7_logs_converge_to_the_leaders() {
    let logs: [&[Term]; 7] = [
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6],
        &[1, 1, 1, 4],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
        &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
        &[1, 1, 1, 4, 4, 4, 4],
        &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    ];
    let mut cluster = Cluster::new(logs.iter().map(|log| persisted(7, None, log)).collect());
    cluster.campaign(1);
    assert_eq!(cluster.server(1).role(), Role::Leader);
    assert_eq!(cluster.server(1).current_term(), 8);
    let index = cluster.propose(1, "set x 1");
    cluster.heartbeat(1);
    let expected = log_terms(cluster.server(1));
    assert_eq!(expected, vec![1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8, 8]);
    for id in 1..=7 {
        assert_eq!(log_terms(cluster.server(id)), expected, "S{id}");
        assert_eq!(cluster.server(id).commit_index(), index, "S{id}");
        let in_memory = cluster.server(id).log().to_vec();
        assert_eq!(
            cluster.disks[id as usize - 1].log,
            in_memory,
            "S{id} persisted"
        );
    }
}

#[test]
fn committed_entries_are_applied_in_order_everywhere() {
    let mut cluster = Cluster::new(vec![PersistentState::default(); 3]);
    cluster.campaign(2);
    for n in 0..20 {
        cluster.propose(2, &format!("set k {n}"));
    }
    cluster.heartbeat(2);
    let reference: Vec<Entry> = cluster.server(2).log().to_vec();
    assert_eq!(reference.len(), 21);
    for id in 1..=3 {
        assert_eq!(cluster.applied[id as usize - 1], reference, "S{id}");
    }
}

// A restart from what `persist` wrote reproduces term, vote and log; the vote survives, so the
// restarted server cannot vote twice in one term.
#[test]
fn restart_from_persisted_state_round_trips() {
    let mut cluster = Cluster::new(vec![PersistentState::default(); 3]);
    cluster.campaign(1);
    for n in 0..5 {
        cluster.propose(1, &format!("c{n}"));
    }
    cluster.campaign(3); // S3 takes over in term 2 (its log is as up to date)
    assert_eq!(cluster.server(3).role(), Role::Leader);
    cluster.propose(3, "after");
    for id in 1..=3 {
        let before = (
            cluster.server(id).current_term(),
            cluster.server(id).voted_for(),
            cluster.server(id).log().to_vec(),
        );
        cluster.crash_and_restart(id);
        let restarted = cluster.server(id);
        assert_eq!(
            (
                restarted.current_term(),
                restarted.voted_for(),
                restarted.log().to_vec()
            ),
            before,
            "S{id}"
        );
        assert_eq!(
            (
                restarted.role(),
                restarted.commit_index(),
                restarted.last_applied()
            ),
            (Role::Follower, 0, 0)
        );
        assert!(
            restarted.ready().is_empty(),
            "nothing new to persist after a restart"
        );
    }
    // S2 voted for S3 in term 2; after its restart it still refuses S1 in term 2.
    assert_eq!(cluster.server(2).voted_for(), Some(3));
    let reply = single_reply(step(
        cluster.server(2),
        1,
        2,
        MessageBody::RequestVote {
            last_log_index: 99,
            last_log_term: 2,
            leadership_transfer: false,
        },
    ));
    assert_eq!(reply.body, vote_reply(false));
}

#[test]
fn messages_wait_for_ready_with_the_state_they_depend_on() {
    let mut follower = start(2, &[1, 2, 3], PersistentState::default());
    follower.handle_message(
        message(
            1,
            2,
            1,
            MessageBody::RequestVote {
                last_log_index: 0,
                last_log_term: 0,
                leadership_transfer: false,
            },
        ),
        0,
    );
    follower.handle_message(message(1, 2, 1, append(0, 0, entries_from(1, &[1]), 0)), 0);
    let ready = follower.ready();
    assert_eq!(
        ready.hard_state,
        Some(HardState {
            current_term: 1,
            voted_for: Some(1)
        })
    );
    assert_eq!(ready.log_write.as_ref().map(|w| w.first_index), Some(1));
    assert_eq!(ready.messages.len(), 2);
    assert!(follower.ready().is_empty());
}
