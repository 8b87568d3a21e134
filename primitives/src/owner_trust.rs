//! Owner trust: the OpenPGP owner-trust levels identities give each other, how a viewer sees a target, and the
//! traits through which other pallets read trust ([`TrustOracle`]) and report proven fraud ([`FraudReporter`]).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// The trust amount of a fully valid identity, as OpenPGP trust signatures and sequoia-wot count it.
pub const FULL_TRUST_AMOUNT: u8 = 120;

/// How far one identity trusts another to introduce others: the OpenPGP owner-trust levels. "Ultimate" is not
/// among them: only a viewer trusts itself ultimately.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum TrustLevel {
	/// "I don't know": recorded, but introduces nobody.
	Unknown,
	/// "Never": introduces nobody; if the viewer says it, the target is never valid in the viewer's view.
	Never,
	/// A marginally trusted introducer: `marginals_needed` of them make a target valid.
	Marginal,
	/// A fully trusted introducer: `completes_needed` of them make a target valid.
	Full,
}

/// Why a target is "never" valid in a view.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum NeverReason {
	/// The target carries a fraud mark (a proven double spend): it is "never" for everyone until cleared.
	FraudMark,
	/// The viewer (or, in the network view, one of the roots) set "never" on the target.
	Distrusted,
}

/// How a viewer sees a target.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum Validity {
	/// The target is the viewer itself (or one of the network view's roots).
	Ultimate,
	/// Enough valid introducers vouch for the target: its amount is [`FULL_TRUST_AMOUNT`].
	Full,
	/// Some valid introducers vouch for the target, but not enough: 0 < amount < [`FULL_TRUST_AMOUNT`].
	Marginal,
	/// No valid introducer vouches for the target within the search.
	Unknown,
	/// The target is never valid in this view.
	Never(NeverReason),
	/// The target has no registered identity.
	NotRegistered,
}

impl Validity {
	/// Whether the target counts as trusted: ultimately or fully valid.
	pub fn is_trusted(&self) -> bool {
		matches!(self, Self::Ultimate | Self::Full)
	}
}

/// A viewer's judgement of a target, in short.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct TrustSummary {
	/// The target's validity in the viewer's view.
	pub validity: Validity,
	/// 0 to [`FULL_TRUST_AMOUNT`].
	pub amount: u8,
	/// `false` when the search stopped at its bound before finishing: the amount may be understated.
	pub complete: bool,
}

/// What other pallets ask the owner-trust pallet. The answer comes from a bounded graph search that reads up to
/// a few thousand storage entries: call it from runtime APIs, never from a dispatchable.
pub trait TrustOracle<AccountId> {
	/// How `viewer` sees `target`, or `None` if the runtime has no owner trust.
	fn trust(viewer: &AccountId, target: &AccountId) -> Option<TrustSummary>;
}

/// A runtime without owner trust: every answer is "unknown".
impl<AccountId> TrustOracle<AccountId> for () {
	fn trust(_: &AccountId, _: &AccountId) -> Option<TrustSummary> {
		None
	}
}

/// How a pallet that proves fraud (micropay's double spends) marks the offender. A marked identity is "never"
/// for everyone and its introductions count for nothing until governance clears the mark.
pub trait FraudReporter<AccountId> {
	/// Marks `offender`; `evidence` identifies the proof the reporting pallet keeps (e.g. the hash of the two
	/// conflicting signed transfers).
	fn report_fraud(offender: &AccountId, evidence: H256);
}

/// A runtime without owner trust ignores reports; the reporting pallet still keeps its proof.
impl<AccountId> FraudReporter<AccountId> for () {
	fn report_fraud(_: &AccountId, _: H256) {}
}
