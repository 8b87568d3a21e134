//! Storage migrations of the documents pallet.

/// Version 1 to 2: agreements are listed per (document, creator) rather than per document, expired agreements
/// leave the list, and the per-document attestation count goes (no bound shared by strangers remains).
pub mod v2 {
	use crate::{AgreementId, AgreementStatus, Agreements, Config, DocumentAgreements, Pallet};
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias, traits::UncheckedOnRuntimeUpgrade,
	};
	use sp_core::H256;

	/// The version 1 layout, read only to move it.
	// `storage_alias` also declares an undocumented public struct per alias (its storage prefix).
	#[allow(missing_docs)]
	pub mod v1 {
		use super::*;

		/// Key: document hash. Value: the ids of every agreement over it. Read as a plain `Vec` so that no list
		/// fails to decode whatever the bound was.
		#[storage_alias]
		pub type AgreementsOf<T: Config> = StorageMap<Pallet<T>, Blake2_128Concat, H256, Vec<AgreementId>, ValueQuery>;

		/// Key: document hash. Value: how many attestations it carried.
		#[storage_alias]
		pub type AttestationCount<T: Config> = StorageMap<Pallet<T>, Blake2_128Concat, H256, u32, ValueQuery>;
	}

	/// Moves each pending or completed agreement from its document's list to its (document, creator) list, drops
	/// the expired ones from the lists (their records stay), and removes the attestation counts. One block: the
	/// work grows with the agreements listed under version 1, each document's list holding at most 16.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads: u64 = 0;
			let mut writes: u64 = 0;
			for (document_hash, ids) in v1::AgreementsOf::<T>::drain() {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				for id in ids {
					reads = reads.saturating_add(1);
					let Some(agreement) = Agreements::<T>::get(id) else { continue };
					if matches!(agreement.status, AgreementStatus::Expired { .. }) {
						continue;
					}
					reads = reads.saturating_add(1);
					writes = writes.saturating_add(1);
					DocumentAgreements::<T>::mutate(document_hash, &agreement.creator, |list| {
						// A creator's list holds at most what its document's list held; should the bound have
						// shrunk below that, the agreement stays in `Agreements` and `agreement` still answers.
						if list.try_push(id).is_err() {
							log::warn!(target: "runtime::documents", "agreement {id} not listed: creator's list full");
						}
					});
				}
			}
			let cleared = v1::AttestationCount::<T>::clear(u32::MAX, None);
			writes = writes.saturating_add(u64::from(cleared.unique));
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let live = v1::AgreementsOf::<T>::iter_values()
				.flatten()
				.filter(|id| {
					Agreements::<T>::get(id).is_some_and(|a| !matches!(a.status, AgreementStatus::Expired { .. }))
				})
				.count() as u64;
			Ok(live.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let live = u64::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			let listed = DocumentAgreements::<T>::iter_values().map(|ids| ids.len() as u64).sum::<u64>();
			ensure!(live == listed, "every pending or completed agreement is listed under its creator");
			ensure!(v1::AgreementsOf::<T>::iter_keys().next().is_none(), "the version 1 lists are gone");
			ensure!(v1::AttestationCount::<T>::iter_keys().next().is_none(), "the attestation counts are gone");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateV1ToV2`], run only when the pallet's storage version is 1, which it then sets to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, InnerMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
