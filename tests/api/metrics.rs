//! `/metrics`: Prometheus text on its own address only, routes labelled by pattern (a
//! crawler's random paths add no labels), sign-in failures, the grading queue and
//! grading durations.

use reqwest::StatusCode;

use crate::helpers::{learner, spawn_app_with, task_content, Browser};

async fn scrape(address: &str) -> String {
    let response = reqwest::get(format!("{address}/metrics")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn metrics_are_served_apart_and_count_requests_by_route_pattern() {
    let grading = crate::exercises::sandboxed();
    let app = spawn_app_with(|s| {
        s.content_dir = task_content();
        s.grader_workers = 1;
        s.metrics_bind = Some("127.0.0.1:0".into());
    })
    .await;
    let metrics = app.metrics_address.clone().expect("a metrics address");
    let visitor = Browser::new(&app);
    assert_eq!(visitor.get("/").await.status, StatusCode::OK);
    assert_eq!(
        visitor.get("/no-such-page-8271").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get("/metrics").await.status,
        StatusCode::NOT_FOUND,
        "not on the public address"
    );
    assert_eq!(
        visitor.get("/learn/practice/numbers").await.status,
        StatusCode::OK
    );
    assert_eq!(
        visitor.get("/static/css/cairn.css").await.status,
        StatusCode::OK
    );
    for made_up in ["AAAA1", "AAAA2"] {
        let method = reqwest::Method::from_bytes(made_up.as_bytes()).unwrap();
        reqwest::Client::new()
            .request(method, format!("{}/no-such-page-8271", app.address))
            .send()
            .await
            .unwrap();
    }
    let failed = visitor.log_in("nobody-here", "wrong password").await;
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    let (teacher, _) = crate::helpers::user_with_role(&app, "instructor").await;
    teacher.get("/teach/cohorts/4242").await;
    if grading {
        let (coder, _) = learner(&app).await;
        let code = "def add(a, b):\n    return a + b\n";
        assert_eq!(
            crate::exercises::submit(&coder, code).await.0,
            StatusCode::ACCEPTED
        );
        crate::exercises::graded(&coder).await;
    }

    let text = scrape(&metrics).await;
    assert!(
        text.contains("cairn_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains(
        "cairn_http_requests_total{route=\"/teach/cohorts/{id}\",method=\"GET\",status=\"403\"} 1"
    ));
    assert!(text.contains("route=\"unmatched\",method=\"GET\",status=\"404\""));
    assert!(
        !text.contains("8271") && !text.contains("4242"),
        "no raw paths"
    );
    assert!(text.contains("route=\"/learn/*\",method=\"GET\",status=\"200\""));
    assert!(text.contains("route=\"/static/*\",method=\"GET\",status=\"200\""));
    assert!(!text.contains("AAAA"), "made-up methods add no labels");
    assert!(text.contains("method=\"other\""));
    assert!(text.contains("cairn_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 1"));
    assert!(text.contains("cairn_signin_failures_total 1"));
    assert!(text.contains("cairn_grading_queue_depth{state=\"pending\"} 0"));
    if grading {
        assert!(
            text.contains("cairn_grading_duration_seconds_count 1"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn without_a_metrics_address_there_are_no_metrics() {
    let app = spawn_app_with(|_| {}).await;
    assert!(app.metrics_address.is_none());
    assert_eq!(
        Browser::new(&app).get("/metrics").await.status,
        StatusCode::NOT_FOUND
    );
}
