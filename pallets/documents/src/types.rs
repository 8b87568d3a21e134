//! Stored records of the documents pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeySignature, Moment};

/// A signature the chain checked and recorded: the key, the signature, and when.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SignatureRecord<BlockNumber> {
	pub key_id: KeyId,
	pub signature: KeySignature,
	pub signed_at: Moment,
	pub block: BlockNumber,
}

/// The signer's revocation of its attestation, kept with the attestation.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxReason))]
pub struct Revocation<BlockNumber, MaxReason: Get<u32>> {
	pub revoked_at: Moment,
	pub block: BlockNumber,
	pub reason: BoundedVec<u8, MaxReason>,
}

/// A signer's attestation of a document.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxReason))]
pub struct AttestationRecord<BlockNumber, Balance, MaxReason: Get<u32>> {
	pub signature: SignatureRecord<BlockNumber>,
	pub revocation: Option<Revocation<BlockNumber, MaxReason>>,
	pub deposit: Balance,
}

/// One required signer of an agreement, and its signature once given.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AgreementSigner<AccountId, BlockNumber> {
	pub account: AccountId,
	pub signature: Option<SignatureRecord<BlockNumber>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum AgreementStatus<BlockNumber> {
	Pending,
	Completed { at: Moment, block: BlockNumber },
	Expired { block: BlockNumber },
}

/// A multi-party agreement over a document.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxSigners))]
pub struct AgreementRecord<AccountId, BlockNumber, Balance, MaxSigners: Get<u32>> {
	pub creator: AccountId,
	pub document_hash: sp_core::H256,
	pub signers: BoundedVec<AgreementSigner<AccountId, BlockNumber>, MaxSigners>,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	pub created_at: Moment,
	pub status: AgreementStatus<BlockNumber>,
	pub deposit: Balance,
}
