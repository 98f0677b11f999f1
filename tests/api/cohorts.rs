//! Cohorts: instructors create them and invite codes; learners join; the progress
//! matrix and CSV exports show only the instructor's own cohorts; learner input in CSV
//! cannot run as a spreadsheet formula.

use reqwest::StatusCode;

use crate::helpers::{count, learner, spawn_app_with, task_content, Browser, TestApp};
use crate::snapshot::{main_of, redacted, section_of};

pub(crate) async fn app() -> TestApp {
    spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 0;
    })
    .await
}

/// A signed-in instructor.
pub(crate) async fn instructor(app: &TestApp) -> Browser {
    crate::helpers::user_with_role(app, "instructor").await.0
}

/// Creates a cohort; returns its page path.
pub(crate) async fn cohort(teacher: &Browser, name: &str) -> String {
    let csrf = teacher.get("/teach").await.csrf();
    let page = teacher
        .post("/teach/cohorts", &[("csrf", &csrf), ("name", name)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location().to_owned()
}

/// Every invite code shown on a cohort page.
fn codes(page: &str) -> Vec<String> {
    page.split("class=\"invite-code\">")
        .skip(1)
        .map(|rest| rest[..rest.find('<').unwrap()].to_owned())
        .collect()
}

/// Creates an invite code on a cohort page; returns the code.
pub(crate) async fn invite(teacher: &Browser, cohort: &str, uses: &str) -> String {
    let before = codes(&teacher.get(cohort).await.body);
    let csrf = teacher.get(cohort).await.csrf();
    let page = teacher
        .post(
            &format!("{cohort}/invites"),
            &[("csrf", &csrf), ("days", "7"), ("max_uses", uses)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    codes(&teacher.get(cohort).await.body)
        .into_iter()
        .find(|code| !before.contains(code))
        .expect("a new invite code")
}

/// Makes an invite code expire, as time would.
pub(crate) async fn expire(app: &TestApp, code: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url).await.unwrap();
    sqlx::query("UPDATE invites SET expires_at = 1 WHERE code = $1")
        .bind(code)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

async fn join(browser: &Browser, code: &str) -> (StatusCode, String) {
    let csrf = browser.get("/join").await.csrf();
    let page = browser
        .post("/join", &[("csrf", &csrf), ("code", code)])
        .await;
    (page.status, page.body)
}

#[tokio::test]
async fn learners_join_with_a_code_and_appear_in_the_matrix_and_exports() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Evening group").await;
    let code = invite(&teacher, &path, "5").await;
    let (student, name) = learner(&app).await;
    let (status, body) = join(&student, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("You joined Evening group."), "{body}");
    let (_, again) = join(&student, &code).await;
    assert!(again.contains("already in Evening group"));
    let dashboard = student.get("/dashboard").await.body;
    redacted("the learner's dashboard after joining Evening group", &[]).bind(|| {
        insta::assert_snapshot!(
            "dashboard_cohorts_card",
            section_of(&dashboard, "your-cohorts")
        )
    });

    student.get("/learn/practice/quiz").await;
    let page = teacher.get(&path).await;
    // The matrix with the student's row, the task statistics, the invite code and its
    // uses, the form for another code.
    redacted(
        "GET the cohort page as its instructor, after one learner joined and opened the quiz",
        &[(&name, "[student]")],
    )
    .bind(|| insta::assert_snapshot!("cohort_page", main_of(&page.body)));
    let csv = teacher.get(&format!("{path}/progress.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let mut lines = csv.body.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("\"username\",\"lessons_done\",\"practice/quiz\""));
    assert!(lines
        .next()
        .unwrap()
        .starts_with(&format!("\"{name}\",\"0\",\"visited\"")));
}

#[tokio::test]
async fn expired_used_up_and_unknown_codes_admit_no_one() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "One seat").await;
    let code = invite(&teacher, &path, "1").await;
    let (first, _) = learner(&app).await;
    assert_eq!(join(&first, &code).await.0, StatusCode::OK);
    let (second, _) = learner(&app).await;
    let (status, body) = join(&second, &code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("used as many times as it allows"), "{body}");
    let (status, body) = join(&second, "no-such-code").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("not valid"));

    let late = invite(&teacher, &path, "10").await;
    expire(&app, &late).await;
    let (status, body) = join(&second, &late).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("expired"));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM cohort_members WHERE role = 'learner'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn learners_and_other_instructors_are_refused_every_teaching_route() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Private").await;
    let (student, _) = learner(&app).await;
    let other = instructor(&app).await;
    for browser in [&student, &other] {
        for url in [
            path.clone(),
            format!("{path}/progress.csv"),
            format!("{path}/attempts.csv"),
        ] {
            assert_eq!(
                browser.get(&url).await.status,
                StatusCode::FORBIDDEN,
                "{url}"
            );
        }
        let csrf = browser.get("/dashboard").await.csrf();
        let page = browser
            .post(
                &format!("{path}/invites"),
                &[("csrf", &csrf), ("days", "7"), ("max_uses", "9")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(student.get("/teach").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        Browser::new(&app).get("/teach").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM invites").await, 0);
}

#[tokio::test]
async fn learner_input_in_csv_exports_cannot_run_as_a_formula() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Formulas").await;
    let code = invite(&teacher, &path, "5").await;
    let student = Browser::new(&app);
    let page = student
        .sign_up("=HYPERLINK(\"x\")", "correct horse battery")
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    join(&student, &code).await;
    let csrf = student.get("/learn/practice/numbers").await.csrf();
    student
        .post(
            "/learn/practice/numbers/tasks/name-it",
            &[("csrf", &csrf), ("answer", "@SUM(1+1)")],
        )
        .await;
    let progress = teacher.get(&format!("{path}/progress.csv")).await.body;
    assert!(
        progress.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "{progress}"
    );
    let attempts = teacher.get(&format!("{path}/attempts.csv")).await.body;
    assert!(attempts.contains("\"'@SUM(1+1)\""), "{attempts}");
    assert!(!attempts.contains(",\"@SUM"), "{attempts}");
}

#[tokio::test]
async fn bad_cohort_names_and_invite_bounds_are_refused_and_create_nothing() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let csrf = teacher.get("/teach").await.csrf();
    let long = "x".repeat(81);
    for name in ["", "   ", long.as_str()] {
        let page = teacher
            .post("/teach/cohorts", &[("csrf", &csrf), ("name", name)])
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{name:?}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cohorts").await, 0);
    let path = cohort(&teacher, "Bounds").await;
    let csrf = teacher.get(&path).await.csrf();
    for (days, uses) in [
        ("0", "5"),
        ("366", "5"),
        ("7", "0"),
        ("7", "10001"),
        ("soon", "5"),
    ] {
        let page = teacher
            .post(
                &format!("{path}/invites"),
                &[("csrf", &csrf), ("days", days), ("max_uses", uses)],
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{days} {uses}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM invites").await, 0);
}
