//! The `keyRing_*` JSON-RPC methods: identities, key rings, lookups and signature verification, answered by
//! the key-ring runtime API at a block (the best block if none is given).
//!
//! Values are JSON-friendly: accounts as SS58, hashes, keys and signatures as 0x-hex, enums as camelCase
//! strings, times as milliseconds since the Unix epoch. Identities and keys are written as the `messages_*` and
//! `documents_*` answers write them too, by `sigil_rpc_support::key_ring` (re-exported here).

#![deny(missing_docs)]

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
	/// The identity that holds the hash.
	pub account: AccountId,
	/// Whether a verifier vouched for the claim.
	pub verified: bool,
	/// The verifier (a consortium member) who vouched for the claim; `null` while unverified.
	pub verified_by: Option<AccountId>,
}

/// The JSON of an email claim from the runtime API.
pub fn email_claim_json<AccountId>(claim: EmailClaimInfo<AccountId>) -> EmailClaimJson<AccountId> {
	EmailClaimJson { account: claim.account, verified: claim.verified_by.is_some(), verified_by: claim.verified_by }
}

/// The answer of `keyRing_verify`, tagged by `result`: `unknownKey`, `malformedSignature` or `checked`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "result", rename_all_fields = "camelCase")]
pub enum VerificationJson<AccountId> {
	/// No key has this id.
	UnknownKey,
	/// The signature bytes do not fit the key's scheme (64 bytes for ed25519 and sr25519, 65 for ecdsa).
	MalformedSignature,
	/// The key exists and the signature was checked against it.
	Checked {
		/// Boxed: the key is most of the answer's size (serde writes a box as its content).
		key: Box<KeyJson<AccountId>>,
		/// Whether the signature verifies under the key (raw, or `<Bytes>`-wrapped as browser wallets sign).
		signature_valid: bool,
		/// The moment the status is given for: the `time` asked, or the block's time (milliseconds since the Unix
		/// epoch).
		at: Moment,
		/// The key's status at `at`.
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
			if version.is_none_or(|version| version < 2) {
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
					key: Box::new(key_json(key)),
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
	use pallet_key_ring_runtime_api::{IdentityInfo, KeyInfo};
	use sigil_primitives::{KeyPurpose, KeyStatus, PublicKey, RevocationReason};
	use sigil_rpc_support::test_helpers::{account, call, known_block, query, Block, MockClient, ALICE, BOB};
	use sp_api::ApiError;
	use sp_core::{crypto::AccountId32, ed25519};

	/// The block's time in the mocked chain.
	const NOW: Moment = 1_000;

	fn hash_hex(byte: u8) -> String {
		format!("0x{}", hex::encode([byte; 32]))
	}

	/// Alice's one key: an ed25519 signing key added at 100, revoked as compromised at 500.
	fn alices_key() -> KeyInfo<AccountId32> {
		KeyInfo {
			key_id: H256::repeat_byte(0xaa),
			short_id: ShortKeyId([0xaa; 8]),
			owner: account(1),
			public: PublicKey::Ed25519(ed25519::Public::from_raw([5; 32])),
			purpose: KeyPurpose::Signing,
			added_at: 100,
			expires_at: Some(5_000),
			revoked: Some((500, RevocationReason::Compromised)),
			status: KeyStatus::Revoked { revoked_at: 500, reason: RevocationReason::Compromised },
		}
	}

	fn find(lookup: KeyLookup) -> Option<KeyInfo<AccountId32>> {
		let key = alices_key();
		match lookup {
			KeyLookup::Full(id) => (id == key.key_id).then_some(key),
			KeyLookup::Short(short) => (short == key.short_id).then_some(key),
		}
	}

	/// Alice (account 1) registered with an email hash (0x11...) that Bob verified, and one key; nobody else did.
	/// The mock runtime answers as version 1 of the API (`sp_api`'s mocks report the declared version).
	#[derive(Clone)]
	struct Chain;

	sp_api::mock_impl_runtime_apis! {
		impl KeyRingRuntimeApi<Block, AccountId32> for Chain {
			#[advanced]
			fn identity(&self, at: H256, who: AccountId32) -> Result<Option<IdentityInfo>, ApiError> {
				known_block(at)?;
				Ok((who == account(1)).then(|| IdentityInfo {
					display_name: b"Alice \xf0\x9f".to_vec(),
					email_hash: Some(H256::repeat_byte(0x11)),
					registered_at: 50,
					forgotten_at: None,
					live_keys: 0,
				}))
			}

			fn keys_of(who: AccountId32) -> Vec<KeyInfo<AccountId32>> {
				(who == account(1)).then(alices_key).into_iter().collect()
			}

			fn key(lookup: KeyLookup) -> Option<KeyInfo<AccountId32>> {
				find(lookup)
			}

			fn account_by_email_hash(email_hash: H256) -> Option<AccountId32> {
				(email_hash == H256::repeat_byte(0x11)).then(|| account(1))
			}

			/// A signature is 64 bytes; the valid one is 64 sevens. The key is active before 500, revoked from then.
			fn verify(lookup: KeyLookup, _message: Vec<u8>, signature: Vec<u8>, at: Option<Moment>) -> Verification<AccountId32> {
				let Some(key) = find(lookup) else {
					return Verification::UnknownKey;
				};
				if signature.len() != 64 {
					return Verification::MalformedSignature;
				}
				let at = at.unwrap_or(NOW);
				let status_at = if at < 500 { KeyStatus::Active } else { key.status };
				Verification::Checked { key, signature_valid: signature == [7; 64], at, status_at }
			}

			fn email_claim(email_hash: H256) -> Option<EmailClaimInfo<AccountId32>> {
				(email_hash == H256::repeat_byte(0x11))
					.then(|| EmailClaimInfo { account: account(1), verified_by: Some(account(2)) })
			}
		}
	}

	fn rpc() -> jsonrpsee::RpcModule<KeyRing<MockClient<Chain>, Block>> {
		KeyRingApiServer::<H256, AccountId32>::into_rpc(query(Chain))
	}

	/// Alice's key as every answer that carries it writes it.
	fn alices_key_json() -> String {
		format!(
			r#"{{"keyId":"{}","shortId":"0xaaaaaaaaaaaaaaaa","owner":"{ALICE}","keyType":"ed25519","publicKey":"0x{}","purpose":"signing","addedAt":100,"expiresAt":5000,"revoked":{{"at":500,"reason":"compromised"}},"status":{{"status":"revoked","revokedAt":500,"reason":"compromised"}}}}"#,
			hash_hex(0xaa),
			"05".repeat(32)
		)
	}

	#[tokio::test]
	async fn an_identity_has_its_name_as_text_and_hex_and_null_where_there_is_none() {
		let rpc = rpc();
		// Version 1 of the API says nothing of email claims: `emailHeld` and `emailVerifiedBy` stay null.
		assert_eq!(
			call(&rpc, "keyRing_identity", &format!(r#"["{ALICE}"]"#)).await,
			Ok(format!(
				r#"{{"displayName":"Alice �","displayNameHex":"0x416c69636520f09f","emailHash":"{}","registeredAt":50,"forgottenAt":null,"liveKeys":0,"emailHeld":null,"emailVerifiedBy":null}}"#,
				hash_hex(0x11)
			))
		);
		assert_eq!(call(&rpc, "keyRing_identity", &format!(r#"["{BOB}"]"#)).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "keyRing_identity", &format!(r#"["{ALICE}", "{}"]"#, hash_hex(0xee))).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: {}"}}"#,
				hash_hex(0xee)
			))
		);
		assert_eq!(
			call(&rpc, "keyRing_identity", r#"["0x0102"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"Base 58 requirement is violated"}"#.into())
		);
	}

	#[tokio::test]
	async fn keys_are_found_by_owner_full_id_or_short_id() {
		let rpc = rpc();
		let key = alices_key_json();
		assert_eq!(call(&rpc, "keyRing_keys", &format!(r#"["{ALICE}"]"#)).await, Ok(format!("[{key}]")));
		assert_eq!(call(&rpc, "keyRing_keys", &format!(r#"["{BOB}"]"#)).await, Ok("[]".into()));
		assert_eq!(call(&rpc, "keyRing_key", &format!(r#"["{}"]"#, hash_hex(0xaa))).await, Ok(key.clone()));
		assert_eq!(call(&rpc, "keyRing_key", r#"["0xaaaaaaaaaaaaaaaa"]"#).await, Ok(key.clone()));
		assert_eq!(call(&rpc, "keyRing_key", r#"["aaaaaaaaaaaaaaaa"]"#).await, Ok(key));
		assert_eq!(call(&rpc, "keyRing_key", r#"["0xbbbbbbbbbbbbbbbb"]"#).await, Ok("null".into()));
	}

	#[tokio::test]
	async fn a_key_id_that_is_not_hex_or_neither_length_is_refused_with_invalid_params() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "keyRing_key", r#"["0xzz"]"#).await,
			Err(r#"{"code":1002,"message":"key id `0xzz` is not hex: Invalid character 'z' at position 0"}"#.into())
		);
		assert_eq!(
			call(&rpc, "keyRing_key", r#"["0x0102"]"#).await,
			Err(
				r#"{"code":1002,"message":"key id `0x0102` has 2 bytes: give the full id (32 bytes) or the short id (8 bytes)"}"#
					.into()
			)
		);
		assert_eq!(
			call(&rpc, "keyRing_verify", r#"["0x01", "0x", "0x"]"#).await,
			Err(
				r#"{"code":1002,"message":"key id `0x01` has 1 bytes: give the full id (32 bytes) or the short id (8 bytes)"}"#
					.into()
			)
		);
		assert_eq!(
			call(&rpc, "keyRing_key", "[42]").await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid type: integer `42`, expected a string at line 1 column 2"}"#.into())
		);
	}

	#[tokio::test]
	async fn an_email_hash_names_its_holder_and_the_claim_says_who_verified_it() {
		let rpc = rpc();
		let held = format!(r#"["{}"]"#, hash_hex(0x11));
		let free = format!(r#"["{}"]"#, hash_hex(0x22));
		assert_eq!(call(&rpc, "keyRing_accountByEmailHash", &held).await, Ok(format!(r#""{ALICE}""#)));
		assert_eq!(call(&rpc, "keyRing_accountByEmailHash", &free).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "keyRing_emailClaim", &held).await,
			Ok(format!(r#"{{"account":"{ALICE}","verified":true,"verifiedBy":"{BOB}"}}"#))
		);
		assert_eq!(call(&rpc, "keyRing_emailClaim", &free).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "keyRing_emailClaim", r#"["0x11"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid length 2, expected a (both 0x-prefixed or not) hex string or byte array containing 32 bytes at line 1 column 6"}"#.into())
		);
	}

	#[tokio::test]
	async fn a_verification_reports_the_signature_and_the_key_status_at_the_moment_asked() {
		let rpc = rpc();
		let good = format!("0x{}", "07".repeat(64));
		let bad = format!("0x{}", "08".repeat(64));
		let key = alices_key_json();
		assert_eq!(
			call(&rpc, "keyRing_verify", &format!(r#"["0xaaaaaaaaaaaaaaaa", "0x68656c6c6f", "{good}", 400]"#)).await,
			Ok(format!(
				r#"{{"result":"checked","key":{key},"signatureValid":true,"at":400,"statusAt":{{"status":"active"}},"validAndActive":true}}"#
			))
		);
		// At the block's time (no `time`) the key is revoked: a valid signature, but not by an active key.
		assert_eq!(
			call(&rpc, "keyRing_verify", &format!(r#"["0xaaaaaaaaaaaaaaaa", "0x68656c6c6f", "{good}"]"#)).await,
			Ok(format!(
				r#"{{"result":"checked","key":{key},"signatureValid":true,"at":1000,"statusAt":{{"status":"revoked","revokedAt":500,"reason":"compromised"}},"validAndActive":false}}"#
			))
		);
		assert_eq!(
			call(&rpc, "keyRing_verify", &format!(r#"["0xaaaaaaaaaaaaaaaa", "0x", "{bad}", 400]"#)).await,
			Ok(format!(
				r#"{{"result":"checked","key":{key},"signatureValid":false,"at":400,"statusAt":{{"status":"active"}},"validAndActive":false}}"#
			))
		);
		assert_eq!(
			call(&rpc, "keyRing_verify", r#"["0xaaaaaaaaaaaaaaaa", "0x", "0x0102"]"#).await,
			Ok(r#"{"result":"malformedSignature"}"#.into())
		);
		assert_eq!(
			call(&rpc, "keyRing_verify", &format!(r#"["0xbbbbbbbbbbbbbbbb", "0x", "{good}"]"#)).await,
			Ok(r#"{"result":"unknownKey"}"#.into())
		);
		assert_eq!(
			call(&rpc, "keyRing_verify", r#"["0xaaaaaaaaaaaaaaaa", "hello", "0x"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid hex character: h, at 0 at line 1 column 8"}"#.into())
		);
	}

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
