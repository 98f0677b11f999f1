//! What readers and learners use: the overview, modules and lessons, lesson files and
//! static assets, answers to tasks, code submissions and search.

pub mod answers;
pub mod assets;
pub mod reading;
pub mod search;
pub mod submissions;
