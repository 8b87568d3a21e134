//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked.

mod email;
mod forget;
mod keys;
mod migration;
mod openpgp;
mod register;
mod revoke;

use crate as pallet_key_ring;
use codec::Encode;
use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32},
};
use sigil_primitives::{KeyPossessionPayload, KeyPurpose, KeySignature, PublicKey};
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u128;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const POOR: AccountId = 3;
pub const IDENTITY_DEPOSIT: Balance = 100;
pub const KEY_DEPOSIT: Balance = 10;
pub const MAX_NAME: u32 = 16;
pub const MAX_LIVE_KEYS: u32 = 3;
pub const MAX_HISTORY: u32 = 5;
/// The email verifiers (consortium members in the runtime); they need no identity.
pub const VERIFIER: AccountId = 9;
pub const OTHER_VERIFIER: AccountId = 8;
/// The mock chain's clock at genesis, in milliseconds.
pub const START: u64 = 1_000_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		KeyRing: pallet_key_ring,
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

pub struct Verifiers;
impl frame_support::traits::SortedMembers<AccountId> for Verifiers {
	fn sorted_members() -> Vec<AccountId> {
		vec![OTHER_VERIFIER, VERIFIER]
	}
}

/// The deposits and limits the tests name are pinned here rather than taken from the prelude.
#[derive_impl(pallet_key_ring::config_preludes::TestDefaultConfig)]
impl pallet_key_ring::Config for Test {
	type Currency = Balances;
	type Time = Timestamp;
	type IdentityDeposit = ConstU128<IDENTITY_DEPOSIT>;
	type KeyDeposit = ConstU128<KEY_DEPOSIT>;
	type MaxDisplayNameLength = ConstU32<MAX_NAME>;
	type MaxLiveKeys = ConstU32<MAX_LIVE_KEYS>;
	type MaxKeyHistory = ConstU32<MAX_HISTORY>;
	type EmailVerifierOrigin = frame_system::EnsureSignedBy<Verifiers, AccountId>;
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 10_000), (BOB, 10_000), (POOR, 50)],
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

/// Runs `test` on a fresh chain and checks the invariants afterwards.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		KeyRing::do_try_state().expect("invariants hold");
	});
}

pub fn email(n: u8) -> H256 {
	H256::repeat_byte(n)
}

pub fn register(who: AccountId, name: &str, email_byte: u8) {
	frame_support::assert_ok!(KeyRing::register(RuntimeOrigin::signed(who), name.into(), email(email_byte)));
}

/// A signing key pair of any scheme, for tests (an ecdsa pair is the largest; tests make a handful).
#[allow(clippy::large_enum_variant)]
pub enum TestPair {
	Ed(ed25519::Pair),
	Sr(sr25519::Pair),
	Ec(ecdsa::Pair),
}

impl TestPair {
	pub fn ed(seed: u8) -> Self {
		Self::Ed(ed25519::Pair::from_seed(&[seed; 32]))
	}
	pub fn sr(seed: u8) -> Self {
		Self::Sr(sr25519::Pair::from_seed(&[seed; 32]))
	}
	pub fn ec(seed: u8) -> Self {
		Self::Ec(ecdsa::Pair::from_seed(&[seed; 32]))
	}
	pub fn public(&self) -> PublicKey {
		match self {
			Self::Ed(p) => PublicKey::Ed25519(p.public()),
			Self::Sr(p) => PublicKey::Sr25519(p.public()),
			Self::Ec(p) => PublicKey::Ecdsa(p.public()),
		}
	}
	pub fn sign(&self, message: &[u8]) -> KeySignature {
		match self {
			Self::Ed(p) => KeySignature::Ed25519(p.sign(message)),
			Self::Sr(p) => KeySignature::Sr25519(p.sign(message)),
			Self::Ec(p) => KeySignature::Ecdsa(p.sign(message)),
		}
	}
	/// The proof of possession for adding this key to `who`'s ring with `purpose`.
	pub fn proof(&self, who: AccountId, purpose: KeyPurpose) -> KeySignature {
		let payload = KeyPossessionPayload::new(KeyRing::genesis_hash(), who, purpose, self.public().key_id());
		self.sign(&payload.encode())
	}
}

/// Tries to add `pair`'s key to `who`'s ring with the given proof of possession.
pub fn try_add_key(
	who: AccountId,
	pair: &TestPair,
	purpose: KeyPurpose,
	expires_at: Option<u64>,
	proof: KeySignature,
) -> frame_support::dispatch::DispatchResult {
	KeyRing::add_key(RuntimeOrigin::signed(who), pair.public(), purpose, expires_at, Box::new(proof))
}

/// Tries to add `pair`'s key to `who`'s ring with the key's own valid proof.
pub fn try_add_own_key(
	who: AccountId,
	pair: &TestPair,
	purpose: KeyPurpose,
	expires_at: Option<u64>,
) -> frame_support::dispatch::DispatchResult {
	try_add_key(who, pair, purpose, expires_at, pair.proof(who, purpose))
}

pub fn add_key(who: AccountId, pair: &TestPair, purpose: KeyPurpose, expires_at: Option<u64>) {
	frame_support::assert_ok!(try_add_own_key(who, pair, purpose, expires_at));
}

/// Lets `VERIFIER` verify `who`'s claim to `email(email_byte)`.
pub fn verify(who: AccountId, email_byte: u8) {
	frame_support::assert_ok!(KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), who, email(email_byte)));
}

/// Who holds `email(email_byte)`, and who verified the claim.
pub fn holder(email_byte: u8) -> Option<(AccountId, Option<AccountId>)> {
	KeyRing::email_claim(&email(email_byte)).map(|claim| (claim.account, claim.verified_by))
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}
