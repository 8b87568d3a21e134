//! The `messages_*` JSON-RPC methods: a message, and inbox and outbox pages, each message with its sender's
//! identity, the signing key, and the verdict for a reader (verified or unverified, with the reasons), answered
//! by the messages and key-ring runtime APIs at a block (the best block if none is given).
//!
//! The reasons a message is unverified are the runtime API's own type. Messages, verdicts and pages keep JSON
//! types: they add the sender's identity, the key, the key's history and the body as text, and write key
//! statuses and trust as the `keyRing_*` and `trust_*` answers do (through `sigil_rpc_support`).

#![deny(missing_docs)]

use std::collections::BTreeMap;

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_key_ring_runtime_api::{KeyLookup, KeyRingApi as KeyRingRuntimeApi};
pub use pallet_messages_runtime_api::MessagesApi as MessagesRuntimeApi;
use pallet_messages_runtime_api::{MessageView, Page, Verdict, MAX_PAGE};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{KeyStatus, Moment};
pub use sigil_rpc_support::RUNTIME_ERROR;
use sigil_rpc_support::{
	key_ring::{identity_json, key_json, signature_bytes, status, IdentityJson, KeyJson, StatusJson},
	owner_trust::ValidityJson,
	runtime_error, BlockQuery,
};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;

/// The page size when a caller gives none.
pub const DEFAULT_PAGE: u32 = 20;

/// What became of the signing key, relative to the moment the message was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyHistoryJson {
	/// Active when sent and still active.
	Active,
	/// Active when sent, expired since.
	ExpiredAfterSending,
	/// Active when sent, revoked since (for any reason).
	RevokedAfterSending,
	/// Expired at or before the moment the message was sent.
	ExpiredBeforeSending,
	/// Revoked at or before the moment the message was sent.
	RevokedBeforeSending,
	/// The key was added after the message's time (cannot happen for messages the chain accepted).
	NotYetAddedWhenSent,
	/// The key is not in any ring.
	UnknownKey,
}

fn key_history(at_sending: Option<KeyStatus>, now: Option<KeyStatus>) -> KeyHistoryJson {
	match (at_sending, now) {
		(Some(KeyStatus::Active), Some(KeyStatus::Revoked { .. })) => KeyHistoryJson::RevokedAfterSending,
		(Some(KeyStatus::Active), Some(KeyStatus::Expired { .. })) => KeyHistoryJson::ExpiredAfterSending,
		(Some(KeyStatus::Active), Some(_)) => KeyHistoryJson::Active,
		(Some(KeyStatus::Revoked { .. }), _) => KeyHistoryJson::RevokedBeforeSending,
		(Some(KeyStatus::Expired { .. }), _) => KeyHistoryJson::ExpiredBeforeSending,
		(Some(KeyStatus::NotYetAdded { .. }), _) => KeyHistoryJson::NotYetAddedWhenSent,
		(None, _) | (Some(KeyStatus::Active), None) => KeyHistoryJson::UnknownKey,
	}
}

/// Why a message is not verified for its reader (`"senderNotTrusted"`, ...): the runtime API's own type.
pub use pallet_messages_runtime_api::Unverified as ReasonJson;

/// How the reader sees the sender, from owner trust.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustJson {
	/// The sender's validity in the reader's view, flattened: `"validity"`, with `"reason"` when it is `never`.
	#[serde(flatten)]
	pub validity: ValidityJson,
	/// The trust amount, 0 to [`FULL_TRUST_AMOUNT`](sigil_primitives::FULL_TRUST_AMOUNT).
	pub amount: u8,
	/// `false` when the trust search stopped at its bound before finishing: the amount may be understated.
	pub complete: bool,
}

/// How one reader sees a message: verified or not, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictJson {
	/// Valid signature, key active when sent, sender trusted by the reader.
	pub verified: bool,
	/// Why not, when not verified.
	pub reasons: Vec<ReasonJson>,
	/// Whether the signature verifies under the sender's key.
	pub signature_valid: bool,
	/// What became of the key, relative to the moment the message was sent.
	pub key_history: KeyHistoryJson,
	/// The key's status when the message was sent (`null`: the key is unknown).
	pub key_status_at_sending: Option<StatusJson>,
	/// The key's status at the queried block's time (`null`: the key is unknown).
	pub key_status_now: Option<StatusJson>,
	/// Whether the sender has a registered identity now.
	pub sender_registered: bool,
	/// `null`: the chain has no owner trust, so trust is unknown.
	pub sender_trust: Option<TrustJson>,
}

fn verdict_json(verdict: Verdict) -> VerdictJson {
	VerdictJson {
		verified: verdict.verified,
		reasons: verdict.reasons,
		signature_valid: verdict.signature_valid,
		key_history: key_history(verdict.key_status_at_sending, verdict.key_status_now),
		key_status_at_sending: verdict.key_status_at_sending.map(status),
		key_status_now: verdict.key_status_now.map(status),
		sender_registered: verdict.sender_registered,
		sender_trust: verdict.sender_trust.map(|trust| TrustJson {
			validity: trust.validity.into(),
			amount: trust.amount,
			complete: trust.complete,
		}),
	}
}

/// A stored message with its sender's identity, its signing key, and its verdict for a reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageJson<AccountId> {
	/// With `counter`, the message's name.
	pub from: AccountId,
	/// The recipient.
	pub to: AccountId,
	/// The body as sent (0x-hex); `bodyText` is the same as UTF-8 when it is valid UTF-8.
	pub body: Bytes,
	/// The body as text; `null` when it is not valid UTF-8.
	pub body_text: Option<String>,
	/// The blake2-256 hash of the body, which the signature covers.
	pub body_hash: H256,
	/// The id of the sender's ring key that signed the message.
	pub key_id: H256,
	/// The raw signature (0x-hex) in the key's scheme.
	pub signature: Bytes,
	/// The sender's message counter the signature covers: how many messages the sender sent before this one.
	pub counter: u64,
	/// When the message was stored: milliseconds since the Unix epoch, from the chain's timestamp.
	pub sent_at: Moment,
	/// The message's index in the recipient's inbox.
	pub inbox_index: u64,
	/// The message's index in the sender's outbox: the same as `counter`.
	pub outbox_index: u64,
	/// The sender's identity now (`null` if it never registered).
	pub sender: Option<IdentityJson>,
	/// The signing key with its status now.
	pub key: Option<KeyJson<AccountId>>,
	/// How the reader sees the message.
	pub verdict: VerdictJson,
}

/// One page of an inbox or outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageJson<AccountId> {
	/// Newest first.
	pub messages: Vec<MessageJson<AccountId>>,
	/// How many messages the box ever held.
	pub total: u64,
	/// Pass as `before` for the next (older) page; `null` at the end.
	pub next_before: Option<u64>,
}

/// The `messages_*` methods, each answered at block `at` (the best block if `null`).
#[rpc(client, server)]
pub trait MessagesApi<BlockHash, AccountId> {
	/// The message `from` sent as its `counter`-th (from 0), with its sender, key and verdict for `reader` (the
	/// recipient if `null`).
	#[method(name = "messages_message")]
	async fn message(
		&self,
		from: AccountId,
		counter: u64,
		reader: Option<AccountId>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<MessageJson<AccountId>>>;

	/// The inbox of `account`, newest first: `limit` index slots (default 20, at most 100) below `before` (the
	/// newest if `null`). Verdicts for `reader` (the recipient if `null`).
	#[method(name = "messages_inbox")]
	async fn inbox(
		&self,
		account: AccountId,
		reader: Option<AccountId>,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<PageJson<AccountId>>;

	/// The outbox of `account`, in the same way (verdicts for each message's recipient if `reader` is `null`).
	#[method(name = "messages_outbox")]
	async fn outbox(
		&self,
		account: AccountId,
		reader: Option<AccountId>,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<PageJson<AccountId>>;
}

/// The methods' implementation over a client with the messages and key-ring runtime APIs.
pub type Messages<C, Block> = BlockQuery<C, Block>;

/// Turns message views into JSON, looking up each sender's identity and each key once per call.
fn messages_json<C, Block, AccountId>(
	query: &BlockQuery<C, Block>,
	block: Block::Hash,
	views: Vec<MessageView<AccountId>>,
) -> RpcResult<Vec<MessageJson<AccountId>>>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
	C::Api: KeyRingRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Ord,
{
	let api = query.client.runtime_api();
	let mut senders = BTreeMap::new();
	let mut keys = BTreeMap::new();
	let mut out = Vec::with_capacity(views.len());
	for view in views {
		let sender = match senders.get(&view.from) {
			Some(sender) => Clone::clone(sender),
			None => {
				let sender = api.identity(block, view.from.clone()).map_err(runtime_error)?.map(identity_json);
				senders.insert(view.from.clone(), sender.clone());
				sender
			}
		};
		let key = match keys.get(&view.key_id) {
			Some(key) => Clone::clone(key),
			None => {
				let key = api.key(block, KeyLookup::Full(view.key_id)).map_err(runtime_error)?;
				keys.insert(view.key_id, key.clone());
				key
			}
		};
		out.push(MessageJson {
			body_text: String::from_utf8(view.body.clone()).ok(),
			body: view.body.into(),
			from: view.from,
			to: view.to,
			body_hash: view.body_hash,
			key_id: view.key_id,
			signature: signature_bytes(&view.signature),
			counter: view.counter,
			sent_at: view.sent_at,
			inbox_index: view.inbox_index,
			outbox_index: view.outbox_index,
			sender,
			key: key.map(key_json),
			verdict: verdict_json(view.verdict),
		});
	}
	Ok(out)
}

fn page_json<C, Block, AccountId>(
	query: &BlockQuery<C, Block>,
	block: Block::Hash,
	page: Page<AccountId>,
) -> RpcResult<PageJson<AccountId>>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block>,
	C::Api: KeyRingRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Ord,
{
	Ok(PageJson {
		messages: messages_json(query, block, page.messages)?,
		total: page.total,
		next_before: page.next_before,
	})
}

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId> MessagesApiServer<<Block as BlockT>::Hash, AccountId> for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MessagesRuntimeApi<Block, AccountId> + KeyRingRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Ord + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	async fn message(
		&self,
		from: AccountId,
		counter: u64,
		reader: Option<AccountId>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<MessageJson<AccountId>>> {
		self.run(move |this| {
			let block = this.block(at);
			let view = this.client.runtime_api().message(block, from, counter, reader).map_err(runtime_error)?;
			Ok(messages_json(this, block, view.into_iter().collect())?.pop())
		})
		.await
	}

	async fn inbox(
		&self,
		account: AccountId,
		reader: Option<AccountId>,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<PageJson<AccountId>> {
		self.run(move |this| {
			let block = this.block(at);
			let limit = limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
			let page = this.client.runtime_api().inbox(block, account, reader, before, limit).map_err(runtime_error)?;
			page_json(this, block, page)
		})
		.await
	}

	async fn outbox(
		&self,
		account: AccountId,
		reader: Option<AccountId>,
		before: Option<u64>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<PageJson<AccountId>> {
		self.run(move |this| {
			let block = this.block(at);
			let limit = limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
			let page =
				this.client.runtime_api().outbox(block, account, reader, before, limit).map_err(runtime_error)?;
			page_json(this, block, page)
		})
		.await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_key_ring_runtime_api::{IdentityInfo, KeyInfo};
	use pallet_messages_runtime_api::Unverified;
	use sigil_primitives::{
		KeyPurpose, KeySignature, NeverReason, PublicKey, RevocationReason, ShortKeyId, TrustSummary, Validity,
	};
	use sigil_rpc_support::test_helpers::{account, call, known_block, query, Block, MockClient, ALICE, BOB, DAVE};
	use sp_api::ApiError;
	use sp_core::{crypto::AccountId32, ed25519, sr25519};
	use std::sync::{
		atomic::{AtomicU32, Ordering},
		Arc,
	};

	const COMPROMISED: KeyStatus = KeyStatus::Revoked { revoked_at: 500, reason: RevocationReason::Compromised };

	fn hex32(byte: u8) -> String {
		format!("0x{}", format!("{byte:02x}").repeat(32))
	}

	/// Alice's `counter`-th message to Bob, signed by her key that was revoked as compromised after she sent it;
	/// Bob does not trust her (she carries a fraud mark).
	fn from_alice(counter: u64) -> MessageView<AccountId32> {
		MessageView {
			from: account(1),
			to: account(2),
			body: b"hello".to_vec(),
			body_hash: H256::repeat_byte(0x33),
			key_id: H256::repeat_byte(0xaa),
			signature: KeySignature::Sr25519(sr25519::Signature::from_raw([7; 64])),
			counter,
			sent_at: 400,
			inbox_index: counter,
			outbox_index: counter,
			verdict: Verdict {
				signature_valid: true,
				key_status_at_sending: Some(KeyStatus::Active),
				key_status_now: Some(COMPROMISED),
				sender_registered: true,
				sender_trust: Some(TrustSummary {
					validity: Validity::Never(NeverReason::FraudMark),
					amount: 0,
					complete: true,
				}),
				verified: false,
				reasons: vec![Unverified::SenderNotTrusted, Unverified::KeyCompromised],
			},
		}
	}

	/// A message from Dave (4), who never registered, signed by a key no ring holds, with a body that is not
	/// UTF-8, on a chain without owner trust.
	fn from_dave() -> MessageView<AccountId32> {
		MessageView {
			from: account(4),
			to: account(2),
			body: vec![0xff, 0x00],
			body_hash: H256::repeat_byte(0x44),
			key_id: H256::repeat_byte(0xdd),
			signature: KeySignature::Ed25519(ed25519::Signature::from_raw([8; 64])),
			counter: 0,
			sent_at: 600,
			inbox_index: 2,
			outbox_index: 0,
			verdict: Verdict {
				signature_valid: false,
				key_status_at_sending: None,
				key_status_now: None,
				sender_registered: false,
				sender_trust: None,
				verified: false,
				reasons: vec![Unverified::BadSignature, Unverified::SenderNotRegistered, Unverified::TrustUnknown],
			},
		}
	}

	/// Alice sent Bob two messages, Dave one. The mocked runtime counts the identity and key lookups it answers.
	/// An empty box (anyone else's) reports the `limit` it was asked for as its `total`, and `before` as its
	/// `nextBefore`.
	#[derive(Clone, Default)]
	struct Chain {
		identity_lookups: Arc<AtomicU32>,
		key_lookups: Arc<AtomicU32>,
	}

	fn empty_box(before: Option<u64>, limit: u32) -> Page<AccountId32> {
		Page { messages: vec![], total: limit.into(), next_before: before }
	}

	sp_api::mock_impl_runtime_apis! {
		impl MessagesRuntimeApi<Block, AccountId32> for Chain {
			#[advanced]
			fn message(
				&self,
				at: H256,
				from: AccountId32,
				counter: u64,
				_reader: Option<AccountId32>,
			) -> Result<Option<MessageView<AccountId32>>, ApiError> {
				known_block(at)?;
				Ok((from == account(1) && counter < 2).then(|| from_alice(counter)))
			}

			fn inbox(who: AccountId32, _reader: Option<AccountId32>, before: Option<u64>, limit: u32) -> Page<AccountId32> {
				if who == account(2) {
					Page { messages: vec![from_dave(), from_alice(1), from_alice(0)], total: 3, next_before: None }
				} else {
					empty_box(before, limit)
				}
			}

			fn outbox(who: AccountId32, _reader: Option<AccountId32>, before: Option<u64>, limit: u32) -> Page<AccountId32> {
				if who == account(4) {
					Page { messages: vec![from_dave()], total: 1, next_before: None }
				} else {
					empty_box(before, limit)
				}
			}
		}

		impl KeyRingRuntimeApi<Block, AccountId32> for Chain {
			fn identity(&self, who: AccountId32) -> Option<IdentityInfo> {
				self.identity_lookups.fetch_add(1, Ordering::SeqCst);
				(who == account(1)).then(|| IdentityInfo {
					display_name: b"Alice".to_vec(),
					email_hash: None,
					registered_at: 50,
					forgotten_at: None,
					live_keys: 1,
				})
			}

			fn key(&self, lookup: KeyLookup) -> Option<KeyInfo<AccountId32>> {
				self.key_lookups.fetch_add(1, Ordering::SeqCst);
				(lookup == KeyLookup::Full(H256::repeat_byte(0xaa))).then(|| KeyInfo {
					key_id: H256::repeat_byte(0xaa),
					short_id: ShortKeyId([0xaa; 8]),
					owner: account(1),
					public: PublicKey::Sr25519(sr25519::Public::from_raw([5; 32])),
					purpose: KeyPurpose::Signing,
					added_at: 100,
					expires_at: None,
					revoked: Some((500, RevocationReason::Compromised)),
					status: COMPROMISED,
				})
			}
		}
	}

	fn rpc(chain: Chain) -> jsonrpsee::RpcModule<Messages<MockClient<Chain>, Block>> {
		MessagesApiServer::<H256, AccountId32>::into_rpc(query(chain))
	}

	/// Alice's `counter`-th message as the answers write it.
	fn alices_json(counter: u64) -> String {
		format!(
			r#"{{"from":"{ALICE}","to":"{BOB}","body":"0x68656c6c6f","bodyText":"hello","bodyHash":"{}","keyId":"{}","signature":"0x{}","counter":{counter},"sentAt":400,"inboxIndex":{counter},"outboxIndex":{counter},"sender":{{"displayName":"Alice","displayNameHex":"0x416c696365","emailHash":null,"registeredAt":50,"forgottenAt":null,"liveKeys":1,"emailHeld":null,"emailVerifiedBy":null}},"key":{{"keyId":"{}","shortId":"0xaaaaaaaaaaaaaaaa","owner":"{ALICE}","keyType":"sr25519","publicKey":"0x{}","purpose":"signing","addedAt":100,"expiresAt":null,"revoked":{{"at":500,"reason":"compromised"}},"status":{{"status":"revoked","revokedAt":500,"reason":"compromised"}}}},"verdict":{{"verified":false,"reasons":["senderNotTrusted","keyCompromised"],"signatureValid":true,"keyHistory":"revokedAfterSending","keyStatusAtSending":{{"status":"active"}},"keyStatusNow":{{"status":"revoked","revokedAt":500,"reason":"compromised"}},"senderRegistered":true,"senderTrust":{{"validity":"never","reason":"fraudMark","amount":0,"complete":true}}}}}}"#,
			hex32(0x33),
			hex32(0xaa),
			"07".repeat(64),
			hex32(0xaa),
			"05".repeat(32),
		)
	}

	/// Dave's message: no text, no sender, no key, no trust.
	fn daves_json() -> String {
		format!(
			r#"{{"from":"{DAVE}","to":"{BOB}","body":"0xff00","bodyText":null,"bodyHash":"{}","keyId":"{}","signature":"0x{}","counter":0,"sentAt":600,"inboxIndex":2,"outboxIndex":0,"sender":null,"key":null,"verdict":{{"verified":false,"reasons":["badSignature","senderNotRegistered","trustUnknown"],"signatureValid":false,"keyHistory":"unknownKey","keyStatusAtSending":null,"keyStatusNow":null,"senderRegistered":false,"senderTrust":null}}}}"#,
			hex32(0x44),
			hex32(0xdd),
			"08".repeat(64),
		)
	}

	#[tokio::test]
	async fn a_message_comes_with_its_sender_key_and_verdict() {
		let rpc = rpc(Chain::default());
		assert_eq!(call(&rpc, "messages_message", &format!(r#"["{ALICE}", 1]"#)).await, Ok(alices_json(1)));
		assert_eq!(call(&rpc, "messages_message", &format!(r#"["{ALICE}", 0, "{BOB}"]"#)).await, Ok(alices_json(0)));
		assert_eq!(call(&rpc, "messages_message", &format!(r#"["{ALICE}", 2]"#)).await, Ok("null".into()));
	}

	#[tokio::test]
	async fn a_page_looks_each_sender_and_key_up_once() {
		let chain = Chain::default();
		let rpc = rpc(chain.clone());
		assert_eq!(
			call(&rpc, "messages_inbox", &format!(r#"["{BOB}"]"#)).await,
			Ok(format!(
				r#"{{"messages":[{},{},{}],"total":3,"nextBefore":null}}"#,
				daves_json(),
				alices_json(1),
				alices_json(0)
			))
		);
		assert_eq!(chain.identity_lookups.load(Ordering::SeqCst), 2);
		assert_eq!(chain.key_lookups.load(Ordering::SeqCst), 2);
		assert_eq!(
			call(&rpc, "messages_outbox", &format!(r#"["{DAVE}", "{BOB}"]"#)).await,
			Ok(format!(r#"{{"messages":[{}],"total":1,"nextBefore":null}}"#, daves_json()))
		);
	}

	#[tokio::test]
	async fn a_page_asks_for_20_slots_unless_told_and_never_more_than_100() {
		let rpc = rpc(Chain::default());
		for (method, params, asked) in [
			("messages_inbox", format!(r#"["{ALICE}"]"#), r#"{"messages":[],"total":20,"nextBefore":null}"#),
			("messages_inbox", format!(r#"["{ALICE}", null, 7, 5]"#), r#"{"messages":[],"total":5,"nextBefore":7}"#),
			(
				"messages_outbox",
				format!(r#"["{ALICE}", null, null, 500]"#),
				r#"{"messages":[],"total":100,"nextBefore":null}"#,
			),
		] {
			assert_eq!(call(&rpc, method, &params).await, Ok(asked.into()), "{method} {params}");
		}
	}

	#[tokio::test]
	async fn bad_parameters_and_unknown_blocks_are_refused() {
		let rpc = rpc(Chain::default());
		let unknown = hex32(0xee);
		assert_eq!(
			call(&rpc, "messages_message", &format!(r#"["{ALICE}", 0, null, "{unknown}"]"#)).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: {unknown}"}}"#
			))
		);
		assert_eq!(
			call(&rpc, "messages_message", &format!(r#"["{ALICE}", "0"]"#)).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid type: string \"0\", expected u64 at line 1 column 4"}"#.into())
		);
		assert_eq!(
			call(&rpc, "messages_inbox", &format!(r#"["{BOB}", null, null, -1]"#)).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid value: integer `-1`, expected u32 at line 1 column 3"}"#.into())
		);
	}

	#[test]
	fn the_key_history_names_revocation_and_expiry_relative_to_sending() {
		let revoked = KeyStatus::Revoked { revoked_at: 5, reason: RevocationReason::Compromised };
		let expired = KeyStatus::Expired { expired_at: 5 };
		let active = KeyStatus::Active;
		assert_eq!(key_history(Some(active), Some(revoked)), KeyHistoryJson::RevokedAfterSending);
		assert_eq!(key_history(Some(active), Some(expired)), KeyHistoryJson::ExpiredAfterSending);
		assert_eq!(key_history(Some(active), Some(active)), KeyHistoryJson::Active);
		assert_eq!(key_history(Some(revoked), Some(revoked)), KeyHistoryJson::RevokedBeforeSending);
		assert_eq!(key_history(Some(expired), Some(expired)), KeyHistoryJson::ExpiredBeforeSending);
		assert_eq!(key_history(None, None), KeyHistoryJson::UnknownKey);
		assert_eq!(
			serde_json::to_string(&KeyHistoryJson::RevokedAfterSending).ok(),
			Some("\"revokedAfterSending\"".into())
		);
	}
}
