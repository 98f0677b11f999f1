//! Python tasks: a task folder with the starter, the solution, tests and known-wrong
//! solutions, and the limits, environment and program run the exercise asks for.

use super::{is_identifier, Origin, TaskFile};
use crate::content::problems::Problems;
use crate::tasks::{ProgramRun, Python, PythonTest};

/// The kind name `kind = "python"` selects.
pub(super) const KIND: &str = "python";

/// The fields only python tasks use, each with whether `file` sets it: the one list
/// the check for fields of another kind reads.
pub(super) fn fields(file: &TaskFile) -> Vec<(&'static str, bool)> {
    vec![
        ("file", file.file.is_some()),
        ("visible_tests", file.visible_tests.is_some()),
        ("show_messages", file.show_messages.is_some()),
        ("cpu_seconds", file.cpu_seconds.is_some()),
        ("memory_mb", file.memory_mb.is_some()),
        ("environment", file.environment.is_some()),
        ("run", file.run.is_some()),
        ("processes", file.processes.is_some()),
    ]
}

/// Most copies of a program exercise started at once.
const MAX_PROCESSES: u32 = 8;

/// `run` and `processes` of a program exercise, checked.
fn program_run(
    file: &TaskFile,
    file_name: &str,
    origin: &Origin<'_>,
    problems: &mut Problems,
) -> Option<ProgramRun> {
    let processes = file.processes.unwrap_or(1);
    if !(1..=MAX_PROCESSES).contains(&processes) {
        problems.field_error(
            origin.file,
            None,
            "processes",
            format!("must be between 1 and {MAX_PROCESSES}"),
        );
    }
    let Some(run) = &file.run else {
        if file.processes.is_some() {
            problems.field_error(
                origin.file,
                None,
                "processes",
                "only a program exercise starts processes: add run = [\"python\", \"<file>\"]",
            );
        }
        return None;
    };
    match run.as_slice() {
        [python, file, args @ ..] if python == "python" && file == file_name => Some(ProgramRun {
            args: args.to_vec(),
            processes,
        }),
        _ => {
            problems.field_error(
                origin.file,
                None,
                "run",
                format!("must start with \"python\", \"{file_name}\" (the learner's file), then any arguments"),
            );
            None
        }
    }
}

/// Most CPU seconds and MiB a task may ask for; the operator's limits may be lower.
const MAX_CPU_SECONDS: u64 = 30;
const MAX_MEMORY_MB: u64 = 2048;

/// Checks the task folder and the limits, and gathers its files.
pub(super) fn compile(
    file: &TaskFile,
    origin: &Origin<'_>,
    problems: &mut Problems,
) -> Option<Python> {
    let Some(folder) = origin.folder else {
        problems.field_error(
            origin.file,
            Some(origin.first_line),
            "kind",
            "a python task needs a folder: tasks/<id>/task.toml with starter.py, solution.py and tests/test_*.py",
        );
        return None;
    };
    let file_name = file
        .file
        .clone()
        .unwrap_or_else(|| "solution.py".to_owned());
    let module = file_name.strip_suffix(".py").unwrap_or("").to_owned();
    let valid_module = is_identifier(&module)
        && module != "harness"
        && module != "cairn"
        && !module.starts_with("test_");
    if !valid_module {
        problems.field_error(
            origin.file,
            None,
            "file",
            format!("`{file_name}` must be a Python module file name such as `solution.py`"),
        );
    }
    let mut required = |name: &str| match folder.get(name) {
        Some(text) => Some(text.clone()),
        None => {
            problems.error(
                &origin.file.with_file_name(name),
                None,
                format!("missing {name}: a python task folder needs starter.py, solution.py and tests/test_*.py"),
            );
            None
        }
    };
    let starter = required("starter.py");
    let solution = required("solution.py");
    let visible: Vec<String> = file
        .visible_tests
        .as_ref()
        .map(|v| v.get_ref().clone())
        .unwrap_or_default();
    let tests: Vec<PythonTest> = folder
        .iter()
        .filter_map(|(path, source)| {
            let name = path.strip_prefix("tests/")?;
            (name.starts_with("test_") && name.ends_with(".py") && !name.contains('/')).then(|| {
                PythonTest {
                    name: name.to_owned(),
                    source: source.clone(),
                    visible: visible.iter().any(|v| v == name),
                }
            })
        })
        .collect();
    // Plausible wrong solutions (`wrong/*.py`) that `cairn check` proves fail.
    let wrong: Vec<(String, String)> = folder
        .iter()
        .filter_map(|(path, source)| {
            let name = path.strip_prefix("wrong/")?;
            (name.ends_with(".py") && !name.contains('/'))
                .then(|| (name.to_owned(), source.clone()))
        })
        .collect();
    if tests.is_empty() {
        problems.error(
            &origin.file.with_file_name("tests"),
            None,
            "a python task needs at least one tests/test_*.py file",
        );
    }
    if let Some(listed) = &file.visible_tests {
        for name in listed.get_ref() {
            if !tests.iter().any(|t| &t.name == name) {
                problems.field_error(
                    origin.file,
                    origin.line(listed.span().start),
                    "visible_tests",
                    format!("no test file tests/{name}"),
                );
            }
        }
    }
    if file
        .cpu_seconds
        .is_some_and(|s| s == 0 || s > MAX_CPU_SECONDS)
    {
        problems.field_error(
            origin.file,
            None,
            "cpu_seconds",
            format!("must be between 1 and {MAX_CPU_SECONDS}"),
        );
    }
    if file
        .memory_mb
        .is_some_and(|m| !(32..=MAX_MEMORY_MB).contains(&m))
    {
        problems.field_error(
            origin.file,
            None,
            "memory_mb",
            format!("must be between 32 and {MAX_MEMORY_MB}"),
        );
    }
    let program = program_run(file, &file_name, origin, problems);
    Some(Python {
        file_name,
        module,
        starter: starter?,
        solution: solution?,
        tests,
        show_messages: file.show_messages.unwrap_or(false),
        cpu_seconds: file.cpu_seconds,
        memory_mb: file.memory_mb,
        wrong,
        environment: file.environment.clone(),
        program,
    })
}
