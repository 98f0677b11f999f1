//! How long a username is blocked after failed sign-ins.
//!
//! Five failures are free (typos happen); then the wait doubles from 30 seconds up to 15
//! minutes. The count restarts after an hour without failures. Counting is per username,
//! whether or not the account exists, so throttling reveals nothing about accounts.

/// Failures allowed before any wait.
pub const FREE_FAILURES: i64 = 5;
/// Quiet time after which the count restarts, in seconds.
pub const WINDOW: i64 = 3600;
const FIRST_BLOCK: i64 = 30;
const MAX_BLOCK: i64 = 900;

/// Seconds to block after the `failures`-th consecutive failure.
pub fn block_seconds(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10) as u32;
    (FIRST_BLOCK << doublings).min(MAX_BLOCK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_five_failures_and_are_capped() {
        assert_eq!(block_seconds(1), 0);
        assert_eq!(block_seconds(4), 0);
        assert_eq!(block_seconds(5), 30);
        assert_eq!(block_seconds(6), 60);
        assert_eq!(block_seconds(9), 480);
        assert_eq!(block_seconds(10), 900);
        assert_eq!(block_seconds(1000), 900);
    }
}
