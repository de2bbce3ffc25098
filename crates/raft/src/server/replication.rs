//! Log replication (§5.3) and commitment (§5.4.2): the leader's AppendEntries with per-follower
//! flow control and fast backup, the follower's consistency check, and the commit rule.

use super::RaftServer;
use crate::entry::Entry;
use crate::log::RaftLog;
use crate::message::{Message, MessageBody};
use crate::progress::ReplicationState;
use crate::small_sort::sort_small;
use crate::types::{LogIndex, Role, ServerId, Term, Time};
use crate::unsafe_rules::UnsafeRules;

impl RaftServer {
    /// The heartbeat timer fired: send every follower an AppendEntries (with entries if any are
    /// due, empty otherwise) so it keeps its election timer quiet and learns the commit index.
    pub(crate) fn broadcast_heartbeat(&mut self, now: Time) {
        debug_assert_eq!(self.role, Role::Leader);
        self.timers.set(
            crate::timer::Timer::Heartbeat,
            now.saturating_add(self.config.heartbeat_interval_us),
        );
        for peer in 0..self.progress.len() {
            self.send_append(peer, now, true);
        }
    }

    /// Sends follower `peer` (an index into `progress`) what its flow control allows.
    ///
    /// - Probe: one AppendEntries at `next_index - 1` (with up to `max_entries_per_message`
    ///   entries), then nothing until a reply arrives or the next heartbeat resends it.
    /// - Replicate: AppendEntries with entries from `next_index` while fewer than
    ///   `max_inflight_messages` are unacknowledged. On a heartbeat with nothing to send, an
    ///   empty AppendEntries at `match_index`, which always passes the consistency check and
    ///   carries the commit index. If the oldest message in flight has waited a whole heartbeat
    ///   interval, it or its reply was lost: fall back to probing after `match_index`.
    pub(crate) fn send_append(&mut self, peer: usize, now: Time, heartbeat: bool) {
        let max_entries = self.config.max_entries_per_message.max(1) as LogIndex;
        let max_inflight = self.config.max_inflight_messages.max(1);
        let last_index = self.log.last_index();
        let (from, term, commit) = (self.id, self.current_term, self.commit_index);
        let progress = &mut self.progress[peer];
        if heartbeat
            && progress.state == ReplicationState::Replicate
            && progress.is_inflight_stalled(now, self.config.heartbeat_interval_us)
        {
            progress.become_probe(progress.match_index + 1);
        }
        let to = progress.id;
        match progress.state {
            ReplicationState::Probe => {
                if progress.probe_sent && !heartbeat {
                    return;
                }
                progress.probe_sent = true;
                let prev = progress.next_index - 1;
                let last = last_index.min(prev + max_entries);
                let message = append_entries(&self.log, from, to, term, prev, last, commit);
                self.outbox.push(message);
            }
            ReplicationState::Replicate => {
                let mut sent = false;
                while progress.next_index <= last_index && progress.inflight_count() < max_inflight
                {
                    let prev = progress.next_index - 1;
                    let last = last_index.min(prev + max_entries);
                    let message = append_entries(&self.log, from, to, term, prev, last, commit);
                    self.outbox.push(message);
                    progress.record_sent(last, now);
                    sent = true;
                }
                if heartbeat && !sent {
                    let prev = progress.match_index;
                    let message = append_entries(&self.log, from, to, term, prev, prev, commit);
                    self.outbox.push(message);
                }
            }
        }
    }

    /// A follower's side of AppendEntries (§5.3). The caller has already adopted a higher term.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn handle_append_entries(
        &mut self,
        leader: ServerId,
        term: Term,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
        now: Time,
    ) {
        if term < self.current_term {
            // A stale leader: our term in the reply makes it step down.
            self.reject_append(leader, prev_log_index, None);
            return;
        }
        if self.role == Role::Leader {
            // Two leaders in one term cannot happen while Election Safety holds; if a broken
            // rule ever allows it, keep our log and let the checkers report it.
            return;
        }
        if matches!(self.role, Role::Candidate | Role::PreCandidate) {
            self.become_follower(term, Some(leader), now);
        }
        self.leader_id = Some(leader);
        self.reset_election_timer(now);

        let rules = self.config.unsafe_rules;
        match self.log.term_at(prev_log_index) {
            None => {
                self.commit_unverified(rules, leader_commit);
                self.reject_append(leader, prev_log_index, None)
            }
            Some(found) if found != prev_log_term => {
                self.commit_unverified(rules, leader_commit);
                self.reject_append(leader, prev_log_index, Some(found))
            }
            Some(_) => {
                let verified = prev_log_index + entries.len() as LogIndex;
                self.log.merge(prev_log_index, entries);
                if rules.truncate_without_conflict {
                    // Broken rule (unsafe): drop what follows, although nothing conflicted.
                    self.log.truncate_after(verified);
                }
                // Only what this message verified may be marked committed: entries past
                // `verified` may still differ from the leader's.
                let commit = leader_commit.min(verified);
                if commit > self.commit_index {
                    self.commit_index = commit;
                }
                self.commit_unverified(rules, leader_commit);
                self.send(
                    leader,
                    MessageBody::AppendEntriesReply {
                        success: true,
                        match_index: verified,
                        conflict_term: None,
                        conflict_index: 0,
                    },
                );
            }
        }
    }

    /// Broken rule `commit_beyond_verified` (unsafe): take the leader's commit index for our
    /// own log, up to its last entry, whatever this AppendEntries verified (even nothing, when
    /// the consistency check failed). Does nothing while the rule holds.
    fn commit_unverified(&mut self, rules: UnsafeRules, leader_commit: LogIndex) {
        if !rules.commit_beyond_verified {
            return;
        }
        let commit = leader_commit.min(self.log.last_index());
        if commit > self.commit_index {
            self.commit_index = commit;
        }
    }

    /// Rejects an AppendEntries at `prev_log_index` with a fast-backup hint: the term found
    /// there and its first index, or one past our last entry if the log is shorter.
    fn reject_append(&mut self, leader: ServerId, prev_log_index: LogIndex, found: Option<Term>) {
        let conflict_index = match found {
            Some(term) => self.log.first_index_of_term(term),
            None => self.log.last_index() + 1,
        };
        self.send(
            leader,
            MessageBody::AppendEntriesReply {
                success: false,
                match_index: prev_log_index,
                conflict_term: found,
                conflict_index,
            },
        );
    }

    /// The leader's side of an AppendEntries reply. Stale, duplicated and reordered replies are
    /// harmless: `match_index` only grows, and a rejection moves `next_index` only if it answers
    /// the current probe (or, while replicating, a point above `match_index`), never to or
    /// below `match_index`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn handle_append_entries_reply(
        &mut self,
        follower: ServerId,
        term: Term,
        success: bool,
        match_index: LogIndex,
        conflict_term: Option<Term>,
        conflict_index: LogIndex,
        now: Time,
    ) {
        if self.role != Role::Leader || term != self.current_term {
            return;
        }
        let Some(peer) = self
            .progress
            .iter()
            .position(|progress| progress.id == follower)
        else {
            return;
        };
        if match_index > self.log.last_index() {
            return; // Not an answer to anything this leader sent.
        }
        if success {
            if self.progress[peer].on_success(match_index) {
                self.maybe_commit();
            }
            if self.transfer.is_some() {
                self.hand_over_if_caught_up(peer);
            }
        } else {
            if self.progress[peer].is_stale_rejection(match_index) {
                return;
            }
            // Fast backup (§5.3, conflict term/index): skip the whole conflicting term at once.
            let hinted = match conflict_term {
                Some(term) => self
                    .log
                    .last_index_of_term(term)
                    .map_or(conflict_index, |last| last + 1),
                None => conflict_index,
            };
            // The follower does not match at `match_index` (the request's prev_log_index), so the
            // next probe goes below it; `become_probe` keeps it above the known match.
            self.progress[peer].become_probe(hinted.min(match_index));
        }
        self.send_append(peer, now, false);
    }

    /// Commit rule (§5.4.2): the largest N stored on a majority (the leader counts its own last
    /// index) becomes committed if log[N] is of the current term. Earlier-term entries are
    /// committed only indirectly, never by counting replicas (Figure 8) — unless the unsafe
    /// `commit_by_counting` rule is broken. Returns true if the commit index advanced.
    pub(crate) fn maybe_commit(&mut self) -> bool {
        self.match_scratch.clear();
        self.match_scratch
            .extend(self.progress.iter().map(|progress| progress.match_index));
        // The leader's own index last: it is the largest, so the sort has least to move.
        self.match_scratch.push(self.log.last_index());
        sort_small(&mut self.match_scratch);
        // Ascending: a majority stores everything up to the quorum-th largest.
        let majority_index = self.match_scratch[self.match_scratch.len() - self.quorum()];
        if majority_index > self.commit_index
            && (self.config.unsafe_rules.commit_by_counting
                || self.log.term_at(majority_index) == Some(self.current_term))
        {
            self.commit_index = majority_index;
            return true;
        }
        false
    }
}

/// Builds an AppendEntries to `to` carrying the entries `prev_log_index + 1 ..= last`.
fn append_entries(
    log: &RaftLog,
    from: ServerId,
    to: ServerId,
    term: Term,
    prev_log_index: LogIndex,
    last: LogIndex,
    leader_commit: LogIndex,
) -> Message {
    let prev_log_term = log
        .term_at(prev_log_index)
        .expect("raft: next_index beyond the leader's log");
    Message {
        from,
        to,
        term,
        body: MessageBody::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries: log.slice(prev_log_index + 1, last).to_vec(),
            leader_commit,
        },
    }
}
