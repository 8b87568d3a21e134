//! Owner trust between identities, and the roots of the network view.

use frame_support::{parameter_types, traits::ConstU32};

use super::GovernanceOrigin;
use crate::{currency::MILLI_UNIT, Balance, Balances, ConsortiumMembers, KeyRing, Runtime, RuntimeHoldReason};

parameter_types! {
	/// An edge costs two small storage entries (the truster's list and the reverse index).
	pub const TrustEdgeDeposit: Balance = 20 * MILLI_UNIT;
}

impl pallet_owner_trust::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	// The consortium's members are the roots of the network view.
	type NetworkRoots = ConsortiumMembers;
	type FraudClearOrigin = GovernanceOrigin;
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
