//! What learners see of grading. When the sandbox fails its self-test, learners and
//! anonymous readers are told only that grading is unavailable, while instructors and
//! admins also see why. A hidden test shows its name and outcome only: none of its
//! lines, its assertion message or what the learner's code put in an exception, a
//! frame name or the output, on the page, in the task's JSON or in the data download,
//! unless the task opts in with `show_messages = true`.

use cairn::content::markdown::escape_html;
use reqwest::StatusCode;

use crate::admin::admin;
use crate::exercises::{self, graded_json, sandboxed, submit_to};
use crate::helpers::{learner, root, spawn_app_with, task_content, user_with_role, Browser};

const LESSON: &str = "/learn/coding/summaries";
const TASK: &str = "/learn/coding/summaries/tasks/summarise";
const HIDDEN: &str = "tests/fixtures/tasks/coding/tasks/summarise/tests/test_hidden.py";

/// The self-test's failure names this path; learners must never see it.
const MISSING_BWRAP: &str = "/nonexistent/cairn-test/bwrap";

/// The note a task shows when grading is off, up to its end.
fn unavailable_note(html: &str) -> &str {
    let Some(start) = html.find("class=\"task-unavailable\"") else {
        return "";
    };
    let end = start + html[start..].find("</p>").unwrap();
    &html[start..end]
}

/// The reason in the note, as staff see it.
fn reason(html: &str) -> &str {
    let note = unavailable_note(html);
    let marker = "class=\"task-unavailable-reason\">";
    let Some(start) = note.find(marker) else {
        return "";
    };
    let rest = &note[start + marker.len()..];
    &rest[..rest.find("</span>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn without_a_sandbox_learners_are_told_grading_is_off_but_only_staff_see_why() {
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.bwrap = MISSING_BWRAP.into();
    })
    .await;
    let boss = admin(&app).await;
    let (teacher, _) = user_with_role(&app, "instructor").await;
    let staff_page = boss.get(exercises::LESSON).await.body;
    let why = reason(&staff_page).to_owned();
    println!("the admin sees: {}", unavailable_note(&staff_page));
    assert!(
        why.len() > 10,
        "an admin sees the reason: {}",
        unavailable_note(&staff_page)
    );
    assert_eq!(
        reason(&teacher.get(exercises::LESSON).await.body),
        why,
        "so does an instructor"
    );

    let (student, _) = learner(&app).await;
    let anonymous = Browser::new(&app);
    let json = student
        .get_with(exercises::TASK, &[("accept", "application/json")])
        .await;
    let (status, refused) = submit_to(
        &student,
        exercises::LESSON,
        exercises::TASK,
        "def add(a, b):\n    return a + b\n",
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    for (what, text) in [
        ("learner's page", student.get(exercises::LESSON).await.body),
        (
            "anonymous page",
            anonymous.get(exercises::LESSON).await.body,
        ),
        (
            "anonymous page, cached",
            anonymous.get(exercises::LESSON).await.body,
        ),
        ("learner's task JSON", json.body),
        ("learner's refused submission", refused.to_string()),
    ] {
        println!("{what}: {}", unavailable_note(&text));
        assert!(
            text.contains("Grading is unavailable on this server."),
            "{what} says grading is off: {text}"
        );
        for part in [
            why.as_str(),
            "/nonexistent",
            "bwrap",
            "bubblewrap",
            "self-test",
        ] {
            assert!(
                !text.contains(part),
                "{what} shows `{part}` of the reason: {text}"
            );
        }
    }
}

/// Every line of the hidden test file a learner could recognise, as it would appear raw
/// or escaped in HTML.
fn hidden_lines() -> Vec<String> {
    let source = std::fs::read_to_string(root().join(HIDDEN)).unwrap();
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("from solution import"))
        .flat_map(|line| [line.to_owned(), escape_html(line)])
        .collect()
}

/// Values only the hidden tests pass or expect (a score of 0.25 may be shown, so the
/// hidden test's `[0.25]` is looked for with its brackets).
const HIDDEN_VALUES: [&str; 6] = ["[0.25]", "0.125", "0.375", "7.5", "8.5", "HIDDEN-ASSERT"];

/// Asserts that nothing of the hidden tests, nor anything the code smuggled out, is in
/// `text`.
fn assert_hidden(what: &str, text: &str) {
    for line in hidden_lines() {
        assert!(
            !text.contains(&line),
            "{what} shows the hidden line `{line}`"
        );
    }
    for value in HIDDEN_VALUES {
        assert!(
            !text.contains(value),
            "{what} shows the hidden value {value}"
        );
    }
    assert!(
        !text.contains("EXFILTRATED"),
        "{what} shows what the learner's code smuggled out"
    );
}

/// Code that tries every way out: the hidden arguments in the printed output, in an
/// exception's message, in an exception's type name and in a frame's function name.
const SMUGGLER: &str = r#"
def summarise(values):
    if values == [1, 3]:
        return {"mean": 2}
    print("EXFIL" + "TRATED print", values)
    if len(values) == 1:
        raise ValueError("EXFIL" + "TRATED message " + repr(values))
    if values[0] < 1:
        kind = "EXFIL" + "TRATED_" + "_".join(str(v) for v in values)
        raise type(kind, (Exception,), {})()
    name = "EXFIL" + "TRATED_frame_" + repr(values)
    forged = lambda: 1 / 0
    replaced = {"co_name": name}
    if hasattr(forged.__code__, "co_qualname"):
        replaced["co_qualname"] = name
    forged.__code__ = forged.__code__.replace(**replaced)
    return forged()
"#;

#[tokio::test]
async fn hidden_tests_show_their_name_and_outcome_and_nothing_the_code_could_smuggle() {
    if !sandboxed() {
        return;
    }
    let app = crate::exercises::app().await;
    let (student, _) = learner(&app).await;
    let starter = std::fs::read_to_string(
        root().join("tests/fixtures/tasks/coding/tasks/summarise/starter.py"),
    )
    .unwrap();
    let (status, _) = submit_to(&student, LESSON, TASK, &starter).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let json = graded_json(&student, TASK).await;
    let html = json["html"].as_str().unwrap();
    println!("the learner sees, for the starter: {html}");
    assert!(html.contains("0 of 4 tests passed"), "{html}");
    assert!(
        html.contains("VISIBLE-MESSAGE"),
        "a visible test keeps its message"
    );
    for name in [
        "test_one_quarter",
        "test_keeps_precision",
        "test_called_by_keyword",
    ] {
        assert!(html.contains(name), "the hidden test {name} is named");
    }
    assert!(html.contains("KeyError"), "a built-in exception is named");
    assert_hidden("the task JSON", &json.to_string());
    assert_hidden("the lesson page", &student.get(LESSON).await.body);

    let (status, _) = submit_to(&student, LESSON, TASK, SMUGGLER).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let json = graded_json(&student, TASK).await;
    let html = json["html"].as_str().unwrap();
    println!("the learner sees, for the smuggler: {html}");
    assert!(html.contains("1 of 4 tests passed"), "{html}");
    assert!(html.contains("ValueError") && html.contains("ZeroDivisionError"));
    assert!(html.contains("an exception"), "a made-up type is not named");
    assert!(
        html.contains("solution.py, line "),
        "the line of the learner's own code"
    );
    assert_hidden("the task JSON", &json.to_string());
    assert_hidden("the lesson page", &student.get(LESSON).await.body);
    let waited = student
        .get_with(&format!("{TASK}?wait=1"), &[("accept", "application/json")])
        .await;
    assert_hidden("the long poll", &waited.body);
    let download = student.get("/account/data.json").await;
    println!("the learner's data download: {}", download.body);
    assert_eq!(download.status, StatusCode::OK);
    assert_hidden("the data download", &download.body);
    let answers = student.get("/account/answers").await;
    assert_eq!(answers.status, StatusCode::OK);
    assert!(
        answers.body.contains("test_one_quarter (hidden)"),
        "the learner's own history names hidden tests, as the lesson page does"
    );
    assert!(!answers.body.contains("test_hidden"), "but not their file");
    assert_hidden("the learner's answers page", &answers.body);
}

#[tokio::test]
async fn a_task_that_opts_in_shows_hidden_assertion_and_exception_messages() {
    if !sandboxed() {
        return;
    }
    let dir = std::env::temp_dir().join(format!(
        "cairn-show-messages-{}-{}",
        std::process::id(),
        line!()
    ));
    crate::content::copy_dir(&task_content(), &dir);
    let toml = dir.join("coding/tasks/summarise/task.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}show_messages = true\n")).unwrap();
    let app = spawn_app_with(|s| {
        s.content_dir = dir.clone();
        s.grader_workers = 1;
    })
    .await;
    let (student, _) = learner(&app).await;
    submit_to(&student, LESSON, TASK, SMUGGLER).await;
    let html = graded_json(&student, TASK).await["html"]
        .as_str()
        .unwrap()
        .to_owned();
    println!("with show_messages = true the learner sees: {html}");
    assert!(
        html.contains("EXFILTRATED message [0.25]"),
        "the learner's exception message"
    );
    assert!(!html.contains("EXFILTRATED print"), "never the output");
    assert!(!html.contains("EXFILTRATED_frame"), "never a frame's name");
    submit_to(
        &student,
        LESSON,
        TASK,
        "def summarise(values):\n    return {}\n",
    )
    .await;
    let html = graded_json(&student, TASK).await["html"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        html.contains("HIDDEN-ASSERT-MESSAGE"),
        "the assertion message"
    );
    assert!(
        html.contains(&escape_html("assert summarise([0.25]) == {\"mean\": 0.25}")),
        "a bare assert's line stands for its message"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
