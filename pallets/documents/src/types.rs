//! Stored records of the documents pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeySignature, Moment};

/// A signature the chain checked and recorded: the key, the signature, and when.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SignatureRecord<BlockNumber> {
	/// The signer's ring key that made the signature.
	pub key_id: KeyId,
	/// The key's signature over the [`DocumentPayload`](sigil_primitives::DocumentPayload), as submitted.
	pub signature: KeySignature,
	/// When the chain checked and recorded it: milliseconds since the Unix epoch, from the chain's timestamp.
	pub signed_at: Moment,
	/// The block it was recorded in.
	pub block: BlockNumber,
}

/// The signer's revocation of its attestation, kept with the attestation.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxReason))]
pub struct Revocation<BlockNumber, MaxReason: Get<u32>> {
	/// When the signer revoked: milliseconds since the Unix epoch, from the chain's timestamp.
	pub revoked_at: Moment,
	/// The block the revocation was recorded in.
	pub block: BlockNumber,
	/// The signer's reason, as the bytes it gave.
	pub reason: BoundedVec<u8, MaxReason>,
}

/// A signer's attestation of a document.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxReason))]
pub struct AttestationRecord<BlockNumber, Balance, MaxReason: Get<u32>> {
	/// The signer's signature of the document.
	pub signature: SignatureRecord<BlockNumber>,
	/// The signer's revocation; `None` while the attestation stands.
	pub revocation: Option<Revocation<BlockNumber, MaxReason>>,
	/// Held from the signer for good, in the currency's smallest unit.
	pub deposit: Balance,
}

/// One required signer of an agreement, and its signature once given.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AgreementSigner<AccountId, BlockNumber> {
	/// The signer's account.
	pub account: AccountId,
	/// Its signature over the agreement; `None` until it signs.
	pub signature: Option<SignatureRecord<BlockNumber>>,
}

/// Where an agreement stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum AgreementStatus<BlockNumber> {
	/// Waiting for signatures until the deadline block (inclusive).
	Pending,
	/// Every required signer signed.
	Completed {
		/// When the last signature was recorded: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
		/// The block the last signature was recorded in.
		block: BlockNumber,
	},
	/// The deadline passed before every signer signed.
	Expired {
		/// The block at whose start the agreement expired: its deadline + 1.
		block: BlockNumber,
	},
}

/// A multi-party agreement over a document.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxSigners))]
pub struct AgreementRecord<AccountId, BlockNumber, Balance, MaxSigners: Get<u32>> {
	/// The account that created the agreement; its deposit is held from it.
	pub creator: AccountId,
	/// The hash of the document the agreement is over.
	pub document_hash: sp_core::H256,
	/// The required signers, in the order the creator listed them, each with its signature once given.
	pub signers: BoundedVec<AgreementSigner<AccountId, BlockNumber>, MaxSigners>,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	/// When the agreement was created: milliseconds since the Unix epoch, from the chain's timestamp.
	pub created_at: Moment,
	/// Pending, completed or expired.
	pub status: AgreementStatus<BlockNumber>,
	/// Held from the creator for good, in the currency's smallest unit.
	pub deposit: Balance,
}
