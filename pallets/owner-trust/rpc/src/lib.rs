//! The `trust_*` JSON-RPC methods: trust edges both ways with fraud marks, and validity, amount and paths from a
//! viewer's point of view or the network's, answered by the owner-trust runtime API at a block (the best block if
//! none is given).
//!
//! Values are JSON-friendly: accounts as SS58, levels and validities as camelCase strings. A fraud mark is the
//! runtime API's own type; edges, paths and reports keep JSON types, which write the shared primitives' trust
//! levels and validities as strings (validities as `sigil_rpc_support::owner_trust` writes them for the
//! `messages_*` answers too, re-exported here) and add what the RPC derives (`trusted`, `incomingNext`, `roots`).

#![deny(missing_docs)]

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_owner_trust_runtime_api::OwnerTrustApi as OwnerTrustRuntimeApi;
use pallet_owner_trust_runtime_api::{EdgeInfo, FraudMarkInfo, TrustPath, ValidityReport, MAX_INCOMING_PAGE};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{BlockNumber, TrustLevel};
pub use sigil_rpc_support::owner_trust::{NeverReasonJson, ValidityJson};
pub use sigil_rpc_support::RUNTIME_ERROR;
use sigil_rpc_support::{runtime_error, BlockQuery};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// An owner-trust level, as a camelCase string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LevelJson {
	/// "I don't know": recorded, but introduces nobody.
	Unknown,
	/// "Never": introduces nobody; if the viewer (or a root of the network view) says it, the target is never
	/// valid in that view.
	Never,
	/// A marginally trusted introducer.
	Marginal,
	/// A fully trusted introducer.
	Full,
}

impl From<TrustLevel> for LevelJson {
	fn from(level: TrustLevel) -> Self {
		match level {
			TrustLevel::Unknown => Self::Unknown,
			TrustLevel::Never => Self::Never,
			TrustLevel::Marginal => Self::Marginal,
			TrustLevel::Full => Self::Full,
		}
	}
}

/// One trust edge, seen from one of its ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeJson<AccountId> {
	/// The other end: the target of an outgoing edge, the truster of an incoming one.
	pub account: AccountId,
	/// How far the truster trusts the target to introduce others.
	pub level: LevelJson,
	/// The block the edge was last set in.
	pub set_at: BlockNumber,
}

/// The answer of `trust_edges`: an account's edges both ways, and its fraud mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgesJson<AccountId> {
	/// Every edge the account set, ordered by target.
	pub outgoing: Vec<EdgeJson<AccountId>>,
	/// Edges set on the account, one page.
	pub incoming: Vec<EdgeJson<AccountId>>,
	/// Pass as `incomingStartAfter` for the next page; `null` when this page is the last.
	pub incoming_next: Option<AccountId>,
	/// The fraud mark on the account; `null` if it carries none.
	pub fraud_mark: Option<FraudMarkInfo>,
}

/// A chain of introductions from a root to the target, every identity in between valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathJson<AccountId> {
	/// From the viewer (or a root) to the target.
	pub hops: Vec<AccountId>,
	/// The level of the last edge, which gives the path's amount.
	pub level: LevelJson,
	/// What the last edge is worth, 0 to 120.
	pub amount: u8,
}

/// How a viewer sees a target, with the paths that produced the amount: the answer of `trust_validity`, and of
/// `trust_networkValidity` flattened into [`NetworkReportJson`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidityReportJson<AccountId> {
	/// The target's validity, flattened into this object: `validity`, and `reason` when it is `never`.
	#[serde(flatten)]
	pub validity: ValidityJson,
	/// Ultimately or fully valid.
	pub trusted: bool,
	/// 0 to 120.
	pub amount: u8,
	/// The depth at which the target became valid.
	pub depth: Option<u8>,
	/// One path per valid introducer that vouched for the target directly.
	pub paths: Vec<PathJson<AccountId>>,
	/// Identities whose edges the search read.
	pub visited: u32,
	/// `false` if the search stopped at its bound: the amount may be understated.
	pub complete: bool,
}

/// The answer of `trust_networkValidity`: how the network sees a target, with the roots it starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkReportJson<AccountId> {
	/// The roots the network view starts from (the consortium's members).
	pub roots: Vec<AccountId>,
	/// The report, flattened into this object.
	#[serde(flatten)]
	pub report: ValidityReportJson<AccountId>,
}

fn edge_json<AccountId>(edge: EdgeInfo<AccountId>) -> EdgeJson<AccountId> {
	EdgeJson { account: edge.account, level: edge.level.into(), set_at: edge.set_at }
}

/// The JSON of a validity report from the runtime API, with `trusted` derived from its validity.
pub fn report_json<AccountId>(report: ValidityReport<AccountId>) -> ValidityReportJson<AccountId> {
	ValidityReportJson {
		trusted: report.validity.is_trusted(),
		validity: report.validity.into(),
		amount: report.amount,
		depth: report.depth,
		paths: report
			.paths
			.into_iter()
			.map(|TrustPath { hops, level, amount }| PathJson { hops, level: level.into(), amount })
			.collect(),
		visited: report.visited,
		complete: report.complete,
	}
}

#[rpc(client, server)]
pub trait OwnerTrustApi<BlockHash, AccountId> {
	/// The edges the account set and (one page of) the edges set on it, with its fraud mark.
	#[method(name = "trust_edges")]
	async fn edges(
		&self,
		who: AccountId,
		incoming_start_after: Option<AccountId>,
		at: Option<BlockHash>,
	) -> RpcResult<EdgesJson<AccountId>>;

	/// How `viewer` sees `target`: validity, amount (0-120) and the paths that produced it.
	#[method(name = "trust_validity")]
	async fn validity(
		&self,
		viewer: AccountId,
		target: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<ValidityReportJson<AccountId>>;

	/// How the network (the consortium's members as roots) sees `target`.
	#[method(name = "trust_networkValidity")]
	async fn network_validity(
		&self,
		target: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<NetworkReportJson<AccountId>>;
}

/// The methods' implementation over a client with the owner-trust runtime API.
pub type OwnerTrust<C, Block> = BlockQuery<C, Block>;

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId> OwnerTrustApiServer<<Block as BlockT>::Hash, AccountId> for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: OwnerTrustRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	async fn edges(
		&self,
		who: AccountId,
		incoming_start_after: Option<AccountId>,
		at: Option<Block::Hash>,
	) -> RpcResult<EdgesJson<AccountId>> {
		self.run(move |this| {
			let block = this.block(at);
			let api = this.client.runtime_api();
			let outgoing = api.outgoing(block, who.clone()).map_err(runtime_error)?;
			let incoming =
				api.incoming(block, who.clone(), incoming_start_after, MAX_INCOMING_PAGE).map_err(runtime_error)?;
			let fraud_mark = api.fraud_mark(block, who).map_err(runtime_error)?;
			let incoming_next = (incoming.len() as u32 >= MAX_INCOMING_PAGE)
				.then(|| incoming.last().map(|edge| edge.account.clone()))
				.flatten();
			Ok(EdgesJson {
				outgoing: outgoing.into_iter().map(edge_json).collect(),
				incoming: incoming.into_iter().map(edge_json).collect(),
				incoming_next,
				fraud_mark,
			})
		})
		.await
	}

	async fn validity(
		&self,
		viewer: AccountId,
		target: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<ValidityReportJson<AccountId>> {
		self.run(move |this| {
			let report = this.client.runtime_api().validity(this.block(at), viewer, target).map_err(runtime_error)?;
			Ok(report_json(report))
		})
		.await
	}

	async fn network_validity(
		&self,
		target: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<NetworkReportJson<AccountId>> {
		self.run(move |this| {
			let block = this.block(at);
			let api = this.client.runtime_api();
			let roots = api.network_roots(block).map_err(runtime_error)?;
			let report = api.network_validity(block, target).map_err(runtime_error)?;
			Ok(NetworkReportJson { roots, report: report_json(report) })
		})
		.await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sigil_primitives::{NeverReason, Validity};
	use sigil_rpc_support::test_helpers::{
		account, call, known_block, query, Block, MockClient, ALICE, BOB, CHARLIE, DAVE,
	};
	use sp_api::ApiError;
	use sp_core::{crypto::AccountId32, H256};

	/// The `n`-th of many accounts that trust Dave.
	fn truster(n: u32) -> AccountId32 {
		let mut raw = [0x80; 32];
		raw[..4].copy_from_slice(&n.to_be_bytes());
		AccountId32::new(raw)
	}

	fn edge(account: AccountId32, level: TrustLevel, set_at: BlockNumber) -> EdgeInfo<AccountId32> {
		EdgeInfo { account, level, set_at }
	}

	/// Alice (1) trusts Bob (2) fully and Charlie (3) never; Bob trusts Alice marginally; Charlie carries a fraud
	/// mark; more trusters than fit a page trust Dave (4). Alice is the network's one root.
	#[derive(Clone)]
	struct Chain;

	sp_api::mock_impl_runtime_apis! {
		impl OwnerTrustRuntimeApi<Block, AccountId32> for Chain {
			#[advanced]
			fn outgoing(&self, at: H256, who: AccountId32) -> Result<Vec<EdgeInfo<AccountId32>>, ApiError> {
				known_block(at)?;
				Ok(if who == account(1) {
					vec![edge(account(2), TrustLevel::Full, 10), edge(account(3), TrustLevel::Never, 12)]
				} else {
					vec![]
				})
			}

			fn incoming(who: AccountId32, start_after: Option<AccountId32>, limit: u32) -> Vec<EdgeInfo<AccountId32>> {
				let all: Vec<_> = if who == account(1) {
					vec![edge(account(2), TrustLevel::Marginal, 11)]
				} else if who == account(4) {
					(0..MAX_INCOMING_PAGE + 5).map(|n| edge(truster(n), TrustLevel::Marginal, 30)).collect()
				} else {
					vec![]
				};
				all.into_iter()
					.skip_while(|edge| start_after.as_ref().is_some_and(|after| &edge.account <= after))
					.take(limit as usize)
					.collect()
			}

			fn fraud_mark(who: AccountId32) -> Option<FraudMarkInfo> {
				(who == account(3)).then(|| FraudMarkInfo { marked_at: 20, evidence: H256::repeat_byte(0xee), reports: 2 })
			}

			fn validity(viewer: AccountId32, target: AccountId32) -> ValidityReport<AccountId32> {
				if viewer == account(1) && target == account(2) {
					ValidityReport {
						validity: Validity::Full,
						amount: 120,
						depth: Some(1),
						paths: vec![TrustPath { hops: vec![account(1), account(2)], level: TrustLevel::Full, amount: 120 }],
						visited: 3,
						complete: true,
					}
				} else {
					ValidityReport { validity: Validity::Unknown, amount: 0, depth: None, paths: vec![], visited: 1, complete: false }
				}
			}

			fn network_validity(_target: AccountId32) -> ValidityReport<AccountId32> {
				ValidityReport {
					validity: Validity::Never(NeverReason::FraudMark),
					amount: 0,
					depth: None,
					paths: vec![],
					visited: 2,
					complete: true,
				}
			}

			fn network_roots() -> Vec<AccountId32> {
				vec![account(1)]
			}
		}
	}

	fn rpc() -> jsonrpsee::RpcModule<OwnerTrust<MockClient<Chain>, Block>> {
		OwnerTrustApiServer::<H256, AccountId32>::into_rpc(query(Chain))
	}

	#[tokio::test]
	async fn edges_go_both_ways_with_levels_as_strings_and_the_fraud_mark() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "trust_edges", &format!(r#"["{ALICE}"]"#)).await,
			Ok(format!(
				r#"{{"outgoing":[{{"account":"{BOB}","level":"full","setAt":10}},{{"account":"{CHARLIE}","level":"never","setAt":12}}],"incoming":[{{"account":"{BOB}","level":"marginal","setAt":11}}],"incomingNext":null,"fraudMark":null}}"#
			))
		);
		assert_eq!(
			call(&rpc, "trust_edges", &format!(r#"["{CHARLIE}"]"#)).await,
			Ok(format!(
				r#"{{"outgoing":[],"incoming":[],"incomingNext":null,"fraudMark":{{"markedAt":20,"evidence":"0x{}","reports":2}}}}"#,
				"ee".repeat(32)
			))
		);
		// The page starts after the truster given.
		assert_eq!(
			call(&rpc, "trust_edges", &format!(r#"["{ALICE}", "{BOB}"]"#))
				.await
				.map(|json| json.contains(r#""incoming":[]"#)),
			Ok(true)
		);
	}

	#[tokio::test]
	async fn a_full_page_of_incoming_edges_names_where_the_next_starts() -> Result<(), serde_json::Error> {
		let rpc = rpc();
		let first = call(&rpc, "trust_edges", &format!(r#"["{DAVE}"]"#)).await.unwrap_or_default();
		let first: serde_json::Value = serde_json::from_str(&first)?;
		let last = serde_json::to_value(truster(MAX_INCOMING_PAGE - 1))?;
		assert_eq!(first["incoming"].as_array().map(Vec::len), Some(MAX_INCOMING_PAGE as usize));
		assert_eq!(first["incomingNext"], last);
		let next = call(&rpc, "trust_edges", &format!(r#"["{DAVE}", {last}]"#)).await.unwrap_or_default();
		let next: serde_json::Value = serde_json::from_str(&next)?;
		assert_eq!(next["incoming"].as_array().map(Vec::len), Some(5));
		assert_eq!(next["incomingNext"], serde_json::Value::Null);
		Ok(())
	}

	#[tokio::test]
	async fn a_report_has_a_flat_validity_and_the_network_report_its_roots() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "trust_validity", &format!(r#"["{ALICE}", "{BOB}"]"#)).await,
			Ok(format!(
				r#"{{"validity":"full","trusted":true,"amount":120,"depth":1,"paths":[{{"hops":["{ALICE}","{BOB}"],"level":"full","amount":120}}],"visited":3,"complete":true}}"#
			))
		);
		assert_eq!(
			call(&rpc, "trust_validity", &format!(r#"["{BOB}", "{ALICE}"]"#)).await,
			Ok(r#"{"validity":"unknown","trusted":false,"amount":0,"depth":null,"paths":[],"visited":1,"complete":false}"#.into())
		);
		assert_eq!(
			call(&rpc, "trust_networkValidity", &format!(r#"["{CHARLIE}"]"#)).await,
			Ok(format!(
				r#"{{"roots":["{ALICE}"],"validity":"never","reason":"fraudMark","trusted":false,"amount":0,"depth":null,"paths":[],"visited":2,"complete":true}}"#
			))
		);
	}

	#[tokio::test]
	async fn an_unknown_block_or_a_missing_account_is_refused() {
		let rpc = rpc();
		let unknown = format!("0x{}", "ee".repeat(32));
		assert_eq!(
			call(&rpc, "trust_edges", &format!(r#"["{ALICE}", null, "{unknown}"]"#)).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: {unknown}"}}"#
			))
		);
		assert_eq!(
			call(&rpc, "trust_validity", &format!(r#"["{ALICE}"]"#)).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"No more params"}"#.into())
		);
		assert_eq!(
			call(&rpc, "trust_validity", &format!(r#"["{ALICE}", "Bob"]"#)).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"Invalid SS58 prefix byte."}"#.into())
		);
	}

	#[test]
	fn reports_serialise_with_a_flat_tagged_validity() -> Result<(), serde_json::Error> {
		let report = ValidityReport::<u64> {
			validity: Validity::Never(NeverReason::FraudMark),
			amount: 0,
			depth: None,
			paths: vec![TrustPath { hops: vec![1, 2], level: TrustLevel::Marginal, amount: 40 }],
			visited: 1,
			complete: true,
		};
		assert_eq!(
			serde_json::to_string(&report_json(report))?,
			r#"{"validity":"never","reason":"fraudMark","trusted":false,"amount":0,"depth":null,"paths":[{"hops":[1,2],"level":"marginal","amount":40}],"visited":1,"complete":true}"#
		);
		Ok(())
	}
}
