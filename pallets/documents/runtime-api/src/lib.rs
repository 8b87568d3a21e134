//! The documents runtime API: everything that covers a document hash (attestations and agreements, with key
//! status at signing time and revocations), and one agreement by id.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

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
	KeyCompromised {
		/// When the key was revoked: milliseconds since the Unix epoch, from the chain's timestamp.
		revoked_at: Moment,
	},
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
	/// The signer's ring key that made the signature.
	pub key_id: KeyId,
	/// When the chain recorded the signature: milliseconds since the Unix epoch, from the chain's timestamp.
	pub signed_at: Moment,
	/// The block the signature was recorded in.
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
	/// When the signer revoked: milliseconds since the Unix epoch, from the chain's timestamp.
	pub revoked_at: Moment,
	/// The block the revocation was recorded in.
	pub block: BlockNumber,
	/// The signer's reason, as the bytes it gave.
	pub reason: Vec<u8>,
}

/// A signer's attestation of a document, its signature re-checked now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AttestationInfo<AccountId> {
	/// The account that attested.
	pub signer: AccountId,
	/// The signer's signature of the document.
	pub signature: SignatureInfo,
	/// The signer's revocation; `None` while the attestation stands.
	pub revocation: Option<RevocationInfo>,
	/// A valid signature (see [`SignatureStatus::Valid`]), and the attestation not revoked.
	pub valid: bool,
}

/// Where an agreement stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase", tag = "state", rename_all_fields = "camelCase"))]
pub enum AgreementState {
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

/// One required signer of an agreement, with its signature once given.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct SignerInfo<AccountId> {
	/// The signer's account.
	pub account: AccountId,
	/// Its signature over the agreement, re-checked now; `None` until it signs.
	pub signature: Option<SignatureInfo>,
}

/// An agreement over a document, its signatures re-checked now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AgreementInfo<AccountId> {
	/// The agreement's id: its place in the order agreements were created in.
	pub id: u64,
	/// The account that created the agreement.
	pub creator: AccountId,
	/// The hash of the document the agreement is over.
	pub document_hash: H256,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	/// When the agreement was created: milliseconds since the Unix epoch, from the chain's timestamp.
	pub created_at: Moment,
	/// Pending, completed or expired.
	pub state: AgreementState,
	/// In the order the creator listed them.
	pub signers: Vec<SignerInfo<AccountId>>,
	/// Completed, and every signature valid (see [`SignatureStatus::Valid`]).
	pub valid: bool,
}

/// Everything that covers one document hash.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct DocumentReport<AccountId> {
	/// The document hash asked about.
	pub document_hash: H256,
	/// Every attestation of the document, revoked ones included, in storage order (not the order they were made
	/// in).
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
