//! The key-ring runtime API: identities, keys with their status, lookups by key id, short id and email hash,
//! signature verification against a ring key at a moment in time, and OpenPGP keys as key servers serve them.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use sigil_primitives::{KeyId, KeyPurpose, KeyStatus, Moment, PublicKey, RevocationReason, ShortKeyId};
use sp_core::H256;

/// An identity as clients see it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct IdentityInfo {
	/// The display name's bytes, UTF-8 by convention; empty once forgotten.
	pub display_name: Vec<u8>,
	/// The blake2-256 hash of the email address the identity claims, held or pending (see `email_claim`); `None`
	/// once forgotten, or after a verification for another identity dropped the claim.
	pub email_hash: Option<H256>,
	/// When the identity was (last) registered: milliseconds since the Unix epoch, from the chain's timestamp.
	pub registered_at: Moment,
	/// `None` while active; the moment it was forgotten otherwise.
	pub forgotten_at: Option<Moment>,
	/// Keys in its ring that are not revoked (expired ones included: they still hold a deposit).
	pub live_keys: u32,
}

/// Who holds an email hash (the identity lookups by the hash return), and who verified the claim, if anyone did.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EmailClaimInfo<AccountId> {
	/// The identity that holds the hash.
	pub account: AccountId,
	/// The verifier (a consortium member) who vouched that the account's owner receives mail at the address;
	/// `None` while unverified.
	pub verified_by: Option<AccountId>,
}

/// A ring key with its status now (at the queried block's time).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KeyInfo<AccountId> {
	/// The key's fingerprint: blake2-256 of the SCALE-encoded public key; for an OpenPGP key, twelve zero bytes
	/// followed by its v4 fingerprint.
	pub key_id: KeyId,
	/// The key id's last eight bytes (an OpenPGP key's PGP key id).
	pub short_id: ShortKeyId,
	/// The account whose ring holds the key.
	pub owner: AccountId,
	/// The public key, with its scheme.
	pub public: PublicKey,
	/// What the key is for.
	pub purpose: KeyPurpose,
	/// When the key was added: milliseconds since the Unix epoch, from the chain's timestamp.
	pub added_at: Moment,
	/// When the key expires (milliseconds since the Unix epoch), as its owner set it; `None`: never.
	pub expires_at: Option<Moment>,
	/// When (milliseconds since the Unix epoch, from the chain's timestamp) and why the key was revoked; `None`: it
	/// was not.
	pub revoked: Option<(Moment, RevocationReason)>,
	/// The key's status at the queried block's time.
	pub status: KeyStatus,
}

/// A key given by its full id or its short id.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum KeyLookup {
	/// By its full id (fingerprint).
	Full(KeyId),
	/// By its short id: the full id's last eight bytes.
	Short(ShortKeyId),
}

/// An OpenPGP key in a ring, with what key servers serve for it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OpenPgpKeyInfo<AccountId> {
	/// The key, with its status now.
	pub key: KeyInfo<AccountId>,
	/// The transferable public key its owner published (binary, as `gpg --export` writes it); `None` while the
	/// owner has not published it, or withdrew it.
	pub published: Option<Vec<u8>>,
	/// The OpenPGP revocation signature packet the key was revoked with (`gpg --gen-revoke`, verified by the
	/// runtime); `None` if the key is live or was revoked without one.
	pub revocation: Option<Vec<u8>>,
}

/// The answer to `verify`: whether the signature is the key's, and the key's status at the moment asked about.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum Verification<AccountId> {
	/// No key with this id.
	UnknownKey,
	/// The signature bytes do not fit the key's scheme (64 bytes for ed25519 and sr25519, 65 for ecdsa).
	MalformedSignature,
	/// The key exists and the signature was checked against it.
	Checked {
		/// The key, with its status now.
		key: KeyInfo<AccountId>,
		/// Whether the signature verifies under the key (raw, or `<Bytes>`-wrapped as browser wallets sign).
		signature_valid: bool,
		/// The moment the status is given for: milliseconds since the Unix epoch.
		at: Moment,
		/// The key's status at `at`.
		status_at: KeyStatus,
	},
}

sp_api::decl_runtime_apis! {
	/// Queries of the key-ring pallet.
	#[api_version(1)]
	pub trait KeyRingApi<AccountId> where AccountId: Codec {
		/// The identity of an account (active or forgotten).
		fn identity(who: AccountId) -> Option<IdentityInfo>;
		/// Every key the account ever added, oldest first.
		fn keys_of(who: AccountId) -> Vec<KeyInfo<AccountId>>;
		/// A key by full or short id.
		fn key(lookup: KeyLookup) -> Option<KeyInfo<AccountId>>;
		/// The account whose identity holds this email hash, verified or not (see `email_claim`).
		fn account_by_email_hash(email_hash: H256) -> Option<AccountId>;
		/// Checks `signature` (raw bytes in the key's scheme) over `message` against the key, and reports the
		/// key's status at `at` (the block's time if `None`).
		fn verify(lookup: KeyLookup, message: Vec<u8>, signature: Vec<u8>, at: Option<Moment>) -> Verification<AccountId>;
		/// Who holds this email hash, and who verified the claim. An identity whose own hash is held by another
		/// account has a pending claim.
		#[api_version(2)]
		fn email_claim(email_hash: H256) -> Option<EmailClaimInfo<AccountId>>;
		/// An OpenPGP key by full id (twelve zero bytes, then its v4 fingerprint) or short id (its PGP key id),
		/// with its publication and revocation signature; `None` for an unknown key or one of another scheme.
		#[api_version(3)]
		fn openpgp_key(lookup: KeyLookup) -> Option<OpenPgpKeyInfo<AccountId>>;
		/// Every OpenPGP key the account ever added, oldest first, as `openpgp_key` gives them.
		#[api_version(3)]
		fn openpgp_keys_of(who: AccountId) -> Vec<OpenPgpKeyInfo<AccountId>>;
	}
}
