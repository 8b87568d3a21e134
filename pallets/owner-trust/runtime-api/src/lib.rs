//! The owner-trust runtime API: trust edges both ways, fraud marks, and the validity and trust amount of a target
//! from a viewer's point of view or from the network's (the consortium's roots).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{BlockNumber, TrustLevel, Validity};
use sp_core::H256;

/// The most incoming edges one `incoming` call returns.
pub const MAX_INCOMING_PAGE: u32 = 1000;

/// One trust edge, seen from one of its ends: the other account, the level, and the block it was last set in.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EdgeInfo<AccountId> {
	/// The other end: the target of an outgoing edge, the truster of an incoming one.
	pub account: AccountId,
	/// How far the truster trusts the target to introduce others.
	pub level: TrustLevel,
	/// The block the edge was last set in.
	pub set_at: BlockNumber,
}

/// A fraud mark: when it was set, the evidence of the first report, and how many reports arrived.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct FraudMarkInfo {
	/// The block of the first report.
	pub marked_at: BlockNumber,
	/// The first report's evidence: identifies the proof the reporting pallet keeps (micropay: the hash of its
	/// double-spend proof).
	pub evidence: H256,
	/// Reports received while marked, the first included.
	pub reports: u32,
}

/// A chain of introductions from a root to the target. `hops` starts at the root (the viewer) and ends at the
/// target; every identity in between was valid, and each vouched for the next. The last edge's level gives the
/// path's amount.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TrustPath<AccountId> {
	/// The identities from the root to the target, both included.
	pub hops: Vec<AccountId>,
	/// The level of the last edge: the last introducer's trust in the target.
	pub level: TrustLevel,
	/// What the last edge is worth, 0 to 120: 120 / `completes_needed` if full, 120 / `marginals_needed` if
	/// marginal.
	pub amount: u8,
}

/// How a viewer (or the network) sees a target, with the paths that produced the amount.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ValidityReport<AccountId> {
	/// The target's validity in this view.
	pub validity: Validity,
	/// 0 to 120: the sum of the paths' amounts, capped at 120; 120 exactly when the target is valid.
	pub amount: u8,
	/// The search depth at which the target became valid (1 = the viewer vouches directly).
	pub depth: Option<u8>,
	/// One path per valid introducer that vouched for the target directly.
	pub paths: Vec<TrustPath<AccountId>>,
	/// Identities whose edges the search read.
	pub visited: u32,
	/// `false` when the search hit `MaxVisited` before it could finish: the answer may understate the target.
	pub complete: bool,
}

sp_api::decl_runtime_apis! {
	/// Queries of the owner-trust pallet.
	#[api_version(1)]
	pub trait OwnerTrustApi<AccountId> where AccountId: Codec {
		/// The edges `who` set, ordered by target.
		fn outgoing(who: AccountId) -> Vec<EdgeInfo<AccountId>>;
		/// Up to `limit` (at most [`MAX_INCOMING_PAGE`]) edges set on `who`, in storage order, starting after
		/// the truster `start_after`.
		fn incoming(who: AccountId, start_after: Option<AccountId>, limit: u32) -> Vec<EdgeInfo<AccountId>>;
		/// The fraud mark on `who`, if any.
		fn fraud_mark(who: AccountId) -> Option<FraudMarkInfo>;
		/// How `viewer` sees `target`.
		fn validity(viewer: AccountId, target: AccountId) -> ValidityReport<AccountId>;
		/// How the network sees `target`: the roots (the consortium's members) together are the viewer.
		fn network_validity(target: AccountId) -> ValidityReport<AccountId>;
		/// The network's roots.
		fn network_roots() -> Vec<AccountId>;
	}
}
