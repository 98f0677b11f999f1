//! Who holds a grading job's lease, so a restarted process can take back at once the
//! jobs its previous incarnation was grading when it died.
//!
//! A lease token reads `HOST/PID/START/worker-random`: the machine (its hostname), the
//! process id and the process's start time in clock ticks since boot (so a reused
//! process id is not mistaken for the old process). When a process starts grading it
//! looks at the running jobs whose tokens name its own machine: a token whose process
//! is gone, or is now another process, belongs to a dead worker, and its job goes back
//! in the queue at once instead of waiting for its lease to lapse. Jobs held on other
//! machines are left to the lease, which live workers renew while they grade, so a
//! dead machine's jobs are taken over within one short lease.

use std::path::Path;

/// This process, as lease tokens name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Host name, so workers on other machines leave the job to its lease.
    pub host: String,
    /// Process id, checked for liveness by workers on the same host.
    pub pid: u32,
    /// Start time in clock ticks since boot (`/proc/PID/stat`, field 22).
    pub start: u64,
}

impl Holder {
    /// This process; `None` where `/proc` cannot say (then only leases lapse).
    pub fn current() -> Option<Self> {
        let pid = std::process::id();
        Some(Self {
            host: hostname()?,
            pid,
            start: start_time(Path::new("/proc"), pid)?,
        })
    }

    /// The start of every token this process writes.
    pub fn prefix(&self) -> String {
        format!("{}/{}/{}/", self.host, self.pid, self.start)
    }

    /// The start every token written on this machine shares.
    pub fn host_prefix(&self) -> String {
        format!("{}/", self.host)
    }

    /// Whether a token written on this machine belongs to a process that is gone.
    pub fn is_dead_on_this_host(&self, token: &str, proc: &Path) -> bool {
        let Some(rest) = token.strip_prefix(&self.host_prefix()) else {
            return false;
        };
        let mut parts = rest.splitn(3, '/');
        let (Some(pid), Some(start)) = (parts.next(), parts.next()) else {
            return false;
        };
        let (Ok(pid), Ok(start)) = (pid.parse::<u32>(), start.parse::<u64>()) else {
            return false;
        };
        if (pid, start) == (self.pid, self.start) {
            return false;
        }
        start_time(proc, pid) != Some(start)
    }
}

/// This machine's name, as the kernel has it.
fn hostname() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim();
    (!name.is_empty() && !name.contains('/')).then(|| name.to_owned())
}

/// A process's start time from `/proc/PID/stat`, or `None` if there is no such process.
fn start_time(proc: &Path, pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(proc.join(pid.to_string()).join("stat")).ok()?;
    parse_start_time(&stat)
}

/// Field 22 of a `stat` line. The second field (the command, in parentheses) may hold
/// spaces and parentheses itself, so fields are counted after its last `)`.
fn parse_start_time(stat: &str) -> Option<u64> {
    let after_command = &stat[stat.rfind(')')? + 1..];
    // Fields 3 onwards; the start time is the 20th of them.
    after_command.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_time_is_read_past_a_command_with_spaces_and_parentheses() {
        let stat =
            "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200";
        assert_eq!(parse_start_time(stat), Some(987654));
        assert_eq!(parse_start_time("garbage"), None);
    }

    #[test]
    fn this_process_is_alive_and_a_made_up_one_is_dead() {
        let me = Holder::current().expect("/proc is readable");
        let proc = Path::new("/proc");
        let token = format!("{}worker-1", me.prefix());
        assert!(!me.is_dead_on_this_host(&token, proc));
        // The same process id with another start time is another process.
        let reused = format!("{}/{}/{}/worker-1", me.host, me.pid, me.start + 1);
        assert!(me.is_dead_on_this_host(&reused, proc));
        let gone = format!("{}/{}/1/worker-1", me.host, u32::MAX - 1);
        assert!(me.is_dead_on_this_host(&gone, proc));
        // Another machine's token is never judged from here.
        assert!(!me.is_dead_on_this_host("elsewhere/1/1/worker-1", proc));
        assert!(!me.is_dead_on_this_host("0-abcdef", proc));
    }
}
