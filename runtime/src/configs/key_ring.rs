//! Identities and public key rings.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	currency::{MILLI_UNIT, UNIT},
	AccountId, Balance, Balances, ConsortiumMembers, Runtime, RuntimeHoldReason, Timestamp,
};

parameter_types! {
	/// Held from an identity's owner while the identity is registered.
	pub const IdentityDeposit: Balance = UNIT;
	/// Held from a key's owner while the key is live (not revoked).
	pub const KeyDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_key_ring::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type IdentityDeposit = IdentityDeposit;
	type KeyDeposit = KeyDeposit;
	type MaxDisplayNameLength = ConstU32<64>;
	type MaxLiveKeys = ConstU32<16>;
	type MaxKeyHistory = ConstU32<64>;
	/// A signed call by a current consortium member: members are known organisations that know their users, and
	/// each verification names the member who made it. Governance decides who the members are.
	type EmailVerifierOrigin = frame_system::EnsureSignedBy<ConsortiumMembers, AccountId>;
	type WeightInfo = pallet_key_ring::weights::SubstrateWeight<Runtime>;
}
