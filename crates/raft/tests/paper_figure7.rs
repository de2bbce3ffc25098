//! Paper Figure 7 (§5.3): when the leader of term 8 comes to power, its followers' logs may be
//! missing entries, hold extra uncommitted ones, or both. The AppendEntries consistency check
//! repairs every one of them, and the conflict hint makes that take few round trips.

mod harness;

use harness::{disk_with, Network};
use raft_core::{Config, Entry, EntryPayload, Message, MessageBody, Role, ServerId, Term};

/// The log of the leader of term 8 (the figure's top row).
const LEADER_LOG: &[Term] = &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6];

/// The figure's followers (a)–(f): their logs, and how many AppendEntries rejections the leader
/// may need to repair each with the conflict hint (one entry per round trip would need up to 7).
const FOLLOWERS: [(char, &[Term], usize); 6] = [
    ('a', &[1, 1, 1, 4, 4, 5, 5, 6, 6], 1),
    ('b', &[1, 1, 1, 4], 1),
    ('c', &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], 1),
    ('d', &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], 1),
    ('e', &[1, 1, 1, 4, 4, 4, 4], 2),
    ('f', &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], 2),
];

/// A follower's disk: its log, in the last term its log shows (below 8).
fn follower_disk(terms: &[Term]) -> raft_core::PersistentState {
    disk_with(*terms.last().unwrap(), terms)
}

fn is_rejection(message: &Message) -> bool {
    matches!(
        message.body,
        MessageBody::AppendEntriesReply { success: false, .. }
    )
}

/// S1 (the figure's leader, persisted in term 7) campaigns and wins term 8, replicates its
/// no-op and then one client command, and sends a heartbeat so followers learn the commit index.
/// Returns the number of rejected AppendEntries from each server.
fn replicate_from_the_leader_of_term_8(network: &mut Network) -> Vec<(ServerId, usize)> {
    let mut rejections = vec![0; network.members().len() + 1];
    let mut count = |m: Message| {
        if is_rejection(&m) {
            rejections[m.from as usize] += 1;
        }
        Some(m)
    };
    network.campaign(1);
    network.deliver_all_with(&mut count);
    assert_eq!(network.server(1).role(), Role::Leader);
    assert_eq!(network.server(1).current_term(), 8);
    network.propose(1, "set x 8").unwrap();
    network.deliver_all_with(&mut count);
    network.tick_server(1);
    network.deliver_all_with(&mut count);
    (1..=network.members().len() as ServerId)
        .map(|id| (id, rejections[id as usize]))
        .collect()
}

/// The leader's log after it took over: the figure's top row, its no-op and the command.
fn assert_leader_log(leader_log: &[Entry]) {
    let terms: Vec<Term> = leader_log.iter().map(|e| e.term).collect();
    let expected: Vec<Term> = LEADER_LOG.iter().copied().chain([8, 8]).collect();
    assert_eq!(terms, expected);
    assert_eq!(leader_log[10].payload, EntryPayload::Noop);
    assert_eq!(leader_log[11].command(), Some("set x 8"));
}

// Reference: §5.3, Figure 7 "a follower may be missing entries (a–b), may have extra
// uncommitted entries (c–d), or both (e–f)"; "the leader handles inconsistencies by forcing the
// followers' logs to duplicate its own"; the optimisation "the follower can include the term of
// the conflicting entry and the first index it stores for that term" needs "one AppendEntries
// RPC ... for each term with conflicting entries, rather than one RPC per entry".
#[test]
fn each_figure7_follower_converges_to_the_leaders_log() {
    for (case, follower_log, max_rejections) in FOLLOWERS {
        // S1 the leader, S2 the follower of this case, S3 a voter holding the leader's log.
        let disks = vec![
            disk_with(7, LEADER_LOG),
            follower_disk(follower_log),
            disk_with(7, LEADER_LOG),
        ];
        let mut network = Network::from_disks(Config::default(), disks, 7);
        let rejections = replicate_from_the_leader_of_term_8(&mut network);

        let leader_log = network.server(1).log().to_vec();
        assert_leader_log(&leader_log);
        for id in [2, 3] {
            assert_eq!(
                network.server(id).log(),
                leader_log,
                "({case}): S{id}'s log"
            );
            assert_eq!(network.disk(id).log, leader_log, "({case}): S{id}'s disk");
            assert_eq!(network.server(id).commit_index(), 12, "({case}): S{id}");
        }
        let follower_rejections = rejections[1].1;
        assert!(
            follower_rejections <= max_rejections,
            "({case}): {follower_rejections} rejections, at most {max_rejections} expected with the conflict hint"
        );
        assert_eq!(
            rejections[2].1, 0,
            "({case}): S3 already matched the leader"
        );
    }
}

// Reference: §5.3, Figure 7 as drawn: the leader and all six followers in one seven-server
// cluster. Followers (a), (b), (e), (f) vote for the leader (its log is more up to date, §5.4.1);
// (c) and (d) refuse, yet are repaired like the others.
#[test]
fn the_whole_figure7_cluster_converges_to_the_leaders_log() {
    let mut disks = vec![disk_with(7, LEADER_LOG)];
    disks.extend(FOLLOWERS.iter().map(|(_, log, _)| follower_disk(log)));
    let mut network = Network::from_disks(Config::default(), disks, 7);
    let rejections = replicate_from_the_leader_of_term_8(&mut network);

    for (i, (case, _, _)) in FOLLOWERS.iter().enumerate() {
        let id = i as ServerId + 2;
        let voted_for_leader = matches!(case, 'a' | 'b' | 'e' | 'f');
        assert_eq!(
            network.server(id).voted_for() == Some(1),
            voted_for_leader,
            "({case}) S{id}'s vote"
        );
    }
    let leader_log = network.server(1).log().to_vec();
    assert_leader_log(&leader_log);
    for id in 2..=7 {
        assert_eq!(network.server(id).log(), leader_log, "S{id}");
        assert_eq!(network.server(id).commit_index(), 12, "S{id}");
        assert_eq!(network.applied(id).len(), 12, "S{id}");
    }
    let total: usize = rejections.iter().map(|(_, n)| n).sum();
    let bound: usize = FOLLOWERS.iter().map(|(_, _, n)| n).sum();
    assert!(
        total <= bound,
        "{total} rejections in all ({rejections:?}), at most {bound} expected"
    );
}
