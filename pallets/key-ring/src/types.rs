//! What the key-ring pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sigil_primitives::{KeyLifetime, KeyPurpose, Moment, PublicKey};
use sp_core::H256;

/// Whether an identity is in use or was forgotten by its owner.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum IdentityStatus {
	/// Registered and in use.
	Active,
	/// Personal fields erased and keys revoked at this moment; the record stays so that history (who owned
	/// which key, and when it was revoked) stays consistent. The owner may register again.
	Forgotten {
		/// When the identity was forgotten: milliseconds since the Unix epoch, from the chain's timestamp.
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
	/// The blake2-256 hash of the email address the identity claims (the client hashes the trimmed, lower-cased
	/// address); the address itself never reaches the chain. The identity holds the hash if `EmailHashOwners` names
	/// it; otherwise the claim is pending (see the README). `None` once forgotten, or after a verification for
	/// another identity dropped the claim.
	pub email_hash: Option<H256>,
	/// When the identity was (last) registered.
	pub registered_at: Moment,
	/// Active, or forgotten (and when).
	pub status: IdentityStatus,
	/// Keys in the ring that are not revoked (expired ones included: they still hold a deposit).
	pub live_keys: u32,
	/// The deposit held for the identity itself.
	pub deposit: Balance,
}

/// The identity that holds an email hash (the one lookups by the hash return), and whether a verifier vouched for
/// the claim.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct EmailClaim<AccountId> {
	/// The identity that holds the hash.
	pub account: AccountId,
	/// The verifier (a consortium member) who checked that `account`'s owner receives mail at the address;
	/// `None` while unverified.
	pub verified_by: Option<AccountId>,
}

/// A key in a ring.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct KeyRecord<AccountId, Balance> {
	/// The account whose ring holds the key.
	pub owner: AccountId,
	/// The public key, with its scheme.
	pub public: PublicKey,
	/// What the key is for.
	pub purpose: KeyPurpose,
	/// When the key was added, when it expires, and when and why it was revoked.
	pub lifetime: KeyLifetime,
	/// Held while the key is live; released when it is revoked (the record stays, as history).
	pub deposit: Balance,
}

/// A published transferable OpenPGP key's bookkeeping (its bytes are stored apart).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Publication<Balance> {
	/// The published key's length in bytes.
	pub length: u32,
	/// Held from the key's owner while the key is published.
	pub deposit: Balance,
}
