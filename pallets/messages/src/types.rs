//! Stored records of the messages pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeySignature, Moment};
use sp_core::H256;

/// A stored message: what the sender signed, the signature, when it was sent, and where it is indexed. Its
/// sender and counter are its keys in `Outbox`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxBody))]
pub struct MessageRecord<AccountId, Balance, MaxBody: Get<u32>> {
	/// The recipient.
	pub to: AccountId,
	/// The body as the sender submitted it (possibly ciphertext; the chain does not look inside).
	pub body: BoundedVec<u8, MaxBody>,
	/// The blake2-256 hash of `body`, which the signature covers.
	pub body_hash: H256,
	/// The sender's ring key that signed the message.
	pub key_id: KeyId,
	/// The key's signature over the message's [`MessagePayload`](sigil_primitives::MessagePayload), as submitted.
	pub signature: KeySignature,
	/// When the message was stored: milliseconds since the Unix epoch, from the chain's timestamp.
	pub sent_at: Moment,
	/// The message's index in the recipient's inbox.
	pub inbox_index: u64,
	/// Owed by the sender until the recipient clears the message.
	pub deposit: Balance,
}

/// What an account that sends messages has on chain: its counter and its deposits.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SenderAccount<Balance> {
	/// How many messages it ever sent: the counter its next message signs, and that message's outbox index.
	pub sent: u64,
	/// What it chose to keep held in advance for messages (`set_advance`).
	pub advance: Balance,
	/// The deposits of its stored messages.
	pub owed: Balance,
}

impl<Balance: Copy + Ord> SenderAccount<Balance> {
	/// What is held from it: its messages' deposits, or its advance if larger.
	pub fn held(&self) -> Balance {
		self.owed.max(self.advance)
	}
}
