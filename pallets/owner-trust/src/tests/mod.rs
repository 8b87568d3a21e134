//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked.

mod edges;
mod fraud;
mod validity;

use crate as pallet_owner_trust;
use core::cell::RefCell;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, SortedMembers},
};
use frame_system::EnsureRoot;
use sigil_primitives::{KeyId, KeyLifetime, KeyPurpose, KeyRing, PublicKey, TrustLevel};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u128;

pub const EDGE_DEPOSIT: Balance = 10;
pub const MAX_EDGES: u32 = 8;
/// An account with too little to pay an edge deposit.
pub const POOR: AccountId = 999;
/// Accounts 1..=ACCOUNTS are funded; tests register the ones they need.
pub const ACCOUNTS: AccountId = 60;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		OwnerTrust: pallet_owner_trust,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = frame_system::mocking::MockBlock<Test>;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

type MockKey = (KeyId, AccountId, PublicKey, KeyPurpose);

thread_local! {
	static REGISTERED: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static KEYS: RefCell<Vec<MockKey>> = const { RefCell::new(Vec::new()) };
	static ROOTS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
}

/// The key ring as far as owner trust cares: who has an identity.
pub struct MockKeyRing;

impl MockKeyRing {
	pub fn register(who: AccountId) {
		REGISTERED.with(|registered| registered.borrow_mut().push(who));
	}
	pub fn forget(who: AccountId) {
		REGISTERED.with(|registered| registered.borrow_mut().retain(|account| *account != who));
	}
}

impl KeyRing<AccountId> for MockKeyRing {
	fn has_identity(who: &AccountId) -> bool {
		REGISTERED.with(|registered| registered.borrow().contains(who))
	}
	fn key(key_id: &KeyId) -> Option<(AccountId, PublicKey, KeyPurpose, KeyLifetime)> {
		KEYS.with(|keys| {
			keys.borrow().iter().find(|(id, ..)| id == key_id).map(|(_, owner, public, purpose)| {
				(*owner, public.clone(), *purpose, KeyLifetime { added_at: 0, expires_at: None, revoked: None })
			})
		})
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(who: &AccountId) {
		Self::register(*who);
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn add_key_for_benchmark(who: &AccountId, public: PublicKey, purpose: KeyPurpose) {
		KEYS.with(|keys| keys.borrow_mut().push((public.key_id(), *who, public, purpose)));
	}
}

/// The consortium's members, as tests set them.
pub struct MockRoots;

impl MockRoots {
	pub fn set(roots: Vec<AccountId>) {
		ROOTS.with(|current| *current.borrow_mut() = roots);
	}
}

impl SortedMembers<AccountId> for MockRoots {
	fn sorted_members() -> Vec<AccountId> {
		let mut roots = ROOTS.with(|roots| roots.borrow().clone());
		roots.sort();
		roots
	}
}

parameter_types! {
	pub const EdgeDeposit: Balance = EDGE_DEPOSIT;
	pub static MaxVisited: u32 = 1_000;
	pub static CompletesNeeded: u32 = 1;
	pub static MarginalsNeeded: u32 = 3;
}

impl pallet_owner_trust::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = MockKeyRing;
	type NetworkRoots = MockRoots;
	type FraudClearOrigin = EnsureRoot<AccountId>;
	type EdgeDeposit = EdgeDeposit;
	type MaxTrustEdges = ConstU32<MAX_EDGES>;
	type CompletesNeeded = CompletesNeeded;
	type MarginalsNeeded = MarginalsNeeded;
	type MaxDepth = ConstU32<5>;
	type MaxVisited = MaxVisited;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	REGISTERED.with(|registered| registered.borrow_mut().clear());
	KEYS.with(|keys| keys.borrow_mut().clear());
	MockRoots::set(Vec::new());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	let mut balances: Vec<(AccountId, Balance)> = (1..=ACCOUNTS).map(|who| (who, 10_000)).collect();
	balances.push((POOR, 5));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("balances genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on a fresh chain where accounts 1..=ACCOUNTS have identities, and checks the invariants after.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		(1..=ACCOUNTS).for_each(MockKeyRing::register);
		test();
		OwnerTrust::do_try_state().expect("invariants hold");
	});
}

pub fn trust(truster: AccountId, target: AccountId, level: TrustLevel) {
	assert_ok!(OwnerTrust::set_trust(RuntimeOrigin::signed(truster), target, level));
}

/// Sets the same level from each truster to the target.
pub fn trusted_by(trusters: &[AccountId], target: AccountId, level: TrustLevel) {
	trusters.iter().for_each(|truster| trust(*truster, target, level));
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}
