//! `/search`: ranked lessons with marked snippets, a plain GET form, and nothing of a
//! task but its title and prompt.

use reqwest::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with, task_content, Browser};

#[tokio::test]
async fn search_finds_lessons_by_heading_and_text_with_marked_snippets() {
    let app = spawn_app().await;
    let browser = Browser::new(&app);
    let page = browser.get("/search?q=measur").await;
    assert_eq!(page.status, StatusCode::OK);
    let results = &page.body[page.body.find("class=\"search-results\"").expect("results")..];
    assert!(
        results.contains("<a href=\"/learn/basics/first#measuring\">First lesson</a>"),
        "the heading's anchor: {results}"
    );
    assert!(results.contains("<mark>Measuring</mark>"), "{results}");
    // The header's box on every page is the same GET form.
    assert!(page.body.contains(
        "<form class=\"site-search\" role=\"search\" action=\"/search\" method=\"get\">"
    ));
    let none = browser.get("/search?q=zzzzqqq").await;
    assert!(none.body.contains("No lesson matches for “zzzzqqq”"));
    let empty = browser.get("/search").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(!empty.body.contains("search-count"));
    // Markup in a query is text.
    let hostile = browser
        .get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
        .await;
    assert!(!hostile.body.contains("<script>alert"));
}

#[tokio::test]
async fn search_never_finds_answers_hints_explanations_feedback_or_tests() {
    let app = spawn_app_with(|s| s.content_dir = task_content()).await;
    let browser = Browser::new(&app);
    // A prompt is found, at its task.
    let prompt = browser.get("/search?q=collective+operation").await.body;
    assert!(
        prompt.contains("href=\"/learn/practice/quiz#task-pick-one\""),
        "{prompt}"
    );
    for secret in [
        "zebra crossing",
        "EXPLAIN-PICK",
        "FEEDBACK-RIGHT",
        "FEEDBACK-BROADCAST",
        "HINT-ONE",
        "HIDDEN-ASSERT",
        "EXPLAIN-RING",
    ] {
        let query = secret.replace(' ', "+");
        let page = browser.get(&format!("/search?q={query}")).await.body;
        // The results, after the line that repeats the query.
        let results = page
            .split("class=\"search-results\"")
            .nth(1)
            .unwrap_or_default();
        let lower = results.to_lowercase();
        for word in secret.to_lowercase().split([' ', '-']) {
            if word.len() > 4 {
                assert!(
                    !lower.contains(&format!("<mark>{word}</mark>")),
                    "{secret}: `{word}` found: {results}"
                );
            }
        }
        assert!(!results.contains(secret), "{secret}: {results}");
    }
}
