//! Election Safety (§5.2): at most one leader can be elected in a given term. Leaders of past
//! terms are remembered, so a second leader is caught even after the first stepped down or
//! crashed.

use super::violation::{Property, Violation};
use crate::sorted_map::SortedMap;
use raft_core::{ServerId, Term, Time};

/// The leader seen in each term so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct ElectionSafety {
    leaders: SortedMap<Term, ServerId>,
}

impl ElectionSafety {
    /// Records that `server` is leader of `term`; a violation if another server already was.
    pub fn leader_seen(&mut self, server: ServerId, term: Term, time: Time) -> Option<Violation> {
        let first = *self.leaders.get_or_insert(term, server);
        (first != server).then(|| Violation {
            property: Property::ElectionSafety,
            servers: vec![server, first],
            index: None,
            term: Some(term),
            time_us: time,
            explanation: format!("S{first} and S{server} were both leader in term {term}."),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_leader_per_term_passes() {
        let mut check = ElectionSafety::default();
        assert_eq!(check.leader_seen(1, 1, 0), None);
        assert_eq!(
            check.leader_seen(1, 1, 5),
            None,
            "the same leader seen again"
        );
        assert_eq!(check.leader_seen(2, 2, 9), None);
        assert_eq!(check.leader_seen(1, 3, 9), None);
    }

    #[test]
    fn two_leaders_in_one_term_fail_even_long_after() {
        let mut check = ElectionSafety::default();
        assert_eq!(check.leader_seen(2, 3, 100), None);
        assert_eq!(check.leader_seen(3, 4, 200), None);
        let violation = check
            .leader_seen(4, 3, 300)
            .expect("S4 is a second leader of term 3");
        assert_eq!(violation.property, Property::ElectionSafety);
        assert_eq!(violation.servers, vec![4, 2]);
        assert_eq!(violation.term, Some(3));
        assert_eq!(violation.time_us, 300);
        assert_eq!(
            violation.explanation,
            "S2 and S4 were both leader in term 3."
        );
    }
}
