//! What every Sigil JSON-RPC namespace (`keyRing_*`, `trust_*`, ...) shares: the error codes, and the handle its
//! methods answer through, at the block a caller names or at the best block, a bounded number at a time and off
//! the node's async workers; and the JSON more than one namespace answers with (keys and identities in
//! [`key_ring`], validities in [`owner_trust`]), so that no namespace's crate depends on another's.
//!
//! A namespace answers with its runtime API's own types (serialised in camelCase under their `std` feature) where
//! JSON needs nothing more, and with a JSON type where it does: balances as decimal strings, byte strings as text
//! or base58, enums of the shared primitives as camelCase strings, or values the RPC derives.

#![deny(missing_docs)]

use std::{marker::PhantomData, sync::Arc};

use jsonrpsee::{
	core::RpcResult,
	types::error::{ErrorObject, ErrorObjectOwned},
};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;
use tokio::sync::Semaphore;

pub mod key_ring;
pub mod owner_trust;
#[cfg(feature = "test-helpers")]
pub mod test_helpers;

/// The runtime API call failed: the block is unknown or pruned, or its runtime lacks the API.
pub const RUNTIME_ERROR: i32 = 1001;
/// A parameter could not be understood.
pub const INVALID_PARAMS: i32 = 1002;

/// The [`RUNTIME_ERROR`] error object, its message naming the cause.
pub fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

/// The [`INVALID_PARAMS`] error object with `message`.
pub fn invalid_params(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS, message, None::<()>)
}

/// How many of Sigil's queries run at once, node-wide; the others wait their turn, first come first served.
///
/// A query executes the runtime (a trust search reads up to 10,000 edge lists; an inbox page runs one per sender)
/// and may take a large part of a second. Run on the node's async workers (two on a 2-core machine), a few of them
/// would hold up networking, GRANDPA gossip and block announcements; run on unbounded blocking threads, enough of
/// them would take every core and fill tokio's blocking pool, where the block proposer starts its work. So each
/// runs on a blocking thread, and at most this many at once. A waiting query holds no thread.
#[derive(Clone, Debug)]
pub struct QueryLimit {
	slots: Arc<Semaphore>,
	concurrent: usize,
}

impl QueryLimit {
	/// At most `concurrent` queries at once (at least one).
	pub fn new(concurrent: usize) -> Self {
		let concurrent = concurrent.clamp(1, Semaphore::MAX_PERMITS);
		Self { slots: Arc::new(Semaphore::new(concurrent)), concurrent }
	}

	/// Half of this machine's cores, at least one: the other half stays with block import, authoring and the
	/// network whatever the RPC load.
	pub fn half_the_cores() -> Self {
		Self::new(std::thread::available_parallelism().map(|cores| cores.get() / 2).unwrap_or(1))
	}

	/// How many queries may run at once.
	pub fn concurrent(&self) -> usize {
		self.concurrent
	}

	/// Runs `query` on a blocking thread once a slot is free.
	pub async fn run<R: Send + 'static>(&self, query: impl FnOnce() -> RpcResult<R> + Send + 'static) -> RpcResult<R> {
		// The semaphore is never closed; an error here would mean the node is shutting down.
		let _slot = self.slots.acquire().await.map_err(runtime_error)?;
		tokio::task::spawn_blocking(query).await.map_err(runtime_error)?
	}
}

impl Default for QueryLimit {
	fn default() -> Self {
		Self::half_the_cores()
	}
}

/// A node client whose runtime APIs a namespace's methods call. Each namespace implements its server trait on it
/// (and names it after itself, e.g. `pub type KeyRing<C, Block> = BlockQuery<C, Block>`).
pub struct BlockQuery<C, Block> {
	/// The node client whose runtime APIs the methods call.
	pub client: Arc<C>,
	limit: QueryLimit,
	_block: PhantomData<Block>,
}

// By hand: a derive would ask `Block: Clone`.
impl<C, Block> Clone for BlockQuery<C, Block> {
	fn clone(&self) -> Self {
		Self { client: self.client.clone(), limit: self.limit.clone(), _block: PhantomData }
	}
}

impl<C, Block> BlockQuery<C, Block> {
	/// Answers through `client`, sharing `limit` with the node's other Sigil namespaces.
	pub fn new(client: Arc<C>, limit: QueryLimit) -> Self {
		Self { client, limit, _block: PhantomData }
	}
}

impl<C: HeaderBackend<Block>, Block: BlockT> BlockQuery<C, Block> {
	/// The block to answer at: the one asked for, or the best block.
	pub fn block(&self, at: Option<Block::Hash>) -> Block::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C: Send + Sync + 'static, Block: Send + Sync + 'static> BlockQuery<C, Block> {
	/// Answers with `query` run on a copy of this handle, within the node's [`QueryLimit`].
	pub async fn run<R: Send + 'static>(
		&self,
		query: impl FnOnce(&Self) -> RpcResult<R> + Send + 'static,
	) -> RpcResult<R> {
		let this = self.clone();
		self.limit.run(move || query(&this)).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{
		sync::atomic::{AtomicUsize, Ordering},
		time::Duration,
	};

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn no_more_queries_run_at_once_than_the_limit_and_all_are_answered() {
		let limit = QueryLimit::new(2);
		let running = Arc::new(AtomicUsize::new(0));
		let most = Arc::new(AtomicUsize::new(0));
		let queries = (0..12).map(|i| {
			let (limit, running, most) = (limit.clone(), running.clone(), most.clone());
			tokio::spawn(async move {
				limit
					.run(move || {
						let now = running.fetch_add(1, Ordering::SeqCst) + 1;
						most.fetch_max(now, Ordering::SeqCst);
						std::thread::sleep(Duration::from_millis(20));
						running.fetch_sub(1, Ordering::SeqCst);
						Ok(i)
					})
					.await
			})
		});
		let mut answers = Vec::new();
		for query in queries.collect::<Vec<_>>() {
			answers.push(query.await.ok().and_then(|answer| answer.ok()));
		}
		assert_eq!(answers, (0..12).map(Some).collect::<Vec<_>>());
		assert_eq!(most.load(Ordering::SeqCst), 2);
	}

	#[tokio::test(flavor = "current_thread")]
	async fn a_running_query_leaves_the_async_worker_free() {
		// One async worker: if the query ran on it, the timer below could not fire before the query ended.
		let limit = QueryLimit::new(1);
		let query = tokio::spawn(async move {
			limit
				.run(|| {
					std::thread::sleep(Duration::from_millis(300));
					Ok(())
				})
				.await
		});
		let started = std::time::Instant::now();
		tokio::time::sleep(Duration::from_millis(10)).await;
		assert!(started.elapsed() < Duration::from_millis(200), "the async worker was held by the query");
		assert!(matches!(query.await, Ok(Ok(()))));
	}

	#[test]
	fn a_limit_is_at_least_one() {
		assert_eq!(QueryLimit::new(0).concurrent(), 1);
		assert!(QueryLimit::half_the_cores().concurrent() >= 1);
	}
}
