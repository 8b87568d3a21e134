//! The `messages_*` JSON-RPC methods: a message, and inbox and outbox pages, each message with its sender's
//! identity, the signing key, and the verdict for a reader (verified or unverified, with the reasons), answered
//! by the messages and key-ring runtime APIs at a block (the best block if none is given).
//!
//! The reasons a message is unverified are the runtime API's own type. Messages, verdicts and pages keep JSON
//! types: they add the sender's identity, the key, the key's history and the body as text, and write key
//! statuses and trust as the `keyRing_*` and `trust_*` answers do (through `sigil_rpc_support`).

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
	ExpiredAfterSending,
	RevokedAfterSending,
	ExpiredBeforeSending,
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
	#[serde(flatten)]
	pub validity: ValidityJson,
	pub amount: u8,
	pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerdictJson {
	/// Valid signature, key active when sent, sender trusted by the reader.
	pub verified: bool,
	/// Why not, when not verified.
	pub reasons: Vec<ReasonJson>,
	pub signature_valid: bool,
	pub key_history: KeyHistoryJson,
	pub key_status_at_sending: Option<StatusJson>,
	pub key_status_now: Option<StatusJson>,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageJson<AccountId> {
	/// With `counter`, the message's name.
	pub from: AccountId,
	pub to: AccountId,
	/// The body as sent (0x-hex); `bodyText` is the same as UTF-8 when it is valid UTF-8.
	pub body: Bytes,
	pub body_text: Option<String>,
	pub body_hash: H256,
	pub key_id: H256,
	/// The raw signature (0x-hex) in the key's scheme.
	pub signature: Bytes,
	/// The sender's message counter the signature covers: how many messages the sender sent before this one.
	pub counter: u64,
	pub sent_at: Moment,
	pub inbox_index: u64,
	pub outbox_index: u64,
	/// The sender's identity now (`null` if it never registered).
	pub sender: Option<IdentityJson>,
	/// The signing key with its status now.
	pub key: Option<KeyJson<AccountId>>,
	pub verdict: VerdictJson,
}

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
	use sigil_primitives::RevocationReason;

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
