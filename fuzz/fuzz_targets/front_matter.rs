//! Lesson files and the small TOML files of `content/`, as `content::loader` reads them.
//!
//! The input is a whole file. `front_matter::split` cuts it at its `+++` fences and the
//! front matter is parsed as a lesson's; the whole input is also parsed as a
//! `module.toml` and a `path.toml`, since they go through the same `parse_toml` and its
//! error locating (line of a span, key at an offset). Content is written by instructors
//! and edited live under `--watch`, so nothing here may panic.
#![no_main]

use std::path::Path;

use cairn::content::front_matter::{parse_toml, split, LessonMeta, ModuleMeta, PathMeta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parts) = split(source) {
        let _ = parse_toml::<LessonMeta>(parts.front, Path::new("01-fuzz.md"), parts.front_line);
    }
    let _ = parse_toml::<ModuleMeta>(source, Path::new("module.toml"), 1);
    let _ = parse_toml::<PathMeta>(source, Path::new("path.toml"), 1);
});
