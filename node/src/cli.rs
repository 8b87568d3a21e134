//! The command line: `sigil-node [run options]` or `sigil-node <subcommand>`.

use crate::chain_spec::GenerateSpecCmd;

#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Accept peers that the chain's admitted-node list (pallet-node-authorization) does not name. By default a
	/// node on a chain that lists nodes accepts only the listed ones (and its `--reserved-nodes`). For an admitted
	/// read-only node that serves light clients and public readers; never on a validator.
	#[arg(long)]
	pub accept_unlisted_peers: bool,

	/// How many of Sigil's RPC queries (`keyRing_*`, `trust_*`, `messages_*`, `documents_*`, `micropay_*`,
	/// `consortium_*`) run at once, node-wide; further ones wait their turn. Each runs the runtime on a thread of
	/// its own. Default: half the CPU cores, at least 1, so that RPC load leaves the other half to block import,
	/// authoring, GRANDPA and the network.
	#[arg(long, value_name = "COUNT")]
	pub rpc_query_threads: Option<usize>,

	/// Serve the OpenPGP keys published on chain over HKP (`gpg --keyserver hkp://HOST:PORT`) and VKS
	/// (`/vks/v1/by-fingerprint/...`) on this port, from the finalized block. Off unless given; on 127.0.0.1
	/// unless `--hkp-external`.
	#[arg(long, value_name = "PORT")]
	pub hkp_port: Option<u16>,

	/// Listen for key server lookups on every interface, not only 127.0.0.1.
	#[arg(long, requires = "hkp_port")]
	pub hkp_external: bool,

	#[clap(flatten)]
	pub storage_monitor: sc_storage_monitor::StorageMonitorParams,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys, generate node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Write a chain specification (`dev`, `local`, or a file) as JSON, plain or raw.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Write a new consortium's chain specification, with its own validators, accounts and boot nodes.
	GenerateSpec(GenerateSpecCmd),

	/// Build a chain specification (the older form of `export-chain-spec`, which also sets boot nodes).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Runtime and node benchmarks: pallet weights, storage, block and extrinsic overhead, machine.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}
