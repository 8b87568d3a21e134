//! Block production (Aura), finality (GRANDPA) and the session that hands both their authorities.

use frame_support::traits::{ConstBool, ConstU32, ConstU64};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::Void;
use sp_runtime::traits::ConvertInto;

use crate::{opaque::SessionKeys, AccountId, Balances, Consortium, Runtime, RuntimeEvent};

/// The most validators a consortium runs. Aura and GRANDPA keep their authority lists bounded by it.
pub const MAX_AUTHORITIES: u32 = 32;

/// Sessions start at block 0 and last `pallet_consortium::SessionLength` blocks (from the chain spec; five
/// minutes by default); validator-set changes take effect at session boundaries.
type Sessions = pallet_session::PeriodicSessions<pallet_consortium::SessionPeriod<Runtime>, ConstU32<0>>;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	// Validators are known organisations; misbehaviour is dealt with by the consortium, not by disabling.
	type DisabledValidators = ();
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	// Equivocations are not reported on chain (there is no stake to slash): the consortium removes a validator
	// that equivocates by vote. So no key-ownership proofs are kept.
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	// The consortium's vote decides the set (pallet-consortium).
	type SessionManager = Consortium;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	// Setting keys holds nothing: only validators' operators set keys on a permissioned chain.
	type KeyDeposit = ();
}
