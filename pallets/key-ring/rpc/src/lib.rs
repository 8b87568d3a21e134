//! The `keyRing_*` JSON-RPC methods: identities, key rings, lookups and signature verification, answered by
//! the key-ring runtime API at a block (the best block if none is given).
//!
//! Values are JSON-friendly: accounts as SS58, hashes, keys and signatures as 0x-hex, enums as camelCase
//! strings, times as milliseconds since the Unix epoch.

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_key_ring_runtime_api::KeyRingApi as KeyRingRuntimeApi;
use pallet_key_ring_runtime_api::{IdentityInfo, KeyInfo, KeyLookup, Verification};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{KeyPurpose, KeyStatus, KeyType, Moment, PublicKey, RevocationReason, ShortKeyId};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;

use sigil_rpc_support::{invalid_params, runtime_error, BlockQuery};
pub use sigil_rpc_support::{INVALID_PARAMS, RUNTIME_ERROR};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityJson {
	/// The display name as UTF-8 (invalid bytes replaced); `displayNameHex` has the exact bytes.
	pub display_name: String,
	pub display_name_hex: Bytes,
	pub email_hash: Option<H256>,
	pub registered_at: Moment,
	pub forgotten_at: Option<Moment>,
	pub live_keys: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "status", rename_all_fields = "camelCase")]
pub enum StatusJson {
	Active,
	NotYetAdded { added_at: Moment },
	Expired { expired_at: Moment },
	Revoked { revoked_at: Moment, reason: ReasonJson },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReasonJson {
	Superseded,
	Compromised,
	Retired,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationJson {
	pub at: Moment,
	pub reason: ReasonJson,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyJson<AccountId> {
	pub key_id: H256,
	/// The last 8 bytes of the key id, as 0x-hex (16 digits).
	pub short_id: String,
	pub owner: AccountId,
	/// `ed25519`, `sr25519` or `ecdsa`.
	pub key_type: String,
	pub public_key: Bytes,
	/// `signing` or `encryption`.
	pub purpose: String,
	pub added_at: Moment,
	pub expires_at: Option<Moment>,
	pub revoked: Option<RevocationJson>,
	/// The status at the block's time.
	pub status: StatusJson,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "result", rename_all_fields = "camelCase")]
pub enum VerificationJson<AccountId> {
	UnknownKey,
	MalformedSignature,
	Checked {
		key: KeyJson<AccountId>,
		signature_valid: bool,
		at: Moment,
		status_at: StatusJson,
		/// Valid signature by a key that was active at `at`.
		valid_and_active: bool,
	},
}

fn reason(reason: RevocationReason) -> ReasonJson {
	match reason {
		RevocationReason::Superseded => ReasonJson::Superseded,
		RevocationReason::Compromised => ReasonJson::Compromised,
		RevocationReason::Retired => ReasonJson::Retired,
	}
}

pub fn status(status: KeyStatus) -> StatusJson {
	match status {
		KeyStatus::Active => StatusJson::Active,
		KeyStatus::NotYetAdded { added_at } => StatusJson::NotYetAdded { added_at },
		KeyStatus::Expired { expired_at } => StatusJson::Expired { expired_at },
		KeyStatus::Revoked { revoked_at, reason: r } => StatusJson::Revoked { revoked_at, reason: reason(r) },
	}
}

pub fn short_id_hex(short: &ShortKeyId) -> String {
	format!("0x{}", hex::encode(short.0))
}

pub fn key_json<AccountId>(key: KeyInfo<AccountId>) -> KeyJson<AccountId> {
	let (key_type, public_key) = match &key.public {
		PublicKey::Ed25519(public) => (KeyType::Ed25519, public.0.to_vec()),
		PublicKey::Sr25519(public) => (KeyType::Sr25519, public.0.to_vec()),
		PublicKey::Ecdsa(public) => (KeyType::Ecdsa, public.0.to_vec()),
	};
	KeyJson {
		key_id: key.key_id,
		short_id: short_id_hex(&key.short_id),
		owner: key.owner,
		key_type: match key_type {
			KeyType::Ed25519 => "ed25519",
			KeyType::Sr25519 => "sr25519",
			KeyType::Ecdsa => "ecdsa",
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

pub fn identity_json(identity: IdentityInfo) -> IdentityJson {
	IdentityJson {
		display_name: String::from_utf8_lossy(&identity.display_name).into_owned(),
		display_name_hex: identity.display_name.into(),
		email_hash: identity.email_hash,
		registered_at: identity.registered_at,
		forgotten_at: identity.forgotten_at,
		live_keys: identity.live_keys,
	}
}

/// Parses a key id: 0x and 64 hex digits (full id) or 16 hex digits (short id).
pub fn parse_key_id(text: &str) -> Result<KeyLookup, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(digits).map_err(|e| format!("key id `{text}` is not hex: {e}"))?;
	match bytes.len() {
		32 => Ok(KeyLookup::Full(H256::from_slice(&bytes))),
		8 => {
			let mut short = [0u8; 8];
			short.copy_from_slice(&bytes);
			Ok(KeyLookup::Short(ShortKeyId(short)))
		}
		n => Err(format!("key id `{text}` has {n} bytes: give the full id (32 bytes) or the short id (8 bytes)")),
	}
}

#[rpc(client, server)]
pub trait KeyRingApi<BlockHash, AccountId> {
	/// The identity of an account, active or forgotten; `null` if it never registered.
	#[method(name = "keyRing_identity")]
	fn identity(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Option<IdentityJson>>;

	/// Every key the account ever added, oldest first, with its status.
	#[method(name = "keyRing_keys")]
	fn keys(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<KeyJson<AccountId>>>;

	/// A key by its full id (0x + 64 hex digits) or short id (0x + 16 hex digits).
	#[method(name = "keyRing_key")]
	fn key(&self, key_id: String, at: Option<BlockHash>) -> RpcResult<Option<KeyJson<AccountId>>>;

	/// The account whose identity uses this email hash now.
	#[method(name = "keyRing_accountByEmailHash")]
	fn account_by_email_hash(&self, email_hash: H256, at: Option<BlockHash>) -> RpcResult<Option<AccountId>>;

	/// Checks a signature (raw bytes in the key's scheme, 0x-hex) over a message (0x-hex) against a key, and
	/// reports the key's status at `time` (milliseconds; the block's time if `null`).
	#[method(name = "keyRing_verify")]
	fn verify(
		&self,
		key_id: String,
		message: Bytes,
		signature: Bytes,
		time: Option<Moment>,
		at: Option<BlockHash>,
	) -> RpcResult<VerificationJson<AccountId>>;
}

/// The methods' implementation over a client with the key-ring runtime API.
pub type KeyRing<C, Block> = BlockQuery<C, Block>;

impl<C, Block, AccountId> KeyRingApiServer<<Block as BlockT>::Hash, AccountId> for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: KeyRingRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	fn identity(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Option<IdentityJson>> {
		let identity = self.client.runtime_api().identity(self.block(at), who).map_err(runtime_error)?;
		Ok(identity.map(identity_json))
	}

	fn keys(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<KeyJson<AccountId>>> {
		let keys = self.client.runtime_api().keys_of(self.block(at), who).map_err(runtime_error)?;
		Ok(keys.into_iter().map(key_json).collect())
	}

	fn key(&self, key_id: String, at: Option<Block::Hash>) -> RpcResult<Option<KeyJson<AccountId>>> {
		let lookup = parse_key_id(&key_id).map_err(invalid_params)?;
		let key = self.client.runtime_api().key(self.block(at), lookup).map_err(runtime_error)?;
		Ok(key.map(key_json))
	}

	fn account_by_email_hash(&self, email_hash: H256, at: Option<Block::Hash>) -> RpcResult<Option<AccountId>> {
		self.client.runtime_api().account_by_email_hash(self.block(at), email_hash).map_err(runtime_error)
	}

	fn verify(
		&self,
		key_id: String,
		message: Bytes,
		signature: Bytes,
		time: Option<Moment>,
		at: Option<Block::Hash>,
	) -> RpcResult<VerificationJson<AccountId>> {
		let lookup = parse_key_id(&key_id).map_err(invalid_params)?;
		let verification = self
			.client
			.runtime_api()
			.verify(self.block(at), lookup, message.0, signature.0, time)
			.map_err(runtime_error)?;
		Ok(match verification {
			Verification::UnknownKey => VerificationJson::UnknownKey,
			Verification::MalformedSignature => VerificationJson::MalformedSignature,
			Verification::Checked { key, signature_valid, at, status_at } => VerificationJson::Checked {
				key: key_json(key),
				signature_valid,
				at,
				valid_and_active: signature_valid && status_at.is_active(),
				status_at: status(status_at),
			},
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn key_ids_parse_in_both_lengths_and_bad_ones_are_named() {
		let full = format!("0x{}", "ab".repeat(32));
		assert_eq!(parse_key_id(&full), Ok(KeyLookup::Full(H256::repeat_byte(0xab))));
		assert_eq!(parse_key_id("0x0102030405060708"), Ok(KeyLookup::Short(ShortKeyId([1, 2, 3, 4, 5, 6, 7, 8]))));
		assert!(parse_key_id("0x0102").unwrap_err().contains("has 2 bytes"));
		assert!(parse_key_id("0xzz").unwrap_err().contains("not hex"));
	}

	#[test]
	fn statuses_serialise_as_tagged_camel_case() -> Result<(), serde_json::Error> {
		let revoked = StatusJson::Revoked { revoked_at: 5, reason: ReasonJson::Compromised };
		assert_eq!(serde_json::to_string(&revoked)?, r#"{"status":"revoked","revokedAt":5,"reason":"compromised"}"#);
		Ok(())
	}
}
