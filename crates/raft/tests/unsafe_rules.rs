//! The "break a rule" switches (`UnsafeRules`, unsafe, for teaching): each one changes exactly
//! the behaviour it names, and with the switch off the same inputs give plain Raft.
//!
//! Single servers are fed hand-made messages through the public API, so each case shows the
//! one decision the switch changes.

use raft_core::{
    Config, Entry, EntryPayload, HardState, LogIndex, Message, MessageBody, PersistentState,
    RaftServer, Ready, Role, ServerId, Term, UnsafeRule, UnsafeRules,
};

mod harness;

use harness::log_with_terms;

const FIVE: [ServerId; 5] = [1, 2, 3, 4, 5];

fn config(rules: UnsafeRules) -> Config {
    Config {
        unsafe_rules: rules,
        ..Config::default()
    }
}

/// Both settings of `rule`: `(false, plain Raft)` and `(true, only this rule broken)`.
fn off_and_on(rule: UnsafeRule) -> [(bool, UnsafeRules); 2] {
    [(false, UnsafeRules::NONE), (true, UnsafeRules::only(rule))]
}

fn start(
    id: ServerId,
    rules: UnsafeRules,
    term: Term,
    voted_for: Option<ServerId>,
    log: &[Term],
) -> RaftServer {
    let persisted = PersistentState {
        hard_state: HardState {
            current_term: term,
            voted_for,
        },
        log: log_with_terms(log),
    };
    RaftServer::new(id, &FIVE, config(rules), persisted, u64::from(id), 0)
}

/// Hands `body` (sent by `from` in `term`) to `server`; returns the `Ready` that follows.
fn deliver(server: &mut RaftServer, from: ServerId, term: Term, body: MessageBody) -> Ready {
    let to = server.id();
    server.handle_message(
        Message {
            from,
            to,
            term,
            body,
        },
        0,
    );
    server.ready()
}

/// Like `deliver`, returning only the messages.
fn step(server: &mut RaftServer, from: ServerId, term: Term, body: MessageBody) -> Vec<Message> {
    deliver(server, from, term, body).messages
}

fn request_vote(last_log_index: LogIndex, last_log_term: Term) -> MessageBody {
    MessageBody::RequestVote {
        last_log_index,
        last_log_term,
        leadership_transfer: false,
    }
}

fn granted(messages: &[Message]) -> bool {
    match messages {
        [Message {
            body: MessageBody::RequestVoteReply { vote_granted },
            ..
        }] => *vote_granted,
        other => panic!("expected one vote reply, got {other:?}"),
    }
}

fn heartbeat(prev_log_index: LogIndex, prev_log_term: Term, commit: LogIndex) -> MessageBody {
    MessageBody::AppendEntries {
        prev_log_index,
        prev_log_term,
        entries: Vec::new(),
        leader_commit: commit,
    }
}

/// `(success, match_index)` of the single AppendEntries reply in `messages`.
fn append_reply(messages: &[Message]) -> (bool, LogIndex) {
    match messages {
        [Message {
            body:
                MessageBody::AppendEntriesReply {
                    success,
                    match_index,
                    ..
                },
            ..
        }] => (*success, *match_index),
        other => panic!("expected one AppendEntries reply, got {other:?}"),
    }
}

fn log_terms(server: &RaftServer) -> Vec<Term> {
    server.log().iter().map(|entry| entry.term).collect()
}

#[test]
fn every_switch_is_off_by_default() {
    assert_eq!(Config::default().unsafe_rules, UnsafeRules::NONE);
    let server = start(1, UnsafeRules::default(), 0, None, &[]);
    assert!(server.unsafe_rules().is_safe());
}

// Reference: §5.4.1 — "the voter denies its vote if its own log is more up-to-date than that of
// the candidate". The switch removes only that check.
#[test]
fn vote_without_log_check_grants_votes_to_a_candidate_with_a_stale_log() {
    for (broken, rules) in off_and_on(UnsafeRule::VoteWithoutLogCheck) {
        let mut voter = start(2, rules, 2, None, &[1, 1, 2]);
        // Candidate S3 in term 3 whose log ends with term 1: behind ours.
        let reply = step(&mut voter, 3, 3, request_vote(5, 1));
        assert_eq!(granted(&reply), broken, "broken: {broken}");
        assert_eq!(voter.voted_for(), broken.then_some(3));
        // The other voting rules still hold: one vote per term, no vote for a stale term.
        let second = step(&mut voter, 4, 3, request_vote(9, 3));
        assert_eq!(granted(&second), !broken, "S4 gets the vote S3 did not");
        let stale = step(&mut voter, 5, 2, request_vote(9, 2));
        assert!(
            !granted(&stale),
            "a candidate of an older term never gets a vote"
        );
    }
}

/// S1 as leader of term 3 of five servers, with log terms `[1, 2]` and its no-op at index 3,
/// its first AppendEntries drained.
fn leader_of_term_3(rules: UnsafeRules) -> RaftServer {
    let mut leader = start(1, rules, 2, None, &[1, 2]);
    leader.campaign(0);
    let _ = leader.ready();
    for voter in [2, 3] {
        step(
            &mut leader,
            voter,
            3,
            MessageBody::RequestVoteReply { vote_granted: true },
        );
    }
    assert_eq!(leader.role(), Role::Leader);
    assert_eq!(log_terms(&leader), vec![1, 2, 3]);
    leader
}

fn ack(match_index: LogIndex) -> MessageBody {
    MessageBody::AppendEntriesReply {
        success: true,
        match_index,
        conflict_term: None,
        conflict_index: 0,
    }
}

// Reference: §5.4.2 and Figure 8 — "Raft never commits log entries from previous terms by
// counting replicas". The switch removes only the current-term restriction.
#[test]
fn commit_by_counting_commits_an_earlier_term_entry_stored_on_a_majority() {
    for (broken, rules) in off_and_on(UnsafeRule::CommitByCounting) {
        let mut leader = leader_of_term_3(rules);
        step(&mut leader, 2, 3, ack(2));
        assert_eq!(leader.commit_index(), 0, "two of five is no majority");
        let ready = deliver(&mut leader, 3, 3, ack(2));
        // Index 2 (term 2) is now on S1, S2 and S3.
        let expected = if broken { 2 } else { 0 };
        assert_eq!(leader.commit_index(), expected, "broken: {broken}");
        let applied: Vec<LogIndex> = ready.committed.iter().map(|e| e.index).collect();
        assert_eq!(applied, (1..=expected).collect::<Vec<_>>());
        // The current-term entry commits by counting either way.
        step(&mut leader, 2, 3, ack(3));
        step(&mut leader, 4, 3, ack(3));
        assert_eq!(leader.commit_index(), 3, "broken: {broken}");
    }
}

// Reference: Figure 2 — votedFor is persistent state ("updated on stable storage before
// responding to RPCs"). The switch forgets it at restart; the term is still restored.
#[test]
fn forget_vote_on_restart_lets_a_restarted_server_vote_twice_in_one_term() {
    for (broken, rules) in off_and_on(UnsafeRule::ForgetVoteOnRestart) {
        // S2 voted for S1 in term 4, crashed, and restarts from that disk.
        let mut restarted = start(2, rules, 4, Some(1), &[1]);
        assert_eq!(restarted.current_term(), 4, "the term is always restored");
        assert_eq!(restarted.voted_for(), (!broken).then_some(1));
        // The forgotten vote is written back to disk at the first `Ready`.
        let forgotten = HardState {
            current_term: 4,
            voted_for: None,
        };
        assert_eq!(restarted.ready().hard_state, broken.then_some(forgotten));
        restarted.handle_message(
            Message {
                from: 3,
                to: 2,
                term: 4,
                body: request_vote(1, 1),
            },
            0,
        );
        let ready = restarted.ready();
        assert_eq!(granted(&ready.messages), broken, "broken: {broken}");
        let second_vote = HardState {
            current_term: 4,
            voted_for: Some(3),
        };
        assert_eq!(ready.hard_state, broken.then_some(second_vote));
    }
    // Switching the rule on while a server runs does not touch its vote: it acts at restart.
    let mut running = start(2, UnsafeRules::NONE, 4, Some(1), &[1]);
    running.set_unsafe_rules(UnsafeRules::only(UnsafeRule::ForgetVoteOnRestart));
    assert_eq!(running.voted_for(), Some(1));
    assert!(!granted(&step(&mut running, 3, 4, request_vote(1, 1))));
}

// Reference: §5.3 — "If an existing entry conflicts with a new one (same index but different
// terms), delete the existing entry and all that follow it": only at a conflict. The switch
// truncates after every AppendEntries, so a late heartbeat erases matching entries.
#[test]
fn truncate_without_conflict_lets_a_late_heartbeat_erase_matching_entries() {
    for (broken, rules) in off_and_on(UnsafeRule::TruncateWithoutConflict) {
        let mut follower = start(2, rules, 1, None, &[1, 1, 1]);
        // A heartbeat the leader sent before entries 2 and 3, delivered after them.
        let reply = step(&mut follower, 1, 1, heartbeat(1, 1, 0));
        assert_eq!(append_reply(&reply), (true, 1));
        let expected: &[Term] = if broken { &[1] } else { &[1, 1, 1] };
        assert_eq!(log_terms(&follower), expected, "broken: {broken}");
        // A real conflict truncates either way (§5.3).
        let mut follower = start(2, rules, 2, None, &[1, 1, 1]);
        let conflicting = MessageBody::AppendEntries {
            prev_log_index: 1,
            prev_log_term: 1,
            entries: vec![Entry {
                index: 2,
                term: 2,
                payload: EntryPayload::Noop,
            }],
            leader_commit: 0,
        };
        step(&mut follower, 1, 2, conflicting);
        assert_eq!(log_terms(&follower), vec![1, 2]);
    }
}

// Reference: Figure 2, AppendEntries step 5 — "If leaderCommit > commitIndex, set commitIndex =
// min(leaderCommit, index of last new entry)", reached only when the consistency check passed.
#[test]
fn commit_beyond_verified_commits_entries_the_message_did_not_verify() {
    for (broken, rules) in off_and_on(UnsafeRule::CommitBeyondVerified) {
        // S2 holds a stale tail of term 2 at indexes 3 and 4; the leader of term 3 has
        // committed 4 entries of its own.
        let mut follower = start(2, rules, 3, None, &[1, 1, 2, 2]);
        // A probe that fails the consistency check at index 4.
        let ready = deliver(&mut follower, 1, 3, heartbeat(4, 3, 4));
        assert!(!append_reply(&ready.messages).0, "the check still fails");
        let expected = if broken { 4 } else { 0 };
        assert_eq!(follower.commit_index(), expected, "broken: {broken}");
        let applied: Vec<Term> = ready.committed.iter().map(|e| e.term).collect();
        let stale: &[Term] = if broken { &[1, 1, 2, 2] } else { &[] };
        assert_eq!(applied, stale, "the stale tail is applied only when broken");

        // A heartbeat that verifies up to index 2 only.
        let mut follower = start(2, rules, 3, None, &[1, 1, 2, 2]);
        let reply = step(&mut follower, 1, 3, heartbeat(2, 1, 4));
        assert_eq!(append_reply(&reply), (true, 2));
        let expected = if broken { 4 } else { 2 };
        assert_eq!(follower.commit_index(), expected, "broken: {broken}");
        // Never beyond the follower's own log.
        let mut follower = start(2, rules, 3, None, &[1]);
        step(&mut follower, 1, 3, heartbeat(1, 1, 9));
        assert_eq!(follower.commit_index(), 1);
    }
}

#[test]
fn switches_change_on_a_running_server_at_its_next_input() {
    let mut voter = start(2, UnsafeRules::NONE, 2, None, &[1, 1, 2]);
    assert!(!granted(&step(&mut voter, 3, 3, request_vote(5, 1))));
    voter.set_unsafe_rules(UnsafeRules::only(UnsafeRule::VoteWithoutLogCheck));
    assert_eq!(
        voter.unsafe_rules(),
        UnsafeRules::only(UnsafeRule::VoteWithoutLogCheck)
    );
    assert!(granted(&step(&mut voter, 4, 4, request_vote(5, 1))));
    voter.set_unsafe_rules(UnsafeRules::NONE);
    assert!(!granted(&step(&mut voter, 5, 5, request_vote(5, 1))));
}
