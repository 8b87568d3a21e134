//! The node's JSON-RPC methods beyond the ones sc-service installs (chain, state, author, system, the new
//! `chainHead_v1`/`transaction_v1`/`chainSpec_v1` spec): account nonces, fees, and Sigil's own namespaces.

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sc_consensus_grandpa::{FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState};
use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sigil_rpc_support::QueryLimit;
use sigil_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash, Nonce};
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the `grandpa_*` methods read: the voter's round state, the authority set, the stream of justifications,
/// and finality proofs from the database.
pub struct GrandpaDeps<B> {
	pub shared_voter_state: SharedVoterState,
	pub shared_authority_set: SharedAuthoritySet<Hash, BlockNumber>,
	pub justification_stream: GrandpaJustificationStream<Block>,
	pub subscription_executor: SubscriptionTaskExecutor,
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, B> {
	pub client: Arc<C>,
	pub pool: Arc<P>,
	pub grandpa: GrandpaDeps<B>,
	/// How many of Sigil's queries run at once, across all its namespaces.
	pub query_limit: QueryLimit,
}

/// All the node's own RPC methods.
pub fn create_full<C, P, B>(deps: FullDeps<C, P, B>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ pallet_key_ring_rpc::KeyRingRuntimeApi<Block, AccountId>
		+ pallet_owner_trust_rpc::OwnerTrustRuntimeApi<Block, AccountId>
		+ pallet_messages_rpc::MessagesRuntimeApi<Block, AccountId>
		+ pallet_documents_rpc::DocumentsRuntimeApi<Block, AccountId>
		+ pallet_micropay_rpc::MicropayRuntimeApi<Block, AccountId, Balance>
		+ pallet_consortium_rpc::ConsortiumRuntimeApi<Block, AccountId, BlockNumber, Hash>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_consortium_rpc::ConsortiumApiServer;
	use pallet_documents_rpc::DocumentsApiServer;
	use pallet_key_ring_rpc::KeyRingApiServer;
	use pallet_messages_rpc::MessagesApiServer;
	use pallet_micropay_rpc::MicropayApiServer;
	use pallet_owner_trust_rpc::OwnerTrustApiServer;
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_grandpa_rpc::GrandpaApiServer;
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, grandpa, query_limit } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(GrandpaApiServer::into_rpc(sc_consensus_grandpa_rpc::Grandpa::new(
		grandpa.subscription_executor,
		grandpa.shared_authority_set,
		grandpa.shared_voter_state,
		grandpa.justification_stream,
		grandpa.finality_provider,
	)))?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	// Sigil's namespaces share one handle type (`sigil_rpc_support::BlockQuery`), so each names its trait. They
	// share one query limit too: each query runs the runtime on a blocking thread, and the limit is node-wide.
	let query = |client: &Arc<C>| sigil_rpc_support::BlockQuery::<C, Block>::new(client.clone(), query_limit.clone());
	module.merge(KeyRingApiServer::into_rpc(query(&client)))?;
	module.merge(OwnerTrustApiServer::into_rpc(query(&client)))?;
	module.merge(MessagesApiServer::into_rpc(query(&client)))?;
	module.merge(DocumentsApiServer::into_rpc(query(&client)))?;
	module.merge(MicropayApiServer::into_rpc(query(&client)))?;
	module.merge(ConsortiumApiServer::into_rpc(query(&client)))?;

	Ok(module)
}
