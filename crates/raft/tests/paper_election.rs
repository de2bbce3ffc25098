//! Paper §5.1–§5.2: terms and leader election, checked one rule at a time (in the style of
//! raft-rs `test_raft_paper.rs`).

mod harness;

use harness::{
    append_entries, disk_with, is_request_vote, only, request_vote, vote_reply, Network,
};
use raft_core::{Config, MessageBody, PersistentState, RaftServer, Role, ServerId, Term, Time};

fn timeout_range(config: &Config) -> std::ops::RangeInclusive<Time> {
    config.election_timeout_us_min..=config.election_timeout_us_max
}

/// The body of every message in `messages`, with its receiver.
fn replies_by_receiver(messages: Vec<raft_core::Message>) -> Vec<(ServerId, Term, MessageBody)> {
    messages
        .into_iter()
        .map(|m| (m.to, m.term, m.body))
        .collect()
}

// Reference: §5.2 "When servers start up, they begin as followers."
#[test]
fn servers_start_as_followers() {
    let mut disk = disk_with(5, &[1, 1, 3]);
    disk.hard_state.voted_for = Some(2);
    let network = Network::from_disks(
        Config::default(),
        vec![PersistentState::default(), disk, PersistentState::default()],
        0,
    );
    for id in [1, 2, 3] {
        let server = network.server(id);
        assert_eq!(server.role(), Role::Follower, "S{id}");
        assert_eq!(server.leader_id(), None, "S{id}");
        assert_eq!(
            server.commit_index(),
            0,
            "S{id}: the commit index is volatile"
        );
        assert_eq!(server.last_applied(), 0, "S{id}");
    }
    assert_eq!(network.server(1).current_term(), 0);
    assert_eq!(network.server(1).voted_for(), None);
    // A server restarted from a disk keeps its term, vote and log (Figure 2, persistent state).
    let restarted = network.server(2);
    assert_eq!(restarted.current_term(), 5);
    assert_eq!(restarted.voted_for(), Some(2));
    assert_eq!(network.log_terms(2), vec![1, 1, 3]);
    assert_eq!(
        (restarted.last_log_index(), restarted.last_log_term()),
        (3, 3)
    );
    assert!(
        network.in_flight().is_empty(),
        "a follower that just started sends nothing"
    );
}

// Reference: §5.2 "If a follower receives no communication over a period of time called the
// election timeout, then it assumes there is no viable leader and begins an election. To begin
// an election, a follower increments its current term and transitions to candidate state. It then
// votes for itself and issues RequestVote RPCs in parallel to each of the other servers."
#[test]
fn follower_that_hears_nothing_times_out_and_becomes_candidate() {
    let config = Config::default();
    let mut disks = vec![PersistentState::default(); 5];
    disks[0] = disk_with(2, &[1, 1, 2]);
    let mut network = Network::from_disks(config.clone(), disks, 0);

    let (started_at, fires_at) = network
        .server(1)
        .election_timer()
        .expect("followers have an election timer");
    assert_eq!(started_at, 0);
    assert!(
        timeout_range(&config).contains(&(fires_at - started_at)),
        "timeout {fires_at}"
    );
    assert_eq!(network.server(1).next_deadline(), fires_at);

    network.tick_server(1);
    assert_eq!(network.now(), fires_at);
    let candidate = network.server(1);
    assert_eq!(candidate.role(), Role::Candidate);
    assert_eq!(
        candidate.current_term(),
        3,
        "a candidate increments its term"
    );
    assert_eq!(
        candidate.voted_for(),
        Some(1),
        "a candidate votes for itself"
    );
    assert_eq!(network.disk(1).hard_state.current_term, 3);
    assert_eq!(network.disk(1).hard_state.voted_for, Some(1));

    let mut requests = network.take_in_flight();
    requests.sort_by_key(|m| m.to);
    let expected: Vec<_> = [2, 3, 4, 5]
        .into_iter()
        .map(|to| request_vote(1, to, 3, 3, 2))
        .collect();
    assert_eq!(
        requests, expected,
        "one RequestVote to every peer, with the last log entry"
    );

    // Its new election timer runs from the moment it became candidate.
    let (started_at, next_fire) = network.server(1).election_timer().unwrap();
    assert_eq!(started_at, fires_at);
    assert!(timeout_range(&config).contains(&(next_fire - started_at)));
}

// Reference: §5.2 "Raft uses randomized election timeouts ... election timeouts are chosen
// randomly from a fixed interval (e.g., 150–300ms)."
#[test]
fn election_timeouts_are_randomised_within_the_range() {
    let config = Config::default();
    let start: Time = 1_000;
    let mut timeouts = Vec::new();
    for seed in 0..200 {
        let server = RaftServer::new(
            1,
            &[1, 2, 3],
            config.clone(),
            PersistentState::default(),
            seed,
            start,
        );
        let (started_at, fires_at) = server.election_timer().unwrap();
        assert_eq!(started_at, start);
        assert!(
            timeout_range(&config).contains(&(fires_at - start)),
            "seed {seed}: {fires_at}"
        );
        timeouts.push(fires_at - start);
    }
    timeouts.sort_unstable();
    timeouts.dedup();
    assert!(
        timeouts.len() >= 150,
        "only {} distinct timeouts in 200 seeds",
        timeouts.len()
    );
    assert!(
        timeouts[0] < 175_000 && timeouts[timeouts.len() - 1] > 275_000,
        "timeouts should spread over the whole range: {}..{}",
        timeouts[0],
        timeouts[timeouts.len() - 1]
    );

    // The servers of one cluster (different seeds) draw different timeouts.
    let network = Network::new(5);
    let mut deadlines: Vec<Time> = (1..=5)
        .map(|id| network.server(id).next_deadline())
        .collect();
    deadlines.sort_unstable();
    deadlines.dedup();
    assert_eq!(deadlines.len(), 5, "five servers drew {deadlines:?}");
}

// Reference: §5.2 "each candidate restarts its randomized election timeout at the start of an
// election, and it waits for that timeout to elapse before starting the next election."
#[test]
fn candidate_that_hears_nothing_starts_new_elections_with_fresh_timeouts() {
    let config = Config::default();
    let mut network = Network::new(3);
    network.isolate(1);
    let mut gaps = Vec::new();
    for round in 1..=20 {
        let before = network.now();
        network.tick_server(1);
        network.deliver_all();
        let server = network.server(1);
        assert_eq!(server.role(), Role::Candidate, "round {round}");
        assert_eq!(server.current_term(), round, "each election has a new term");
        assert_eq!(server.voted_for(), Some(1));
        if round > 1 {
            gaps.push(network.now() - before);
        }
    }
    assert!(
        gaps.iter().all(|gap| timeout_range(&config).contains(gap)),
        "{gaps:?}"
    );
    let first = gaps[0];
    assert!(
        gaps.iter().any(|&gap| gap != first),
        "every timeout was {first}"
    );
}

// Reference: §5.2 "A candidate wins an election if it receives votes from a majority of the
// servers in the full cluster for the same term." Each server's vote counts once, and only in
// the candidate's current term.
#[test]
fn candidate_wins_with_votes_from_a_majority() {
    struct Case {
        size: usize,
        replies: &'static [(ServerId, bool)],
        becomes_leader: bool,
    }
    let cases = [
        Case {
            size: 1,
            replies: &[],
            becomes_leader: true,
        },
        Case {
            size: 3,
            replies: &[(2, true)],
            becomes_leader: true,
        },
        Case {
            size: 3,
            replies: &[(2, true), (3, true)],
            becomes_leader: true,
        },
        Case {
            size: 3,
            replies: &[(2, false)],
            becomes_leader: false,
        },
        Case {
            size: 3,
            replies: &[(2, false), (3, true)],
            becomes_leader: true,
        },
        Case {
            size: 5,
            replies: &[],
            becomes_leader: false,
        },
        Case {
            size: 5,
            replies: &[(2, true)],
            becomes_leader: false,
        },
        Case {
            size: 5,
            replies: &[(2, true), (3, true)],
            becomes_leader: true,
        },
        Case {
            size: 5,
            replies: &[(2, true), (3, false), (4, false), (5, true)],
            becomes_leader: true,
        },
        Case {
            size: 5,
            replies: &[(2, false), (3, false), (4, false), (5, true)],
            becomes_leader: false,
        },
        // A duplicated reply is still one vote.
        Case {
            size: 5,
            replies: &[(2, true), (2, true), (2, true)],
            becomes_leader: false,
        },
    ];
    for (i, case) in cases.iter().enumerate() {
        let mut network = Network::new(case.size);
        network.campaign(1);
        network.take_in_flight();
        for &(from, granted) in case.replies {
            network.deliver(vote_reply(from, 1, 1, granted));
        }
        let leader = network.server(1).role() == Role::Leader;
        assert_eq!(
            leader, case.becomes_leader,
            "case {i}: size {}, replies {:?}",
            case.size, case.replies
        );
        assert_eq!(network.server(1).current_term(), 1, "case {i}");
        if leader {
            assert_eq!(network.server(1).leader_id(), Some(1), "case {i}");
        }
    }

    // Votes granted in an earlier term are not counted.
    let disks = vec![disk_with(2, &[]), disk_with(2, &[]), disk_with(2, &[])];
    let mut network = Network::from_disks(Config::default(), disks, 0);
    network.campaign(1);
    assert_eq!(network.server(1).current_term(), 3);
    network.take_in_flight();
    network.deliver(vote_reply(2, 1, 2, true));
    network.deliver(vote_reply(3, 1, 2, true));
    assert_eq!(
        network.server(1).role(),
        Role::Candidate,
        "stale votes were counted"
    );
    network.deliver(vote_reply(2, 1, 3, true));
    assert_eq!(network.server(1).role(), Role::Leader);
}

// Reference: §5.2 "While waiting for votes, a candidate may receive an AppendEntries RPC from
// another server claiming to be leader. If the leader's term ... is at least as large as the
// candidate's current term, then the candidate recognizes the leader as legitimate and returns
// to follower state. If the term in the RPC is smaller than the candidate's current term, then
// the candidate rejects the RPC and continues in candidate state."
#[test]
fn candidate_returns_to_follower_when_it_hears_from_a_leader() {
    // (leader's term, candidate's role after, its term after)
    let cases: [(Term, Role, Term); 3] = [
        (3, Role::Follower, 3),
        (4, Role::Follower, 4),
        (2, Role::Candidate, 3),
    ];
    for (leader_term, role, term) in cases {
        let disks = vec![disk_with(2, &[1]), disk_with(2, &[1]), disk_with(2, &[1])];
        let mut network = Network::from_disks(Config::default(), disks, 0);
        network.campaign(1);
        assert_eq!(network.server(1).current_term(), 3);
        network.take_in_flight();

        network.deliver(append_entries(2, 1, leader_term, (1, 1), vec![], 0));
        let candidate = network.server(1);
        assert_eq!(
            candidate.role(),
            role,
            "AppendEntries of term {leader_term}"
        );
        assert_eq!(
            candidate.current_term(),
            term,
            "AppendEntries of term {leader_term}"
        );
        let reply = only(network.take_in_flight());
        assert_eq!(reply.term, term);
        let MessageBody::AppendEntriesReply { success, .. } = reply.body else {
            panic!("expected an AppendEntriesReply, got {reply:?}");
        };
        if role == Role::Follower {
            assert!(success, "the prev entry (1, 1) matches");
            assert_eq!(network.server(1).leader_id(), Some(2));
        } else {
            assert!(!success, "a stale leader's AppendEntries is rejected");
            assert_eq!(network.server(1).leader_id(), None);
        }
    }
}

// Reference: §5.2 "if many followers become candidates at the same time, votes could be split so
// that no candidate obtains a majority. When this happens, each candidate will time out and
// start a new election by incrementing its term".
#[test]
fn split_vote_ends_with_a_timeout_and_a_new_term() {
    let mut network = Network::new(4);
    network.campaign(1);
    network.campaign(3);
    // S2 hears only S1, S4 hears only S3: two votes each, three needed.
    network.deliver_all_with(|m| {
        let lost = is_request_vote(&m) && matches!((m.from, m.to), (1, 4) | (3, 2));
        (!lost).then_some(m)
    });
    for id in [1, 3] {
        assert_eq!(network.server(id).role(), Role::Candidate, "S{id}");
        assert_eq!(network.server(id).current_term(), 1, "S{id}");
    }
    assert_eq!(network.server(2).voted_for(), Some(1));
    assert_eq!(network.server(4).voted_for(), Some(3));

    network.tick_server(1);
    assert_eq!(network.server(1).role(), Role::Candidate);
    assert_eq!(
        network.server(1).current_term(),
        2,
        "a new election in a new term"
    );
    network.deliver_all();
    assert_eq!(network.server(1).role(), Role::Leader);
    assert_eq!(network.server(1).current_term(), 2);
    assert_eq!(
        network.server(3).role(),
        Role::Follower,
        "S3 steps down on seeing term 2"
    );
    assert_eq!(network.server(3).leader_id(), Some(1));
}

// Reference: §5.2 "Randomized election timeouts ... ensure that split votes are rare and that
// they are resolved quickly." With nothing but timers, a healthy cluster elects one leader.
#[test]
fn timers_alone_elect_exactly_one_leader() {
    for seed_base in 0..20 {
        let mut network = Network::from_disks(
            Config::default(),
            vec![PersistentState::default(); 5],
            seed_base,
        );
        let elected = network.run_until(2_000_000, |n| {
            let leaders = n.leaders();
            leaders.len() == 1
                && n.members()
                    .iter()
                    .all(|&id| n.server(id).leader_id() == Some(leaders[0]))
        });
        assert!(
            elected,
            "seed base {seed_base}: no leader known to all within 2 s"
        );
    }
}

// Reference: §5.2 "A server remains in follower state as long as it receives valid RPCs from a
// leader or candidate. Leaders send periodic heartbeats ... to all followers in order to
// maintain their authority."
#[test]
fn followers_of_a_live_leader_never_time_out() {
    let mut network = Network::new(5);
    network.elect(1);
    let quiet = !network.run_until(5_000_000, |n| {
        n.leaders() != vec![1] || n.server(1).current_term() != 1
    });
    assert!(quiet, "the leader changed at {} µs", network.now());
    for id in 2..=5 {
        assert_eq!(network.server(id).role(), Role::Follower, "S{id}");
        assert_eq!(network.server(id).current_term(), 1, "S{id}");
        assert_eq!(network.server(id).leader_id(), Some(1), "S{id}");
    }
}

// Reference: §5.2 "Each server will vote for at most one candidate in a given term, on a
// first-come-first-served basis"; Figure 2: votedFor is persistent state, so the rule holds
// across a crash.
#[test]
fn at_most_one_vote_per_term_even_after_a_restart() {
    let mut network = Network::new(3);
    let granted = |network: &mut Network, candidate: ServerId| -> bool {
        let reply = only(network.take_in_flight());
        assert_eq!((reply.from, reply.to, reply.term), (1, candidate, 1));
        match reply.body {
            MessageBody::RequestVoteReply { vote_granted } => vote_granted,
            other => panic!("expected a RequestVoteReply, got {other:?}"),
        }
    };

    network.deliver(request_vote(2, 1, 1, 0, 0));
    assert!(granted(&mut network, 2), "first come, first served");
    assert_eq!(network.server(1).voted_for(), Some(2));
    assert_eq!(
        network.disk(1).hard_state.voted_for,
        Some(2),
        "the vote is persisted"
    );

    network.deliver(request_vote(3, 1, 1, 0, 0));
    assert!(
        !granted(&mut network, 3),
        "a second candidate in the same term is refused"
    );
    network.deliver(request_vote(2, 1, 1, 0, 0));
    assert!(
        granted(&mut network, 2),
        "a retried request from the same candidate is granted"
    );

    network.crash(1);
    network.restart(1);
    assert_eq!(network.server(1).current_term(), 1);
    assert_eq!(network.server(1).voted_for(), Some(2));
    network.deliver(request_vote(3, 1, 1, 0, 0));
    assert!(
        !granted(&mut network, 3),
        "the restarted server voted twice in term 1"
    );
}

/// Puts server 1 of a three-server cluster in `role` in term 2 (its log then holds only its
/// leader no-op, if any) with nothing in flight.
fn server_in_role(role: Role) -> Network {
    let disks = vec![disk_with(1, &[]), disk_with(1, &[]), disk_with(1, &[])];
    let mut network = Network::from_disks(Config::default(), disks, 0);
    match role {
        Role::Follower => {
            network.deliver(append_entries(2, 1, 2, (0, 0), vec![], 0));
        }
        Role::Candidate => network.campaign(1),
        Role::Leader => {
            network.campaign(1);
            network.take_in_flight();
            network.deliver(vote_reply(2, 1, 2, true));
        }
        Role::PreCandidate => unreachable!("the paper's Raft has no pre-candidates"),
    }
    network.take_in_flight();
    assert_eq!(network.server(1).role(), role);
    assert_eq!(network.server(1).current_term(), 2);
    network
}

// Reference: §5.1 "If a server's current term is smaller than the other's, then it updates its
// current term to the larger value. If a candidate or leader discovers that its term is out of
// date, it immediately reverts to follower state." Figure 2, Rules for All Servers.
#[test]
fn a_higher_term_in_any_message_makes_a_server_adopt_it_and_step_down() {
    let higher_term_messages = [
        request_vote(3, 1, 5, 0, 0),
        vote_reply(3, 1, 5, false),
        append_entries(3, 1, 5, (0, 0), vec![], 0),
        raft_core::Message {
            from: 3,
            to: 1,
            term: 5,
            body: MessageBody::AppendEntriesReply {
                success: false,
                match_index: 0,
                conflict_term: None,
                conflict_index: 1,
            },
        },
    ];
    for role in [Role::Follower, Role::Candidate, Role::Leader] {
        for message in &higher_term_messages {
            let kind = message.body.kind_name();
            let mut network = server_in_role(role);
            network.deliver(message.clone());
            let server = network.server(1);
            assert_eq!(server.current_term(), 5, "{role:?} given {kind}");
            assert_eq!(server.role(), Role::Follower, "{role:?} given {kind}");
            assert_eq!(
                network.disk(1).hard_state.current_term,
                5,
                "{role:?} given {kind}"
            );
            let expected_leader = (kind == "AppendEntries").then_some(3);
            assert_eq!(server.leader_id(), expected_leader, "{role:?} given {kind}");
            if kind != "RequestVote" {
                assert_eq!(
                    server.voted_for(),
                    None,
                    "{role:?} given {kind}: a new term has no vote yet"
                );
            }
        }
    }
}

// Reference: §5.1 "If a server receives a request with a stale term number, it rejects the
// request." Figure 2: "Reply false if term < currentTerm"; the reply carries the receiver's
// current term so the sender can update itself.
#[test]
fn requests_with_a_stale_term_are_rejected_with_the_current_term() {
    let disks = vec![disk_with(5, &[1, 1]), disk_with(5, &[]), disk_with(5, &[])];
    let mut network = Network::from_disks(Config::default(), disks, 0);

    network.deliver(request_vote(2, 1, 3, 10, 4));
    let replies = replies_by_receiver(network.take_in_flight());
    assert_eq!(
        replies,
        vec![(
            2,
            5,
            MessageBody::RequestVoteReply {
                vote_granted: false
            }
        )]
    );
    assert_eq!(network.server(1).voted_for(), None);

    network.deliver(append_entries(
        3,
        1,
        4,
        (2, 1),
        vec![harness::entry(3, 4)],
        3,
    ));
    let reply = only(network.take_in_flight());
    assert_eq!((reply.to, reply.term), (3, 5));
    assert!(
        matches!(
            reply.body,
            MessageBody::AppendEntriesReply { success: false, .. }
        ),
        "{reply:?}"
    );
    let server = network.server(1);
    assert_eq!(
        network.log_terms(1),
        vec![1, 1],
        "a stale leader's entries are not stored"
    );
    assert_eq!(
        (server.current_term(), server.role(), server.leader_id()),
        (5, Role::Follower, None)
    );
    assert_eq!(
        server.commit_index(),
        0,
        "a stale leader's commit index is ignored"
    );
}
