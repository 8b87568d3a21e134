//! Stored records of the messages pallet.

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeySignature, Moment};
use sp_core::H256;

/// A stored message: what the sender signed, the signature, when it was sent, and where it is indexed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
#[scale_info(skip_type_params(MaxBody))]
pub struct MessageRecord<AccountId, Balance, MaxBody: Get<u32>> {
	pub from: AccountId,
	pub to: AccountId,
	pub body: BoundedVec<u8, MaxBody>,
	pub body_hash: H256,
	pub key_id: KeyId,
	pub signature: KeySignature,
	/// The sender's message counter the signature covers; also the message's outbox index.
	pub counter: u64,
	pub sent_at: Moment,
	pub inbox_index: u64,
	/// Held from the sender until the recipient clears the message.
	pub deposit: Balance,
}
