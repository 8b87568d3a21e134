//! The coverage-guided fuzz target (`cargo fuzz run runtime`, see `scripts/fuzz`): each input is a run of the
//! harness in `src/lib.rs`; a panic (a broken invariant, an over-weight call, a runtime panic) is a finding.
//!
//! libFuzzer counts inputs (`execs`); the target counts the calls they applied and says so on stderr every 100,000
//! calls (`sigil-fuzz: ... calls`), the figure the README reports for a run.

#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};

static INPUTS: AtomicU64 = AtomicU64::new(0);
static CALLS: AtomicU64 = AtomicU64::new(0);
static SUCCEEDED: AtomicU64 = AtomicU64::new(0);
static REFUSED: AtomicU64 = AtomicU64::new(0);

/// How often the target reports its counts.
const REPORT_EVERY: u64 = 100_000;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
	let outcome = sigil_runtime_fuzz::run(input);
	let inputs = INPUTS.fetch_add(1, Ordering::Relaxed) + 1;
	let before = CALLS.fetch_add(outcome.calls as u64, Ordering::Relaxed);
	let calls = before + outcome.calls as u64;
	let succeeded = SUCCEEDED.fetch_add(outcome.succeeded as u64, Ordering::Relaxed) + outcome.succeeded as u64;
	let refused = REFUSED.fetch_add(outcome.refused as u64, Ordering::Relaxed) + outcome.refused as u64;
	if calls / REPORT_EVERY > before / REPORT_EVERY {
		eprintln!("sigil-fuzz: {inputs} inputs, {calls} calls: {succeeded} succeeded, {refused} refused");
	}
});
