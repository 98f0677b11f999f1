//! Host user ids for sandboxes started as root: one per live sandbox.
//!
//! The kernel's process limit (`RLIMIT_NPROC`) counts every process of a real user id.
//! Were every sandbox `nobody`, one job's fork bomb would use up the limit for all of
//! them and the next learner's tests could not start a process. With an id of its own,
//! each job's limit is its own. The ids are unnamed (no `/etc/passwd` entry is needed)
//! and taken from a block chosen by this process's id, so two Cairn processes on one
//! host rarely share a block; within a process an id is never given to two live
//! sandboxes while the block has a free one.

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// Ids a process hands out at once; more live sandboxes than this share ids again.
const BLOCK: u32 = 256;
/// Where the blocks start: far above ids a distribution gives to people or services.
const FIRST: u32 = 1_000_000_000;
/// Blocks to choose from (by process id).
const BLOCKS: u32 = 1_000_000;

/// An id lent to one sandbox; given back when dropped (when the sandbox has ended).
#[derive(Debug)]
pub struct UidLease {
    uid: u32,
}

impl UidLease {
    /// The host user (and group) id the sandbox runs as.
    pub fn uid(&self) -> u32 {
        self.uid
    }
}

impl Drop for UidLease {
    fn drop(&mut self) {
        if let Ok(mut taken) = taken().lock() {
            taken.remove(&self.uid);
        }
    }
}

fn taken() -> &'static Mutex<BTreeSet<u32>> {
    static TAKEN: OnceLock<Mutex<BTreeSet<u32>>> = OnceLock::new();
    TAKEN.get_or_init(|| Mutex::new(BTreeSet::new()))
}

fn block_start() -> u32 {
    FIRST + (std::process::id() % BLOCKS) * BLOCK
}

/// The lowest free id of this process's block; with none free (more than [`BLOCK`]
/// live sandboxes), the block's first, shared.
pub fn lease() -> UidLease {
    let start = block_start();
    let mut taken = taken()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let uid = (start..start + BLOCK)
        .find(|uid| !taken.contains(uid))
        .unwrap_or(start);
    taken.insert(uid);
    UidLease { uid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_sandboxes_get_different_ids_and_ids_come_back() {
        let a = lease();
        let b = lease();
        assert_ne!(a.uid(), b.uid());
        let freed = a.uid();
        drop(a);
        let c = lease();
        assert_eq!(c.uid(), freed, "a returned id is lent again");
        assert!(c.uid() >= FIRST);
    }
}
