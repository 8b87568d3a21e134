//! Electronic document signatures and multi-party agreements.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	currency::MILLI_UNIT, time::DAYS, Balance, Balances, BlockNumber, KeyRing, Runtime, RuntimeHoldReason, Timestamp,
};

parameter_types! {
	/// Held for good: an attestation stays on chain so that its signature remains verifiable.
	pub const AttestationDeposit: Balance = 10 * MILLI_UNIT;
	/// Held for good, like an attestation's; an agreement holds up to `MaxSigners` signatures.
	pub const AgreementDeposit: Balance = 50 * MILLI_UNIT;
	/// An agreement's deadline is at most 90 days (in blocks) after its creation.
	pub const MaxAgreementDuration: BlockNumber = 90 * DAYS;
}

impl pallet_documents::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Time = Timestamp;
	type AttestationDeposit = AttestationDeposit;
	type AgreementDeposit = AgreementDeposit;
	type MaxSigners = ConstU32<16>;
	type MaxReasonLength = ConstU32<256>;
	type MaxAgreementsPerCreator = ConstU32<16>;
	type MaxExpiriesPerBlock = ConstU32<64>;
	type MaxAgreementDuration = MaxAgreementDuration;
	type WeightInfo = pallet_documents::weights::SubstrateWeight<Runtime>;
}
