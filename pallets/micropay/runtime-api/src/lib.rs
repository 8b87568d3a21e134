//! The micropay runtime API: coins with their transfer history and reissue links, the coins an account holds, a
//! broker's terms and outstanding coins, and the fraud proofs against an account.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{CoinId, FraudProof, Moment};

/// The most of a broker's coins `broker` reads to list the active ones.
pub const MAX_BROKER_COINS: u32 = 1000;

/// The most coins `coins_of` lists.
pub const MAX_HOLDER_COINS: u32 = 1000;

/// Where a coin is in its life. In JSON, tagged by `state`: `{ "state": "active" }`, `reissued` with `into` and `at`,
/// `redeemed` with `at`.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "state", rename_all_fields = "camelCase"))]
pub enum CoinState {
	/// Payable until its expiry, reissuable from then on, and redeemable.
	Active,
	/// Reissued after its expiry as another coin of the same broker; it moves no more.
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

/// One recorded move of a coin.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct TransferInfo<AccountId> {
	/// The sequence number the coin got by this transfer (1 for its first move).
	pub seq: u32,
	/// The holder who paid.
	pub from: AccountId,
	/// Who received the coin.
	pub to: AccountId,
	/// When the chain recorded the transfer: milliseconds since the Unix epoch, from the chain's timestamp.
	pub at: Moment,
	/// Paid by a claimed off-line transfer (rather than the holder's own extrinsic).
	pub offline: bool,
}

/// A coin as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CoinInfo<AccountId, Balance> {
	/// The coin's broker and serial.
	pub id: CoinId<AccountId>,
	/// The original owner: who bought the coin or was issued it (carried over by a reissue).
	pub owner: AccountId,
	/// Who holds the coin now, and may pay or redeem it.
	pub holder: AccountId,
	/// Whose funds back the coin, held for it: the buyer's (purchase) or the broker's (issue).
	pub backer: AccountId,
	/// The coin's value, in the chain's smallest unit.
	pub value: Balance,
	/// From this moment on the coin moves no more and may be reissued: milliseconds since the Unix epoch.
	pub expiry: Moment,
	/// How many times the coin has moved (0 when issued or reissued).
	pub seq: u32,
	/// Active, reissued or redeemed.
	pub state: CoinState,
	/// The serial this coin reissues (C' -> C).
	pub previous: Option<u64>,
	/// When the coin was issued (or, if it continues an expired coin, reissued): milliseconds since the Unix epoch,
	/// from the chain's timestamp.
	pub issued_at: Moment,
	/// The transfers so far, oldest first (kept until the coin is retired; events keep them after).
	pub history: Vec<TransferInfo<AccountId>>,
	/// How many double spends of the coin were proven.
	pub double_spends: u32,
}

/// A payer's bond for off-line payments.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BondInfo<Balance> {
	/// The funds held as the bond, in the chain's smallest unit: what is left after compensating victims.
	pub amount: Balance,
	/// When the unbonding the payer asked for completes (`None`: not unbonding).
	pub unlocks_at: Option<Moment>,
}

/// A broker's terms and coins.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BrokerInfo<AccountId, Balance> {
	/// Paid to the broker on purchase, and again kept by the broker from the backing on redemption; in the chain's
	/// smallest unit.
	pub fee: Balance,
	/// How long a coin (or a reissued coin) is valid, in milliseconds.
	pub validity: Moment,
	/// The largest value of one coin, in the chain's smallest unit.
	pub max_value: Balance,
	/// A suspended broker issues no new coins; its coins stay payable, reissuable and redeemable.
	pub suspended: bool,
	/// The serial number the broker's next coin (issued or reissued) gets.
	pub next_serial: u64,
	/// How many of its coins are active (neither reissued nor redeemed).
	pub outstanding: u32,
	/// The total value of the active coins.
	pub outstanding_value: Balance,
	/// Its active coins' ids, among the first [`MAX_BROKER_COINS`] of its coins in state.
	pub active_coins: Vec<CoinId<AccountId>>,
}

sp_api::decl_runtime_apis! {
	/// Queries of the micropay pallet.
	/// Version 2: transfer windows, coins kept until retired with their double-spend count, bonds.
	#[api_version(2)]
	pub trait MicropayApi<AccountId, Balance> where AccountId: Codec, Balance: Codec {
		/// A coin with its history (`None` if it never existed or was retired).
		fn coin(id: CoinId<AccountId>) -> Option<CoinInfo<AccountId, Balance>>;
		/// The active coins `who` holds (at most [`MAX_HOLDER_COINS`]).
		fn coins_of(who: AccountId) -> Vec<CoinInfo<AccountId, Balance>>;
		/// A broker's terms and outstanding coins.
		fn broker(who: AccountId) -> Option<BrokerInfo<AccountId, Balance>>;
		/// The fraud proofs kept against `who`, oldest first.
		fn fraud_proofs(who: AccountId) -> Vec<FraudProof<AccountId>>;
		/// `who`'s bond for off-line payments.
		fn bond(who: AccountId) -> Option<BondInfo<Balance>>;
	}
}
