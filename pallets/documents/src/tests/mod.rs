//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked.

mod agreements;
mod attest;
mod migrations;
mod verify;

use crate as pallet_documents;
use codec::Encode;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use sigil_primitives::{DocumentPayload, KeyPurpose, KeySignature, SigningContext};
use sp_core::{ed25519, Pair, H256};

pub type AccountId = u64;
pub type Balance = u128;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has an identity and a key but too little left for a deposit.
pub const POOR: AccountId = 4;
/// Never registers.
pub const NOBODY: AccountId = 99;
pub const ATTESTATION_DEPOSIT: Balance = 20;
pub const AGREEMENT_DEPOSIT: Balance = 30;
pub const MAX_SIGNERS: u32 = 3;
pub const MAX_REASON: u32 = 16;
/// Pending or completed agreements per creator and document.
pub const MAX_AGREEMENTS: u32 = 2;
pub const MAX_EXPIRIES: u32 = 2;
pub const MAX_DURATION: u64 = 100;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		KeyRing: pallet_key_ring,
		Documents: pallet_documents,
	}
);

pallet_key_ring_testing::key_ring_neighbours!(Test, AccountId, Balance);

parameter_types! {
	pub const AttestationDeposit: Balance = ATTESTATION_DEPOSIT;
	pub const AgreementDeposit: Balance = AGREEMENT_DEPOSIT;
}

impl pallet_documents::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Time = Timestamp;
	type AttestationDeposit = AttestationDeposit;
	type AgreementDeposit = AgreementDeposit;
	type MaxSigners = ConstU32<MAX_SIGNERS>;
	type MaxReasonLength = ConstU32<MAX_REASON>;
	type MaxAgreementsPerCreator = ConstU32<MAX_AGREEMENTS>;
	type MaxExpiriesPerBlock = ConstU32<MAX_EXPIRIES>;
	type MaxAgreementDuration = ConstU64<MAX_DURATION>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	pallet_key_ring_testing::new_test_ext::<Test>(vec![
		(ALICE, 10_000),
		(BOB, 10_000),
		(CHARLIE, 10_000),
		(5, 10_000),
		(POOR, pallet_key_ring_testing::identity_and_key_deposits::<Test>() + 5),
	])
	.expect("the mock genesis builds")
}

/// Runs `test` on a fresh chain where Alice, Bob, Charlie, account 5 and Poor are registered, each with a signing
/// key (see [`key`]), and checks the invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		for who in [ALICE, BOB, CHARLIE, 5, POOR] {
			register(who);
			add_key(who, who as u8, KeyPurpose::Signing, None);
		}
		test();
		Documents::do_try_state().expect("invariants hold");
	});
}

/// The signing key `run` gave `who`.
pub fn key(who: AccountId) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[who as u8; 32])
}

pub fn doc(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// `pair`'s signature as `signer` over `document` in `context`.
pub fn sign(pair: &ed25519::Pair, signer: AccountId, document: H256, context: SigningContext) -> Box<KeySignature> {
	let payload = DocumentPayload::new(Documents::genesis_hash(), document, signer, context);
	Box::new(KeySignature::Ed25519(pair.sign(&payload.encode())))
}

pub fn try_attest(who: AccountId, document: H256) -> frame_support::dispatch::DispatchResult {
	let pair = key(who);
	Documents::attest(
		RuntimeOrigin::signed(who),
		document,
		key_id(&pair),
		sign(&pair, who, document, SigningContext::Attestation),
	)
}

/// Creates an agreement from Alice over `document` and returns its id.
pub fn create(document: H256, signers: &[AccountId], deadline: u64) -> u64 {
	let id = crate::NextAgreementId::<Test>::get();
	assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(ALICE), document, signers.to_vec(), deadline));
	id
}

pub fn try_sign(who: AccountId, id: u64) -> frame_support::dispatch::DispatchResult {
	let pair = key(who);
	let document = crate::Agreements::<Test>::get(id).map(|a| a.document_hash).unwrap_or_default();
	Documents::sign_agreement(
		RuntimeOrigin::signed(who),
		id,
		key_id(&pair),
		sign(&pair, who, document, SigningContext::Agreement(id)),
	)
}

/// Moves to block `n`, running the pallet's `on_initialize` for each block on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Documents::on_initialize(next);
	}
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}

pub fn events() -> Vec<RuntimeEvent> {
	System::events().into_iter().map(|record| record.event).collect()
}
