//! Who may create an account: everyone, only holders of a valid invite code, or no one
//! but admins. The operator sets the starting mode in the configuration; an admin can
//! change it in the browser, and that choice (kept in the database) wins from then on.

use std::fmt;
use std::str::FromStr;

/// The registration mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Anyone may sign up; an invite code is optional and joins its cohort.
    Open,
    /// Sign-up needs a valid invite code, and joins that code's cohort.
    InviteOnly,
    /// Only admins create accounts (admin page or `cairn user add`).
    Closed,
}

impl Registration {
    /// Every mode, in the order the admin page lists them.
    pub const ALL: [Registration; 3] = [
        Registration::Open,
        Registration::InviteOnly,
        Registration::Closed,
    ];

    /// The name used in the configuration, the database and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Registration::Open => "open",
            Registration::InviteOnly => "invite-only",
            Registration::Closed => "closed",
        }
    }
}

impl fmt::Display for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Registration {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Registration::ALL
            .into_iter()
            .find(|mode| mode.as_str() == s)
            .ok_or_else(|| {
                format!("unknown registration mode `{s}` (use open, invite-only or closed)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip_and_unknown_ones_are_refused() {
        for mode in Registration::ALL {
            assert_eq!(mode.as_str().parse::<Registration>(), Ok(mode));
        }
        assert!("invite_only".parse::<Registration>().is_err());
        assert!("".parse::<Registration>().is_err());
    }
}
