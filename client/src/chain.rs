//! The chain as the client sees it: subxt over JSON-RPC, with an interface generated from the committed runtime
//! metadata (`client/metadata.scale`, which `tests/tests/client_metadata.rs` keeps equal to the runtime's).
//!
//! Everything the client signs with a ring key (proofs of possession, messages, documents, coin transfers) is built
//! from `sigil-primitives`' payload types, the ones the runtime verifies, so the two cannot drift apart: the
//! generated interface takes those types as they are (`Static`), not look-alike copies.

use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use subxt::{
	config::{DefaultExtrinsicParamsBuilder, PolkadotConfig},
	error::{DispatchError, TransactionEventsError, TransactionProgressError},
	rpcs::{rpc_params, RpcClient},
	transactions::{Payload, Signer, TransactionStatus},
	OnlineClient,
};

#[subxt::subxt(
	runtime_metadata_path = "metadata.scale",
	substitute_type(
		path = "sigil_primitives::key_ring::PublicKey",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::PublicKey>"
	),
	substitute_type(
		path = "sigil_primitives::key_ring::KeySignature",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::KeySignature>"
	),
	substitute_type(
		path = "sigil_primitives::key_ring::KeyPurpose",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::KeyPurpose>"
	),
	substitute_type(
		path = "sigil_primitives::key_ring::KeyStatus",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::KeyStatus>"
	),
	substitute_type(
		path = "sigil_primitives::key_ring::RevocationReason",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::RevocationReason>"
	),
	substitute_type(
		path = "sigil_primitives::key_ring::ShortKeyId",
		with = "::subxt::utils::Static<::sigil_primitives::key_ring::ShortKeyId>"
	),
	substitute_type(
		path = "sigil_primitives::owner_trust::TrustLevel",
		with = "::subxt::utils::Static<::sigil_primitives::owner_trust::TrustLevel>"
	),
	substitute_type(
		path = "sigil_primitives::owner_trust::Validity",
		with = "::subxt::utils::Static<::sigil_primitives::owner_trust::Validity>"
	),
	substitute_type(
		path = "sigil_primitives::micropay::CoinId",
		with = "::subxt::utils::Static<::sigil_primitives::micropay::CoinId<::subxt::utils::AccountId32>>"
	),
	substitute_type(
		path = "sigil_primitives::micropay::SignedTransfer",
		with = "::subxt::utils::Static<::sigil_primitives::micropay::SignedTransfer<::subxt::utils::AccountId32>>"
	),
	substitute_type(
		path = "sigil_primitives::micropay::FraudProof",
		with = "::subxt::utils::Static<::sigil_primitives::micropay::FraudProof<::subxt::utils::AccountId32>>"
	)
)]
pub mod api {}

/// Sigil's transaction format is Polkadot's: MultiAddress, MultiSignature, u32 block numbers, and only the standard
/// transaction extensions carry bytes (the admission check adds none).
pub type Config = PolkadotConfig;
pub use subxt::utils::{AccountId32 as AccountId, H256};
type Client = OnlineClient<Config>;

/// How long to wait for a node to answer before telling the user it cannot be reached.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a transaction may take to be finalized before the client gives up waiting (it may still land).
const FINALITY_TIMEOUT: Duration = Duration::from_secs(120);

/// A connection to a Sigil node.
pub struct Chain {
	client: Client,
	/// The same connection, for the node's own RPC methods.
	rpc: RpcClient,
	/// Whether to draw progress on the terminal (off for `--json`).
	progress: bool,
}

/// A transaction that made it into a finalized block.
pub struct Finalized {
	pub block_number: u64,
	/// The transaction's own events.
	pub events: subxt::extrinsics::ExtrinsicEvents<Config>,
}

impl Chain {
	/// Connects to the node at `url` (ws:// or wss://, http:// or https://).
	pub async fn connect(url: &str, progress: bool) -> Result<Self> {
		let unreachable = |reason: String| anyhow!("cannot reach a Sigil node at {url}: {reason}");
		let connect = async {
			let rpc = RpcClient::from_insecure_url(url).await.map_err(|error| unreachable(error.to_string()))?;
			let client = Client::from_rpc_client(rpc.clone()).await.map_err(|error| unreachable(error.to_string()))?;
			Ok::<_, anyhow::Error>((rpc, client))
		};
		let (rpc, client) = tokio::time::timeout(CONNECT_TIMEOUT, connect)
			.await
			.map_err(|_| unreachable(format!("no answer within {CONNECT_TIMEOUT:?}")))??;
		Ok(Self { client, rpc, progress })
	}

	pub fn genesis_hash(&self) -> sp_core::H256 {
		sp_core::H256(self.client.genesis_hash().0)
	}

	/// The finalized state now.
	pub async fn at_finalized(
		&self,
	) -> Result<subxt::client::ClientAtBlock<Config, impl subxt::client::OnlineClientAtBlockT<Config>>> {
		self.client.at_current_block().await.context("cannot read the chain's finalized block")
	}

	/// Calls a runtime API at the finalized block.
	pub async fn query<P: subxt::runtime_apis::Payload>(&self, payload: P) -> Result<P::ReturnType> {
		let at = self.at_finalized().await?;
		at.runtime_apis().call(payload).await.context("the node could not answer the query")
	}

	/// The subxt client, for what the methods here do not cover (following blocks).
	pub fn client(&self) -> &Client {
		&self.client
	}

	/// Calls a runtime API function by name with SCALE-encoded arguments at the finalized block; its SCALE result.
	pub async fn state_call(&self, function: &str, args: &[u8]) -> Result<Vec<u8>> {
		let at = self.at_finalized().await?;
		let hex: String = self
			.rpc
			.request("state_call", rpc_params![function, format!("0x{}", hex::encode(args)), at.block_hash()])
			.await
			.with_context(|| format!("the node could not answer {function}"))?;
		hex::decode(hex.trim_start_matches("0x")).context("the node answered with something other than hex")
	}

	/// A constant of the runtime.
	pub async fn constant<A: subxt::constants::Address>(&self, address: A) -> Result<A::Target> {
		let at = self.at_finalized().await?;
		at.constants().entry(address).context("the runtime has no such constant (is the client out of date?)")
	}

	/// The chain's time at the finalized block (milliseconds since the Unix epoch).
	pub async fn now(&self) -> Result<u64> {
		let at = self.at_finalized().await?;
		let now =
			at.storage().fetch(api::storage().timestamp().now(), ()).await.context("cannot read the chain's time")?;
		now.decode().context("cannot decode the chain's time")
	}

	/// Signs `call` as `signer`, submits it and waits until it is final, showing progress as `what`. A transaction the
	/// pool refuses or the runtime rejects is an error naming the reason (the pallet's error, with its documentation).
	pub async fn submit<C: Payload>(&self, call: &C, signer: &impl Signer<Config>, what: &str) -> Result<Finalized> {
		let bar = self.spinner(what);
		let result = tokio::time::timeout(FINALITY_TIMEOUT, self.submit_and_follow(call, signer, &bar)).await;
		bar.finish_and_clear();
		match result {
			Ok(result) => result,
			Err(_) => bail!(
				"{what}: not finalized within {FINALITY_TIMEOUT:?}; it may still be included: check with `sigil watch` or \
				 the explorer before trying again"
			),
		}
	}

	async fn submit_and_follow<C: Payload>(
		&self,
		call: &C,
		signer: &impl Signer<Config>,
		bar: &ProgressBar,
	) -> Result<Finalized> {
		let at = self.at_finalized().await?;
		// The next nonce as the node's pool sees it: the finalized state lags behind transactions already in the
		// best chain or the pool (the previous command's, say).
		let nonce: u64 = self
			.rpc
			.request("system_accountNextIndex", rpc_params![signer.account_id().to_string()])
			.await
			.context("cannot ask the node for the account's next nonce")?;
		let params = DefaultExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
		let mut progress =
			at.transactions().sign_and_submit_then_watch(call, signer, params).await.map_err(|error| {
				let text = error.to_string();
				// The pool's JSON-RPC errors (1010 invalid, 1011 unknown validity, 1012-1014 pool limits) say the
				// transaction was not taken; anything else (a lost connection) leaves it open.
				if ["1010", "1011", "1012", "1013", "1014"].iter().any(|code| text.contains(code))
					|| text.to_ascii_lowercase().contains("invalid transaction")
				{
					invalid(&text)
				} else {
					anyhow!("cannot submit the transaction: {text}")
				}
			})?;
		bar.set_message("submitted, waiting for a block");
		while let Some(status) = progress.next().await {
			let status = status.map_err(progress_error)?;
			match status {
				TransactionStatus::Validated | TransactionStatus::Broadcasted => {}
				TransactionStatus::NoLongerInBestBlock => bar.set_message("no longer in the best block, waiting"),
				TransactionStatus::InBestBlock(in_block) => {
					bar.set_message(format!("in block {:?}, waiting for finality", in_block.block_hash()))
				}
				TransactionStatus::InFinalizedBlock(in_block) => {
					let events = in_block.wait_for_success().await.map_err(events_error)?;
					let block_hash = in_block.block_hash();
					let at_block = self.client.at_block(block_hash).await.context("cannot read the finalized block")?;
					return Ok(Finalized { block_number: at_block.block_number(), events });
				}
				TransactionStatus::Error { message } => bail!("the node failed the transaction: {message}"),
				TransactionStatus::Invalid { message } => return Err(invalid(&message)),
				TransactionStatus::Dropped { message } => {
					return Err(refusal(format!("the node dropped the transaction: {message}")))
				}
			}
		}
		bail!("the node stopped reporting on the transaction before it was finalized")
	}

	fn spinner(&self, what: &str) -> ProgressBar {
		if !self.progress {
			return ProgressBar::hidden();
		}
		let bar = ProgressBar::new_spinner();
		if let Ok(style) = ProgressStyle::with_template("{spinner} {prefix}: {msg} ({elapsed})") {
			bar.set_style(style);
		}
		bar.set_prefix(what.to_string());
		bar.set_message("signing");
		bar.enable_steady_tick(Duration::from_millis(120));
		bar
	}
}

/// A transaction the chain certainly did not apply: the pool refused or dropped it, or it failed in its block. Any
/// other error after submission leaves it open whether the transaction lands.
#[derive(Debug)]
pub struct Refused(String);

impl std::fmt::Display for Refused {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for Refused {}

fn refusal(message: String) -> anyhow::Error {
	anyhow::Error::new(Refused(message))
}

/// Whether `error` says the chain certainly did not apply the transaction.
pub fn was_refused(error: &anyhow::Error) -> bool {
	error.downcast_ref::<Refused>().is_some()
}

/// Why the pool refused a transaction, in the user's terms where Sigil's own checks are the reason.
fn invalid(message: &str) -> anyhow::Error {
	let lower = message.to_ascii_lowercase();
	// pallet-consortium's CheckAdmittedAccount refuses with InvalidTransaction::Custom(ACCOUNT_NOT_ADMITTED).
	if lower.contains("custom error: 100") {
		return refusal(
			"your account is not admitted to sign transactions: a consortium member must admit it first (`sigil member \
			 admit <account>`)"
				.into(),
		);
	}
	if lower.contains("inability to pay") || lower.contains("payment") {
		return refusal(
			"your account cannot pay the transaction fee: it needs funds (`sigil transfer` from a funded account)"
				.into(),
		);
	}
	refusal(format!("the node refused the transaction as invalid: {message}"))
}

fn progress_error(error: TransactionProgressError) -> anyhow::Error {
	anyhow!("lost track of the transaction: {error}")
}

fn events_error(error: TransactionEventsError) -> anyhow::Error {
	match error {
		TransactionEventsError::ExtrinsicFailed(dispatch) => refused(dispatch),
		other => anyhow!("cannot read the transaction's outcome: {other}"),
	}
}

/// The chain's reason for refusing a transaction, named as `Pallet.Error` with the error's documentation.
fn refused(error: DispatchError) -> anyhow::Error {
	if let DispatchError::Module(module) = &error {
		if let Ok(details) = module.details() {
			let docs = details.variant.docs.join(" ");
			let name = format!("{}.{}", details.pallet.name(), details.variant.name);
			return if docs.is_empty() {
				refusal(format!("the chain refused the transaction: {name}"))
			} else {
				refusal(format!("the chain refused the transaction: {name}: {}", docs.trim()))
			};
		}
	}
	refusal(format!("the chain refused the transaction: {error}"))
}

/// A hash of the generated interface's from a `sp_core` one.
pub fn h256(hash: sp_core::H256) -> H256 {
	H256(hash.0)
}
