//! Accounts and sessions, as pure rules and primitives: hashing passwords, minting and
//! hashing session tokens, CSRF tokens, sign-in throttling, and what a valid username,
//! email or password is, and [`create`]: the one workflow that makes an account, used by
//! the web layer and the command line alike.

pub mod create;
pub mod csrf;
pub mod password;
pub mod session;
pub mod throttle;
pub mod validation;

/// What a user may do. Capabilities beyond reading and learning arrive with cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Reads lessons, answers tasks and sees only their own progress.
    Learner,
    /// Runs cohorts and sees the progress of their members.
    Instructor,
    /// Manages users and roles; may do everything an instructor may.
    Admin,
}

impl Role {
    /// The name stored in the database and shown in templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Instructor => "instructor",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "learner" => Ok(Role::Learner),
            "instructor" => Ok(Role::Instructor),
            "admin" => Ok(Role::Admin),
            other => Err(format!(
                "unknown role `{other}` (use learner, instructor or admin)"
            )),
        }
    }
}

/// 32 bytes from the operating system's CSPRNG, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is unrecoverable for a server that mints secrets.
    #[allow(
        clippy::expect_used,
        reason = "no safe fallback exists without OS randomness"
    )]
    getrandom::getrandom(&mut bytes).expect("operating system random source unavailable");
    hex::encode(bytes)
}
