//! Storage migrations of the key-ring pallet. The runtime lists them in its `Migrations`; each runs once, guarded
//! by the pallet's storage version.

pub mod v2 {
	//! Version 1 to 2: `EmailHashOwners` keeps only the hashes identities hold now, each with its verification.
	//!
	//! Version 1 kept a hash an identity let go of (by `update` or `forget`) reserved for it for
	//! `EmailReleaseDelay` blocks and never removed the entry, so state grew with every change of address and
	//! `forget` left the hash linked to the account. Version 2 removes those entries (`free_from` set) and marks
	//! every hash still in use unverified. The identities themselves are unchanged.
	//!
	//! One pass over `EmailHashOwners` in one block: it has at most two entries per identity ever registered
	//! (each paid for by a deposit, on a chain whose accounts the consortium admits), far below a block's weight
	//! on the networks that ran version 1.

	use crate::{Config, EmailClaim, EmailHashOwners, Pallet};
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use scale_info::TypeInfo;
	use sp_runtime::Saturating;
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// An `EmailHashOwners` value as version 1 stored it.
	#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	pub struct EmailClaimV1<AccountId, BlockNumber> {
		/// The identity that claimed the hash (and, once `free_from` is set, released it).
		pub account: AccountId,
		/// `None` while the identity used the hash; the block from which others could claim it otherwise.
		pub free_from: Option<BlockNumber>,
	}

	// `storage_alias` also declares an undocumented public struct per alias (its storage prefix).
	#[allow(missing_docs)]
	pub mod v1 {
		//! Version 1's storage, to read (and, in tests, write) it as it was.
		use super::*;
		use frame_support::{storage_alias, Blake2_128Concat};
		use sp_core::H256;

		/// Key: email hash. Value: the identity that claimed it, and from when others could claim it.
		#[storage_alias]
		pub type EmailHashOwners<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			H256,
			EmailClaimV1<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
		>;
	}

	/// The migration's body; run it through [`MigrateV1ToV2`], which checks and bumps the storage version.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries = 0u64;
			EmailHashOwners::<T>::translate::<EmailClaimV1<T::AccountId, BlockNumberFor<T>>, _>(|_, old| {
				entries.saturating_inc();
				// A released hash is no identity's any more: drop it rather than keep it reserved.
				old.free_from.is_none().then_some(EmailClaim { account: old.account, verified_by: None })
			});
			// Each entry is read, then rewritten or removed.
			T::DbWeight::get().reads_writes(entries, entries)
		}

		/// The number of hashes in use, which must survive the migration.
		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let in_use = v1::EmailHashOwners::<T>::iter_values().filter(|claim| claim.free_from.is_none()).count();
			Ok((in_use as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let in_use = u64::decode(&mut &state[..]).map_err(|_| TryRuntimeError::Other("pre_upgrade state"))?;
			let now = EmailHashOwners::<T>::iter_values().count() as u64;
			frame_support::ensure!(now == in_use, TryRuntimeError::Other("an email hash in use was lost"));
			Pallet::<T>::do_try_state()
		}
	}

	/// `EmailHashOwners` from version 1 to version 2, once.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, InnerMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
