//! What learners see of grading. When the sandbox fails its self-test, learners and
//! anonymous readers are told only that grading is unavailable, while instructors and
//! admins also see why.

use reqwest::StatusCode;

use crate::admin::admin;
use crate::exercises::{self, submit_to};
use crate::helpers::{learner, spawn_app_with, task_content, user_with_role, Browser};

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
