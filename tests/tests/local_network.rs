//! The 4-validator local network from the committed chain spec: all four finalize; with one validator killed
//! the other three keep finalizing (GRANDPA needs more than two thirds: 3 of 4); restarted, it catches up.

use std::time::Duration;

use jsonrpsee::ws_client::WsClient;
use sigil_e2e::*;

async fn finalized_numbers(clients: &[&WsClient]) -> Result<Vec<u32>> {
	let mut numbers = Vec::new();
	for client in clients {
		numbers.push(finalized(client).await?.0);
	}
	Ok(numbers)
}

#[tokio::test(flavor = "multi_thread")]
async fn four_validators_finalize_survive_one_down_and_it_catches_up() -> Result<()> {
	let (mut nodes, mut clients) = start_local_network().await?;

	// All four finalize.
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, 5, Duration::from_secs(120))
			.await
			.map_err(|e| format!("{}: {e}\n{}", node.name, node.log_tail()))?;
	}

	// Dave dies; Alice, Bob and Charlie keep finalizing.
	nodes[3].kill()?;
	let dave_client = clients.pop().ok_or("four clients")?;
	drop(dave_client);
	let survivors: Vec<&WsClient> = clients.iter().collect();
	let at_kill = finalized_numbers(&survivors).await?;
	let target = at_kill.iter().max().copied().unwrap_or(0) + 10;
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, target, Duration::from_secs(120))
			.await
			.map_err(|e| format!("{} with Dave down: {e}\n{}", node.name, node.log_tail()))?;
	}

	// Dave restarts on his database and catches up with the others' finality.
	nodes[3].restart()?;
	let dave_client = nodes[3].client(Duration::from_secs(60)).await?;
	let (alice_finalized, _) = finalized(&clients[0]).await?;
	wait_finalized(&dave_client, alice_finalized, Duration::from_secs(120))
		.await
		.map_err(|e| format!("dave after restart: {e}\n{}", nodes[3].log_tail()))?;
	Ok(())
}
