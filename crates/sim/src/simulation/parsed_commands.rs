//! The parse of recently applied commands, shared by the servers. Every server applies every
//! committed command, and all of them hold the same text: entries are cloned from the leader's
//! log into messages and other logs by sharing one [`Command`]. So each text is parsed once and
//! the other servers reuse the parse, recognised by the command's allocation (not its contents).

use crate::kv::{CommandShape, KvCommand};
use raft_core::{Command, LogIndex};

/// Number of kept parses: one per log index modulo this, enough for the followers to apply an
/// entry before the leader has committed this many more.
const KEPT: usize = 64;

/// Recently parsed commands, by log index modulo [`KEPT`]. Each keeps its text alive, so an
/// allocation seen here cannot have been freed and reused for another text.
#[derive(Clone, Debug)]
pub(crate) struct ParsedCommands {
    kept: Vec<Option<(Command, CommandShape)>>,
}

impl Default for ParsedCommands {
    fn default() -> ParsedCommands {
        ParsedCommands {
            kept: vec![None; KEPT],
        }
    }
}

impl ParsedCommands {
    /// `KvCommand::parse` of the command of the entry at `index`, reusing the parse made for
    /// the same shared command. Texts that do not parse are not kept.
    pub fn parse<'a>(
        &mut self,
        index: LogIndex,
        command: &'a Command,
    ) -> Result<KvCommand<'a>, String> {
        let slot = &mut self.kept[(index % KEPT as LogIndex) as usize];
        let text = command.text();
        if let Some((kept, shape)) = slot {
            if kept.same_as(command) {
                return Ok(shape.command(text));
            }
        }
        let parsed = KvCommand::parse(text)?;
        *slot = Some((command.clone(), CommandShape::of(text, &parsed)));
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_a_parse_only_for_the_same_allocation() {
        let mut parsed = ParsedCommands::default();
        let first = Command::new("set x 1");
        let same_words = Command::new("get  y");
        assert_eq!(
            parsed.parse(3, &first),
            Ok(KvCommand::Set {
                key: "x",
                value: "1"
            })
        );
        assert_eq!(
            parsed.parse(3, &first.clone()),
            Ok(KvCommand::Set {
                key: "x",
                value: "1"
            })
        );
        // Same index, other text: parsed afresh.
        assert_eq!(
            parsed.parse(3, &same_words),
            Ok(KvCommand::Get { key: "y" })
        );
        let bad = Command::new("jump");
        assert!(parsed.parse(3 + KEPT as LogIndex, &bad).is_err());
        assert_eq!(
            parsed.parse(3, &same_words),
            Ok(KvCommand::Get { key: "y" })
        );
    }
}
