//! The `micropay_*` JSON-RPC methods: a coin with its history and reissue links, the coins an account holds, a
//! broker's terms and outstanding coins, and fraud proofs against an account, answered by the micropay runtime API
//! at a block (the best block if none is given).
//!
//! Coins are written `{ "broker": <account>, "serial": <number> }`; amounts are strings of the smallest unit, so
//! that JavaScript clients keep their precision. A coin's state and transfers are the runtime API's own types;
//! the JSON types around them remain for the amounts, the coin ids and the fraud proofs' restructured spends.

#![deny(missing_docs)]

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

/// A coin's id: `{ "broker": <account>, "serial": <number> }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoinIdJson<AccountId> {
	/// The broker that issued the coin and redeems it.
	pub broker: AccountId,
	/// The coin's serial number among the broker's coins, from 0 up.
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

/// A coin with its transfer history, as `micropay_coin` and `micropay_coinsOf` answer: the runtime API's
/// [`CoinInfo`] with its value as a string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoinJson<AccountId> {
	/// The coin's broker and serial.
	pub id: CoinIdJson<AccountId>,
	/// The original owner: who bought the coin or was issued it (carried over by a reissue).
	pub owner: AccountId,
	/// Who holds the coin now, and may pay or redeem it.
	pub holder: AccountId,
	/// Whose funds back the coin, held for it: the buyer's (purchase) or the broker's (issue).
	pub backer: AccountId,
	/// The coin's value: a decimal string of the chain's smallest unit.
	pub value: String,
	/// From this moment on the coin moves no more and may be reissued: milliseconds since the Unix epoch.
	pub expiry: Moment,
	/// How many times the coin has moved (0 when issued or reissued).
	pub seq: u32,
	/// Active, reissued or redeemed.
	pub state: CoinStateJson,
	/// The serial this coin reissues.
	pub previous: Option<u64>,
	/// When the coin was issued (or, if it continues an expired coin, reissued): milliseconds since the Unix epoch,
	/// from the chain's timestamp.
	pub issued_at: Moment,
	/// The transfers so far, oldest first (kept until the coin is retired).
	pub history: Vec<TransferInfo<AccountId>>,
	/// How many double spends of the coin were proven.
	pub double_spends: u32,
}

/// A payer's bond for off-line payments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BondJson {
	/// The funds held as the bond, a decimal string of the chain's smallest unit: what is left after compensating
	/// victims.
	pub amount: String,
	/// When the unbonding the payer asked for completes; `null` when not unbonding.
	pub unlocks_at: Option<Moment>,
}

/// A broker's terms and coins, as `micropay_broker` answers; amounts are decimal strings of the chain's smallest
/// unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrokerJson<AccountId> {
	/// Paid to the broker on purchase, and again kept by the broker from the backing on redemption.
	pub fee: String,
	/// How long a coin (or a reissued coin) is valid, in milliseconds.
	pub validity: Moment,
	/// The largest value of one coin.
	pub max_value: String,
	/// A suspended broker issues no new coins; its coins stay payable, reissuable and redeemable.
	pub suspended: bool,
	/// The serial number the broker's next coin (issued or reissued) gets.
	pub next_serial: u64,
	/// How many of its coins are active (neither reissued nor redeemed).
	pub outstanding: u32,
	/// The total value of the active coins.
	pub outstanding_value: String,
	/// Its active coins' ids, among the first [`MAX_BROKER_COINS`](pallet_micropay_runtime_api::MAX_BROKER_COINS)
	/// of its coins in state.
	pub active_coins: Vec<CoinIdJson<AccountId>>,
}

/// A transfer a payer signed off line, flattened: the transfer's fields, then the key and the signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedTransferJson<AccountId> {
	/// The coin paid with.
	pub coin: CoinIdJson<AccountId>,
	/// The sequence number the coin was to get by this transfer.
	pub seq: u32,
	/// The coin's holder, who signed.
	pub payer: AccountId,
	/// Who was to receive the coin.
	pub payee: AccountId,
	/// The first moment the transfer may be claimed, in milliseconds since the Unix epoch.
	pub valid_from: Moment,
	/// The last moment the transfer may be claimed, in milliseconds since the Unix epoch.
	pub valid_until: Moment,
	/// The id of the payer's ring key that signed it.
	pub key_id: H256,
	/// The signature's raw bytes, without its scheme (the key's type gives it).
	pub signature: Bytes,
}

/// The first of two spends of the same (coin, seq), tagged by `kind`: `recorded`, `signed`, `redeemed` or
/// `reissued`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", rename_all_fields = "camelCase")]
pub enum FirstSpendJson<AccountId> {
	/// The spend the chain recorded; `offline` when it was a claimed signed transfer.
	Recorded {
		/// Who received the coin.
		to: AccountId,
		/// When the chain recorded the transfer: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
		/// Whether the transfer was a claimed signed transfer rather than the holder's own payment.
		offline: bool,
	},
	/// A signed transfer submitted as evidence (a report of two promises).
	Signed {
		/// The transfer, as the payer signed it.
		transfer: SignedTransferJson<AccountId>,
	},
	/// The holder redeemed the coin, using up the seq.
	Redeemed {
		/// When the coin was redeemed: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
	/// The coin was reissued, using up the seq.
	Reissued {
		/// When the coin was reissued: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
}

/// Proof that a payer spent the same (coin, seq) twice, as `micropay_fraudProofs` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FraudProofJson<AccountId> {
	/// blake2-256 of the SCALE-encoded proof: as `DoubleSpendDetected` reported it, and as governance names it
	/// (`upholdDoubleSpend`, `dismissProof`).
	pub hash: H256,
	/// The first use of the (coin, seq).
	pub first: FirstSpendJson<AccountId>,
	/// The second, conflicting promise of the same (coin, seq), signed by the payer: its `payer` is the offender.
	pub second: SignedTransferJson<AccountId>,
	/// When the proof reached the chain: milliseconds since the Unix epoch, from the chain's timestamp.
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

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_micropay_runtime_api::{BondInfo, CoinState};
	use sigil_primitives::{KeySignature, Transfer};
	use sigil_rpc_support::test_helpers::{
		account, call, known_block, query, Block, MockClient, ALICE, BOB, CHARLIE, DAVE, EVE,
	};
	use sp_api::ApiError;
	use sp_core::{crypto::AccountId32, ed25519};

	/// More than a JavaScript number holds exactly.
	const BIG: u128 = u128::MAX;

	fn eves_coin(serial: u64) -> CoinId<AccountId32> {
		CoinId { broker: account(5), serial }
	}

	/// Eve's (5) coin 1, which Alice (1) paid to Bob (2) off line; coin 2 was reissued as coin 3.
	fn coin_info(id: CoinId<AccountId32>) -> Option<CoinInfo<AccountId32, u128>> {
		let state = match id.serial {
			1 => CoinState::Active,
			2 => CoinState::Reissued { into: 3, at: 800 },
			_ => return None,
		};
		(id.broker == account(5)).then(|| CoinInfo {
			id,
			owner: account(1),
			holder: account(2),
			backer: account(5),
			value: BIG,
			expiry: 9_000,
			seq: 1,
			state,
			previous: None,
			issued_at: 100,
			history: vec![TransferInfo { seq: 1, from: account(1), to: account(2), at: 200, offline: true }],
			double_spends: 0,
		})
	}

	/// Bob paying coin 1's second spend to Dave (4).
	fn bobs_transfer() -> SignedTransfer<AccountId32> {
		SignedTransfer {
			transfer: Transfer {
				coin: eves_coin(1),
				seq: 2,
				payer: account(2),
				payee: account(4),
				valid_from: 400,
				valid_until: 500,
			},
			key_id: H256::repeat_byte(0xbb),
			signature: KeySignature::Ed25519(ed25519::Signature::from_raw([9; 64])),
		}
	}

	/// The proofs against Bob: his second spend after a recorded off-line spend to Charlie (3), after a signed
	/// transfer, and after redeeming the coin.
	fn proofs() -> Vec<FraudProof<AccountId32>> {
		let proof = |first| FraudProof { first, second: bobs_transfer(), detected_at: 460, disputed: false };
		vec![
			proof(FirstSpend::Recorded {
				to: account(3),
				at: 450,
				proof: TransferProof::OffLine {
					key_id: H256::repeat_byte(0xbb),
					signature: KeySignature::Ed25519(ed25519::Signature::from_raw([9; 64])),
					valid_from: 400,
					valid_until: 500,
				},
			}),
			proof(FirstSpend::Signed(bobs_transfer())),
			FraudProof { disputed: true, ..proof(FirstSpend::Redeemed { at: 470 }) },
		]
	}

	#[derive(Clone)]
	struct Chain;

	sp_api::mock_impl_runtime_apis! {
		impl MicropayRuntimeApi<Block, AccountId32, u128> for Chain {
			#[advanced]
			fn coin(&self, at: H256, id: CoinId<AccountId32>) -> Result<Option<CoinInfo<AccountId32, u128>>, ApiError> {
				known_block(at)?;
				Ok(coin_info(id))
			}

			fn coins_of(who: AccountId32) -> Vec<CoinInfo<AccountId32, u128>> {
				if who == account(2) { coin_info(eves_coin(1)).into_iter().collect() } else { vec![] }
			}

			fn broker(who: AccountId32) -> Option<BrokerInfo<AccountId32, u128>> {
				(who == account(5)).then(|| BrokerInfo {
					fee: 10,
					validity: 86_400_000,
					max_value: 1_000_000_000_000_000_000_000,
					suspended: false,
					next_serial: 4,
					outstanding: 1,
					outstanding_value: BIG,
					active_coins: vec![eves_coin(1)],
				})
			}

			fn fraud_proofs(who: AccountId32) -> Vec<FraudProof<AccountId32>> {
				if who == account(2) { proofs() } else { vec![] }
			}

			fn bond(who: AccountId32) -> Option<BondInfo<u128>> {
				(who == account(2)).then_some(BondInfo { amount: BIG, unlocks_at: Some(1_000) })
			}
		}
	}

	fn rpc() -> jsonrpsee::RpcModule<Micropay<MockClient<Chain>, Block>> {
		MicropayApiServer::<H256, AccountId32, u128>::into_rpc(query(Chain))
	}

	fn coin_answer(serial: u64, state: &str) -> String {
		format!(
			r#"{{"id":{{"broker":"{EVE}","serial":{serial}}},"owner":"{ALICE}","holder":"{BOB}","backer":"{EVE}","value":"340282366920938463463374607431768211455","expiry":9000,"seq":1,"state":{state},"previous":null,"issuedAt":100,"history":[{{"seq":1,"from":"{ALICE}","to":"{BOB}","at":200,"offline":true}}],"doubleSpends":0}}"#
		)
	}

	#[tokio::test]
	async fn a_coin_has_its_value_as_a_string_and_its_state_tagged() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "micropay_coin", &format!(r#"["{EVE}", 1]"#)).await,
			Ok(coin_answer(1, r#"{"state":"active"}"#))
		);
		assert_eq!(
			call(&rpc, "micropay_coin", &format!(r#"["{EVE}", 2]"#)).await,
			Ok(coin_answer(2, r#"{"state":"reissued","into":3,"at":800}"#))
		);
		assert_eq!(call(&rpc, "micropay_coin", &format!(r#"["{EVE}", 9]"#)).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "micropay_coinsOf", &format!(r#"["{BOB}"]"#)).await,
			Ok(format!("[{}]", coin_answer(1, r#"{"state":"active"}"#)))
		);
		assert_eq!(call(&rpc, "micropay_coinsOf", &format!(r#"["{ALICE}"]"#)).await, Ok("[]".into()));
	}

	#[tokio::test]
	async fn a_broker_and_a_bond_have_their_amounts_as_strings() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "micropay_broker", &format!(r#"["{EVE}"]"#)).await,
			Ok(format!(
				r#"{{"fee":"10","validity":86400000,"maxValue":"1000000000000000000000","suspended":false,"nextSerial":4,"outstanding":1,"outstandingValue":"340282366920938463463374607431768211455","activeCoins":[{{"broker":"{EVE}","serial":1}}]}}"#
			))
		);
		assert_eq!(call(&rpc, "micropay_broker", &format!(r#"["{BOB}"]"#)).await, Ok("null".into()));
		assert_eq!(
			call(&rpc, "micropay_bond", &format!(r#"["{BOB}"]"#)).await,
			Ok(r#"{"amount":"340282366920938463463374607431768211455","unlocksAt":1000}"#.into())
		);
		assert_eq!(call(&rpc, "micropay_bond", &format!(r#"["{EVE}"]"#)).await, Ok("null".into()));
	}

	#[tokio::test]
	async fn fraud_proofs_are_named_by_their_hash_with_the_first_spend_tagged_by_kind() {
		let rpc = rpc();
		let second = format!(
			r#"{{"coin":{{"broker":"{EVE}","serial":1}},"seq":2,"payer":"{BOB}","payee":"{DAVE}","validFrom":400,"validUntil":500,"keyId":"0x{}","signature":"0x{}"}}"#,
			"bb".repeat(32),
			"09".repeat(64)
		);
		let firsts = [
			format!(r#"{{"kind":"recorded","to":"{CHARLIE}","at":450,"offline":true}}"#),
			format!(r#"{{"kind":"signed","transfer":{second}}}"#),
			r#"{"kind":"redeemed","at":470}"#.to_string(),
		];
		let expected: Vec<String> = proofs()
			.iter()
			.zip(firsts)
			.map(|(proof, first)| {
				format!(
					r#"{{"hash":"{:?}","first":{first},"second":{second},"detectedAt":460,"disputed":{}}}"#,
					BlakeTwo256::hash_of(proof),
					proof.disputed
				)
			})
			.collect();
		assert_eq!(
			call(&rpc, "micropay_fraudProofs", &format!(r#"["{BOB}"]"#)).await,
			Ok(format!("[{}]", expected.join(",")))
		);
		assert_eq!(call(&rpc, "micropay_fraudProofs", &format!(r#"["{ALICE}"]"#)).await, Ok("[]".into()));
	}

	#[tokio::test]
	async fn bad_parameters_and_unknown_blocks_are_refused() {
		let rpc = rpc();
		let unknown = format!("0x{}", "ee".repeat(32));
		assert_eq!(
			call(&rpc, "micropay_coin", &format!(r#"["{EVE}", 1, "{unknown}"]"#)).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: {unknown}"}}"#
			))
		);
		assert_eq!(
			call(&rpc, "micropay_coin", &format!(r#"["{EVE}", -1]"#)).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid value: integer `-1`, expected u64 at line 1 column 3"}"#.into())
		);
		assert_eq!(
			call(&rpc, "micropay_coin", r#"[{"broker": "x", "serial": 1}]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid type: map, expected a string at line 1 column 0"}"#.into())
		);
	}
}
