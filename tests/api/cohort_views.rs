//! What an instructor learns from a cohort page: median attempts to solve, the hidden
//! test most learners fail, a sortable matrix, and one learner's read-only trail,
//! which no other learner or other cohort's instructor can open.

use reqwest::StatusCode;

use crate::cohorts::{cohort, instructor, invite};
use crate::helpers::{learner, Browser};

const NUMBERS: &str = "/learn/practice/numbers";

async fn answer(browser: &Browser, answer: &str) {
    let csrf = browser.get(NUMBERS).await.csrf();
    let page = browser
        .post(
            &format!("{NUMBERS}/tasks/name-it"),
            &[("csrf", &csrf), ("answer", answer)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

async fn join(browser: &Browser, code: &str) {
    let csrf = browser.get("/join").await.csrf();
    let page = browser
        .post("/join", &[("csrf", &csrf), ("code", code)])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}

/// The link to a learner's trail on the cohort page.
fn trail_link(cohort_page: &str, name: &str) -> String {
    let at = cohort_page
        .find(&format!(">{name}</a>"))
        .unwrap_or_else(|| panic!("{name} linked"));
    let start = cohort_page[..at].rfind("href=\"").unwrap() + 6;
    cohort_page[start..at - 1].to_owned()
}

#[tokio::test]
async fn statistics_name_the_median_attempts_and_the_most_failed_hidden_test() {
    let grading = crate::exercises::sandboxed();
    let app = crate::exercises::app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Stats").await;
    let code = invite(&teacher, &path, "10").await;
    let (first, first_name) = learner(&app).await;
    let (second, second_name) = learner(&app).await;
    join(&first, &code).await;
    join(&second, &code).await;
    // First: wrong, then right (2 attempts); second: right at once (1).
    answer(&first, "ring").await;
    answer(&first, "GPipe").await;
    answer(&second, "zebra crossing").await;
    // The second also solves another task: two solved against the first's one.
    let csrf = second.get("/learn/practice/quiz").await.csrf();
    let page = second
        .post(
            "/learn/practice/quiz/tasks/optional-note",
            &[("csrf", &csrf), ("answer", "optional")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    if grading {
        // Passes the visible test, fails the hidden one about negative numbers.
        let wrong = "def add(a, b):\n    return abs(a) + abs(b)\n";
        assert_eq!(
            crate::exercises::submit(&first, wrong).await.0,
            StatusCode::ACCEPTED
        );
        crate::exercises::graded(&first).await;
    }

    let page = teacher.get(&path).await.body;
    let row = &page[page.find("practice/name-it").expect("task row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("<td>1.5</td>"), "median of 2 and 1: {row}");
    if grading {
        let row = &page[page.find("coding/add-numbers").expect("python row")..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(
            row.contains("test_hidden.py::test_negative_numbers") && row.contains("(1 learner)"),
            "{row}"
        );
        assert!(
            !row.contains("test_examples.py"),
            "visible tests are not listed"
        );
    }

    // Sorting: names Z to A reverses the default order; counts sort too.
    let position = |body: &str, name: &str| body.find(&format!(">{name}</a>")).unwrap();
    let ascending = position(&page, &first_name) < position(&page, &second_name);
    let reversed = teacher
        .get(&format!("{path}?sort=name&order=desc"))
        .await
        .body;
    assert!(reversed.contains("aria-sort=\"descending\""));
    assert_eq!(
        position(&reversed, &first_name) < position(&reversed, &second_name),
        !ascending
    );
    let fewest = teacher.get(&format!("{path}?sort=solved")).await.body;
    assert!(fewest.contains("aria-sort=\"ascending\""));
    assert!(
        position(&fewest, &first_name) < position(&fewest, &second_name),
        "fewest solved first"
    );
    let most = teacher
        .get(&format!("{path}?sort=solved&order=desc"))
        .await
        .body;
    assert!(
        position(&most, &second_name) < position(&most, &first_name),
        "most solved first"
    );
    let by_name = teacher.get(&format!("{path}?sort=nonsense")).await;
    assert_eq!(
        by_name.status,
        StatusCode::OK,
        "unknown sort keys sort by name"
    );

    // The trail shows what the learner sent, and their code.
    let link = trail_link(&page, &first_name);
    let trail = teacher.get(&link).await;
    assert_eq!(trail.status, StatusCode::OK);
    assert!(trail.body.contains("<code>ring</code>") && trail.body.contains("<code>GPipe</code>"));
    if grading {
        assert!(trail.body.contains("return abs(a) + abs(b)"));
        assert!(trail.body.contains("test_hidden.py::test_negative_numbers"));
    }
    assert!(
        !trail.body.contains("zebra crossing"),
        "only this learner's answers"
    );
    let content = &trail.body[trail.body.find("trail-title").unwrap()..];
    assert!(!content.contains("<form"), "read-only");

    // Nobody else reads it: the learner themself, another learner, another cohort's
    // instructor; and a cohort's URL cannot reach a learner of another cohort.
    for outsider in [&first, &second] {
        assert_eq!(outsider.get(&link).await.status, StatusCode::FORBIDDEN);
    }
    let other_teacher = instructor(&app).await;
    assert_eq!(other_teacher.get(&link).await.status, StatusCode::FORBIDDEN);
    let other_path = cohort(&other_teacher, "Elsewhere").await;
    let (stranger, stranger_name) = learner(&app).await;
    join(&stranger, &invite(&other_teacher, &other_path, "1").await).await;
    let stranger_link = trail_link(&other_teacher.get(&other_path).await.body, &stranger_name);
    let id = stranger_link.rsplit('/').next().unwrap();
    assert_eq!(
        teacher.get(&format!("{path}/learners/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        teacher
            .get(&format!("{path}/learners/not-a-number"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
