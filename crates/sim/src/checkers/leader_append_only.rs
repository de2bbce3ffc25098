//! Leader Append-Only (§5.3): a leader never overwrites or deletes entries in its log; it only
//! appends. Checked on the log write a leader's input produced, while it stays leader of the
//! same term.

use super::prefix_hash::Rewrite;
use super::violation::{Property, Violation};
use raft_core::{ServerId, Term, Time};

/// A violation if `rewrite` (what a log write of `server`, leader of `term`, did to entries
/// already in its log) replaced or removed any entry.
pub(crate) fn check(
    server: ServerId,
    term: Term,
    rewrite: Rewrite,
    time: Time,
) -> Option<Violation> {
    let index = rewrite.first_lost?;
    Some(Violation {
        property: Property::LeaderAppendOnly,
        servers: vec![server],
        index: Some(index),
        term: Some(term),
        time_us: time,
        explanation: format!(
            "S{server}, leader of term {term}, overwrote or deleted its own entry at index \
             {index} (term {}); a leader may only append.",
            rewrite.lost_term
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_passes_and_losing_an_entry_fails() {
        assert_eq!(check(1, 2, Rewrite::default(), 0), None);
        let lost = Rewrite {
            first_lost: Some(5),
            lost_term: 2,
        };
        let violation = check(1, 2, lost, 7).unwrap();
        assert_eq!(violation.property, Property::LeaderAppendOnly);
        assert_eq!((violation.index, violation.term), (Some(5), Some(2)));
        assert_eq!(violation.servers, vec![1]);
    }
}
