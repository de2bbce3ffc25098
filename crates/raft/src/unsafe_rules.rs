//! "Break a rule" switches: each one, when on, removes exactly one of Raft's safety rules.
//!
//! **Unsafe. For teaching only.** They exist so the playground can show why each rule is there
//! (and prove that the simulator's checkers notice when one is missing). Every switch is off by
//! default; with all of them off the server is plain Raft.

use std::fmt;
use std::str::FromStr;

/// One safety rule that can be removed. The ids (`vote-without-log-check`, ...) are stable:
/// the command line and share links use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnsafeRule {
    /// Grant votes without the up-to-date-log check (§5.4.1).
    VoteWithoutLogCheck,
    /// A leader commits entries of earlier terms by counting replicas (§5.4.2, Figure 8).
    CommitByCounting,
    /// A restarted server forgets whom it voted for in its current term (§5.2, Figure 2).
    ForgetVoteOnRestart,
    /// A follower truncates its log after every AppendEntries, even without a conflict (§5.3).
    TruncateWithoutConflict,
    /// A follower takes the leader's commit index for entries the AppendEntries did not verify.
    CommitBeyondVerified,
}

impl UnsafeRule {
    /// Every rule, in the order the page lists them.
    pub const ALL: [UnsafeRule; 5] = [
        UnsafeRule::VoteWithoutLogCheck,
        UnsafeRule::CommitByCounting,
        UnsafeRule::ForgetVoteOnRestart,
        UnsafeRule::TruncateWithoutConflict,
        UnsafeRule::CommitBeyondVerified,
    ];

    /// The stable id used on the command line, e.g. `"vote-without-log-check"`.
    pub fn id(self) -> &'static str {
        match self {
            UnsafeRule::VoteWithoutLogCheck => "vote-without-log-check",
            UnsafeRule::CommitByCounting => "commit-by-counting",
            UnsafeRule::ForgetVoteOnRestart => "forget-vote-on-restart",
            UnsafeRule::TruncateWithoutConflict => "truncate-without-conflict",
            UnsafeRule::CommitBeyondVerified => "commit-beyond-verified",
        }
    }

    /// The camelCase name of the rule's field in JSON (`brokenRules: { voteWithoutLogCheck }`).
    pub fn json_name(self) -> &'static str {
        match self {
            UnsafeRule::VoteWithoutLogCheck => "voteWithoutLogCheck",
            UnsafeRule::CommitByCounting => "commitByCounting",
            UnsafeRule::ForgetVoteOnRestart => "forgetVoteOnRestart",
            UnsafeRule::TruncateWithoutConflict => "truncateWithoutConflict",
            UnsafeRule::CommitBeyondVerified => "commitBeyondVerified",
        }
    }

    /// A short title for the "Break Raft" panel.
    pub fn title(self) -> &'static str {
        match self {
            UnsafeRule::VoteWithoutLogCheck => "Vote without the log check",
            UnsafeRule::CommitByCounting => "Commit old entries by counting",
            UnsafeRule::ForgetVoteOnRestart => "Forget the vote on restart",
            UnsafeRule::TruncateWithoutConflict => "Truncate without a conflict",
            UnsafeRule::CommitBeyondVerified => "Commit beyond what was verified",
        }
    }

    /// One sentence on what the broken server does and what can go wrong.
    pub fn explanation(self) -> &'static str {
        match self {
            UnsafeRule::VoteWithoutLogCheck => {
                "Servers vote for any candidate, even one whose log is behind theirs (§5.4.1), \
                 so a leader can be elected without entries that were already committed."
            }
            UnsafeRule::CommitByCounting => {
                "A leader marks an entry from an earlier term committed as soon as a majority \
                 stores it (§5.4.2), so a later leader can still overwrite it (Figure 8)."
            }
            UnsafeRule::ForgetVoteOnRestart => {
                "A server that crashes and restarts forgets whom it voted for in its current \
                 term, so it can vote twice and two leaders can win the same term."
            }
            UnsafeRule::TruncateWithoutConflict => {
                "A follower cuts its log after every AppendEntries, even when the entries match \
                 (§5.3), so a late or duplicated message erases entries already committed."
            }
            UnsafeRule::CommitBeyondVerified => {
                "A follower takes the leader's commit index for its own log even where this \
                 AppendEntries did not check it matches (Figure 2), so it applies stale entries."
            }
        }
    }
}

impl fmt::Display for UnsafeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Why a name is not a rule id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let valid: Vec<&str> = UnsafeRule::ALL.iter().map(|rule| rule.id()).collect();
        write!(
            f,
            "raft: unknown rule `{}`; the rules are {}",
            self.0,
            valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownRule {}

impl FromStr for UnsafeRule {
    type Err = UnknownRule;

    /// Parses an id (`"commit-by-counting"`); the camelCase JSON name is accepted too.
    fn from_str(name: &str) -> Result<UnsafeRule, UnknownRule> {
        let name = name.trim();
        // A match, not a search over `ALL`: at opt-level 3 the search unrolls into 3 KB of wasm.
        let rule = match name {
            "vote-without-log-check" | "voteWithoutLogCheck" => UnsafeRule::VoteWithoutLogCheck,
            "commit-by-counting" | "commitByCounting" => UnsafeRule::CommitByCounting,
            "forget-vote-on-restart" | "forgetVoteOnRestart" => UnsafeRule::ForgetVoteOnRestart,
            "truncate-without-conflict" | "truncateWithoutConflict" => {
                UnsafeRule::TruncateWithoutConflict
            }
            "commit-beyond-verified" | "commitBeyondVerified" => UnsafeRule::CommitBeyondVerified,
            _ => return Err(UnknownRule(name.to_string())),
        };
        debug_assert!(rule.id() == name || rule.json_name() == name);
        Ok(rule)
    }
}

/// Which safety rules a server breaks. **Unsafe, for teaching only**: every field defaults to
/// `false` (plain Raft). In JSON: `{ voteWithoutLogCheck, commitByCounting,
/// forgetVoteOnRestart, truncateWithoutConflict, commitBeyondVerified }`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct UnsafeRules {
    /// Grant a vote without checking that the candidate's log is at least as up to date as
    /// ours (removes §5.4.1's election restriction).
    pub vote_without_log_check: bool,
    /// A leader commits the highest index stored on a majority whatever its term (removes
    /// §5.4.2's rule that only entries of the leader's current term are committed by counting).
    pub commit_by_counting: bool,
    /// At restart, `voted_for` is not restored from persisted state (the term is).
    pub forget_vote_on_restart: bool,
    /// A follower drops every entry after the last one an AppendEntries carried, even when
    /// they matched (removes §5.3's "truncate only at a conflict").
    pub truncate_without_conflict: bool,
    /// A follower sets its commit index to `min(leaderCommit, its last index)` on every
    /// AppendEntries from the current leader, even one that failed the consistency check,
    /// instead of `min(leaderCommit, index of the last entry this message verified)` after a
    /// successful check (Figure 2, AppendEntries step 5).
    pub commit_beyond_verified: bool,
}

impl UnsafeRules {
    /// No rule broken: plain Raft.
    pub const NONE: UnsafeRules = UnsafeRules {
        vote_without_log_check: false,
        commit_by_counting: false,
        forget_vote_on_restart: false,
        truncate_without_conflict: false,
        commit_beyond_verified: false,
    };

    /// Only `rule` broken.
    pub fn only(rule: UnsafeRule) -> UnsafeRules {
        let mut rules = UnsafeRules::NONE;
        rules.set(rule, true);
        rules
    }

    /// True if `rule` is broken.
    pub fn is_broken(&self, rule: UnsafeRule) -> bool {
        match rule {
            UnsafeRule::VoteWithoutLogCheck => self.vote_without_log_check,
            UnsafeRule::CommitByCounting => self.commit_by_counting,
            UnsafeRule::ForgetVoteOnRestart => self.forget_vote_on_restart,
            UnsafeRule::TruncateWithoutConflict => self.truncate_without_conflict,
            UnsafeRule::CommitBeyondVerified => self.commit_beyond_verified,
        }
    }

    /// Breaks (`broken = true`) or restores `rule`.
    pub fn set(&mut self, rule: UnsafeRule, broken: bool) {
        let field = match rule {
            UnsafeRule::VoteWithoutLogCheck => &mut self.vote_without_log_check,
            UnsafeRule::CommitByCounting => &mut self.commit_by_counting,
            UnsafeRule::ForgetVoteOnRestart => &mut self.forget_vote_on_restart,
            UnsafeRule::TruncateWithoutConflict => &mut self.truncate_without_conflict,
            UnsafeRule::CommitBeyondVerified => &mut self.commit_beyond_verified,
        };
        *field = broken;
    }

    /// The broken rules, in `UnsafeRule::ALL` order.
    pub fn broken(&self) -> impl Iterator<Item = UnsafeRule> + '_ {
        UnsafeRule::ALL
            .into_iter()
            .filter(|&rule| self.is_broken(rule))
    }

    /// True if no rule is broken.
    pub fn is_safe(&self) -> bool {
        *self == UnsafeRules::NONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back_and_unknown_names_list_the_valid_ones() {
        for rule in UnsafeRule::ALL {
            assert_eq!(rule.id().parse::<UnsafeRule>(), Ok(rule));
            assert_eq!(rule.json_name().parse::<UnsafeRule>(), Ok(rule));
            assert!(rule.explanation().ends_with('.'));
        }
        let error = "vote-twice".parse::<UnsafeRule>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "raft: unknown rule `vote-twice`; the rules are vote-without-log-check, \
             commit-by-counting, forget-vote-on-restart, truncate-without-conflict, \
             commit-beyond-verified"
        );
    }

    #[test]
    fn all_off_by_default_and_each_switch_is_its_own_field() {
        assert!(UnsafeRules::default().is_safe());
        for rule in UnsafeRule::ALL {
            let rules = UnsafeRules::only(rule);
            assert!(!rules.is_safe());
            assert_eq!(rules.broken().collect::<Vec<_>>(), vec![rule]);
        }
    }

    #[test]
    fn deserializes_from_the_camel_case_names_and_refuses_unknown_fields() {
        use serde::de::value::{Error, MapDeserializer};
        use serde::Deserialize;
        for rule in UnsafeRule::ALL {
            let given = [(rule.json_name(), true)].into_iter();
            let rules = UnsafeRules::deserialize(MapDeserializer::<_, Error>::new(given));
            assert_eq!(rules, Ok(UnsafeRules::only(rule)), "{}", rule.json_name());
        }
        let typo = [("voteWithoutLogcheck", true)].into_iter();
        assert!(UnsafeRules::deserialize(MapDeserializer::<_, Error>::new(typo)).is_err());
    }
}
