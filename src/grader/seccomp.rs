//! The system-call filter every sandboxed process runs under.
//!
//! Namespaces hide the host, but the kernel's whole system-call surface stays reachable
//! from inside them, and several calls are reachable without any privilege: the key
//! ring (`add_key`, `keyctl`), `io_uring`, `userfaultfd`, `ptrace` of one's own
//! children, and socket families that cross namespaces (`AF_VSOCK` reaches a VM's host
//! even with no network). This module builds classic BPF programs, with `seccompiler`
//! (the filter compiler Firecracker uses), that bubblewrap installs just before it
//! executes the program (`--add-seccomp-fd`). The filter is a deny list at least as
//! strong as Docker's default profile for these calls; denied calls fail with `EPERM`,
//! so Python sees a `PermissionError` and the harness reports it, never a silent kill.
//!
//! Three programs, applied together:
//! 1. the deny list, answering `EPERM`;
//! 2. `clone3` answering `ENOSYS`, so glibc falls back to `clone`, whose flags a filter
//!    can read (it refuses new namespaces); `EPERM` would make glibc give up instead;
//! 3. on x86_64 only, a four-instruction guard that answers `ENOSYS` to every x32 system
//!    call, whose numbers differ from the native ones and would slip past the list.

use std::collections::BTreeMap;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

/// Calls refused outright: kernel keyrings, io_uring, userfaultfd, BPF and perf,
/// tracing other processes, mounting and namespaces, kernel modules and kexec, and
/// the administrative calls a container's default profile also refuses.
const DENIED: &[i64] = &[
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_keyctl,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_userfaultfd,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_kcmp,
    libc::SYS_pidfd_getfd,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_open_tree,
    libc::SYS_move_mount,
    libc::SYS_fsopen,
    libc::SYS_fsconfig,
    libc::SYS_fsmount,
    libc::SYS_fspick,
    libc::SYS_mount_setattr,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_fanotify_init,
    libc::SYS_acct,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_reboot,
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
    libc::SYS_clock_adjtime,
    libc::SYS_adjtimex,
    libc::SYS_syslog,
    libc::SYS_quotactl,
    libc::SYS_vhangup,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_iopl,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_ioperm,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_uselib,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_ustat,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_sysfs,
];

/// Socket families a program may open: local sockets (multiprocessing uses them) and
/// IP, which reaches nothing in the empty network namespace but lets libraries start.
const ALLOWED_FAMILIES: &[i32] = &[libc::AF_UNIX, libc::AF_INET, libc::AF_INET6];

/// `personality` values that only change harmless details, as Docker's profile allows;
/// anything else could turn off address-space randomisation.
const ALLOWED_PERSONALITIES: &[u64] = &[0x0, 0x0008, 0x20000, 0x20008, 0xffff_ffff];

/// Flags that would ask `clone` for new namespaces.
const NAMESPACE_FLAGS: &[i32] = &[
    libc::CLONE_NEWNS,
    libc::CLONE_NEWUTS,
    libc::CLONE_NEWIPC,
    libc::CLONE_NEWUSER,
    libc::CLONE_NEWPID,
    libc::CLONE_NEWNET,
    libc::CLONE_NEWCGROUP,
];

/// The filter could not be built for this machine.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the system-call filter: {0}")]
pub struct FilterError(String);

/// The compiled programs, each as the bytes bubblewrap reads from a descriptor.
pub fn programs() -> Result<Vec<Vec<u8>>, FilterError> {
    let arch = TargetArch::try_from(std::env::consts::ARCH)
        .map_err(|err| FilterError(format!("{err:?}")))?;
    let mut programs = vec![
        bytes(&compile(deny_list()?, arch, libc::EPERM)?),
        bytes(&compile(
            BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
            arch,
            libc::ENOSYS,
        )?),
    ];
    if let Some(guard) = x32_guard() {
        programs.push(guard);
    }
    Ok(programs)
}

fn deny_list() -> Result<BTreeMap<i64, Vec<SeccompRule>>, FilterError> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> =
        DENIED.iter().map(|&call| (call, Vec::new())).collect();
    // A rule matches when all its conditions hold; a call is denied when any rule does.
    let unlisted_family = rule(
        ALLOWED_FAMILIES
            .iter()
            .map(|&family| condition(SeccompCmpOp::Ne, family as u64))
            .collect::<Result<_, _>>()?,
    )?;
    rules.insert(libc::SYS_socket, vec![unlisted_family.clone()]);
    rules.insert(libc::SYS_socketpair, vec![unlisted_family]);
    let unlisted_personality = rule(
        ALLOWED_PERSONALITIES
            .iter()
            .map(|&value| condition(SeccompCmpOp::Ne, value))
            .collect::<Result<_, _>>()?,
    )?;
    rules.insert(libc::SYS_personality, vec![unlisted_personality]);
    let new_namespace = NAMESPACE_FLAGS
        .iter()
        .map(|&flag| {
            let flag = flag as u64;
            rule(vec![condition(SeccompCmpOp::MaskedEq(flag), flag)?])
        })
        .collect::<Result<Vec<_>, _>>()?;
    rules.insert(libc::SYS_clone, new_namespace);
    Ok(rules)
}

/// A test on the first argument, the only one any rule here reads. Every such argument
/// is an int or a flag word, so its low 32 bits are all of it.
fn condition(op: SeccompCmpOp, value: u64) -> Result<SeccompCondition, FilterError> {
    SeccompCondition::new(0, SeccompCmpArgLen::Dword, op, value)
        .map_err(|err| FilterError(format!("{err:?}")))
}

fn rule(conditions: Vec<SeccompCondition>) -> Result<SeccompRule, FilterError> {
    SeccompRule::new(conditions).map_err(|err| FilterError(format!("{err:?}")))
}

fn compile(
    rules: BTreeMap<i64, Vec<SeccompRule>>,
    arch: TargetArch,
    errno: i32,
) -> Result<BpfProgram, FilterError> {
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(errno as u32),
        arch,
    )
    .map_err(|err| FilterError(format!("{err:?}")))?;
    BpfProgram::try_from(filter).map_err(|err| FilterError(format!("{err:?}")))
}

/// A program in the layout the kernel reads: `struct sock_filter` is a `u16` code, two
/// `u8` jump offsets and a `u32` operand, in native byte order.
fn bytes(program: &BpfProgram) -> Vec<u8> {
    program
        .iter()
        .flat_map(|instruction| {
            let mut raw = Vec::with_capacity(8);
            raw.extend_from_slice(&instruction.code.to_ne_bytes());
            raw.push(instruction.jt);
            raw.push(instruction.jf);
            raw.extend_from_slice(&instruction.k.to_ne_bytes());
            raw
        })
        .collect()
}

/// On x86_64, system calls with bit 30 set use the x32 ABI and its own numbering, which
/// the deny list does not name; this guard refuses them all. (The architecture was
/// already checked by the first program, which kills any other ABI.)
#[cfg(target_arch = "x86_64")]
fn x32_guard() -> Option<Vec<u8>> {
    use seccompiler::sock_filter;
    const LOAD_WORD_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
    const JUMP_GE: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    const RETURN: u16 = 0x06; // BPF_RET | BPF_K
    const X32_BIT: u32 = 0x4000_0000;
    let errno = 0x0005_0000 | libc::ENOSYS as u32; // SECCOMP_RET_ERRNO | ENOSYS
    let allow = 0x7fff_0000; // SECCOMP_RET_ALLOW
    let at = |code, jt, jf, k| sock_filter { code, jt, jf, k };
    Some(bytes(&vec![
        at(LOAD_WORD_ABS, 0, 0, 0), // the system call number (seccomp_data.nr)
        at(JUMP_GE, 0, 1, X32_BIT),
        at(RETURN, 0, 0, errno),
        at(RETURN, 0, 0, allow),
    ]))
}

#[cfg(not(target_arch = "x86_64"))]
fn x32_guard() -> Option<Vec<u8>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_is_whole_instructions() {
        let programs = programs().unwrap();
        assert!(programs.len() >= 2);
        for program in &programs {
            assert!(!program.is_empty());
            assert_eq!(program.len() % 8, 0);
        }
    }

    #[test]
    fn the_deny_list_names_each_call_once() {
        let mut calls = DENIED.to_vec();
        calls.sort_unstable();
        calls.dedup();
        assert_eq!(calls.len(), DENIED.len());
    }
}
