//! PPay-style micropayment coins.

use frame_support::{parameter_types, traits::ConstU32};
use sigil_primitives::Moment;

use super::GovernanceOrigin;
use crate::{Balances, KeyRing, OwnerTrust, Runtime, RuntimeHoldReason, Timestamp};

const DAY_MS: Moment = 24 * 60 * 60 * 1000;

parameter_types! {
	/// A signed off-line transfer may be open for claims for up to a week: long enough for a payee who is off line
	/// too, short enough that the chain need not remember finished coins for long.
	pub const MaxTransferWindow: Moment = 7 * DAY_MS;
	/// A finished coin stays a week more than the longest window, so that a transfer promising it can still be
	/// proven a double spend by a payee who claims on the window's last day.
	pub const Retention: Moment = 14 * DAY_MS;
	/// A bond compensates for as long as a double spend can be proven after its payer asks for it back: every
	/// transfer signed before the request has closed within a week, and its coin is kept a week more.
	pub const BondNotice: Moment = 14 * DAY_MS;
}

impl pallet_micropay::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	// A proven double spend marks the payer in owner trust: "never" for everyone until governance clears it.
	type Fraud = OwnerTrust;
	type Time = Timestamp;
	type BrokerOrigin = GovernanceOrigin;
	// Whether a disputed proof's payer really signed (its key was reported compromised) is for the members to judge.
	type DisputeOrigin = GovernanceOrigin;
	type MaxTransfersPerCoin = ConstU32<64>;
	type MaxTransferWindow = MaxTransferWindow;
	type Retention = Retention;
	type BondNotice = BondNotice;
	type MaxFraudProofs = ConstU32<16>;
	// Payees of one (coin, seq) promised twice: more than an honest mistake needs; each needs the payer's signature.
	type MaxPayeesPerConflict = ConstU32<8>;
	type WeightInfo = pallet_micropay::weights::SubstrateWeight<Runtime>;
}
