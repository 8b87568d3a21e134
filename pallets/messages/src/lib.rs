#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod tests;
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
use pallet_messages_runtime_api::{MessageView, Page, Unverified, Verdict, MAX_PAGE, MAX_TRUST_SEARCHES};
use sigil_primitives::{
	KeyCheckError, KeyId, KeyRing, KeySignature, KeyStatus, MessagePayload, Moment, RevocationReason, SignatureRecheck,
	TrustOracle, TrustSummary,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
pub type MessageRecordOf<T> =
	MessageRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxBodyLength>;

/// A message's id: its place in the order all messages were sent in.
pub type MessageId = u64;

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

		/// Held from the sender per stored message, besides the per-byte part.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Held from the sender per byte of body.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		type WeightInfo: WeightInfo;
	}

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A stored message's deposit, held from its sender until the recipient clears it.
		MessageDeposit,
	}

	/// The id the next message gets.
	#[pallet::storage]
	pub type NextMessageId<T: Config> = StorageValue<_, MessageId, ValueQuery>;

	/// Key: message id. Value: the message. Twox64Concat: ids are assigned by the chain.
	#[pallet::storage]
	pub type Messages<T: Config> = StorageMap<_, Twox64Concat, MessageId, MessageRecordOf<T>>;

	/// Key: account. Value: how many messages it ever sent: its message counter and next outbox index.
	#[pallet::storage]
	pub type SentCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Key: account. Value: how many messages it ever received: its next inbox index.
	#[pallet::storage]
	pub type ReceivedCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Keys: recipient, inbox index. Value: the message id. Cleared messages leave their index empty.
	#[pallet::storage]
	pub type Inbox<T: Config> = StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, MessageId>;

	/// Keys: sender, outbox index (the counter its signature covers). Value: the message id.
	#[pallet::storage]
	pub type Outbox<T: Config> = StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, MessageId>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A signed message was stored. The body is in the `send` extrinsic of the same block.
		MessageSent {
			id: MessageId,
			from: T::AccountId,
			to: T::AccountId,
			body_hash: H256,
			key_id: KeyId,
			inbox_index: u64,
			outbox_index: u64,
		},
		/// The recipient cleared a message from state; the deposit went back to the sender.
		MessageCleared { id: MessageId, from: T::AccountId, to: T::AccountId },
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
		KeyRevoked,
		/// The key has expired.
		KeyExpired,
		/// The sender cannot pay the message deposit.
		InsufficientBalance,
		/// No message has this id (or it was cleared).
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
		/// blake2-256 hash, and the caller's message counter: the number of messages it sent before). Holds
		/// `DepositBase + DepositPerByte * len` until the recipient clears the message. The body may be
		/// ciphertext made for the recipient's encryption key; the chain does not look inside.
		///
		/// Emits `MessageSent`. Errors: `BodyTooLong`, `NotRegistered`, `RecipientNotRegistered`, `UnknownKey`,
		/// `NotKeyOwner`, `NotSigningKey`, `BadSignature`, `KeyRevoked`, `KeyExpired`, `InsufficientBalance`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::send(body.len() as u32))]
		pub fn send(
			origin: OriginFor<T>,
			to: T::AccountId,
			body: Vec<u8>,
			key_id: KeyId,
			// Boxed to keep `RuntimeCall` small.
			signature: Box<KeySignature>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let body: BoundedVec<u8, T::MaxBodyLength> = body.try_into().map_err(|_| Error::<T>::BodyTooLong)?;
			ensure!(T::KeyRing::has_identity(&from), Error::<T>::NotRegistered);
			ensure!(T::KeyRing::has_identity(&to), Error::<T>::RecipientNotRegistered);

			let counter = SentCount::<T>::get(&from);
			let payload = MessagePayload::new(Self::genesis_hash(), from.clone(), to.clone(), &body, counter);
			let now = T::Time::now();
			T::KeyRing::verify_active_signature(&from, &key_id, &payload.encode(), &signature, now)
				.map_err(Error::<T>::from)?;

			let deposit = Self::deposit_for(body.len());
			T::Currency::hold(&HoldReason::MessageDeposit.into(), &from, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;

			let id = NextMessageId::<T>::get();
			NextMessageId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let inbox_index = ReceivedCount::<T>::get(&to);
			ReceivedCount::<T>::insert(&to, inbox_index.saturating_add(1));
			SentCount::<T>::insert(&from, counter.saturating_add(1));
			Inbox::<T>::insert(&to, inbox_index, id);
			Outbox::<T>::insert(&from, counter, id);
			let body_hash = payload.body_hash;
			Messages::<T>::insert(
				id,
				MessageRecord {
					from: from.clone(),
					to: to.clone(),
					body,
					body_hash,
					key_id,
					signature: *signature,
					counter,
					sent_at: now,
					inbox_index,
					deposit,
				},
			);
			Self::deposit_event(Event::MessageSent {
				id,
				from,
				to,
				body_hash,
				key_id,
				inbox_index,
				outbox_index: counter,
			});
			Ok(())
		}

		/// Removes a message the caller received from state (it stays in block history) and returns the deposit
		/// to its sender.
		///
		/// Emits `MessageCleared`. Errors: `UnknownMessage`, `NotRecipient`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::clear())]
		pub fn clear(origin: OriginFor<T>, id: MessageId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let message = Messages::<T>::get(id).ok_or(Error::<T>::UnknownMessage)?;
			ensure!(message.to == who, Error::<T>::NotRecipient);

			Messages::<T>::remove(id);
			Inbox::<T>::remove(&message.to, message.inbox_index);
			Outbox::<T>::remove(&message.from, message.counter);
			Self::release_deposit(&message.from, message.deposit);
			Self::deposit_event(Event::MessageCleared { id, from: message.from, to: message.to });
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

	fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) {
		// Releasing never takes more than is held (`BestEffort`); a shortfall would mean a bug, so log it.
		if let Err(error) = T::Currency::release(&HoldReason::MessageDeposit.into(), who, amount, Precision::BestEffort)
		{
			log::error!(target: "runtime::messages", "releasing {amount:?} held from {who:?}: {error:?}");
		}
	}

	/// Invariants: every stored message is indexed in its recipient's inbox and its sender's outbox under its
	/// own indices, below the boxes' counts and below the next id, and the indices hold nothing else; each
	/// sender's held deposits equal its stored messages' deposits.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sigil_primitives::body_hash;
		use sp_runtime::TryRuntimeError;
		let next_id = NextMessageId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut count = 0usize;
		for (id, message) in Messages::<T>::iter() {
			ensure!(id < next_id, TryRuntimeError::Other("message id at or above NextMessageId"));
			ensure!(
				Inbox::<T>::get(&message.to, message.inbox_index) == Some(id)
					&& Outbox::<T>::get(&message.from, message.counter) == Some(id),
				TryRuntimeError::Other("message not indexed in its boxes")
			);
			ensure!(
				message.inbox_index < ReceivedCount::<T>::get(&message.to)
					&& message.counter < SentCount::<T>::get(&message.from),
				TryRuntimeError::Other("box index at or above the box's count")
			);
			ensure!(message.body_hash == body_hash(&message.body), TryRuntimeError::Other("body hash differs"));
			let held = deposits.entry(message.from.clone()).or_insert_with(Zero::zero);
			*held = held.saturating_add(message.deposit);
			count = count.saturating_add(1);
		}
		ensure!(
			Inbox::<T>::iter().count() == count && Outbox::<T>::iter().count() == count,
			TryRuntimeError::Other("box entries without a message")
		);
		for (sender, _) in SentCount::<T>::iter() {
			let expected = deposits.get(&sender).copied().unwrap_or_else(Zero::zero);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::MessageDeposit.into(), &sender) == expected,
				TryRuntimeError::Other("held deposit differs from the sender's stored messages")
			);
		}
		Ok(())
	}
}

impl<T> From<KeyCheckError> for Error<T> {
	fn from(error: KeyCheckError) -> Self {
		match error {
			KeyCheckError::UnknownKey => Self::UnknownKey,
			KeyCheckError::NotOwner => Self::NotKeyOwner,
			KeyCheckError::NotSigningKey => Self::NotSigningKey,
			KeyCheckError::BadSignature => Self::BadSignature,
			KeyCheckError::Revoked => Self::KeyRevoked,
			KeyCheckError::Expired => Self::KeyExpired,
		}
	}
}

/// Answers for the runtime API (see `pallet-messages-runtime-api`).
impl<T: Config> Pallet<T> {
	/// How `reader` sees a stored message.
	pub fn verdict(message: &MessageRecordOf<T>, reader: &T::AccountId, now: Moment) -> Verdict {
		Self::verdict_with_trust(message, T::Trust::trust(reader, &message.from), now)
	}

	/// The verdict on a stored message, given how its reader sees the sender (one trust search, which a page
	/// shares among the messages of one sender).
	fn verdict_with_trust(message: &MessageRecordOf<T>, sender_trust: Option<TrustSummary>, now: Moment) -> Verdict {
		let payload = MessagePayload::new(
			Self::genesis_hash(),
			message.from.clone(),
			message.to.clone(),
			&message.body,
			message.counter,
		);
		let SignatureRecheck { signature_valid, status_when_signed: key_status_at_sending, status_now: key_status_now } =
			T::KeyRing::recheck_signature(
				&message.from,
				&message.key_id,
				&payload.encode(),
				&message.signature,
				message.sent_at,
				now,
			);
		let sender_registered = T::KeyRing::has_identity(&message.from);

		let mut reasons = Vec::new();
		if !signature_valid {
			reasons.push(Unverified::BadSignature);
		}
		if !key_status_at_sending.is_some_and(|status| status.is_active()) {
			reasons.push(Unverified::KeyNotActiveWhenSent);
		}
		// A compromised key's signatures are suspect whenever they were made: the thief may have signed before the
		// owner noticed. Superseded and retired keys vouch for what they signed while active.
		if matches!(key_status_now, Some(KeyStatus::Revoked { reason: RevocationReason::Compromised, .. })) {
			reasons.push(Unverified::KeyCompromised);
		}
		if !sender_registered {
			reasons.push(Unverified::SenderNotRegistered);
		}
		match &sender_trust {
			None => reasons.push(Unverified::TrustUnknown),
			Some(trust) if !trust.validity.is_trusted() => reasons.push(Unverified::SenderNotTrusted),
			Some(_) => {}
		}
		Verdict {
			signature_valid,
			key_status_at_sending,
			key_status_now,
			sender_registered,
			sender_trust,
			verified: reasons.is_empty(),
			reasons,
		}
	}

	/// A stored message with its verdict.
	fn view(id: MessageId, message: MessageRecordOf<T>, verdict: Verdict) -> MessageView<T::AccountId> {
		MessageView {
			id,
			from: message.from,
			to: message.to,
			body: message.body.into_inner(),
			body_hash: message.body_hash,
			key_id: message.key_id,
			signature: message.signature,
			counter: message.counter,
			sent_at: message.sent_at,
			inbox_index: message.inbox_index,
			outbox_index: message.counter,
			verdict,
		}
	}

	pub fn api_message(id: MessageId, reader: Option<&T::AccountId>) -> Option<MessageView<T::AccountId>> {
		Messages::<T>::get(id).map(|message| {
			let verdict = Self::verdict(&message, reader.unwrap_or(&message.to), T::Time::now());
			Self::view(id, message, verdict)
		})
	}

	pub fn api_inbox(
		who: &T::AccountId,
		reader: Option<&T::AccountId>,
		before: Option<u64>,
		limit: u32,
	) -> Page<T::AccountId> {
		Self::page(ReceivedCount::<T>::get(who), before, limit, |index| Inbox::<T>::get(who, index), reader)
	}

	pub fn api_outbox(
		who: &T::AccountId,
		reader: Option<&T::AccountId>,
		before: Option<u64>,
		limit: u32,
	) -> Page<T::AccountId> {
		Self::page(SentCount::<T>::get(who), before, limit, |index| Outbox::<T>::get(who, index), reader)
	}

	/// Scans at most `limit` (and [`MAX_PAGE`]) index slots below `before`, newest first, with verdicts for
	/// `reader` (each message's recipient if `None`).
	///
	/// A caller chooses the reader, and each trust search is a graph search of up to `MaxVisited` edge lists, so
	/// the page runs at most one search per distinct (reader, sender) pair and at most [`MAX_TRUST_SEARCHES`] in
	/// all: it ends before the first message that would need one more, and `next_before` resumes there.
	fn page(
		total: u64,
		before: Option<u64>,
		limit: u32,
		slot: impl Fn(u64) -> Option<MessageId>,
		reader: Option<&T::AccountId>,
	) -> Page<T::AccountId> {
		let end = before.unwrap_or(total).min(total);
		let start = end.saturating_sub(u64::from(limit.min(MAX_PAGE)));
		let now = T::Time::now();
		let mut searched: Vec<(T::AccountId, T::AccountId, Option<TrustSummary>)> = Vec::new();
		let mut messages = Vec::new();
		let mut next_before = (start > 0).then_some(start);
		for index in (start..end).rev() {
			let Some((id, message)) = slot(index).and_then(|id| Messages::<T>::get(id).map(|message| (id, message)))
			else {
				continue;
			};
			let reader = reader.unwrap_or(&message.to);
			let known = searched
				.iter()
				.find(|(searched_reader, sender, _)| searched_reader == reader && *sender == message.from)
				.map(|(_, _, trust)| *trust);
			let sender_trust = match known {
				Some(trust) => trust,
				None if searched.len() < MAX_TRUST_SEARCHES as usize => {
					let trust = T::Trust::trust(reader, &message.from);
					searched.push((reader.clone(), message.from.clone(), trust));
					trust
				}
				None => {
					next_before = Some(index.saturating_add(1));
					break;
				}
			};
			let verdict = Self::verdict_with_trust(&message, sender_trust, now);
			messages.push(Self::view(id, message, verdict));
		}
		Page { messages, total, next_before }
	}
}
