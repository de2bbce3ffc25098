//! CheckQuorum and the leader lease (etcd raft's `checkQuorum`, dissertation §6.2): a leader
//! cut off from the majority steps down; servers that hear from a leader ignore candidates cut
//! off from it. Each behaviour is checked against the paper's Raft (the switch off) too, so the
//! tests show what the switch changes.

mod harness;

use harness::{append_entries, request_vote, vote_reply, Network};
use raft_core::{
    Config, MessageBody, PersistentState, ProposeError, RaftServer, Role, ServerId, Term, Time,
};

fn config(check_quorum: bool) -> Config {
    Config {
        check_quorum,
        ..Config::default()
    }
}

#[test]
fn a_leader_cut_off_from_the_majority_steps_down_within_two_election_timeouts() {
    for check_quorum in [true, false] {
        let mut network = Network::with_config(5, config(check_quorum));
        network.elect(1);
        let term = network.server(1).current_term();
        let elected_at = network.now();
        network.isolate(1);
        let timeout = network.config().election_timeout_us_min;
        network.run_to(elected_at + 2 * timeout);
        let old_leader = network.server(1);
        if check_quorum {
            assert_eq!(
                old_leader.role(),
                Role::Follower,
                "it heard from no majority"
            );
            assert_eq!(
                old_leader.current_term(),
                term,
                "stepping down keeps the term"
            );
            assert_eq!(old_leader.leader_id(), None);
            assert_eq!(
                network.propose(1, "set x 1"),
                Err(ProposeError::NotLeader { leader_hint: None }),
                "it refuses commands it could not commit"
            );
        } else {
            assert_eq!(
                old_leader.role(),
                Role::Leader,
                "the paper's leader stays on"
            );
        }
        // The majority side elects a leader of a later term either way.
        let leaders = network.leaders();
        assert!(
            leaders.iter().any(|&id| id != 1),
            "check_quorum {check_quorum}: no leader among S2..S5: {leaders:?}"
        );
    }
}

#[test]
fn a_leader_that_hears_from_a_bare_majority_stays_and_its_followers_ignore_the_others() {
    // S1 leads; S4 and S5 cannot reach S1 but reach S2 and S3. They time out and campaign in
    // ever higher terms. With CheckQuorum, S2 and S3 hear from S1 and ignore those RequestVotes,
    // so S1 keeps its majority (itself, S2, S3) and its term; without it, S2 and S3 adopt the
    // higher term and S1 is deposed.
    for check_quorum in [true, false] {
        let mut network = Network::with_config(5, config(check_quorum));
        network.elect(1);
        let term = network.server(1).current_term();
        network.cut(1, 4);
        network.cut(1, 5);
        let until = network.now() + 1_000_000;
        network.run_to(until);
        let leader = network.server(1);
        if check_quorum {
            assert_eq!(leader.role(), Role::Leader);
            assert_eq!(leader.current_term(), term);
            for id in [2, 3] {
                assert_eq!(network.server(id).current_term(), term, "S{id}");
                assert_eq!(network.server(id).leader_id(), Some(1), "S{id}");
            }
            assert!(
                network.server(4).current_term() > term,
                "S4 did campaign (its RequestVotes were ignored, not absent)"
            );
        } else {
            assert!(
                leader.current_term() > term,
                "without the lease the higher terms reach S1 through S2 and S3"
            );
        }
    }
}

#[test]
fn a_new_leader_is_still_elected_after_the_leader_crashes() {
    let mut network = Network::with_config(5, config(true));
    network.elect(1);
    let term = network.server(1).current_term();
    network.crash(1);
    let until = network.now() + 2_000_000;
    let elected = network.run_until(until, |network| !network.leaders().is_empty());
    assert!(elected, "the leases ran out and a candidate won");
    let leader = network.leaders()[0];
    assert!(network.server(leader).current_term() > term);
}

/// A follower of `leader` in `term` that last heard from it at time `heard_at`.
fn follower_of(leader: ServerId, term: Term, heard_at: Time) -> RaftServer {
    let mut follower = RaftServer::new(
        2,
        &[1, 2, 3],
        config(true),
        PersistentState::default(),
        2,
        0,
    );
    let heartbeat = append_entries(leader, 2, term, (0, 0), Vec::new(), 0);
    follower.handle_message(heartbeat, heard_at);
    let _ = follower.ready();
    assert_eq!(follower.leader_id(), Some(leader));
    follower
}

#[test]
fn a_follower_ignores_a_higher_term_request_vote_only_while_its_lease_lasts() {
    let min = Config::default().election_timeout_us_min;
    let mut follower = follower_of(1, 2, 1_000);
    // Within the lease: no reply, no new term, no vote.
    follower.handle_message(request_vote(3, 2, 5, 0, 0), 1_000 + min - 1);
    assert!(follower.ready().messages.is_empty());
    assert_eq!(follower.current_term(), 2);
    assert_eq!(follower.voted_for(), None);
    // Once the lease is over the same request is answered as in the paper.
    follower.handle_message(request_vote(3, 2, 5, 0, 0), 1_000 + min);
    let replies = follower.ready().messages;
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].term, 5);
    assert_eq!(
        replies[0].body,
        MessageBody::RequestVoteReply { vote_granted: true }
    );
    assert_eq!(follower.voted_for(), Some(3));
}

#[test]
fn the_lease_ignores_only_request_votes_of_a_higher_term() {
    let mut follower = follower_of(1, 2, 0);
    // A RequestVote of the current term is answered as in the paper, not ignored.
    follower.handle_message(request_vote(3, 2, 2, 0, 0), 10);
    let replies = follower.ready().messages;
    assert_eq!(replies.len(), 1);
    assert_eq!((replies[0].to, replies[0].term), (3, 2));
    // A newer leader's AppendEntries is obeyed at once.
    let newer = append_entries(3, 2, 4, (0, 0), Vec::new(), 0);
    follower.handle_message(newer, 20);
    assert_eq!(follower.current_term(), 4);
    assert_eq!(follower.leader_id(), Some(3));
}

/// Server 1 of three, elected leader of term 1 at time 0 by S2's vote.
fn leader_of_three(config: Config) -> RaftServer {
    let mut leader = RaftServer::new(1, &[1, 2, 3], config, PersistentState::default(), 1, 0);
    leader.campaign(0);
    let _ = leader.ready();
    leader.handle_message(vote_reply(2, 1, 1, true), 0);
    assert_eq!(leader.role(), Role::Leader);
    let _ = leader.ready();
    leader
}

/// Fires the server's timers until virtual time reaches `until` (nobody answers).
fn fire_timers_until(server: &mut RaftServer, until: Time) {
    while server.next_deadline() <= until {
        let now = server.next_deadline();
        server.handle_timeout(now);
        let _ = server.ready();
    }
}

#[test]
fn switched_on_while_leading_the_first_check_is_one_election_timeout_later() {
    let min = Config::default().election_timeout_us_min;
    let mut leader = leader_of_three(config(false));
    fire_timers_until(&mut leader, 10 * min);
    assert_eq!(leader.role(), Role::Leader, "switched off: no check");
    let switched_at = 10 * min;
    leader.set_check_quorum(true, switched_at);
    assert!(leader.config().check_quorum);
    fire_timers_until(&mut leader, switched_at + min - 1);
    assert_eq!(
        leader.role(),
        Role::Leader,
        "the first check is not due yet"
    );
    fire_timers_until(&mut leader, switched_at + min);
    assert_eq!(
        leader.role(),
        Role::Follower,
        "nobody answered: it steps down"
    );
    assert_eq!(leader.current_term(), 1);
    assert!(leader.election_timer().is_some(), "a follower's timer runs");
}

#[test]
fn one_answering_follower_of_two_keeps_a_leader_of_three() {
    let min = Config::default().election_timeout_us_min;
    let mut leader = leader_of_three(config(true));
    for round in 1..=5 {
        // S2 answers once per check interval; S3 never does.
        let at = round * min - 1;
        let reply = raft_core::Message {
            from: 2,
            to: 1,
            term: 1,
            body: MessageBody::AppendEntriesReply {
                success: true,
                match_index: 1,
                conflict_term: None,
                conflict_index: 0,
            },
        };
        fire_timers_until(&mut leader, at);
        leader.handle_message(reply, at);
        let _ = leader.ready();
        fire_timers_until(&mut leader, round * min);
        assert_eq!(leader.role(), Role::Leader, "round {round}");
    }
    // S2 goes quiet too: the next check deposes it.
    fire_timers_until(&mut leader, 7 * min);
    assert_eq!(leader.role(), Role::Follower);
}

#[test]
fn replies_of_an_earlier_term_do_not_count_as_heard() {
    let min = Config::default().election_timeout_us_min;
    let mut leader = leader_of_three(config(true));
    leader.handle_message(vote_reply(2, 1, 0, true), min / 2);
    let _ = leader.ready();
    fire_timers_until(&mut leader, min);
    assert_eq!(leader.role(), Role::Follower);
}
