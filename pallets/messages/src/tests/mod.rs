//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked.

mod clear;
mod send;
mod verdict;

use crate as pallet_messages;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{assert_ok, derive_impl, parameter_types, traits::ConstU32};
use sigil_primitives::{
	KeyPossessionPayload, KeyPurpose, KeySignature, MessagePayload, PublicKey, TrustOracle, TrustSummary, Validity,
};
use sp_core::{ed25519, Pair, H256};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u128;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has an identity but too little left for a message deposit.
pub const POOR: AccountId = 4;
pub const MAX_BODY: u32 = 64;
pub const DEPOSIT_BASE: Balance = 10;
pub const DEPOSIT_PER_BYTE: Balance = 1;
pub const IDENTITY_DEPOSIT: Balance = 100;
pub const KEY_DEPOSIT: Balance = 10;
/// The mock chain's clock at genesis, in milliseconds.
pub const START: u64 = 1_000_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		KeyRing: pallet_key_ring,
		Messages: pallet_messages,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = frame_system::mocking::MockBlock<Test>;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

parameter_types! {
	pub const IdentityDeposit: Balance = IDENTITY_DEPOSIT;
	pub const KeyDeposit: Balance = KEY_DEPOSIT;
	pub const EmailReleaseDelay: u64 = 10;
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

impl pallet_key_ring::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type IdentityDeposit = IdentityDeposit;
	type KeyDeposit = KeyDeposit;
	type MaxDisplayNameLength = ConstU32<16>;
	type MaxLiveKeys = ConstU32<4>;
	type MaxKeyHistory = ConstU32<8>;
	type EmailReleaseDelay = EmailReleaseDelay;
	type WeightInfo = ();
}

thread_local! {
	/// `None`: the runtime has no owner trust. Otherwise the (reader, sender) pairs in which the reader trusts.
	static TRUSTED: RefCell<Option<Vec<(AccountId, AccountId)>>> = const { RefCell::new(Some(Vec::new())) };
}

/// Owner trust as tests set it.
pub struct MockTrust;

impl MockTrust {
	pub fn trust(reader: AccountId, sender: AccountId) {
		TRUSTED.with(|trusted| trusted.borrow_mut().get_or_insert_with(Vec::new).push((reader, sender)));
	}
	pub fn absent() {
		TRUSTED.with(|trusted| *trusted.borrow_mut() = None);
	}
}

impl TrustOracle<AccountId> for MockTrust {
	fn trust(reader: &AccountId, sender: &AccountId) -> Option<TrustSummary> {
		TRUSTED.with(|trusted| {
			trusted.borrow().as_ref().map(|pairs| {
				let validity = if reader == sender {
					Validity::Ultimate
				} else if pairs.contains(&(*reader, *sender)) {
					Validity::Full
				} else {
					Validity::Unknown
				};
				let amount = if validity.is_trusted() { 120 } else { 0 };
				TrustSummary { validity, amount, complete: true }
			})
		})
	}
}

impl pallet_messages::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Trust = MockTrust;
	type Time = Timestamp;
	type MaxBodyLength = ConstU32<MAX_BODY>;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	TRUSTED.with(|trusted| *trusted.borrow_mut() = Some(Vec::new()));
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 10_000), (CHARLIE, 10_000), (POOR, IDENTITY_DEPOSIT + KEY_DEPOSIT + 5)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	// Benchmarks generate and sign with keys in the keystore.
	ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START);
	});
	ext
}

/// Runs `test` on a fresh chain where Alice, Bob, Charlie and Poor are registered, and checks the invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		for (who, name) in [(ALICE, "Alice"), (BOB, "Bob"), (CHARLIE, "Charlie"), (POOR, "Poor")] {
			assert_ok!(KeyRing::register(RuntimeOrigin::signed(who), name.into(), H256::repeat_byte(who as u8)));
		}
		test();
		Messages::do_try_state().expect("invariants hold");
	});
}

/// Adds an ed25519 key made from `seed` to `who`'s ring and returns it.
pub fn add_key(who: AccountId, seed: u8, purpose: KeyPurpose, expires_at: Option<u64>) -> ed25519::Pair {
	let pair = ed25519::Pair::from_seed(&[seed; 32]);
	let public = PublicKey::Ed25519(pair.public());
	let payload = KeyPossessionPayload::new(KeyRing::genesis_hash(), who, purpose, public.key_id());
	let proof = KeySignature::Ed25519(pair.sign(&payload.encode()));
	assert_ok!(KeyRing::add_key(RuntimeOrigin::signed(who), public, purpose, expires_at, Box::new(proof)));
	pair
}

pub fn key_id(pair: &ed25519::Pair) -> sigil_primitives::KeyId {
	PublicKey::Ed25519(pair.public()).key_id()
}

/// `pair`'s signature over the message payload for (`from`, `to`, `body`, `counter`).
pub fn sign(pair: &ed25519::Pair, from: AccountId, to: AccountId, body: &[u8], counter: u64) -> KeySignature {
	let payload = MessagePayload::new(Messages::genesis_hash(), from, to, body, counter);
	KeySignature::Ed25519(pair.sign(&payload.encode()))
}

/// Tries to send `body` from `from` to `to`, signed by `pair` over the sender's current counter.
pub fn try_send(
	from: AccountId,
	to: AccountId,
	body: &[u8],
	pair: &ed25519::Pair,
) -> frame_support::dispatch::DispatchResult {
	let signature = sign(pair, from, to, body, crate::SentCount::<Test>::get(from));
	Messages::send(RuntimeOrigin::signed(from), to, body.to_vec(), key_id(pair), Box::new(signature))
}

/// Sends and returns the new message's id.
pub fn send(from: AccountId, to: AccountId, body: &[u8], pair: &ed25519::Pair) -> u64 {
	let id = crate::NextMessageId::<Test>::get();
	assert_ok!(try_send(from, to, body, pair));
	id
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}

pub fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}
