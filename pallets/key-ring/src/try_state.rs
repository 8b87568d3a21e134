//! The pallet's invariants, checked by `try_state` under try-runtime and after every unit test.

use crate::{
	Config, EmailHashOwners, Identities, IdentityStatus, Keys, KeysOf, OpenPgpPublications, OpenPgpRevocations, Pallet,
	PublishedOpenPgpKeys, ShortKeyIds,
};
use frame_support::{ensure, pallet_prelude::Get};
use sigil_primitives::PublicKey;
use sp_runtime::{traits::Zero, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Invariants: every identity's live-key count and key history agree with the key records; every key is
	/// in its owner's history and its short id points back to it; deposits are held only for live things;
	/// every email hash entry names an active identity that claims that hash (so there is at most one entry per
	/// identity), verified by someone else if at all; every OpenPGP revocation signature is a revoked OpenPGP key's; every published key is an OpenPGP key's whose owner has
	/// an active identity, with its bookkeeping and bytes together.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (who, identity) in Identities::<T>::iter() {
			let history = KeysOf::<T>::get(&who);
			let live = history
				.iter()
				.filter(|id| Keys::<T>::get(id).is_some_and(|key| key.lifetime.revoked.is_none()))
				.count() as u32;
			ensure!(live == identity.live_keys, TryRuntimeError::Other("live_keys differs from the key records"));
			ensure!(live <= T::MaxLiveKeys::get(), TryRuntimeError::Other("more live keys than MaxLiveKeys"));
			match identity.status {
				// An active identity's hash may be held by another identity (a pending claim), or by nobody (its
				// holder left), and it may have none (dropped by a verification for another identity).
				IdentityStatus::Active => {
					ensure!(!identity.display_name.is_empty(), TryRuntimeError::Other("active identity without name"))
				}
				IdentityStatus::Forgotten { .. } => ensure!(
					identity.email_hash.is_none()
						&& identity.display_name.is_empty()
						&& identity.live_keys == 0
						&& identity.deposit.is_zero(),
					TryRuntimeError::Other("forgotten identity keeps personal fields, keys or deposit")
				),
			}
		}
		for (key_id, key) in Keys::<T>::iter() {
			ensure!(key.public.key_id() == key_id, TryRuntimeError::Other("key stored under a wrong id"));
			ensure!(
				ShortKeyIds::<T>::get(key.public.short_id()) == Some(key_id),
				TryRuntimeError::Other("short id does not point to its key")
			);
			ensure!(KeysOf::<T>::get(&key.owner).contains(&key_id), TryRuntimeError::Other("key not in history"));
			ensure!(
				key.lifetime.revoked.is_none() || key.deposit.is_zero(),
				TryRuntimeError::Other("revoked key still holds a deposit")
			);
		}
		for key_id in OpenPgpRevocations::<T>::iter_keys() {
			ensure!(
				Keys::<T>::get(key_id).is_some_and(|key| {
					matches!(key.public, PublicKey::OpenPgp(_)) && key.lifetime.revoked.is_some()
				}),
				TryRuntimeError::Other("an OpenPGP revocation signature without a revoked OpenPGP key")
			);
		}
		for (key_id, publication) in OpenPgpPublications::<T>::iter() {
			let key = Keys::<T>::get(key_id).ok_or(TryRuntimeError::Other("a published key not in the ring"))?;
			ensure!(
				matches!(key.public, PublicKey::OpenPgp(_)) && Self::active_identity(&key.owner).is_ok(),
				TryRuntimeError::Other("a published key that is not an active identity's OpenPGP key")
			);
			ensure!(
				PublishedOpenPgpKeys::<T>::decode_len(key_id) == Some(publication.length as usize),
				TryRuntimeError::Other("a publication's length differs from its bytes")
			);
		}
		ensure!(
			PublishedOpenPgpKeys::<T>::iter_keys().all(OpenPgpPublications::<T>::contains_key),
			TryRuntimeError::Other("published bytes without their bookkeeping")
		);
		for (hash, claim) in EmailHashOwners::<T>::iter() {
			let identity = Identities::<T>::get(&claim.account)
				.ok_or(TryRuntimeError::Other("email hash held by an account without identity"))?;
			ensure!(
				identity.status == IdentityStatus::Active && identity.email_hash == Some(hash),
				TryRuntimeError::Other("email hash held by an identity that does not claim it")
			);
			ensure!(
				claim.verified_by.as_ref() != Some(&claim.account),
				TryRuntimeError::Other("email hash verified by its own holder")
			);
		}
		Ok(())
	}
}
