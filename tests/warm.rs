//! Warm sandboxes: started before their job with modules imported, each used by one job
//! only. Skipped without bubblewrap unless `CAIRN_SANDBOX_TEST` is set.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cairn::grader::harness::Report;
use cairn::grader::warm::Pool;
use support::{report, run_with, sandbox};

const TESTS: &str = "import sys\nfrom solution import add, imported\n\ndef test_add():\n    assert add(1, 2) == 3\n\ndef test_warm_modules_were_imported_before_the_code():\n    assert imported() is True\n";

fn grade_with(pool: &Arc<Pool>, learner: &str, warm: &[String]) -> Report {
    let sandbox = sandbox().expect("checked by the caller");
    report(run_with(&sandbox, Some(pool), TESTS, learner, None, warm))
}

/// Waits until the pool holds `count` idle sandboxes.
fn wait_for_idle(pool: &Pool, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while pool.idle() < count {
        assert!(Instant::now() < deadline, "no warm sandbox was started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

const LEARNER: &str = "import os, sys\n\ndef add(a, b):\n    return a + b\n\ndef imported():\n    return 'decimal' in sys.modules\n";

#[test]
fn a_warm_sandbox_has_its_modules_imported_and_serves_one_job() {
    if sandbox().is_none() {
        return;
    }
    let pool = Pool::new(1);
    let warm = vec!["decimal".to_owned()];
    // The first job starts a sandbox of its own and one behind it.
    let first = grade_with(&pool, LEARNER, &warm);
    assert_eq!(first.score(), 1.0, "{first:?}");
    wait_for_idle(&pool, 1);
    // A job that leaves something behind, in a warm sandbox...
    let leaver = "import os\nopen('/tmp/left-by-job-two', 'w').write('x')\nopen('/work/left-by-job-two', 'w').write('x')\ndef add(a, b):\n    return a + b\n\ndef imported():\n    return True\n";
    assert_eq!(grade_with(&pool, leaver, &warm).score(), 1.0);
    wait_for_idle(&pool, 1);
    // ...and the next warm one sees none of it.
    let looker = "import os\nseen = [n for d in ('/tmp', '/work') for n in os.listdir(d) if 'left' in n]\ndef add(a, b):\n    return a + b if not seen else seen\n\ndef imported():\n    return True\n";
    let report = grade_with(&pool, looker, &warm);
    println!("{report:?}");
    assert_eq!(
        report.score(),
        1.0,
        "a warm sandbox is never reused: {report:?}"
    );
}

#[test]
fn a_module_that_cannot_be_warmed_leaves_a_cold_start_that_still_grades() {
    if sandbox().is_none() {
        return;
    }
    let pool = Pool::new(1);
    let warm = vec!["no_such_module_anywhere".to_owned()];
    let learner = "def add(a, b):\n    return a + b\n\ndef imported():\n    return True\n";
    assert_eq!(grade_with(&pool, learner, &warm).score(), 1.0);
    wait_for_idle(&pool, 1);
    assert_eq!(grade_with(&pool, learner, &warm).score(), 1.0);
}
