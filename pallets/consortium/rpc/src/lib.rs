//! The `consortium_*` JSON-RPC methods: members and the vote threshold, validator sets (decided, current, queued),
//! admitted accounts, admitted nodes (peer ids in their usual base58 form) and open motions, answered by the
//! consortium runtime API at a block (the best block if none is given).
//!
//! Members, validator sets and admitted accounts are answered as the runtime API gives them; a JSON type remains
//! where the answer adds to it (a page of accounts carries the count) or writes its bytes otherwise (a node's peer
//! id in base58, a motion's pallet and function names as text).

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsPageJson<AccountId, BlockNumber> {
	/// All admitted accounts, not just this page.
	pub count: u32,
	pub accounts: Vec<AdmittedAccount<AccountId, BlockNumber>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeJson<AccountId> {
	/// The libp2p peer id, base58 (as `system_localPeerId` prints it).
	pub peer_id: String,
	pub owner: Option<AccountId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MotionJson<AccountId, BlockNumber, Hash> {
	pub hash: Hash,
	pub index: u32,
	pub pallet: String,
	pub function: String,
	/// The proposed call, SCALE-encoded.
	pub call: Bytes,
	pub threshold: u32,
	pub ayes: Vec<AccountId>,
	pub nays: Vec<AccountId>,
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

