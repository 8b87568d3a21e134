//! The fuzz harness without a fuzzer, as CI runs it: the seeds and every input of the committed corpus
//! (`fuzz/corpus/runtime`, grown by `scripts/fuzz`) and of `fuzz/corpus/runtime-found` where a coverage-guided run
//! left one, then inputs mutated from them for `SIGIL_FUZZ_SECONDS` (60 by default). Coverage-guided runs are
//! `scripts/fuzz`'s; this keeps what they found passing and, uninstrumented, applies calls about three times as
//! fast (the long runs of 10^6 calls).

use std::{
	panic::UnwindSafe,
	path::Path,
	time::{Duration, Instant},
};

/// The committed corpus.
fn corpus() -> Vec<Vec<u8>> {
	inputs_in(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/runtime"))
}

/// The committed corpus and, where a coverage-guided run left them on this machine, the inputs it found
/// (`fuzz/corpus/runtime-found`, not committed: a fresh clone, as in CI, has none).
fn corpus_and_found() -> Vec<Vec<u8>> {
	let mut inputs = corpus();
	let found = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/runtime-found");
	if std::path::Path::new(found).is_dir() {
		inputs.extend(inputs_in(found));
	}
	inputs
}

fn inputs_in(dir: &str) -> Vec<Vec<u8>> {
	let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
		.unwrap_or_else(|error| panic!("{dir}: {error}"))
		.map(|entry| std::fs::read(entry.expect("a directory entry").path()).expect("a corpus file"))
		.collect();
	inputs.sort();
	inputs
}

/// With `SIGIL_FUZZ_WRITE_SEEDS` set (`scripts/fuzz --seeds`), writes the seeds missing from the corpus.
#[test]
fn the_seeds_are_in_the_committed_corpus() {
	let corpus = corpus();
	let write = std::env::var_os("SIGIL_FUZZ_WRITE_SEEDS").is_some();
	for seed in sigil_runtime_fuzz::seeds() {
		if write && !corpus.contains(&seed) {
			let name = format!("seed-{}", hex(&sp_io::hashing::blake2_256(&seed)[..8]));
			std::fs::write(format!("{}/corpus/runtime/{name}", env!("CARGO_MANIFEST_DIR")), &seed).expect("written");
			continue;
		}
		assert!(corpus.contains(&seed), "a seed is missing from fuzz/corpus/runtime: run `scripts/fuzz --seeds`");
	}
}

/// The seeds reach what they are for: every call succeeds but the stranger's, which is refused. Were the harness's
/// transactions all refused (a wrong genesis hash, an extension it does not satisfy), fuzzing would test nothing.
#[test]
fn every_seed_call_succeeds_but_the_strangers() {
	let seeds = sigil_runtime_fuzz::seeds();
	let stranger = [1u8, 6];
	for seed in &seeds {
		let outcome = sigil_runtime_fuzz::run(seed);
		assert!(outcome.calls >= 1, "{seed:?}: {outcome:?}");
		if seed.starts_with(&stranger) {
			assert_eq!((outcome.succeeded, outcome.refused), (0, 1), "{seed:?}");
		} else {
			assert_eq!(outcome.succeeded, outcome.calls, "{seed:?}: {outcome:?}");
		}
	}
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Where findings are kept: where libFuzzer keeps its own, so that either is replayed the same way.
const ARTIFACTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/artifacts/runtime");

/// Runs `harness` on `input`. If it panics (a finding), writes the input to `crash-<hash>` in `dir`, says where, and
/// panics on with the harness's panic.
fn keeping_findings(
	dir: &Path,
	input: &[u8],
	harness: impl FnOnce(&[u8]) -> sigil_runtime_fuzz::Outcome + UnwindSafe,
) -> sigil_runtime_fuzz::Outcome {
	std::panic::catch_unwind(|| harness(input)).unwrap_or_else(|panic| {
		let path = dir.join(format!("crash-{}", hex(&sp_io::hashing::blake2_256(input)[..8])));
		match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, input)) {
			Ok(()) => eprintln!("the input that failed: {}", path.display()),
			Err(error) => eprintln!("the input that failed ({error} writing it to {}): {input:?}", path.display()),
		}
		std::panic::resume_unwind(panic)
	})
}

#[test]
fn an_input_that_fails_is_kept_and_its_panic_goes_on() {
	let dir = std::env::temp_dir().join(format!("sigil-fuzz-artifacts-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	let passing = keeping_findings(&dir, b"fine", |_| sigil_runtime_fuzz::Outcome { calls: 1, ..Default::default() });
	assert_eq!(passing.calls, 1);
	assert!(!dir.exists(), "an input that passes is not kept");

	let failing = b"an input the harness fails on";
	let panic = std::panic::catch_unwind(|| keeping_findings(&dir, failing, |_| panic!("a broken invariant")))
		.expect_err("the harness's panic goes on");
	assert_eq!(panic.downcast_ref::<&str>(), Some(&"a broken invariant"));
	let kept = dir.join(format!("crash-{}", hex(&sp_io::hashing::blake2_256(failing)[..8])));
	assert_eq!(std::fs::read(&kept).expect("the failing input is kept"), failing);

	// Where the input cannot be written (here the directory is a file), the harness's panic still goes on.
	let not_a_dir = dir.join("a file");
	std::fs::write(&not_a_dir, b"").expect("written");
	let panic = std::panic::catch_unwind(|| keeping_findings(&not_a_dir, failing, |_| panic!("a broken invariant")))
		.expect_err("the harness's panic goes on");
	assert_eq!(panic.downcast_ref::<&str>(), Some(&"a broken invariant"));
	std::fs::remove_dir_all(&dir).expect("removed");
}

#[test]
fn the_corpus_and_inputs_mutated_from_it_break_no_invariant() {
	let corpus = corpus_and_found();
	let started = Instant::now();
	let mut total = sigil_runtime_fuzz::Outcome::default();
	let mut run = |input: &[u8]| {
		let outcome = keeping_findings(Path::new(ARTIFACTS), input, sigil_runtime_fuzz::run);
		total.calls += outcome.calls;
		total.succeeded += outcome.succeeded;
		total.refused += outcome.refused;
	};
	for input in &corpus {
		run(input);
	}
	let mut inputs = corpus.len();
	let seconds = std::env::var("SIGIL_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
	let deadline = started + Duration::from_secs(seconds);
	// xorshift64*, seeded from the clock: each CI run tries other mutations. The seed is printed for a replay.
	let mut state = std::env::var("SIGIL_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |t| t.as_nanos() as u64) | 1
	});
	println!("SIGIL_FUZZ_SEED={state}");
	let mut next = move || {
		state ^= state >> 12;
		state ^= state << 25;
		state ^= state >> 27;
		state.wrapping_mul(0x2545_F491_4F6C_DD1D)
	};
	while Instant::now() < deadline {
		let mut input = corpus[next() as usize % corpus.len()].clone();
		for _ in 0..=next() % 4 {
			let position = next() as usize % (input.len() + 1);
			let last = input.len().saturating_sub(1);
			match next() % 4 {
				0 if !input.is_empty() => input[position.min(last)] = next() as u8,
				1 => input.insert(position, next() as u8),
				2 if !input.is_empty() => drop(input.remove(position.min(last))),
				_ => {
					let other = &corpus[next() as usize % corpus.len()];
					input.splice(position..position, other.iter().copied());
				}
			}
		}
		run(&input);
		inputs += 1;
	}
	println!(
		"{inputs} inputs, {} calls: {} succeeded, {} refused, in {:.0?}",
		total.calls,
		total.succeeded,
		total.refused,
		started.elapsed()
	);
}
