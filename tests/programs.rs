//! Program exercises in the sandbox: the learner's file runs as several processes that
//! find each other as `torchrun` ranks do, over the sandbox's own loopback; they never
//! reach another job's processes; a rank that sleeps or leaves a process behind is
//! stopped with the job. Skipped without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.

mod support;

use std::time::{Duration, Instant};

use support::{report, run_program, sandbox};

const RANKS_TALK: &str = r#"
import os, time
from multiprocessing.connection import Client, Listener
rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
address = (os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"]))
if rank == 0:
    with Listener(address, authkey=b"k") as listener:
        total = sum(listener.accept().recv() for _ in range(world - 1))
    print("rank 0 received", total)
else:
    for _ in range(100):
        try:
            connection = Client(address, authkey=b"k")
            break
        except ConnectionRefusedError:
            time.sleep(0.02)
    connection.send(rank)
"#;

const TESTS: &str = r#"
import cairn

def test_all_ranks_ran():
    assert [run.rank for run in cairn.runs] == [0, 1, 2, 3]
    assert all(run.returncode == 0 and not run.timed_out for run in cairn.runs), cairn.runs
    assert "rank 0 received 6" in cairn.runs[0].stdout, cairn.runs[0].stdout + cairn.runs[0].stderr
"#;

#[test]
fn four_ranks_find_each_other_on_the_sandboxs_own_loopback() {
    let Some(sandbox) = sandbox() else { return };
    let report = report(run_program(&sandbox, TESTS, RANKS_TALK, 4));
    println!("{report:?}");
    assert_eq!(report.score(), 1.0);
}

#[test]
fn a_rank_never_reaches_another_jobs_processes() {
    let Some(sandbox) = sandbox() else { return };
    // Job one: rank 0 listens on the master port for three seconds.
    let listener = sandbox.clone();
    let first = std::thread::spawn(move || {
        run_program(
            &listener,
            "def test_nothing():\n    pass\n",
            "import os, socket, time\ns = socket.socket()\ns.bind(('127.0.0.1', int(os.environ['MASTER_PORT'])))\ns.listen()\ntime.sleep(2.5)\n",
            1,
        )
    });
    std::thread::sleep(Duration::from_millis(800));
    // Job two: tries the same address, and the host's.
    let report = report(run_program(
        &sandbox,
        "import cairn\n\ndef test_reached_nothing():\n    assert cairn.runs[0].stdout.strip() == 'REACHED []', cairn.runs[0].stdout + cairn.runs[0].stderr\n",
        "import os, socket\nreached = []\nfor host in ['127.0.0.1', '10.0.2.2', '172.17.0.1']:\n    try:\n        socket.create_connection((host, int(os.environ['MASTER_PORT'])), timeout=0.5).close()\n        reached.append(host)\n    except OSError:\n        pass\nprint('REACHED', reached)\n",
        1,
    ));
    first.join().unwrap();
    println!("{report:?}");
    assert_eq!(report.score(), 1.0, "{report:?}");
}

#[test]
fn a_sleeping_rank_and_what_it_left_behind_are_stopped_with_the_job() {
    let Some(sandbox) = sandbox() else { return };
    let started = Instant::now();
    let report = report(run_program(
        &sandbox,
        "import cairn\n\ndef test_rank_one_was_stopped():\n    assert cairn.runs[1].timed_out\n",
        "import os, subprocess, time\nif os.environ['RANK'] == '1':\n    subprocess.Popen(['sleep', '41.4142'], start_new_session=True)\n    time.sleep(3600)\n",
        2,
    ));
    println!("{report:?} after {:?}", started.elapsed());
    assert_eq!(report.score(), 1.0, "{report:?}");
    assert!(started.elapsed() < Duration::from_secs(8));
    std::thread::sleep(Duration::from_millis(300));
    let left: Vec<_> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|c| String::from_utf8_lossy(c).contains("41.4142"))
        .collect();
    assert!(left.is_empty(), "a process outlived the job");
}
