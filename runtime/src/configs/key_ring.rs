//! Identities and public key rings.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	currency::{MILLI_UNIT, UNIT},
	time::DAYS,
	Balance, Balances, BlockNumber, Runtime, RuntimeHoldReason, Timestamp,
};

parameter_types! {
	pub const IdentityDeposit: Balance = UNIT;
	pub const KeyDeposit: Balance = 100 * MILLI_UNIT;
	/// A forgotten or replaced email hash stays with its last holder for 30 days: long enough for clients and
	/// correspondents to see that the identity is gone before someone else can appear under the same address.
	pub const EmailReleaseDelay: BlockNumber = 30 * DAYS;
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
	type EmailReleaseDelay = EmailReleaseDelay;
	type WeightInfo = pallet_key_ring::weights::SubstrateWeight<Runtime>;
}
