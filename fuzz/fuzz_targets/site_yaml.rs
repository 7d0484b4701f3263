//! Fuzzes `site.yaml`: whatever the text, reading it gives settings or errors, each at a line
//! of the text, and never panics.
#![no_main]

use std::path::Path;

use cnr_site::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(errors) = Config::parse(text, Path::new("site.yaml")) {
        let lines = text.split('\n').count();
        for error in &errors.0 {
            assert!(error.location.line.is_none_or(|line| (1..=lines).contains(&line)), "{error}");
        }
    }
});
