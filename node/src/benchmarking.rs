//! What the `benchmark overhead` and `benchmark extrinsic` subcommands need from the node: extrinsics to
//! time (a remark, a transfer) and the inherent data of a block.

use std::{sync::Arc, time::Duration};

use sc_cli::Result;
use sc_client_api::BlockBackend;
use sigil_runtime::{signing::sign_extrinsic, AccountId, Balance, BalancesCall, RuntimeCall, SystemCall};
use sp_core::H256;
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::OpaqueExtrinsic;

use crate::service::FullClient;

fn genesis_hash(client: &FullClient) -> std::result::Result<H256, &'static str> {
	client.block_hash(0).ok().flatten().ok_or("the database has no genesis block")
}

fn opaque(call: RuntimeCall, nonce: u32, genesis: H256) -> std::result::Result<OpaqueExtrinsic, &'static str> {
	let signed = sign_extrinsic(&Sr25519Keyring::Bob.pair(), call, nonce, genesis);
	// The opaque form holds the extrinsic without its length prefix, which decoding the encoded one strips.
	OpaqueExtrinsic::try_from_encoded_extrinsic(&codec::Encode::encode(&signed))
		.map_err(|_| "a signed extrinsic that does not decode as an opaque one")
}

/// `system.remark` with an empty payload: the cost of an extrinsic that does nothing.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(SystemCall::remark { remark: vec![] });
		opaque(call, nonce, genesis_hash(&self.client)?)
	}
}

/// `balances.transfer_keep_alive` of a fixed amount to one account.
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: self.dest.clone().into(),
			value: self.value,
		});
		opaque(call, nonce, genesis_hash(&self.client)?)
	}
}

/// The inherent data of a benchmark block: only the timestamp (Aura's slot comes from the digest).
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::ZERO.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating the inherent data: {e:?}"))?;
	Ok(inherent_data)
}
