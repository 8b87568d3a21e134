//! Runtime-level tests: the presets build a genesis, a block with a signed transfer executes, and consortium
//! governance works through the runtime's own pallets (motions, thresholds, the account allow-list).

use codec::Encode;
use frame_support::traits::Get;
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Hash as HashT, Header as HeaderT},
	Digest, DigestItem,
};

use crate::*;

fn genesis_storage(preset: &str) -> sp_runtime::Storage {
	genesis_config_presets::preset_storage(preset).expect("the preset builds a genesis")
}

#[test]
fn an_unknown_preset_is_an_error_naming_it() {
	let error = genesis_config_presets::preset_storage("mainnet").expect_err("there is no such preset");
	assert_eq!(error, r#"no preset named "mainnet""#);
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
			assert_eq!(pallet_consortium::Validators::<Runtime>::get().len(), validators, "{preset}");
			assert_eq!(pallet_collective::Members::<Runtime, configs::CouncilInstance>::get().len(), validators);
			// Every endowed development account is admitted.
			for account in Sr25519Keyring::well_known() {
				assert!(Consortium::is_admitted(&account.to_account_id()), "{preset}: {account:?}");
			}
			Consortium::do_try_state().expect("consortium invariants");
		});
	}
	sp_io::TestExternalities::new(genesis_storage("development")).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		assert!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().is_empty());
	});
	sp_io::TestExternalities::new(genesis_storage("local_testnet")).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "no sudo on the local network");
		assert_eq!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().len(), 4);
		assert_eq!(pallet_consortium::MinValidators::<Runtime>::get(), 3);
		assert_eq!(pallet_consortium::SessionLength::<Runtime>::get(), 10);
	});
	assert!(genesis_config_presets::get_preset(&"no_such_preset".into()).is_none());
}

/// Starts block `number` on the local network's genesis (no sudo), so that calls can be dispatched.
fn local_network_at_block_1(f: impl FnOnce()) {
	sp_io::TestExternalities::new(genesis_storage("local_testnet")).execute_with(|| {
		System::set_block_number(1);
		f();
	});
}

fn council_call(call: pallet_collective::Call<Runtime, configs::CouncilInstance>) -> RuntimeCall {
	RuntimeCall::ConsortiumCouncil(call)
}

/// Proposes `call` as `proposer` asking for the ayes governance needs, has `ayes` vote aye, and closes it.
fn pass_motion(
	proposer: Sr25519Keyring,
	ayes: &[Sr25519Keyring],
	call: RuntimeCall,
) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	let threshold = consortium_queries::members().ayes_needed;
	let length = call.encode().len() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	council_call(pallet_collective::Call::propose { threshold, proposal: Box::new(call), length_bound: length })
		.dispatch(RuntimeOrigin::signed(proposer.to_account_id()))?;
	let index = pallet_collective::ProposalCount::<Runtime, configs::CouncilInstance>::get() - 1;
	for member in ayes {
		council_call(pallet_collective::Call::vote { proposal: hash, index, approve: true })
			.dispatch(RuntimeOrigin::signed(member.to_account_id()))?;
	}
	council_call(pallet_collective::Call::close {
		proposal_hash: hash,
		index,
		proposal_weight_bound: weight,
		length_bound: length,
	})
	.dispatch(RuntimeOrigin::signed(proposer.to_account_id()))
}

fn motion_results() -> Vec<bool> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ConsortiumCouncil(pallet_collective::Event::Executed { result, .. }) => Some(result.is_ok()),
			_ => None,
		})
		.collect()
}

#[test]
fn three_of_four_members_carry_a_motion() {
	use Sr25519Keyring::*;
	local_network_at_block_1(|| {
		let user = Ferdie.to_account_id();
		let revoke = RuntimeCall::Consortium(pallet_consortium::Call::revoke_account { account: user.clone() });
		assert!(pass_motion(Alice, &[Alice, Bob, Charlie], revoke).is_ok());
		assert_eq!(motion_results(), vec![true]);
		assert!(!Consortium::is_admitted(&user));
	});
}

#[test]
fn a_motion_asking_for_fewer_ayes_than_governance_needs_fails_at_dispatch() {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	use Sr25519Keyring::*;
	local_network_at_block_1(|| {
		let target = Ferdie.to_account_id();
		let call = RuntimeCall::Consortium(pallet_consortium::Call::revoke_account { account: target.clone() });
		let length = call.encode().len() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		// Two ayes of four: the collective closes the motion as approved, but two is not more than two thirds.
		// (Proposing is not voting: the proposer votes like everyone else.)
		council_call(pallet_collective::Call::propose { threshold: 2, proposal: Box::new(call), length_bound: length })
			.dispatch(RuntimeOrigin::signed(Alice.to_account_id()))
			.expect("proposed");
		for member in [Bob, Charlie] {
			council_call(pallet_collective::Call::vote { proposal: hash, index: 0, approve: true })
				.dispatch(RuntimeOrigin::signed(member.to_account_id()))
				.expect("voted");
		}
		let motions = consortium_queries::motions();
		assert_eq!(motions.len(), 1);
		assert_eq!((&motions[0].pallet[..], &motions[0].function[..]), (&b"Consortium"[..], &b"revoke_account"[..]));
		assert_eq!(motions[0].ayes, vec![Bob.to_account_id(), Charlie.to_account_id()]);
		council_call(pallet_collective::Call::close {
			proposal_hash: hash,
			index: 0,
			proposal_weight_bound: weight,
			length_bound: length,
		})
		.dispatch(RuntimeOrigin::signed(Alice.to_account_id()))
		.expect("closed");
		assert_eq!(motion_results(), vec![false]);
		assert!(Consortium::is_admitted(&target));
	});
}

/// The prime of four members proposes a call and votes aye; nobody else votes; the motion's period ends and the
/// prime closes it. With the prime's vote as the default, the two abstentions would count as ayes (3 of 4, more than
/// two thirds) and the call would run: the prime alone would act for the consortium.
// The benchmarking build keeps the prime's default vote (see `configs::CouncilDefaultVote`).
#[cfg(not(feature = "runtime-benchmarks"))]
#[test]
fn a_prime_voting_alone_does_not_carry_a_motion_when_its_period_ends() {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	use Sr25519Keyring::*;
	local_network_at_block_1(|| {
		assert_eq!(pallet_collective::Members::<Runtime, configs::CouncilInstance>::get().len(), 4);
		// Root stands for a motion the members carried earlier.
		assert!(ConsortiumMembers::set_prime(RuntimeOrigin::root(), Alice.to_account_id().into()).is_ok());
		assert_eq!(pallet_collective::Prime::<Runtime, configs::CouncilInstance>::get(), Some(Alice.to_account_id()));

		let target = Ferdie.to_account_id();
		let call = RuntimeCall::Consortium(pallet_consortium::Call::revoke_account { account: target.clone() });
		let length = call.encode().len() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let threshold = consortium_queries::members().ayes_needed;
		assert_eq!(threshold, 3);
		council_call(pallet_collective::Call::propose { threshold, proposal: Box::new(call), length_bound: length })
			.dispatch(RuntimeOrigin::signed(Alice.to_account_id()))
			.expect("proposed");
		council_call(pallet_collective::Call::vote { proposal: hash, index: 0, approve: true })
			.dispatch(RuntimeOrigin::signed(Alice.to_account_id()))
			.expect("voted");
		let close = || {
			council_call(pallet_collective::Call::close {
				proposal_hash: hash,
				index: 0,
				proposal_weight_bound: weight,
				length_bound: length,
			})
			.dispatch(RuntimeOrigin::signed(Alice.to_account_id()))
		};
		// Before the period ends one aye is not enough to close.
		assert!(close().is_err(), "closed early with one aye");

		System::set_block_number(1 + configs::MotionDuration::get());
		close().expect("closed after the period");
		let council_events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|record| match record.event {
				RuntimeEvent::ConsortiumCouncil(event) => Some(event),
				_ => None,
			})
			.collect();
		assert!(
			council_events.contains(&pallet_collective::Event::Closed { proposal_hash: hash, yes: 1, no: 3 }),
			"the abstentions count as nays: {council_events:?}"
		);
		assert_eq!(council_events.last(), Some(&pallet_collective::Event::Disapproved { proposal_hash: hash }));
		assert_eq!(motion_results(), Vec::<bool>::new(), "nothing was executed");
		assert!(Consortium::is_admitted(&target), "the call did not run");
		assert!(consortium_queries::motions().is_empty());
	});
}

#[test]
fn a_member_alone_or_a_non_member_cannot_act_for_the_consortium() {
	use frame_support::assert_noop;
	use Sr25519Keyring::*;
	local_network_at_block_1(|| {
		assert_noop!(
			Consortium::admit_account(RuntimeOrigin::signed(Alice.to_account_id()), One.to_account_id()),
			sp_runtime::DispatchError::BadOrigin
		);
		let call = RuntimeCall::Consortium(pallet_consortium::Call::admit_account { account: One.to_account_id() });
		assert!(pass_motion(Eve, &[], call).is_err(), "Eve is not a member");
	});
}

#[test]
fn members_are_the_network_roots_of_owner_trust() {
	use frame_support::traits::SortedMembers;
	local_network_at_block_1(|| {
		let mut expected: Vec<AccountId> =
			[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
				.iter()
				.map(|k| k.to_account_id())
				.collect();
		expected.sort();
		assert_eq!(<Runtime as pallet_owner_trust::Config>::NetworkRoots::sorted_members(), expected);
	});
}

#[test]
fn session_purge_keys_and_node_owner_calls_are_filtered() {
	use frame_support::traits::Contains;
	use pallet_node_authorization::Call as NodeCall;
	let node = sp_core::OpaquePeerId(vec![1; 38]);
	let owner = Sr25519Keyring::Alice.to_account_id();
	for filtered in [
		RuntimeCall::Session(pallet_session::Call::purge_keys {}),
		RuntimeCall::NodeAuthorization(NodeCall::claim_node { node: node.clone() }),
		RuntimeCall::NodeAuthorization(NodeCall::remove_claim { node: node.clone() }),
		RuntimeCall::NodeAuthorization(NodeCall::transfer_node { node: node.clone(), owner: owner.clone().into() }),
		RuntimeCall::NodeAuthorization(NodeCall::add_connections { node: node.clone(), connections: vec![] }),
		RuntimeCall::NodeAuthorization(NodeCall::remove_connections { node: node.clone(), connections: vec![] }),
	] {
		assert!(!<Runtime as frame_system::Config>::BaseCallFilter::contains(&filtered), "{filtered:?}");
	}
	let governed = RuntimeCall::NodeAuthorization(NodeCall::add_well_known_node { node, owner: owner.into() });
	assert!(<Runtime as frame_system::Config>::BaseCallFilter::contains(&governed));
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	assert!(<Runtime as frame_system::Config>::BaseCallFilter::contains(&remark));
}

#[test]
fn the_pool_refuses_a_signer_that_is_not_admitted_with_the_distinct_code() {
	use sp_runtime::transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError};
	sp_io::TestExternalities::new(genesis_storage("development")).execute_with(|| {
		let stranger = sp_core::sr25519::Pair::from_string("//Stranger", None).expect("pair");
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let refused = signing::sign_extrinsic(&stranger, call.clone(), 0, System::block_hash(0));
		assert_eq!(
			Executive::validate_transaction(TransactionSource::External, refused, System::block_hash(0)),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(pallet_consortium::ACCOUNT_NOT_ADMITTED)))
		);
		let admitted = signing::sign_extrinsic(&Sr25519Keyring::Alice.pair(), call, 0, System::block_hash(0));
		assert!(Executive::validate_transaction(TransactionSource::External, admitted, System::block_hash(0)).is_ok());
	});
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
	let weights = <configs::RuntimeBlockWeights as Get<frame_system::limits::BlockWeights>>::get();
	assert!(weights.max_block.ref_time() < time::MILLISECS_PER_BLOCK * 1_000_000_000 / 2);
	// The measured base weights leave room: an empty block and a no-op extrinsic are each a small part of it.
	assert!(weights.clone().validate().is_ok(), "{weights:?}");
	assert!(weights.base_block.ref_time() < weights.max_block.ref_time() / 100);
}

#[test]
fn metadata_v15_and_later_are_served() {
	// @polkadot/api, polkadot-api and subxt decode everything from metadata v15+ without custom types.
	let versions = Runtime::metadata_versions();
	assert!(versions.contains(&15) && versions.contains(&16), "metadata versions {versions:?}");
	assert!(Runtime::metadata_at_version(15).is_some());
}
