//! Dispatch of the command line to the node, the chain-spec tools and the standard subcommands.

use std::net::{Ipv4Addr, SocketAddr};

use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use sigil_runtime::{currency::EXISTENTIAL_DEPOSIT, opaque::Block};
use sp_keyring::Sr25519Keyring;

use crate::{
	benchmarking::{inherent_benchmark_data, RemarkBuilder, TransferKeepAliveBuilder},
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"Sigil Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/sigil-chain/sigil/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"" | "local" => Box::new(chain_spec::local_chain_spec()?),
			path => Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
		})
	}
}

/// Why `benchmark pallet` and `benchmark storage` refuse to run in an ordinary build.
const NEEDS_BENCHMARKS: &str = "this sigil-node was built without `runtime-benchmarks`; \
	scripts/benchmark-pallets builds one with it";

/// Whether `flag` (`--name`, or `--name=value`) is among `args`.
fn flag_given(args: &[String], flag: &str) -> bool {
	let with_value = format!("{flag}=");
	args.iter().any(|arg| arg == flag || arg.starts_with(&with_value))
}

/// Sigil's defaults where they differ from Substrate's:
/// - the libp2p network backend: litep2p admits nodes but keeps a node connected after governance removed it
///   (see the README, "Admitted nodes");
/// - no offchain workers: the node applies the admitted-node list itself (`service::AdmittedNodes`), from its first
///   block on, and no Sigil pallet needs them; pallet-node-authorization's would also set the list, without the
///   operator's `--reserved-nodes`, and refuse every peer on a chain that lists no nodes.
///
/// Either can still be chosen explicitly (`--network-backend litep2p`, `--offchain-worker always`).
fn apply_permissioning_defaults(run: &mut sc_cli::RunCmd, args: &[String]) {
	if !flag_given(args, "--network-backend") {
		run.network_params.network_backend = sc_cli::NetworkBackendType::Libp2p;
	}
	if !flag_given(args, "--offchain-worker") {
		run.offchain_worker_params.enabled = sc_cli::OffchainWorkerEnabled::Never;
	}
}

/// Calls per minute per connection on an RPC server others can reach, unless `--rpc-rate-limit` says otherwise.
/// Substrate sets no limit. The README ("RPC cost, and a node whose RPC others reach") derives these from the
/// measured cost of the most expensive queries.
pub const EXTERNAL_RPC_RATE_LIMIT: u32 = 60;
/// Connections to an RPC server others can reach, unless `--rpc-max-connections` says otherwise (Substrate: 100).
pub const EXTERNAL_RPC_MAX_CONNECTIONS: u32 = 20;

/// When the RPC server listens on every interface (`--rpc-external`, `--unsafe-rpc-external`), limits that keep
/// strangers' load bounded: a rate limit per connection and fewer connections. Explicit flags win; on 127.0.0.1
/// (the default) nothing changes.
fn apply_rpc_defaults(run: &mut sc_cli::RunCmd, args: &[String]) {
	let rpc = &mut run.rpc_params;
	if !(rpc.rpc_external || rpc.unsafe_rpc_external) {
		return;
	}
	if !flag_given(args, "--rpc-rate-limit") {
		rpc.rpc_rate_limit = std::num::NonZeroU32::new(EXTERNAL_RPC_RATE_LIMIT);
	}
	if !flag_given(args, "--rpc-max-connections") {
		rpc.rpc_max_connections = EXTERNAL_RPC_MAX_CONNECTIONS;
	}
}

/// With `--rpc-port` given, the RPC server listens on that port or the node does not start. Substrate would serve on
/// a random port instead and only log the address it got: an operator, a proxy or a client configured for the port
/// would find another process there, or nothing. Without `--rpc-port`, Substrate's fallback from 9944 stays (two dev
/// nodes on one machine). Returns the addresses the node must listen on (none without `--rpc-port`).
fn insist_on_the_rpc_port(config: &mut sc_service::Configuration, args: &[String]) -> Vec<SocketAddr> {
	if !flag_given(args, "--rpc-port") {
		return Vec::new();
	}
	let mut required = Vec::new();
	for endpoint in config.rpc.addr.iter_mut().flatten() {
		endpoint.retry_random_port = false;
		if !endpoint.is_optional {
			required.push(endpoint.listen_addr);
		}
	}
	required
}

/// The service's error, or, where the RPC server could not listen on a port `--rpc-port` asked for, one that says
/// so: Substrate's own names no address (`Application(Os { code: 98, kind: AddrInUse, .. })`).
fn name_a_taken_rpc_port(error: sc_service::Error, required: &[SocketAddr]) -> sc_service::Error {
	let address_in_use = matches!(&error, sc_service::Error::Application(inner)
		if inner.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse));
	if !address_in_use || required.is_empty() {
		return error;
	}
	let addresses: Vec<String> = required.iter().map(ToString::to_string).collect();
	sc_service::Error::Other(format!(
		"the RPC server cannot listen on {}: another process holds the port (--rpc-port); stop it or choose \
		 another port",
		addresses.join(", ")
	))
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	let args: Vec<String> = std::env::args().collect();
	apply_permissioning_defaults(&mut cli.run, &args);
	apply_rpc_defaults(&mut cli.run, &args);

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let spec = cli.load_spec(&cmd.chain)?;
			cmd.run(spec)
		}
		Some(Subcommand::GenerateSpec(cmd)) => cmd.run().map_err(Into::into),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		}
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } = service::new_partial(&config)?;
				// Reverting must also rewind GRANDPA's authority set, or the node votes with a stale set.
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		}
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					if !cfg!(feature = "runtime-benchmarks") {
						return Err(NEEDS_BENCHMARKS.into());
					}
					cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(config.chain_spec))
				}
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				}
				#[cfg(feature = "runtime-benchmarks")]
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_trie_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_trie_cache)
				}
				#[cfg(not(feature = "runtime-benchmarks"))]
				BenchmarkCmd::Storage(_) => Err(NEEDS_BENCHMARKS.into()),
				BenchmarkCmd::Overhead(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let remark = RemarkBuilder::new(client.clone());
					cmd.run(
						config.chain_spec.name().into(),
						client,
						inherent_benchmark_data()?,
						Vec::new(),
						&remark,
						false,
					)
				}
				BenchmarkCmd::Extrinsic(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let factory = ExtrinsicFactory(vec![
						Box::new(RemarkBuilder::new(client.clone())),
						Box::new(TransferKeepAliveBuilder::new(
							client.clone(),
							Sr25519Keyring::Alice.to_account_id(),
							EXISTENTIAL_DEPOSIT,
						)),
					]);
					cmd.run(client, inherent_benchmark_data()?, Vec::new(), &factory)
				}
				BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
			})
		}
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		}
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let options = service::SigilOptions {
				accept_unlisted_peers: cli.accept_unlisted_peers,
				query_limit: match cli.rpc_query_threads {
					Some(count) => sigil_rpc_support::QueryLimit::new(count),
					None => sigil_rpc_support::QueryLimit::half_the_cores(),
				},
				key_server: cli.hkp_port.map(|port| {
					let interface = if cli.hkp_external { Ipv4Addr::UNSPECIFIED } else { Ipv4Addr::LOCALHOST };
					SocketAddr::from((interface, port))
				}),
				storage_monitor: cli.storage_monitor.clone(),
			};
			runner.run_node_until_exit(|mut config| async move {
				let required_rpc = insist_on_the_rpc_port(&mut config, &args);
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<Block, <Block as sp_runtime::traits::Block>::Hash>,
					>(config, options),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, options)
					}
				}
				.map_err(|error| sc_cli::Error::Service(name_a_taken_rpc_port(error, &required_rpc)))
			})
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	/// The run options of `sigil-node <args>` after Sigil's defaults.
	fn run_options(args: &[&str]) -> Result<sc_cli::RunCmd, clap::Error> {
		let args: Vec<String> = std::iter::once("sigil-node").chain(args.iter().copied()).map(String::from).collect();
		let mut cli = Cli::try_parse_from(&args)?;
		apply_permissioning_defaults(&mut cli.run, &args);
		apply_rpc_defaults(&mut cli.run, &args);
		Ok(cli.run)
	}

	#[test]
	fn offchain_workers_are_off_unless_asked_for() -> Result<(), clap::Error> {
		// `OffchainWorkerEnabled` has no `PartialEq`.
		let off = run_options(&[])?.offchain_worker_params.enabled;
		assert!(matches!(off, sc_cli::OffchainWorkerEnabled::Never), "{off:?}");
		let asked = run_options(&["--offchain-worker", "always"])?.offchain_worker_params.enabled;
		assert!(matches!(asked, sc_cli::OffchainWorkerEnabled::Always), "{asked:?}");
		Ok(())
	}

	#[test]
	fn an_rpc_server_others_reach_gets_a_rate_limit_and_fewer_connections() -> Result<(), clap::Error> {
		let local = run_options(&[])?;
		assert_eq!(local.rpc_params.rpc_rate_limit, None);
		assert_eq!(local.rpc_params.rpc_max_connections, sc_cli::RPC_DEFAULT_MAX_CONNECTIONS);

		for flag in ["--rpc-external", "--unsafe-rpc-external"] {
			let external = run_options(&[flag])?;
			assert_eq!(external.rpc_params.rpc_rate_limit.map(|n| n.get()), Some(EXTERNAL_RPC_RATE_LIMIT));
			assert_eq!(external.rpc_params.rpc_max_connections, EXTERNAL_RPC_MAX_CONNECTIONS);
		}

		let chosen = run_options(&["--rpc-external", "--rpc-rate-limit", "600", "--rpc-max-connections=7"])?;
		assert_eq!(chosen.rpc_params.rpc_rate_limit.map(|n| n.get()), Some(600));
		assert_eq!(chosen.rpc_params.rpc_max_connections, 7);
		Ok(())
	}

	#[test]
	fn a_taken_rpc_port_is_named_when_rpc_port_asked_for_it() {
		let in_use = || sc_service::Error::Application(Box::new(std::io::Error::from(std::io::ErrorKind::AddrInUse)));
		let asked: SocketAddr = "127.0.0.1:9944".parse().expect("an address");
		let named = name_a_taken_rpc_port(in_use(), &[asked]).to_string();
		assert!(named.contains("cannot listen on 127.0.0.1:9944") && named.contains("--rpc-port"), "{named}");

		// Without --rpc-port, and for other failures, the service's error stays as it was.
		assert!(matches!(name_a_taken_rpc_port(in_use(), &[]), sc_service::Error::Application(_)));
		let other = name_a_taken_rpc_port(sc_service::Error::Other("no keystore".into()), &[asked]).to_string();
		assert!(other.contains("no keystore") && !other.contains("cannot listen"), "{other}");
	}
}
