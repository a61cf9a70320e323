//! Fuzz target: any UTF-8 text is imported as a Markdown file and as a JSON file. Import must not
//! panic; every error names a line inside the file and a field; and every story it accepts is
//! valid and comes back unchanged through the Markdown it would be exported as, and through JSON.
//!
//! Run (from crates/stories/fuzz):
//!   cargo install cargo-fuzz
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run import -- -max_total_time=60
#![no_main]

use libfuzzer_sys::fuzz_target;
use tpmprep_stories::{markdown, read_file, validate};

const IDS: [&str; 4] = ["ownership", "dive-deep", "earn-trust", "deliver-results"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    for file in ["story.md", "stories.json"] {
        match read_file(file, text, &IDS) {
            Err(errors) => {
                assert!(!errors.is_empty(), "{file}: refused without a reason");
                for e in errors.iter() {
                    assert!(e.line >= 1 && e.line <= lines + 1, "{file}: line {} of {lines}: {e:?}", e.line);
                    assert!(!e.field.is_empty() && !e.message.is_empty(), "{file}: {e:?}");
                }
            }
            Ok(stories) => {
                for s in &stories {
                    assert!(validate(s, &IDS).is_empty(), "{file}: accepted an invalid story: {s:?}");
                    let md = markdown::render(s);
                    let back = read_file("again.md", &md, &IDS)
                        .unwrap_or_else(|e| panic!("{file}: its own Markdown is refused: {e:?}\n{md}"));
                    assert_eq!(back.as_slice(), std::slice::from_ref(s), "{file}: Markdown round trip\n{md}");
                    let json = serde_json::to_string(s).expect("a story serialises");
                    let back = read_file("again.json", &json, &IDS)
                        .unwrap_or_else(|e| panic!("{file}: its own JSON is refused: {e:?}\n{json}"));
                    assert_eq!(back.as_slice(), std::slice::from_ref(s), "{file}: JSON round trip");
                }
            }
        }
    }
});
