//! What admins use: accounts and registration mode.

pub mod users;
