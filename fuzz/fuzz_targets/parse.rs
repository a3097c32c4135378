//! Any bytes: the reader never panics; what it reads renders and reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = pmatlas_core::parse_bytes(data) {
        let text = pmatlas_core::render(&parsed.profile);
        let again = pmatlas_core::parse(&text).expect("the canonical form always reads");
        assert_eq!(again.profile, parsed.profile, "canonical text:\n{text}");
    }
});
