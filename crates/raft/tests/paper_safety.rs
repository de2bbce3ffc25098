//! Paper §5.4: the election restriction (§5.4.1), committing entries from previous terms
//! (§5.4.2) and Leader Completeness, end to end.

mod harness;

use harness::{disk_with, request_vote, Network};
use raft_core::{Config, EntryPayload, LogIndex, MessageBody, Role, Term};

// Reference: §5.4.1 "Raft determines which of two logs is more up-to-date by comparing the index
// and term of the last entries in the logs. If the logs have last entries with different terms,
// then the log with the later term is more up-to-date. If the logs end with the same term, then
// whichever log is longer is more up-to-date." A voter refuses a candidate whose log is less
// up to date than its own.
#[test]
fn vote_is_granted_only_to_a_candidate_whose_log_is_at_least_as_up_to_date() {
    // The voter's log ends with (index 3, term 2).
    let voter_log: &[Term] = &[1, 1, 2];
    // (candidate's last log index, last log term, vote granted)
    let cases: [(LogIndex, Term, bool); 9] = [
        (3, 3, true),  // later last term, same length
        (1, 3, true),  // later last term, shorter log
        (4, 2, true),  // same last term, longer log
        (3, 2, true),  // identical
        (2, 2, false), // same last term, shorter log
        (5, 1, false), // earlier last term, longer log
        (3, 1, false), // earlier last term, same length
        (1, 1, false),
        (0, 0, false), // empty log
    ];
    for (last_log_index, last_log_term, granted) in cases {
        let disks = vec![
            disk_with(2, voter_log),
            disk_with(2, &[]),
            disk_with(2, &[]),
        ];
        let mut network = Network::from_disks(Config::default(), disks, 0);
        network.deliver(request_vote(2, 1, 3, last_log_index, last_log_term));
        let replies = network.take_in_flight();
        let case = format!("candidate log ends ({last_log_index}, {last_log_term})");
        assert_eq!(replies.len(), 1, "{case}: {replies:?}");
        assert_eq!(replies[0].term, 3, "{case}");
        assert_eq!(
            replies[0].body,
            MessageBody::RequestVoteReply {
                vote_granted: granted
            },
            "{case}"
        );
        let voter = network.server(1);
        assert_eq!(
            voter.current_term(),
            3,
            "{case}: the voter adopts the higher term either way"
        );
        assert_eq!(voter.voted_for(), granted.then_some(2), "{case}");
        assert_eq!(
            network.log_terms(1),
            voter_log,
            "{case}: voting never touches the log"
        );
    }

    // An empty log is as up to date as another empty log.
    let mut network = Network::new(3);
    network.deliver(request_vote(2, 1, 1, 0, 0));
    let reply = network.take_in_flight().pop().unwrap();
    assert_eq!(
        reply.body,
        MessageBody::RequestVoteReply { vote_granted: true }
    );
}

// Reference: §5.4.2 "Raft never commits log entries from previous terms by counting replicas.
// Only log entries from the leader's current term are committed by counting replicas"; §8 "each
// leader commit a blank no-op entry into the log at the start of its term".
#[test]
fn new_leader_commits_earlier_entries_through_a_noop_of_its_own_term() {
    let disks = vec![disk_with(1, &[1, 1]); 3];
    let mut network = Network::from_disks(Config::default(), disks, 0);
    network.campaign(1);
    network.deliver_all();
    let leader = network.server(1);
    assert_eq!((leader.role(), leader.current_term()), (Role::Leader, 2));
    assert_eq!(network.log_terms(1), vec![1, 1, 2]);
    assert_eq!(
        leader.log()[2].payload,
        EntryPayload::Noop,
        "the new leader's first entry is a no-op"
    );
    assert_eq!(
        leader.commit_index(),
        3,
        "the no-op commits, and the term-1 entries with it"
    );
    let applied: Vec<LogIndex> = network.applied(1).iter().map(|e| e.index).collect();
    assert_eq!(applied, vec![1, 2, 3]);
}

// Reference: §5.4 Leader Completeness: "if a log entry is committed in a given term, then that
// entry will be present in the logs of the leaders for all higher-numbered terms." A server
// missing committed entries cannot win (§5.4.1); one of the others does, and it holds them all.
#[test]
fn a_new_leader_holds_every_committed_entry() {
    let mut network = Network::new(5);
    network.elect(1);
    network.deliver_all();
    network.cut(1, 5); // S5 misses the commands
    for command in ["set a 1", "set b 2", "set c 3"] {
        network.propose(1, command).unwrap();
    }
    network.deliver_all();
    let commit = network.server(1).commit_index();
    assert_eq!(commit, 4, "the no-op and three commands commit on S1..S4");
    let committed = network.server(1).log()[..commit as usize].to_vec();
    assert_eq!(network.log_terms(5), vec![1], "S5 has only the no-op");

    network.isolate(1);
    network.campaign(5);
    network.deliver_all();
    assert_ne!(
        network.server(5).role(),
        Role::Leader,
        "S5 lacks committed entries and must lose"
    );

    let elected = network.run_until(5_000_000, |n| n.leaders().iter().any(|&id| id != 1));
    assert!(elected, "no new leader among S2..S5 within 5 s");
    let new_leader = *network.leaders().iter().find(|&&id| id != 1).unwrap();
    assert_ne!(new_leader, 5);
    let log = network.server(new_leader).log();
    assert!(
        log.len() >= committed.len(),
        "S{new_leader}'s log is shorter than the commit index"
    );
    assert_eq!(
        log[..committed.len()],
        committed[..],
        "S{new_leader} lost committed entries"
    );

    // Once healed, everyone (S5 and the deposed S1 included) converges on the new leader's log.
    network.heal();
    let converged = network.run_until(network.now() + 2_000_000, |n| {
        let leader_log = n.server(new_leader).log();
        n.members()
            .iter()
            .all(|&id| n.server(id).log() == leader_log)
            && n.members()
                .iter()
                .all(|&id| n.server(id).commit_index() == leader_log.len() as u64)
    });
    assert!(converged, "logs did not converge after healing");
    assert_eq!(
        network.leaders(),
        vec![new_leader],
        "the old leader stepped down"
    );
    for id in 1..=5 {
        assert_eq!(
            network.applied(id)[..committed.len()],
            committed[..],
            "S{id}"
        );
    }
}
