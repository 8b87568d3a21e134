//! The `keyRing_*` JSON-RPC methods: identities, key rings, lookups and signature verification, answered by
//! the key-ring runtime API at a block (the best block if none is given).
//!
//! Values are JSON-friendly: accounts as SS58, hashes, keys and signatures as 0x-hex, enums as camelCase
//! strings, times as milliseconds since the Unix epoch. Identities and keys are written as the `messages_*` and
//! `documents_*` answers write them too, by `sigil_rpc_support::key_ring` (re-exported here).

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_key_ring_runtime_api::KeyRingApi as KeyRingRuntimeApi;
use pallet_key_ring_runtime_api::{EmailClaimInfo, KeyLookup, Verification};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{Moment, ShortKeyId};
pub use sigil_rpc_support::key_ring::{
	identity_json, key_json, short_id_hex, status, IdentityJson, KeyJson, ReasonJson, RevocationJson, StatusJson,
};
use sigil_rpc_support::{invalid_params, runtime_error, BlockQuery};
pub use sigil_rpc_support::{INVALID_PARAMS, RUNTIME_ERROR};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;

/// Who holds an email hash, and whether and by whom the claim was verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailClaimJson<AccountId> {
	pub account: AccountId,
	pub verified: bool,
	pub verified_by: Option<AccountId>,
}

pub fn email_claim_json<AccountId>(claim: EmailClaimInfo<AccountId>) -> EmailClaimJson<AccountId> {
	EmailClaimJson { account: claim.account, verified: claim.verified_by.is_some(), verified_by: claim.verified_by }
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

/// `who`'s identity answer with the claim of the holder of its email hash: whether `who` holds it, and who
/// verified it.
pub fn with_email_claim<AccountId: PartialEq>(
	mut identity: IdentityJson<AccountId>,
	who: &AccountId,
	claim: Option<EmailClaimInfo<AccountId>>,
) -> IdentityJson<AccountId> {
	let held = claim.filter(|claim| identity.email_hash.is_some() && &claim.account == who);
	identity.email_held = Some(held.is_some());
	identity.email_verified_by = held.and_then(|claim| claim.verified_by);
	identity
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
	async fn identity(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Option<IdentityJson<AccountId>>>;

	/// Every key the account ever added, oldest first, with its status.
	#[method(name = "keyRing_keys")]
	async fn keys(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<KeyJson<AccountId>>>;

	/// A key by its full id (0x + 64 hex digits) or short id (0x + 16 hex digits).
	#[method(name = "keyRing_key")]
	async fn key(&self, key_id: String, at: Option<BlockHash>) -> RpcResult<Option<KeyJson<AccountId>>>;

	/// The account whose identity holds this email hash now, verified or not (`keyRing_emailClaim` says which).
	#[method(name = "keyRing_accountByEmailHash")]
	async fn account_by_email_hash(&self, email_hash: H256, at: Option<BlockHash>) -> RpcResult<Option<AccountId>>;

	/// Who holds this email hash, and whether and by whom the claim was verified; `null` if nobody holds it.
	#[method(name = "keyRing_emailClaim")]
	async fn email_claim(
		&self,
		email_hash: H256,
		at: Option<BlockHash>,
	) -> RpcResult<Option<EmailClaimJson<AccountId>>>;

	/// Checks a signature (raw bytes in the key's scheme, 0x-hex) over a message (0x-hex) against a key, and
	/// reports the key's status at `time` (milliseconds; the block's time if `null`).
	#[method(name = "keyRing_verify")]
	async fn verify(
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

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId> KeyRingApiServer<<Block as BlockT>::Hash, AccountId> for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: KeyRingRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + PartialEq + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	async fn identity(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Option<IdentityJson<AccountId>>> {
		self.run(move |this| {
			let block = this.block(at);
			let api = this.client.runtime_api();
			let Some(identity) = api.identity(block, who.clone()).map_err(runtime_error)? else {
				return Ok(None);
			};
			let email_hash = identity.email_hash;
			let json = identity_json(identity);
			// A runtime before API version 2 knows nothing of holders and verification: `emailHeld` stays null.
			let version = api.api_version::<dyn KeyRingRuntimeApi<Block, AccountId>>(block).map_err(runtime_error)?;
			if !version.is_some_and(|version| version >= 2) {
				return Ok(Some(json));
			}
			let claim = match email_hash {
				Some(hash) => api.email_claim(block, hash).map_err(runtime_error)?,
				None => None,
			};
			Ok(Some(with_email_claim(json, &who, claim)))
		})
		.await
	}

	async fn keys(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<KeyJson<AccountId>>> {
		self.run(move |this| {
			let keys = this.client.runtime_api().keys_of(this.block(at), who).map_err(runtime_error)?;
			Ok(keys.into_iter().map(key_json).collect())
		})
		.await
	}

	async fn key(&self, key_id: String, at: Option<Block::Hash>) -> RpcResult<Option<KeyJson<AccountId>>> {
		self.run(move |this| {
			let lookup = parse_key_id(&key_id).map_err(invalid_params)?;
			let key = this.client.runtime_api().key(this.block(at), lookup).map_err(runtime_error)?;
			Ok(key.map(key_json))
		})
		.await
	}

	async fn account_by_email_hash(&self, email_hash: H256, at: Option<Block::Hash>) -> RpcResult<Option<AccountId>> {
		self.run(move |this| {
			this.client.runtime_api().account_by_email_hash(this.block(at), email_hash).map_err(runtime_error)
		})
		.await
	}

	async fn email_claim(
		&self,
		email_hash: H256,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<EmailClaimJson<AccountId>>> {
		self.run(move |this| {
			let claim = this.client.runtime_api().email_claim(this.block(at), email_hash).map_err(runtime_error)?;
			Ok(claim.map(email_claim_json))
		})
		.await
	}

	async fn verify(
		&self,
		key_id: String,
		message: Bytes,
		signature: Bytes,
		time: Option<Moment>,
		at: Option<Block::Hash>,
	) -> RpcResult<VerificationJson<AccountId>> {
		self.run(move |this| {
			let lookup = parse_key_id(&key_id).map_err(invalid_params)?;
			let verification = this
				.client
				.runtime_api()
				.verify(this.block(at), lookup, message.0, signature.0, time)
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
		})
		.await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_key_ring_runtime_api::IdentityInfo;

	#[test]
	fn key_ids_parse_in_both_lengths_and_bad_ones_are_named() {
		let full = format!("0x{}", "ab".repeat(32));
		assert_eq!(parse_key_id(&full), Ok(KeyLookup::Full(H256::repeat_byte(0xab))));
		assert_eq!(parse_key_id("0x0102030405060708"), Ok(KeyLookup::Short(ShortKeyId([1, 2, 3, 4, 5, 6, 7, 8]))));
		assert!(parse_key_id("0x0102").unwrap_err().contains("has 2 bytes"));
		assert!(parse_key_id("0xzz").unwrap_err().contains("not hex"));
	}

	#[test]
	fn identity_answers_say_whether_the_email_hash_is_held_and_verified() {
		let info = IdentityInfo {
			display_name: b"Alice".to_vec(),
			email_hash: Some(H256::repeat_byte(1)),
			registered_at: 5,
			forgotten_at: None,
			live_keys: 0,
		};
		let verified = EmailClaimInfo { account: 1u64, verified_by: Some(9) };
		let held = with_email_claim(identity_json(info.clone()), &1, Some(verified.clone()));
		assert_eq!((held.email_held, held.email_verified_by), (Some(true), Some(9)));
		// Another account holds Alice's hash: her claim is pending, and the verification is not hers.
		let pending = with_email_claim(identity_json(info.clone()), &2, Some(verified.clone()));
		assert_eq!((pending.email_held, pending.email_verified_by), (Some(false), None));
		let nobody = with_email_claim(identity_json::<u64>(info), &1, None);
		assert_eq!((nobody.email_held, nobody.email_verified_by), (Some(false), None));
		assert_eq!(email_claim_json(verified), EmailClaimJson { account: 1, verified: true, verified_by: Some(9) });
	}
}
