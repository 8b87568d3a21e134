//! Unit tests: the governed validator set across session boundaries, admitted accounts, the transaction extension
//! and upgrade authorisation. Every test ends with the pallet's `try_state` invariants checked.

mod accounts;
mod extension;
mod validators;

use crate as pallet_consortium;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks, SortedMembers},
};
use frame_system::EnsureRoot;
use sp_runtime::{
	testing::UintAuthorityId,
	traits::{ConvertInto, OpaqueKeys},
	BuildStorage, KeyTypeId,
};

pub type AccountId = u64;

/// Blocks per session in the mock.
pub const SESSION: u64 = 5;
pub const MIN_VALIDATORS: u32 = 3;
pub const MAX_VALIDATORS: u32 = 5;
/// The genesis validators (and members); each has session keys.
pub const GENESIS_VALIDATORS: [AccountId; 4] = [1, 2, 3, 4];
/// Admitted at genesis, not a validator or member.
pub const USER: AccountId = 10;
/// Funded, with session keys, but not a validator and not admitted.
pub const CANDIDATE: AccountId = 5;
/// Funded, nothing else.
pub const STRANGER: AccountId = 20;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		Consortium: pallet_consortium,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = frame_system::mocking::MockBlock<Test>;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Session keys are ignored by the mock: only the validator ids matter here.
pub struct NoKeyHandler;

impl pallet_session::SessionHandler<AccountId> for NoKeyHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] = &[sp_runtime::key_types::DUMMY];
	fn on_genesis_session<Ks: OpaqueKeys>(_: &[(AccountId, Ks)]) {}
	fn on_new_session<Ks: OpaqueKeys>(_: bool, _: &[(AccountId, Ks)], _: &[(AccountId, Ks)]) {}
	fn on_disabled(_: u32) {}
}

type Sessions = pallet_session::PeriodicSessions<pallet_consortium::SessionPeriod<Test>, ConstU64<0>>;

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	type SessionManager = Consortium;
	type SessionHandler = NoKeyHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ();
}

parameter_types! {
	pub static MemberList: Vec<AccountId> = GENESIS_VALIDATORS.to_vec();
}

/// The consortium's members in the mock: a list tests may change.
pub struct Members;

impl SortedMembers<AccountId> for Members {
	fn sorted_members() -> Vec<AccountId> {
		let mut members = MemberList::get();
		members.sort();
		members
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add(who: &AccountId) {
		let mut members = MemberList::get();
		members.push(*who);
		MemberList::set(members);
	}
}

/// Each member may have this many accounts admitted by itself, unless governance says otherwise.
pub const QUOTA: u32 = 2;
pub const MAX_QUOTA: u32 = 3;

impl pallet_consortium::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Members = Members;
	type DefaultMinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type DefaultSessionLength = ConstU64<100>;
	type DefaultAdmissionQuota = ConstU32<QUOTA>;
	type MaxAdmissionQuota = ConstU32<MAX_QUOTA>;
	type WeightInfo = ();
}

fn genesis(session_length: Option<u64>) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	let funded = [1, 2, 3, 4, CANDIDATE, USER, STRANGER];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|a| (*a, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("balances genesis");
	pallet_session::GenesisConfig::<Test> {
		keys: GENESIS_VALIDATORS.iter().map(|v| (*v, *v, UintAuthorityId(*v))).collect(),
		// The candidate has keys too, set as any operator does before asking for a vote.
		non_authority_keys: vec![(CANDIDATE, CANDIDATE, UintAuthorityId(CANDIDATE))],
	}
	.assimilate_storage(&mut storage)
	.expect("session genesis");
	pallet_consortium::GenesisConfig::<Test> {
		validators: GENESIS_VALIDATORS.to_vec(),
		admitted_accounts: vec![1, 2, 3, 4, USER],
		session_length,
		min_validators: Some(MIN_VALIDATORS),
	}
	.assimilate_storage(&mut storage)
	.expect("consortium genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The mock chain at block 1 (benchmarks use it too).
pub fn new_test_ext() -> sp_io::TestExternalities {
	genesis(Some(SESSION))
}

/// Runs `f` on a fresh mock chain, then checks the invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Consortium::do_try_state().expect("invariants hold");
	});
}

/// Produces blocks up to and including `n`, running the session pallet's boundary logic on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
	}
}

pub fn consortium_events() -> Vec<pallet_consortium::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consortium(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub fn current_validators() -> Vec<AccountId> {
	pallet_session::Validators::<Test>::get()
}
