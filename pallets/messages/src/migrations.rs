//! Storage migrations of the messages pallet.

/// Version 1 to 2: a message is named by (sender, counter) and stored in `Outbox` under those keys, the inbox
/// points at (sender, counter), the chain-wide id counter goes, and each sender's deposits are tracked in
/// `Senders` (what its messages owe, no advance) in place of its bare message counter.
pub mod v2 {
	use crate::{BalanceOf, Config, Inbox, MessageRecord, Outbox, Pallet, SenderAccount, Senders};
	use alloc::collections::BTreeMap;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, storage_alias, traits::UncheckedOnRuntimeUpgrade,
	};
	use sigil_primitives::{KeyId, KeySignature, Moment};
	use sp_core::H256;
	use sp_runtime::Saturating;

	/// The version 1 layout, read only to move it.
	// `storage_alias` also declares an undocumented public struct per alias (its storage prefix).
	#[allow(missing_docs)]
	pub mod v1 {
		use super::*;

		/// A message as version 1 stored it, under a chain-wide id.
		#[derive(Encode, Decode)]
		pub struct MessageRecord<AccountId, Balance, MaxBody: Get<u32>> {
			/// The sender.
			pub from: AccountId,
			/// The recipient.
			pub to: AccountId,
			/// The body as the sender submitted it.
			pub body: BoundedVec<u8, MaxBody>,
			/// The blake2-256 hash of `body`.
			pub body_hash: H256,
			/// The sender's ring key that signed the message.
			pub key_id: KeyId,
			/// The key's signature over the message's payload.
			pub signature: KeySignature,
			/// The sender's message counter the signature covers (its outbox index).
			pub counter: u64,
			/// When the message was stored: milliseconds since the Unix epoch, from the chain's timestamp.
			pub sent_at: Moment,
			/// The message's index in the recipient's inbox.
			pub inbox_index: u64,
			/// Owed by the sender until the recipient clears the message.
			pub deposit: Balance,
		}

		/// A version 1 message as the runtime stored it.
		pub type MessageRecordOf<T> =
			MessageRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxBodyLength>;

		/// The id the next message would have got.
		#[storage_alias]
		pub type NextMessageId<T: Config> = StorageValue<Pallet<T>, u64, ValueQuery>;

		/// Key: message id. Value: the message.
		#[storage_alias]
		pub type Messages<T: Config> = StorageMap<Pallet<T>, Twox64Concat, u64, MessageRecordOf<T>>;

		/// Key: account. Value: how many messages it ever sent: its message counter.
		#[storage_alias]
		pub type SentCount<T: Config> =
			StorageMap<Pallet<T>, Blake2_128Concat, <T as frame_system::Config>::AccountId, u64, ValueQuery>;

		/// Keys: recipient, inbox index. Value: the message id.
		#[storage_alias]
		pub type Inbox<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Twox64Concat,
			u64,
			u64,
		>;

		/// Keys: sender, counter. Value: the message id. Version 2 stores the message itself under these keys.
		#[storage_alias]
		pub type Outbox<T: Config> = StorageDoubleMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			Twox64Concat,
			u64,
			u64,
		>;
	}

	/// Moves every message under its (sender, counter), rewrites the inbox entries to point there, and gives
	/// each sender a `Senders` record with its counter and what its messages owe (which is what version 1 held
	/// from it, so no funds move). One block: the work grows with the messages stored.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads: u64 = 1;
			let mut writes: u64 = 1;
			v1::NextMessageId::<T>::kill();
			// The version 1 outbox holds ids under the keys version 2 stores messages under: clear it first so that
			// no entry is left that decodes as neither.
			let cleared = v1::Outbox::<T>::clear(u32::MAX, None);
			writes = writes.saturating_add(u64::from(cleared.unique));
			let cleared = v1::Inbox::<T>::clear(u32::MAX, None);
			writes = writes.saturating_add(u64::from(cleared.unique));

			let mut owed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
			for (_, message) in v1::Messages::<T>::drain() {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(3);
				Inbox::<T>::insert(&message.to, message.inbox_index, (message.from.clone(), message.counter));
				let sum = owed.entry(message.from.clone()).or_default();
				*sum = sum.saturating_add(message.deposit);
				Outbox::<T>::insert(
					&message.from,
					message.counter,
					MessageRecord {
						to: message.to,
						body: message.body,
						body_hash: message.body_hash,
						key_id: message.key_id,
						signature: message.signature,
						sent_at: message.sent_at,
						inbox_index: message.inbox_index,
						deposit: message.deposit,
					},
				);
			}
			for (who, sent) in v1::SentCount::<T>::drain() {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(2);
				let owed = owed.get(&who).copied().unwrap_or_default();
				Senders::<T>::insert(&who, SenderAccount { sent, advance: Default::default(), owed });
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((v1::Messages::<T>::iter_keys().count() as u64, v1::SentCount::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (messages, senders) = <(u64, u64)>::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(Outbox::<T>::iter_keys().count() as u64 == messages, "every message moved to the outbox");
			ensure!(Senders::<T>::iter_keys().count() as u64 == senders, "every sender has a record");
			ensure!(!v1::NextMessageId::<T>::exists(), "the id counter is gone");
			ensure!(v1::Messages::<T>::iter_keys().next().is_none(), "the version 1 messages are gone");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateV1ToV2`], run only when the pallet's storage version is 1, which it then sets to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, InnerMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
