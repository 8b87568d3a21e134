//! What every Sigil JSON-RPC namespace (`keyRing_*`, `trust_*`, ...) shares: the error codes, and the handle its
//! methods answer through, at the block a caller names or at the best block.

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::types::error::{ErrorObject, ErrorObjectOwned};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// The runtime API call failed: the block is unknown or pruned, or its runtime lacks the API.
pub const RUNTIME_ERROR: i32 = 1001;
/// A parameter could not be understood.
pub const INVALID_PARAMS: i32 = 1002;

pub fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

pub fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS, message, None::<()>)
}

/// A node client whose runtime APIs a namespace's methods call. Each namespace implements its server trait on it
/// (and names it after itself, e.g. `pub type KeyRing<C, Block> = BlockQuery<C, Block>`).
pub struct BlockQuery<C, Block> {
	pub client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> BlockQuery<C, Block> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C: HeaderBackend<Block>, Block: BlockT> BlockQuery<C, Block> {
	/// The block to answer at: the one asked for, or the best block.
	pub fn block(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}
