//! How many micropay `pay` and `claim` calls (and, for comparison, a balance transfer) fit one block, from the
//! runtime's block limits and the weights its benchmarks generated.
//!
//! ```text
//! block-capacity
//! ```
//! A signed extrinsic weighs its call, its transaction extensions (nonce, fee, mortality, the allow-list check...)
//! and the extrinsic base weight; it fits `min(normal ref time / that weight, normal proof size / its proof size,
//! normal block length / extrinsic length)` times; the extrinsics are real signed ones.

use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	weights::Weight,
};
use sigil_e2e::Result;
use sigil_primitives::{CoinId, KeySignature, SignedTransfer, Transfer};
use sigil_runtime::{AccountId, BalancesCall, Runtime, RuntimeCall};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob};

/// `refunded`: the weight the call returns as actually used, when it declares more (the block's weight is corrected
/// after each extrinsic, so that is what fills a block).
fn capacity(name: &str, call: RuntimeCall, refunded: Option<Weight>) -> Result<()> {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let limit = normal.max_total.ok_or("no normal-class limit")?;
	let base = normal.base_extrinsic;
	let length_limit = *<Runtime as frame_system::Config>::BlockLength::get().max.get(DispatchClass::Normal);
	let signed = sigil_runtime::signing::sign_extrinsic(&Alice.pair(), call, 0, sp_core::H256::zero());
	let mut info = signed.get_dispatch_info();
	info.call_weight = refunded.unwrap_or(info.call_weight);
	let extrinsic = signed.encode();
	let total = info.total_weight().saturating_add(base);

	let by_time = limit.ref_time() / total.ref_time().max(1);
	let by_proof = limit.proof_size() / total.proof_size().max(1);
	let by_length = u64::from(length_limit) / (extrinsic.len() as u64).max(1);
	let fits = by_time.min(by_proof).min(by_length);
	println!(
		"{name:<18} call {:>6.1} + extensions {:>5.1} + base {:>5.1} = {:>6.1} µs, {:>6} B proof, {:>4} B long | by time {by_time:>5}, by proof {by_proof}, by length {by_length:>6} => {fits} per block, {:.0} per second",
		info.call_weight.ref_time() as f64 / 1e6,
		info.extension_weight.ref_time() as f64 / 1e6,
		base.ref_time() as f64 / 1e6,
		total.ref_time() as f64 / 1e6,
		total.proof_size(),
		extrinsic.len(),
		fits as f64 / (sigil_runtime::time::MILLISECS_PER_BLOCK as f64 / 1000.0),
	);
	Ok(())
}

fn main() -> Result<()> {
	let weights = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let proof = match normal.max_total.map(|w| w.proof_size()) {
		Some(size) if size < u64::MAX / 2 => format!("{size} B of proof"),
		_ => "no proof-size limit (a solo chain)".into(),
	};
	// Weights are in picoseconds: 1e9 per millisecond, 1e6 per microsecond.
	println!(
		"block: {} ms; normal class: {:.0} ms of execution, {proof}; extrinsic base {:.1} µs",
		sigil_runtime::time::MILLISECS_PER_BLOCK,
		normal.max_total.map(|w| w.ref_time() as f64 / 1e9).unwrap_or_default(),
		normal.base_extrinsic.ref_time() as f64 / 1e6,
	);
	let coin = CoinId { broker: Bob.to_account_id(), serial: 1 };
	let pay = RuntimeCall::Micropay(pallet_micropay::Call::pay { coin: coin.clone(), to: Bob.to_account_id() });
	capacity("pay", pay, None)?;
	let key = sr25519::Pair::from_seed(&[1; 32]);
	let transfer: Transfer<AccountId> = Transfer {
		coin,
		seq: 1,
		payer: Alice.to_account_id(),
		payee: Bob.to_account_id(),
		valid_from: 0,
		valid_until: u64::MAX,
	};
	let signed = SignedTransfer {
		key_id: sigil_primitives::PublicKey::Sr25519(key.public()).key_id(),
		signature: KeySignature::Sr25519(key.sign(&transfer.encode())),
		transfer,
	};
	let claim = RuntimeCall::Micropay(pallet_micropay::Call::claim { signed: Box::new(signed) });
	capacity("claim (declared)", claim.clone(), None)?;
	let ordinary =
		<pallet_micropay::weights::SubstrateWeight<Runtime> as pallet_micropay::weights::WeightInfo>::claim();
	capacity("claim (refunded)", claim, Some(ordinary))?;
	capacity(
		"balances transfer",
		RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: Bob.to_account_id().into(), value: 1 }),
		None,
	)?;
	Ok(())
}
