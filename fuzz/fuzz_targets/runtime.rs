//! The coverage-guided fuzz target (`cargo fuzz run runtime`, see `scripts/fuzz`): each input is a run of the
//! harness in `src/lib.rs`; a panic (a broken invariant, an over-weight call, a runtime panic) is a finding.

#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
	sigil_runtime_fuzz::run(input);
});
