//! Raft's optional extensions the playground can switch on, each off by default (the paper's
//! Raft): CheckQuorum with its leader lease, and PreVote. The ids (`check-quorum`, `pre-vote`)
//! are stable: the command line and share links use them.

use crate::json::{JsonWriter, ToJson};

/// One extension of the paper's Raft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Extension {
    /// A leader that hears from no majority within the minimum election timeout steps down,
    /// and a server that heard from its leader that recently ignores a RequestVote of a higher
    /// term (etcd raft's `checkQuorum`; dissertation §6.2).
    CheckQuorum,
    /// A server whose election timer fires first asks the others whether they would vote for
    /// it, and raises its term only if a majority would (dissertation §9.6; etcd raft's
    /// `preVote`).
    PreVote,
}

impl Extension {
    /// Every extension, in the order the page lists them.
    pub const ALL: [Extension; 2] = [Extension::CheckQuorum, Extension::PreVote];

    /// The stable id of the command line and share links, e.g. `"check-quorum"`.
    pub fn id(self) -> &'static str {
        match self {
            Extension::CheckQuorum => "check-quorum",
            Extension::PreVote => "pre-vote",
        }
    }

    /// The camelCase key in JSON (`extensions: { checkQuorum: true }`).
    pub fn json_name(self) -> &'static str {
        match self {
            Extension::CheckQuorum => "checkQuorum",
            Extension::PreVote => "preVote",
        }
    }

    /// A short title for the page.
    pub fn title(self) -> &'static str {
        match self {
            Extension::CheckQuorum => "CheckQuorum",
            Extension::PreVote => "PreVote",
        }
    }

    /// One or two sentences on what switching it on changes.
    pub fn explanation(self) -> &'static str {
        match self {
            Extension::CheckQuorum => {
                "A leader that hears from no majority for an election timeout steps down. A \
                 server that heard from its leader that recently ignores RequestVotes of a \
                 higher term (the leader lease)."
            }
            Extension::PreVote => {
                "A server whose election timer fires first asks the others whether they would \
                 vote for it, and raises its term only if a majority would. Servers that hear \
                 from a leader say no, so a server cut off from the leader cannot disrupt it."
            }
        }
    }

    /// The extension with this id (`"check-quorum"`).
    pub fn from_id(id: &str) -> Option<Extension> {
        Extension::ALL.into_iter().find(|ext| ext.id() == id)
    }
}

/// Which extensions are on. `Extensions::NONE` (the default) is the paper's Raft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extensions {
    /// See [`Extension::CheckQuorum`].
    pub check_quorum: bool,
    /// See [`Extension::PreVote`].
    pub pre_vote: bool,
}

impl Extensions {
    /// Every extension off.
    pub const NONE: Extensions = Extensions {
        check_quorum: false,
        pre_vote: false,
    };

    /// True if `extension` is on.
    pub fn is_on(&self, extension: Extension) -> bool {
        match extension {
            Extension::CheckQuorum => self.check_quorum,
            Extension::PreVote => self.pre_vote,
        }
    }

    /// Switches `extension` on or off.
    pub fn set(&mut self, extension: Extension, on: bool) {
        match extension {
            Extension::CheckQuorum => self.check_quorum = on,
            Extension::PreVote => self.pre_vote = on,
        }
    }

    /// The extensions that are on, in [`Extension::ALL`] order.
    pub fn on(&self) -> impl Iterator<Item = Extension> + '_ {
        Extension::ALL.into_iter().filter(|&ext| self.is_on(ext))
    }

    /// The ids of the extensions that are on (`["check-quorum"]`).
    pub fn ids(&self) -> Vec<String> {
        self.on().map(|ext| ext.id().to_string()).collect()
    }

    /// Reads a list of ids; an unknown one is refused with the list of known ids.
    pub fn from_ids(ids: &[String]) -> Result<Extensions, String> {
        let mut extensions = Extensions::NONE;
        for id in ids {
            let extension = Extension::from_id(id).ok_or_else(|| {
                format!(
                    "unknown extension \"{id}\"; the extensions are {}",
                    Extension::ALL.map(Extension::id).join(", ")
                )
            })?;
            extensions.set(extension, true);
        }
        Ok(extensions)
    }
}

/// `{ checkQuorum, preVote }`, each `true` when on.
impl ToJson for Extensions {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        for extension in Extension::ALL {
            out.field(extension.json_name(), &self.is_on(extension));
        }
        out.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_unknown_ids_are_named() {
        let on = Extensions {
            check_quorum: true,
            pre_vote: true,
        };
        assert_eq!(on.ids(), ["check-quorum", "pre-vote"]);
        assert_eq!(Extensions::from_ids(&on.ids()), Ok(on));
        assert_eq!(Extensions::from_ids(&[]), Ok(Extensions::NONE));
        let error = Extensions::from_ids(&["lease-read".to_string()]).unwrap_err();
        assert_eq!(
            error,
            "unknown extension \"lease-read\"; the extensions are check-quorum, pre-vote"
        );
        assert_eq!(
            crate::json::to_string(&on),
            r#"{"checkQuorum":true,"preVote":true}"#
        );
    }
}
