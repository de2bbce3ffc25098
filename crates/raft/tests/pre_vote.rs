//! PreVote (dissertation §9.6, etcd raft's `preVote`): a server asks whether it could win before
//! raising its term. Each behaviour is checked against the paper's Raft (the switch off) where
//! the two differ, and the classic PreVote bugs of etcd's history are replayed.

mod harness;

use harness::{disk_with, pre_vote, pre_vote_reply, request_vote, Network};
use raft_core::{Config, MessageBody, PersistentState, RaftServer, Role, ServerId, Term};

fn config(pre_vote: bool) -> Config {
    Config {
        pre_vote,
        ..Config::default()
    }
}

#[test]
fn a_follower_cut_off_keeps_its_term_and_rejoins_without_deposing_the_leader() {
    for pre_vote in [true, false] {
        let mut network = Network::with_config(5, config(pre_vote));
        network.elect(1);
        let term = network.server(1).current_term();
        network.isolate(3);
        let until = network.now() + 2_000_000;
        network.run_to(until);
        let cut_off = network.server(3);
        if pre_vote {
            assert_eq!(
                cut_off.current_term(),
                term,
                "no majority of pre-votes, no new term"
            );
            assert_eq!(cut_off.role(), Role::PreCandidate);
            assert_eq!(cut_off.voted_for(), network.server(2).voted_for());
        } else {
            assert!(
                cut_off.current_term() > term + 3,
                "the paper's keeps campaigning"
            );
        }
        network.heal();
        let until = network.now() + 1_000_000;
        network.run_to(until);
        if pre_vote {
            assert_eq!(network.leaders(), [1], "S1 still leads");
            assert_eq!(network.server(1).current_term(), term);
            assert_eq!(network.server(3).role(), Role::Follower);
            assert_eq!(network.server(3).leader_id(), Some(1));
        } else {
            assert!(
                network.server(1).current_term() > term,
                "the returning server's term deposes S1"
            );
        }
    }
}

#[test]
fn a_follower_cut_off_from_the_leader_alone_cannot_depose_it() {
    // S3 reaches everyone but S1. Its pre-votes go to servers that hear from S1, which refuse
    // them; in the paper's Raft its RequestVotes of ever higher terms depose S1 again and again.
    for pre_vote in [true, false] {
        let mut network = Network::with_config(5, config(pre_vote));
        network.elect(1);
        let term = network.server(1).current_term();
        network.cut(1, 3);
        let until = network.now() + 2_000_000;
        network.run_to(until);
        if pre_vote {
            assert_eq!(network.leaders(), [1]);
            assert_eq!(network.server(1).current_term(), term);
            assert_eq!(network.server(3).current_term(), term);
        } else {
            assert!(network.server(1).current_term() > term);
        }
    }
}

#[test]
fn a_crashed_leader_is_replaced_after_one_round_of_pre_votes() {
    let mut network = Network::with_config(5, config(true));
    network.elect(1);
    let term = network.server(1).current_term();
    network.crash(1);
    let until = network.now() + 2_000_000;
    assert!(network.run_until(until, |network| !network.leaders().is_empty()));
    let leader = network.leaders()[0];
    assert_ne!(leader, 1);
    assert!(network.server(leader).current_term() > term);
}

#[test]
fn an_election_timeout_makes_a_pre_candidate_that_asks_for_the_next_term() {
    let mut network = Network::with_config(3, config(true));
    network.campaign(2); // "time out now" is an election timeout like any other
    let server = network.server(2);
    assert_eq!(server.role(), Role::PreCandidate);
    assert_eq!(server.current_term(), 0, "the term is only proposed");
    assert_eq!(server.voted_for(), None, "no vote is cast");
    assert_eq!(server.votes_received(), [2], "it counts its own pre-vote");
    assert!(server.election_timer().is_some());
    let asked: Vec<(ServerId, Term)> = network
        .in_flight()
        .iter()
        .map(|m| {
            assert!(matches!(m.body, MessageBody::PreVote { .. }), "{m:?}");
            (m.to, m.term)
        })
        .collect();
    assert_eq!(asked, [(1, 1), (3, 1)]);
    // A pre-vote granted by S1 is a majority of three: a real election for term 1 follows.
    network.deliver_all();
    assert_eq!(network.leaders(), [2]);
    assert_eq!(network.server(2).current_term(), 1);
}

#[test]
fn granting_a_pre_vote_changes_no_term_vote_or_timer() {
    let mut follower = RaftServer::new(1, &[1, 2, 3], config(true), disk_with(4, &[1, 4]), 1, 0);
    let timer = follower.election_timer();
    follower.handle_message(pre_vote(2, 1, 5, 2, 4), 10);
    let replies = follower.ready().messages;
    assert_eq!(replies, [pre_vote_reply(1, 2, 5, true)]);
    assert_eq!(follower.current_term(), 4);
    assert_eq!(follower.voted_for(), None);
    assert_eq!(follower.election_timer(), timer);
    assert_eq!(follower.role(), Role::Follower);
}

#[test]
fn pre_votes_are_refused_for_a_stale_log_a_term_not_later_and_while_a_leader_is_heard() {
    let start = || RaftServer::new(1, &[1, 2, 3], config(true), disk_with(4, &[1, 4]), 1, 0);
    // The pre-candidate's log is behind ours (§5.4.1).
    let mut follower = start();
    follower.handle_message(pre_vote(2, 1, 5, 5, 1), 10);
    assert_eq!(follower.ready().messages, [pre_vote_reply(1, 2, 4, false)]);
    // Not a later term than ours.
    follower.handle_message(pre_vote(2, 1, 4, 2, 4), 10);
    assert_eq!(follower.ready().messages, [pre_vote_reply(1, 2, 4, false)]);
    // We heard from the leader of term 4 less than an election timeout ago.
    let heartbeat = harness::append_entries(3, 1, 4, (2, 4), Vec::new(), 0);
    follower.handle_message(heartbeat, 100);
    let _ = follower.ready();
    let min = Config::default().election_timeout_us_min;
    follower.handle_message(pre_vote(2, 1, 5, 2, 4), 100 + min - 1);
    assert_eq!(follower.ready().messages, [pre_vote_reply(1, 2, 4, false)]);
    // ... and once that is over, it is granted.
    follower.handle_message(pre_vote(2, 1, 5, 2, 4), 100 + min);
    assert_eq!(follower.ready().messages, [pre_vote_reply(1, 2, 5, true)]);
    assert_eq!(follower.current_term(), 4);
}

#[test]
fn a_refusal_of_a_later_term_makes_the_pre_candidate_adopt_it() {
    // etcd raft's deadlock: a server with a higher term (from an earlier campaign) but a stale
    // log refuses every pre-vote; if its refusals were dropped as "stale", the others could
    // never reach its term. The refusal carries its term, and the pre-candidate adopts it.
    let mut server = RaftServer::new(1, &[1, 2, 3], config(true), disk_with(2, &[1, 2]), 1, 0);
    server.campaign(0);
    let _ = server.ready();
    assert_eq!(server.role(), Role::PreCandidate);
    server.handle_message(pre_vote_reply(3, 1, 7, false), 5);
    assert_eq!(server.role(), Role::Follower);
    assert_eq!(server.current_term(), 7);
    server.campaign(10);
    let asked = server.ready().messages;
    assert!(asked.iter().all(|m| m.term == 8), "{asked:?}");
}

#[test]
fn a_cluster_with_a_stale_server_of_a_higher_term_still_elects_a_leader() {
    // S3 campaigned alone up to term 5 (the paper's Raft, before PreVote was switched on) and
    // missed entries of term 2; S1 and S2 are at term 2 with longer logs.
    let disks = vec![
        disk_with(2, &[1, 2]),
        disk_with(2, &[1, 2]),
        disk_with(5, &[1]),
    ];
    let mut network = Network::from_disks(config(true), disks, 0);
    let until = network.now() + 3_000_000;
    assert!(network.run_until(until, |network| !network.leaders().is_empty()));
    let leader = network.leaders()[0];
    assert_ne!(leader, 3, "S3's log is stale: it cannot win");
    let term = network.server(leader).current_term();
    assert!(term > 5, "the leader's term passed S3's: {term}");
    let until = network.now() + 500_000;
    network.run_to(until);
    assert_eq!(network.log_terms(3), network.log_terms(leader));
}

#[test]
fn a_pre_candidate_follows_a_leader_of_its_term_and_ignores_stale_pre_votes() {
    let mut server = RaftServer::new(1, &[1, 2, 3], config(true), disk_with(3, &[]), 1, 0);
    server.campaign(0);
    let _ = server.ready();
    // A granted pre-vote for an older proposal does not count.
    server.handle_message(pre_vote_reply(2, 1, 3, true), 1);
    assert_eq!(server.votes_received(), [1]);
    assert_eq!(server.current_term(), 3);
    // The leader of term 3 speaks: the pre-candidate follows it.
    let heartbeat = harness::append_entries(2, 1, 3, (0, 0), Vec::new(), 0);
    server.handle_message(heartbeat, 2);
    assert_eq!(server.role(), Role::Follower);
    assert_eq!(server.leader_id(), Some(2));
    assert_eq!(server.votes_received(), [] as [ServerId; 0]);
}

#[test]
fn a_single_server_with_pre_vote_leads_at_once() {
    let mut network = Network::from_disks(config(true), vec![PersistentState::default()], 0);
    network.tick();
    assert_eq!(network.leaders(), [1]);
    assert_eq!(network.server(1).current_term(), 1);
}

#[test]
fn real_request_votes_are_answered_as_in_the_paper_with_pre_vote_on() {
    let mut follower = RaftServer::new(1, &[1, 2, 3], config(true), disk_with(4, &[1, 4]), 1, 0);
    follower.handle_message(request_vote(2, 1, 5, 2, 4), 10);
    let replies = follower.ready().messages;
    assert_eq!(replies.len(), 1);
    assert_eq!(
        replies[0].body,
        MessageBody::RequestVoteReply { vote_granted: true }
    );
    assert_eq!(follower.current_term(), 5);
    assert_eq!(follower.voted_for(), Some(2));
}
