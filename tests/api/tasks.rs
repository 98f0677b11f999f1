//! Checkable tasks over HTTP: answering, feedback, hints, attempts, progress, and every
//! kind of bad input, on the fixture path in `tests/fixtures/tasks`.

use reqwest::StatusCode;

use crate::helpers::{
    count, learner, option_position, spawn_app_with, task_content, Browser, Page, TestApp,
};
use crate::snapshot::{main_of, redacted, section_of};

async fn task_app() -> TestApp {
    spawn_app_with(|s| s.content_dir = task_content()).await
}

const QUIZ: &str = "/learn/practice/quiz";
const NUMBERS: &str = "/learn/practice/numbers";

/// The HTML of one task's section on a page.
fn section<'a>(body: &'a str, name: &str) -> &'a str {
    section_of(body, &format!("task-{name}"))
}

/// The `value` of the option whose text is `text`, as this learner's page orders them.
fn option_value(body: &str, task: &str, text: &str) -> String {
    option_position(section(body, task), &format!("<p>{text}</p>"))
}

async fn answer_choice(browser: &Browser, texts: &[&str]) -> Page {
    let page = browser.get(QUIZ).await;
    let csrf = page.csrf();
    let values: Vec<String> = texts
        .iter()
        .map(|t| option_value(&page.body, "pick-one", t))
        .collect();
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend(values.iter().map(|v| ("option", v.as_str())));
    browser.post(&format!("{QUIZ}/tasks/pick-one"), &form).await
}

async fn attempts(app: &TestApp, task: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) FROM attempts WHERE task_id = 'practice/{task}'"),
    )
    .await
}

/// `n` and `size` as this learner's ring-bytes prompt shows them.
fn ring_variant(body: &str) -> (f64, f64) {
    let section = section(body, "ring-bytes");
    let after = &section[section.find("A ring of ").unwrap() + 10..];
    let n: f64 = after[..after.find(' ').unwrap()].parse().unwrap();
    let after = &after[after.find("reduces a ").unwrap() + 10..];
    let size: f64 = after[..after.find(' ').unwrap()].parse().unwrap();
    (n, size)
}

#[tokio::test]
async fn anonymous_readers_see_tasks_and_are_invited_to_sign_in() {
    let app = task_app().await;
    let browser = Browser::new(&app);
    let page = browser.get(QUIZ).await;
    assert_eq!(page.status, StatusCode::OK);
    let task = section(&page.body, "pick-one");
    assert!(task.contains("Combine the gradients"));
    assert!(task.contains("Sign in</a>"));
    assert!(!task.contains("Check answer"));
    let post = browser
        .post(&format!("{QUIZ}/tasks/pick-one"), &[("option", "0")])
        .await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert!(post.location().starts_with("/login?next="));
    assert_eq!(attempts(&app, "pick-one").await, 0);
}

#[tokio::test]
async fn a_wrong_answer_unlocks_a_hint_and_a_right_one_shows_the_explanation() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let before = section(&browser.get(QUIZ).await.body, "pick-one").to_owned();
    assert!(!before.contains("HINT-ONE") && !before.contains("EXPLAIN-PICK"));

    let wrong = answer_choice(&browser, &["Broadcast"]).await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert_eq!(wrong.location(), format!("{QUIZ}#task-pick-one"));
    let page = browser.get(QUIZ).await;
    let task = section(&page.body, "pick-one");
    // What the unsolved task must not give away, whatever else the page changes to.
    assert!(
        !task.contains("FEEDBACK-BROADCAST"),
        "option feedback waits until the task is solved"
    );
    assert!(!task.contains("HINT-TWO"), "one hint per wrong answer");
    assert!(!task.contains("EXPLAIN-PICK") && !task.contains("FEEDBACK-RIGHT"));
    // "Not quite.", the first hint, the attempt count and the form to try again.
    redacted("the pick-one task after one wrong answer", &[])
        .bind(|| insta::assert_snapshot!("pick_one_after_a_wrong_answer", task));

    answer_choice(&browser, &["All-reduce"]).await;
    let page = browser.get(QUIZ).await;
    let task = section(&page.body, "pick-one");
    // Solved: the badge, "Correct." with the option's feedback, the explanation, and
    // the learner's own answer checked when they come back.
    redacted(
        "the pick-one task after a wrong and then a right answer",
        &[],
    )
    .bind(|| insta::assert_snapshot!("pick_one_solved", task));
    assert_eq!(attempts(&app, "pick-one").await, 2);
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM attempts WHERE task_id = 'practice/pick-one' AND answer = '0' \
         AND correct = 1 AND score = 1 AND length(content_hash) = 64",
    )
    .await;
    assert_eq!(
        stored, 1,
        "the answer is stored in definition order with its verdict"
    );
}

#[tokio::test]
async fn scripts_get_the_new_task_html_to_swap_in_place() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let page = browser.get(NUMBERS).await;
    assert!(page.body.contains("/static/js/tasks.js"));
    let (n, size) = ring_variant(&page.body);
    let csrf = page.csrf();
    let path = format!("{NUMBERS}/tasks/ring-bytes");
    let wrong = browser
        .post_json(&path, &[("csrf", &csrf), ("answer", "123456")])
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&wrong.body).unwrap();
    assert_eq!(json["outcome"], "incorrect");
    let html = json["html"].as_str().unwrap();
    assert!(html.starts_with("<section") && html.contains("id=\"task-ring-bytes\""));
    assert!(html.contains("HINT-RING") && html.contains("value=\"123456\""));

    let right = format!("{} GB", 2.0 * (n - 1.0) / n * size);
    let solved = browser
        .post_json(&path, &[("csrf", &csrf), ("answer", &right)])
        .await;
    let json: serde_json::Value = serde_json::from_str(&solved.body).unwrap();
    assert_eq!(json["outcome"], "correct", "{right}");
    assert!(json["html"].as_str().unwrap().contains("EXPLAIN-RING"));
}

#[tokio::test]
async fn each_learner_keeps_a_variant_of_their_own() {
    let app = task_app().await;
    let mut variants = Vec::new();
    for _ in 0..6 {
        let (browser, _) = learner(&app).await;
        let first = ring_variant(&browser.get(NUMBERS).await.body);
        assert_eq!(first, ring_variant(&browser.get(NUMBERS).await.body));
        variants.push(first);
    }
    variants.sort_by(|a, b| a.partial_cmp(b).unwrap());
    variants.dedup();
    assert!(variants.len() > 1, "learners see different numbers");
}

#[tokio::test]
async fn a_non_number_is_explained_and_costs_no_attempt() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    let path = format!("{NUMBERS}/tasks/ring-bytes");
    let page = browser
        .post(&path, &[("csrf", &csrf), ("answer", "about four")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let task = section(&page.body, "ring-bytes");
    assert!(task.contains("That is not a number"));
    assert!(task.contains("value=\"about four\""), "the answer is kept");
    let empty = browser
        .post_json(&path, &[("csrf", &csrf), ("answer", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Enter an answer first"));
    assert_eq!(attempts(&app, "ring-bytes").await, 0);
}

#[tokio::test]
async fn answers_in_other_scripts_before_a_unit_get_a_verdict_not_a_dropped_connection() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    for task in ["round-trip", "ring-bytes"] {
        let path = format!("{NUMBERS}/tasks/{task}");
        for answer in ["1é", "١٢", "é1", "1€", "0.4\u{301}s", "🙂"] {
            let page = browser
                .post_json(&path, &[("csrf", &csrf), ("answer", answer)])
                .await;
            println!("{task} <- {answer:?}: {} {}", page.status, page.body);
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
            assert!(page.body.contains("That is not a number"), "{answer}");
        }
    }
    let right = browser
        .post_json(
            &format!("{NUMBERS}/tasks/round-trip"),
            &[("csrf", &csrf), ("answer", "0.4 s")],
        )
        .await;
    assert!(
        right.body.contains("\"outcome\":\"correct\""),
        "{}",
        right.body
    );
    assert_eq!(
        Browser::new(&app).get("/healthz").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn solving_every_required_task_completes_the_lesson() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let page = browser.get(QUIZ).await;
    assert!(
        !page.body.contains("id=\"mark-done\""),
        "tasks complete this lesson"
    );
    assert!(page.body.contains("0 of 2 required tasks solved"));
    let csrf = page.csrf();
    let refused = browser
        .post(&format!("{QUIZ}/done"), &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);

    answer_choice(&browser, &["All-reduce"]).await;
    let page = browser.get(QUIZ).await;
    assert!(page.body.contains("1 of 2 required tasks solved"));
    assert!(!page.body.contains("is-done"));
    let (two, three) = (
        option_value(&page.body, "several", "2"),
        option_value(&page.body, "several", "3"),
    );
    let path = format!("{QUIZ}/tasks/several");
    let partial = browser
        .post_json(&path, &[("csrf", &csrf), ("option", &two)])
        .await;
    assert!(partial.body.contains("\"outcome\":\"incorrect\""));
    let done = browser
        .post_json(
            &path,
            &[("csrf", &csrf), ("option", &two), ("option", &three)],
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&done.body).unwrap();
    assert_eq!(json["outcome"], "correct");
    assert_eq!(json["lesson_done"], true, "the optional task is not needed");

    let page = browser.get(QUIZ).await;
    assert!(page
        .body
        .contains("id=\"lesson-status\" class=\"lesson-status status-done"));
    let module = browser.get("/learn/practice").await;
    assert!(module.body.contains("1 of 3"), "module progress follows");
    let reading = browser.get("/learn/practice/reading").await;
    assert!(
        reading.body.contains("id=\"mark-done\""),
        "lessons without tasks keep it"
    );
}

#[tokio::test]
async fn a_task_out_of_attempts_is_closed() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    let path = format!("{NUMBERS}/tasks/name-it");
    for _ in 0..2 {
        let page = browser
            .post(&path, &[("csrf", &csrf), ("answer", "ring")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let closed = browser
        .post_json(&path, &[("csrf", &csrf), ("answer", "GPipe")])
        .await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    assert!(closed.body.contains("\"outcome\":\"closed\""));
    assert_eq!(attempts(&app, "name-it").await, 2);
    let task = section(&browser.get(NUMBERS).await.body, "name-it").to_owned();
    assert!(task.contains("badge-closed") && !task.contains("Check answer"));
}

#[tokio::test]
async fn submissions_are_rate_limited_per_learner() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    let path = format!("{NUMBERS}/tasks/ring-bytes");
    for i in 0..30 {
        let page = browser
            .post(
                &path,
                &[("csrf", &csrf), ("answer", &format!("{}", 1000 + i))],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "attempt {i}");
    }
    let limited = browser
        .post(&path, &[("csrf", &csrf), ("answer", "1")])
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(attempts(&app, "ring-bytes").await, 30);
    let (other, _) = learner(&app).await;
    let csrf = other.get(NUMBERS).await.csrf();
    let page = other.post(&path, &[("csrf", &csrf), ("answer", "1")]).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "other learners are unaffected"
    );
}

#[tokio::test]
async fn unknown_tasks_and_tasks_of_other_lessons_are_not_found() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(QUIZ).await.csrf();
    for path in [
        format!("{QUIZ}/tasks/no-such-task"),
        format!("{NUMBERS}/tasks/pick-one"),
        "/learn/practice/no-lesson/tasks/pick-one".to_owned(),
        "/learn/nowhere/quiz/tasks/pick-one".to_owned(),
    ] {
        let page = browser
            .post(&path, &[("csrf", &csrf), ("option", "0")])
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn empty_huge_and_non_utf8_bodies_are_refused_with_a_reason() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    let path = format!("{NUMBERS}/tasks/name-it");
    let form = "application/x-www-form-urlencoded";
    let empty = browser.post_raw(&path, form, Vec::new()).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("empty"), "{}", empty.body);

    let huge = format!("csrf={csrf}&answer={}", "a".repeat(1 << 20));
    let page = browser.post_raw(&path, form, huge.into_bytes()).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("too long"), "{}", page.body);
    let bigger = format!("csrf={csrf}&answer={}", "a".repeat(3 << 20));
    let page = browser.post_raw(&path, form, bigger.into_bytes()).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);

    for body in [
        format!("csrf={csrf}&answer=%FF%FE").into_bytes(),
        [
            format!("csrf={csrf}&answer=").into_bytes(),
            vec![0xff, 0xfe],
        ]
        .concat(),
    ] {
        let page = browser.post_raw(&path, form, body).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.body.contains("UTF-8"), "{}", page.body);
    }
    assert_eq!(attempts(&app, "name-it").await, 0);
}

#[tokio::test]
async fn learner_and_score_fields_in_the_form_are_ignored() {
    let app = task_app().await;
    let (victim, _) = learner(&app).await;
    victim.get(NUMBERS).await;
    let (browser, _) = learner(&app).await;
    let csrf = browser.get(NUMBERS).await.csrf();
    let page = browser
        .post(
            &format!("{NUMBERS}/tasks/name-it"),
            &[
                ("csrf", &csrf),
                ("answer", "wrong"),
                ("score", "1"),
                ("correct", "1"),
                ("user_id", "1"),
                ("learner", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM attempts WHERE correct = 0 AND score = 0 AND user_id = 2",
    )
    .await;
    assert_eq!(stored, 1, "stored for the signed-in learner, as checked");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM task_status WHERE user_id = 1").await,
        0
    );
}

#[tokio::test]
async fn a_csrf_token_from_another_session_is_refused() {
    let app = task_app().await;
    let (attacker, _) = learner(&app).await;
    let stolen = attacker.get(QUIZ).await.csrf();
    let (victim, _) = learner(&app).await;
    let page = victim
        .post(
            &format!("{NUMBERS}/tasks/name-it"),
            &[("csrf", &stolen), ("answer", "gpipe")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(attempts(&app, "name-it").await, 0);
}

#[tokio::test]
async fn concurrent_answers_are_each_stored_once_with_a_consistent_status() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let page = browser.get(NUMBERS).await;
    let (n, size) = ring_variant(&page.body);
    let csrf = page.csrf();
    let browser = std::sync::Arc::new(browser);
    let right = format!("{}", 2.0 * (n - 1.0) / n * size);
    let mut handles = Vec::new();
    for i in 0..20 {
        let browser = browser.clone();
        let csrf = csrf.clone();
        let answer = if i % 5 == 0 {
            right.clone()
        } else {
            format!("{}", 9000 + i)
        };
        handles.push(tokio::spawn(async move {
            browser
                .post_json(
                    &format!("{NUMBERS}/tasks/ring-bytes"),
                    &[("csrf", &csrf), ("answer", &answer)],
                )
                .await
                .status
        }));
    }
    for handle in handles {
        assert_eq!(handle.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(attempts(&app, "ring-bytes").await, 20);
    let status = count(
        &app,
        "SELECT COUNT(*) FROM task_status WHERE attempts = 20 AND wrong = 16 \
         AND best_score = 1 AND solved_at IS NOT NULL",
    )
    .await;
    assert_eq!(status, 1, "one status row agreeing with the attempts");
}

#[tokio::test]
async fn points_fall_with_attempts_by_the_rule_shown_before_answering() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    let before = section(&browser.get(QUIZ).await.body, "pick-one").to_owned();
    assert!(
        before.contains(
            "Points fall with attempts: 3 points on the first attempt, 2 on the second, 1 from the third on."
        ),
        "{before}"
    );

    answer_choice(&browser, &["Broadcast"]).await;
    let task = section(&browser.get(QUIZ).await.body, "pick-one").to_owned();
    assert!(
        task.contains("A correct answer now earns 2 points."),
        "{task}"
    );
    answer_choice(&browser, &["All-reduce"]).await;
    let task = section(&browser.get(QUIZ).await.body, "pick-one").to_owned();
    assert!(task.contains("2 of 3 points"), "{task}");
    // A later correct answer earns less, and the best stays.
    answer_choice(&browser, &["All-reduce"]).await;

    let recorded = |points: i64| {
        format!(
            "SELECT COUNT(*) FROM attempts WHERE task_id = 'practice/pick-one' AND points = {points}"
        )
    };
    assert_eq!(count(&app, &recorded(0)).await, 1, "the wrong answer");
    assert_eq!(count(&app, &recorded(2)).await, 1, "the second attempt");
    assert_eq!(count(&app, &recorded(1)).await, 1, "the third attempt");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM task_status WHERE task_id = 'practice/pick-one' AND points = 2"
        )
        .await,
        1
    );
    // The learner's own history: each answer, its verdict and its points.
    let answers = browser.get("/account/answers").await.body;
    let mine = &answers[answers
        .find("Combine the gradients")
        .expect("the task listed")..];
    assert!(mine.contains("3 answers"), "{mine}");
    for cells in [
        "<p>Broadcast</p>\n</li></ul></td><td>Incorrect</td><td>0</td>",
        "<p>All-reduce</p>\n</li></ul></td><td>Correct</td><td>2</td>",
        "<p>All-reduce</p>\n</li></ul></td><td>Correct</td><td>1</td>",
    ] {
        assert!(mine.contains(cells), "{cells} in {mine}");
    }
    assert!(
        !answers.contains("Ring traffic"),
        "only answered tasks are listed"
    );
    // The dashboard: 1 of the tasks solved for 2 points, 3 answers sent, and where to
    // go on.
    let dashboard = browser.get("/dashboard").await.body;
    redacted(
        "GET /dashboard after 3 answers to pick-one, the last two right",
        &[],
    )
    .bind(|| insta::assert_snapshot!("dashboard_with_points", main_of(&dashboard)));
}

#[tokio::test]
async fn tasks_solved_before_points_by_attempt_keep_their_full_points() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    answer_choice(&browser, &["All-reduce"]).await;
    // As the database held it before points were recorded per attempt.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database_url).await.unwrap();
    for sql in [
        "UPDATE attempts SET points = NULL",
        "UPDATE task_status SET points = NULL",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let full = "<dt>Points</dt><dd>3 <span";
    assert!(browser.get("/dashboard").await.body.contains(full));
    // A later answer earns less and does not lower what was already earned.
    answer_choice(&browser, &["All-reduce"]).await;
    assert!(browser.get("/dashboard").await.body.contains(full));
    assert!(section(&browser.get(QUIZ).await.body, "pick-one").contains("3 of 3 points"));
}

#[tokio::test]
async fn creating_an_account_from_a_task_returns_to_that_task() {
    let app = task_app().await;
    let browser = Browser::new(&app);
    let lesson = browser.get(QUIZ).await.body;
    let task = section(&lesson, "pick-one");
    let at = task
        .find("href=\"/signup?")
        .expect("a sign-up link on the task")
        + 6;
    let link = &task[at..at + task[at..].find('"').unwrap()];
    assert_eq!(link, "/signup?next=/learn/practice/quiz%23task-pick-one");
    let form = browser.get(link).await;
    let next = "value=\"/learn/practice/quiz#task-pick-one\"";
    assert!(form.body.contains(next), "the sign-up form keeps the place");
    let done = browser
        .post(
            "/signup",
            &[
                ("username", "returning"),
                ("email", ""),
                ("password", crate::helpers::PASSWORD),
                ("csrf", &form.csrf()),
                ("next", "/learn/practice/quiz#task-pick-one"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/learn/practice/quiz#task-pick-one");
}

/// The `href` of the dashboard's or overview's "Continue" button.
fn continue_href(body: &str) -> &str {
    let at = body
        .find("class=\"button button-primary\" href=\"")
        .expect("a Continue button")
        + 36;
    &body[at..at + body[at..].find('"').unwrap()]
}

#[tokio::test]
async fn continue_opens_the_next_unsolved_task() {
    let app = task_app().await;
    let (browser, _) = learner(&app).await;
    // A first visit starts the lesson without solving anything.
    browser.get(QUIZ).await;
    for page in ["/dashboard", "/"] {
        let body = browser.get(page).await.body;
        assert_eq!(
            continue_href(&body),
            format!("{QUIZ}#task-pick-one"),
            "{page}"
        );
    }
    answer_choice(&browser, &["All-reduce"]).await;
    for page in ["/dashboard", "/"] {
        let body = browser.get(page).await.body;
        assert_eq!(
            continue_href(&body),
            format!("{QUIZ}#task-several"),
            "{page}"
        );
    }
}
