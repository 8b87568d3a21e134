//! Answers for the runtime API (see `pallet-documents-runtime-api`).

use crate::{
	AgreementId, AgreementOf, AgreementStatus, Agreements, Attestations, Config, DocumentAgreements, Pallet,
	SignatureRecord,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::Time;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_documents_runtime_api::{
	AgreementInfo, AgreementState, AttestationInfo, DocumentReport, RevocationInfo, SignatureInfo, SignatureStatus,
	SignerInfo,
};
use sigil_primitives::{DocumentPayload, KeyRing, Moment, SigningContext};
use sp_core::H256;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	fn signature_info(
		signer: &T::AccountId,
		document_hash: H256,
		context: SigningContext,
		record: &SignatureRecord<BlockNumberFor<T>>,
		now: Moment,
	) -> SignatureInfo {
		let payload = DocumentPayload::new(Self::genesis_hash(), document_hash, signer.clone(), context);
		let recheck = T::KeyRing::recheck_signature(
			signer,
			&record.key_id,
			&payload.encode(),
			&record.signature,
			record.signed_at,
			now,
		);
		SignatureInfo {
			key_id: record.key_id,
			signed_at: record.signed_at,
			block: record.block.saturated_into(),
			signature_valid: recheck.signature_valid,
			key_status_at_signing: recheck.status_when_signed,
			key_status_now: recheck.status_now,
			status: SignatureStatus::of(recheck.signature_valid, recheck.status_when_signed, recheck.status_now),
		}
	}

	fn agreement_info(id: AgreementId, agreement: AgreementOf<T>, now: Moment) -> AgreementInfo<T::AccountId> {
		let signers: Vec<_> = agreement
			.signers
			.iter()
			.map(|entry| SignerInfo {
				account: entry.account.clone(),
				signature: entry.signature.as_ref().map(|record| {
					Self::signature_info(
						&entry.account,
						agreement.document_hash,
						SigningContext::Agreement(id),
						record,
						now,
					)
				}),
			})
			.collect();
		let state = match agreement.status {
			AgreementStatus::Pending => AgreementState::Pending,
			AgreementStatus::Completed { at, block } => AgreementState::Completed { at, block: block.saturated_into() },
			AgreementStatus::Expired { block } => AgreementState::Expired { block: block.saturated_into() },
		};
		let valid = matches!(state, AgreementState::Completed { .. })
			&& signers.iter().all(|s| s.signature.as_ref().is_some_and(SignatureInfo::is_valid));
		AgreementInfo {
			id,
			creator: agreement.creator,
			document_hash: agreement.document_hash,
			deadline: agreement.deadline.saturated_into(),
			created_at: agreement.created_at,
			state,
			signers,
			valid,
		}
	}

	/// The runtime API's `agreement`: agreement `id` (expired ones too) with its signatures re-checked now, or
	/// `None` if no agreement has this id.
	pub fn api_agreement(id: AgreementId) -> Option<AgreementInfo<T::AccountId>> {
		Agreements::<T>::get(id).map(|agreement| Self::agreement_info(id, agreement, T::Time::now()))
	}

	/// The runtime API's `verify`: every attestation of `document_hash` and every pending or completed agreement
	/// over it (oldest first), with their signatures re-checked now, and who validly signed it.
	pub fn api_verify(document_hash: H256) -> DocumentReport<T::AccountId> {
		let now = T::Time::now();
		let attestations: Vec<_> = Attestations::<T>::iter_prefix(document_hash)
			.map(|(signer, attestation)| {
				let signature = Self::signature_info(
					&signer,
					document_hash,
					SigningContext::Attestation,
					&attestation.signature,
					now,
				);
				let revocation = attestation.revocation.map(|revocation| RevocationInfo {
					revoked_at: revocation.revoked_at,
					block: revocation.block.saturated_into(),
					reason: revocation.reason.into_inner(),
				});
				let valid = signature.is_valid() && revocation.is_none();
				AttestationInfo { signer, signature, revocation, valid }
			})
			.collect();
		let mut ids: Vec<AgreementId> =
			DocumentAgreements::<T>::iter_prefix_values(document_hash).flat_map(|ids| ids.into_inner()).collect();
		ids.sort_unstable();
		let agreements: Vec<_> = ids
			.into_iter()
			.filter_map(|id| Agreements::<T>::get(id).map(|agreement| Self::agreement_info(id, agreement, now)))
			.collect();
		let mut signed_by: Vec<T::AccountId> = Vec::new();
		let valid_signers = attestations
			.iter()
			.filter(|a| a.valid)
			.map(|a| &a.signer)
			.chain(agreements.iter().filter(|a| a.valid).flat_map(|a| a.signers.iter().map(|s| &s.account)));
		for signer in valid_signers {
			if !signed_by.contains(signer) {
				signed_by.push(signer.clone());
			}
		}
		DocumentReport { document_hash, attestations, agreements, signed_by }
	}
}
