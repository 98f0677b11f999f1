//! Who is asking, as plain types: an anonymous reader or a signed-in session, and the
//! capabilities of staff ([`Teacher`], [`Admin`]). [`super::extract`] builds them from a
//! request; everything else reads them.

use std::sync::Arc;

use crate::accounts::Role;
use crate::store::ProgressRow;

/// A signed-in user's live session.
#[derive(Debug)]
pub struct SignedIn {
    /// Hash of the session cookie: the session's key in the store.
    pub token_hash: String,
    /// The signed-in user.
    pub user_id: i64,
    /// Shown in the header.
    pub username: String,
    /// Decides which pages the user may reach.
    pub role: Role,
    /// Forms must echo it back.
    pub csrf: String,
    /// The user's lesson progress as of this request.
    pub progress: Vec<ProgressRow>,
}

/// The request's viewer: signed in, or an anonymous reader.
#[derive(Debug, Clone, Default)]
pub struct Viewer(Option<Arc<SignedIn>>);

impl Viewer {
    /// An anonymous reader.
    pub fn anonymous() -> Self {
        Self(None)
    }

    /// A viewer with this live session.
    pub fn signed(session: Arc<SignedIn>) -> Self {
        Self(Some(session))
    }

    /// The session shared, for capabilities that keep it.
    pub fn session_arc(&self) -> Option<Arc<SignedIn>> {
        self.0.clone()
    }

    /// The session, when signed in.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.0.as_deref()
    }

    /// An instructor or admin: they see what is wrong with the server (a failed reload,
    /// why grading is off), which learners and anonymous readers never do.
    pub fn is_staff(&self) -> bool {
        self.signed_in()
            .is_some_and(|s| matches!(s.role, Role::Instructor | Role::Admin))
    }
}

/// A signed-in instructor or admin: the only way a handler gets to teaching pages, so a
/// missing role check cannot be forgotten in one of them.
pub struct Teacher {
    /// The same request seen as any viewer.
    pub viewer: Viewer,
    session: Arc<SignedIn>,
}

impl Teacher {
    /// The capability for a session already checked to be an instructor's or admin's.
    pub(crate) fn new(viewer: Viewer, session: Arc<SignedIn>) -> Self {
        Self { viewer, session }
    }

    /// The session behind this capability.
    pub fn session(&self) -> &SignedIn {
        &self.session
    }

    /// Admins see every cohort; instructors only those they teach.
    pub fn is_admin(&self) -> bool {
        self.session().role == Role::Admin
    }
}

/// A signed-in admin: the only way a handler gets to the administration pages.
pub struct Admin {
    /// The same request seen as any viewer.
    pub viewer: Viewer,
    /// The admin's session, for their id and name.
    pub session: Arc<SignedIn>,
}
