//! Registration modes (open, invite-only, closed), sign-up with an invite code, and the
//! admin's account tools: creating accounts and resetting passwords.

use reqwest::StatusCode;

use crate::admin::{admin, reset_password};
use crate::cohorts::{app, cohort, expire, instructor, invite};
use crate::helpers::{count, learner, Browser, TestApp, PASSWORD};

/// Switches the registration mode on the admin page.
async fn set_mode(admin: &Browser, mode: &str) {
    let csrf = admin.get("/admin/users").await.csrf();
    let page = admin
        .post("/admin/registration", &[("csrf", &csrf), ("mode", mode)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

/// Signs up through the form with an invite code. The token comes from the sign-in
/// page, which has a form in every mode (a closed sign-up page has none).
async fn sign_up_with(browser: &Browser, name: &str, code: &str) -> (StatusCode, String) {
    let csrf = browser.get("/login").await.csrf();
    let page = browser
        .post(
            "/signup",
            &[
                ("username", name),
                ("email", ""),
                ("password", PASSWORD),
                ("code", code),
                ("csrf", &csrf),
            ],
        )
        .await;
    (page.status, page.body)
}

async fn accounts(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM users").await
}

async fn memberships(app: &TestApp) -> i64 {
    count(
        app,
        "SELECT COUNT(*) FROM cohort_members WHERE role = 'learner'",
    )
    .await
}

#[tokio::test]
async fn invite_only_sign_up_needs_a_valid_code_and_a_refused_code_leaves_nothing() {
    let app = app().await;
    let boss = admin(&app).await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Spring cohort").await;
    let one_seat = invite(&teacher, &path, "1").await;
    let late = invite(&teacher, &path, "10").await;
    expire(&app, &late).await;
    set_mode(&boss, "invite-only").await;

    let form = Browser::new(&app).get("/signup").await.body;
    assert!(form.contains("by invitation"), "{form}");
    let before = accounts(&app).await;
    for (code, says) in [
        ("", "invite code your instructor gave you"),
        ("no-such-code", "not valid"),
        (late.as_str(), "expired"),
        (&"x".repeat(5000), "not valid"),
    ] {
        let (status, body) = sign_up_with(&Browser::new(&app), "hopeful", code).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code:.20}");
        assert!(body.contains(says), "{code:.20}: {body}");
    }
    assert_eq!(
        accounts(&app).await,
        before,
        "no account from a refused code"
    );

    let newcomer = Browser::new(&app);
    let (status, body) = sign_up_with(&newcomer, "newcomer", &one_seat).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(newcomer.get("/dashboard").await.status, StatusCode::OK);
    assert_eq!(memberships(&app).await, 1, "joined the invite's cohort");
    assert!(teacher.get(&path).await.body.contains("newcomer"));

    let (status, body) = sign_up_with(&Browser::new(&app), "too-late", &one_seat).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("used as many times as it allows"), "{body}");
    assert_eq!(accounts(&app).await, before + 1);
    assert_eq!(memberships(&app).await, 1);
}

#[tokio::test]
async fn open_sign_up_takes_an_optional_code_and_join_links_lead_to_it() {
    let app = app().await;
    let teacher = instructor(&app).await;
    let path = cohort(&teacher, "Open cohort").await;
    let code = invite(&teacher, &path, "5").await;

    let visitor = Browser::new(&app);
    let link = visitor.get(&format!("/join?code={code}")).await;
    assert_eq!(link.status, StatusCode::SEE_OTHER);
    assert_eq!(link.location(), format!("/signup?code={code}"));
    let form = visitor.get(link.location()).await.body;
    assert!(
        form.contains(&format!("value=\"{code}\"")),
        "code prefilled"
    );
    assert!(form.contains("/login?next=/join%3Fcode%3D"), "{form}");

    let (status, _) = sign_up_with(&visitor, "with-code", &code).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(memberships(&app).await, 1);
    let (status, _) = sign_up_with(&Browser::new(&app), "without-code", "").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "a code is optional when open"
    );
    assert_eq!(memberships(&app).await, 1);

    // A code given when open must still be valid: a wrong one creates no account.
    let before = accounts(&app).await;
    let (status, body) = sign_up_with(&Browser::new(&app), "typo", "not-the-code").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("not valid"));
    assert_eq!(accounts(&app).await, before);
}

#[tokio::test]
async fn two_sign_ups_racing_for_the_last_seat_admit_exactly_one() {
    let app = app().await;
    let boss = admin(&app).await;
    let teacher = instructor(&app).await;
    set_mode(&boss, "invite-only").await;
    let path = cohort(&teacher, "Last seat").await;
    let code = invite(&teacher, &path, "1").await;
    let before = accounts(&app).await;
    let (a, b) = (Browser::new(&app), Browser::new(&app));
    let ((first, _), (second, _)) = tokio::join!(
        sign_up_with(&a, "racer-one", &code),
        sign_up_with(&b, "racer-two", &code)
    );
    let mut statuses = [first, second];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]
    );
    assert_eq!(accounts(&app).await, before + 1, "the loser has no account");
    assert_eq!(memberships(&app).await, 1);
}

#[tokio::test]
async fn closed_registration_refuses_sign_up_but_admins_create_accounts() {
    let app = app().await;
    let boss = admin(&app).await;
    let (someone, _) = learner(&app).await;
    set_mode(&boss, "closed").await;

    let visitor = Browser::new(&app);
    let page = visitor.get("/signup").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sign-up is closed"));
    assert!(
        !page.body.contains("action=\"/signup\""),
        "no form to fill in"
    );
    let before = accounts(&app).await;
    let (status, body) = sign_up_with(&visitor, "gatecrasher", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Sign-up is closed"));
    assert_eq!(accounts(&app).await, before);

    // Only admins change the mode or create accounts.
    let csrf = someone.session_csrf().await;
    for (path, form) in [
        ("/admin/registration", vec![("mode", "open")]),
        (
            "/admin/users",
            vec![
                ("username", "sneaky"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        ),
    ] {
        let mut fields = form.clone();
        fields.push(("csrf", &csrf));
        assert_eq!(
            someone.post(path, &fields).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(accounts(&app).await, before);

    let csrf = boss.get("/admin/users").await.csrf();
    for (fields, status) in [
        (
            [
                ("username", "x"),
                ("role", "learner"),
                ("password", PASSWORD),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            [
                ("username", "coach"),
                ("role", "root"),
                ("password", PASSWORD),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            [
                ("username", "coach"),
                ("role", "instructor"),
                ("password", "short"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let mut form = fields.to_vec();
        form.push(("csrf", &csrf));
        let page = boss.post("/admin/users", &form).await;
        assert_eq!(page.status, status, "{fields:?}");
        assert!(page.body.contains("The account was not created"));
    }
    assert_eq!(accounts(&app).await, before);
    let bad_mode = boss
        .post(
            "/admin/registration",
            &[("csrf", &csrf), ("mode", "sometimes")],
        )
        .await;
    assert_eq!(bad_mode.status, StatusCode::BAD_REQUEST);

    let made = boss
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "coach"),
                ("email", "coach@example.org"),
                ("role", "instructor"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let coach = Browser::new(&app);
    assert_eq!(
        coach.log_in("coach", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        coach.get("/teach").await.status,
        StatusCode::OK,
        "instructor"
    );
    let taken = boss
        .post(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "COACH"),
                ("role", "learner"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_admin_resets_a_password_and_the_user_is_signed_out_everywhere() {
    let app = app().await;
    let boss = admin(&app).await;
    let (learner, name) = learner(&app).await;
    let id = crate::admin::user_id(&boss, &name).await;
    let short = reset_password(&boss, &id, "short").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert_eq!(learner.get("/dashboard").await.status, StatusCode::OK);

    let reset = reset_password(&boss, &id, "a brand new passphrase").await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert_eq!(
        learner.get("/dashboard").await.status,
        StatusCode::SEE_OTHER,
        "signed out at once"
    );
    let old = Browser::new(&app).log_in(&name, PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = Browser::new(&app)
        .log_in(&name, "a brand new passphrase")
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
}
