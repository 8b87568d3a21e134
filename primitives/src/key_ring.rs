//! Public keys, key ids, signatures and the proof-of-possession payload of the key-ring pallet, and the
//! [`KeyRing`] trait through which other pallets ask about keys.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ecdsa, ed25519, sr25519, H256};
use sp_runtime::traits::Verify;

use crate::{openpgp::OpenPgpKey, Moment};

/// The signature schemes a ring key may use.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum KeyType {
	/// Ed25519 (RFC 8032).
	Ed25519,
	/// Schnorrkel signatures over Ristretto25519, Substrate's default account scheme.
	Sr25519,
	/// secp256k1; signatures are over the blake2-256 hash of the message, as Substrate's ecdsa signs.
	Ecdsa,
	/// An OpenPGP v4 Ed25519 key as GnuPG makes it: it signs in OpenPGP's format (`gpg --detach-sign`), which the
	/// ring checks for its proof of possession and revocation; the other pallets' payloads take the native schemes.
	OpenPgpEd25519,
}

/// What a key is for. A signing key signs messages, documents and coin transfers; an encryption key is
/// published so that others can encrypt to its owner, and never counts as a signature.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum KeyPurpose {
	/// Signs messages, documents, agreements and off-line coin transfers.
	Signing,
	/// Published for others to encrypt to its owner (e.g. message bodies); its signatures count for nothing.
	Encryption,
}

/// A public key with its scheme.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum PublicKey {
	/// A 32-byte ed25519 public key.
	Ed25519(ed25519::Public),
	/// A 32-byte sr25519 public key.
	Sr25519(sr25519::Public),
	/// A 33-byte compressed secp256k1 public key.
	Ecdsa(ecdsa::Public),
	/// An OpenPGP v4 Ed25519 key: its id is its v4 fingerprint (after twelve zero bytes), so its short id is the PGP
	/// key id `gpg` shows. See [`crate::openpgp`].
	OpenPgp(OpenPgpKey),
}

/// A signature by a ring key; its scheme must match the key's.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum KeySignature {
	/// A 64-byte ed25519 signature.
	Ed25519(ed25519::Signature),
	/// A 64-byte sr25519 signature.
	Sr25519(sr25519::Signature),
	/// A 65-byte recoverable secp256k1 signature over the blake2-256 hash of the message.
	Ecdsa(ecdsa::Signature),
}

impl KeySignature {
	/// A signature of `key_type` from its raw bytes: 64 for ed25519 and sr25519, 65 for ecdsa.
	pub fn from_raw(key_type: KeyType, bytes: &[u8]) -> Option<Self> {
		Some(match key_type {
			KeyType::Ed25519 => Self::Ed25519(ed25519::Signature::from_raw(bytes.try_into().ok()?)),
			KeyType::Sr25519 => Self::Sr25519(sr25519::Signature::from_raw(bytes.try_into().ok()?)),
			KeyType::Ecdsa => Self::Ecdsa(ecdsa::Signature::from_raw(bytes.try_into().ok()?)),
			KeyType::OpenPgpEd25519 => return None,
		})
	}
}

/// A key's fingerprint: blake2-256 of the SCALE-encoded [`PublicKey`] (one byte of scheme, then the key), so
/// the same bytes under two schemes are two keys; for an OpenPGP key, twelve zero bytes and its v4 fingerprint.
/// Unique on the chain.
pub type KeyId = H256;

/// The short form of a key id for display, as PGP's 64-bit key id: the fingerprint's last eight bytes.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ShortKeyId(pub [u8; 8]);

impl PublicKey {
	/// The key's signature scheme.
	pub fn key_type(&self) -> KeyType {
		match self {
			Self::Ed25519(_) => KeyType::Ed25519,
			Self::Sr25519(_) => KeyType::Sr25519,
			Self::Ecdsa(_) => KeyType::Ecdsa,
			Self::OpenPgp(_) => KeyType::OpenPgpEd25519,
		}
	}

	/// The key's fingerprint.
	pub fn key_id(&self) -> KeyId {
		match self {
			Self::OpenPgp(key) => key.key_id(),
			_ => H256(sp_io::hashing::blake2_256(&self.encode())),
		}
	}

	/// The key's short id.
	pub fn short_id(&self) -> ShortKeyId {
		ShortKeyId::from(&self.key_id())
	}

	/// Whether `signature` is this key's signature over `message`. Never for an OpenPGP key: its signatures are
	/// OpenPGP packets, checked by [`OpenPgpKey::verify`].
	///
	/// Browser wallets (polkadot-js and its extension) sign raw bytes wrapped as `<Bytes>message</Bytes>`;
	/// such a signature is accepted too, since it can only be made over this exact message.
	pub fn verify(&self, message: &[u8], signature: &KeySignature) -> bool {
		self.verify_exact(message, signature) || self.verify_exact(&wrap_bytes(message), signature)
	}

	fn verify_exact(&self, message: &[u8], signature: &KeySignature) -> bool {
		match (self, signature) {
			(Self::Ed25519(key), KeySignature::Ed25519(sig)) => sig.verify(message, key),
			(Self::Sr25519(key), KeySignature::Sr25519(sig)) => sig.verify(message, key),
			(Self::Ecdsa(key), KeySignature::Ecdsa(sig)) => sig.verify(message, key),
			_ => false,
		}
	}
}

/// `message` as browser wallets sign raw bytes: `<Bytes>message</Bytes>`.
pub fn wrap_bytes(message: &[u8]) -> alloc::vec::Vec<u8> {
	const PREFIX: &[u8] = b"<Bytes>";
	const SUFFIX: &[u8] = b"</Bytes>";
	let mut wrapped =
		alloc::vec::Vec::with_capacity(PREFIX.len().saturating_add(message.len()).saturating_add(SUFFIX.len()));
	wrapped.extend_from_slice(PREFIX);
	wrapped.extend_from_slice(message);
	wrapped.extend_from_slice(SUFFIX);
	wrapped
}

impl From<&KeyId> for ShortKeyId {
	fn from(id: &KeyId) -> Self {
		let [.., a, b, c, d, e, f, g, h] = id.0;
		ShortKeyId([a, b, c, d, e, f, g, h])
	}
}

/// Why a key was revoked.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum RevocationReason {
	/// Replaced by a newer key; signatures made before the revocation stay good.
	Superseded,
	/// The private key leaked; signatures made before the revocation are suspect too.
	Compromised,
	/// No longer used.
	Retired,
}

/// A key's status at some moment.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum KeyStatus {
	/// In the ring, not expired, not revoked.
	Active,
	/// The moment is before the key was added to the ring.
	NotYetAdded {
		/// When the key was added: milliseconds since the Unix epoch, from the chain's timestamp.
		added_at: Moment,
	},
	/// Past the key's expiry.
	Expired {
		/// The key's expiry, as its owner set it: milliseconds since the Unix epoch.
		expired_at: Moment,
	},
	/// Revoked at or before the moment.
	Revoked {
		/// When the key was revoked: milliseconds since the Unix epoch, from the chain's timestamp.
		revoked_at: Moment,
		/// Why: as its owner said in `revoke_key`, or `Retired` when the owner forgot its identity.
		reason: RevocationReason,
	},
}

impl KeyStatus {
	/// Whether the key is [`KeyStatus::Active`]: a signature made with it now would be accepted.
	pub fn is_active(&self) -> bool {
		matches!(self, KeyStatus::Active)
	}

	/// `Ok` if the key is [`KeyStatus::Active`], else why a signature made with it at this status is refused:
	/// [`KeyCheckError::RevokedKey`], or [`KeyCheckError::ExpiredKey`] for a key past its expiry or not yet added.
	pub fn ensure_active(self) -> Result<(), KeyCheckError> {
		match self {
			KeyStatus::Active => Ok(()),
			KeyStatus::Revoked { .. } => Err(KeyCheckError::RevokedKey),
			KeyStatus::Expired { .. } | KeyStatus::NotYetAdded { .. } => Err(KeyCheckError::ExpiredKey),
		}
	}
}

/// A ring key's lifetime: enough to tell its status at any moment.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct KeyLifetime {
	/// When the key was added to the ring: milliseconds since the Unix epoch, from the chain's timestamp.
	pub added_at: Moment,
	/// When the key expires (milliseconds since the Unix epoch), as its owner set it when adding the key; `None`:
	/// never.
	pub expires_at: Option<Moment>,
	/// When (milliseconds since the Unix epoch, from the chain's timestamp) and why the key was revoked; `None`: it
	/// was not.
	pub revoked: Option<(Moment, RevocationReason)>,
}

impl KeyLifetime {
	/// The status at `at`, for a signature that is to be accepted at `at` or whose time is only claimed: a key
	/// revoked at that very moment is revoked. Revocation is reported before expiry: it is the stronger statement.
	pub fn status_at(&self, at: Moment) -> KeyStatus {
		self.status(at, self.revoked.filter(|(revoked_at, _)| *revoked_at <= at))
	}

	/// The status at which the chain accepted a signature it recorded at `signed_at`. A revocation in the same
	/// block carries the same timestamp, and the chain refuses a signature after a revocation at its own moment
	/// ([`Self::status_at`]), so a recorded signature at the moment of a revocation came before it: the key was
	/// active when it signed. (Without this, an owner could sign and revoke in one block and later disown the
	/// signature as made by a revoked key.)
	pub fn status_when_signed(&self, signed_at: Moment) -> KeyStatus {
		self.status(signed_at, self.revoked.filter(|(revoked_at, _)| *revoked_at < signed_at))
	}

	fn status(&self, at: Moment, revoked: Option<(Moment, RevocationReason)>) -> KeyStatus {
		if at < self.added_at {
			return KeyStatus::NotYetAdded { added_at: self.added_at };
		}
		if let Some((revoked_at, reason)) = revoked {
			return KeyStatus::Revoked { revoked_at, reason };
		}
		match self.expires_at {
			Some(expired_at) if expired_at <= at => KeyStatus::Expired { expired_at },
			_ => KeyStatus::Active,
		}
	}
}

/// Domain tag of the proof of possession: a signature made for anything else can never pass as one.
pub const KEY_POSSESSION_DOMAIN: [u8; 28] = *b"SIGIL/key-ring/possession/v1";

/// What a new key signs to prove that the account adding it holds its private half: the domain tag, the chain
/// (genesis hash), the account, the purpose, and the key id itself. Signed as its SCALE encoding.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct KeyPossessionPayload<AccountId> {
	/// Always [`KEY_POSSESSION_DOMAIN`].
	pub domain: [u8; 28],
	/// The genesis hash of the chain the key is added on, so that the proof counts on no other chain.
	pub genesis_hash: H256,
	/// The account adding the key to its ring.
	pub account: AccountId,
	/// What the key will be for in that ring.
	pub purpose: KeyPurpose,
	/// The new key's own id ([`PublicKey::key_id`]).
	pub key_id: KeyId,
}

impl<AccountId> KeyPossessionPayload<AccountId> {
	/// The payload the key `key_id` signs for `account` to add it for `purpose` on the chain with
	/// `genesis_hash`, tagged with [`KEY_POSSESSION_DOMAIN`].
	pub fn new(genesis_hash: H256, account: AccountId, purpose: KeyPurpose, key_id: KeyId) -> Self {
		Self { domain: KEY_POSSESSION_DOMAIN, genesis_hash, account, purpose, key_id }
	}
}

/// Why a signature check against a ring key failed.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum KeyCheckError {
	/// No key with this id in any ring.
	UnknownKey,
	/// The key belongs to another account.
	NotKeyOwner,
	/// The key is not a signing key.
	NotSigningKey,
	/// The signature does not verify under the key.
	BadSignature,
	/// The key was revoked (only from [`KeyRing::verify_active_signature`]).
	RevokedKey,
	/// The key has expired (only from [`KeyRing::verify_active_signature`]).
	ExpiredKey,
}

/// Implements `From<KeyCheckError>` for a pallet's `Error<T>`, which declares variants named as [`KeyCheckError`]'s
/// (`UnknownKey`, `NotKeyOwner`, `NotSigningKey`, `BadSignature`, `RevokedKey`, `ExpiredKey`): every pallet that
/// checks signatures against the key ring reports a failed check under the same names, mapped here once.
#[macro_export]
macro_rules! impl_from_key_check_error {
	($error:ident) => {
		impl<T> From<$crate::KeyCheckError> for $error<T> {
			fn from(error: $crate::KeyCheckError) -> Self {
				match error {
					$crate::KeyCheckError::UnknownKey => Self::UnknownKey,
					$crate::KeyCheckError::NotKeyOwner => Self::NotKeyOwner,
					$crate::KeyCheckError::NotSigningKey => Self::NotSigningKey,
					$crate::KeyCheckError::BadSignature => Self::BadSignature,
					$crate::KeyCheckError::RevokedKey => Self::RevokedKey,
					$crate::KeyCheckError::ExpiredKey => Self::ExpiredKey,
				}
			}
		}
	};
}

/// A signature the chain accepted earlier, checked again: whether it still verifies as `owner`'s signing key's, and
/// the key's status when it signed and now (`None`: the key is unknown).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SignatureRecheck {
	/// The key exists, is `owner`'s signing key, and the signature verifies under it.
	pub signature_valid: bool,
	/// The key's status when the signature was made (the `signed_at` the caller gives, from the chain's record), as
	/// [`KeyLifetime::status_when_signed`] tells it; `None`: the key is unknown.
	pub status_when_signed: Option<KeyStatus>,
	/// The key's status now; `None`: the key is unknown.
	pub status_now: Option<KeyStatus>,
}

/// What other pallets ask the key ring: who owns a key, and what was its status at a given moment.
pub trait KeyRing<AccountId: PartialEq> {
	/// Whether `who` has a registered (not forgotten) identity.
	fn has_identity(who: &AccountId) -> bool;

	/// The owner, key, purpose and lifetime of a ring key.
	fn key(key_id: &KeyId) -> Option<(AccountId, PublicKey, KeyPurpose, KeyLifetime)>;

	/// The key's status at `at`, if the key exists.
	fn status_at(key_id: &KeyId, at: Moment) -> Option<KeyStatus> {
		Self::key(key_id).map(|(_, _, _, lifetime)| lifetime.status_at(at))
	}

	/// Checks that `signature` over `message` was made by `owner`'s signing key `key_id`, and returns the key's
	/// status at `at`; the caller decides which statuses it accepts.
	fn verify_signature(
		owner: &AccountId,
		key_id: &KeyId,
		message: &[u8],
		signature: &KeySignature,
		at: Moment,
	) -> Result<KeyStatus, KeyCheckError> {
		let (key_owner, public, purpose, lifetime) = Self::key(key_id).ok_or(KeyCheckError::UnknownKey)?;
		if &key_owner != owner {
			return Err(KeyCheckError::NotKeyOwner);
		}
		if purpose != KeyPurpose::Signing {
			return Err(KeyCheckError::NotSigningKey);
		}
		if !public.verify(message, signature) {
			return Err(KeyCheckError::BadSignature);
		}
		Ok(lifetime.status_at(at))
	}

	/// Checks, as [`Self::verify_signature`] does, that `signature` over `message` was made by `owner`'s signing
	/// key `key_id`, and that the key is active at `now`: what a pallet accepting a signature today asks.
	fn verify_active_signature(
		owner: &AccountId,
		key_id: &KeyId,
		message: &[u8],
		signature: &KeySignature,
		now: Moment,
	) -> Result<(), KeyCheckError> {
		Self::verify_signature(owner, key_id, message, signature, now)?.ensure_active()
	}

	/// Checks a recorded signature again for a report: see [`SignatureRecheck`].
	fn recheck_signature(
		owner: &AccountId,
		key_id: &KeyId,
		message: &[u8],
		signature: &KeySignature,
		signed_at: Moment,
		now: Moment,
	) -> SignatureRecheck {
		let key = Self::key(key_id);
		let signature_valid = key.as_ref().is_some_and(|(key_owner, public, purpose, _)| {
			key_owner == owner && *purpose == KeyPurpose::Signing && public.verify(message, signature)
		});
		SignatureRecheck {
			signature_valid,
			status_when_signed: key.as_ref().map(|(_, _, _, lifetime)| lifetime.status_when_signed(signed_at)),
			status_now: key.as_ref().map(|(_, _, _, lifetime)| lifetime.status_at(now)),
		}
	}

	/// Gives `who` a registered identity without a deposit, so that other pallets' benchmarks can start from
	/// one.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(who: &AccountId);

	/// Puts `public` in `who`'s ring without a proof of possession or deposit, so that other pallets' benchmarks
	/// can sign with a key they generated.
	#[cfg(feature = "runtime-benchmarks")]
	fn add_key_for_benchmark(who: &AccountId, public: PublicKey, purpose: KeyPurpose);
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{crypto::AccountId32, Pair};

	/// The proof-of-possession test vector: fixed inputs, the exact bytes to sign, and an ed25519 signature
	/// (ed25519 is deterministic, so the signature is fixed too). A client implementation must reproduce both.
	#[test]
	fn proof_of_possession_test_vector() {
		let key = ed25519::Pair::from_seed(&[7u8; 32]);
		let public = PublicKey::Ed25519(key.public());
		let account = AccountId32::new([0xaa; 32]);
		let payload = KeyPossessionPayload::new(H256::repeat_byte(0x11), account, KeyPurpose::Signing, public.key_id());
		let encoded = payload.encode();
		assert_eq!(hex::encode(key.public().0), EXPECTED_PUBLIC);
		assert_eq!(format!("{:?}", public.key_id()), EXPECTED_KEY_ID);
		assert_eq!(hex::encode(public.short_id().0), &EXPECTED_KEY_ID[50..]);
		assert_eq!(format!("0x{}", hex::encode(&encoded)), EXPECTED_PAYLOAD);
		assert_eq!(encoded.len(), 28 + 32 + 32 + 1 + 32);
		assert_eq!(format!("0x{}", hex::encode(key.sign(&encoded).0)), EXPECTED_SIGNATURE);
		let signature = KeySignature::Ed25519(key.sign(&encoded));
		assert!(public.verify(&encoded, &signature));
	}

	/// ed25519 public key of the seed `[7; 32]`.
	const EXPECTED_PUBLIC: &str = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";
	/// blake2_256(0x00 ++ public key).
	const EXPECTED_KEY_ID: &str = "0xa0ccc8bcc83f6c628340134f8546a21e0618fd1aaa02432bba454c4a2c2233da";
	/// domain tag ++ genesis hash (0x11 x 32) ++ account (0xaa x 32) ++ purpose (00: signing) ++ key id.
	const EXPECTED_PAYLOAD: &str = "0x534947494c2f6b65792d72696e672f706f7373657373696f6e2f7631\
		1111111111111111111111111111111111111111111111111111111111111111\
		aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
		00\
		a0ccc8bcc83f6c628340134f8546a21e0618fd1aaa02432bba454c4a2c2233da";
	const EXPECTED_SIGNATURE: &str = "0xdbbe0e4f41bc4a4dbacf2fbe012d6ca3161655c2ad99fae2490940833d97ff01\
		daf7e03265668c6d54bae623013f6683c23864369ae9226e5837aa509c0e9707";

	#[test]
	fn the_key_id_binds_the_scheme() {
		let bytes = [5u8; 32];
		let ed = PublicKey::Ed25519(ed25519::Public::from_raw(bytes));
		let sr = PublicKey::Sr25519(sr25519::Public::from_raw(bytes));
		assert_ne!(ed.key_id(), sr.key_id());
		assert_eq!(ed.encode()[0], 0);
		assert_eq!(sr.encode()[0], 1);
	}

	#[test]
	fn signatures_verify_only_with_their_own_key_and_scheme() {
		let message = b"message";
		let sr = sr25519::Pair::from_seed(&[1; 32]);
		let ed = ed25519::Pair::from_seed(&[1; 32]);
		let ec = ecdsa::Pair::from_seed(&[1; 32]);
		let sr_sig = KeySignature::Sr25519(sr.sign(message));
		let ed_sig = KeySignature::Ed25519(ed.sign(message));
		let ec_sig = KeySignature::Ecdsa(ec.sign(message));
		assert!(PublicKey::Sr25519(sr.public()).verify(message, &sr_sig));
		assert!(PublicKey::Ed25519(ed.public()).verify(message, &ed_sig));
		assert!(PublicKey::Ecdsa(ec.public()).verify(message, &ec_sig));
		assert!(!PublicKey::Sr25519(sr.public()).verify(message, &ed_sig));
		assert!(!PublicKey::Sr25519(sr.public()).verify(b"other", &sr_sig));
		assert!(!PublicKey::Ed25519(ed25519::Pair::from_seed(&[2; 32]).public()).verify(message, &ed_sig));
		// A wallet-wrapped signature counts for the unwrapped message only.
		let wrapped = KeySignature::Sr25519(sr.sign(&wrap_bytes(message)));
		assert!(PublicKey::Sr25519(sr.public()).verify(message, &wrapped));
		assert!(!PublicKey::Sr25519(sr.public()).verify(&wrap_bytes(message), &sr_sig));
	}

	#[test]
	fn raw_signatures_need_the_scheme_length() {
		assert!(KeySignature::from_raw(KeyType::Ed25519, &[0; 64]).is_some());
		assert!(KeySignature::from_raw(KeyType::Ecdsa, &[0; 65]).is_some());
		assert!(KeySignature::from_raw(KeyType::Ecdsa, &[0; 64]).is_none());
		assert!(KeySignature::from_raw(KeyType::Sr25519, &[0; 65]).is_none());
	}

	#[test]
	fn status_over_a_keys_lifetime() {
		let lifetime =
			KeyLifetime { added_at: 100, expires_at: Some(300), revoked: Some((200, RevocationReason::Superseded)) };
		assert_eq!(lifetime.status_at(99), KeyStatus::NotYetAdded { added_at: 100 });
		assert_eq!(lifetime.status_at(100), KeyStatus::Active);
		assert_eq!(lifetime.status_at(199), KeyStatus::Active);
		let revoked = KeyStatus::Revoked { revoked_at: 200, reason: RevocationReason::Superseded };
		assert_eq!(lifetime.status_at(200), revoked);
		assert_eq!(lifetime.status_at(400), revoked);
		let expiring = KeyLifetime { revoked: None, ..lifetime };
		assert_eq!(expiring.status_at(299), KeyStatus::Active);
		assert_eq!(expiring.status_at(300), KeyStatus::Expired { expired_at: 300 });
	}

	#[test]
	fn a_recorded_signature_precedes_a_revocation_at_its_own_moment() {
		let lifetime =
			KeyLifetime { added_at: 100, expires_at: Some(300), revoked: Some((200, RevocationReason::Superseded)) };
		let revoked = KeyStatus::Revoked { revoked_at: 200, reason: RevocationReason::Superseded };
		assert_eq!(lifetime.status_when_signed(200), KeyStatus::Active);
		assert_eq!(lifetime.status_when_signed(201), revoked);
		assert_eq!(lifetime.status_when_signed(99), KeyStatus::NotYetAdded { added_at: 100 });
		let expiring = KeyLifetime { revoked: None, ..lifetime };
		assert_eq!(expiring.status_when_signed(300), KeyStatus::Expired { expired_at: 300 });
	}
}
