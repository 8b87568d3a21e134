//! What the namespaces' unit tests share (feature `test-helpers`): a node client over a mocked runtime API, and a
//! JSON-RPC call that returns the answer's JSON exactly as a client receives it.
//!
//! A namespace's tests mock its runtime API with `sp_api::mock_impl_runtime_apis!` over [`Block`], answer through
//! [`query`], and call methods with [`call`]. The mocked chain has one block, [`BEST`]; a mocked API function
//! marked `#[advanced]` refuses any other with [`known_block`], as a node refuses a block it does not have.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sp_api::{ApiError, ApiExt, ApiRef, ProvideRuntimeApi};
use sp_blockchain::{BlockStatus, HeaderBackend, Info};
use sp_core::{crypto::AccountId32, H256};
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, Header as _},
	OpaqueExtrinsic,
};

use crate::{BlockQuery, QueryLimit};

/// The mocked chain's header: `u32` block numbers, blake2-256 hashes.
pub type Header = generic::Header<u32, BlakeTwo256>;
/// The mocked chain's block type, which the namespaces' tests mock their runtime APIs over.
pub type Block = generic::Block<Header, OpaqueExtrinsic>;

/// The mocked chain's best (and only) block.
pub const BEST: H256 = H256::repeat_byte(0xbb);
/// A block the mocked chain does not have.
pub const UNKNOWN: H256 = H256::repeat_byte(0xee);

/// The test account whose 32 bytes are all `byte`.
pub fn account(byte: u8) -> AccountId32 {
	AccountId32::new([byte; 32])
}

/// `account(1)` in SS58 (prefix 42), as the RPC writes accounts: the tests pin these strings, one per account.
pub const ALICE: &str = "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT";
/// `account(2)` in SS58.
pub const BOB: &str = "5C7LYpP2ZH3tpKbvVvwiVe54AapxErdPBbvkYhe6y9ZBkqWt";
/// `account(3)` in SS58.
pub const CHARLIE: &str = "5C8etthaGJi5SkQeEDSaK32ABBjkhwDeK9ksQCTLEGM3EH14";
/// `account(4)` in SS58.
pub const DAVE: &str = "5C9yEy27yLNG5BDMxVwS8RyGBneZB1ouShazFhGZVP8thK5z";
/// `account(5)` in SS58.
pub const EVE: &str = "5CBHb3LfgN2Shc25gnSHwpvNCPZMe6QAaFR77C5nkVvkAK1o";

/// Answers for the block at `at` only if the mocked chain has it.
pub fn known_block(at: H256) -> Result<(), ApiError> {
	if at == BEST {
		Ok(())
	} else {
		Err(ApiError::UnknownBlock(format!("{at:?}")))
	}
}

/// A node client whose runtime API is the mock `api`.
pub struct MockClient<Api> {
	api: Api,
}

impl<Api: ApiExt<Block> + Clone> ProvideRuntimeApi<Block> for MockClient<Api> {
	type Api = Api;

	fn runtime_api(&self) -> ApiRef<'_, Api> {
		self.api.clone().into()
	}
}

impl<Api: Send + Sync> HeaderBackend<Block> for MockClient<Api> {
	fn header(&self, hash: H256) -> sp_blockchain::Result<Option<Header>> {
		Ok((hash == BEST).then(|| Header::new(1, H256::zero(), H256::zero(), H256::zero(), Default::default())))
	}

	fn info(&self) -> Info<Block> {
		Info {
			best_hash: BEST,
			best_number: 1,
			genesis_hash: H256::zero(),
			finalized_hash: BEST,
			finalized_number: 1,
			finalized_state: None,
			number_leaves: 1,
			block_gap: None,
		}
	}

	fn status(&self, hash: H256) -> sp_blockchain::Result<BlockStatus> {
		Ok(if hash == BEST { BlockStatus::InChain } else { BlockStatus::Unknown })
	}

	fn number(&self, hash: H256) -> sp_blockchain::Result<Option<u32>> {
		Ok((hash == BEST).then_some(1))
	}

	fn hash(&self, number: u32) -> sp_blockchain::Result<Option<H256>> {
		Ok((number == 1).then_some(BEST))
	}
}

/// A namespace's handle over the mock `api`.
pub fn query<Api>(api: Api) -> BlockQuery<MockClient<Api>, Block> {
	BlockQuery::new(Arc::new(MockClient { api }), QueryLimit::new(1))
}

/// Calls `method` with `params` (a JSON array) as a client would: the JSON of the result exactly as sent, or of
/// the error object (`{"code":...,"message":...}`).
pub async fn call<Context>(module: &RpcModule<Context>, method: &str, params: &str) -> Result<String, String> {
	let request = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#);
	let (response, _) = match module.raw_json_request(&request, 1).await {
		Ok(answer) => answer,
		Err(error) => panic!("the request {request} is not JSON: {error}"),
	};
	let inner = |prefix: &str| response.strip_prefix(prefix).and_then(|rest| rest.strip_suffix('}')).map(String::from);
	match (inner(r#"{"jsonrpc":"2.0","id":1,"result":"#), inner(r#"{"jsonrpc":"2.0","id":1,"error":"#)) {
		(Some(result), _) => Ok(result),
		(None, Some(error)) => Err(error),
		(None, None) => panic!("not a JSON-RPC answer: {response}"),
	}
}
