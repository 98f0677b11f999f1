//! Malformed tasks: `cairn check` names the file, line and field of each problem.

use std::fs;

use crate::content::{assert_problem, content_copy, errors};
use cairn::content::{load, Severity};

const LESSON_HEAD: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n";

#[test]
fn unknown_kinds_and_fields_are_located() {
    let dir = content_copy();
    let tasks = dir.join("basics/tasks");
    fs::write(
        tasks.join("essay.toml"),
        "title = \"T\"\nprompt = \"P\"\nkind = \"essay\"\n",
    )
    .unwrap();
    fs::write(
        tasks.join("colour.toml"),
        "kind = \"text\"\ntitle = \"T\"\nprompt = \"P\"\ncolour = \"red\"\naccepted = [\"x\"]\n",
    )
    .unwrap();
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}Text.\n\n```task\nessay\n```\n\n```task\ncolour\n```\n"),
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "essay.toml",
        Some(3),
        Some("kind"),
        "unknown kind `essay`",
    );
    assert_problem(
        &problems,
        "colour.toml",
        Some(4),
        Some("colour"),
        "unknown field",
    );
}

#[test]
fn placing_a_missing_task_or_one_task_twice_is_an_error() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}Text.\n\n```task\nno-such-task\n```\n\n```task\nsecret\n```\n"),
    )
    .unwrap();
    fs::write(
        dir.join("basics/01-first.md"),
        format!("{LESSON_HEAD}```task\nsecret\n```\n"),
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "02-second.md",
        Some(8),
        Some("task"),
        "no task `no-such-task`",
    );
    assert_problem(
        &problems,
        "02-second.md",
        Some(12),
        Some("task"),
        "already placed at",
    );
}

#[test]
fn a_task_placed_nowhere_is_a_warning() {
    let (catalog, problems) = load(&crate::helpers::fixture_content());
    assert!(catalog.is_some());
    assert!(problems
        .all()
        .iter()
        .any(|p| p.severity == Severity::Warning
            && p.file.ends_with("basics/tasks/secret.toml")
            && p.message.contains("not placed in any lesson")));
}

#[test]
fn choices_patterns_and_expressions_are_checked() {
    let dir = content_copy();
    let tasks = dir.join("basics/tasks");
    fs::write(
        tasks.join("no-correct.toml"),
        "kind = \"choice\"\ntitle = \"T\"\nprompt = \"P\"\n\n[[options]]\ntext = \"a\"\n\n[[options]]\ntext = \"b\"\n",
    )
    .unwrap();
    fs::write(
        tasks.join("bad-pattern.toml"),
        "kind = \"text\"\ntitle = \"T\"\nprompt = \"P\"\npattern = \"(unclosed\"\n",
    )
    .unwrap();
    fs::write(
        tasks.join("divides.toml"),
        "kind = \"numeric\"\ntitle = \"T\"\nprompt = \"{{n}}\"\nanswer = \"1 / (n - 2)\"\n\n[params]\nn = [1, 2, 3]\n",
    )
    .unwrap();
    let inline = "```task\nid = \"inline-bad\"\nkind = \"numeric\"\ntitle = \"T\"\nprompt = \"P\"\nanswer = \"3 +\"\n```\n";
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}```task\nno-correct\n```\n```task\nbad-pattern\n```\n```task\ndivides\n```\n{inline}"),
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "no-correct.toml",
        Some(5),
        Some("options"),
        "no option is marked",
    );
    assert_problem(
        &problems,
        "bad-pattern.toml",
        Some(4),
        Some("pattern"),
        "does not compile",
    );
    assert_problem(
        &problems,
        "divides.toml",
        Some(4),
        Some("answer"),
        "fails for n = 2",
    );
    assert_problem(
        &problems,
        "02-second.md",
        Some(19),
        Some("answer"),
        "`3 +` fails",
    );
}

/// The guide's example of a Python test file.
fn guide_python_test() -> String {
    let guide = fs::read_to_string(crate::helpers::root().join("docs/authoring.md")).unwrap();
    let start = guide
        .find("```python\nfrom solution import chunks")
        .unwrap()
        + 10;
    guide[start..start + guide[start..].find("```").unwrap()].to_owned()
}

/// The TOML examples under "## Tasks" in the authoring guide, each with its id.
fn guide_examples() -> Vec<(String, String)> {
    let guide = fs::read_to_string(crate::helpers::root().join("docs/authoring.md")).unwrap();
    let section = &guide[guide.find("\n## Tasks\n").unwrap()..];
    let section = &section[..section[1..].find("\n## ").unwrap()];
    let mut examples = Vec::new();
    for (i, block) in section.split("```toml\n").skip(1).enumerate() {
        let body = &block[..block.find("```").unwrap()];
        if body.contains("kind = ") {
            examples.push((format!("example-{i}"), body.to_owned()));
        }
    }
    examples
}

#[test]
fn the_authoring_guide_task_examples_are_valid() {
    let dir = content_copy();
    let examples = guide_examples();
    assert!(examples.len() >= 3, "one example per kind");
    let mut lesson = LESSON_HEAD.to_owned();
    for (id, body) in &examples {
        if body.contains("kind = \"python\"") {
            // A Python exercise is a folder: the guide's task.toml and test example, and a
            // starter and solution for them.
            let folder = dir.join(format!("basics/tasks/{id}"));
            fs::create_dir_all(folder.join("tests")).unwrap();
            fs::write(folder.join("task.toml"), body).unwrap();
            fs::write(
                folder.join("starter.py"),
                "def chunks(items, size):\n    return []\n",
            )
            .unwrap();
            fs::write(
                folder.join("solution.py"),
                "def chunks(items, size):\n    for i in range(0, len(items), size):\n        yield items[i:i + size]\n",
            )
            .unwrap();
            fs::write(folder.join("tests/test_examples.py"), guide_python_test()).unwrap();
            fs::write(folder.join("tests/test_edge_cases.py"), guide_python_test()).unwrap();
        } else {
            fs::write(dir.join(format!("basics/tasks/{id}.toml")), body).unwrap();
        }
        lesson.push_str(&format!("```task\n{id}\n```\n"));
    }
    fs::write(dir.join("basics/02-second.md"), lesson).unwrap();
    let (catalog, problems) = load(&dir);
    let catalog = catalog.unwrap_or_else(|| panic!("guide examples load:\n{problems}"));
    assert_eq!(
        catalog.module("basics").unwrap().tasks.len(),
        examples.len() + 1
    );
    if std::path::Path::new("/usr/bin/bwrap").exists() {
        let mut out = Vec::new();
        let proven = cairn::cli::check(&dir, &mut out).unwrap();
        let out = String::from_utf8_lossy(&out);
        assert!(proven, "the guide's Python example is proven: {out}");
    }
}

#[test]
fn latex_escapes_and_spaced_placeholders_are_reported() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/tasks/escaped.toml"),
        "kind = \"numeric\"\ntitle = \"T\"\nprompt = \"\"\"Half of {{ n }} is $\\frac{n}{2}$\"\"\"\nanswer = \"n / 2\"\n\n[params]\nn = [2, 4]\n",
    )
    .unwrap();
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}```task\nescaped\n```\n"),
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "escaped.toml",
        Some(1),
        Some("prompt"),
        "control character",
    );
    assert_problem(
        &problems,
        "escaped.toml",
        Some(1),
        Some("prompt"),
        "`{{ n }}` is shown as written",
    );
}

#[test]
fn points_by_attempt_may_not_rise_or_be_empty() {
    let dir = content_copy();
    let tasks = dir.join("basics/tasks");
    for (name, points) in [("rising", "[5, 7]"), ("empty", "[]")] {
        fs::write(
            tasks.join(format!("{name}.toml")),
            format!("kind = \"text\"\ntitle = \"T\"\nprompt = \"P\"\naccepted = [\"x\"]\npoints = {points}\n"),
        )
        .unwrap();
    }
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}```task\nrising\n```\n```task\nempty\n```\n"),
    )
    .unwrap();
    let problems = errors(&dir);
    for file in ["rising.toml", "empty.toml"] {
        assert_problem(&problems, file, None, Some("points"), "none larger than");
    }
}

#[test]
fn a_path_wide_attempt_credit_gives_points_by_attempt_to_tasks_without_their_own() {
    let dir = content_copy();
    let tasks = dir.join("basics/tasks");
    fs::write(
        tasks.join("ten.toml"),
        "kind = \"text\"\ntitle = \"T\"\nprompt = \"P\"\naccepted = [\"x\"]\npoints = 10\n",
    )
    .unwrap();
    fs::write(
        tasks.join("own.toml"),
        "kind = \"text\"\ntitle = \"T\"\nprompt = \"P\"\naccepted = [\"x\"]\npoints = [4, 1]\n",
    )
    .unwrap();
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}```task\nten\n```\n```task\nown\n```\n"),
    )
    .unwrap();
    let path = dir.join("path.toml");
    let original = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{original}attempt_credit = [100, 70, 50]\n")).unwrap();
    let (catalog, problems) = load(&dir);
    let catalog = catalog.unwrap_or_else(|| panic!("{problems}"));
    assert_eq!(
        catalog.task("basics/ten").unwrap().attempt_points,
        [10, 7, 5]
    );
    assert_eq!(
        catalog.task("basics/own").unwrap().attempt_points,
        [4, 1],
        "a task's own list wins"
    );

    fs::write(&path, format!("{original}attempt_credit = [90, 100]\n")).unwrap();
    assert_problem(
        &errors(&dir),
        "path.toml",
        Some(4),
        Some("attempt_credit"),
        "start at 100 and never rise",
    );
}

#[test]
fn environments_and_program_fields_are_checked_and_located() {
    let dir = content_copy();
    let exercise = |name: &str, fields: &str| {
        let folder = dir.join(format!("basics/tasks/{name}"));
        fs::create_dir_all(folder.join("tests")).unwrap();
        fs::write(
            folder.join("task.toml"),
            format!("kind = \"python\"\ntitle = \"T\"\nprompt = \"P\"\n{fields}"),
        )
        .unwrap();
        fs::write(folder.join("starter.py"), "def f():\n    return 0\n").unwrap();
        fs::write(folder.join("solution.py"), "def f():\n    return 1\n").unwrap();
        fs::write(
            folder.join("tests/test_f.py"),
            "from solution import f\n\ndef test_f():\n    assert f() == 1\n",
        )
        .unwrap();
    };
    exercise("unknown-env", "environment = \"nope\"\n");
    exercise("other-file", "run = [\"python\", \"other.py\"]\n");
    exercise("ranks-alone", "processes = 3\n");
    exercise(
        "too-many",
        "run = [\"python\", \"solution.py\"]\nprocesses = 9\n",
    );
    let loose = dir.join("environments/loose");
    fs::create_dir_all(&loose).unwrap();
    fs::write(loose.join("requirements.txt"), "numpy==2.2.6\npandas>=2\n").unwrap();
    let warmy = dir.join("environments/warmy");
    fs::create_dir_all(&warmy).unwrap();
    fs::write(warmy.join("requirements.txt"), "numpy==2.2.6\n").unwrap();
    fs::write(
        warmy.join("environment.toml"),
        "warm = [\"not a module\"]\n",
    )
    .unwrap();
    let names = ["unknown-env", "other-file", "ranks-alone", "too-many"];
    let placed: String = names
        .iter()
        .map(|name| format!("```task\n{name}\n```\n"))
        .collect();
    fs::write(
        dir.join("basics/02-second.md"),
        format!("{LESSON_HEAD}Text.\n\n{placed}"),
    )
    .unwrap();
    let problems = errors(&dir);
    for problem in &problems {
        println!("{problem}");
    }
    assert_problem(
        &problems,
        "unknown-env/task.toml",
        None,
        Some("environment"),
        "no environment `nope`",
    );
    assert_problem(
        &problems,
        "other-file/task.toml",
        None,
        Some("run"),
        "must start with \"python\", \"solution.py\"",
    );
    assert_problem(
        &problems,
        "ranks-alone/task.toml",
        None,
        Some("processes"),
        "only a program exercise starts processes",
    );
    assert_problem(
        &problems,
        "too-many/task.toml",
        None,
        Some("processes"),
        "between 1 and 8",
    );
    assert_problem(
        &problems,
        "loose/requirements.txt",
        Some(2),
        None,
        "`pandas>=2` is not pinned",
    );
    assert_problem(
        &problems,
        "warmy/environment.toml",
        None,
        Some("warm"),
        "`not a module` is not a module name",
    );
    // The environments folder is not mistaken for an unlisted module.
    assert!(
        !problems
            .iter()
            .any(|p| p.message.contains("folder environments/")),
        "{problems:?}"
    );
}
