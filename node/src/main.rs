//! `sigil-node`: the Sigil consortium chain's node.

// polkadot-sdk's CLI and service errors (`sc_cli::Error`, `sc_service::Error`) are large enums; the node returns them
// as they come, as every Substrate node does, rather than boxing each one.
#![allow(clippy::result_large_err)]

mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod key_server;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
