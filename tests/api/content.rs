//! Malformed content: every problem is reported with file, line and field, all at once,
//! and `cairn serve` refuses to start on a broken catalog.

use std::fs;
use std::path::{Path, PathBuf};

use cairn::content::{load, Problem};

/// A copy of the fixture content in a temp folder, to break in one way.
pub(crate) fn content_copy() -> PathBuf {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).unwrap();
    let dir = std::env::temp_dir().join(format!("cairn-content-{}", hex::encode(bytes)));
    copy_dir(&crate::helpers::fixture_content(), &dir);
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub(crate) fn errors(dir: &Path) -> Vec<Problem> {
    let (catalog, problems) = load(dir);
    assert!(catalog.is_none(), "broken content must not load");
    problems.all().to_vec()
}

pub(crate) fn assert_problem(
    problems: &[Problem],
    file_end: &str,
    line: Option<usize>,
    field: Option<&str>,
    text: &str,
) {
    let found = problems.iter().any(|p| {
        p.file.to_string_lossy().ends_with(file_end)
            && p.line == line
            && p.field.as_deref() == field
            && p.message.contains(text)
    });
    assert!(
        found,
        "expected {file_end}:{line:?} {field:?} `{text}` in:\n{problems:#?}"
    );
}

#[test]
fn the_fixture_content_is_valid() {
    let (catalog, problems) = load(&crate::helpers::fixture_content());
    assert!(catalog.is_some(), "{problems}");
}

#[test]
fn a_typo_in_front_matter_names_the_file_line_and_field() {
    let dir = content_copy();
    let lesson = dir.join("basics/02-second.md");
    fs::write(
        &lesson,
        "+++\ntitle = \"Second\"\nsummary = \"S\"\ntitel = \"typo\"\n+++\nBody\n",
    )
    .unwrap();
    assert_problem(
        &errors(&dir),
        "basics/02-second.md",
        Some(4),
        Some("titel"),
        "unknown field",
    );
}

#[test]
fn missing_and_malformed_front_matter_are_reported() {
    let dir = content_copy();
    fs::write(dir.join("basics/02-second.md"), "# No front matter\n").unwrap();
    fs::write(dir.join("basics/03-third.md"), "+++\ntitle = \"T\"\n+++\n").unwrap();
    fs::write(
        dir.join("basics/04-fourth.md"),
        "+++\ntitle = \"T\"\nsummary = \n+++\n",
    )
    .unwrap();
    fs::write(
        dir.join("basics/05-fifth.md"),
        "+++\ntitle = \"T\"\nsummary = \"S\"\n",
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "02-second.md",
        Some(1),
        None,
        "missing front matter",
    );
    assert_problem(
        &problems,
        "03-third.md",
        Some(2),
        Some("summary"),
        "missing field",
    );
    assert_problem(
        &problems,
        "04-fourth.md",
        Some(3),
        Some("summary"),
        "invalid string",
    );
    assert_problem(&problems, "05-fifth.md", Some(1), None, "unterminated");
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/02-second.md"),
        "+++\ntitle = \"T\"\nsummary = \"S\"\ncolour = 1\n+++\n",
    )
    .unwrap();
    fs::remove_file(dir.join("advanced/module.toml")).unwrap();
    fs::write(
        dir.join("basics/03-bad.md"),
        b"+++\ntitle = \"T\"\nsummary = \"S\"\n+++\nok\n\xff\xfe\n",
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "02-second.md",
        Some(4),
        Some("colour"),
        "unknown field",
    );
    assert_problem(
        &problems,
        "advanced/module.toml",
        None,
        None,
        "missing module.toml",
    );
    assert_problem(&problems, "03-bad.md", Some(6), None, "not valid UTF-8");
}

#[test]
fn duplicate_slugs_and_numbers_are_errors() {
    let dir = content_copy();
    fs::copy(
        dir.join("basics/02-second.md"),
        dir.join("basics/03-second.md"),
    )
    .unwrap();
    fs::copy(
        dir.join("basics/02-second.md"),
        dir.join("basics/02-other.md"),
    )
    .unwrap();
    let problems = errors(&dir);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("duplicate lesson slug `second`")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("lesson number 02")),
        "{problems:#?}"
    );
}

#[test]
fn bad_lesson_file_names_are_errors() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/Intro.md"),
        "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n",
    )
    .unwrap();
    assert_problem(
        &errors(&dir),
        "basics/Intro.md",
        None,
        None,
        "01-my-lesson.md",
    );
}

#[test]
fn unknown_and_cyclic_prerequisites_are_errors_on_their_line() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/module.toml"),
        "title = \"B\"\nsummary = \"S\"\nrequires = [\n  \"advanced\",\n  \"ghost\",\n]\n",
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "basics/module.toml",
        Some(5),
        Some("requires"),
        "unknown module `ghost`",
    );
    assert_problem(
        &problems,
        "basics/module.toml",
        Some(4),
        Some("requires"),
        "prerequisite cycle",
    );
    assert_problem(
        &problems,
        "advanced/module.toml",
        Some(3),
        Some("requires"),
        "prerequisite cycle",
    );
}

#[test]
fn modules_listed_but_missing_or_present_but_unlisted_are_errors() {
    let dir = content_copy();
    fs::write(
        dir.join("path.toml"),
        "title = \"P\"\ndescription = \"D\"\nmodules = [\n  \"basics\",\n  \"missing\",\n]\n",
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "path.toml",
        Some(5),
        Some("modules"),
        "`missing` is listed but there is no folder",
    );
    assert_problem(
        &problems,
        "path.toml",
        None,
        Some("modules"),
        "advanced/ is a module but is not listed",
    );
}

#[test]
fn broken_links_between_lessons_are_errors_with_their_line() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/02-second.md"),
        "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\nFine [link](01-first.md).\n\nBroken [link](03-nope.md).\n\n![img](missing.png)\n\n[out](../../../etc/passwd)\n",
    )
    .unwrap();
    let problems = errors(&dir);
    assert_problem(
        &problems,
        "02-second.md",
        Some(7),
        Some("link"),
        "no lesson file basics/03-nope.md",
    );
    assert_problem(
        &problems,
        "02-second.md",
        Some(9),
        Some("link"),
        "no file basics/missing.png",
    );
    assert_problem(
        &problems,
        "02-second.md",
        Some(11),
        Some("link"),
        "outside the content folder",
    );
}

#[test]
fn renumbering_a_lesson_keeps_its_id() {
    let dir = content_copy();
    fs::rename(
        dir.join("basics/02-second.md"),
        dir.join("basics/07-second.md"),
    )
    .unwrap();
    let first = fs::read_to_string(dir.join("basics/01-first.md")).unwrap();
    fs::write(
        dir.join("basics/01-first.md"),
        first.replace("02-second.md", "07-second.md"),
    )
    .unwrap();
    let (catalog, problems) = load(&dir);
    let catalog = catalog.unwrap_or_else(|| panic!("{problems}"));
    let ids: Vec<_> = catalog.lessons().map(|(_, l)| l.id.as_str()).collect();
    assert_eq!(ids, ["basics/first", "basics/second", "advanced/deep"]);
}

#[test]
fn serve_refuses_a_broken_catalog_and_prints_the_report() {
    let dir = content_copy();
    fs::write(
        dir.join("basics/02-second.md"),
        "+++\ntitle = \"T\"\nsummary = \"S\"\ntitel = 1\n+++\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .current_dir(crate::helpers::root())
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database",
            "sqlite::memory:",
            "--content",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("02-second.md:4: field `titel`"), "{stderr}");

    let check = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["check", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("02-second.md:4: field `titel`"));
}
