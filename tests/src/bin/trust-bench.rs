//! Measures validity queries of the owner-trust runtime API on a large random trust graph.
//!
//! ```text
//! trust-bench [IDENTITIES] [EDGES] [QUERIES] [SEED]      (defaults: 10000 100000 200 1)
//! ```
//! Builds the state natively with the real runtime's pallets (IDENTITIES registered identities, EDGES trust
//! edges between random pairs, levels drawn 30% full, 45% marginal, 15% unknown, 10% never), then calls
//! `OwnerTrustApi_validity` for QUERIES random (viewer, target) pairs through the runtime's wasm, executed by
//! sc-executor as a node executes runtime API calls, over the committed state. Reports wall time per query.
//! Then the worst case: QUERIES / 10 queries for one more registered identity that nobody trusts, so that each
//! search reads everything valid from its viewer (or stops at `MaxVisited`).

use std::time::Instant;

use codec::{Decode, Encode};
use frame_support::traits::Get;
use pallet_owner_trust_runtime_api::ValidityReport;
use sc_executor::WasmExecutor;
use sigil_e2e::{Result, SplitMix64};
use sigil_primitives::{TrustLevel, Validity};
use sigil_runtime::{AccountId, BalancesConfig, Runtime, RuntimeGenesisConfig, RuntimeOrigin, System};
use sp_core::{
	traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode},
	H256,
};
use sp_runtime::BuildStorage;

/// A random trust level: 30 % full, 45 % marginal, 15 % unknown, 10 % never.
fn random_level(random: &mut SplitMix64) -> TrustLevel {
	match random.below(100) {
		0..30 => TrustLevel::Full,
		30..75 => TrustLevel::Marginal,
		75..90 => TrustLevel::Unknown,
		_ => TrustLevel::Never,
	}
}

fn account(index: usize) -> AccountId {
	AccountId::new(sp_io::hashing::blake2_256(&(index as u64).to_le_bytes()))
}

fn argument(position: usize, default: u64) -> Result<u64> {
	match std::env::args().nth(position) {
		Some(text) => Ok(text.parse().map_err(|e| format!("argument {position} `{text}`: {e}"))?),
		None => Ok(default),
	}
}

/// Registers `identities` + 1 accounts and sets `edges` random edges between the first `identities` of them with
/// the runtime's own calls; the last account is the isolated target.
fn build_state(identities: usize, edges: usize, random: &mut SplitMix64) -> Result<sp_io::TestExternalities> {
	let funds = 1_000 * sigil_runtime::currency::UNIT;
	let genesis = RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: (0..=identities).map(|i| (account(i), funds)).collect(),
			..Default::default()
		},
		..Default::default()
	};
	let mut ext = sp_io::TestExternalities::new(genesis.build_storage()?);
	let max_edges: u32 = <Runtime as pallet_owner_trust::Config>::MaxTrustEdges::get();
	ext.execute_with(|| -> Result<()> {
		System::set_block_number(1);
		for i in 0..=identities {
			let email_hash = H256(sp_io::hashing::blake2_256(format!("user{i}@example.org").as_bytes()));
			pallet_key_ring::Pallet::<Runtime>::register(
				RuntimeOrigin::signed(account(i)),
				format!("user {i}").into_bytes(),
				email_hash,
			)
			.map_err(|e| format!("register {i}: {e:?}"))?;
		}
		let mut stored = 0;
		let mut attempts = 0;
		while stored < edges {
			attempts += 1;
			if attempts > edges * 10 {
				return Err(format!("only {stored} of {edges} edges fit (at most {max_edges} per identity)").into());
			}
			let (truster, target) = (random.below(identities), random.below(identities));
			if truster == target {
				continue;
			}
			let level = random_level(random);
			let result = pallet_owner_trust::Pallet::<Runtime>::set_trust(
				RuntimeOrigin::signed(account(truster)),
				account(target),
				level,
			);
			// A repeated pair or a full list is skipped: the graph gets exactly `edges` distinct edges.
			if result.is_ok() {
				stored += 1;
			}
			if stored % 10_000 == 0 {
				System::reset_events();
			}
		}
		System::reset_events();
		Ok(())
	})?;
	ext.commit_all()?;
	Ok(ext)
}

fn summary(label: &str, values: &mut [f64]) {
	values.sort_by(|a, b| a.total_cmp(b));
	let at = |p: f64| values[((p / 100.0) * (values.len() - 1) as f64).round() as usize];
	println!(
		"{label}: median {:.1} ms, p90 {:.1} ms, worst {:.1} ms (n = {})",
		at(50.0),
		at(90.0),
		at(100.0),
		values.len()
	);
}

fn main() -> Result<()> {
	let identities = argument(1, 10_000)? as usize;
	let edges = argument(2, 100_000)? as usize;
	let queries = argument(3, 200)? as usize;
	let mut random = SplitMix64(argument(4, 1)?);
	if identities < 2 || queries == 0 {
		return Err("need at least 2 identities and 1 query".into());
	}

	let started = Instant::now();
	let mut ext = build_state(identities, edges, &mut random)?;
	println!("state: {identities} identities, {edges} edges, built in {:.1} s", started.elapsed().as_secs_f64());

	let code = sigil_runtime::WASM_BINARY.ok_or("the runtime was built without its wasm")?;
	let runtime_code = RuntimeCode {
		code_fetcher: &WrappedRuntimeCode(code.into()),
		heap_pages: None,
		hash: sp_io::hashing::blake2_256(code).to_vec(),
	};
	let executor = WasmExecutor::<sp_io::SubstrateHostFunctions>::builder().build();
	let rule = pallet_owner_trust::Pallet::<Runtime>::rule();
	println!(
		"rule: completes_needed {}, marginals_needed {}, max_depth {}, max_visited {}",
		rule.completes_needed, rule.marginals_needed, rule.max_depth, rule.max_visited
	);

	// One call to compile the runtime, as a node does once per runtime version.
	let warm_up = (account(0), account(1)).encode();
	executor.call(&mut ext.ext(), &runtime_code, "OwnerTrustApi_validity", &warm_up, CallContext::Offchain).0?;

	let mut all = Vec::new();
	let mut valid = Vec::new();
	let mut visited = Vec::new();
	let mut counts = std::collections::BTreeMap::<String, usize>::new();
	let mut incomplete = 0;
	for _ in 0..queries {
		let (viewer, target) = (random.below(identities), random.below(identities));
		let input = (account(viewer), account(target)).encode();
		let started = Instant::now();
		let output =
			executor.call(&mut ext.ext(), &runtime_code, "OwnerTrustApi_validity", &input, CallContext::Offchain).0?;
		let elapsed = started.elapsed().as_secs_f64() * 1000.0;
		let report = ValidityReport::<AccountId>::decode(&mut &output[..])?;
		all.push(elapsed);
		if report.validity == Validity::Full {
			valid.push(elapsed);
		}
		visited.push(f64::from(report.visited));
		incomplete += usize::from(!report.complete);
		*counts.entry(format!("{:?}", report.validity)).or_default() += 1;
	}
	println!("answers: {counts:?}; stopped at the bound: {incomplete}");
	let isolated = (account(identities), (queries / 10).max(1));
	let mut exhaustive = Vec::new();
	let mut exhaustive_visited = Vec::new();
	let mut exhaustive_incomplete = 0;
	for _ in 0..isolated.1 {
		let input = (account(random.below(identities)), isolated.0.clone()).encode();
		let started = Instant::now();
		let output =
			executor.call(&mut ext.ext(), &runtime_code, "OwnerTrustApi_validity", &input, CallContext::Offchain).0?;
		exhaustive.push(started.elapsed().as_secs_f64() * 1000.0);
		let report = ValidityReport::<AccountId>::decode(&mut &output[..])?;
		exhaustive_visited.push(report.visited);
		exhaustive_incomplete += usize::from(!report.complete);
	}
	summary("validity query, all", &mut all);
	if !valid.is_empty() {
		summary("validity query, valid targets", &mut valid);
	}
	visited.sort_by(|a, b| a.total_cmp(b));
	println!("identities read per query: median {}, worst {}", visited[visited.len() / 2], visited[visited.len() - 1]);
	summary("validity query, target nobody trusts (exhaustive search)", &mut exhaustive);
	exhaustive_visited.sort();
	println!(
		"identities read per exhaustive query: median {}, worst {}; stopped at the bound: {exhaustive_incomplete}",
		exhaustive_visited[exhaustive_visited.len() / 2],
		exhaustive_visited[exhaustive_visited.len() - 1]
	);
	Ok(())
}
