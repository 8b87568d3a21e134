//! What the key-ring pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sigil_primitives::{KeyLifetime, KeyPurpose, Moment, PublicKey};
use sp_core::H256;

/// Whether an identity is in use or was forgotten by its owner.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum IdentityStatus {
	Active,
	/// Personal fields erased and keys revoked at this moment; the record stays so that history (who owned
	/// which key, and when it was revoked) stays consistent. The owner may register again.
	Forgotten {
		at: Moment,
	},
}

/// An account's identity. After `forget`, a tombstone with empty personal fields.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound)]
#[scale_info(skip_type_params(MaxNameLength))]
#[codec(mel_bound(Balance: MaxEncodedLen))]
pub struct IdentityRecord<Balance: Clone + PartialEq + Eq + core::fmt::Debug, MaxNameLength: Get<u32>> {
	/// A name to show, UTF-8 by convention; empty once forgotten.
	pub display_name: BoundedVec<u8, MaxNameLength>,
	/// The blake2-256 hash of the email address (the client hashes the trimmed, lower-cased address); the
	/// address itself never reaches the chain. `None` once forgotten.
	pub email_hash: Option<H256>,
	/// When the identity was (last) registered.
	pub registered_at: Moment,
	pub status: IdentityStatus,
	/// Keys in the ring that are not revoked (expired ones included: they still hold a deposit).
	pub live_keys: u32,
	/// The deposit held for the identity itself.
	pub deposit: Balance,
}

/// Who holds an email hash, and from which block anyone else may claim it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct EmailClaim<AccountId, BlockNumber> {
	pub account: AccountId,
	/// `None` while the identity uses it; set when the identity lets go of it (forget, or a new email hash).
	pub free_from: Option<BlockNumber>,
}

/// A key in a ring.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct KeyRecord<AccountId, Balance> {
	pub owner: AccountId,
	pub public: PublicKey,
	pub purpose: KeyPurpose,
	pub lifetime: KeyLifetime,
	/// Held while the key is live; released when it is revoked (the record stays, as history).
	pub deposit: Balance,
}
