//! HTTP methods: a wrong method on an address that exists is 405 with the methods it
//! takes in `Allow`, as a page or JSON like every other error; an unknown address stays
//! 404 whatever the method; `HEAD` answers wherever `GET` does, without a body.

use reqwest::{Method, StatusCode};

use crate::helpers::{spawn_app, spawn_app_with, task_content, Browser};

/// Sends `method` to `path`, asking for a page or for JSON.
async fn send(app_address: &str, method: &str, path: &str, json: bool) -> crate::helpers::Page {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let accept = if json {
        "application/json"
    } else {
        "text/html"
    };
    let response = client
        .request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{app_address}{path}"),
        )
        .header("accept", accept)
        .send()
        .await
        .expect("an answer, not a dropped connection");
    crate::helpers::Page {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap_or_default(),
    }
}

#[tokio::test]
async fn a_wrong_method_on_a_route_is_405_with_the_methods_it_allows() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("POST", "/", "GET, HEAD"),
        ("DELETE", "/login", "GET, HEAD, POST"),
        ("PUT", "/signup", "GET, HEAD, POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("GET", "/logout", "POST"),
        ("PATCH", "/dashboard", "GET, HEAD"),
        ("DELETE", "/admin/users/1", "POST"),
        ("PUT", "/teach/cohorts/1/learners/2", "GET, HEAD"),
        ("DELETE", "/join", "GET, HEAD, POST"),
        ("POST", "/learn/basics", "GET, HEAD"),
        ("POST", "/learn/basics/first", "GET, HEAD"),
        ("GET", "/learn/basics/first/done", "POST"),
        ("PUT", "/learn/basics/diagram.svg", "GET, HEAD"),
        ("POST", "/static/css/cairn.css", "GET, HEAD"),
    ] {
        let page = send(&app.address, method, path, false).await;
        println!("{method} {path}: {} {:?}", page.status, page.headers);
        assert_eq!(
            page.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(
            page.headers.get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        assert!(
            page.body.contains("<html") && page.body.contains("Method not allowed"),
            "{method} {path}: the error page: {}",
            page.body
        );
    }
    let tasks = spawn_app_with(|s| s.content_dir = task_content()).await;
    let task = "/learn/practice/numbers/tasks/ring-bytes";
    let page = send(&tasks.address, "DELETE", task, false).await;
    println!("DELETE {task}: {} {:?}", page.status, page.headers);
    assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(page.headers.get("allow").unwrap(), "GET, HEAD, POST");
    let missing = send(
        &tasks.address,
        "DELETE",
        "/learn/practice/numbers/tasks/no-such-task",
        false,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let json = send(&app.address, "DELETE", "/login", true).await;
    println!("DELETE /login as JSON: {} {}", json.status, json.body);
    assert_eq!(json.status, StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(body["error"], "Method not allowed");
}

#[tokio::test]
async fn unknown_addresses_stay_404_whatever_the_method() {
    let app = spawn_app().await;
    for (method, path) in [
        ("GET", "/no-such-page"),
        ("POST", "/no-such-page"),
        ("DELETE", "/admin/nothing"),
        ("HEAD", "/no-such-page"),
        ("GET", "/learn/no-such-module"),
        ("POST", "/learn/no-such-module"),
        ("PUT", "/learn/basics/no-such-lesson"),
        ("GET", "/learn/basics/no-such-lesson/done"),
        ("GET", "/static/no-such-file.css"),
        ("POST", "/static/no-such-file.css"),
    ] {
        let page = send(&app.address, method, path, false).await;
        println!("{method} {path}: {}", page.status);
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert!(page.headers.get("allow").is_none(), "{method} {path}");
    }
}

#[tokio::test]
async fn head_answers_wherever_get_does_without_a_body() {
    let app = spawn_app().await;
    let (learner, _) = crate::helpers::learner(&app).await;
    for path in [
        "/",
        "/healthz",
        "/login",
        "/signup",
        "/learn/basics",
        "/learn/basics/first",
        "/static/css/cairn.css",
    ] {
        let page = send(&app.address, "HEAD", path, false).await;
        println!("HEAD {path}: {} {:?}", page.status, page.headers);
        assert_eq!(page.status, StatusCode::OK, "HEAD {path}");
        assert!(page.body.is_empty(), "HEAD {path} sent a body");
        let get = Browser::new(&app).get(path).await;
        assert_eq!(
            page.headers.get("content-type"),
            get.headers.get("content-type"),
            "HEAD {path} describes what GET sends"
        );
    }
    // Signed in: the session cookie rides along like a browser's.
    let client = reqwest::Client::new();
    let cookie = format!("cairn_session={}", learner.cookie("cairn_session").unwrap());
    for path in ["/dashboard", "/account/data.json"] {
        let response = client
            .head(format!("{}{path}", app.address))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        println!("HEAD {path} signed in: {}", response.status());
        assert_eq!(response.status(), StatusCode::OK, "HEAD {path}");
        assert!(response.text().await.unwrap().is_empty());
    }
}
