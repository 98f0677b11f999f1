//! A task's TOML, compiled into a `Task` as `content::task_files` does.
//!
//! The input is a task file. `content::task_definition::load` parses it, checks every field
//! against the task's kind, compiles patterns, evaluates a numeric answer for every
//! variant and renders the Markdown fields. It runs twice: as `tasks/fuzzed/task.toml`
//! with a Python task's folder beside it, and as an inline ```` ```task ```` block
//! further down a lesson (no file name, so it needs an `id`). Task files are written by
//! instructors and edited live under `--watch`, so nothing here may panic.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use cairn::content::markdown::KeepLinks;
use cairn::content::Problems;
use cairn::content::task_definition::{self as definition, Origin};
use libfuzzer_sys::fuzz_target;

/// The other files of a Python task's folder, as `task_files::read` collects them.
static FOLDER: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    [
        ("starter.py", "def add(a, b):\n    pass\n"),
        ("solution.py", "def add(a, b):\n    return a + b\n"),
        (
            "tests/test_examples.py",
            "from solution import add\n\ndef test_small():\n    assert add(1, 2) == 3\n",
        ),
        (
            "tests/test_hidden.py",
            "from solution import add\n\ndef test_floats():\n    assert add(0.5, 0.25) == 0.75\n",
        ),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.to_owned()))
    .collect()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let in_folder = Origin {
        file: Path::new("fuzz/tasks/fuzzed/task.toml"),
        text,
        first_line: 1,
        folder: Some(&FOLDER),
    };
    let inline = Origin {
        file: Path::new("fuzz/01-lesson.md"),
        text,
        first_line: 12,
        folder: None,
    };
    for (origin, default_name) in [(&in_folder, Some("fuzzed")), (&inline, None)] {
        let mut problems = Problems::default();
        let _ = definition::load(origin, "fuzz", default_name, &KeepLinks, &mut problems);
    }
});
