//! Leadership transfer (dissertation §3.10): a leader hands its role to a follower it chooses,
//! catching the follower's log up first and then sending it a TimeoutNow; the follower wins the
//! next term at once. Meanwhile the leader takes no commands; a transfer that cannot finish is
//! given up after an election timeout.

mod harness;

use harness::Network;
use raft_core::{Config, Message, MessageBody, ProposeError, Role, TransferError};

fn is_timeout_now(message: &Message) -> bool {
    matches!(message.body, MessageBody::TimeoutNow)
}

#[test]
fn an_up_to_date_follower_gets_a_timeout_now_and_wins_the_next_term_at_once() {
    let mut network = Network::new(5);
    network.elect(1);
    network.propose(1, "set x 1").unwrap();
    network.deliver_all();
    let term = network.server(1).current_term();
    let before = network.now();

    network.transfer_leadership(1, 3).unwrap();
    assert_eq!(network.server(1).leadership_transfer(), Some(3));
    let sent: Vec<Message> = network.in_flight().iter().cloned().collect();
    assert_eq!(
        sent.len(),
        1,
        "S3's log already matches: only the TimeoutNow goes out"
    );
    assert!(is_timeout_now(&sent[0]) && sent[0].to == 3 && sent[0].term == term);

    network.deliver_all();
    assert_eq!(network.now(), before, "no timer had to fire");
    assert_eq!(network.leaders(), vec![3]);
    assert_eq!(network.server(3).current_term(), term + 1);
    let old = network.server(1);
    assert_eq!((old.role(), old.leader_id()), (Role::Follower, Some(3)));
    assert_eq!(
        old.leadership_transfer(),
        None,
        "the transfer ended with the leadership"
    );
    network.propose(3, "set y 2").unwrap();
    network.deliver_all();
    assert_eq!(network.log_terms(1), network.log_terms(3));
}

#[test]
fn a_lagging_target_is_caught_up_before_the_timeout_now() {
    let mut network = Network::new(3);
    network.elect(1);
    network.cut(1, 3);
    for value in 0..4 {
        network.propose(1, &format!("set x {value}")).unwrap();
    }
    network.deliver_all();
    network.heal();
    let leader_log = network.log_terms(1);
    assert!(network.log_terms(3).len() < leader_log.len());

    network.transfer_leadership(1, 3).unwrap();
    // The leader believes its lost AppendEntries are still in flight and resends on its next
    // heartbeat; whatever S3 gets, it gets the missing entries before the TimeoutNow.
    let mut timeout_nows = 0;
    let mut entries_before_timeout_now = 0;
    let until = network.now() + network.config().election_timeout_us_min;
    while network.leaders() != vec![3] && network.now() < until {
        network.deliver_all_with(|message| {
            match &message.body {
                MessageBody::TimeoutNow => timeout_nows += 1,
                MessageBody::AppendEntries { entries, .. }
                    if message.to == 3 && timeout_nows == 0 =>
                {
                    entries_before_timeout_now += entries.len()
                }
                _ => {}
            }
            Some(message)
        });
        network.tick();
    }
    assert!(entries_before_timeout_now >= 4, "S3 lacked the 4 commands");
    assert_eq!(timeout_nows, 1, "one TimeoutNow, once S3 matched");
    assert_eq!(network.leaders(), vec![3]);
    let new_log = network.log_terms(3);
    assert_eq!(&new_log[..leader_log.len()], &leader_log[..]);
}

#[test]
fn the_leader_refuses_commands_while_handing_over_and_gives_up_after_an_election_timeout() {
    let mut network = Network::new(5);
    network.elect(1);
    network.deliver_all();
    let term = network.server(1).current_term();
    network.isolate(4);
    network.transfer_leadership(1, 4).unwrap();
    let timeout_nows = network
        .in_flight()
        .iter()
        .filter(|m| is_timeout_now(m))
        .count();
    assert_eq!(
        timeout_nows, 1,
        "S4's log matched, so the TimeoutNow left (to be lost)"
    );
    assert_eq!(
        network.propose(1, "set x 1"),
        Err(ProposeError::TransferringLeadership { to: 4 })
    );

    let give_up = network.now() + network.config().election_timeout_us_max;
    network.run_to(give_up - 1);
    assert_eq!(network.server(1).leadership_transfer(), Some(4), "not yet");
    assert!(network.propose(1, "set x 2").is_err());
    network.run_to(give_up);
    let leader = network.server(1);
    assert_eq!((leader.role(), leader.current_term()), (Role::Leader, term));
    assert_eq!(leader.leadership_transfer(), None, "given up");
    assert!(
        network.propose(1, "set x 3").is_ok(),
        "commands are taken again"
    );
}

#[test]
fn only_a_leader_transfers_and_only_to_another_member() {
    let mut network = Network::new(3);
    network.elect(1);
    network.deliver_all();
    assert_eq!(
        network.transfer_leadership(2, 3),
        Err(TransferError::NotLeader {
            leader_hint: Some(1)
        })
    );
    assert_eq!(
        network.transfer_leadership(1, 1),
        Err(TransferError::AlreadyLeader)
    );
    assert_eq!(
        network.transfer_leadership(1, 7),
        Err(TransferError::NotAMember { to: 7 })
    );
    assert_eq!(network.server(1).leadership_transfer(), None);
    assert!(network.in_flight().is_empty());
}

#[test]
fn asking_twice_sends_one_timeout_now_and_another_target_replaces_the_first() {
    let mut network = Network::new(5);
    network.elect(1);
    network.deliver_all();
    network.cut(1, 2);
    network.transfer_leadership(1, 2).unwrap();
    network.transfer_leadership(1, 2).unwrap();
    let to_two = network
        .in_flight()
        .iter()
        .filter(|m| is_timeout_now(m))
        .count();
    assert_eq!(to_two, 1);
    network.take_in_flight(); // lost on the cut link
    network.heal();
    network.transfer_leadership(1, 3).unwrap();
    assert_eq!(network.server(1).leadership_transfer(), Some(3));
    network.deliver_all();
    assert_eq!(network.leaders(), vec![3]);
}

#[test]
fn works_past_pre_vote_and_the_check_quorum_lease() {
    // With both extensions on, every follower hears from S1 and would ignore (CheckQuorum) or
    // refuse (PreVote) an ordinary campaign. The transfer's election skips PreVote, and its
    // RequestVotes say they come from a transfer, so the lease does not apply.
    let config = Config {
        check_quorum: true,
        pre_vote: true,
        ..Config::default()
    };
    let mut network = Network::with_config(5, config);
    network.elect(1);
    network.deliver_all();
    let term = network.server(1).current_term();
    network.transfer_leadership(1, 5).unwrap();
    let mut asked = Vec::new();
    network.deliver_all_with(|message| {
        if message.from == 5 {
            asked.push(message.body.clone());
        }
        Some(message)
    });
    assert!(asked.iter().all(|body| matches!(
        body,
        MessageBody::RequestVote {
            leadership_transfer: true,
            ..
        } | MessageBody::AppendEntries { .. }
    )));
    assert_eq!(network.leaders(), vec![5]);
    assert_eq!(network.server(5).current_term(), term + 1);
}

#[test]
fn a_stale_timeout_now_or_one_to_a_leader_is_ignored() {
    let mut network = Network::new(3);
    network.elect(1);
    network.deliver_all();
    let term = network.server(1).current_term();
    network.elect(2); // term + 1
    network.deliver_all();
    let stale = Message {
        from: 1,
        to: 3,
        term,
        body: MessageBody::TimeoutNow,
    };
    assert!(network.deliver(stale));
    let to_leader = Message {
        from: 3,
        to: 2,
        term: term + 1,
        body: MessageBody::TimeoutNow,
    };
    assert!(network.deliver(to_leader));
    network.deliver_all();
    assert_eq!(network.leaders(), vec![2]);
    assert_eq!(network.server(3).current_term(), term + 1);
}
