//! Signed messages between identities.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	currency::{MICRO_UNIT, MILLI_UNIT},
	Balance, Balances, KeyRing, OwnerTrust, Runtime, RuntimeHoldReason, Timestamp,
};

/// The longest message body: 4 KiB, enough for a signed note or a small ciphertext.
pub const MAX_MESSAGE_BODY: u32 = 4 * 1024;

parameter_types! {
	/// A stored message costs its record and two index entries besides the body.
	pub const MessageDepositBase: Balance = 10 * MILLI_UNIT;
	/// Owed by the sender per byte of a stored message's body, on top of `MessageDepositBase`, until the recipient
	/// clears it: about 41 milli-SGL for a 4 KiB body.
	pub const MessageDepositPerByte: Balance = 10 * MICRO_UNIT;
}

impl pallet_messages::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Trust = OwnerTrust;
	type Time = Timestamp;
	type MaxBodyLength = ConstU32<MAX_MESSAGE_BODY>;
	type DepositBase = MessageDepositBase;
	type DepositPerByte = MessageDepositPerByte;
	type WeightInfo = pallet_messages::weights::SubstrateWeight<Runtime>;
}
