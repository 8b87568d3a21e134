//! The key-ring JSON that the `keyRing_*`, `messages_*` and `documents_*` namespaces share: identities, keys and
//! key statuses, made from the key-ring runtime API's views.
//!
//! Values are JSON-friendly: hashes, keys and signatures as 0x-hex, enums as camelCase strings, times as
//! milliseconds since the Unix epoch.

use pallet_key_ring_runtime_api::{IdentityInfo, KeyInfo};
use serde::{Deserialize, Serialize};
use sigil_primitives::{KeyPurpose, KeySignature, KeyStatus, KeyType, Moment, PublicKey, RevocationReason, ShortKeyId};
use sp_core::{Bytes, H256};

/// An identity. `AccountId` defaults to the Sigil chain's, so that `IdentityJson` alone names its answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityJson<AccountId = sp_core::crypto::AccountId32> {
	/// The display name as UTF-8 (invalid bytes replaced); `displayNameHex` has the exact bytes.
	pub display_name: String,
	/// The display name's exact bytes, 0x-hex.
	pub display_name_hex: Bytes,
	/// The blake2-256 hash of the email address the identity claims, held or pending (see `emailHeld`); `null`
	/// once forgotten, or after a verification for another identity dropped the claim.
	pub email_hash: Option<H256>,
	/// When the identity was (last) registered: milliseconds since the Unix epoch.
	pub registered_at: Moment,
	/// When the identity was forgotten (milliseconds since the Unix epoch); `null` while active.
	pub forgotten_at: Option<Moment>,
	/// Keys in its ring that are not revoked (expired ones included: they still hold a deposit).
	pub live_keys: u32,
	/// Whether this identity holds `emailHash` (lookups by the hash return it); `false` while its claim is pending
	/// behind another identity's, or without a hash. `null` where the answer does not say: a message's sender, or
	/// a block whose runtime predates email verification (key-ring runtime API version 2).
	pub email_held: Option<bool>,
	/// The verifier (a consortium member) who vouched for `emailHash`; `null` while unverified or not held.
	pub email_verified_by: Option<AccountId>,
}

/// A key's status: `{ "status": "active" }`, or `notYetAdded`, `expired` or `revoked` with the moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "status", rename_all_fields = "camelCase")]
pub enum StatusJson {
	/// Added, not expired, not revoked.
	Active,
	/// The moment is before the key was added.
	NotYetAdded {
		/// When the key was added: milliseconds since the Unix epoch.
		added_at: Moment,
	},
	/// Past the key's expiry.
	Expired {
		/// The key's expiry, as its owner set it: milliseconds since the Unix epoch.
		expired_at: Moment,
	},
	/// Revoked at or before the moment.
	Revoked {
		/// When the key was revoked: milliseconds since the Unix epoch.
		revoked_at: Moment,
		/// Why the key was revoked.
		reason: ReasonJson,
	},
}

/// Why a key was revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReasonJson {
	/// Replaced by a newer key; signatures made before the revocation stay good.
	Superseded,
	/// The private key leaked; signatures made before the revocation are suspect too.
	Compromised,
	/// No longer used, or its owner forgot its identity.
	Retired,
}

/// When and why a key was revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationJson {
	/// When the key was revoked: milliseconds since the Unix epoch.
	pub at: Moment,
	/// Why the key was revoked.
	pub reason: ReasonJson,
}

/// A ring key, with its status at the block's time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyJson<AccountId> {
	/// The key's fingerprint: blake2-256 of the SCALE-encoded public key; for an OpenPGP key, twelve zero bytes and
	/// its v4 fingerprint.
	pub key_id: H256,
	/// The last 8 bytes of the key id, as 0x-hex (16 digits): an OpenPGP key's PGP key id.
	pub short_id: String,
	/// The account whose ring holds the key.
	pub owner: AccountId,
	/// `ed25519`, `sr25519`, `ecdsa` or `openpgp-ed25519`.
	pub key_type: String,
	/// The public key's bytes: 32 for ed25519 and sr25519, 33 (compressed) for ecdsa, the 51-byte public-key packet
	/// body (version, creation time, algorithm, curve, key) for an OpenPGP key.
	pub public_key: Bytes,
	/// `signing` or `encryption`.
	pub purpose: String,
	/// When the key was added: milliseconds since the Unix epoch.
	pub added_at: Moment,
	/// When the key expires (milliseconds since the Unix epoch), as its owner set it; `null`: never.
	pub expires_at: Option<Moment>,
	/// When and why the key was revoked; `null` if it was not.
	pub revoked: Option<RevocationJson>,
	/// The status at the block's time.
	pub status: StatusJson,
}

fn reason(reason: RevocationReason) -> ReasonJson {
	match reason {
		RevocationReason::Superseded => ReasonJson::Superseded,
		RevocationReason::Compromised => ReasonJson::Compromised,
		RevocationReason::Retired => ReasonJson::Retired,
	}
}

/// A key status as JSON.
pub fn status(status: KeyStatus) -> StatusJson {
	match status {
		KeyStatus::Active => StatusJson::Active,
		KeyStatus::NotYetAdded { added_at } => StatusJson::NotYetAdded { added_at },
		KeyStatus::Expired { expired_at } => StatusJson::Expired { expired_at },
		KeyStatus::Revoked { revoked_at, reason: r } => StatusJson::Revoked { revoked_at, reason: reason(r) },
	}
}

/// A short key id as 0x-hex (16 digits).
pub fn short_id_hex(short: &ShortKeyId) -> String {
	format!("0x{}", hex::encode(short.0))
}

/// A key from the runtime API as JSON.
pub fn key_json<AccountId>(key: KeyInfo<AccountId>) -> KeyJson<AccountId> {
	let (key_type, public_key) = match &key.public {
		PublicKey::Ed25519(public) => (KeyType::Ed25519, public.0.to_vec()),
		PublicKey::Sr25519(public) => (KeyType::Sr25519, public.0.to_vec()),
		PublicKey::Ecdsa(public) => (KeyType::Ecdsa, public.0.to_vec()),
		PublicKey::OpenPgp(key) => (KeyType::OpenPgpEd25519, key.packet_body().to_vec()),
	};
	KeyJson {
		key_id: key.key_id,
		short_id: short_id_hex(&key.short_id),
		owner: key.owner,
		key_type: match key_type {
			KeyType::Ed25519 => "ed25519",
			KeyType::Sr25519 => "sr25519",
			KeyType::Ecdsa => "ecdsa",
			KeyType::OpenPgpEd25519 => "openpgp-ed25519",
		}
		.into(),
		public_key: public_key.into(),
		purpose: match key.purpose {
			KeyPurpose::Signing => "signing",
			KeyPurpose::Encryption => "encryption",
		}
		.into(),
		added_at: key.added_at,
		expires_at: key.expires_at,
		revoked: key.revoked.map(|(at, r)| RevocationJson { at, reason: reason(r) }),
		status: status(key.status),
	}
}

/// An identity's answer without what its email hash's holder says (`emailHeld` and `emailVerifiedBy` null).
pub fn identity_json<AccountId>(identity: IdentityInfo) -> IdentityJson<AccountId> {
	IdentityJson {
		display_name: String::from_utf8_lossy(&identity.display_name).into_owned(),
		display_name_hex: identity.display_name.into(),
		email_hash: identity.email_hash,
		registered_at: identity.registered_at,
		forgotten_at: identity.forgotten_at,
		live_keys: identity.live_keys,
		email_held: None,
		email_verified_by: None,
	}
}

/// A signature's raw bytes in its key's scheme, as 0x-hex.
pub fn signature_bytes(signature: &KeySignature) -> Bytes {
	match signature {
		KeySignature::Ed25519(signature) => signature.0.to_vec(),
		KeySignature::Sr25519(signature) => signature.0.to_vec(),
		KeySignature::Ecdsa(signature) => signature.0.to_vec(),
	}
	.into()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn statuses_serialise_as_tagged_camel_case() -> Result<(), serde_json::Error> {
		let revoked = status(KeyStatus::Revoked { revoked_at: 5, reason: RevocationReason::Compromised });
		assert_eq!(serde_json::to_string(&revoked)?, r#"{"status":"revoked","revokedAt":5,"reason":"compromised"}"#);
		assert_eq!(serde_json::to_string(&status(KeyStatus::Active))?, r#"{"status":"active"}"#);
		Ok(())
	}

	#[test]
	fn an_openpgp_key_shows_its_packet_body_and_pgp_key_id() {
		let key =
			sigil_primitives::OpenPgpKey { created: 0x6566_6768, key: sp_core::ed25519::Public::from_raw([7; 32]) };
		let public = PublicKey::OpenPgp(key);
		let json = key_json(KeyInfo {
			key_id: public.key_id(),
			short_id: public.short_id(),
			owner: 1u64,
			public,
			purpose: KeyPurpose::Signing,
			added_at: 0,
			expires_at: None,
			revoked: None,
			status: KeyStatus::Active,
		});
		assert_eq!(json.key_type, "openpgp-ed25519");
		assert_eq!(json.public_key.0, key.packet_body().to_vec());
		assert_eq!(json.short_id, format!("0x{}", hex::encode(&key.fingerprint()[12..])));
	}
}
