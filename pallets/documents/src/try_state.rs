//! The pallet's invariants, checked by `try_state` under try-runtime and after every unit test.

use crate::{AgreementStatus, Agreements, Config, DocumentAgreements, ExpiryQueue, NextAgreementId, Pallet};
use alloc::vec::Vec;
use frame_support::ensure;
use sp_runtime::{
	traits::{One, Saturating},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Invariants: every pending or completed agreement is listed once under its (document, creator) and no
	/// expired one is; every listed id is such an agreement; the signers are distinct; an agreement is completed
	/// exactly when everyone signed; a pending one is queued for expiry at its deadline + 1 (or that block has
	/// passed); ids are below the next id.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextAgreementId::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		for (id, agreement) in Agreements::<T>::iter() {
			ensure!(id < next_id, TryRuntimeError::Other("agreement id at or above NextAgreementId"));
			let listed = DocumentAgreements::<T>::get(agreement.document_hash, &agreement.creator)
				.iter()
				.filter(|listed| **listed == id)
				.count();
			let expired = matches!(agreement.status, AgreementStatus::Expired { .. });
			ensure!(
				listed == if expired { 0 } else { 1 },
				TryRuntimeError::Other("agreement listed under its document and creator unless expired, once")
			);
			let accounts: Vec<_> = agreement.signers.iter().map(|s| &s.account).collect();
			ensure!(
				accounts.iter().enumerate().all(|(i, a)| !accounts.iter().skip(i.saturating_add(1)).any(|b| b == a)),
				TryRuntimeError::Other("duplicate signer")
			);
			let all_signed = agreement.signers.iter().all(|s| s.signature.is_some());
			let completed = matches!(agreement.status, AgreementStatus::Completed { .. });
			ensure!(all_signed == completed, TryRuntimeError::Other("completion differs from the signatures"));
			if agreement.status == AgreementStatus::Pending {
				let expires_in = agreement.deadline.saturating_add(One::one());
				ensure!(
					expires_in <= now || ExpiryQueue::<T>::get(expires_in).contains(&id),
					TryRuntimeError::Other("pending agreement not queued for expiry")
				);
			}
		}
		for (document_hash, creator, ids) in DocumentAgreements::<T>::iter() {
			ensure!(!ids.is_empty(), TryRuntimeError::Other("empty agreement list stored"));
			for id in ids {
				ensure!(
					Agreements::<T>::get(id).is_some_and(|a| a.document_hash == document_hash && a.creator == creator),
					TryRuntimeError::Other("listed agreement missing or over another document or creator")
				);
			}
		}
		Ok(())
	}
}
