#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		Time,
	},
};
use frame_system::pallet_prelude::*;
use sigil_primitives::{KeyId, KeyRing, KeySignature, MessagePayload, Moment, TrustOracle};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError,
};

/// An amount of [`Config::Currency`], which holds the deposits, in its smallest unit.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A message as the runtime stores it in [`Outbox`].
pub type MessageRecordOf<T> =
	MessageRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxBodyLength>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// Holds the message deposits.
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Identities and the keys messages are signed with.
		type KeyRing: KeyRing<Self::AccountId>;

		/// How a reader sees a sender, for the verdict (`()` when the runtime has no owner trust).
		type Trust: TrustOracle<Self::AccountId>;

		/// The chain's clock, in milliseconds, to which key lifetimes are compared.
		type Time: Time<Moment = Moment>;

		/// The longest body, in bytes.
		#[pallet::constant]
		type MaxBodyLength: Get<u32>;

		/// Owed by the sender per stored message, besides the per-byte part.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Owed by the sender per byte of body.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// The weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Version 2: messages keyed by (sender, counter) in `Outbox`, deposits held per sender (`Senders`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposits of a sender's stored messages, and the advance it chose to keep held for more.
		MessageDeposit,
	}

	/// Keys: sender, the sender's counter when it sent the message (its outbox index). Value: the message. A
	/// message is named by these two keys: no chain-wide counter is written by every send.
	#[pallet::storage]
	pub type Outbox<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, MessageRecordOf<T>>;

	/// Keys: recipient, inbox index. Value: the message's sender and counter. Cleared messages leave their index
	/// empty.
	#[pallet::storage]
	pub type Inbox<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, (T::AccountId, u64)>;

	/// Key: account. Value: its message counter and deposits. Kept after its messages are cleared: the counter
	/// never goes back, so that no signature over an old counter can be replayed.
	#[pallet::storage]
	pub type Senders<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SenderAccount<BalanceOf<T>>, ValueQuery>;

	/// Key: account. Value: how many messages it ever received: its next inbox index.
	#[pallet::storage]
	pub type ReceivedCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A signed message was stored, named by its sender and `counter` (also its outbox index). The body is in
		/// the `send` extrinsic of the same block.
		MessageSent {
			/// The sender.
			from: T::AccountId,
			/// The sender's message counter the signature covers: how many messages it had sent before this one.
			counter: u64,
			/// The recipient.
			to: T::AccountId,
			/// The blake2-256 hash of the body as submitted (encrypted or not).
			body_hash: H256,
			/// The sender's ring key that signed the message.
			key_id: KeyId,
			/// The message's index in the recipient's inbox.
			inbox_index: u64,
		},
		/// The recipient cleared a message from state; its deposit is no longer owed by the sender.
		MessageCleared {
			/// The sender.
			from: T::AccountId,
			/// The sender's message counter the message was sent with (its outbox index).
			counter: u64,
			/// The recipient, who cleared it.
			to: T::AccountId,
		},
		/// An account set the deposit it keeps held in advance for messages; `held` is what is held now.
		AdvanceSet {
			/// The account that set its advance.
			who: T::AccountId,
			/// The advance it set, in the currency's smallest unit.
			advance: BalanceOf<T>,
			/// What is now held from it for messages, in the currency's smallest unit: the larger of its advance and
			/// the deposits its stored messages owe.
			held: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The body is longer than `MaxBodyLength` bytes.
		BodyTooLong,
		/// The sender has no registered identity.
		NotRegistered,
		/// The recipient has no registered identity.
		RecipientNotRegistered,
		/// No ring key has this id.
		UnknownKey,
		/// The key belongs to another account.
		NotKeyOwner,
		/// The key is an encryption key.
		NotSigningKey,
		/// The signature is not the key's over the expected payload (wrong counter, recipient, body or chain).
		BadSignature,
		/// The key was revoked.
		RevokedKey,
		/// The key has expired.
		ExpiredKey,
		/// The account cannot pay the deposit (for the message, or the advance it asked for).
		InsufficientBalance,
		/// The sender sent no message with this counter (or it was cleared).
		UnknownMessage,
		/// Only the recipient may clear a message.
		NotRecipient,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sends `body` to `to`, signed with the caller's signing key `key_id`. `signature` is the key's signature
		/// over the SCALE encoding of [`MessagePayload`] (domain tag, genesis hash, caller, `to`, the body's
		/// blake2-256 hash, and the caller's message counter: the number of messages it sent before). The caller
		/// owes `DepositBase + DepositPerByte * len` until the recipient clears the message: taken from its advance
		/// (see [`Pallet::set_advance`]) if that covers it, held from its balance otherwise. The body may be
		/// ciphertext made for the recipient's encryption key; the chain does not look inside.
		///
		/// Emits [`Event::MessageSent`]. Errors: [`Error::BodyTooLong`], [`Error::NotRegistered`],
		/// [`Error::RecipientNotRegistered`], [`Error::UnknownKey`], [`Error::NotKeyOwner`], [`Error::NotSigningKey`],
		/// [`Error::BadSignature`], [`Error::RevokedKey`], [`Error::ExpiredKey`], [`Error::InsufficientBalance`].
		///
		/// Weighed for a deposit held from the balance; a send the advance covers refunds the difference.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::send(body.len() as u32))]
		pub fn send(
			origin: OriginFor<T>,
			to: T::AccountId,
			body: Vec<u8>,
			key_id: KeyId,
			// Boxed to keep `RuntimeCall` small.
			signature: Box<KeySignature>,
		) -> DispatchResultWithPostInfo {
			let from = ensure_signed(origin)?;
			let body: BoundedVec<u8, T::MaxBodyLength> = body.try_into().map_err(|_| Error::<T>::BodyTooLong)?;
			ensure!(T::KeyRing::has_identity(&from), Error::<T>::NotRegistered);
			ensure!(T::KeyRing::has_identity(&to), Error::<T>::RecipientNotRegistered);

			let mut sender = Senders::<T>::get(&from);
			let counter = sender.sent;
			let payload = MessagePayload::new(Self::genesis_hash(), from.clone(), to.clone(), &body, counter);
			let now = T::Time::now();
			T::KeyRing::verify_active_signature(&from, &key_id, &payload.encode(), &signature, now)
				.map_err(Error::<T>::from)?;

			let deposit = Self::deposit_for(body.len());
			let held_before = sender.held();
			sender.owed = sender.owed.checked_add(&deposit).ok_or(ArithmeticError::Overflow)?;
			sender.sent = counter.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let held_more = Self::hold_more(&from, held_before, sender.held())?;

			let inbox_index = ReceivedCount::<T>::get(&to);
			ReceivedCount::<T>::insert(&to, inbox_index.saturating_add(1));
			Senders::<T>::insert(&from, sender);
			Inbox::<T>::insert(&to, inbox_index, (from.clone(), counter));
			let body_hash = payload.body_hash;
			let body_len = body.len() as u32;
			Outbox::<T>::insert(
				&from,
				counter,
				MessageRecord {
					to: to.clone(),
					body,
					body_hash,
					key_id,
					signature: *signature,
					sent_at: now,
					inbox_index,
					deposit,
				},
			);
			Self::deposit_event(Event::MessageSent { from, counter, to, body_hash, key_id, inbox_index });
			Ok((!held_more).then(|| T::WeightInfo::send_within_advance(body_len)).into())
		}

		/// Removes the message `from` sent as its `counter`-th, which the caller received, from state (it stays in
		/// block history). The sender owes its deposit no more: what it held beyond its advance goes back to it.
		///
		/// Emits [`Event::MessageCleared`]. Errors: [`Error::UnknownMessage`], [`Error::NotRecipient`].
		///
		/// Weighed for a release to the sender's balance; a clear within the sender's advance refunds the
		/// difference.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::clear())]
		pub fn clear(origin: OriginFor<T>, from: T::AccountId, counter: u64) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let message = Outbox::<T>::get(&from, counter).ok_or(Error::<T>::UnknownMessage)?;
			ensure!(message.to == who, Error::<T>::NotRecipient);

			Outbox::<T>::remove(&from, counter);
			Inbox::<T>::remove(&who, message.inbox_index);
			let mut sender = Senders::<T>::get(&from);
			let held_before = sender.held();
			sender.owed = sender.owed.saturating_sub(message.deposit);
			let released = Self::release_surplus(&from, held_before, sender.held());
			Senders::<T>::insert(&from, sender);
			Self::deposit_event(Event::MessageCleared { from, counter, to: who });
			Ok((!released).then(T::WeightInfo::clear_within_advance).into())
		}

		/// Keeps at least `advance` held for the caller's messages, so that sends it covers and clears within it
		/// move no funds (and cost less). What its stored messages owe stays held whatever the advance; `0` releases
		/// everything else.
		///
		/// Emits [`Event::AdvanceSet`]. Errors: [`Error::NotRegistered`], [`Error::InsufficientBalance`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_advance())]
		pub fn set_advance(origin: OriginFor<T>, advance: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::KeyRing::has_identity(&who), Error::<T>::NotRegistered);
			let mut sender = Senders::<T>::get(&who);
			let held_before = sender.held();
			sender.advance = advance;
			let held = sender.held();
			Self::hold_more(&who, held_before, held)?;
			Self::release_surplus(&who, held_before, held);
			Senders::<T>::insert(&who, sender);
			Self::deposit_event(Event::AdvanceSet { who, advance, held });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which signatures bind to.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The deposit for a body of `len` bytes.
	pub fn deposit_for(len: usize) -> BalanceOf<T> {
		T::DepositPerByte::get().saturating_mul((len as u32).into()).saturating_add(T::DepositBase::get())
	}

	/// Holds the difference when `who`'s hold must grow from `before` to `after`; whether it did.
	fn hold_more(who: &T::AccountId, before: BalanceOf<T>, after: BalanceOf<T>) -> Result<bool, Error<T>> {
		if after <= before {
			return Ok(false);
		}
		T::Currency::hold(&HoldReason::MessageDeposit.into(), who, after.saturating_sub(before))
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Ok(true)
	}

	/// Releases the difference when `who`'s hold may shrink from `before` to `after`; whether it did.
	fn release_surplus(who: &T::AccountId, before: BalanceOf<T>, after: BalanceOf<T>) -> bool {
		if after >= before {
			return false;
		}
		let amount = before.saturating_sub(after);
		// Releasing never takes more than is held (`BestEffort`); a shortfall would mean a bug, so log it.
		if let Err(error) = T::Currency::release(&HoldReason::MessageDeposit.into(), who, amount, Precision::BestEffort)
		{
			log::error!(target: "runtime::messages", "releasing {amount:?} held from {who:?}: {error:?}");
		}
		true
	}
}

sigil_primitives::impl_from_key_check_error!(Error);
