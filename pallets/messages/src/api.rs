//! Answers for the runtime API (see `pallet-messages-runtime-api`).

use crate::{Config, Inbox, MessageRecordOf, Outbox, Pallet, ReceivedCount, Senders};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::Time;
use pallet_messages_runtime_api::{MessageView, Page, Unverified, Verdict, MAX_PAGE, MAX_TRUST_SEARCHES};
use sigil_primitives::{
	KeyRing, KeyStatus, MessagePayload, Moment, RevocationReason, SignatureRecheck, TrustOracle, TrustSummary,
};

impl<T: Config> Pallet<T> {
	/// How `reader` sees the message `from` sent as its `counter`-th.
	pub fn verdict(
		from: &T::AccountId,
		counter: u64,
		message: &MessageRecordOf<T>,
		reader: &T::AccountId,
		now: Moment,
	) -> Verdict {
		Self::verdict_with_trust(from, counter, message, T::Trust::trust(reader, from), now)
	}

	/// The verdict on a stored message, given how its reader sees the sender (one trust search, which a page
	/// shares among the messages of one sender).
	fn verdict_with_trust(
		from: &T::AccountId,
		counter: u64,
		message: &MessageRecordOf<T>,
		sender_trust: Option<TrustSummary>,
		now: Moment,
	) -> Verdict {
		let payload =
			MessagePayload::new(Self::genesis_hash(), from.clone(), message.to.clone(), &message.body, counter);
		let SignatureRecheck { signature_valid, status_when_signed: key_status_at_sending, status_now: key_status_now } =
			T::KeyRing::recheck_signature(
				from,
				&message.key_id,
				&payload.encode(),
				&message.signature,
				message.sent_at,
				now,
			);
		let sender_registered = T::KeyRing::has_identity(from);

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
	fn view(
		from: T::AccountId,
		counter: u64,
		message: MessageRecordOf<T>,
		verdict: Verdict,
	) -> MessageView<T::AccountId> {
		MessageView {
			from,
			to: message.to,
			body: message.body.into_inner(),
			body_hash: message.body_hash,
			key_id: message.key_id,
			signature: message.signature,
			counter,
			sent_at: message.sent_at,
			inbox_index: message.inbox_index,
			outbox_index: counter,
			verdict,
		}
	}

	/// The runtime API's `message`: the message `from` sent as its `counter`-th, with its verdict for `reader`
	/// (its recipient if `None`), or `None` if there is no such message or it was cleared.
	pub fn api_message(
		from: &T::AccountId,
		counter: u64,
		reader: Option<&T::AccountId>,
	) -> Option<MessageView<T::AccountId>> {
		Outbox::<T>::get(from, counter).map(|message| {
			let verdict = Self::verdict(from, counter, &message, reader.unwrap_or(&message.to), T::Time::now());
			Self::view(from.clone(), counter, message, verdict)
		})
	}

	/// The runtime API's `inbox`: a page of `who`'s inbox, newest first, from at most `limit` (and [`MAX_PAGE`])
	/// index slots below `before` (the newest if `None`), ending early at [`MAX_TRUST_SEARCHES`] trust searches;
	/// verdicts for `reader` (each message's recipient if `None`).
	pub fn api_inbox(
		who: &T::AccountId,
		reader: Option<&T::AccountId>,
		before: Option<u64>,
		limit: u32,
	) -> Page<T::AccountId> {
		Self::page(ReceivedCount::<T>::get(who), before, limit, |index| Inbox::<T>::get(who, index), reader)
	}

	/// The runtime API's `outbox`: a page of `who`'s outbox, in the same way as [`Self::api_inbox`].
	pub fn api_outbox(
		who: &T::AccountId,
		reader: Option<&T::AccountId>,
		before: Option<u64>,
		limit: u32,
	) -> Page<T::AccountId> {
		Self::page(Senders::<T>::get(who).sent, before, limit, |index| Some((who.clone(), index)), reader)
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
		slot: impl Fn(u64) -> Option<(T::AccountId, u64)>,
		reader: Option<&T::AccountId>,
	) -> Page<T::AccountId> {
		let end = before.unwrap_or(total).min(total);
		let start = end.saturating_sub(u64::from(limit.min(MAX_PAGE)));
		let now = T::Time::now();
		let mut searched: Vec<(T::AccountId, T::AccountId, Option<TrustSummary>)> = Vec::new();
		let mut messages = Vec::new();
		let mut next_before = (start > 0).then_some(start);
		for index in (start..end).rev() {
			let Some((from, counter, message)) = slot(index)
				.and_then(|(from, counter)| Outbox::<T>::get(&from, counter).map(|message| (from, counter, message)))
			else {
				continue;
			};
			let reader = reader.unwrap_or(&message.to);
			let known = searched
				.iter()
				.find(|(searched_reader, sender, _)| searched_reader == reader && *sender == from)
				.map(|(_, _, trust)| *trust);
			let sender_trust = match known {
				Some(trust) => trust,
				None if searched.len() < MAX_TRUST_SEARCHES as usize => {
					let trust = T::Trust::trust(reader, &from);
					searched.push((reader.clone(), from.clone(), trust));
					trust
				}
				None => {
					next_before = Some(index.saturating_add(1));
					break;
				}
			};
			let verdict = Self::verdict_with_trust(&from, counter, &message, sender_trust, now);
			messages.push(Self::view(from, counter, message, verdict));
		}
		Page { messages, total, next_before }
	}
}
