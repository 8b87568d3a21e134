//! Owner trust between identities, and the roots of the network view.

use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstU32, SortedMembers},
};
use frame_system::EnsureRoot;

use crate::{currency::MILLI_UNIT, AccountId, Balance, Balances, KeyRing, Runtime, RuntimeHoldReason};

parameter_types! {
	/// An edge costs two small storage entries (the truster's list and the reverse index).
	pub const TrustEdgeDeposit: Balance = 20 * MILLI_UNIT;
}

/// The roots of the network view until consortium governance keeps a member list: the accounts of the current
/// validators, which the consortium's members run.
pub struct ValidatorAccounts;

impl SortedMembers<AccountId> for ValidatorAccounts {
	fn sorted_members() -> Vec<AccountId> {
		let mut validators = pallet_session::Validators::<Runtime>::get();
		validators.sort();
		validators.dedup();
		validators
	}
}

impl pallet_owner_trust::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type NetworkRoots = ValidatorAccounts;
	// Governance (sudo on the development chain) until the consortium's vote replaces it.
	type FraudClearOrigin = EnsureRoot<AccountId>;
	type EdgeDeposit = TrustEdgeDeposit;
	type MaxTrustEdges = ConstU32<100>;
	// The classic PGP defaults: one full or three marginal introducers, at most five introductions deep.
	type CompletesNeeded = ConstU32<1>;
	type MarginalsNeeded = ConstU32<3>;
	type MaxDepth = ConstU32<5>;
	// Sized with `scripts/bench-trust` so that a search that reads this many edge lists stays well under a
	// second (see the README).
	type MaxVisited = ConstU32<10_000>;
	type WeightInfo = pallet_owner_trust::weights::SubstrateWeight<Runtime>;
}
