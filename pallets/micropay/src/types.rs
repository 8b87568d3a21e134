//! Stored records of the micropay pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sigil_primitives::{Moment, TransferProof};

/// What a broker charges and allows.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct BrokerTerms<Balance> {
	/// Paid to the broker on purchase, and again kept by the broker from the backing on redemption.
	pub fee: Balance,
	/// How long a coin (or a reissued coin) is valid, in milliseconds.
	pub validity: Moment,
	/// The largest value of one coin.
	pub max_value: Balance,
}

/// An approved broker.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct BrokerRecord<Balance> {
	/// What the broker charges and allows.
	pub terms: BrokerTerms<Balance>,
	/// A suspended broker issues no new coins; its coins stay payable and redeemable.
	pub suspended: bool,
	/// The serial number the next coin gets.
	pub next_serial: u64,
	/// Active coins (neither reissued nor redeemed).
	pub outstanding: u32,
	/// Their total value, kept here so that no query walks the broker's coins.
	pub outstanding_value: Balance,
}

/// Where a coin is in its life: active, or finished by a reissue or a redemption (and retired `Retention` after).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum CoinStatus {
	/// Payable until its expiry, reissuable from then on, and redeemable.
	Active,
	/// Expired and reissued, at `at`, as the coin with this serial (same broker).
	Reissued {
		/// The serial of the coin that continues this one.
		into: u64,
		/// When the coin was reissued: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
	/// Cashed by its holder.
	Redeemed {
		/// When the coin was redeemed: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
}

/// A coin C = {U, sn, E} with its current holder and sequence number.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct CoinRecord<AccountId, Balance> {
	/// The original owner (U).
	pub owner: AccountId,
	/// Who holds the coin now, and may pay or redeem it.
	pub holder: AccountId,
	/// Whose funds back the coin, held for it: the buyer's (purchase) or the broker's (issue).
	pub backer: AccountId,
	/// The coin's value, in the chain's smallest unit: what is held from the backer.
	pub value: Balance,
	/// The coin cannot move from this moment on (milliseconds); it can be reissued.
	pub expiry: Moment,
	/// How many times the coin moved.
	pub seq: u32,
	/// Active, reissued or redeemed.
	pub status: CoinStatus,
	/// The serial of the coin this one reissues.
	pub previous: Option<u64>,
	/// When the coin was issued (or, if it continues an expired coin, reissued): milliseconds since the Unix epoch,
	/// from the chain's timestamp.
	pub issued_at: Moment,
	/// For how many of its sequence numbers a double spend was proven (each marks the payer once).
	pub double_spends: u32,
}

/// What a payer set aside to compensate the payees of its off-line transfers if it spends a coin twice.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct BondRecord<Balance> {
	/// Held from the payer (`HoldReason::OfflineBond`).
	pub amount: Balance,
	/// When an unbonding the payer asked for completes; until then the bond still compensates.
	pub unlocks_at: Option<Moment>,
}

/// A payee the chain refused because the payer had spent the (coin, seq) already: kept while the coin is, so that
/// the same evidence is never counted twice and the payee is compensated once.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ConflictPayee<AccountId> {
	/// The payee whose claim of the (coin, seq) the chain refused.
	pub payee: AccountId,
	/// The chain refused this payee's claim and paid it something from the payer's bond.
	pub compensated: bool,
}

/// One recorded move of a coin: the record <C + seq, T> a payee checks, kept until the coin is retired.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct TransferRecord<AccountId> {
	/// The holder who paid.
	pub from: AccountId,
	/// Who received the coin.
	pub to: AccountId,
	/// When the chain applied the transfer: milliseconds since the Unix epoch, from the chain's timestamp.
	pub at: Moment,
	/// How the transfer came about: the holder's own `pay`, or a signed transfer claimed (with its signature and
	/// window).
	pub proof: TransferProof,
}
