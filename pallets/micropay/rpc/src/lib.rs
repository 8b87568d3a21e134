//! The `micropay_*` JSON-RPC methods: a coin with its history and reissue links, the coins an account holds, a
//! broker's terms and outstanding coins, and fraud proofs against an account, answered by the micropay runtime API
//! at a block (the best block if none is given).
//!
//! Coins are written `{ "broker": <account>, "serial": <number> }`; amounts are strings of the smallest unit, so
//! that JavaScript clients keep their precision. A coin's state and transfers are the runtime API's own types;
//! the JSON types around them remain for the amounts, the coin ids and the fraud proofs' restructured spends.

use codec::{Codec, Encode};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_micropay_runtime_api::MicropayApi as MicropayRuntimeApi;
use pallet_micropay_runtime_api::{BrokerInfo, CoinInfo, TransferInfo};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{CoinId, FirstSpend, FraudProof, Moment, SignedTransfer, TransferProof};
pub use sigil_rpc_support::RUNTIME_ERROR;
use sigil_rpc_support::{key_ring::signature_bytes, runtime_error, BlockQuery};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::{BlakeTwo256, Block as BlockT, Hash};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoinIdJson<AccountId> {
	pub broker: AccountId,
	pub serial: u64,
}

impl<AccountId> From<CoinId<AccountId>> for CoinIdJson<AccountId> {
	fn from(id: CoinId<AccountId>) -> Self {
		Self { broker: id.broker, serial: id.serial }
	}
}

/// A coin's state (`{ "state": "active" }`, `reissued` with `into` and `at`, `redeemed` with `at`): the runtime
/// API's own type.
pub use pallet_micropay_runtime_api::CoinState as CoinStateJson;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoinJson<AccountId> {
	pub id: CoinIdJson<AccountId>,
	pub owner: AccountId,
	pub holder: AccountId,
	pub backer: AccountId,
	pub value: String,
	pub expiry: Moment,
	pub seq: u32,
	pub state: CoinStateJson,
	/// The serial this coin reissues.
	pub previous: Option<u64>,
	pub issued_at: Moment,
	pub history: Vec<TransferInfo<AccountId>>,
	/// How many double spends of the coin were proven.
	pub double_spends: u32,
}

/// A payer's bond for off-line payments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BondJson {
	pub amount: String,
	/// When the unbonding the payer asked for completes; `null` when not unbonding.
	pub unlocks_at: Option<Moment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrokerJson<AccountId> {
	pub fee: String,
	pub validity: Moment,
	pub max_value: String,
	pub suspended: bool,
	pub next_serial: u64,
	pub outstanding: u32,
	pub outstanding_value: String,
	pub active_coins: Vec<CoinIdJson<AccountId>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedTransferJson<AccountId> {
	pub coin: CoinIdJson<AccountId>,
	pub seq: u32,
	pub payer: AccountId,
	pub payee: AccountId,
	pub valid_from: Moment,
	pub valid_until: Moment,
	pub key_id: H256,
	pub signature: Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", rename_all_fields = "camelCase")]
pub enum FirstSpendJson<AccountId> {
	/// The spend the chain recorded; `offline` when it was a claimed signed transfer.
	Recorded {
		to: AccountId,
		at: Moment,
		offline: bool,
	},
	Signed {
		transfer: SignedTransferJson<AccountId>,
	},
	/// The holder redeemed the coin, using up the seq.
	Redeemed {
		at: Moment,
	},
	/// The coin was reissued, using up the seq.
	Reissued {
		at: Moment,
	},
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FraudProofJson<AccountId> {
	/// blake2-256 of the SCALE-encoded proof: as `DoubleSpendDetected` reported it, and as governance names it
	/// (`upholdDoubleSpend`, `dismissProof`).
	pub hash: H256,
	pub first: FirstSpendJson<AccountId>,
	pub second: SignedTransferJson<AccountId>,
	pub detected_at: Moment,
	/// A key in it had been reported compromised when it reached the chain: no mark until governance upholds it.
	pub disputed: bool,
}

fn signed_transfer_json<AccountId>(signed: SignedTransfer<AccountId>) -> SignedTransferJson<AccountId> {
	SignedTransferJson {
		signature: signature_bytes(&signed.signature),
		key_id: signed.key_id,
		coin: signed.transfer.coin.into(),
		seq: signed.transfer.seq,
		payer: signed.transfer.payer,
		payee: signed.transfer.payee,
		valid_from: signed.transfer.valid_from,
		valid_until: signed.transfer.valid_until,
	}
}

fn coin_json<AccountId, Balance: ToString>(coin: CoinInfo<AccountId, Balance>) -> CoinJson<AccountId> {
	CoinJson {
		id: coin.id.into(),
		owner: coin.owner,
		holder: coin.holder,
		backer: coin.backer,
		value: coin.value.to_string(),
		expiry: coin.expiry,
		seq: coin.seq,
		state: coin.state,
		previous: coin.previous,
		issued_at: coin.issued_at,
		history: coin.history,
		double_spends: coin.double_spends,
	}
}

fn fraud_proof_json<AccountId: Encode>(proof: FraudProof<AccountId>) -> FraudProofJson<AccountId> {
	FraudProofJson {
		hash: BlakeTwo256::hash_of(&proof),
		first: match proof.first {
			FirstSpend::Recorded { to, at, proof } => {
				FirstSpendJson::Recorded { to, at, offline: matches!(proof, TransferProof::OffLine { .. }) }
			}
			FirstSpend::Signed(signed) => FirstSpendJson::Signed { transfer: signed_transfer_json(signed) },
			FirstSpend::Redeemed { at } => FirstSpendJson::Redeemed { at },
			FirstSpend::Reissued { at } => FirstSpendJson::Reissued { at },
		},
		second: signed_transfer_json(proof.second),
		detected_at: proof.detected_at,
		disputed: proof.disputed,
	}
}

#[rpc(client, server)]
pub trait MicropayApi<BlockHash, AccountId, Balance> {
	/// A coin with its transfer history and reissue link, or `null`.
	#[method(name = "micropay_coin")]
	async fn coin(
		&self,
		broker: AccountId,
		serial: u64,
		at: Option<BlockHash>,
	) -> RpcResult<Option<CoinJson<AccountId>>>;

	/// The active coins an account holds.
	#[method(name = "micropay_coinsOf")]
	async fn coins_of(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<CoinJson<AccountId>>>;

	/// A broker's terms and outstanding coins, or `null`.
	#[method(name = "micropay_broker")]
	async fn broker(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Option<BrokerJson<AccountId>>>;

	/// The double-spend proofs kept against an account.
	#[method(name = "micropay_fraudProofs")]
	async fn fraud_proofs(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Vec<FraudProofJson<AccountId>>>;

	/// An account's bond for off-line payments, or `null`.
	#[method(name = "micropay_bond")]
	async fn bond(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<Option<BondJson>>;
}

/// The methods' implementation over a client with the micropay runtime API.
pub type Micropay<C, Block> = BlockQuery<C, Block>;

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId, Balance> MicropayApiServer<<Block as BlockT>::Hash, AccountId, Balance>
	for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MicropayRuntimeApi<Block, AccountId, Balance>,
	AccountId: Codec + Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
	Balance: Codec + ToString + Send + Sync + 'static,
{
	async fn coin(
		&self,
		broker: AccountId,
		serial: u64,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<CoinJson<AccountId>>> {
		self.run(move |this| {
			let coin =
				this.client.runtime_api().coin(this.block(at), CoinId { broker, serial }).map_err(runtime_error)?;
			Ok(coin.map(coin_json))
		})
		.await
	}

	async fn coins_of(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<CoinJson<AccountId>>> {
		self.run(move |this| {
			let coins = this.client.runtime_api().coins_of(this.block(at), who).map_err(runtime_error)?;
			Ok(coins.into_iter().map(coin_json).collect())
		})
		.await
	}

	async fn broker(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Option<BrokerJson<AccountId>>> {
		self.run(move |this| {
			let broker = this.client.runtime_api().broker(this.block(at), who).map_err(runtime_error)?;
			Ok(broker.map(|b: BrokerInfo<AccountId, Balance>| BrokerJson {
				fee: b.fee.to_string(),
				validity: b.validity,
				max_value: b.max_value.to_string(),
				suspended: b.suspended,
				next_serial: b.next_serial,
				outstanding: b.outstanding,
				outstanding_value: b.outstanding_value.to_string(),
				active_coins: b.active_coins.into_iter().map(Into::into).collect(),
			}))
		})
		.await
	}

	async fn fraud_proofs(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Vec<FraudProofJson<AccountId>>> {
		self.run(move |this| {
			let proofs = this.client.runtime_api().fraud_proofs(this.block(at), who).map_err(runtime_error)?;
			Ok(proofs.into_iter().map(fraud_proof_json).collect())
		})
		.await
	}

	async fn bond(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<Option<BondJson>> {
		self.run(move |this| {
			let bond = this.client.runtime_api().bond(this.block(at), who).map_err(runtime_error)?;
			Ok(bond.map(|bond| BondJson { amount: bond.amount.to_string(), unlocks_at: bond.unlocks_at }))
		})
		.await
	}
}

