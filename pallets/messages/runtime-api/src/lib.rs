//! The messages runtime API: a message, inbox and outbox pages, each message with its verdict as a reader sees it.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeySignature, KeyStatus, Moment, TrustSummary};
use sp_core::H256;

/// The most index slots one page call scans.
pub const MAX_PAGE: u32 = 100;

/// The most owner-trust searches one page call runs: one per distinct (reader, sender) pair, each a bounded graph
/// search that can take about a third of a second at its bound. A page ends before the first message that would
/// need one more; its `next_before` points there, so a client that follows `next_before` still reads every message.
pub const MAX_TRUST_SEARCHES: u32 = 4;

/// Why a message is not verified for its reader.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Unverified {
	/// The signature does not verify under the key (or the key is gone).
	BadSignature,
	/// The key was not active when the message was sent.
	KeyNotActiveWhenSent,
	/// The sender's identity is no longer registered.
	SenderNotRegistered,
	/// The reader does not trust the sender (validity below full).
	SenderNotTrusted,
	/// The runtime has no owner trust, so trust is unknown.
	TrustUnknown,
	/// The key has since been revoked as `Compromised`: whoever stole it could have signed the message before the
	/// revocation, so the signature no longer vouches for the sender. (A key revoked as `Superseded` or `Retired`
	/// after sending leaves the message verified.)
	KeyCompromised,
}

/// A message as one reader sees it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Verdict {
	/// Whether the signature verifies under the sender's key (re-checked at query time).
	pub signature_valid: bool,
	/// The key's status when the message was sent (`None`: the key is unknown).
	pub key_status_at_sending: Option<KeyStatus>,
	/// The key's status now, at the queried block's time.
	pub key_status_now: Option<KeyStatus>,
	/// Whether the sender has a registered identity now.
	pub sender_registered: bool,
	/// How the reader sees the sender; `None` when the runtime has no owner trust ("unknown").
	pub sender_trust: Option<TrustSummary>,
	/// Valid signature, key active when sent and not since revoked as compromised, sender registered and trusted
	/// by the reader.
	pub verified: bool,
	/// Empty when verified.
	pub reasons: Vec<Unverified>,
}

/// A stored message with its verdict. A message is named by its sender and the sender's counter.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct MessageView<AccountId> {
	/// The sender.
	pub from: AccountId,
	/// The recipient.
	pub to: AccountId,
	/// The body as the sender submitted it (possibly ciphertext; the chain does not look inside).
	pub body: Vec<u8>,
	/// The blake2-256 hash of the body, which the signature covers.
	pub body_hash: H256,
	/// The sender's ring key that signed the message.
	pub key_id: KeyId,
	/// The key's signature over the message's [`MessagePayload`](sigil_primitives::MessagePayload).
	pub signature: KeySignature,
	/// The sender's message counter the signature covers.
	pub counter: u64,
	/// When the message was stored: milliseconds since the Unix epoch, from the chain's timestamp.
	pub sent_at: Moment,
	/// The message's index in the recipient's inbox.
	pub inbox_index: u64,
	/// The message's index in the sender's outbox: the same as `counter`.
	pub outbox_index: u64,
	/// How the reader sees the message.
	pub verdict: Verdict,
}

/// One page of an inbox or outbox, newest first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Page<AccountId> {
	/// The messages in the scanned slots (cleared ones leave theirs empty).
	pub messages: Vec<MessageView<AccountId>>,
	/// How many messages the box ever received (or sent): the next index.
	pub total: u64,
	/// Pass as `before` for the next (older) page; `None` when the oldest slot was scanned. A page that reached
	/// [`MAX_TRUST_SEARCHES`] ends early; the next page then starts at the first slot it left out.
	pub next_before: Option<u64>,
}

sp_api::decl_runtime_apis! {
	/// Queries of the messages pallet.
	///
	/// Version 2: the `KeyCompromised` reason; pages end at [`MAX_TRUST_SEARCHES`] trust searches. Version 3: a
	/// message is named by (sender, counter), not by a chain-wide id.
	#[api_version(3)]
	pub trait MessagesApi<AccountId> where AccountId: Codec {
		/// The message `from` sent as its `counter`-th (from 0), with its verdict for `reader` (its recipient if
		/// `None`).
		fn message(from: AccountId, counter: u64, reader: Option<AccountId>) -> Option<MessageView<AccountId>>;
		/// The inbox of `who`, newest first: index slots below `before` (all if `None`), at most `limit`
		/// ([`MAX_PAGE`]) slots, fewer when the page reaches [`MAX_TRUST_SEARCHES`]; cleared messages leave their
		/// slot empty. Verdicts for `reader` (each message's recipient if `None`).
		fn inbox(who: AccountId, reader: Option<AccountId>, before: Option<u64>, limit: u32) -> Page<AccountId>;
		/// The outbox of `who`, in the same way.
		fn outbox(who: AccountId, reader: Option<AccountId>, before: Option<u64>, limit: u32) -> Page<AccountId>;
	}
}
