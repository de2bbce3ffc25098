//! The trace's events in plain English ("S3 times out and starts an election for term 4"):
//! what Step says it did and what the page's Events list shows.

use super::{DropReason, RetryReason, TraceEvent};
use crate::decimal::Decimal;
use crate::network::{MessageKind, CLIENT};
use raft_core::Role;

impl TraceEvent {
    /// The event in plain English, e.g. "S3 times out and starts an election for term 4".
    pub fn describe(&self) -> String {
        match *self {
            TraceEvent::Send {
                message,
                from,
                to,
                kind,
                term,
                entries,
                ..
            } => {
                let what = match (kind, entries) {
                    (MessageKind::AppendEntries, 0) => "a heartbeat (AppendEntries)".to_string(),
                    (MessageKind::AppendEntries, 1) => "AppendEntries with 1 entry".to_string(),
                    (MessageKind::AppendEntries, n) => format!("AppendEntries with {n} entries"),
                    (kind, _) => kind.name().to_string(),
                };
                let in_term = if term > 0 {
                    format!(" in term {term}")
                } else {
                    String::new()
                };
                format!(
                    "{} sends {what} to {}{in_term} (message #{message})",
                    node(from),
                    node(to)
                )
            }
            TraceEvent::Deliver {
                message,
                from,
                to,
                kind,
                ..
            } => format!(
                "{} receives {} #{message} from {}",
                node(to),
                kind.name(),
                node(from)
            ),
            TraceEvent::Drop {
                message,
                from,
                to,
                kind,
                reason,
                ..
            } => {
                let why = match reason {
                    DropReason::ReceiverCrashed => format!("{} is crashed", node(to)),
                    DropReason::Lost => "the network lost it".to_string(),
                    DropReason::Partitioned => format!(
                        "{} and {} are in different partitions",
                        node(from),
                        node(to)
                    ),
                    DropReason::LinkCut => {
                        format!("the link from {} to {} is cut", node(from), node(to))
                    }
                    DropReason::DroppedByUser => "dropped by hand".to_string(),
                };
                format!(
                    "{} #{message} from {} to {} is lost: {why}",
                    kind.name(),
                    node(from),
                    node(to)
                )
            }
            TraceEvent::Timeout {
                server, role, term, ..
            } => match role {
                Role::Leader => format!("S{server} sends heartbeats (term {term})"),
                _ => format!("S{server} times out and starts an election for term {term}"),
            },
            TraceEvent::TimeoutNow { server, term, .. } => {
                format!("S{server} is told to time out now and starts an election for term {term}")
            }
            TraceEvent::RoleChange {
                server,
                from,
                to,
                term,
                ..
            } => match to {
                Role::Leader => format!("S{server} becomes leader of term {term}"),
                Role::Candidate => format!("S{server} becomes a candidate in term {term}"),
                Role::PreCandidate => format!(
                    "S{server} becomes a pre-candidate: it asks whether it could win term {} \
                     before starting an election",
                    term + 1
                ),
                Role::Follower => format!(
                    "S{server} steps down from {} to follower in term {term}",
                    role_name(from)
                ),
            },
            TraceEvent::PreElection {
                server, term, told, ..
            } => match told {
                false => format!("S{server} times out and asks for pre-votes for term {term}"),
                true => format!(
                    "S{server} is told to time out now and asks for pre-votes for term {term}"
                ),
            },
            TraceEvent::TransferLeadership {
                leader, to, term, ..
            } => format!(
                "S{leader} hands leadership over to S{to}: it takes no commands, brings S{to}'s \
                 log up to date and sends it a TimeoutNow, so that S{to} starts an election for \
                 term {}",
                term + 1
            ),
            TraceEvent::TransferGivenUp {
                leader, to, term, ..
            } => format!(
                "S{leader} gives up handing leadership to S{to}: no new leader within an \
                 election timeout, so it keeps leading term {term} and takes commands again"
            ),
            TraceEvent::QuorumLost { server, term, .. } => format!(
                "S{server} has heard from no majority for an election timeout and stops leading \
                 term {term} (CheckQuorum)"
            ),
            TraceEvent::Commit {
                server,
                index,
                by_leader,
                ..
            } => match by_leader {
                true => format!(
                    "S{server} commits the entries up to index {index}: a majority of the \
                     servers store them"
                ),
                false => format!("S{server} learns that entries up to index {index} are committed"),
            },
            TraceEvent::Apply {
                server,
                index,
                term,
                repeat,
                ..
            } => format!(
                "S{server} applies entry {index} (term {term}) to its key-value store{}",
                if repeat {
                    ": a request it applied already, so nothing changes"
                } else {
                    ""
                }
            ),
            TraceEvent::Crash { server, .. } => {
                format!("S{server} crashes and loses its volatile state")
            }
            TraceEvent::Restart { server, .. } => {
                format!("S{server} restarts from its persisted term, vote and log")
            }
            TraceEvent::ClientRequest { request, .. } => {
                format!("the client issues request #{request}")
            }
            TraceEvent::Propose {
                server,
                request,
                index,
                term,
                ..
            } => format!(
                "S{server} appends request #{request} to its log at index {index} (term {term})"
            ),
            TraceEvent::ClientRetry {
                request,
                to,
                attempt,
                reason,
                ..
            } => {
                let why = match reason {
                    RetryReason::Redirected => "redirected",
                    RetryReason::NoLeaderKnown => "no leader was known",
                    RetryReason::NoAnswer => "no answer in time",
                };
                format!(
                    "the client sends request #{request} again to S{to} ({why}, attempt {attempt})"
                )
            }
            TraceEvent::ClientReply {
                request,
                from,
                latency,
                ..
            } => format!(
                "request #{request} completes: S{from} answers after {} ms",
                Decimal(latency as f64 / 1_000.0)
            ),
            TraceEvent::Duplicate {
                message,
                original,
                from,
                to,
                kind,
                ..
            } => format!(
                "the network duplicates {} #{original} from {} to {}: the copy is #{message}",
                kind.name(),
                node(from),
                node(to)
            ),
            TraceEvent::Partition { groups, .. } => {
                format!("the network is partitioned into {groups}")
            }
            TraceEvent::Heal { .. } => {
                "the network heals: every partition and cut link is removed".to_string()
            }
            TraceEvent::Cut {
                from, to, one_way, ..
            } => match one_way {
                true => format!("the link from S{from} to S{to} is cut (one way)"),
                false => format!("the link between S{from} and S{to} is cut both ways"),
            },
            TraceEvent::Repair {
                from, to, one_way, ..
            } => match one_way {
                true => format!("the link from S{from} to S{to} is repaired (one way)"),
                false => format!("the link between S{from} and S{to} is repaired both ways"),
            },
            TraceEvent::NetworkChange {
                loss_rate_ppm,
                duplicate_rate_ppm,
                long_delay_rate_ppm,
                long_delay_ms_max,
                latency_ms_min,
                latency_ms_max,
                ..
            } => format!(
                "the network changes: latency {latency_ms_min}–{latency_ms_max} ms, loss {}%, \
                 duplication {}%, long delays {}% (up to {long_delay_ms_max} ms)",
                Decimal(loss_rate_ppm as f64 / 1e4),
                Decimal(duplicate_rate_ppm as f64 / 1e4),
                Decimal(long_delay_rate_ppm as f64 / 1e4)
            ),
            TraceEvent::Violation {
                property, server, ..
            } => format!("a safety checker finds {property} broken (exposed by S{server})"),
            TraceEvent::BrokenRulesChange { rules, .. } => {
                let broken: Vec<&str> = rules.broken().map(|rule| rule.id()).collect();
                if broken.is_empty() {
                    "every safety rule is restored: the servers run plain Raft".to_string()
                } else {
                    format!("UNSAFE: the servers now break {}", broken.join(", "))
                }
            }
            TraceEvent::ExtensionsChange { extensions, .. } => {
                let on: Vec<&str> = extensions.on().map(|extension| extension.id()).collect();
                if on.is_empty() {
                    "every Raft extension is off: the servers run the paper's Raft".to_string()
                } else {
                    format!("Raft extensions on: {}", on.join(", "))
                }
            }
        }
    }
}

fn node(id: u32) -> String {
    if id == CLIENT {
        "the client".to_string()
    } else {
        format!("S{id}")
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
        Role::PreCandidate => "pre-candidate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_in_plain_english() {
        let timeout = TraceEvent::Timeout {
            time: 0,
            server: 3,
            role: Role::Follower,
            term: 4,
        };
        assert_eq!(
            timeout.describe(),
            "S3 times out and starts an election for term 4"
        );
        let send = TraceEvent::Send {
            time: 0,
            message: 9,
            from: 1,
            to: 2,
            kind: MessageKind::AppendEntries,
            term: 2,
            entries: 3,
        };
        assert_eq!(
            send.describe(),
            "S1 sends AppendEntries with 3 entries to S2 in term 2 (message #9)"
        );
        let client = TraceEvent::Send {
            time: 0,
            message: 10,
            from: CLIENT,
            to: 2,
            kind: MessageKind::ClientRequest,
            term: 0,
            entries: 0,
        };
        assert_eq!(
            client.describe(),
            "the client sends ClientRequest to S2 (message #10)"
        );
    }
}
