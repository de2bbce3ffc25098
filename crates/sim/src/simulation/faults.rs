//! Network faults applied to a running simulation — partitions, cut links, heal, the network's
//! settings, dropping one message in flight — and the path every message takes through the
//! faulty network.
//!
//! When links are checked: a message is dropped when it is sent across a partition or a cut
//! link, and again when it arrives if a partition or cut made while it was in flight separates
//! its ends (the realistic choice: a cable pulled while a packet is on it loses the packet).
//! Settings changes apply to messages sent afterwards; messages in flight keep their times.

use super::Simulation;
use crate::config::{NetworkSettings, SimError};
use crate::links::{check_link, PartitionGroups};
use crate::network::InFlight;
use crate::queue::Event;
use crate::trace::{DropReason, TraceEvent};

impl Simulation {
    /// Splits the servers into `groups` that cannot reach each other, replacing any earlier
    /// partition (cut links stay cut). Servers not listed form one extra group; listing every
    /// server in one group (or none) removes the partition. The client reaches every group.
    pub fn partition(&mut self, groups: &[Vec<u32>]) -> Result<(), SimError> {
        let partition = PartitionGroups::new(self.config.servers, groups)?;
        self.network.links.set_partition(partition);
        self.trace.record(TraceEvent::Partition {
            time: self.now,
            groups: partition,
        });
        Ok(())
    }

    /// Removes the partition and repairs every cut link. The network's settings (loss,
    /// duplication, delays, latency) are kept.
    pub fn heal(&mut self) {
        self.network.links.heal();
        self.trace.record(TraceEvent::Heal { time: self.now });
    }

    /// Cuts the link from server `from` to server `to` (`one_way`), or both directions.
    /// Cutting a cut link again changes nothing.
    pub fn cut(&mut self, from: u32, to: u32, one_way: bool) -> Result<(), SimError> {
        self.set_link(from, to, one_way, true)
    }

    /// Repairs the link from `from` to `to` (`one_way`), or both directions. Repairing a link
    /// that is not cut changes nothing; a partition still separates its groups.
    pub fn repair(&mut self, from: u32, to: u32, one_way: bool) -> Result<(), SimError> {
        self.set_link(from, to, one_way, false)
    }

    /// Changes the network's loss, duplication, long delays and latency range for messages
    /// sent from now on.
    pub fn set_network(&mut self, settings: NetworkSettings) -> Result<(), SimError> {
        settings.validate()?;
        self.network.set_settings(settings);
        let ppm = |rate: f64| (rate * 1e6).round() as u32;
        self.trace.record(TraceEvent::NetworkChange {
            time: self.now,
            loss_rate_ppm: ppm(settings.loss_rate),
            duplicate_rate_ppm: ppm(settings.duplicate_rate),
            long_delay_rate_ppm: ppm(settings.long_delay_rate),
            long_delay_ms_max: settings.long_delay_ms_max,
            latency_ms_min: settings.latency_ms[0],
            latency_ms_max: settings.latency_ms[1],
        });
        Ok(())
    }

    /// The network's current settings.
    pub fn network(&self) -> NetworkSettings {
        self.network.settings()
    }

    /// The groups of the current partition; empty when the servers are not partitioned.
    pub fn partition_groups(&self) -> Vec<Vec<u32>> {
        self.network.links.groups()
    }

    /// Cut links as one-way `[from, to]` pairs, ordered by `from`, then `to`.
    pub fn cut_links(&self) -> Vec<[u32; 2]> {
        self.network.links.cut_links()
    }

    /// Drops message `id` while it is in flight (ids are in `state().messages`).
    pub fn drop_message(&mut self, id: u64) -> Result<(), SimError> {
        let Some(message) = self.queue.remove_message(id) else {
            return Err(SimError::InvalidAction(format!(
                "message #{id} is not in flight: it was delivered or dropped, or never sent"
            )));
        };
        self.record_drop(&message, DropReason::DroppedByUser);
        self.settle();
        Ok(())
    }

    /// Puts a message just sent on the network: dropped if its link is down or the network
    /// loses it, otherwise queued, possibly held back, possibly with a copy. Random numbers are
    /// drawn in a fixed order (loss, long delay, duplication, then the copy's latency and long
    /// delay), and only for faults that are on.
    pub(super) fn transmit(&mut self, mut message: InFlight) {
        let (from, to) = (message.from, message.to);
        let dropped = match self.network.links.blocked(from, to) {
            Some(reason) => Some(reason),
            None => self
                .network
                .should_lose(&mut self.rng, from, to)
                .then_some(DropReason::Lost),
        };
        if let Some(reason) = dropped {
            self.record_drop(&message, reason);
            self.vanishing.record(message, reason, self.now);
            return;
        }
        message.deliver_at += self.network.long_delay(&mut self.rng, from, to);
        let copy = if self.network.should_duplicate(&mut self.rng, from, to) {
            let id = self.next_message_id;
            self.next_message_id += 1;
            let delay = self.network.latency(&mut self.rng)
                + self.network.long_delay(&mut self.rng, from, to);
            self.trace.record(TraceEvent::Duplicate {
                time: self.now,
                message: id,
                original: message.id,
                from,
                to,
                kind: message.kind(),
            });
            Some(InFlight {
                id,
                deliver_at: self.now + delay,
                duplicate_of: Some(message.id),
                ..message.clone()
            })
        } else {
            None
        };
        self.queue.push(message.deliver_at, Event::Deliver(message));
        if let Some(copy) = copy {
            self.queue.push(copy.deliver_at, Event::Deliver(copy));
        }
    }

    fn set_link(&mut self, from: u32, to: u32, one_way: bool, cut: bool) -> Result<(), SimError> {
        check_link(self.config.servers, from, to)?;
        self.network.links.set_cut(from, to, cut);
        if !one_way {
            self.network.links.set_cut(to, from, cut);
        }
        let time = self.now;
        self.trace.record(match cut {
            true => TraceEvent::Cut {
                time,
                from,
                to,
                one_way,
            },
            false => TraceEvent::Repair {
                time,
                from,
                to,
                one_way,
            },
        });
        Ok(())
    }

    fn record_drop(&mut self, message: &InFlight, reason: DropReason) {
        self.trace.record(TraceEvent::Drop {
            time: self.now,
            message: message.id,
            from: message.from,
            to: message.to,
            kind: message.kind(),
            reason,
        });
    }
}
