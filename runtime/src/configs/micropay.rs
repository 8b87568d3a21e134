//! PPay-style micropayment coins.

use frame_support::traits::ConstU32;
use frame_system::EnsureRoot;

use crate::{AccountId, Balances, KeyRing, OwnerTrust, Runtime, RuntimeHoldReason, Timestamp};

impl pallet_micropay::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	// A proven double spend marks the payer in owner trust: "never" for everyone until governance clears it.
	type Fraud = OwnerTrust;
	type Time = Timestamp;
	// Governance (sudo on the development chain) until the consortium's vote replaces it.
	type BrokerOrigin = EnsureRoot<AccountId>;
	type MaxTransfersPerCoin = ConstU32<64>;
	type MaxCoinsPerHolder = ConstU32<256>;
	type MaxFraudProofs = ConstU32<16>;
	type WeightInfo = pallet_micropay::weights::SubstrateWeight<Runtime>;
}
