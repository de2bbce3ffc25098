//! What the checkers report: the guarantee that broke (`Property`) and a `Violation` naming the
//! servers, index and term, with one sentence a student understands.

use raft_core::{LogIndex, ServerId, Term, Time};

/// A guarantee the checkers test after every event: the five of the paper's Figure 3, plus the
/// per-server counters that must never go backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Property {
    /// At most one leader per term (§5.2).
    ElectionSafety,
    /// A leader never overwrites or deletes entries in its log (§5.3).
    LeaderAppendOnly,
    /// Two logs holding an entry with the same index and term are identical up to it (§5.3).
    LogMatching,
    /// An entry committed in a term is in the log of every leader of a later term (§5.4).
    LeaderCompleteness,
    /// No two servers apply different entries at the same index (§5.4.3).
    StateMachineSafety,
    /// Every server applies the same commands, in index order, without gaps.
    AppliedCommandsAgree,
    /// A server's term never decreases, even across a restart: it is persisted (§5.1).
    TermNeverDecreases,
    /// A running server's commit index never decreases.
    CommitNeverDecreases,
    /// A running server's last applied index never decreases.
    AppliedNeverDecreases,
}

impl Property {
    /// Every property, in the order the page lists them.
    pub const ALL: [Property; 9] = [
        Property::ElectionSafety,
        Property::LeaderAppendOnly,
        Property::LogMatching,
        Property::LeaderCompleteness,
        Property::StateMachineSafety,
        Property::AppliedCommandsAgree,
        Property::TermNeverDecreases,
        Property::CommitNeverDecreases,
        Property::AppliedNeverDecreases,
    ];

    /// The guarantee's name as a person reads it, e.g. "Election Safety".
    pub fn name(self) -> &'static str {
        match self {
            Property::ElectionSafety => "Election Safety",
            Property::LeaderAppendOnly => "Leader Append-Only",
            Property::LogMatching => "Log Matching",
            Property::LeaderCompleteness => "Leader Completeness",
            Property::StateMachineSafety => "State Machine Safety",
            Property::AppliedCommandsAgree => "Applied Commands Agree",
            Property::TermNeverDecreases => "Term Never Decreases",
            Property::CommitNeverDecreases => "Commit Index Never Decreases",
            Property::AppliedNeverDecreases => "Last Applied Never Decreases",
        }
    }

    /// The stable camelCase identifier used in JSON ("electionSafety", ...).
    pub fn id(self) -> &'static str {
        match self {
            Property::ElectionSafety => "electionSafety",
            Property::LeaderAppendOnly => "leaderAppendOnly",
            Property::LogMatching => "logMatching",
            Property::LeaderCompleteness => "leaderCompleteness",
            Property::StateMachineSafety => "stateMachineSafety",
            Property::AppliedCommandsAgree => "appliedCommandsAgree",
            Property::TermNeverDecreases => "termNeverDecreases",
            Property::CommitNeverDecreases => "commitNeverDecreases",
            Property::AppliedNeverDecreases => "appliedNeverDecreases",
        }
    }
}

impl std::fmt::Display for Property {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A broken guarantee, found at one moment of a run.
///
/// In JSON (camelCase): `property` ("electionSafety"), `propertyName` ("Election Safety"),
/// `servers`, `index`, `term`, `timeUs`, `timeMs` and `explanation`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The guarantee that broke.
    pub property: Property,
    /// The servers involved; the one whose event exposed the violation comes first.
    pub servers: Vec<ServerId>,
    /// The log index involved, if any.
    pub index: Option<LogIndex>,
    /// The term involved, if any.
    pub term: Option<Term>,
    /// Virtual time of the event that exposed it (microseconds).
    pub time_us: Time,
    /// One sentence naming the servers, index and term, e.g. "S2 and S4 were both leader in
    /// term 3."
    pub explanation: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} violated at {} ms: {}",
            self.property.name(),
            crate::Decimal(self.time_us as f64 / 1_000.0),
            self.explanation
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_serde_names() {
        for property in Property::ALL {
            let json = serde_json::to_value(property).unwrap();
            assert_eq!(json, property.id());
        }
    }

    #[test]
    fn serializes_in_camel_case_with_the_readable_name() {
        let violation = Violation {
            property: Property::ElectionSafety,
            servers: vec![2, 4],
            index: None,
            term: Some(3),
            time_us: 1_500,
            explanation: "S2 and S4 were both leader in term 3.".to_string(),
        };
        let mut out = crate::json::JsonWriter::compact();
        crate::json::ToJson::write_json(&violation, &mut out);
        assert_eq!(
            out.finish(),
            r#"{"property":"electionSafety","propertyName":"Election Safety","servers":[2,4],"#
                .to_string()
                + r#""index":null,"term":3,"timeUs":1500,"timeMs":1.5,"#
                + r#""explanation":"S2 and S4 were both leader in term 3."}"#
        );
    }
}
