//! Stored records of the owner-trust pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sigil_primitives::TrustLevel;
use sp_core::H256;

/// An edge as its truster's list keeps it: the target, the level, when it was last set, and the deposit held
/// for it (kept per edge so that a change of `EdgeDeposit` releases exactly what was held).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct OutgoingEdge<AccountId, BlockNumber, Balance> {
	/// The identity trusted.
	pub target: AccountId,
	/// How far the truster trusts it to introduce others.
	pub level: TrustLevel,
	/// The block the edge was last set in.
	pub set_at: BlockNumber,
	/// The deposit held from the truster for the edge, returned when the edge is cleared.
	pub deposit: Balance,
}

/// The reverse index's copy of an edge, under (target, truster).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct IncomingEdge<BlockNumber> {
	/// How far the truster trusts the target to introduce others.
	pub level: TrustLevel,
	/// The block the edge was last set in.
	pub set_at: BlockNumber,
}

/// A proven fraud against an identity.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct FraudMark<BlockNumber> {
	/// The block of the first report.
	pub marked_at: BlockNumber,
	/// The evidence of the first report.
	pub evidence: H256,
	/// Reports received while marked, the first included.
	pub reports: u32,
}
