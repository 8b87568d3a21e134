//! A development node: blocks are produced and finalized, a signed transfer lands in a finalized block with
//! its event, bad extrinsics are refused, and the node restarts from its RocksDB database where it stopped.

use std::time::Duration;

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params};
use sigil_e2e::*;
use sigil_runtime::{currency::UNIT, BalancesCall, RuntimeCall, RuntimeEvent};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Eve};

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_transfers_refuses_bad_input_and_survives_restart() -> Result<()> {
	// No `--database`: the node must default to RocksDB.
	let (mut node, client) = start_dev_node("dev").await?;
	let rocksdb = node.base_path().join("chains/sigil_dev/db/full");
	assert!(rocksdb.join("CURRENT").exists(), "no RocksDB database at {}", rocksdb.display());

	// Blocks are produced and finalized.
	let first =
		wait_finalized(&client, 2, Duration::from_secs(60)).await.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
	assert!(best_number(&client).await? >= first);

	// The legacy RPC methods and the new JSON-RPC spec are both served; Prometheus exports the chain's height.
	let methods: serde_json::Value = client.request("rpc_methods", rpc_params![]).await?;
	let methods: Vec<&str> =
		methods["methods"].as_array().ok_or("rpc_methods lists methods")?.iter().filter_map(|m| m.as_str()).collect();
	for wanted in [
		"chain_getBlock",
		"state_getStorage",
		"author_submitExtrinsic",
		"chainHead_v1_follow",
		"transaction_v1_broadcast",
		"chainSpec_v1_genesisHash",
		"system_accountNextIndex",
		"payment_queryInfo",
		"keyRing_identity",
		"trust_validity",
		"messages_inbox",
		"documents_verify",
		"micropay_coin",
		"consortium_validators",
		"grandpa_roundState",
		"grandpa_proveFinality",
		"grandpa_subscribeJustifications",
	] {
		assert!(methods.contains(&wanted), "RPC method {wanted} missing");
	}
	// GRANDPA reports its voting round to operators.
	wait_finalized(&client, 2, Duration::from_secs(60)).await?;
	let round: serde_json::Value = client.request("grandpa_roundState", rpc_params![]).await?;
	assert_eq!(round["setId"], 0, "{round}");
	assert_eq!(round["best"]["totalWeight"], 1, "one validator with weight 1: {round}");
	let properties: serde_json::Value = client.request("system_properties", rpc_params![]).await?;
	assert_eq!(properties["tokenSymbol"], "SGL");
	let metrics = metrics(&node)?;
	assert!(metrics.contains("substrate_block_height"), "no block height metric:\n{metrics}");

	// A signed transfer submitted over RPC appears with its event in a finalized block.
	let amount = 42 * UNIT;
	let bob = Bob.to_account_id();
	let bob_before = free_balance(&client, &bob, None).await?;
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: bob.clone().into(), value: amount });
	let transfer = sign(&client, &Alice.pair(), call).await?.encode();
	submit(&client, &transfer).await?;
	let (included_at, block_hash) = wait_finalized_inclusion(&client, &transfer, Duration::from_secs(60)).await?;
	let events = events_at(&client, block_hash).await?;
	assert!(
		events.iter().any(|event| matches!(
			event,
			RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount: a })
				if *from == Alice.to_account_id() && *to == bob && *a == amount
		)),
		"no Transfer event in block #{included_at}: {events:?}"
	);
	assert_eq!(free_balance(&client, &bob, Some(block_hash)).await?, bob_before + amount);

	// A malformed extrinsic is refused with an error.
	let malformed = submit(&client, &[0x12, 0x34, 0x56]).await;
	assert!(malformed.is_err(), "malformed extrinsic accepted");

	// A transfer claimed by Alice but signed by Eve is refused as a bad signature.
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: bob.clone().into(), value: UNIT });
	let mut forged = sign(&client, &Alice.pair(), call.clone()).await?;
	let by_eve = sign(&client, &Eve.pair(), call).await?;
	if let (
		sp_runtime::generic::Preamble::Signed(_, signature, _),
		sp_runtime::generic::Preamble::Signed(_, eve_signature, _),
	) = (&mut forged.preamble, &by_eve.preamble)
	{
		*signature = eve_signature.clone();
	}
	let refused = submit(&client, &forged.encode()).await.expect_err("forged signature accepted");
	assert!(refused.to_string().contains("bad signature"), "unexpected error: {refused}");

	// The node is still up and producing.
	let health: serde_json::Value = client.request("system_health", rpc_params![]).await?;
	assert!(health.get("peers").is_some());
	assert!(node.is_running());

	// Stop and restart on the same base path: the chain continues from the same height with the transfer intact.
	let (height_before_stop, _) = finalized(&client).await?;
	let best_before_stop = best_number(&client).await?;
	drop(client);
	node.stop()?;
	node.restart()?;
	let client = node.client(Duration::from_secs(60)).await?;
	let best_after_restart = best_number(&client).await?;
	assert!(
		best_after_restart >= height_before_stop,
		"restarted at #{best_after_restart}, below the finalized #{height_before_stop} (best was #{best_before_stop})"
	);
	assert_eq!(free_balance(&client, &bob, None).await?, bob_before + amount);
	wait_finalized(&client, best_before_stop + 2, Duration::from_secs(60)).await?;
	Ok(())
}
