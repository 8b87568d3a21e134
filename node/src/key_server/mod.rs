//! The node's OpenPGP key server (`--hkp-port`): HKP lookups as `gpg --recv-keys`, `--search-keys` and
//! `--refresh-keys` send them, and keys.openpgp.org's VKS paths, answered from the finalized block's key ring with
//! the keys their owners bound and published on chain. Uploads are refused: a key is published by its owner's
//! transaction, never by whoever holds a copy.
//!
//! A lookup runs the runtime (a few storage reads) within the node's `--rpc-query-threads` limit, shared with
//! Sigil's JSON-RPC queries, so that key server load cannot take the cores block production needs.

mod answer;
mod request;

use std::{convert::Infallible, net::SocketAddr, sync::Arc, time::Duration};

use http_body_util::Full;
use hyper::{body::Bytes, header, server::conn::http1, service::service_fn, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use pallet_key_ring_runtime_api::{KeyLookup, KeyRingApi};
use sc_service::{error::Error as ServiceError, SpawnTaskHandle};
use sigil_rpc_support::QueryLimit;
use sigil_runtime::{opaque::Block, AccountId};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;

use crate::service::FullClient;
use answer::{EmailHolder, KeyDirectory, KeyInfo, Reply};

/// Connections served at once; further ones wait in the listen backlog.
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open, kept alive or not.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);
/// The first version of the key-ring runtime API with OpenPGP key lookups.
const OPENPGP_API_VERSION: u32 = 3;

/// Listens on `address` now (so that a port in use stops the node at start, with the reason) and serves lookups
/// from `client`'s finalized state on a task of `spawner`'s.
pub fn start(
	address: SocketAddr,
	client: Arc<FullClient>,
	limit: QueryLimit,
	spawner: &SpawnTaskHandle,
) -> Result<(), ServiceError> {
	let cannot_listen =
		|error: std::io::Error| ServiceError::Other(format!("--hkp-port: cannot listen on {address}: {error}"));
	let listener = std::net::TcpListener::bind(address).map_err(cannot_listen)?;
	listener.set_nonblocking(true).map_err(cannot_listen)?;
	let address = listener.local_addr().map_err(cannot_listen)?;
	log::info!(target: "hkp", "OpenPGP key server (HKP, VKS) on http://{address}, from finalized state");
	let directory = Arc::new(ChainDirectory { client });
	spawner.spawn("hkp-key-server", None, async move {
		match tokio::net::TcpListener::from_std(listener) {
			Ok(listener) => serve(listener, directory, limit).await,
			Err(error) => log::error!(target: "hkp", "The key server stopped: {error}"),
		}
	});
	Ok(())
}

async fn serve(listener: tokio::net::TcpListener, directory: Arc<ChainDirectory>, limit: QueryLimit) {
	let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
	loop {
		// The semaphore is never closed.
		let Ok(slot) = connections.clone().acquire_owned().await else { return };
		let stream = match listener.accept().await {
			Ok((stream, _)) => stream,
			Err(error) => {
				// Out of file descriptors, mostly: give the open connections time to end.
				log::debug!(target: "hkp", "accept: {error}");
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			}
		};
		let (directory, limit) = (directory.clone(), limit.clone());
		tokio::spawn(async move {
			let _slot = slot;
			let service = service_fn(move |request| respond(request, directory.clone(), limit.clone()));
			let connection = http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.serve_connection(TokioIo::new(stream), service);
			// A connection past its lifetime is dropped, which closes it.
			if let Ok(Err(error)) = tokio::time::timeout(CONNECTION_LIFETIME, connection).await {
				log::debug!(target: "hkp", "connection: {error}");
			}
		});
	}
}

async fn respond<B>(
	request: Request<B>,
	directory: Arc<ChainDirectory>,
	limit: QueryLimit,
) -> Result<Response<Full<Bytes>>, Infallible> {
	let (method, uri) = (request.method().clone(), request.uri().clone());
	// The body is never read: lookups are GET requests, and an upload is refused unread.
	drop(request);
	let reply = match request::parse(method.as_str(), uri.path(), uri.query()) {
		Err(refusal) => Reply::text(refusal.status, refusal.message),
		Ok(lookup) => limit
			.run(move || Ok(answer::answer(&*directory, &lookup)))
			.await
			.unwrap_or_else(|error| Reply::text(503, format!("The node is shutting down: {}", error.message()))),
	};
	log::debug!(target: "hkp", "{method} {uri}: {}", reply.status);
	let response = Response::builder()
		.status(reply.status)
		.header(header::CONTENT_TYPE, reply.content_type)
		// Web pages may look keys up, as they may on keys.openpgp.org.
		.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
		.body(Full::new(Bytes::from(reply.body)));
	// Status and headers are valid by construction.
	Ok(response.unwrap_or_else(|_| Response::new(Full::new(Bytes::new()))))
}

/// The node's chain, read at its finalized block.
struct ChainDirectory {
	client: Arc<FullClient>,
}

impl ChainDirectory {
	/// The finalized block, if its runtime has the OpenPGP lookups.
	fn finalized(&self) -> Result<H256, String> {
		let at = self.client.info().finalized_hash;
		let version = self
			.client
			.runtime_api()
			.api_version::<dyn KeyRingApi<Block, AccountId>>(at)
			.map_err(|error| error.to_string())?;
		match version {
			Some(version) if version >= OPENPGP_API_VERSION => Ok(at),
			_ => Err(format!("the runtime of finalized block {at} predates OpenPGP key lookups")),
		}
	}
}

impl KeyDirectory for ChainDirectory {
	fn key(&self, lookup: KeyLookup) -> Result<Option<KeyInfo>, String> {
		let at = self.finalized()?;
		self.client.runtime_api().openpgp_key(at, lookup).map_err(|error| error.to_string())
	}

	fn email_holder(&self, email_hash: H256) -> Result<EmailHolder, String> {
		let at = self.finalized()?;
		let api = self.client.runtime_api();
		let holder = match api.email_claim(at, email_hash).map_err(|error| error.to_string())? {
			None => EmailHolder::None,
			Some(claim) if claim.verified_by.is_none() => EmailHolder::Unverified,
			Some(claim) => {
				EmailHolder::Verified(api.openpgp_keys_of(at, claim.account).map_err(|error| error.to_string())?)
			}
		};
		Ok(holder)
	}
}
