//! The documents runtime API: everything that covers a document hash (attestations and agreements, with key
//! status at signing time and revocations), and one agreement by id.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{BlockNumber, KeyId, KeyStatus, Moment, RevocationReason};
use sp_core::H256;

/// What a recorded signature is worth now, the first reason it fails if it does.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "status", rename_all_fields = "camelCase"))]
pub enum SignatureStatus {
	/// Verifies under the signer's key, which was active when it signed and has not been revoked as compromised
	/// since (a key expired, superseded or retired later leaves it valid).
	Valid,
	/// Does not verify under the signer's signing key (or the key is gone).
	BadSignature,
	/// The key was not active when it signed.
	KeyNotActiveWhenSigned,
	/// The key was revoked as `Compromised` at `revoked_at`: whoever took it could have made this signature before
	/// the revocation, so it no longer vouches for the signer.
	KeyCompromised { revoked_at: Moment },
}

impl SignatureStatus {
	/// The status of a signature from its re-check: whether it verifies, and the key's status then and now.
	pub fn of(signature_valid: bool, at_signing: Option<KeyStatus>, now: Option<KeyStatus>) -> Self {
		if !signature_valid {
			Self::BadSignature
		} else if !at_signing.is_some_and(|status| status.is_active()) {
			Self::KeyNotActiveWhenSigned
		} else if let Some(KeyStatus::Revoked { revoked_at, reason: RevocationReason::Compromised }) = now {
			Self::KeyCompromised { revoked_at }
		} else {
			Self::Valid
		}
	}
}

/// A signature as the chain recorded it, re-checked now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct SignatureInfo {
	pub key_id: KeyId,
	pub signed_at: Moment,
	pub block: BlockNumber,
	/// Whether the signature verifies under the signer's key (re-checked at query time).
	pub signature_valid: bool,
	/// The key's status when it signed (`None`: the key is unknown).
	pub key_status_at_signing: Option<KeyStatus>,
	/// The key's status now.
	pub key_status_now: Option<KeyStatus>,
	/// What the three above make of the signature.
	pub status: SignatureStatus,
}

impl SignatureInfo {
	/// A valid signature by a key that was active when it signed and not revoked as compromised since.
	pub fn is_valid(&self) -> bool {
		self.status == SignatureStatus::Valid
	}
}

/// An attestation's revocation by its signer.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct RevocationInfo {
	pub revoked_at: Moment,
	pub block: BlockNumber,
	pub reason: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AttestationInfo<AccountId> {
	pub signer: AccountId,
	pub signature: SignatureInfo,
	pub revocation: Option<RevocationInfo>,
	/// A valid signature (see [`SignatureStatus::Valid`]), and the attestation not revoked.
	pub valid: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "state", rename_all_fields = "camelCase"))]
pub enum AgreementState {
	/// Waiting for signatures until the deadline block (inclusive).
	Pending,
	/// Every required signer signed.
	Completed { at: Moment, block: BlockNumber },
	/// The deadline passed before every signer signed.
	Expired { block: BlockNumber },
}

#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct SignerInfo<AccountId> {
	pub account: AccountId,
	pub signature: Option<SignatureInfo>,
}

#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AgreementInfo<AccountId> {
	pub id: u64,
	pub creator: AccountId,
	pub document_hash: H256,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	pub created_at: Moment,
	pub state: AgreementState,
	/// In the order the creator listed them.
	pub signers: Vec<SignerInfo<AccountId>>,
	/// Completed, and every signature valid (see [`SignatureStatus::Valid`]).
	pub valid: bool,
}

/// Everything that covers one document hash.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DocumentReport<AccountId> {
	pub document_hash: H256,
	pub attestations: Vec<AttestationInfo<AccountId>>,
	/// The pending and completed agreements over the document, oldest first (an expired agreement leaves the
	/// document's list; `agreement` still answers for it).
	pub agreements: Vec<AgreementInfo<AccountId>>,
	/// Who validly signed the document: valid attestations' signers and valid completed agreements' signers,
	/// each once.
	pub signed_by: Vec<AccountId>,
}

sp_api::decl_runtime_apis! {
	/// Queries of the documents pallet.
	///
	/// Version 2: `SignatureInfo::status` (with `KeyCompromised`); reports list no expired agreements.
	#[api_version(2)]
	pub trait DocumentsApi<AccountId> where AccountId: Codec {
		/// Every attestation and agreement over `document_hash`, and who validly signed it.
		fn verify(document_hash: H256) -> DocumentReport<AccountId>;
		/// One agreement.
		fn agreement(id: u64) -> Option<AgreementInfo<AccountId>>;
	}
}
