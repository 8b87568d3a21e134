//! Identities and public key rings.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	currency::{MICRO_UNIT, MILLI_UNIT, UNIT},
	AccountId, Balance, Balances, ConsortiumMembers, Runtime, RuntimeHoldReason, Timestamp,
};

parameter_types! {
	/// Held from an identity's owner while the identity is registered.
	pub const IdentityDeposit: Balance = UNIT;
	/// Held from a key's owner while the key is live (not revoked).
	pub const KeyDeposit: Balance = 100 * MILLI_UNIT;
	/// Held per byte of a published OpenPGP key: 0.04 SGL for a typical Ed25519 key with one user ID and an
	/// encryption subkey (about 400 bytes), 1.6 SGL at the longest.
	pub const OpenPgpKeyDepositPerByte: Balance = 100 * MICRO_UNIT;
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
	/// 16 KiB: a key with several user IDs, a photo ID of a few kilobytes and its subkeys.
	type MaxOpenPgpKeyLength = ConstU32<16_384>;
	type OpenPgpKeyDepositPerByte = OpenPgpKeyDepositPerByte;
	/// A signed call by a current consortium member: members are known organisations that know their users, and
	/// each verification names the member who made it. Governance decides who the members are.
	type EmailVerifierOrigin = frame_system::EnsureSignedBy<ConsortiumMembers, AccountId>;
	type WeightInfo = pallet_key_ring::weights::SubstrateWeight<Runtime>;
}
