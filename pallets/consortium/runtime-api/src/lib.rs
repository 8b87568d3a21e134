//! The consortium runtime API: members and the vote threshold, the validator sets (decided, current, queued),
//! admitted accounts (paged), admitted nodes and the open motions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;

/// The most admitted accounts one `admitted_accounts` page returns.
pub const MAX_ACCOUNTS_PAGE: u32 = 100;

/// The consortium's members and what a motion needs to pass.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct MembersInfo<AccountId> {
	/// Sorted.
	pub members: Vec<AccountId>,
	/// The membership's prime member, if one is set. The Sigil runtime gives it no power: abstentions count as
	/// nays, whatever the prime voted.
	pub prime: Option<AccountId>,
	/// A motion passes with more than `numerator / denominator` of the members voting aye.
	pub threshold_numerator: u32,
	/// See `threshold_numerator`.
	pub threshold_denominator: u32,
	/// The fewest aye votes that pass a motion with today's members.
	pub ayes_needed: u32,
}

/// The validator set as decided, as authoring now, and as queued for the next session.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct ValidatorSets<AccountId, BlockNumber> {
	/// What the consortium decided (sorted); it becomes `queued` at the next session boundary.
	pub decided: Vec<AccountId>,
	/// Authoring and voting in the current session.
	pub current: Vec<AccountId>,
	/// Authoring from the next session.
	pub queued: Vec<AccountId>,
	/// The current session's index.
	pub session_index: u32,
	/// Blocks per session.
	pub session_length: BlockNumber,
	/// The first block of the next session.
	pub next_session_at: Option<BlockNumber>,
	/// The fewest validators the set may have.
	pub min_validators: u32,
	/// The most validators the set may have.
	pub max_validators: u32,
}

/// An admitted account and the block it was admitted at (0 for genesis).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AdmittedAccount<AccountId, BlockNumber> {
	/// The admitted account.
	pub account: AccountId,
	/// The block it was admitted at (0 for genesis).
	pub since: BlockNumber,
}

/// A member's own admissions (`admit_as_member`) against the quota governance set.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct MemberAdmissions {
	/// Accounts the member admitted by itself and that are still admitted.
	pub admitted: u32,
	/// How many it may have at once.
	pub quota: u32,
	/// Whether the account is a member now (only members admit).
	pub is_member: bool,
}

/// An admitted (well-known) node: its libp2p peer id bytes and the account that owns it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AdmittedNode<AccountId> {
	/// The libp2p peer id as bytes (its usual text form is their base58 encoding).
	pub peer_id: Vec<u8>,
	/// The account that owns the node, if any.
	pub owner: Option<AccountId>,
}

/// An open motion of the consortium's members.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Motion<AccountId, BlockNumber, Hash> {
	/// The proposal's hash: `vote` and `close` name the motion by it and its index.
	pub hash: Hash,
	/// The proposal's index: pallet-collective numbers motions in the order they were proposed, from 0.
	pub index: u32,
	/// The proposed call's pallet name.
	pub pallet: Vec<u8>,
	/// The proposed call's function name.
	pub function: Vec<u8>,
	/// The proposed call, SCALE-encoded.
	pub call: Vec<u8>,
	/// Ayes the proposer asked for.
	pub threshold: u32,
	/// The members that voted aye.
	pub ayes: Vec<AccountId>,
	/// The members that voted nay.
	pub nays: Vec<AccountId>,
	/// The block after which the motion can be closed whatever the votes.
	pub end: BlockNumber,
}

sp_api::decl_runtime_apis! {
	/// Queries of the consortium's governance and permissioning.
	///
	/// Version 2: `admitted_by` and `member_admissions`, for the accounts members admit within their quota.
	#[api_version(2)]
	pub trait ConsortiumApi<AccountId, BlockNumber, Hash>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Hash: Codec,
	{
		/// The members, the prime and what a motion needs to pass.
		fn members() -> MembersInfo<AccountId>;
		/// The validator sets (decided, current, queued) with the session's timing and the set's bounds.
		fn validators() -> ValidatorSets<AccountId, BlockNumber>;
		/// Up to `limit` (at most [`MAX_ACCOUNTS_PAGE`]) admitted accounts after `start_after`, in storage order.
		fn admitted_accounts(start_after: Option<AccountId>, limit: u32) -> Vec<AdmittedAccount<AccountId, BlockNumber>>;
		/// How many accounts are admitted.
		fn admitted_account_count() -> u32;
		/// Since when `who` is admitted, if it is.
		fn admission(who: AccountId) -> Option<BlockNumber>;
		/// The admitted (well-known) nodes, each with its owner.
		fn nodes() -> Vec<AdmittedNode<AccountId>>;
		/// The members' open motions, with their votes.
		fn motions() -> Vec<Motion<AccountId, BlockNumber, Hash>>;
		/// The member that admitted `who` by itself, if one did (governance admitted it otherwise).
		#[api_version(2)]
		fn admitted_by(who: AccountId) -> Option<AccountId>;
		/// How many accounts `member` admitted by itself, and its quota.
		#[api_version(2)]
		fn member_admissions(member: AccountId) -> MemberAdmissions;
	}
}
