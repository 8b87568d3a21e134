//! Runtime-level tests: the presets build a genesis, and a block with a signed transfer executes.

use codec::Encode;
use frame_support::traits::Get;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as HeaderT, BuildStorage, Digest, DigestItem};

use crate::*;

/// Merges a preset's JSON patch into the default genesis config, as the node's chain-spec builder does.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

fn genesis_storage(preset: &str) -> sp_runtime::Storage {
	let patch = genesis_config_presets::get_preset(&preset.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serialisable");
	merge(&mut config, serde_json::from_slice(&patch).expect("patch is JSON"));
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("preset matches the config");
	config.build_storage().expect("genesis builds")
}

#[test]
fn both_presets_build_a_genesis_with_their_validators() {
	assert_eq!(genesis_config_presets::preset_names().len(), 2);
	for (preset, validators) in [("development", 1), ("local_testnet", 4)] {
		sp_io::TestExternalities::new(genesis_storage(preset)).execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators, "{preset}");
			assert_eq!(Grandpa::grandpa_authorities().len(), validators, "{preset}");
			assert_eq!(pallet_session::Validators::<Runtime>::get().len(), validators, "{preset}");
			let alice = Sr25519Keyring::Alice.to_account_id();
			assert_eq!(Balances::free_balance(&alice), 1_000_000 * currency::UNIT);
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice));
		});
	}
	assert!(genesis_config_presets::get_preset(&"no_such_preset".into()).is_none());
}

fn signed_transfer(from: Sr25519Keyring, to: AccountId, amount: Balance, nonce: Nonce) -> UncheckedExtrinsic {
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: to.into(), value: amount });
	signing::sign_extrinsic(&from.pair(), call, nonce, System::block_hash(0))
}

#[test]
fn a_block_with_a_signed_transfer_executes() {
	sp_io::TestExternalities::new(genesis_storage("development")).execute_with(|| {
		let now: Moment = 1_700_000_000_000;
		let slot = Slot::from(now / time::SLOT_DURATION);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header = Header::new(1, Default::default(), Default::default(), System::block_hash(0), digest);
		Executive::initialize_block(&header);

		let timestamp = UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(TimestampCall::set { now }));
		assert!(Executive::apply_extrinsic(timestamp).expect("valid").is_ok());

		let bob = Sr25519Keyring::Bob.to_account_id();
		let before = Balances::free_balance(&bob);
		let amount = 5 * currency::UNIT;
		let transfer = signed_transfer(Sr25519Keyring::Alice, bob.clone(), amount, 0);
		assert!(Executive::apply_extrinsic(transfer).expect("valid").is_ok());

		let header = Executive::finalize_block();
		assert_eq!(*header.number(), 1);
		assert_eq!(Balances::free_balance(&bob), before + amount);
		assert!(System::events().iter().any(|record| matches!(
			&record.event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { to, amount: a, .. }) if *to == bob && *a == amount
		)));
		assert_eq!(System::account_nonce(Sr25519Keyring::Alice.to_account_id()), 1);
	});
}

#[test]
fn a_transfer_with_a_bad_signature_is_refused() {
	sp_io::TestExternalities::new(genesis_storage("development")).execute_with(|| {
		let good = signed_transfer(Sr25519Keyring::Alice, Sr25519Keyring::Bob.to_account_id(), currency::UNIT, 0);
		// Claimed by Alice, signed by Eve.
		let forged = signed_transfer(Sr25519Keyring::Eve, Sr25519Keyring::Bob.to_account_id(), currency::UNIT, 0);
		let mut bad = good.clone();
		if let (
			sp_runtime::generic::Preamble::Signed(_, sig, _),
			sp_runtime::generic::Preamble::Signed(_, forged_sig, _),
		) = (&mut bad.preamble, &forged.preamble)
		{
			*sig = forged_sig.clone();
		}
		let validity = Executive::validate_transaction(
			sp_runtime::transaction_validity::TransactionSource::External,
			bad,
			System::block_hash(0),
		);
		assert_eq!(validity, Err(sp_runtime::transaction_validity::InvalidTransaction::BadProof.into()));
		assert!(Executive::validate_transaction(
			sp_runtime::transaction_validity::TransactionSource::External,
			good,
			System::block_hash(0),
		)
		.is_ok());
	});
}

#[test]
fn runtime_call_stays_small() {
	// Every extrinsic in a block and in the pool carries a RuntimeCall; one large variant makes all of them large.
	// Box big arguments (as key-ring's `add_key` does with its proof) rather than raise this bound.
	assert!(core::mem::size_of::<RuntimeCall>() <= 128, "RuntimeCall is {} bytes", core::mem::size_of::<RuntimeCall>());
}

#[test]
fn block_time_and_limits_are_consistent() {
	assert_eq!(Aura::slot_duration(), time::SLOT_DURATION);
	let max = <configs::RuntimeBlockWeights as Get<frame_system::limits::BlockWeights>>::get().max_block;
	assert!(max.ref_time() < time::MILLISECS_PER_BLOCK * 1_000_000_000 / 2);
}

#[test]
fn metadata_v15_and_later_are_served() {
	// @polkadot/api, polkadot-api and subxt decode everything from metadata v15+ without custom types.
	let versions = Runtime::metadata_versions();
	assert!(versions.contains(&15) && versions.contains(&16), "metadata versions {versions:?}");
	assert!(Runtime::metadata_at_version(15).is_some());
}
