//! The admitted-node list applies from a node's first block: a node restarted on an old database refuses an
//! unadmitted peer while it catches up (pallet-node-authorization's offchain worker, which Sigil relied on before,
//! runs only for blocks imported after the node caught up), and a chain that lists no nodes (the development
//! chain) refuses no peer.

use std::time::{Duration, Instant};

use jsonrpsee::ws_client::WsClient;
use sigil_e2e::*;

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
