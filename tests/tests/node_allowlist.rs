//! The admitted-node list applies from a node's first block: a node restarted on an old database refuses an
//! unadmitted peer while it catches up (pallet-node-authorization's offchain worker, which Sigil relied on before,
//! runs only for blocks imported after the node caught up), and a chain that lists no nodes (the development
//! chain) refuses no peer. Public readers reach a network that lists its nodes through an admitted read-only node
//! (`--accept-unlisted-peers`): a light client started from the committed raw spec syncs from it and reads the
//! key ring with proofs, while the validators refuse it.

use std::{
	process::{Command, Output},
	time::{Duration, Instant},
};

use jsonrpsee::ws_client::WsClient;
use sigil_e2e::*;
use sigil_runtime::{Hash, Runtime};
use sp_keyring::Sr25519Keyring;

/// Fails with both nodes' logs.
fn failure(message: String, nodes: &[&Node]) -> Error {
	let logs: Vec<String> = nodes.iter().map(|node| node.log_tail()).collect();
	format!("{message}\n{}", logs.join("\n")).into()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_restarted_on_an_old_database_refuses_an_unadmitted_peer_while_it_catches_up() -> Result<()> {
	let spec = local_spec_path()?;
	// Alice, Bob and Charlie validate (3 of the 4 authorities: enough for GRANDPA); node keys 1-3 are admitted.
	let (validators, clients) = start_local_validators(3, &[]).await?;
	let alice_client = &clients[0];
	let alice_address = validators[0].p2p_address(&local_peer_id(alice_client).await?);

	// The follower has Dave's admitted node key 4 but no session keys: a full node that only follows the chain.
	let follower_args = ["--chain", spec.as_str(), "--node-key", &node_key(4), "--bootnodes", &alice_address];
	let mut follower = Node::start("follower", &follower_args)?;
	let follower_client = follower.client(Duration::from_secs(60)).await?;
	let follower_peer = local_peer_id(&follower_client).await?;
	wait_finalized(&follower_client, 3, Duration::from_secs(120))
		.await
		.map_err(|e| failure(format!("the follower does not follow: {e}"), &[&follower, &validators[0]]))?;

	// It stops; the network goes on without it.
	drop(follower_client);
	follower.stop()?;
	let (stopped_at, _) = finalized(alice_client).await?;
	wait_finalized(alice_client, stopped_at + 10, Duration::from_secs(120)).await?;

	// An unadmitted node wants the follower's blocks: it names it as its reserved peer, which its own node keeps
	// dialling whatever the list says.
	let follower_address = follower.p2p_address(&follower_peer);
	let outsider = Node::start(
		"outsider",
		&["--chain", &spec, "--node-key", &node_key(0x99), "--reserved-nodes", &follower_address],
	)?;
	let outsider_client = outsider.client(Duration::from_secs(60)).await?;
	let outsider_peer = local_peer_id(&outsider_client).await?;
	let outsider_address = outsider.p2p_address(&outsider_peer);

	// The follower restarts on its old database, knowing the outsider as well as Alice.
	let head = best_number(alice_client).await?;
	let bootnodes = format!("{alice_address} {outsider_address}");
	let mut restart_args: Vec<&str> = follower_args[..4].to_vec();
	restart_args.push("--bootnodes");
	restart_args.extend(bootnodes.split(' '));
	follower.set_args(&restart_args);
	follower.restart()?;
	let follower_client = follower.client(Duration::from_secs(60)).await?;
	let restarted_at = best_number(&follower_client).await?;
	if restarted_at + 5 > head {
		return Err(failure(format!("the follower restarted at #{restarted_at}, not behind #{head}"), &[&follower]));
	}

	// While it catches up, and 10 s after, the outsider is never among its sync peers.
	let started = Instant::now();
	let mut caught_up: Option<Instant> = None;
	let mut samples = 0;
	while caught_up.is_none_or(|at| at.elapsed() < Duration::from_secs(10)) {
		if started.elapsed() > Duration::from_secs(120) {
			let best = best_number(&follower_client).await?;
			return Err(failure(format!("the follower did not reach #{head} in 120 s (at #{best})"), &[&follower]));
		}
		let peers = sync_peers(&follower_client).await?;
		if peers.contains(&outsider_peer) {
			let best = best_number(&follower_client).await?;
			return Err(failure(
				format!("the restarted follower, at #{best} of #{head}, accepted the unadmitted outsider: {peers:?}"),
				&[&follower, &outsider],
			));
		}
		samples += 1;
		if caught_up.is_none() && best_number(&follower_client).await? >= head {
			caught_up = Some(Instant::now());
		}
		// A sampling period: what is watched is an absence (the outsider never a peer) over the whole catch-up, so
		// there is no condition to wait for, only the peer list to read often enough to see a brief connection.
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	let follower_peers = sync_peers(&follower_client).await?;
	let alice_peer = local_peer_id(alice_client).await?;
	assert!(follower_peers.contains(&alice_peer), "the follower syncs from admitted Alice: {follower_peers:?}");

	// The outsider got nothing at any moment, the first second of the follower's start included.
	let outsider_best = best_number(&outsider_client).await?;
	let outsider_peers = sync_peers(&outsider_client).await?;
	if outsider_best != 0 || !outsider_peers.is_empty() {
		return Err(failure(
			format!("the outsider got blocks (at #{outsider_best}) or peers ({outsider_peers:?})"),
			&[&outsider, &follower],
		));
	}
	println!("follower restarted at #{restarted_at}, head #{head}; {samples} samples of its peers, outsider never in");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_development_chain_lists_no_nodes_and_refuses_no_peer() -> Result<()> {
	let (dev, dev_client) = start_dev_node("dev").await?;
	let dev_address = dev.p2p_address(&local_peer_id(&dev_client).await?);
	wait_finalized(&dev_client, 2, Duration::from_secs(60)).await?;

	let reader =
		Node::start("reader", &["--chain", "dev", "--node-key", &node_key(0x77), "--bootnodes", &dev_address])?;
	let reader_client: WsClient = reader.client(Duration::from_secs(60)).await?;
	let reader_peer = local_peer_id(&reader_client).await?;
	let (target, _) = finalized(&dev_client).await?;
	wait_finalized(&reader_client, target, Duration::from_secs(60))
		.await
		.map_err(|e| failure(format!("the reader does not sync from the dev node: {e}"), &[&reader, &dev]))?;
	let peers = sync_peers(&dev_client).await?;
	assert!(peers.contains(&reader_peer), "the dev node lists the reader among its peers: {peers:?}");
	Ok(())
}

/// Runs the explorer's light-client reader (`explorer/scripts/light-storage.mjs`: smoldot from the committed local
/// raw spec) with `bootnode` as its only boot node, for `keys` at a finalized block numbered at least `min_block`.
fn light_client_read(bootnode: &str, keys: &[Vec<u8>], min_block: u32, timeout: Duration) -> Result<Output> {
	let script = repository_root().join("explorer/scripts/light-storage.mjs");
	let mut command = Command::new("node");
	command.arg(script).args(["--spec", &local_spec_path()?, "--bootnode", bootnode]);
	command.args(["--min-block", &min_block.to_string(), "--timeout", &timeout.as_secs().to_string()]);
	for key in keys {
		command.args(["--key", &format!("0x{}", hex::encode(key))]);
	}
	Ok(command.output().map_err(|e| format!("running node (Node.js, installed by scripts/setup): {e}"))?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_node_serves_light_clients_the_validators_refuse() -> Result<()> {
	let spec = local_spec_path()?;
	let (validators, clients) = start_local_validators(3, &[]).await?;
	let alice_client = &clients[0];
	let alice_address = validators[0].p2p_address(&local_peer_id(alice_client).await?);
	wait_finalized(alice_client, 1, Duration::from_secs(120)).await?;

	// Something in the key ring to read: Alice's identity and a signing key.
	let genesis = genesis_hash(alice_client).await?;
	let key = identity_with_key(alice_client, Sr25519Keyring::Alice, genesis, "light").await?;
	let key_id = sigil_primitives::PublicKey::Sr25519(sp_core::Pair::public(&key)).key_id();
	let registered_at = best_number(alice_client).await?;
	wait_finalized(alice_client, registered_at, Duration::from_secs(120)).await?;
	let keys = [
		pallet_key_ring::Identities::<Runtime>::hashed_key_for(Sr25519Keyring::Alice.to_account_id()),
		pallet_key_ring::Keys::<Runtime>::hashed_key_for(key_id),
	];

	// Validators refuse a light client's substreams: with one as its only boot node (and no read-only node yet that
	// it could learn of from the validator's discovery), it stays at genesis.
	let refused = light_client_read(&alice_address, &keys, 1, Duration::from_secs(20))?;
	assert_eq!(
		refused.status.code(),
		Some(2),
		"a validator refuses light clients: {}",
		String::from_utf8_lossy(&refused.stderr)
	);

	// The read-only node: Dave's admitted node key, no session keys, and any peer welcome.
	let reader_args = [
		"--chain",
		spec.as_str(),
		"--node-key",
		&node_key(4),
		"--accept-unlisted-peers",
		"--bootnodes",
		&alice_address,
	];
	let reader = Node::start("reader", &reader_args)?;
	let reader_client = reader.client(Duration::from_secs(60)).await?;
	let reader_address = reader.p2p_address(&local_peer_id(&reader_client).await?);
	wait_finalized(&reader_client, registered_at, Duration::from_secs(120))
		.await
		.map_err(|e| failure(format!("the read-only node does not follow: {e}"), &[&reader, &validators[0]]))?;

	// It follows the chain through the read-only node: a block finalized after it started, not only the one warp
	// sync handed it.
	let (head, _) = finalized(alice_client).await?;
	let output = light_client_read(&reader_address, &keys, head + 5, Duration::from_secs(120))?;
	let stderr = String::from_utf8_lossy(&output.stderr);
	if !output.status.success() {
		return Err(failure(format!("the light client read nothing through the read-only node: {stderr}"), &[&reader]));
	}
	let answer: serde_json::Value = serde_json::from_slice(&output.stdout)?;
	let at: Hash = serde_json::from_value(answer["hash"].clone())?;
	for key in &keys {
		let proven = answer["values"][format!("0x{}", hex::encode(key))].as_str().map(str::to_owned);
		let stored = storage_at(alice_client, key, Some(at)).await?.map(|value| format!("0x{}", hex::encode(value)));
		assert!(stored.is_some(), "Alice's identity and key are in the key ring at {at:?}");
		assert_eq!(proven, stored, "the light client's proven value is the validator's at {at:?}");
	}
	println!(
		"light client through the read-only node: block #{} {at:?}, {} key-ring entries",
		answer["number"],
		keys.len()
	);
	Ok(())
}
