//! PPay-style micropayment coins.

use frame_support::traits::ConstU32;

use super::GovernanceOrigin;
use crate::{Balances, KeyRing, OwnerTrust, Runtime, RuntimeHoldReason, Timestamp};

impl pallet_micropay::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	// A proven double spend marks the payer in owner trust: "never" for everyone until governance clears it.
	type Fraud = OwnerTrust;
	type Time = Timestamp;
	type BrokerOrigin = GovernanceOrigin;
	type MaxTransfersPerCoin = ConstU32<64>;
	type MaxCoinsPerHolder = ConstU32<256>;
	type MaxFraudProofs = ConstU32<16>;
	type WeightInfo = pallet_micropay::weights::SubstrateWeight<Runtime>;
}
