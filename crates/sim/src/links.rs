//! Which links between servers carry messages: a partition of the servers into groups, and
//! links cut in one direction or both.
//!
//! A message from one server to another crosses only if both are in the same group and the link
//! is not cut in its direction. The client (id 0) belongs to no group and its links cannot be
//! cut: it reaches every server. Partitions and cuts are independent layers; `heal` removes both.

use crate::config::{SimError, MAX_SERVERS};
use crate::network::CLIENT;
use crate::trace::DropReason;
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// One slot per address 0..=MAX_SERVERS (slot 0, the client, is never used).
const SLOTS: usize = MAX_SERVERS as usize + 1;
const _: () = assert!(MAX_SERVERS < 32, "cut links are kept as u32 bit sets");

/// A partition of the servers into groups, as a small `Copy` value the trace can hold.
///
/// Groups are numbered in the order they were given; servers not listed form one extra group
/// after them. Serialises as the list of groups, each a list of server ids in id order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionGroups {
    servers: u8,
    /// `group_of[id]` is the group of server `id`, for ids 1..=servers.
    group_of: [u8; SLOTS],
}

impl PartitionGroups {
    /// Checks `groups` against a cluster of `servers` servers and builds the partition: every
    /// id must be a server, in at most one group, and no group may be empty.
    pub(crate) fn new(servers: u32, groups: &[Vec<u32>]) -> Result<PartitionGroups, SimError> {
        const UNASSIGNED: u8 = u8::MAX;
        let mut group_of = [UNASSIGNED; SLOTS];
        for (number, group) in groups.iter().enumerate() {
            if group.is_empty() {
                return Err(SimError::InvalidAction(format!(
                    "group {} of the partition is empty; list at least one server in each group",
                    number + 1
                )));
            }
            for &id in group {
                if id == CLIENT {
                    return Err(SimError::InvalidAction(
                        "the client (0) belongs to no group: it reaches every server".to_string(),
                    ));
                }
                if id > servers {
                    return Err(SimError::UnknownServer(id));
                }
                if group_of[id as usize] != UNASSIGNED {
                    return Err(SimError::InvalidAction(format!(
                        "S{id} is listed twice in the partition; each server belongs to one group"
                    )));
                }
                group_of[id as usize] = number as u8;
            }
        }
        let unlisted_group = groups.len() as u8;
        for slot in group_of.iter_mut().take(servers as usize + 1).skip(1) {
            if *slot == UNASSIGNED {
                *slot = unlisted_group;
            }
        }
        Ok(PartitionGroups {
            servers: servers as u8,
            group_of,
        })
    }

    /// The group of server `id` (1-based id; groups numbered from 0).
    pub fn group_of(&self, id: u32) -> usize {
        self.group_of[id as usize] as usize
    }

    /// The groups, in group order, each holding its server ids in id order.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for id in 1..=u32::from(self.servers) {
            let group = self.group_of(id);
            if groups.len() <= group {
                groups.resize(group + 1, Vec::new());
            }
            groups[group].push(id);
        }
        groups.retain(|group| !group.is_empty());
        groups
    }

    /// The group of each server in id order, for the trace hash.
    pub(crate) fn group_codes(&self) -> &[u8] {
        &self.group_of[1..=self.servers as usize]
    }

    /// True if the servers are split: more than one group.
    pub fn is_split(&self) -> bool {
        self.groups().len() > 1
    }

    fn same_group(&self, a: u32, b: u32) -> bool {
        self.group_of[a as usize] == self.group_of[b as usize]
    }
}

impl std::fmt::Display for PartitionGroups {
    /// `{S1, S2} | {S3, S4, S5}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Written piece by piece: joining Strings would add a copy of `join` to the wasm.
        for (n, group) in self.groups().iter().enumerate() {
            f.write_str(if n == 0 { "{" } else { " | {" })?;
            for (i, id) in group.iter().enumerate() {
                write!(f, "{}S{id}", if i == 0 { "" } else { ", " })?;
            }
            f.write_str("}")?;
        }
        Ok(())
    }
}

impl Serialize for PartitionGroups {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let groups = self.groups();
        let mut seq = serializer.serialize_seq(Some(groups.len()))?;
        for group in &groups {
            seq.serialize_element(group)?;
        }
        seq.end()
    }
}

/// The state of every link. Default: every server reaches every other.
#[derive(Clone, Debug, Default)]
pub(crate) struct Links {
    /// `None` while the servers are not split.
    partition: Option<PartitionGroups>,
    /// `cut_to[from]` has bit `to` set while messages from `from` to `to` are dropped.
    cut_to: [u32; SLOTS],
}

impl Links {
    /// Why a message from `from` to `to` cannot cross now, or `None` if it can.
    #[inline]
    pub fn blocked(&self, from: u32, to: u32) -> Option<DropReason> {
        if from == CLIENT || to == CLIENT {
            return None;
        }
        if let Some(partition) = &self.partition {
            if !partition.same_group(from, to) {
                return Some(DropReason::Partitioned);
            }
        }
        if self.cut_to[from as usize] & (1 << to) != 0 {
            return Some(DropReason::LinkCut);
        }
        None
    }

    /// Replaces the partition; one group means no partition.
    pub fn set_partition(&mut self, partition: PartitionGroups) {
        self.partition = partition.is_split().then_some(partition);
    }

    /// Removes the partition and every cut.
    pub fn heal(&mut self) {
        *self = Links::default();
    }

    /// Cuts (`cut` true) or repairs the link from `from` to `to`, in that direction only.
    pub fn set_cut(&mut self, from: u32, to: u32, cut: bool) {
        let mask = &mut self.cut_to[from as usize];
        if cut {
            *mask |= 1 << to;
        } else {
            *mask &= !(1 << to);
        }
    }

    /// The groups of the current partition; empty when the servers are not split.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        self.partition
            .as_ref()
            .map(PartitionGroups::groups)
            .unwrap_or_default()
    }

    /// Every cut direction as `[from, to]`, ordered by `from`, then `to`.
    pub fn cut_links(&self) -> Vec<[u32; 2]> {
        let mut links = Vec::new();
        for (from, &mask) in self.cut_to.iter().enumerate() {
            for to in 0..SLOTS as u32 {
                if mask & (1 << to) != 0 {
                    links.push([from as u32, to]);
                }
            }
        }
        links
    }
}

/// Checks that `from -> to` is a link between two different servers of a cluster of `servers`.
pub(crate) fn check_link(servers: u32, from: u32, to: u32) -> Result<(), SimError> {
    if from == CLIENT || to == CLIENT {
        return Err(SimError::InvalidAction(
            "the client's links cannot be cut: the client reaches every server".to_string(),
        ));
    }
    for id in [from, to] {
        if id > servers {
            return Err(SimError::UnknownServer(id));
        }
    }
    if from == to {
        return Err(SimError::InvalidAction(format!(
            "S{from} has no link to itself"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_servers_form_one_extra_group() {
        let partition = PartitionGroups::new(5, &[vec![4, 2]]).unwrap();
        assert_eq!(partition.groups(), vec![vec![2, 4], vec![1, 3, 5]]);
        assert_eq!(partition.to_string(), "{S2, S4} | {S1, S3, S5}");
        assert_eq!(partition.group_of(2), 0);
        assert_eq!(partition.group_of(5), 1);
    }

    #[test]
    fn a_partition_blocks_only_between_groups_and_never_the_client() {
        let mut links = Links::default();
        links.set_partition(PartitionGroups::new(5, &[vec![1, 2], vec![3, 4, 5]]).unwrap());
        assert_eq!(links.blocked(1, 2), None);
        assert_eq!(links.blocked(1, 3), Some(DropReason::Partitioned));
        assert_eq!(links.blocked(5, 2), Some(DropReason::Partitioned));
        assert_eq!(links.blocked(CLIENT, 3), None);
        assert_eq!(links.blocked(3, CLIENT), None);
        links.heal();
        assert_eq!(links.blocked(1, 3), None);
        assert!(links.groups().is_empty());
    }

    #[test]
    fn one_group_is_no_partition() {
        let mut links = Links::default();
        links.set_partition(PartitionGroups::new(3, &[vec![1, 2, 3]]).unwrap());
        assert!(links.groups().is_empty());
        links.set_partition(PartitionGroups::new(3, &[]).unwrap());
        assert!(links.groups().is_empty());
    }

    #[test]
    fn a_cut_is_one_way() {
        let mut links = Links::default();
        links.set_cut(1, 2, true);
        assert_eq!(links.blocked(1, 2), Some(DropReason::LinkCut));
        assert_eq!(links.blocked(2, 1), None);
        links.set_cut(9, 3, true);
        assert_eq!(links.cut_links(), vec![[1, 2], [9, 3]]);
        links.set_cut(1, 2, false);
        assert_eq!(links.blocked(1, 2), None);
        assert_eq!(links.cut_links(), vec![[9, 3]]);
    }

    #[test]
    fn bad_partitions_and_links_are_refused() {
        let error = |groups: &[Vec<u32>]| PartitionGroups::new(5, groups).unwrap_err();
        assert_eq!(error(&[vec![1, 6]]), SimError::UnknownServer(6));
        assert!(error(&[vec![1], vec![]]).to_string().contains("group 2"));
        assert!(error(&[vec![1, 2], vec![2]])
            .to_string()
            .contains("S2 is listed twice"));
        assert!(error(&[vec![0, 1]]).to_string().contains("client"));
        assert_eq!(check_link(5, 1, 6), Err(SimError::UnknownServer(6)));
        assert!(check_link(5, 2, 2).is_err());
        assert!(check_link(5, 0, 2).is_err());
        assert_eq!(check_link(5, 5, 1), Ok(()));
    }
}
