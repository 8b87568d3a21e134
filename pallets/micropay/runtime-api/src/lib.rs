//! The micropay runtime API: coins with their transfer history and reissue links, the coins an account holds, a
//! broker's terms and outstanding coins, and the fraud proofs against an account.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{CoinId, FraudProof, Moment};

/// The most of a broker's coins `broker` reads to list the active ones.
pub const MAX_BROKER_COINS: u32 = 1000;

/// The most coins `coins_of` lists.
pub const MAX_HOLDER_COINS: u32 = 1000;

#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "state", rename_all_fields = "camelCase"))]
pub enum CoinState {
	Active,
	Reissued { into: u64, at: Moment },
	Redeemed { at: Moment },
}

/// One recorded move of a coin.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct TransferInfo<AccountId> {
	pub seq: u32,
	pub from: AccountId,
	pub to: AccountId,
	pub at: Moment,
	/// Paid by a claimed off-line transfer (rather than the holder's own extrinsic).
	pub offline: bool,
}

/// A coin as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CoinInfo<AccountId, Balance> {
	pub id: CoinId<AccountId>,
	pub owner: AccountId,
	pub holder: AccountId,
	pub backer: AccountId,
	pub value: Balance,
	pub expiry: Moment,
	pub seq: u32,
	pub state: CoinState,
	/// The serial this coin reissues (C' -> C).
	pub previous: Option<u64>,
	pub issued_at: Moment,
	/// The transfers so far, oldest first (kept until the coin is retired; events keep them after).
	pub history: Vec<TransferInfo<AccountId>>,
	/// How many double spends of the coin were proven.
	pub double_spends: u32,
}

/// A payer's bond for off-line payments.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BondInfo<Balance> {
	pub amount: Balance,
	/// When the unbonding the payer asked for completes (`None`: not unbonding).
	pub unlocks_at: Option<Moment>,
}

/// A broker's terms and coins.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct BrokerInfo<AccountId, Balance> {
	pub fee: Balance,
	pub validity: Moment,
	pub max_value: Balance,
	pub suspended: bool,
	pub next_serial: u64,
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
