//! Messages the network dropped the moment they were sent (lost, or sent over a cut or
//! partitioned link), remembered until the moment they would have arrived, so the page can draw
//! them fading out on their way instead of never showing them. For drawing only: nothing in the
//! simulation reads them, and keeping them draws no random number and records no event.

use crate::network::InFlight;
use crate::state::MessageState;
use crate::trace::DropReason;
use raft_core::Time;

/// At most this many are kept (a lossy network under heavy load drops many within one
/// latency); further ones are not drawn until older ones have gone.
const MAX_VANISHING: usize = 256;

#[derive(Clone, Debug, Default)]
pub(crate) struct Vanishing {
    /// Oldest first, each with why it was dropped.
    messages: Vec<(InFlight, DropReason)>,
}

impl Vanishing {
    /// Remembers `message`, dropped at `now` as it was sent; forgets those whose arrival time
    /// has passed.
    pub fn record(&mut self, message: InFlight, reason: DropReason, now: Time) {
        self.messages
            .retain(|(earlier, _)| earlier.deliver_at > now);
        if self.messages.len() < MAX_VANISHING {
            self.messages.push((message, reason));
        }
    }

    /// The messages still on their way at `now`, as the page draws them, each with its
    /// `reason`.
    pub fn states(&self, now: Time) -> Vec<MessageState> {
        let mut states = Vec::new();
        for (message, reason) in &self.messages {
            if message.deliver_at > now {
                let mut state = message.to_state();
                state.reason = Some(reason.name());
                states.push(state);
            }
        }
        states
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Payload;
    use raft_core::{Message, MessageBody};

    fn heartbeat(id: u64, sent_at: Time, deliver_at: Time) -> InFlight {
        InFlight {
            id,
            from: 1,
            to: 2,
            to_incarnation: 0,
            sent_at,
            deliver_at,
            duplicate_of: None,
            payload: Payload::Raft(Message {
                from: 1,
                to: 2,
                term: 1,
                body: MessageBody::RequestVoteReply { vote_granted: true },
            }),
        }
    }

    #[test]
    fn keeps_a_message_until_it_would_have_arrived() {
        let mut vanishing = Vanishing::default();
        vanishing.record(heartbeat(1, 0, 12_000), DropReason::Lost, 0);
        vanishing.record(heartbeat(2, 5_000, 16_000), DropReason::LinkCut, 5_000);
        let at = |now| -> Vec<(u64, &str)> {
            vanishing
                .states(now)
                .iter()
                .map(|m| (m.id, m.reason.unwrap()))
                .collect()
        };
        assert_eq!(at(11_999), [(1, "lost"), (2, "linkCut")]);
        assert_eq!(at(12_000), [(2, "linkCut")]);
        assert_eq!(at(16_000), []);
        // Recording forgets what has arrived by then.
        vanishing.record(
            heartbeat(3, 13_000, 25_000),
            DropReason::Partitioned,
            13_000,
        );
        assert_eq!(vanishing.messages.len(), 2);
    }

    #[test]
    fn keeps_at_most_a_few_hundred() {
        let mut vanishing = Vanishing::default();
        for id in 0..(MAX_VANISHING as u64 + 10) {
            vanishing.record(heartbeat(id, 0, 10_000), DropReason::Lost, 0);
        }
        let states = vanishing.states(0);
        assert_eq!(states.len(), MAX_VANISHING);
        assert_eq!(states[MAX_VANISHING - 1].id, MAX_VANISHING as u64 - 1);
        // Once those have arrived, new ones are kept again.
        vanishing.record(heartbeat(999, 10_000, 20_000), DropReason::Lost, 10_000);
        assert_eq!(vanishing.states(10_000)[0].id, 999);
    }
}
