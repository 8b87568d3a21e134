//! The `consortium_*` JSON-RPC methods: members and the vote threshold, validator sets (decided, current, queued),
//! admitted accounts, admitted nodes (peer ids in their usual base58 form) and open motions, answered by the
//! consortium runtime API at a block (the best block if none is given).
//!
//! Members, validator sets and admitted accounts are answered as the runtime API gives them; a JSON type remains
//! where the answer adds to it (a page of accounts carries the count) or writes its bytes otherwise (a node's peer
//! id in base58, a motion's pallet and function names as text).

#![deny(missing_docs)]

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_consortium_runtime_api::ConsortiumApi as ConsortiumRuntimeApi;
use pallet_consortium_runtime_api::{AdmittedAccount, MembersInfo, ValidatorSets, MAX_ACCOUNTS_PAGE};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_rpc_support::{invalid_params, runtime_error, BlockQuery};
pub use sigil_rpc_support::{INVALID_PARAMS, RUNTIME_ERROR};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::Bytes;
use sp_runtime::traits::Block as BlockT;

/// The answer of `consortium_accounts`: a page of admitted accounts, and how many are admitted in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsPageJson<AccountId, BlockNumber> {
	/// All admitted accounts, not just this page.
	pub count: u32,
	/// This page: up to `limit` accounts after `startAfter`, in storage order, each with the block it was admitted
	/// at.
	pub accounts: Vec<AdmittedAccount<AccountId, BlockNumber>>,
}

/// An admitted (well-known) node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeJson<AccountId> {
	/// The libp2p peer id, base58 (as `system_localPeerId` prints it).
	pub peer_id: String,
	/// The account that owns the node; `null` if none.
	pub owner: Option<AccountId>,
}

/// An open motion of the consortium's members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MotionJson<AccountId, BlockNumber, Hash> {
	/// The proposal's hash: `vote` and `close` name the motion by it and its index.
	pub hash: Hash,
	/// The proposal's index: pallet-collective numbers motions in the order they were proposed, from 0.
	pub index: u32,
	/// The proposed call's pallet name.
	pub pallet: String,
	/// The proposed call's function name.
	pub function: String,
	/// The proposed call, SCALE-encoded.
	pub call: Bytes,
	/// Ayes the proposer asked for.
	pub threshold: u32,
	/// The members that voted aye.
	pub ayes: Vec<AccountId>,
	/// The members that voted nay.
	pub nays: Vec<AccountId>,
	/// The block after which the motion can be closed whatever the votes.
	pub end: BlockNumber,
}

#[rpc(client, server)]
pub trait ConsortiumApi<BlockHash, AccountId, BlockNumber, Hash> {
	/// The members and what a motion needs to pass.
	#[method(name = "consortium_members")]
	async fn members(&self, at: Option<BlockHash>) -> RpcResult<MembersInfo<AccountId>>;

	/// The validator set decided by the members, the current one and the one queued for the next session.
	#[method(name = "consortium_validators")]
	async fn validators(&self, at: Option<BlockHash>) -> RpcResult<ValidatorSets<AccountId, BlockNumber>>;

	/// A page of admitted accounts (`limit` at most 100, default 100) after `startAfter`, in storage order.
	#[method(name = "consortium_accounts")]
	async fn accounts(
		&self,
		start_after: Option<AccountId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<AccountsPageJson<AccountId, BlockNumber>>;

	/// Whether an account is admitted, and since when; `null` if it is not.
	#[method(name = "consortium_account")]
	async fn account(
		&self,
		who: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<AdmittedAccount<AccountId, BlockNumber>>>;

	/// The admitted nodes.
	#[method(name = "consortium_nodes")]
	async fn nodes(&self, at: Option<BlockHash>) -> RpcResult<Vec<NodeJson<AccountId>>>;

	/// The members' open motions with their votes.
	#[method(name = "consortium_motions")]
	async fn motions(&self, at: Option<BlockHash>) -> RpcResult<Vec<MotionJson<AccountId, BlockNumber, Hash>>>;
}

/// The methods' implementation over a client with the consortium runtime API.
pub type Consortium<C, Block> = BlockQuery<C, Block>;

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId, BlockNumber, Hash> ConsortiumApiServer<<Block as BlockT>::Hash, AccountId, BlockNumber, Hash>
	for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsortiumRuntimeApi<Block, AccountId, BlockNumber, Hash>,
	AccountId: Codec + Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
	BlockNumber: Codec + Send + Sync + Serialize + DeserializeOwned + 'static,
	Hash: Codec + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	async fn members(&self, at: Option<Block::Hash>) -> RpcResult<MembersInfo<AccountId>> {
		self.run(move |this| this.client.runtime_api().members(this.block(at)).map_err(runtime_error)).await
	}

	async fn validators(&self, at: Option<Block::Hash>) -> RpcResult<ValidatorSets<AccountId, BlockNumber>> {
		self.run(move |this| this.client.runtime_api().validators(this.block(at)).map_err(runtime_error)).await
	}

	async fn accounts(
		&self,
		start_after: Option<AccountId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<AccountsPageJson<AccountId, BlockNumber>> {
		self.run(move |this| {
			let limit = limit.unwrap_or(MAX_ACCOUNTS_PAGE);
			if limit == 0 || limit > MAX_ACCOUNTS_PAGE {
				return Err(invalid_params(format!("limit must be 1..={MAX_ACCOUNTS_PAGE}, not {limit}")));
			}
			let block = this.block(at);
			let api = this.client.runtime_api();
			let count = api.admitted_account_count(block).map_err(runtime_error)?;
			let accounts = api.admitted_accounts(block, start_after, limit).map_err(runtime_error)?;
			Ok(AccountsPageJson { count, accounts })
		})
		.await
	}

	async fn account(
		&self,
		who: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<AdmittedAccount<AccountId, BlockNumber>>> {
		self.run(move |this| {
			let since = this.client.runtime_api().admission(this.block(at), who.clone()).map_err(runtime_error)?;
			Ok(since.map(|since| AdmittedAccount { account: who, since }))
		})
		.await
	}

	async fn nodes(&self, at: Option<Block::Hash>) -> RpcResult<Vec<NodeJson<AccountId>>> {
		self.run(move |this| {
			let nodes = this.client.runtime_api().nodes(this.block(at)).map_err(runtime_error)?;
			Ok(nodes
				.into_iter()
				.map(|node| NodeJson { peer_id: bs58::encode(node.peer_id).into_string(), owner: node.owner })
				.collect())
		})
		.await
	}

	async fn motions(&self, at: Option<Block::Hash>) -> RpcResult<Vec<MotionJson<AccountId, BlockNumber, Hash>>> {
		self.run(move |this| {
			let motions = this.client.runtime_api().motions(this.block(at)).map_err(runtime_error)?;
			Ok(motions
				.into_iter()
				.map(|motion| MotionJson {
					hash: motion.hash,
					index: motion.index,
					pallet: String::from_utf8_lossy(&motion.pallet).into_owned(),
					function: String::from_utf8_lossy(&motion.function).into_owned(),
					call: motion.call.into(),
					threshold: motion.threshold,
					ayes: motion.ayes,
					nays: motion.nays,
					end: motion.end,
				})
				.collect())
		})
		.await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_consortium_runtime_api::{AdmittedNode, MemberAdmissions, Motion};
	use sigil_rpc_support::test_helpers::{account, call, known_block, query, Block, ALICE, BOB, CHARLIE};
	use sp_api::ApiError;
	use sp_core::{crypto::AccountId32, H256};

	/// A consortium of accounts 1 and 2 (the prime), which admitted 1 at genesis and 2 and 3 later.
	#[derive(Clone)]
	struct Chain;

	sp_api::mock_impl_runtime_apis! {
		impl ConsortiumRuntimeApi<Block, AccountId32, u32, H256> for Chain {
			#[advanced]
			fn members(&self, at: H256) -> Result<MembersInfo<AccountId32>, ApiError> {
				known_block(at)?;
				Ok(MembersInfo {
					members: vec![account(1), account(2)],
					prime: Some(account(2)),
					threshold_numerator: 1,
					threshold_denominator: 2,
					ayes_needed: 2,
				})
			}

			fn validators() -> ValidatorSets<AccountId32, u32> {
				ValidatorSets {
					decided: vec![account(1), account(2)],
					current: vec![account(1)],
					queued: vec![account(1), account(2)],
					session_index: 3,
					session_length: 600,
					next_session_at: Some(2400),
					min_validators: 1,
					max_validators: 100,
				}
			}

			fn admitted_accounts(start_after: Option<AccountId32>, limit: u32) -> Vec<AdmittedAccount<AccountId32, u32>> {
				[(1, 0), (2, 7), (3, 9)]
					.into_iter()
					.map(|(byte, since)| AdmittedAccount { account: account(byte), since })
					.skip_while(|admitted| start_after.as_ref().is_some_and(|after| &admitted.account <= after))
					.take(limit as usize)
					.collect()
			}

			fn admitted_account_count() -> u32 {
				3
			}

			fn admission(who: AccountId32) -> Option<u32> {
				(who == account(2)).then_some(7)
			}

			fn nodes() -> Vec<AdmittedNode<AccountId32>> {
				vec![
					AdmittedNode { peer_id: vec![0, 1, 2], owner: Some(account(1)) },
					AdmittedNode { peer_id: vec![9], owner: None },
				]
			}

			fn motions() -> Vec<Motion<AccountId32, u32, H256>> {
				vec![Motion {
					hash: H256::repeat_byte(0x11),
					index: 4,
					pallet: b"Consortium".to_vec(),
					function: b"add_member\xff".to_vec(),
					call: vec![1, 2, 3],
					threshold: 2,
					ayes: vec![account(1)],
					nays: vec![],
					end: 1000,
				}]
			}

			fn admitted_by(_who: AccountId32) -> Option<AccountId32> {
				None
			}

			fn member_admissions(_member: AccountId32) -> MemberAdmissions {
				MemberAdmissions { admitted: 0, quota: 0, is_member: false }
			}
		}
	}

	fn rpc() -> jsonrpsee::RpcModule<Consortium<sigil_rpc_support::test_helpers::MockClient<Chain>, Block>> {
		ConsortiumApiServer::<H256, AccountId32, u32, H256>::into_rpc(query(Chain))
	}

	#[tokio::test]
	async fn members_and_validators_are_the_runtime_api_views_in_camel_case() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "consortium_members", "[]").await,
			Ok(format!(
				r#"{{"members":["{ALICE}","{BOB}"],"prime":"{BOB}","thresholdNumerator":1,"thresholdDenominator":2,"ayesNeeded":2}}"#
			))
		);
		assert_eq!(
			call(&rpc, "consortium_validators", "[null]").await,
			Ok(format!(
				r#"{{"decided":["{ALICE}","{BOB}"],"current":["{ALICE}"],"queued":["{ALICE}","{BOB}"],"sessionIndex":3,"sessionLength":600,"nextSessionAt":2400,"minValidators":1,"maxValidators":100}}"#
			))
		);
	}

	#[tokio::test]
	async fn a_block_is_named_by_its_hash_and_an_unknown_one_is_a_runtime_error() {
		let rpc = rpc();
		let best = format!(r#"["0x{}"]"#, "bb".repeat(32));
		assert!(call(&rpc, "consortium_members", &best).await.is_ok());
		let unknown = format!(r#"["0x{}"]"#, "ee".repeat(32));
		assert_eq!(
			call(&rpc, "consortium_members", &unknown).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: 0x{}"}}"#,
				"ee".repeat(32)
			))
		);
		assert_eq!(
			call(&rpc, "consortium_members", r#"["0x1234"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid length 4, expected a (both 0x-prefixed or not) hex string or byte array containing 32 bytes at line 1 column 8"}"#.into())
		);
	}

	#[tokio::test]
	async fn accounts_come_in_pages_with_the_count_and_a_bad_limit_is_refused() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "consortium_accounts", "[]").await,
			Ok(format!(
				r#"{{"count":3,"accounts":[{{"account":"{ALICE}","since":0}},{{"account":"{BOB}","since":7}},{{"account":"{CHARLIE}","since":9}}]}}"#
			))
		);
		assert_eq!(
			call(&rpc, "consortium_accounts", &format!(r#"["{ALICE}", 1]"#)).await,
			Ok(format!(r#"{{"count":3,"accounts":[{{"account":"{BOB}","since":7}}]}}"#))
		);
		assert_eq!(
			call(&rpc, "consortium_accounts", "[null, 0]").await,
			Err(r#"{"code":1002,"message":"limit must be 1..=100, not 0"}"#.into())
		);
		assert_eq!(
			call(&rpc, "consortium_accounts", "[null, 101]").await,
			Err(r#"{"code":1002,"message":"limit must be 1..=100, not 101"}"#.into())
		);
		assert_eq!(
			call(&rpc, "consortium_accounts", r#"["5Alice"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"Base 58 requirement is violated"}"#.into())
		);
	}

	#[tokio::test]
	async fn an_account_answers_since_when_it_is_admitted_or_null() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "consortium_account", &format!(r#"["{BOB}"]"#)).await,
			Ok(format!(r#"{{"account":"{BOB}","since":7}}"#))
		);
		assert_eq!(call(&rpc, "consortium_account", &format!(r#"["{CHARLIE}"]"#)).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "consortium_account", "[]").await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"No more params"}"#.into())
		);
	}

	#[tokio::test]
	async fn nodes_have_base58_peer_ids_and_motions_name_their_call_in_text() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "consortium_nodes", "[]").await,
			Ok(format!(r#"[{{"peerId":"15T","owner":"{ALICE}"}},{{"peerId":"A","owner":null}}]"#))
		);
		assert_eq!(
			call(&rpc, "consortium_motions", "[]").await,
			Ok(format!(
				r#"[{{"hash":"0x{}","index":4,"pallet":"Consortium","function":"add_member�","call":"0x010203","threshold":2,"ayes":["{ALICE}"],"nays":[],"end":1000}}]"#,
				"11".repeat(32)
			))
		);
	}
}
