//! The trace hash, the determinism fingerprint shared by native and wasm runs: each event's
//! fields in a fixed little-endian layout, folded into a running 64-bit state a word at a time.

use super::{DropReason, RetryReason, TraceEvent};
use raft_core::Role;

impl TraceEvent {
    /// Writes the event's fields in a fixed little-endian layout for the trace hash.
    #[inline(always)]
    pub(super) fn encode(&self, out: &mut Encoder) {
        out.u8(self.kind().code());
        out.u64(self.time());
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
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
                out.u64(term);
                out.u32(entries);
            }
            TraceEvent::Deliver {
                message,
                from,
                to,
                kind,
                ..
            } => {
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
            }
            TraceEvent::Drop {
                message,
                from,
                to,
                kind,
                reason,
                ..
            } => {
                out.u64(message);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
                out.u8(match reason {
                    DropReason::ReceiverCrashed => 1,
                    DropReason::Lost => 2,
                    DropReason::Partitioned => 3,
                    DropReason::LinkCut => 4,
                    DropReason::DroppedByUser => 5,
                });
            }
            TraceEvent::Timeout {
                server, role, term, ..
            } => {
                out.u32(server);
                out.u8(role_code(role));
                out.u64(term);
            }
            TraceEvent::TimeoutNow { server, term, .. } => {
                out.u32(server);
                out.u64(term);
            }
            TraceEvent::RoleChange {
                server,
                from,
                to,
                term,
                ..
            } => {
                out.u32(server);
                out.u8(role_code(from));
                out.u8(role_code(to));
                out.u64(term);
            }
            TraceEvent::TransferLeadership {
                leader, to, term, ..
            }
            | TraceEvent::TransferGivenUp {
                leader, to, term, ..
            } => {
                out.u32(leader);
                out.u32(to);
                out.u64(term);
            }
            TraceEvent::QuorumLost { server, term, .. } => {
                out.u32(server);
                out.u64(term);
            }
            TraceEvent::PreElection {
                server, term, told, ..
            } => {
                out.u32(server);
                out.u64(term);
                out.u8(told as u8);
            }
            TraceEvent::Commit { server, index, .. } => {
                out.u32(server);
                out.u64(index);
            }
            TraceEvent::Apply {
                server,
                index,
                term,
                ..
            } => {
                out.u32(server);
                out.u64(index);
                out.u64(term);
            }
            TraceEvent::Crash { server, .. } | TraceEvent::Restart { server, .. } => {
                out.u32(server);
            }
            TraceEvent::ClientRequest { request, .. } => out.u64(request),
            TraceEvent::Propose {
                server,
                request,
                index,
                term,
                ..
            } => {
                out.u32(server);
                out.u64(request);
                out.u64(index);
                out.u64(term);
            }
            TraceEvent::ClientRetry {
                request,
                to,
                attempt,
                reason,
                ..
            } => {
                out.u64(request);
                out.u32(to);
                out.u32(attempt);
                out.u8(match reason {
                    RetryReason::Redirected => 1,
                    RetryReason::NoLeaderKnown => 2,
                    RetryReason::NoAnswer => 3,
                });
            }
            TraceEvent::ClientReply {
                request,
                from,
                latency,
                ..
            } => {
                out.u64(request);
                out.u32(from);
                out.u64(latency);
            }
            TraceEvent::Duplicate {
                message,
                original,
                from,
                to,
                kind,
                ..
            } => {
                out.u64(message);
                out.u64(original);
                out.u32(from);
                out.u32(to);
                out.u8(kind.code());
            }
            TraceEvent::Partition { groups, .. } => {
                for &group in groups.group_codes() {
                    out.u8(group);
                }
            }
            TraceEvent::Heal { .. } => {}
            TraceEvent::Cut {
                from, to, one_way, ..
            }
            | TraceEvent::Repair {
                from, to, one_way, ..
            } => {
                out.u32(from);
                out.u32(to);
                out.u8(u8::from(one_way));
            }
            TraceEvent::NetworkChange {
                loss_rate_ppm,
                duplicate_rate_ppm,
                long_delay_rate_ppm,
                long_delay_ms_max,
                latency_ms_min,
                latency_ms_max,
                ..
            } => {
                out.u32(loss_rate_ppm);
                out.u32(duplicate_rate_ppm);
                out.u32(long_delay_rate_ppm);
                out.u32(long_delay_ms_max);
                out.u32(latency_ms_min);
                out.u32(latency_ms_max);
            }
            TraceEvent::Violation {
                property, server, ..
            } => {
                out.u8(property as u8);
                out.u32(server);
            }
            TraceEvent::BrokenRulesChange { rules, .. } => {
                let mask = rules
                    .broken()
                    .fold(0u8, |mask, rule| mask | 1 << (rule as u8));
                out.u8(mask);
            }
            TraceEvent::ExtensionsChange { extensions, .. } => {
                let mask = extensions
                    .on()
                    .fold(0u8, |mask, extension| mask | 1 << (extension as u8));
                out.u8(mask);
            }
        }
    }
}

fn role_code(role: Role) -> u8 {
    match role {
        Role::Follower => 1,
        Role::Candidate => 2,
        Role::Leader => 3,
        Role::PreCandidate => 4,
    }
}

/// Folds an event into the running hash. The event's fields are laid out as little-endian bytes,
/// one after the other, and packed into 64-bit words; each full word is mixed into the state
/// with one multiply and one xor-shift (a bijection of the state for a given word, so distinct
/// histories never collapse). The last, partial word carries the event's length in bytes in
/// its top byte, so zero padding is never ambiguous. Field offsets are constants for each kind
/// of event, so after inlining the packing costs a few shifts.
pub(super) struct Encoder {
    hash: u64,
    /// Bytes of the current, not yet mixed, word (the low `bits` bits are used).
    word: u64,
    bits: u32,
    /// Bytes of the event so far.
    bytes: u32,
}

impl Encoder {
    #[inline(always)]
    pub(super) fn new(hash: u64) -> Encoder {
        Encoder {
            hash,
            word: 0,
            bits: 0,
            bytes: 0,
        }
    }

    /// Appends the low `width` bits of `value` (`width` is 8, 32 or 64 and `value < 2^width`).
    #[inline(always)]
    fn put(&mut self, value: u64, width: u32) {
        self.bytes += width / 8;
        self.word |= value << self.bits;
        let end = self.bits + width;
        if end < 64 {
            self.bits = end;
            return;
        }
        let word = self.word;
        self.mix(word);
        // The bits of `value` that did not fit (none if the word was empty before).
        self.word = if self.bits == 0 {
            0
        } else {
            value >> (64 - self.bits)
        };
        self.bits = end - 64;
    }

    #[inline(always)]
    fn mix(&mut self, word: u64) {
        let hash = (self.hash ^ word).wrapping_mul(MIX_MULTIPLIER);
        self.hash = hash ^ (hash >> 32);
    }

    #[inline(always)]
    fn u8(&mut self, value: u8) {
        self.put(u64::from(value), 8);
    }
    #[inline(always)]
    fn u32(&mut self, value: u32) {
        self.put(u64::from(value), 32);
    }
    #[inline(always)]
    fn u64(&mut self, value: u64) {
        self.put(value, 64);
    }

    /// Mixes the last word, with the event's length in its top byte, and returns the state.
    #[inline(always)]
    pub(super) fn finish(mut self) -> u64 {
        if self.bits > 56 {
            let word = self.word;
            self.mix(word);
            self.word = 0;
        }
        let last = self.word | (u64::from(self.bytes & 0xff) << 56);
        self.mix(last);
        self.hash
    }
}

/// Starting state of the hash.
pub(super) const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;
/// Odd, so multiplying by it is a bijection (2^64 / golden ratio).
pub(super) const MIX_MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The murmur3 64-bit finalizer: spreads every bit of the state over the reported hash.
pub(super) fn finalize(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_straddling_two_words_is_split_between_them() {
        let mut encoder = Encoder::new(0);
        encoder.u32(0xaaaa_aaaa);
        encoder.u64(0x1122_3344_5566_7788);
        assert_eq!(
            encoder.word, 0x1122_3344,
            "the top half waits in the next word"
        );
        assert_eq!((encoder.bits, encoder.bytes), (32, 12));
        let mut reference = Encoder::new(0);
        reference.mix(0x5566_7788_aaaa_aaaa);
        assert_eq!(encoder.hash, reference.hash);
    }
}
