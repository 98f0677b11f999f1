//! A learner's typed answer, checked against representative tasks.
//!
//! The input is what a learner types into a task's answer box. Each task below is
//! compiled once from TOML by the same code as `content/`, then the input is checked
//! with `tasks::check` for several learners' variants, as `web::answers` does for a
//! numeric or text task, and read as option positions for a choice task. It also goes
//! through `parse_number` directly with the units content uses, ASCII and not.
//! Anything may be typed, so nothing here may panic.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use cairn::content::markdown::KeepLinks;
use cairn::content::Problems;
use cairn::tasks::check::{check, normalise, parse_number, Answer};
use cairn::content::task_definition::{self as definition, Origin};
use cairn::tasks::{Task, Variant};
use libfuzzer_sys::fuzz_target;

/// One task of each kind and answer shape: numeric with a fixed answer and a unit, with
/// an expression over parameters, with a one-character unit and a multi-byte one and
/// with none; text with accepted answers and a pattern, case-sensitive text; single and
/// multiple choice.
const TASKS: &[(&str, &str)] = &[
    (
        "latency",
        r#"kind = "numeric"
title = "Round trip"
prompt = "How long is one round trip?"
unit = "ms"
answer = 3.5
tolerance = 0.05
"#,
    ),
    (
        "ring-bytes",
        r#"kind = "numeric"
title = "Ring traffic"
prompt = "A ring of {{n}} GPUs all-reduces a {{size}} GB buffer. How many GB does each GPU send?"
unit = "GB"
answer = "2 * (n - 1) / n * size"
relative_tolerance = 0.01

[params]
n = [2, 4, 8]
size = { min = 1, max = 4 }
"#,
    ),
    (
        "bubble",
        r#"kind = "numeric"
title = "Pipeline bubble"
prompt = "With {{p}} stages and {{m}} micro-batches, what share of the time is idle?"
unit = "%"
answer = "100 * (p - 1) / (m + p - 1)"
relative_tolerance = 0.01

[params]
p = [4, 8]
m = [8, 32]
"#,
    ),
    (
        "jitter",
        r#"kind = "numeric"
title = "Timer resolution"
prompt = "What is the timer's resolution?"
unit = "µs"
answer = 15.6
tolerance = 0.1
"#,
    ),
    (
        "offset",
        r#"kind = "numeric"
title = "Offset"
prompt = "What is the offset?"
answer = -0.5
"#,
    ),
    (
        "name-it",
        r#"kind = "text"
title = "Name the schedule"
prompt = "Which schedule runs micro-batches through pipeline stages?"
pattern = "(gpipe|1f1b)( schedule)?"
accepted = ["zebra crossing"]
"#,
    ),
    (
        "exact-name",
        r#"kind = "text"
title = "Exact name"
prompt = "Which environment variable names the database?"
accepted = ["DATABASE_URL", "Straße"]
case_sensitive = true
"#,
    ),
    (
        "pick-one",
        r#"kind = "choice"
title = "Combine the gradients"
prompt = "Which collective leaves the summed gradients on every rank?"
shuffle = true

[[options]]
text = "All-reduce"
correct = true
feedback = "It sums and shares."

[[options]]
text = "Broadcast"

[[options]]
text = "Scatter"
"#,
    ),
    (
        "several",
        r#"kind = "choice"
title = "Pick every prime"
prompt = "Which of these are prime?"

[[options]]
text = "2"
correct = true

[[options]]
text = "3"
correct = true

[[options]]
text = "4"
"#,
    ),
];

/// Units the bundled content uses, plus an empty one and non-ASCII ones.
const UNITS: &[Option<&str>] = &[
    None,
    Some(""),
    Some("s"),
    Some("ms"),
    Some("GB"),
    Some("%"),
    Some("µs"),
    Some("€"),
    Some("requests"),
];

/// Learners whose variants are checked; the input itself is one more seed.
const SEEDS: &[&str] = &["learner-1", "learner-2", "ada@example.org"];

/// The tasks, compiled once. A task that no longer compiles is a broken harness, not
/// a finding: it stops the run at start-up with the problems the loader reported.
static COMPILED: LazyLock<Vec<Task>> = LazyLock::new(|| {
    TASKS
        .iter()
        .map(|(name, text)| {
            let file = Path::new("fuzz/tasks").join(format!("{name}.toml"));
            let origin = Origin {
                file: &file,
                text,
                first_line: 1,
                folder: None,
            };
            let mut problems = Problems::default();
            match definition::load(&origin, "fuzz", Some(name), &KeepLinks, &mut problems) {
                Some(task) => task,
                None => panic!("fuzz harness: task `{name}` no longer compiles:\n{problems}"),
            }
        })
        .collect()
});

/// Option positions as the web form and stored attempts give them: comma-separated
/// numbers, anything else an index the checker refuses.
fn positions(input: &str) -> Vec<usize> {
    input
        .split(',')
        .map(|p| p.trim().parse::<usize>().unwrap_or(usize::MAX))
        .collect()
}

fuzz_target!(
    init: {
        LazyLock::force(&COMPILED);
    },
    |data: &[u8]| {
        let Ok(input) = std::str::from_utf8(data) else {
            return;
        };
        for unit in UNITS {
            let _ = parse_number(input, *unit);
        }
        let _ = normalise(input, false);
        let _ = normalise(input, true);
        let typed = Answer::Value(input.to_owned());
        let chosen = Answer::Choice(positions(input));
        for task in COMPILED.iter() {
            let variants = SEEDS
                .iter()
                .copied()
                .chain([input])
                .map(|seed| Variant::pick(task, seed));
            for variant in variants {
                let _ = check(task, &variant, &typed);
                let _ = check(task, &variant, &chosen);
            }
        }
    }
);
