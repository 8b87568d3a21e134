//! The node's service: client and RocksDB backend, transaction pool, network with the admitted-node list, Aura
//! authoring, GRANDPA voting, offchain workers (off by default) and RPC.

use std::{
	collections::{BTreeSet, HashSet},
	sync::Arc,
	time::Duration,
};

use codec::Decode;
use futures::{FutureExt, StreamExt};
use sc_client_api::{Backend, BlockBackend, BlockchainEvents, StorageProvider};
use sc_consensus_aura::{ImportQueueParams, SlotProportion, StartAuraParams};
use sc_consensus_grandpa::SharedVoterState;
use sc_network::{
	config::NonReservedPeerMode, service::traits::NetworkService, NetworkPeers, NetworkStateInfo, PeerId,
};
use sc_service::{error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sigil_runtime::{apis::RuntimeApi, opaque::Block};
use sp_blockchain::HeaderBackend;
use sp_consensus_aura::sr25519::{AuthorityId as AuraId, AuthorityPair as AuraPair};
use sp_core::{storage::StorageKey, OpaquePeerId};

pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, WasmExecutor>;
type WasmExecutor = sc_executor::WasmExecutor<HostFunctions>;
/// A runtime built with `runtime-benchmarks` also calls the benchmarking host functions.
#[cfg(not(feature = "runtime-benchmarks"))]
type HostFunctions = sp_io::SubstrateHostFunctions;
#[cfg(feature = "runtime-benchmarks")]
type HostFunctions = (sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type GrandpaBlockImport = sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;
type GrandpaLinkHalf = sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>;

/// Every this many blocks GRANDPA stores a justification, so that syncing nodes and light clients can check
/// finality (and warp-sync) without replaying every vote. 512 blocks is 17 minutes at 2 s blocks.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	sc_transaction_pool::TransactionPoolHandle<Block, FullClient>,
	(GrandpaBlockImport, GrandpaLinkHalf, Option<Telemetry>),
>;

/// The parts every command needs: client, backend, import queue, pool. `run` adds network and consensus.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|endpoints| !endpoints.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<HostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) = sc_service::new_full_parts::<Block, RuntimeApi, _>(
		config,
		telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
		executor,
		Vec::new(),
	)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let cidp_client = client.clone();
	let import_queue = sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
		block_import: grandpa_block_import.clone(),
		justification_import: Some(Box::new(grandpa_block_import.clone())),
		client: client.clone(),
		create_inherent_data_providers: move |parent_hash, _| {
			let cidp_client = cidp_client.clone();
			async move {
				let slot_duration = sc_consensus_aura::standalone::slot_duration_at(&*cidp_client, parent_hash)?;
				let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
				let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
					*timestamp,
					slot_duration,
				);
				Ok((slot, timestamp))
			}
		},
		spawner: &task_manager.spawn_essential_handle(),
		registry: config.prometheus_registry(),
		check_for_equivocation: Default::default(),
		telemetry: telemetry.as_ref().map(|x| x.handle()),
		compatibility_mode: Default::default(),
	})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// Where the node logs what it does with the admitted-node list.
const ADMITTED_NODES_LOG: &str = "sigil::admitted-nodes";

type BlockHash = <Block as sp_runtime::traits::Block>::Hash;
type WellKnownNodes = pallet_node_authorization::WellKnownNodes<sigil_runtime::Runtime>;
type AdditionalConnections = pallet_node_authorization::AdditionalConnections<sigil_runtime::Runtime>;

/// Reads and decodes a pallet-node-authorization set (absent: empty) in the state of block `at`.
fn read_peer_set(client: &FullClient, at: BlockHash, key: Vec<u8>) -> Result<BTreeSet<OpaquePeerId>, String> {
	match client.storage(at, &StorageKey(key)).map_err(|error| format!("state of {at:?}: {error}"))? {
		Some(data) => BTreeSet::decode(&mut &data.0[..]).map_err(|error| format!("a peer set at {at:?}: {error}")),
		None => Ok(BTreeSet::new()),
	}
}

/// The sync peers of the node `local` at block `at`: every other well-known node, plus the additional connections
/// of `local` (which the runtime's call filter keeps empty). For a listed node that is what pallet-node-
/// authorization's offchain worker computes. An unlisted node gets the listed ones too, where the worker would give
/// it none: they refuse it until the members admit it, and then it must reach them to sync the block that admits
/// it (a node refusing everyone would never learn that it was admitted). `None`: the chain lists no nodes (the
/// development chain), so it is not permissioned and the node keeps its peers as configured.
fn admitted_peers(
	client: &FullClient,
	at: BlockHash,
	local: &OpaquePeerId,
) -> Result<Option<BTreeSet<OpaquePeerId>>, String> {
	let mut well_known = read_peer_set(client, at, WellKnownNodes::hashed_key().to_vec())?;
	if well_known.is_empty() {
		return Ok(None);
	}
	let mut admitted = read_peer_set(client, at, AdditionalConnections::hashed_key_for(local))?;
	well_known.remove(local);
	admitted.append(&mut well_known);
	Ok(Some(admitted))
}

/// Keeps the network's sync peer set equal to the admitted-node list of the best block, from start-up on and
/// through every import. pallet-node-authorization's offchain worker did this only for blocks imported after the
/// node caught up (the client does not announce blocks of an initial or warp sync to offchain workers), so a node
/// restarted on an old database, or resyncing, accepted any peer until it reached the head.
struct AdmittedNodes {
	client: Arc<FullClient>,
	network: Arc<dyn NetworkService>,
	/// This node's peer id as the pallet stores peer ids (libp2p's encoding).
	local: OpaquePeerId,
	/// The operator's `--reserved-nodes`: kept reserved, an operator's explicit choice for their own node.
	configured_reserved: HashSet<PeerId>,
	/// `--reserved-only`: kept on a chain that lists no nodes.
	configured_reserved_only: bool,
	/// What was last given to the network: the peers, and whether only they are accepted.
	applied: Option<(HashSet<PeerId>, bool)>,
}

impl AdmittedNodes {
	/// Gives the network the list of the current best block.
	fn apply(&mut self) {
		let info = self.client.info();
		let (peers, only) = match admitted_peers(&self.client, info.best_hash, &self.local) {
			Ok(Some(admitted)) => {
				let mut peers: HashSet<PeerId> =
					admitted.iter().filter_map(|peer| PeerId::from_bytes(&peer.0).ok()).collect();
				peers.extend(self.configured_reserved.iter().copied());
				(peers, true)
			}
			Ok(None) => (self.configured_reserved.clone(), self.configured_reserved_only),
			Err(error) => {
				// Keep what was applied. Before anything was, the network is already in reserved-only mode with
				// only the configured reserved peers (see `new_full`), so an unreadable state admits nobody new.
				let number = info.best_number;
				log::warn!(target: ADMITTED_NODES_LOG, "Admitted nodes at #{number} not readable, kept: {error}");
				return;
			}
		};
		if self.applied.as_ref() != Some(&(peers.clone(), only)) {
			log::info!(
				target: ADMITTED_NODES_LOG,
				"Admitted nodes at #{}: {} peer(s), {}",
				info.best_number,
				peers.len(),
				if only { "refusing all others" } else { "the chain lists no nodes, any peer accepted" },
			);
		}
		// Given again after every import, as the offchain worker did: the network ignores an unchanged set, and an
		// offchain worker enabled by hand cannot leave a different one in place for long.
		self.network.set_authorized_peers(peers.clone());
		self.network.set_authorized_only(only);
		self.applied = Some((peers, only));
	}
}

/// What the node's command line adds to Substrate's configuration.
pub struct SigilOptions {
	/// Accept peers the chain's admitted-node list does not name (`--accept-unlisted-peers`).
	pub accept_unlisted_peers: bool,
	/// How many of Sigil's RPC queries run at once (`--rpc-query-threads`); key server lookups share the limit.
	pub query_limit: sigil_rpc_support::QueryLimit,
	/// Where the OpenPGP key server listens (`--hkp-port`, `--hkp-external`); `None`: it does not run.
	pub key_server: Option<std::net::SocketAddr>,
	/// How much free space the database's disk must keep (`--db-storage-threshold`) and how often to look.
	pub storage_monitor: sc_storage_monitor::StorageMonitorParams,
}

/// Refuses to start when the disk that holds (or will hold) `database` has less than `threshold` MiB free
/// (`--db-storage-threshold`; 0: no check), before the database is opened: RocksDB opened on a full disk fails with
/// a misleading error (`Column families not opened`). The storage monitor makes the same check once the node runs.
fn ensure_free_space(database: &std::path::Path, threshold: u64) -> Result<(), ServiceError> {
	if threshold == 0 {
		return Ok(());
	}
	// On a first start the database's directory does not exist yet: its nearest ancestor is on the same disk.
	let Some(existing) = database.ancestors().find(|path| path.exists()) else { return Ok(()) };
	let free = fs4::available_space(existing)
		.map_err(|e| ServiceError::Other(format!("cannot read the free space of {}: {e}", existing.display())))?
		/ (1024 * 1024);
	if free < threshold {
		return Err(ServiceError::Other(format!(
			"Out of storage space: {free} MiB free on the disk of {}, below --db-storage-threshold ({threshold} \
			 MiB); free some space (or lower the threshold) and start the node again",
			database.display()
		)));
	}
	Ok(())
}

/// Starts a full node (an authority when its keystore holds a session key) on network backend `N`. Unless
/// `accept_unlisted_peers`, its sync peers are the admitted nodes of its best block from the network's start on.
pub fn new_full<N: sc_network::NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
	mut config: Configuration,
	options: SigilOptions,
) -> Result<TaskManager, ServiceError> {
	let SigilOptions { accept_unlisted_peers, query_limit, key_server, storage_monitor } = options;
	if let Some(database) = config.database.path() {
		ensure_free_space(database, storage_monitor.threshold)?;
	}
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config)?;

	// A node whose disk fills up stops, saying so, while free space is still above the threshold, rather than have
	// RocksDB's writes fail under block import; below it, the node does not start.
	if let Some(database) = config.database.path() {
		sc_storage_monitor::StorageMonitorService::try_spawn(
			storage_monitor,
			database.to_path_buf(),
			&task_manager.spawn_essential_handle(),
		)
		.map_err(|e| ServiceError::Other(format!("{e} on the disk of {}", database.display())))?;
	}

	// The admitted-node list applies from the network's first moment: if the best block lists nodes (or its list
	// cannot be read), the network starts refusing every peer but the configured reserved ones, and the list is
	// applied as soon as the network knows its own peer id, below.
	let configured_peers = config.network.default_peers_set.clone();
	// Subscribed before the network starts, so that no import goes unseen. Only when used: the client keeps every
	// notification for a subscriber until it reads them.
	let imports = (!accept_unlisted_peers).then(|| client.every_import_notification_stream());
	if !accept_unlisted_peers {
		match read_peer_set(&client, client.info().best_hash, WellKnownNodes::hashed_key().to_vec()) {
			Ok(nodes) if nodes.is_empty() => {}
			_ => config.network.default_peers_set.non_reserved_mode = NonReservedPeerMode::Deny,
		}
		if config.offchain_worker.enabled {
			log::warn!(
				target: ADMITTED_NODES_LOG,
				"Offchain workers are on: pallet-node-authorization's sets the admitted nodes too (without \
				 --reserved-nodes, and on a chain that lists no nodes it refuses every peer); no Sigil pallet \
				 needs them"
			);
		}
	} else {
		let warning = "--accept-unlisted-peers: this node accepts peers the chain does not admit";
		log::warn!(target: ADMITTED_NODES_LOG, "{warning}");
	}

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let genesis_hash =
		client.block_hash(0)?.ok_or_else(|| ServiceError::Other("the database has no genesis block".into()))?;
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(&genesis_hash, &config.chain_spec);
	let (grandpa_protocol_config, grandpa_notification_service) = sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
		grandpa_protocol_name.clone(),
		metrics.clone(),
		net_config.peer_store_handle(),
	);
	net_config.add_notification_protocol(grandpa_protocol_config);

	// Serves GRANDPA warp proofs, so that new nodes and light clients (smoldot) reach the head quickly.
	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if let Some(imports) = imports {
		let mut admitted = AdmittedNodes {
			client: client.clone(),
			network: network.clone(),
			local: OpaquePeerId(network.local_peer_id().to_bytes()),
			configured_reserved: configured_peers.reserved_nodes.iter().map(|node| node.peer_id).collect(),
			configured_reserved_only: configured_peers.non_reserved_mode.is_reserved_only(),
			applied: None,
		};
		admitted.apply();
		// Every import, those of an initial or warp sync included; a burst of them is applied once, at the best
		// block after it. Essential: a node that stopped following the list must stop.
		let mut imports = imports.ready_chunks(1024);
		task_manager.spawn_essential_handle().spawn("admitted-nodes", None, async move {
			while imports.next().await.is_some() {
				admitted.apply();
			}
		});
	}

	if config.offchain_worker.enabled {
		let offchain_workers = sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
			runtime_api_provider: client.clone(),
			is_validator: config.role.is_authority(),
			keystore: Some(keystore_container.keystore()),
			offchain_db: backend.offchain_storage(),
			transaction_pool: Some(OffchainTransactionPoolFactory::new(transaction_pool.clone())),
			network_provider: Arc::new(network.clone()),
			// No Sigil pallet makes HTTP requests; an offchain worker that could would only widen what a runtime
			// upgrade can make every node do.
			enable_http_requests: false,
			custom_extensions: |_| vec![],
		})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa;
	let prometheus_registry = config.prometheus_registry().cloned();

	// Shared between the GRANDPA voter and the `grandpa_*` RPC methods.
	let shared_voter_state = SharedVoterState::empty();
	if let Some(address) = key_server {
		crate::key_server::start(address, client.clone(), query_limit.clone(), &task_manager.spawn_handle())?;
	}
	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		let shared_voter_state = shared_voter_state.clone();
		let shared_authority_set = grandpa_link.shared_authority_set().clone();
		let justification_stream = grandpa_link.justification_stream();
		let finality_provider = sc_consensus_grandpa::FinalityProofProvider::new_for_service(
			backend.clone(),
			Some(shared_authority_set.clone()),
		);
		Box::new(move |subscription_executor| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				grandpa: crate::rpc::GrandpaDeps {
					shared_voter_state: shared_voter_state.clone(),
					shared_authority_set: shared_authority_set.clone(),
					justification_stream: justification_stream.clone(),
					subscription_executor,
					finality_provider: finality_provider.clone(),
				},
				query_limit: query_limit.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if role.is_authority() {
		let proposer_factory = sc_basic_authorship::ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);

		let slot_duration = sc_consensus_aura::slot_duration::<AuraId, _, _>(&*client)?;
		let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(StartAuraParams {
			slot_duration,
			client,
			select_chain,
			block_import,
			proposer_factory,
			create_inherent_data_providers: move |_, ()| async move {
				let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
				let slot = sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
					*timestamp,
					slot_duration,
				);
				Ok((slot, timestamp))
			},
			force_authoring,
			backoff_authoring_blocks: Option::<()>::None,
			keystore: keystore_container.keystore(),
			sync_oracle: sync_service.clone(),
			justification_sync_link: sync_service.clone(),
			// Up to two thirds of the 2 s slot for building a block, the rest for it to travel and import.
			block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
			max_block_proposal_slot_portion: None,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?;
		// Authoring is essential: if it fails, the node stops rather than run on silently without it.
		task_manager.spawn_essential_handle().spawn_blocking("aura", Some("block-authoring"), aura);
	}

	if enable_grandpa {
		// Only an authority votes; others just follow finality and need no keystore.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };
		let grandpa_config = sc_consensus_grandpa::Config {
			// Votes are gossiped every 333 ms: within one 2 s block a round normally completes.
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};
		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: Arc::new(sync_service),
			notification_service: grandpa_notification_service,
			// Vote for the best block itself. The default rules hold votes two blocks behind the best and a quarter of
			// the unfinalized chain back, a margin against BABE's frequent forks; Aura on a consortium LAN gives one
			// author per slot and rare forks, and without the margin finality follows the head by about one block
			// instead of three (measured with scripts/bench-finality, see the README).
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::new().build(),
			prometheus_registry,
			shared_voter_state,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}

#[cfg(test)]
mod tests {
	use super::ensure_free_space;

	#[test]
	fn a_disk_below_the_threshold_is_refused_before_the_database_opens_naming_the_flag() {
		// A database that does not exist yet is measured on its nearest existing ancestor's disk.
		let database = std::env::temp_dir().join("sigil-no-such-base-path/chains/sigil/db/full");
		assert!(ensure_free_space(&database, 1).is_ok(), "a test machine has a MiB free");
		assert!(ensure_free_space(&database, 0).is_ok(), "0 turns the check off");
		let refused = ensure_free_space(&database, u64::MAX).expect_err("no disk has u64::MAX MiB free").to_string();
		assert!(refused.contains("Out of storage space") && refused.contains("--db-storage-threshold"), "{refused}");
		assert!(refused.contains(&database.display().to_string()), "{refused}");
	}
}
