//! Paper Figure 8 (§5.4.2): why a leader must not commit an entry of an earlier term by counting
//! replicas. Five servers replay the figure's (a)–(e) by crashing servers and dropping messages.
//!
//! Our leaders append a no-op at the start of their term (§8), so each leader's "new entry" in
//! the figure is its no-op: S1's term-2 entry and S5's term-3 entry at index 2, S1's term-4
//! entry at index 3.

mod harness;

use std::collections::BTreeSet;

use harness::{disk_with, is_append, Network};
use raft_core::{Config, Entry, Message, MessageBody, Role, Term};

fn terms_of(log: &[Entry]) -> Vec<Term> {
    log.iter().map(|e| e.term).collect()
}

/// Plays (a), (b) and (c) and returns the cluster in state (c): S1 leads term 4 with log
/// 1,2,4; S2 and S3 hold 1,2; S4 holds 1; S5 (crashed) holds 1,3.
fn figure8_c() -> Network {
    // Every server starts with the entry of term 1 at index 1.
    let mut network = Network::from_disks(Config::default(), vec![disk_with(1, &[1]); 5], 8);

    // (a) S1 is leader of term 2 and replicates its entry at index 2 to S2 only.
    network.campaign(1);
    network.deliver_all_with(|m| (!(is_append(&m) && m.to >= 3)).then_some(m));
    assert_eq!(network.leaders(), vec![1]);
    assert_eq!(network.server(1).current_term(), 2);
    assert_eq!(network.log_terms(1), vec![1, 2]);
    assert_eq!(network.log_terms(2), vec![1, 2]);
    for id in [3, 4, 5] {
        assert_eq!(network.log_terms(id), vec![1], "(a) S{id}");
    }
    assert_eq!(
        network.server(1).commit_index(),
        0,
        "(a) index 2 is on two servers only"
    );

    // (b) S1 crashes; S5 is elected leader of term 3 with votes from S3, S4 and itself, and
    // appends a different entry at index 2, which reaches no one.
    network.crash(1);
    network.campaign(5);
    network.deliver_all_with(|m| (!is_append(&m)).then_some(m));
    assert_eq!(network.leaders(), vec![5]);
    assert_eq!(network.server(5).current_term(), 3);
    assert_eq!(network.log_terms(5), vec![1, 3]);
    assert_eq!(
        network.server(2).voted_for(),
        None,
        "(b) S2's log is more up to date than S5's"
    );
    assert_eq!(network.server(3).voted_for(), Some(5));
    assert_eq!(network.server(4).voted_for(), Some(5));

    // (c) S5 crashes; S1 restarts and is elected leader of term 4 (term 3 is taken: S3 and S4
    // voted for S5 in it). S1 replicates its term-2 entry at index 2 to S3, but its term-4
    // entry at index 3 reaches no one and S4 hears nothing from it.
    network.crash(5);
    network.restart(1);
    network.campaign(1);
    network.deliver_all();
    assert_eq!(
        network.server(1).role(),
        Role::Candidate,
        "(c) S1 cannot win term 3"
    );
    assert_eq!(network.server(1).current_term(), 3);
    network.campaign(1);
    // The network trims entries past index 2 from S1's AppendEntries to S2 and S3, as if S1 had
    // sent only its term-2 entry. A follower answers with match_index = prev_log_index + the
    // entries it received, so S1 learns that S2 and S3 hold index 2. An AppendEntries left with
    // nothing to deliver but a retry of entry 3 gets through once per follower (so S2, which
    // already holds index 2, can confirm it), then is dropped.
    let mut emptied = BTreeSet::new();
    network.deliver_all_with(|mut m: Message| {
        if m.to == 4 && is_append(&m) {
            return None;
        }
        if let MessageBody::AppendEntries { entries, .. } = &mut m.body {
            if entries.iter().any(|e| e.index > 2) {
                entries.retain(|e| e.index <= 2);
                if entries.is_empty() && !emptied.insert(m.to) {
                    return None;
                }
            }
        }
        Some(m)
    });
    assert_eq!(network.leaders(), vec![1]);
    assert_eq!(network.server(1).current_term(), 4);
    assert_eq!(network.log_terms(1), vec![1, 2, 4]);
    assert_eq!(network.log_terms(2), vec![1, 2]);
    assert_eq!(network.log_terms(3), vec![1, 2]);
    assert_eq!(network.log_terms(4), vec![1]);
    assert_eq!(terms_of(&network.disk(5).log), vec![1, 3]);
    network
}

// Reference: §5.4.2, Figure 8 (c): "the log entry from term 2 has been replicated on a majority
// of the servers, but it is not committed" — S1 knows a majority holds index 2, yet a leader
// only commits by counting replicas for an entry of its own term.
#[test]
fn figure8_c_an_earlier_term_entry_on_a_majority_is_not_committed() {
    let network = figure8_c();
    let leader = network.server(1);
    let mut matched: Vec<_> = leader
        .followers()
        .map(|follower| (follower.id, follower.match_index))
        .collect();
    matched.sort_unstable();
    assert_eq!(
        matched[..3],
        [(2, 2), (3, 2), (4, 0)],
        "S1 knows S2 and S3 hold index 2"
    );
    assert!(
        leader.commit_index() < 2,
        "S1 committed index {} by counting replicas of a term-2 entry (Figure 8)",
        leader.commit_index()
    );
    for id in 1..=4 {
        assert!(
            network.applied(id).is_empty(),
            "S{id} applied {:?}",
            network.applied(id)
        );
    }
}

// Reference: §5.4.2, Figure 8 (d): "If S1 crashes as in (d), S5 could be elected leader (with
// votes from S2, S3, and S4) and overwrite the entry with its own entry from term 3." So
// committing index 2 in (c) would have been wrong.
#[test]
fn figure8_d_the_uncommitted_entry_can_be_overwritten() {
    let mut network = figure8_c();
    let s1_entry_at_2 = network.server(1).log()[1].clone();
    network.crash(1);
    network.restart(5);
    network.campaign(5); // term 4: S2, S3 and S4 voted for S1 in it
    network.deliver_all();
    assert_eq!(network.server(5).role(), Role::Candidate);
    network.campaign(5); // term 5
    network.deliver_all();
    assert_eq!(
        network.leaders(),
        vec![5],
        "S5 wins term 5 with votes from S2, S3, S4"
    );
    for id in [2, 3, 4] {
        assert_eq!(network.server(id).voted_for(), Some(5), "S{id}");
    }
    network.tick_server(5); // a heartbeat tells the followers the commit index
    network.deliver_all();
    for id in [2, 3, 4, 5] {
        assert_eq!(
            network.log_terms(id),
            vec![1, 3, 5],
            "S{id}: index 2 overwritten"
        );
        assert_eq!(network.server(id).commit_index(), 3, "S{id}");
        let applied_at_2 = &network.applied(id)[1];
        assert_eq!(applied_at_2.term, 3, "S{id}");
        assert_ne!(*applied_at_2, s1_entry_at_2, "S{id}");
    }
}

// Reference: §5.4.2, Figure 8 (e): "if S1 replicates an entry from its current term on a
// majority of the servers before crashing, as in (e), then this entry is committed (S5 cannot
// win an election). At this point all preceding entries in the log are committed as well."
#[test]
fn figure8_e_an_entry_of_the_current_term_commits_earlier_ones_and_blocks_s5() {
    let mut network = figure8_c();
    let mut rounds = 0;
    while network.log_terms(2) != [1, 2, 4] || network.log_terms(3) != [1, 2, 4] {
        rounds += 1;
        assert!(rounds <= 5, "S1 failed to replicate index 3 to S2 and S3");
        network.tick_server(1); // heartbeats retry what the network dropped
        network.deliver_all_with(|m| (!(is_append(&m) && m.to == 4)).then_some(m));
    }
    assert_eq!(
        network.server(1).commit_index(),
        3,
        "index 3 is of term 4 and on a majority"
    );
    let applied_terms = terms_of(network.applied(1));
    assert_eq!(applied_terms, vec![1, 2, 4], "index 2 commits with it");
    let committed = network.server(1).log().to_vec();

    network.crash(1);
    network.restart(5);
    for attempt in 1..=3 {
        let mut refused_by = BTreeSet::new();
        network.campaign(5);
        network.deliver_all_with(|m| {
            if m.to == 5
                && m.body
                    == (MessageBody::RequestVoteReply {
                        vote_granted: false,
                    })
            {
                refused_by.insert(m.from);
            }
            Some(m)
        });
        assert_ne!(
            network.server(5).role(),
            Role::Leader,
            "attempt {attempt}: S5 won"
        );
        assert!(
            refused_by.contains(&2) && refused_by.contains(&3),
            "attempt {attempt}: S2 and S3 must refuse S5, refused by {refused_by:?}"
        );
    }

    // A server holding the committed entries can still win, and keeps them.
    network.campaign(2);
    network.deliver_all();
    assert_eq!(network.leaders(), vec![2]);
    assert_eq!(network.server(2).log()[..3], committed[..]);
    network.tick_server(2);
    network.deliver_all();
    for id in 2..=5 {
        assert_eq!(network.server(id).log()[..3], committed[..], "S{id}");
    }
}
